"""In a real browser: the what-if planner scores a candidate live, then saves it into the history."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import sign_in, wait_for_app

pytestmark = pytest.mark.browser

PWO_NAME = "ตารางวิเคราะห์และประเมินคู่ความร่วมมือต่อองค์กร (แบบ 7 ข้อ)"


def _metric(page, label: str) -> str:
    """The value shown by the metric with this label."""
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def _settled(page) -> None:
    """Wait until the script has stopped running after an interaction."""
    page.wait_for_timeout(400)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    page.wait_for_timeout(300)


def test_slider_moves_the_band_and_a_save_lands_in_the_history(server, anonymous_page):
    page = anonymous_page
    sign_in(page, server["url"], "planner")  # the role the planner page is for
    # Move inside the signed-in session (a fresh page load would start a new session).
    page.get_by_role("link", name="จำลองผลประเมินคู่เชื่อมโยง").first.click()
    wait_for_app(page, "จำลองผลการประเมินหน่วยงานคู่เชื่อมโยง")

    page.get_by_text("หน่วยงานใหม่ที่กำลังพิจารณา").click()
    _settled(page)
    name = page.get_by_label("ชื่อหน่วยงานที่กำลังพิจารณา")
    name.fill("กรมทดสอบในเบราว์เซอร์")
    name.press("Enter")
    _settled(page)
    page.get_by_text(PWO_NAME).click()
    _settled(page)

    # A new candidate starts at 3 on every criterion: 21 of 35 = 60.00 %, "low" (น้อย).
    assert _metric(page, "ระดับความสำคัญ") == "น้อย"
    assert _metric(page, "ร้อยละ") == "60.00%"

    slider = page.get_by_role("slider").first
    slider.focus()
    slider.press("ArrowRight")  # 22 of 35 = 62.86 %: moderate
    _settled(page)
    assert _metric(page, "ระดับความสำคัญ") == "ปานกลาง"
    assert _metric(page, "ร้อยละ") == "62.86%"
    slider = page.get_by_role("slider").first
    slider.focus()
    slider.press("ArrowLeft")
    slider.press("ArrowLeft")  # 20 of 35 = 57.14 %: low again
    _settled(page)
    assert _metric(page, "ระดับความสำคัญ") == "น้อย"
    assert _metric(page, "ร้อยละ") == "57.14%"

    page.get_by_role("button", name="บันทึกผลการประเมิน").click()
    page.get_by_text(re.compile(r"บันทึกแล้ว รหัส WHATIF-\d{8}-\d{6}-[0-9a-f]{4}")).wait_for(
        timeout=30_000
    )
    _settled(page)
    # The candidate is now a partner on record, and its history holds the saved assessment.
    page.get_by_text("ผลการประเมินที่ผ่านมา (1 ครั้ง)").wait_for(timeout=30_000)
    history = page.locator('[data-testid="stExpander"]').filter(has_text="ผลการประเมินที่ผ่านมา")
    cells = history.locator('td[role="gridcell"]')  # the grid's accessible cells (canvas drawn)
    cells.filter(has_text="บันทึกจากหน้านี้").first.wait_for(state="attached", timeout=30_000)
    assert cells.filter(has_text="57.14").count() == 1
    assert cells.filter(has_text="น้อย").count() == 1
