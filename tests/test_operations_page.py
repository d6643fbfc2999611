"""AppTest of the operations page: sample, empty and register-only stores, drill-down, English."""

from __future__ import annotations

import datetime as dt

from labels import label
from loaders.spec import REGISTER
from loaders.store import open_store
from metrics.drilldown import linkage_rows
from metrics.filters import NO_FILTERS, Filters
from metrics.findings import findings
from metrics.mou_procedure import mou_step_rows, mou_step_summary
from metrics.pipeline import (
    MOU_WATCH_DAYS,
    mou_expiry,
    mou_expiry_summary,
    open_requests,
    pending_approvals,
    pending_approvals_by_approver,
    stuck_summary,
)
from metrics.register import counts_by, register_totals
from tests.apptest import at_page
from tests.views_pages import (
    all_text,
    figure,
    metrics_shown,
    open_page,
    open_section,
    register_only_store,  # noqa: F401  (fixture)
    select_point,
    tables,
    values,
)

PAGE = "pages/operations.py"


def _expected(path, filters: Filters = NO_FILTERS) -> dict[str, object]:
    """The headline figures as the metrics give them."""
    today = dt.date.today()
    con = open_store(path)
    try:
        mou = mou_expiry_summary(con, filters=filters, today=today)
        return {
            "linkages": register_totals(con, filters=filters)["linkages"],
            "open": len(open_requests(con, filters=filters, today=today)),
            "stuck": stuck_summary(con, filters=filters, today=today)["total"],
            "pending": int(pending_approvals_by_approver(con, filters=filters)["linkages"].sum()),
            "mou": mou["expired"] + mou["expiring_within_90"],
            "stages": counts_by(con, filters=filters, dimension="status"),
            "mou_rows": len(
                mou_expiry(con, filters=filters, today=today, within_days=MOU_WATCH_DAYS)
            ),
        }
    finally:
        con.close()


def test_on_sample_headline_figures_are_the_metrics(sample_store):
    at = open_page(PAGE)
    expected = _expected(sample_store)
    shown = metrics_shown(at)
    assert shown["การเชื่อมโยง"] == f"{expected['linkages']:,}"
    assert shown["คำขอรอผล"] == f"{expected['open']:,}"
    assert shown["งานค้าง"] == f"{expected['stuck']:,}"
    assert shown["รออนุมัติ"] == f"{expected['pending']:,}"
    assert shown["MOU ใกล้หมดอายุ"] == f"{expected['mou']:,}"
    assert expected["linkages"] > 100 and expected["open"] > 0
    text = all_text(at)
    assert "ข้อมูลตัวอย่าง" in text
    assert "งานที่กำลังดำเนินการ" in text


def test_pipeline_chart_holds_every_stage_in_lifecycle_order(sample_store):
    at = open_page(PAGE)
    stages = _expected(sample_store)["stages"]
    fig = figure(at, "operations_pipeline_chart")
    shown = {}
    for trace in fig["data"]:
        for name, value in zip(values(trace["y"]), values(trace["x"]), strict=True):
            shown[name] = value
    status = REGISTER.column("status")
    for key, n in stages[["key", "linkages"]].itertuples(index=False):
        assert shown[status.value_label(key, "th")] == n, key
    assert len(shown) == 12  # every lifecycle stage, zeros included


def test_clicking_a_stage_shows_its_linkages(sample_store):
    at = open_page(PAGE)
    select_point(at, "operations_pipeline_chart", "in_use")
    con = open_store(sample_store)
    expected = linkage_rows(con, dimension="status", key="in_use")
    con.close()
    assert f"**ใช้งานข้อมูลแล้ว**: {len(expected)} รายการ" in all_text(at)
    drilled = next(t for t in tables(at) if "รหัสการเชื่อมโยง" in t.columns)
    assert sorted(drilled["รหัสการเชื่อมโยง"]) == sorted(expected["linkage_id"])
    assert set(drilled["สถานะ"]) == {"ใช้งานข้อมูลแล้ว"}  # Thai labels, not keys
    requested = [d for d in drilled["วันที่ยื่นคำขอ"] if d]
    assert requested and all(
        d.endswith(("2565", "2566", "2567", "2568", "2569")) for d in requested
    )


