"""The strategic scorecard page (AppTest): sample, empty and register-only stores, both languages.

Every figure checked here is computed in the test by calling ``metrics`` directly on the same
store, never copied from the page.
"""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

import ui.sign_in
from labels import label
from loaders.store import open_store
from metrics.drilldown import achieved_rows
from metrics.egov_store import group_summary, latest_assessments
from metrics.filters import Filters
from metrics.fiscal import fiscal_year_end
from metrics.kpis import DISPLAY_STATUSES, display_status, evaluate_kpis
from metrics.register import default_fiscal_year
from metrics.satisfaction import few_responses_warning, satisfaction_scores, survey_rows
from metrics.targets import targets_for
from tests.apptest import open_page
from tests.views_pages import open_section, select_point
from ui.target_editor import OPEN_KEY

PAGE = "pages/scorecard.py"


def _page(lang: str | None = None, filters: Filters | None = None) -> AppTest:
    """The dashboard switched to the scorecard, caches from earlier tests cleared."""
    return open_page(PAGE, lang=lang, state={"filters": filters} if filters is not None else None)


def _text(at: AppTest) -> str:
    """Every piece of text the page drew."""
    parts = [
        e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.success)
    ]
    parts += [m.label + " " + str(m.value) for m in at.metric]
    parts += [x.value for x in at.title] + [x.value for x in at.subheader]
    return "\n".join(str(p) for p in parts)


def _metrics(at: AppTest) -> dict[str, str]:
    """Metric label → value as shown."""
    return {m.label: m.value for m in at.metric}


def _expected(path, fy: int | None = None) -> dict:
    """What metrics say for the page's year (today's date, mean method, no other filter)."""
    con = open_store(path)
    try:
        today = dt.date.today()
        year, why = default_fiscal_year(con, chosen=fy, today=today)
        results = evaluate_kpis(con, filters=Filters(fiscal_year=year), today=today)
        scores = satisfaction_scores(con, filters=Filters(fiscal_year=year))
        egov = group_summary(latest_assessments(con, as_of=fiscal_year_end(year)))
    finally:
        con.close()
    return {
        "fy": year,
        "why": why,
        "kpis": {r.id: r for r in results},
        "scores": scores,
        "egov": egov,
    }


def test_sample_store_figures_equal_metrics(sample_store):
    at = _page()
    want = _expected(sample_store)
    kpis = want["kpis"]
    assert at.title[0].value == f"ภาพรวมเชิงกลยุทธ์ · ปีงบประมาณ {want['fy']}"
    shown = _metrics(at)
    met = sum(display_status(r) == "met" for r in kpis.values())
    attention = sum(display_status(r) in ("not_met", "at_risk") for r in kpis.values())
    assert shown["บรรลุเป้าหมาย"] == f"{met} / {len(kpis)}"
    assert shown["ต้องติดตาม"] == str(attention)
    linked = kpis["linkages_achieved"]
    assert linked.target is None  # the sample sets no action-plan target
    assert shown["เชื่อมโยงสำเร็จ"] == f"{linked.value:,}"
    assert shown["คะแนน e-Gov"] == f"{want['egov']['score']:.2f}"
    assert "ข้อมูลตัวอย่าง" in _text(at)


def test_scorecard_lists_every_kpi_with_its_status_in_words(sample_store):
    at = _page()
    kpis = _expected(sample_store)["kpis"]
    table = at.dataframe(key="strategic_scorecard").value
    assert list(table["ตัวชี้วัด"]) == [label(f"kpi_{r.id}_name", "th") for r in kpis.values()]
    assert list(table["สถานะ"]) == [
        DISPLAY_STATUSES[display_status(r)]["th"] for r in kpis.values()
    ]
    satisfaction = kpis["inbound_satisfaction"]
    row = table[table["ตัวชี้วัด"] == label("kpi_inbound_satisfaction_name", "th")].iloc[0]
    assert row["ผล"].startswith(f"{satisfaction.value:.2f}%")
    assert f"ผู้ตอบ {satisfaction.detail['responses']} ราย" in row["ผล"]
    assert len(at.download_button) >= 2  # the scorecard exports as .xlsx and .csv
    # who answers for each KPI, as the manual's ผู้รับผิดชอบ column names them
    assert list(table["ผู้รับผิดชอบ (ตามคู่มือ)"]) == [
        label(f"kpi_responsible_{r.definition.responsible}", "th") for r in kpis.values()
    ]
    assert "ฝ่าย ทส./ฝ่าย วช." in set(table["ผู้รับผิดชอบ (ตามคู่มือ)"])


