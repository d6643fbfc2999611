"""The what-if planner page in AppTest: live band and pass, what it would take, scenarios, save."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from loaders.store import open_store
from tests.apptest import open_page

SEED = [4, 4, 3, 4, 3, 4, 3]  # 25 of 35 = 71.43 %, "high" (มาก)


def _page(lang: str | None = None) -> AppTest:
    """The dashboard switched to the what-if page, caches from earlier tests cleared."""
    return open_page("pages/what_if.py", lang=lang)


def _metrics(at: AppTest) -> dict[str, str]:
    """Metric label → shown value."""
    return {m.label: m.value for m in at.metric}


def _text(at: AppTest) -> str:
    """Every piece of text the page drew."""
    parts = [
        e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.success)
    ]
    parts += [m.label + " " + str(m.value) for m in at.metric]
    return "\n".join(str(p) for p in parts)


def _new_candidate(at: AppTest, name: str, framework: str) -> AppTest:
    """Switch to a typed-in candidate scored on one framework."""
    if "what_if_mode" in [radio.key for radio in at.radio]:  # absent while no partner is on record
        at.radio(key="what_if_mode").set_value("new")
    at.run()
    at.text_input(key="what_if_new_name").input(name)
    at.radio(key="what_if_framework").set_value(framework)
    return at.run()


def _set_scores(at: AppTest, framework: str, scores: list[int]) -> AppTest:
    """Move every slider (or toggle) of a framework to the given scores."""
    for index, value in enumerate(scores, start=1):
        key = f"what_if_score_{framework}_c{index}"
        if framework == "pwo7":
            at.slider(key=key).set_value(value)
        else:
            at.toggle(key=key).set_value(bool(value))
    return at.run()


def _stored(db_path, partner: str) -> list[tuple]:
    """Assessments stored for a partner: framework, c1, c7, upload_id."""
    con = open_store(db_path)
    try:
        return con.execute(
            "SELECT framework, c1, c7, upload_id FROM assessments WHERE partner_name = ? "
            "ORDER BY created_at",
            [partner],
        ).fetchall()
    finally:
        con.close()


def test_moving_a_slider_changes_the_band(sample_store):
    at = _set_scores(_new_candidate(_page(), "กรมทดสอบการจำลอง", "pwo7"), "pwo7", SEED)
    assert not at.exception
    metrics = _metrics(at)
    assert metrics["ร้อยละ"] == "71.43%"
    assert metrics["ระดับความสำคัญ"] == "มาก"
    assert "คะแนนรวม 25 จาก 35" in _text(at)
    # 25 → 24 of 35 = 68.57 %: down to moderate
    at.slider(key="what_if_score_pwo7_c1").set_value(3).run()
    assert (_metrics(at)["ร้อยละ"], _metrics(at)["ระดับความสำคัญ"]) == ("68.57%", "ปานกลาง")
    # what it would take: 71 % of 35 = 24.85, so a total of 25, one more point
    assert "ต้องได้เพิ่มอีก **1 คะแนน** (รวม 25 จาก 35)" in _text(at)


def test_try_these_changes_lifts_to_the_next_band(sample_store):
    at = _set_scores(_new_candidate(_page(), "กรมทดสอบการจำลอง", "pwo7"), "pwo7", SEED)
    at.button(key="what_if_take_apply").click().run()
    # 29 of 35 = 82.86 %: the two lowest criteria (2.1 and 2.3) raised by 2 each
    assert (_metrics(at)["ร้อยละ"], _metrics(at)["ระดับความสำคัญ"]) == ("82.86%", "มากที่สุด")
    assert at.slider(key="what_if_score_pwo7_c3").value == 5
    assert at.slider(key="what_if_score_pwo7_c5").value == 5


def test_toggles_change_pass_and_fail_at_the_mark(sample_store):
    at = _new_candidate(_page(), "กรมทดสอบการจำลอง", "nha14")
    at = _set_scores(at, "nha14", [1] * 6 + [0] * 8)  # 15+10+20+5+5+5 = 60
    label = "ผลการพิจารณา"
    assert (_metrics(at)["ร้อยละ"], _metrics(at)[label]) == ("60.00%", "ผ่าน")
    assert "คะแนนรวม 60 จาก 100 · ผ่านเมื่อได้ 60 ขึ้นไป" in _text(at)
    assert "ข้อที่ชี้ขาด" in _text(at)  # at exactly 60 every met criterion is decisive
    at.toggle(key="what_if_score_nha14_c6").set_value(False).run()  # 55
    assert (_metrics(at)["ร้อยละ"], _metrics(at)[label]) == ("55.00%", "ไม่ผ่าน")
    text = _text(at)
    assert "ขาดอีก **5 คะแนน**" in text
    assert "2.3 มีแนวทางป้องกันข้อมูลรั่วไหล (5)" in text  # the earliest unmet weight-5 criterion


def test_scenarios_are_kept_and_compared(sample_store):
    at = _set_scores(_new_candidate(_page(), "กรมผู้สมัครหนึ่ง", "pwo7"), "pwo7", SEED)
    at.text_input(key="what_if_scenario_name").input("แบบที่ 1")
    at.button(key="what_if_keep").click().run()
    at.slider(key="what_if_score_pwo7_c1").set_value(5).run()
    at.button(key="what_if_keep").click().run()  # no name typed: a suggested one
    at = _set_scores(_new_candidate(at, "กรมผู้สมัครสอง", "nha14"), "nha14", [1] * 14)
    at.button(key="what_if_keep").click().run()
    assert not at.exception
    tables = [df.value for df in at.dataframe]
    summary = next(t for t in tables if "สถานการณ์" in t.columns)
    assert summary["สถานการณ์"].tolist() == ["แบบที่ 1", "กรมผู้สมัครหนึ่ง · 2", "กรมผู้สมัครสอง · 3"]
    assert summary["ร้อยละ"].tolist() == [71.43, 74.29, 100.0]  # 26 of 35 = 74.29
    assert summary["ผล"].tolist() == ["มาก", "มาก", "ผ่าน"]
    assert len([c for c in at.get("plotly_chart")]) >= 3  # live bar + one comparison per framework
    # The side-by-side grid of a framework, once its fold is opened: criteria down, scenarios
    # across, the total and the result named in the page's language.
    at.session_state["fold_what_if_side_nha14"] = True
    at.run()
    grid = next(df.value for df in at.dataframe if "กรมผู้สมัครสอง · 3" in df.value.columns)
    column = grid["กรมผู้สมัครสอง · 3"]
    assert column.tolist()[:2] == ["✓ 15", "✓ 10"]
    assert column.loc["คะแนนรวม"] == "100 / 100" and column.loc["ร้อยละ · ผล"] == "100.00% · ผ่าน"
    at.multiselect(key="what_if_remove_pick").set_value(["แบบที่ 1"]).run()
    at.button(key="what_if_remove").click().run()
    summary = next(df.value for df in at.dataframe if "สถานการณ์" in df.value.columns)
    assert summary["สถานการณ์"].tolist() == ["กรมผู้สมัครหนึ่ง · 2", "กรมผู้สมัครสอง · 3"]


def test_other_weights_must_sum_to_100_and_show_what_flips(sample_store):
    at = _set_scores(
        _new_candidate(_page(), "กรมทดสอบการจำลอง", "nha14"), "nha14", [1] * 6 + [0] * 8
    )
    at.number_input(key="what_if_weight_nha14_c3").set_value(15).run()
    assert _metrics(at)["น้ำหนักรวม"] == "95 / 100"
    assert "ยังไม่นำน้ำหนักชุดนี้ไปคำนวณ" in _text(at)
    assert "รวมได้ 95" in _text(at)
    at.number_input(key="what_if_weight_nha14_c14").set_value(10).run()
    assert _metrics(at)["น้ำหนักรวม"] == "100 / 100"
    flips = next(df.value for df in at.dataframe if "ผลเปลี่ยน" in df.value.columns)
    current = flips[flips["หน่วยงาน/สถานการณ์"] == "กรมทดสอบการจำลอง"].iloc[0]
    # 60 under the manual's weights; 1.3 now weighs 15, so 55 and a fail
    assert current["ตามคู่มือ"] == "60.00% ผ่าน"
    assert current["น้ำหนักใหม่"] == "55.00% ไม่ผ่าน"
    assert current["ผลเปลี่ยน"] == "✓"
    assert flips["ผลเปลี่ยน"].iloc[0] == "✓"  # flips listed first
    assert len(flips) > 5  # stored NHA assessments of the sample are candidates too


def test_saving_shows_the_assessment_in_the_history_and_the_table(sample_store):
    at = _set_scores(_new_candidate(_page(), "กรมทดสอบการบันทึก", "pwo7"), "pwo7", SEED)
    at.text_input(key="what_if_assessor").input("ฝ่ายนโยบายและแผน")
    at.button(key="what_if_save").click().run()
    assert not at.exception
    assert "บันทึกแล้ว รหัส WHATIF-" in _text(at)
    # The candidate is now a partner on record, shown with its history.
    assert at.selectbox(key="what_if_partner").value == "กรมทดสอบการบันทึก"
    history = next(df.value for df in at.dataframe if "รหัสการประเมิน" in df.value.columns)
    assert history["ร้อยละ"].tolist() == [71.43]
    assert history["ผล"].tolist() == ["มาก"]
    assert history["ที่มา"].tolist() == ["บันทึกจากหน้านี้"]
    assert history["ผู้ประเมิน"].tolist() == ["ฝ่ายนโยบายและแผน"]
    assert _stored(sample_store, "กรมทดสอบการบันทึก") == [("pwo7", 4, 3, None)]
    # The criteria start from the saved assessment.
    assert _metrics(at)["ร้อยละ"] == "71.43%"


def test_an_existing_partner_shows_linkages_and_earlier_assessments(sample_store):
    at = _page()
    partner = at.selectbox(key="what_if_partner").value
    assert partner
    assert any("การเชื่อมโยงกับหน่วยงานนี้" in e.label for e in at.expander)
    history = next(df.value for df in at.dataframe if "รหัสการประเมิน" in df.value.columns)
    assert len(history) >= 1
    assert set(history["ที่มา"]) == {"ข้อมูลตัวอย่าง"}


def test_saving_without_a_name_is_refused_and_nothing_is_stored(empty_store):
    at = _page()
    at.radio(key="what_if_framework").set_value("pwo7").run()
    at.button(key="what_if_save").click().run()
    assert "บันทึกไม่ได้: ต้องระบุหน่วยงานที่ประเมิน" in _text(at)
    con = open_store(empty_store)
    assert con.execute("SELECT count(*) FROM assessments").fetchone()[0] == 0
    con.close()


def test_empty_store_scores_and_saves_a_new_candidate(empty_store):
    at = _page()
    assert "ยังไม่มีหน่วยงานในระบบ" in _text(at)
    assert "what_if_mode" not in [radio.key for radio in at.radio]  # only a new candidate possible
    at.text_input(key="what_if_new_name").input("กรมผู้สมัครใหม่")
    at.radio(key="what_if_framework").set_value("nha14").run()
    assert _metrics(at)["ผลการพิจารณา"] == "ไม่ผ่าน"  # all "no" to start
    at = _set_scores(at, "nha14", [1] * 3 + [0] * 11)  # 45
    assert _metrics(at)["ร้อยละ"] == "45.00%"
    at.button(key="what_if_save").click().run()
    assert not at.exception
    assert _stored(empty_store, "กรมผู้สมัครใหม่") == [("nha14", 1, 0, None)]
    assert at.selectbox(key="what_if_partner").value == "กรมผู้สมัครใหม่"


@pytest.mark.parametrize("framework", ["pwo7", "nha14"])
def test_english_labels_follow_the_language(sample_store, framework):
    at = _new_candidate(_page("en"), "Candidate", framework)
    assert not at.exception
    text = _text(at)
    labels = [s.label for s in at.slider] + [t.label for t in at.toggle]
    if framework == "pwo7":
        assert "1.1 Enhances the organisation's reputation and image" in labels
        assert "Importance band" in _metrics(at)
    else:
        assert "1.3 Trustworthy" in " ".join(labels)
        assert "Selection" in _metrics(at)
        assert "passes at 60 or more" in text
    assert "What it would take" in text


def test_history_keeps_a_result_whose_framework_file_is_gone():
    """A stored, scored assessment whose framework file is no longer offered is listed with its
    result as stored (it raised KeyError and took the page down)."""
    from types import SimpleNamespace

    from ui.what_if_view import _result

    row = SimpleNamespace(outcome="high", framework="retired", problem_th=None, problem_en=None)
    assert _result(row, {}, "th") == "high"
