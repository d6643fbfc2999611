"""In a real browser: the operations and comparisons pages, language, a kept filter, drill-down, export."""

from __future__ import annotations

import openpyxl
import pytest

from tests.e2e.conftest import ARTIFACTS, SCREENSHOTS, charts_drawn, rerun, wait_for_app

pytestmark = pytest.mark.browser


def _main(page):
    """The page's main column (not the sidebar)."""
    return page.locator("[data-testid='stMain']")


def _shot(page, name: str) -> None:
    """Save a screenshot of the viewport as a test artifact."""
    if not SCREENSHOTS:
        return
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_operations_drill_down_and_export(server, page):
    page.goto(f"{server['url']}/operations")
    wait_for_app(page, "การเชื่อมโยงแยกตามขั้นตอน")
    body = page.inner_text("body")
    assert "งานที่กำลังดำเนินการ" in body and "คำขอรอผล" in body
    assert "ข้อมูลตัวอย่าง" in body
    _shot(page, "operations_th")
    # One trace per colour (in progress, live, ended); "data in use" is the live trace's second bar.
    charts_drawn(page)  # nothing moves under a click after this
    live = _main(page).locator("[data-testid='stPlotlyChart']").first.locator("g.trace.bars")
    with rerun(page):
        live.nth(1).locator("g.point path").nth(1).click(force=True)
    wait_for_app(page, "ใช้งานข้อมูลแล้ว:")
    heading = page.get_by_text("ใช้งานข้อมูลแล้ว:").first.inner_text()
    shown = int(heading.split(":")[1].split()[0])
    assert shown > 0
    with page.expect_download() as download:
        page.get_by_role("button", name="ดาวน์โหลด Excel").first.click()
    saved = ARTIFACTS / "operations_in_use.xlsx"
    download.value.save_as(saved)
    sheet = openpyxl.load_workbook(saved).worksheets[0]
    assert sheet.max_row == shown + 1  # header + the rows behind the bar
    headers = [cell.value for cell in sheet[1]]
    assert "รหัสการเชื่อมโยง" in headers and "วันที่ยื่นคำขอ" in headers
    status = headers.index("สถานะ") + 1
    assert {sheet.cell(r, status).value for r in range(2, sheet.max_row + 1)} == {"ใช้งานข้อมูลแล้ว"}
    requested = headers.index("วันที่ยื่นคำขอ") + 1
    assert str(sheet.cell(2, requested).value).endswith(("2565", "2566", "2567", "2568", "2569"))
    _shot(page, "operations_drill_down")


def test_language_and_a_filter_kept_across_pages(server, page):
    page.goto(f"{server['url']}/operations")
    wait_for_app(page, "การเชื่อมโยงแยกตามขั้นตอน")
    with rerun(page):
        page.get_by_text("English", exact=True).click()
    wait_for_app(page, "Operations: work in progress")
    assert "lang=en" in page.url
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("Direction", exact=True).wait_for()
    direction = sidebar.locator("[data-testid='stMultiSelect']").filter(has_text="Direction")
    direction.locator("input").click()
    page.keyboard.type("Inbound")  # the drop-down filters to the one option
    page.get_by_role("option", name="Inbound", exact=True).click()
    page.keyboard.press("Escape")  # close the drop-down (it hides the rest of the page from roles)
    with rerun(page):
        sidebar.get_by_role("button", name="Apply filters").click()
    wait_for_app(page, "Filters in use")
    assert "direction=inbound" in page.url
    assert "Filters in use: Inbound" in page.inner_text("body")
    with rerun(page):
        sidebar.get_by_role("link", name="Comparisons").click()
    wait_for_app(page, "Results by group")
    assert "direction=inbound" in page.url and "lang=en" in page.url
    assert "Filters in use: Inbound" in page.inner_text("body")
    _shot(page, "comparisons_en_filtered")


def test_comparisons_tabs_and_quadrant_drill_down(server, page):
    page.goto(f"{server['url']}/comparisons")
    wait_for_app(page, "ผลการเชื่อมโยงแยกตามกลุ่ม")
    _shot(page, "comparisons_th")
    with rerun(page):  # a section tab runs the page for its own content only
        page.get_by_role("tab", name="รูปแบบการให้บริการ").click()
    plot = _main(page).locator("[data-testid='stPlotlyChart']").filter(has_text="การพึ่งพาระหว่างกัน")
    charts_drawn(page)
    plot.scroll_into_view_if_needed()
    with rerun(page):
        plot.locator("g.trace.scatter g.points path").first.click(force=True)  # Unification
    wait_for_app(page, "การมีกระบวนการร่วมกันเป็นหนึ่งเดียว:")
    heading = page.get_by_text("การมีกระบวนการร่วมกันเป็นหนึ่งเดียว:").first.inner_text()
    bubble = plot.locator("g.trace.scatter g.text text").first.text_content()
    assert heading.endswith(f": {bubble} รายการ")
    _shot(page, "comparisons_quadrant_drill_down")
    with rerun(page):
        page.get_by_role("tab", name="ความพึงพอใจ").click()
    page.get_by_text("เป้าหมาย 70").first.wait_for(timeout=30_000)
    _shot(page, "comparisons_satisfaction")