def test_satisfaction_warnings_and_method_come_from_metrics(sample_store):
    at = _page()
    scores = _expected(sample_store)["scores"]
    overall = scores[(scores["respondent_group"] == "all") & scores["low_sample"]]
    text = _text(at)
    for row in overall.itertuples():
        form, values = few_responses_warning(row.responses, row.margin_of_error)
        assert label(f"sat_few_responses_{form}", "th", **values) in text
    assert at.segmented_control(key="strategic_method").value == "mean"


def test_kpi_drill_down_shows_the_rows_behind_it(sample_store):
    at = _page()
    kpis = _expected(sample_store)["kpis"]
    con = open_store(sample_store)
    (linked,) = evaluate_kpis(
        con,
        filters=Filters(fiscal_year=kpis["linkages_achieved"].fiscal_year),
        today=dt.date.today(),
        kpi_ids=["linkages_achieved"],
        with_rows=True,
    )
    con.close()
    at.selectbox(key="strategic_kpi__th").select("linkages_achieved").run()
    assert not at.exception
    assert f"รายการเบื้องหลัง ({len(linked.rows)} รายการ)" in _text(at)
    rows = at.dataframe[1].value
    assert list(rows["รหัสการเชื่อมโยง"]) == list(linked.rows["linkage_id"])
    assert label("kpi_linkages_achieved_explanation", "th") in _text(at)
    assert "ผู้รับผิดชอบตามคู่มือ: ฝ่าย ทส." in _text(at)
    keys = {b.key for b in at.download_button}
    assert {"strategic_kpi_rows_xlsx", "strategic_kpi_rows_csv"} <= keys


def test_ticking_a_scorecard_row_picks_its_kpi(sample_store):
    at = _page()
    order = list(_expected(sample_store)["kpis"])
    tenth = order.index("linkages_achieved")  # the 10th row: 6.2's "linkages achieved"
    assert tenth == 9
    at.session_state["strategic_scorecard"] = {
        "selection": {"rows": [tenth], "columns": [], "cells": []}
    }
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="strategic_kpi__th").value == "linkages_achieved"
    assert "รายการเบื้องหลัง (" in _text(at)
    # the box stays the user's choice while the same row stays ticked
    at.selectbox(key="strategic_kpi__th").select("inbound_satisfaction").run()
    assert at.selectbox(key="strategic_kpi__th").value == "inbound_satisfaction"


def test_language_switch_keeps_the_chosen_kpi(sample_store):
    at = _page()
    at.selectbox(key="strategic_kpi__th").select("inbound_satisfaction").run()
    at.segmented_control(key="_lang_widget").set_value("en").run()
    assert not at.exception
    fy = _expected(sample_store)["fy"]
    assert at.title[0].value == f"Strategic scorecard · FY {fy}"
    assert "KPIs met" in _metrics(at)
    assert at.selectbox(key="strategic_kpi__en").value == "inbound_satisfaction"
    assert "Satisfaction with the linkage" in _text(at)


def test_english_from_the_url(sample_store):
    at = _page("en")
    labels = set(_metrics(at))
    assert {"Year elapsed", "KPIs met", "Need attention", "Linked (6.2)", "e-Gov score"} <= labels
    table = at.dataframe(key="strategic_scorecard").value
    assert "Status" in table.columns
    assert set(table["Status"]) <= {s["en"] for s in DISPLAY_STATUSES.values()}


def test_the_global_fiscal_year_is_used(sample_store):
    at = _page(filters=Filters(fiscal_year=2567))
    want = _expected(sample_store, fy=2567)
    assert at.title[0].value == "ภาพรวมเชิงกลยุทธ์ · ปีงบประมาณ 2567"
    met = sum(display_status(r) == "met" for r in want["kpis"].values())
    assert _metrics(at)["บรรลุเป้าหมาย"] == f"{met} / 18"
    assert "ปีงบประมาณตามตัวกรอง" in _text(at)


def _open_editor(at):
    """Open the "Set targets" expander (its forms are drawn only while it is open)."""
    assert not [n for n in at.number_input if str(n.key).startswith("strategic_f_")]
    at.session_state[OPEN_KEY] = True
    at.run()
    return at


def test_setting_a_year_target_through_the_editor(sample_store):
    at = _open_editor(_page())
    fy = _expected(sample_store)["fy"]
    at.selectbox(key="strategic_f_band_kpi__th").select("linkages_achieved").run()
    at.number_input(key=f"strategic_f_annual_{fy}_linkages_achieved").set_value(20.0)
    for level, value in (("minimum", 10.0), ("good", 15.0), ("excellent", 18.0)):
        at.number_input(key=f"strategic_f_{level}_{fy}_linkages_achieved").set_value(value)
    save = [b for b in at.button if b.label == "บันทึก"][0]
    save.click().run()
    assert not at.exception
    con = open_store(sample_store)
    stored = targets_for(con, fiscal_year=fy)
    con.close()
    assert stored["linkages_achieved"] == 20.0
    linked = _expected(sample_store)["kpis"]["linkages_achieved"]
    assert _metrics(at)["เชื่อมโยงสำเร็จ"] == f"{linked.value} / 20"
    assert "บันทึกแล้ว" in _text(at)


