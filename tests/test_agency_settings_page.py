"""Issue 13 on the pages (AppTest): the agency's settings editor on the Administration page, the
operations page drawing its numbers from them and listing "expired but still live", and the
scorecard saying which evidence judged "cancellation reported" and which targets are in force.
Every expected figure comes from ``metrics`` on the same store, never from the page.
"""

from __future__ import annotations

import datetime as dt

from loaders.store import open_store
from metrics.agency_settings import set_setting, settings_for
from metrics.filters import Filters
from metrics.fiscal import current_fiscal_year
from metrics.kpis import evaluate_kpi
from metrics.pipeline import lapsed_agreements
from metrics.register import default_fiscal_year
from metrics.targets import set_target
from tests.views_pages import all_text, metrics_shown, open_page, open_section, tables

ADMIN = "pages/administration.py"
OPERATIONS = "pages/operations.py"
SCORECARD = "pages/scorecard.py"
SAVE = "บันทึกค่าที่หน่วยงานกำหนด"


def _fy() -> int:
    return current_fiscal_year(dt.date.today())


def _audit(path) -> list[tuple[str, str]]:
    con = open_store(path)
    try:
        return con.execute("SELECT action, detail FROM audit_log ORDER BY logged_at").fetchall()
    finally:
        con.close()


def test_an_admin_sets_a_years_setting_and_it_is_audited(empty_store):
    at = open_section(open_page(ADMIN), "administration", "administration_tab_settings")
    fy = _fy()
    at.number_input(key=f"administration_setting_{fy}_late_after_days").set_value(45)
    at.number_input(key=f"administration_setting_{fy}_cancellation_report_days").set_value(10)
    [b for b in at.button if b.label == SAVE][0].click().run()
    assert not at.exception
    con = open_store(empty_store)
    stored = settings_for(con, fiscal_year=fy)
    other_year = settings_for(con, fiscal_year=fy - 1)
    con.close()
    assert (stored["late_after_days"], stored["cancellation_report_days"]) == (45, 10)
    assert other_year["late_after_days"] == 30  # per fiscal year
    assert f"บันทึกค่าที่หน่วยงานกำหนดของปีงบประมาณ {fy}แล้ว (2 รายการ)" in all_text(at)
    (action, detail), *_ = [entry for entry in _audit(empty_store) if entry[0] == "edit_settings"]
    assert '"late_after_days": "30 → 45"' in detail
    assert '"cancellation_report_days": "30 → 10"' in detail
    shown = tables(at)[0].set_index("ค่า")
    assert shown.loc["คำขอถือว่าล่าช้าเมื่อรอเกิน (วัน)", "ค่าที่ใช้"] == 45
    # back to the defaults, audited too
    [b for b in at.button if b.label == "กลับไปใช้ค่าเริ่มต้นทั้งหมดของปีนี้"][0].click().run()
    con = open_store(empty_store)
    assert settings_for(con, fiscal_year=fy)["late_after_days"] == 30
    con.close()
    assert sum(entry[0] == "edit_settings" for entry in _audit(empty_store)) == 2


def test_operations_draws_its_numbers_from_the_settings(sample_store):
    today = dt.date.today()
    con = open_store(sample_store)
    for fy in range(_fy() - 4, _fy() + 2):
        set_setting(con, fiscal_year=fy, setting_id="late_after_days", value=45)
        set_setting(con, fiscal_year=fy, setting_id="mou_window_near", value=60)
    lapsed = lapsed_agreements(con, today=today)
    con.close()
    at = open_page(OPERATIONS)
    assert not at.exception
    text = all_text(at)
    assert "ค่าที่หน่วยงานกำหนด · ปีงบประมาณ" in text
    assert "ล่าช้าเมื่อรอเกิน 45 วัน" in text  # the open requests: the first section
    assert at.number_input(key="operations_late_after").value == 45
    at = open_section(at, "operations", "operations_tab_agreements")
    text = all_text(at)
    assert "จะหมดอายุใน 60 วัน" in metrics_shown(at)
    assert "ช่วงเฝ้าระวัง 60 และ 180 วัน" in text
    # the finding: every linkage still live past its agreement's expiry, listed
    assert len(lapsed) >= 1
    assert metrics_shown(at)["สิ้นสุดแต่ยังใช้งาน"] == str(len(lapsed))
    assert "ข้อตกลงสิ้นสุดแล้วแต่ยังใช้งานอยู่" in text
    listed = [t for t in tables(at) if "สิ้นสุดมาแล้ว (วัน)" in t.columns]
    assert list(listed[0]["รหัสการเชื่อมโยง"]) == list(lapsed["linkage_id"])


