"""In a real browser: the strategic scorecard, a kept global filter, KPI and chart drill-down, export."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from playwright.sync_api import expect

from auth.audit import entries
from loaders.store import open_store
from tests.e2e.conftest import ARTIFACTS, SCREENSHOTS, charts_drawn, rerun, wait_for_app, wait_idle

pytestmark = pytest.mark.browser

TITLE = "ภาพรวมเชิงกลยุทธ์ · ปีงบประมาณ"
PICK_KPI = "ดูรายละเอียดตัวชี้วัด"
LINKED_KPI = "6.2 · เชื่อมโยงข้อมูลได้ตามความต้องการ (ได้รับชุดข้อมูล)"


def _main(page):
    """The page's main column (not the sidebar)."""
    return page.locator("[data-testid='stMain']")


def _sidebar(page):
    """The sidebar (navigation, language, global filters)."""
    return page.locator("[data-testid='stSidebar']")


def _url_has(page, text: str) -> None:
    """Wait until the address bar holds `text` (a page writes its filters there when it runs)."""
    page.wait_for_function(
        "(text) => window.location.href.includes(text)", arg=text, timeout=30_000
    )


def _open_scorecard(page) -> None:
    """Open the scorecard from the sidebar (a fresh load would start a new session)."""
    with rerun(page):
        _sidebar(page).get_by_role("link", name="ภาพรวมเชิงกลยุทธ์").click()
    wait_for_app(page, TITLE)
    page.get_by_text("ตัวชี้วัดของ 4 กระบวนการ", exact=True).wait_for(timeout=60_000)
    charts_drawn(page)  # nothing moves under a click after this


def _full_shot(page, name: str) -> None:
    """Save the whole page (the main column scrolls inside the window, so make the window tall)."""
    if not SCREENSHOTS:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": 4400})
    wait_idle(page)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    page.set_viewport_size(size)
    wait_idle(page)


def _choose_fiscal_year(page, label: str) -> None:
    """Pick a fiscal year in the sidebar's filter form and apply it."""
    sidebar = _sidebar(page)
    box = sidebar.locator("[data-testid='stSelectbox']").filter(has_text="ปีงบประมาณ").first
    box.click()
    page.get_by_role("option", name=label, exact=True).click()
    with rerun(page):
        sidebar.get_by_role("button", name="ใช้ตัวกรอง").click()


def test_scorecard_filter_kept_drill_down_and_export(server, page):
    _open_scorecard(page)
    assert "/scorecard" in page.url
    body = page.inner_text("body")
    for part in ("บรรลุเป้าหมาย", "ต้องติดตาม", "ความพึงพอใจเทียบเป้าหมาย", "คะแนน e-Government"):
        assert part in body
    assert "ข้อมูลตัวอย่าง" in body
    _full_shot(page, "strategic_scorecard_th")

    # A global filter: kept in the URL, on another page, and on coming back.
    _choose_fiscal_year(page, "ปีงบประมาณ 2568")
    wait_for_app(page, f"{TITLE} 2568")
    assert "fy=2568" in page.url
    with rerun(page):
        _sidebar(page).get_by_role("link", name="งานที่กำลังดำเนินการ").click()
    _url_has(page, "fy=2568")
    assert "ปีงบประมาณ 2568" in _main(page).inner_text()
    _open_scorecard(page)
    assert "fy=2568" in page.url
    assert f"{TITLE} 2568" in page.inner_text("body")

    # Drill down: the KPI is chosen in the box under the scorecard, as a person would (ticking
    # the 10th row of the grid picks the same box: tests/test_scorecard_page.py, without pixels).
    charts_drawn(page)
    expect(_main(page).locator("[data-testid='stDataFrame']").first).to_be_visible()
    picker = _main(page).get_by_role("combobox", name=PICK_KPI)
    picker.click()
    picker.fill("ได้รับชุดข้อมูล")  # the box filters its list as a person types
    with rerun(page):
        page.get_by_role("option", name=LINKED_KPI, exact=True).click()
    page.get_by_text("รายการเบื้องหลัง (").first.wait_for(timeout=30_000)
    heading = page.get_by_text("รายการเบื้องหลัง (").first.inner_text()
    shown = int(heading.split("(")[1].split()[0])
    assert shown > 0
    expect(picker).to_have_value(LINKED_KPI)
    with page.expect_download() as download:
        page.locator(".st-key-strategic_kpi_rows_xlsx button").click()
    # Named after the content and the date (no agency name is set here), and audited with the
    # filter in force once the browser had the file.
    name = download.value.suggested_filename
    assert name.endswith(f"_{dt.date.today().isoformat()}.xlsx"), name
    con = open_store(server["db"], wait=30)
    try:
        trail = entries(con, action="export")
    finally:
        con.close()
    built = [json.loads(d) for d in trail["detail"] if json.loads(d)["file"] == name]
    assert built and built[0]["filters"]["fiscal_year"] == 2568, built
    saved = ARTIFACTS / "strategic_kpi_rows.xlsx"
    download.value.save_as(saved)
    sheet = openpyxl.load_workbook(saved).worksheets[0]
    assert sheet.max_row == shown + 1  # header + the rows behind the KPI
    assert sheet.cell(1, 1).value == "รหัสการเชื่อมโยง"
    _full_shot(page, "strategic_drill_down")


def test_satisfaction_bar_drill_down_and_english(server, page):
    _open_scorecard(page)
    chart = _main(page).locator(".st-key-strategic_sat_chart")
    chart.scroll_into_view_if_needed()
    with rerun(page):
        chart.locator("g.trace.bars g.point path").first.click(force=True)
    page.get_by_text("คำตอบของ").first.wait_for(timeout=30_000)
    heading = page.get_by_text("คำตอบของ").first.inner_text()
    assert "6.1 ทบทวนคู่มือ · ผู้ตอบทุกกลุ่ม" in heading
    with page.expect_download() as download:
        page.locator(".st-key-strategic_sat_rows_csv button").click()
    csv_text = download.value.path().read_text(encoding="utf-8-sig")
    assert csv_text.count("\n") >= 2

    with rerun(page):
        page.get_by_text("English", exact=True).click()
    wait_for_app(page, "Strategic scorecard · FY")
    assert "lang=en" in page.url
    body = page.inner_text("body")
    for part in ("KPIs met", "Satisfaction against target", "Progress against the plan (6.2)"):
        assert part in body
    _full_shot(page, "strategic_scorecard_en")