def test_late_limit_and_wait_band_drill_down(sample_store):
    at = open_page(PAGE)
    late = next(m for m in at.metric if m.label.startswith("ล่าช้า"))
    today = dt.date.today()
    con = open_store(sample_store)
    requests = open_requests(con, today=today)
    con.close()
    assert late.value == f"{int((requests['days_waiting'] > 30).sum()):,}"
    at.number_input(key="operations_late_after").set_value(90).run()
    assert not at.exception
    late = next(m for m in at.metric if m.label.startswith("ล่าช้า"))
    assert late.label == "ล่าช้า (รอเกิน 90 วัน)"
    assert late.value == f"{int((requests['days_waiting'] > 90).sum()):,}"
    # band 1 at a 90-day limit is 91–180 days
    select_point(at, "operations_wait_chart", 1)
    in_band = requests[(requests["days_waiting"] > 90) & (requests["days_waiting"] <= 180)]
    assert f"**คำขอที่รอ 91–180 วัน**: {len(in_band)} รายการ" in all_text(at)


def test_filters_from_the_url_apply_to_every_figure(sample_store):
    at = open_page(PAGE, params={"direction": "inbound"})
    expected = _expected(sample_store, Filters(direction=("inbound",)))
    shown = metrics_shown(at)
    assert shown["การเชื่อมโยง"] == f"{expected['linkages']:,}"
    assert shown["คำขอรอผล"] == f"{expected['open']:,}"
    assert shown["งานค้าง"] == f"{expected['stuck']:,}"
    assert "หน่วยงานอื่นขอข้อมูล" in all_text(at)  # the filter line names the direction


def test_in_english(sample_store):
    at = open_page(PAGE, lang="en")
    shown = metrics_shown(at)
    assert shown["Linkages"] == f"{_expected(sample_store)['linkages']:,}"
    assert "Operations: work in progress" in all_text(at)
    assert "Linkages by lifecycle stage" in all_text(at)
    select_point(at, "operations_pipeline_chart", "under_review")
    drilled = next(t for t in tables(at) if "Linkage ID" in t.columns)
    assert set(drilled["Status"]) == {"Under review"}
    assert not any("2569" in str(d) for d in drilled["Requested on"])  # CE dates in English


def test_empty_store_says_which_upload_fills_it(empty_store):
    at = open_page(PAGE)
    assert "ยังไม่มีทะเบียนการเชื่อมโยงข้อมูล" in all_text(at)
    assert not at.metric


def test_register_only_store(register_only_store):  # noqa: F811  (the fixture)
    at = open_page(PAGE)
    expected = _expected(register_only_store)
    shown = metrics_shown(at)
    assert shown["การเชื่อมโยง"] == "5"
    assert shown["คำขอรอผล"] == "2" == f"{expected['open']}"
    # R2 waits 45 days: late at the default 30
    assert next(m for m in at.metric if m.label.startswith("ล่าช้า")).value == "1"
    # R3 is an inbound request with personal data: CDO, council (3.1(3)) and the DPO committee;
    # R2 internal: CDO and council
    assert shown["รออนุมัติ"] == "5" == f"{expected['pending']}"
    assert shown["MOU ใกล้หมดอายุ"] == "2"  # R5 expired, R1 due in 60 days
    assert not any("กำหนด" in t.columns for t in tables(at))  # a closed section: not drawn
    frames = tables(open_section(at, "operations", "operations_tab_agreements"))
    mou = next(t for t in frames if "กำหนด" in t.columns)
    assert len(mou) == expected["mou_rows"] == 2
    assert list(mou["กำหนด"]) == ["หมดอายุแล้ว", "ภายใน 90 วัน"]
    frames = tables(open_section(at, "operations", "operations_tab_history"))
    changes = next(t for t in frames if "ค่าเดิม → ค่าใหม่" in t.columns)
    assert changes.iloc[0]["ค่าเดิม → ค่าใหม่"] == "เชื่อมฐานข้อมูล → REST API"
    assert changes.iloc[0]["การนำเข้า"] == "ครั้งที่ 2: register_v2.csv"
    uploads = next(t for t in frames if "ไฟล์" in t.columns)
    assert list(uploads["ไฟล์"]) == ["register_v2.csv", "register_v1.csv"]


def _with(path, fn, **kwargs):
    """Call a metric on the store file (closed again afterwards)."""
    con = open_store(path)
    try:
        return fn(con, **kwargs)
    finally:
        con.close()