def _scorecard_on(kpi_id: str):
    at = open_page(SCORECARD)
    at.selectbox(key="strategic_kpi__th").select(kpi_id).run()
    assert not at.exception
    return at


def test_the_scorecard_says_the_register_dates_were_used(sample_store):
    con = open_store(sample_store)
    year, _ = default_fiscal_year(con, chosen=None, today=dt.date.today())
    result = evaluate_kpi(
        con, "cancellation_reported", filters=Filters(fiscal_year=year), today=dt.date.today()
    )
    con.close()
    assert result.detail["report_source"] == "register_column"
    text = all_text(_scorecard_on("cancellation_reported"))
    assert "ใช้หลักฐาน: วันที่รายงานผลการยกเลิกของแต่ละรายการในทะเบียน" in text
    assert "รายงานผลภายใน 30 วันหลังวันยกเลิกหรือวันสิ้นสุดข้อตกลง — ค่าที่หน่วยงานกำหนด" in text


def test_the_scorecard_says_the_milestone_was_used_without_report_dates(empty_store):
    con = open_store(empty_store)
    con.execute(
        "INSERT INTO linkages (linkage_id, partner_name, direction, status, cancelled_on, "
        "created_at) VALUES ('X-1', 'กรมทดสอบ', 'outbound', 'cancelled', ?, current_timestamp)",
        [dt.date.today()],
    )
    con.close()
    text = all_text(_scorecard_on("cancellation_reported"))
    assert "ใช้หลักฐาน: หมุดหมาย 'รายงานผลการยกเลิก'" in text
    assert "วันหลังวันยกเลิกหรือวันสิ้นสุดข้อตกลง — ค่าที่หน่วยงานกำหนด" not in text


def test_the_satisfaction_caption_shows_the_targets_in_force(sample_store):
    con = open_store(sample_store)
    year, _ = default_fiscal_year(con, chosen=None, today=dt.date.today())
    set_target(con, fiscal_year=year, kpi_id="inbound_satisfaction", target=75)
    con.close()
    text = all_text(open_page(SCORECARD))
    assert "6.1 ≥ 80 · 6.2 ยังไม่ตั้งเป้า · 6.3 ≥ 75 · 6.4 ≥ 80" in text


def test_the_overview_warns_of_agreements_expired_but_still_live(sample_store):
    con = open_store(sample_store)
    lapsed = len(lapsed_agreements(con, today=dt.date.today()))
    con.close()
    at = open_page("pages/overview.py")
    assert not at.exception
    warnings = [w.value for w in at.warning if "ข้อตกลงสิ้นสุด" in w.value]
    assert warnings == [
        f"มีการเชื่อมโยง {lapsed} รายการที่ข้อตกลงสิ้นสุดแล้วแต่ยังใช้งานอยู่ ควรต่ออายุข้อตกลงหรือดำเนินการยกเลิก"
    ]


def test_an_admin_names_the_agency_and_every_export_starts_with_it(empty_store, monkeypatch):
    from metrics.exports import AgencyNameError, set_agency_name, stored_agency_name

    monkeypatch.delenv("LINKAGE_AGENCY", raising=False)
    at = open_section(open_page(ADMIN), "administration", "administration_tab_settings")
    at.text_input(key="administration_agency_name").input("  กรม<b>ทดสอบ</b>  ระบบ  ")
    [b for b in at.button if b.label == "บันทึกชื่อหน่วยงาน"][0].click().run()
    assert not at.exception
    assert "บันทึกชื่อหน่วยงานแล้ว" in all_text(at)
    con = open_store(empty_store)
    try:
        assert stored_agency_name(con) == "กรม<b>ทดสอบ</b> ระบบ"  # stored as written
        assert ("edit_settings", '{"agency_name": " → กรม<b>ทดสอบ</b> ระบบ"}') in _audit(
            empty_store
        )
        # Refused with the reason, and the stored name kept.
        for bad in ("กรม\nทดสอบ", "ก" * 121):
            try:
                set_agency_name(con, bad)
            except AgencyNameError as exc:
                assert exc.th and exc.en
            else:
                raise AssertionError(f"accepted {bad!r}")
        assert stored_agency_name(con) == "กรม<b>ทดสอบ</b> ระบบ"
    finally:
        con.close()
    # The file names of the page's downloads start with it, made safe for a file name.
    from ui.shell import export_stem

    monkeypatch.setattr("ui.db.connection", lambda: open_store(empty_store))
    assert export_stem("audit_trail").startswith("กรม-b-ทดสอบ-b-ระบบ_audit_trail_")