def test_partial_bands_are_refused_on_the_page(sample_store):
    at = _open_editor(_page())
    fy = _expected(sample_store)["fy"]
    at.selectbox(key="strategic_f_band_kpi__th").select("partners_listed").run()
    at.number_input(key=f"strategic_f_minimum_{fy}_partners_listed").set_value(5.0)
    [b for b in at.button if b.label == "บันทึก"][0].click().run()
    assert "กรอกช่วงเป้าหมายไม่ครบ 3 ค่า" in _text(at)


def test_a_viewer_cannot_edit_targets(sample_store, monkeypatch):
    viewer = {"username": "exec", "role": "executive", "display_name": "Exec", "via": "local"}
    monkeypatch.setattr(ui.sign_in, "current_user", lambda: dict(viewer))
    at = _open_editor(_page())
    assert "เฉพาะผู้ดูแลระบบตั้งค่าเป้าหมายได้" in _text(at)
    assert not [b for b in at.button if b.label == "บันทึก"]


def test_empty_store_names_the_uploads_that_fill_it(empty_store):
    at = _page()
    text = _text(at)
    assert "“ทะเบียนการเชื่อมโยงข้อมูล”" in text
    assert "“แบบสำรวจความพึงพอใจ”" in text
    assert "“การประเมินระดับรัฐบาลอิเล็กทรอนิกส์”" in text
    assert _metrics(at)["บรรลุเป้าหมาย"] == "0 / 18"
    assert _metrics(at)["คะแนน e-Gov"] == "–"
    assert "ข้อมูลตัวอย่าง:" not in text


def test_empty_store_in_english(empty_store):
    at = _page("en")
    text = _text(at)
    assert "No linkage register yet" in text
    assert "No satisfaction survey response this year" in text
    assert "No e-Government stage assessment yet" in text


@pytest.fixture
def register_only_store(empty_store):
    """An empty store given three outbound linkages (no survey, no assessment)."""
    con = open_store(empty_store)
    today = dt.date.today()
    for n, (status, linked_on) in enumerate(
        [("linked", today), ("in_use", today), ("requested", None)], start=1
    ):
        con.execute(
            "INSERT INTO linkages (linkage_id, partner_name, direction, status, requested_on, "
            "linked_on, created_at) VALUES (?, ?, 'outbound', ?, ?, ?, current_timestamp)",
            [f"R-{n}", f"กรมทดสอบ {n}", status, today, linked_on],
        )
    con.close()
    return empty_store


def test_register_only_store(register_only_store):
    at = _page()
    want = _expected(register_only_store)
    assert want["kpis"]["linkages_achieved"].value == 2  # went live today
    assert _metrics(at)["เชื่อมโยงสำเร็จ"] == "2"
    text = _text(at)
    assert "“แบบสำรวจความพึงพอใจ”" in text
    assert "“การประเมินระดับรัฐบาลอิเล็กทรอนิกส์”" in text
    assert "“ทะเบียนการเชื่อมโยงข้อมูล”" not in text


def test_clicking_a_satisfaction_bar_a_month_and_a_bullet_lists_their_rows(sample_store):
    """A click is read from the point's custom data (process and group, month, KPI)."""
    at = _page()
    fy = _expected(sample_store)["fy"]
    scope = Filters(fiscal_year=fy)
    con = open_store(sample_store)
    try:
        answers = survey_rows(con, filters=scope, process="inbound", respondent_group="all")
        october = achieved_rows(con, "linkages_achieved", filters=scope, fiscal_year=fy, month=1)
    finally:
        con.close()
    select_point(at, "strategic_sat_chart", "inbound", "all", len(answers))
    assert f"คำตอบของ 6.3 ขอ/แลกเปลี่ยนข้อมูล · ผู้ตอบทุกกลุ่ม ({len(answers)} ราย)" in _text(at)
    assert not any(f for f in at.get("plotly_chart") if "strategic_bullet" in str(f.proto.id))
    open_section(at, "scorecard", "scorecard_tab_progress")  # drawn once its section is open
    select_point(at, "strategic_cumulative", 1)
    assert f"({len(october)} รายการ)" in _text(at)
    assert "รายการของเดือน ต.ค." in _text(at)
    select_point(at, "strategic_bullet", "linkages_achieved")
    assert "รายการเบื้องหลัง (" in _text(at)
