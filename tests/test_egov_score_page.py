"""AppTest of the e-Gov score page: sample data, an empty store, a file matching the UN 2012 row."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui.sign_in
from loaders.importer import import_bytes
from loaders.store import open_store
from metrics.egov_store import group_summary, latest_assessments
from tests.apptest import open_page
from tests.egov_sheets import UN_2012, egov_xlsx, units_matching

PAGE = "pages/egov_score.py"


def _page(lang: str = "th") -> AppTest:
    """The dashboard switched to the e-Gov page, caches from earlier tests cleared."""
    return open_page(PAGE, lang=lang)


def _metrics(at: AppTest) -> dict[str, str]:
    """Every metric on the page, label → value as shown."""
    return {m.label: m.value for m in at.metric}


def _text(at: AppTest) -> str:
    """Every piece of text the page drew."""
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.success)]
    parts += [e.value for e in (*at.title, *at.subheader)]
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def un_store(empty_store: Path) -> Path:
    """An otherwise empty store holding 100 units whose stage means are the UN 2012 row."""
    con = open_store(empty_store)
    import_bytes(con, egov_xlsx(units_matching(UN_2012)), "egov_un2012.xlsx")
    con.close()
    return empty_store


def test_on_sample_the_score_is_the_metrics_score(sample_store):
    at = _page()
    con = open_store(sample_store)
    summary = group_summary(latest_assessments(con))
    con.close()
    shown = _metrics(at)
    assert shown["คะแนนปัจจุบัน (เต็ม 100)"] == f"{summary['score']:.2f}"
    assert shown["จำนวนระบบ/เว็บไซต์"] == str(summary["units"])
    assert shown["เกณฑ์ UN 2555"] == "44.71"
    assert shown["เกณฑ์ KU-INOVA 2556"] == "44.92"
    # the what-if starts where the agency is: same score, no gain
    assert shown["คะแนนตามสมมติฐาน"] == f"{summary['score']:.2f}"
    assert shown["เพิ่มขึ้นจากปัจจุบัน"] == "+0.00"
    assert "ข้อมูลตัวอย่าง" in _text(at)
    assert len(at.slider) == 4


def test_on_sample_moving_stage_iv_changes_the_what_if_by_hand(sample_store):
    at = _page()
    con = open_store(sample_store)
    stages = group_summary(latest_assessments(con))["stages"]
    con.close()
    # every Stage IV sub-item everywhere: + 39 × (100 − IV now) ÷ 100
    before = _metrics(at)["คะแนนตามสมมติฐาน"]
    at.slider(key="egov_whatif_IV").set_value(100).run()
    gain = 39 * (100 - stages["IV"]) / 100
    shown = _metrics(at)
    assert float(shown["คะแนนตามสมมติฐาน"]) == pytest.approx(float(before) + gain, abs=0.006)
    assert float(shown["เพิ่มขึ้นจากปัจจุบัน"]) == pytest.approx(gain, abs=0.006)


def test_on_the_un_2012_file_the_page_scores_44_71_and_stage_ii_at_100_gives_55_51(un_store):
    at = _page()
    shown = _metrics(at)
    assert shown["คะแนนปัจจุบัน (เต็ม 100)"] == "44.71"  # 7 + 13.2 + 9.3 + 15.21
    assert shown["จำนวนระบบ/เว็บไซต์"] == "100"
    assert [s.value for s in at.slider] == [100, 55, 31, 39]
    at.slider(key="egov_whatif_II").set_value(100).run()
    shown = _metrics(at)
    assert shown["คะแนนตามสมมติฐาน"] == "55.51"  # 44.71 + 24 × 0.45
    assert shown["เพิ่มขึ้นจากปัจจุบัน"] == "+10.80"
    at.slider(key="egov_whatif_III").set_value(41).run()
    assert _metrics(at)["คะแนนตามสมมติฐาน"] == "58.51"  # + 30 × 0.10
    assert "ข้อมูลตัวอย่าง" not in _text(at)


def test_the_studys_question_button_and_back_to_now(un_store):
    at = _page()
    preset = next(b for b in at.button if "ระดับ II ครบ 100%" in b.label)
    preset.click().run()
    assert at.slider(key="egov_whatif_II").value == 100
    assert _metrics(at)["คะแนนตามสมมติฐาน"] == "55.51"
    next(b for b in at.button if b.label == "กลับไปค่าปัจจุบัน").click().run()
    assert at.slider(key="egov_whatif_II").value == 55
    assert _metrics(at)["คะแนนตามสมมติฐาน"] == "44.71"


def test_drill_down_shows_a_units_sub_items_and_next_steps(un_store):
    at = _page()
    # units_matching ticks slots unit by unit: www.unit099 has only Stage I (score 7)
    at.selectbox(key="egov_unit").set_value("www.unit099.go.th").run()
    assert not at.exception
    tables = [frame.value for frame in at.dataframe]
    items = next(f for f in tables if "รายการย่อย" in f.columns and "มี" in f.columns)
    assert list(items["มี"]) == ["✓"] + ["✗"] * 10
    assert "แลกเปลี่ยนข้อมูลอัตโนมัติ" in list(items["รายการย่อย"])
    steps = next(f for f in tables if "คะแนนที่เพิ่ม" in f.columns)
    # 100 units: a IV item adds 39·½÷100 = 0.195 → 0.20 shown, a III item 0.075, a II item 0.06
    assert list(steps["คะแนนที่เพิ่ม"])[:3] == ["+0.20", "+0.20", "+0.08"]
    assert list(steps["คะแนนหน่วยงานหลังทำ"])[0] == "44.91"  # 44.71 + 0.195 = 44.905 → 44.91


def _tick(at: AppTest, row: int) -> AppTest:
    """Tick one row of the units grid (its selection state, as the browser sends it) and rerun."""
    at.session_state["egov_units_table"] = {
        "selection": {"rows": [row], "columns": [], "cells": []}
    }
    at.run()
    assert not at.exception, at.exception
    return at


def test_ticking_a_units_row_picks_it_for_the_drill_down(un_store):
    at = _page()
    grid = next(f.value for f in at.dataframe if "ระบบ/เว็บไซต์" in f.value.columns)
    units = list(grid["ระบบ/เว็บไซต์"])
    # lowest score first, then by name: 45 units score 7 (Stage I only), from www.unit055
    assert units[:2] == ["www.unit055.go.th", "www.unit056.go.th"]
    assert at.selectbox(key="egov_unit").value == "www.unit055.go.th"
    _tick(at, 1)
    assert at.selectbox(key="egov_unit").value == "www.unit056.go.th"
    # the box stays the user's choice while the same row stays ticked
    at.selectbox(key="egov_unit").set_value("www.unit099.go.th").run()
    assert at.selectbox(key="egov_unit").value == "www.unit099.go.th"
    _tick(at, 2)
    assert at.selectbox(key="egov_unit").value == units[2]


def test_in_english(un_store):
    at = _page("en")
    shown = _metrics(at)
    assert shown["Score now (out of 100)"] == "44.71"
    assert (shown["UN 2012"], shown["KU-INOVA 2013"]) == ("44.71", "44.92")
    assert "e-Government score, four stages" in _text(at)
    items = next(f.value for f in at.dataframe if "Offered" in f.value.columns)
    assert "Automatic data exchange" in list(items["Sub-item"])


def test_on_an_empty_store_it_says_which_upload_fills_it(empty_store):
    at = _page()
    text = _text(at)
    assert "ยังไม่มีผลการประเมินระดับรัฐบาลอิเล็กทรอนิกส์" in text
    assert "นำเข้าข้อมูล" in text
    assert not at.slider and not at.metric


def test_an_executive_on_an_empty_store_is_told_who_uploads(empty_store, monkeypatch):
    executive = {"username": "exec", "role": "executive", "display_name": "ผู้บริหาร", "via": "local"}
    monkeypatch.setattr(ui.sign_in, "current_user", lambda: dict(executive))
    at = _page()
    assert "ยังไม่มีผลการประเมินระดับรัฐบาลอิเล็กทรอนิกส์" in _text(at)
    assert "ฝ่ายเทคโนโลยีสารสนเทศ" in _text(at)  # no link to a page this role cannot open