def test_each_pending_approval_shows_the_clause_that_requires_it_and_its_age(sample_store):
    at = open_section(open_page(PAGE), "operations", "operations_tab_stuck")
    today = dt.date.today()
    pending = _with(sample_store, pending_approvals, today=today)
    assert set(pending["approver"]) == {"cdo", "council"}  # the sample's pending requests
    table = next(t for t in tables(at) if "ข้อความในคู่มือ" in t.columns)
    assert len(table) == len(pending)
    assert list(table["รอมาแล้ว (วัน)"]) == list(pending["days_waiting"])
    council = table[table["ผู้อนุมัติ"] == "คณะกรรมการธรรมาภิบาลข้อมูล"]
    assert len(council) == int((pending["approver"] == "council").sum()) > 0
    assert all("เสนอคณะกรรมการธรรมาภิบาลข้อมูล เพื่อขอความเห็นชอบก่อน" in c
               for c in council["ข้อความในคู่มือ"])  # fmt: skip
    assert all("แนวปฏิบัติ ข้อ 3.1(3)" in r for r in council["ข้อกำหนด"])
    # a bar drills down to one body's approvals
    select_point(at, "operations_approvals_chart", "cdo")
    n = int((pending["approver"] == "cdo").sum())
    assert f"**รอ ผู้บริหารข้อมูลระดับสูง (CDO) อนุมัติ**: {n} รายการ" in all_text(at)
    table = next(t for t in tables(at) if "ข้อความในคู่มือ" in t.columns)
    assert set(table["ผู้อนุมัติ"]) == {"ผู้บริหารข้อมูลระดับสูง (CDO)"} and len(table) == n


def test_findings_are_listed_with_their_rule_and_drill_down(sample_store):
    at = open_section(open_page(PAGE), "operations", "operations_tab_findings")
    expected = _with(sample_store, findings)
    bars = figure(at, "operations_findings_chart")["data"][0]
    assert values(bars["x"]) == [3, 2, 2]  # no basis, consent without document, no expiry
    table = next(t for t in tables(at) if "ข้อสังเกต" in t.columns)
    assert sorted(table["รหัสการเชื่อมโยง"]) == sorted(expected["linkage_id"])
    select_point(at, "operations_findings_chart", "signed_mou_without_expiry")
    assert "**MOU ที่ลงนามแล้วแต่ไม่มีวันสิ้นสุด**: 2 รายการ" in all_text(at)
    table = next(t for t in tables(at) if "ข้อสังเกต" in t.columns)
    assert set(table["ข้อกำหนด"]) == {"กำหนดกรอบเวลาสิ้นสุดที่ชัดเจน (คู่มือ อคส. ข้อ 4.7)"}
    assert list(table["วันที่สิ้นสุดข้อตกลง"]) == ["", ""]


def test_mou_procedure_sub_stages_and_stuck_mous_named(sample_store):
    at = open_section(open_page(PAGE), "operations", "operations_tab_procedure")
    today = dt.date.today()
    summary = _with(sample_store, mou_step_summary, today=today).set_index("step")
    shown = metrics_shown(at)
    median = summary.loc["legal_review", "median_days"]
    assert shown["ร่างแล้ว รอฝ่ายกฎหมายตรวจ"] == f"มัธยฐาน {median:,.0f} วัน"
    table = next(t for t in tables(at) if "ผ่านขั้นแล้ว" in t.columns)
    assert list(table["ผ่านขั้นแล้ว"]) == list(summary["completed"])
    assert list(table["ค้าง"]) == list(summary["stuck"])
    stuck = _with(sample_store, mou_step_rows, today=today, stuck_only=True)
    if len(stuck):
        named = next(t for t in tables(at) if "เริ่มขั้นนี้เมื่อ" in t.columns)
        assert sorted(named["รหัสการเชื่อมโยง"]) == sorted(stuck["linkage_id"])
        assert (named["จำนวนวัน"] > 30).all()
    en = open_section(open_page(PAGE, lang="en"), "operations", "operations_tab_procedure", "en")
    assert "The MOU/LOI procedure, step by step" in all_text(en)
    en = open_section(en, "operations", "operations_tab_findings", "en")
    assert "Data-quality findings" in all_text(en)
    assert "The MOU/LOI procedure, step by step" not in all_text(en)  # one section at a time


def test_the_open_section_stays_open_in_the_other_language_and_after_another_page(sample_store):
    at = open_section(open_page(PAGE), "operations", "operations_tab_history")
    assert "การเปลี่ยนแปลงล่าสุดในทะเบียน" in all_text(at)
    at.query_params["lang"] = "en"
    at.session_state["lang"] = "en"
    at.run()  # the labels are other words now: the same tab, by its place, stays open
    assert "Latest changes in the register" in all_text(at)
    assert at.session_state["section_operations"] == label("operations_tab_history", "en")
    at_page(at, "pages/overview.py").run()
    assert "Latest changes in the register" not in all_text(at)
    at_page(at, PAGE).run()  # back: the tabs' own state is gone, their place is not
    assert not at.exception
    assert "Latest changes in the register" in all_text(at)
