"""In a real browser: the what-if planner scores a candidate live, then saves it into the history."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import rerun, sign_in, wait_for_app, wait_idle

pytestmark = pytest.mark.browser

PWO_NAME = "ตารางวิเคราะห์และประเมินคู่ความร่วมมือต่อองค์กร (แบบ 7 ข้อ)"


def _expect_metric(page, label: str, value: str) -> None:
    """Wait until the metric with this label shows `value` (fails with what it shows)."""
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=label).first
    expect(metric.locator('[data-testid="stMetricValue"]')).to_have_text(value, timeout=30_000)


def _press(page, key: str) -> None:
    """Press a key on the first slider and wait for the run it starts."""
    slider = page.get_by_role("slider").first
    slider.focus()
    with rerun(page):
        slider.press(key)


def test_slider_moves_the_band_and_a_save_lands_in_the_history(server, anonymous_page):
    page = anonymous_page
    sign_in(page, server["url"], "planner")  # the role the planner page is for
    # Move inside the signed-in session (a fresh page load would start a new session).
    with rerun(page):
        page.get_by_role("link", name="จำลองผลประเมินคู่เชื่อมโยง").first.click()
    wait_for_app(page, "จำลองผลการประเมินหน่วยงานคู่เชื่อมโยง")

    with rerun(page):
        page.get_by_text("หน่วยงานใหม่ที่กำลังพิจารณา").click()
    name = page.get_by_label("ชื่อหน่วยงานที่กำลังพิจารณา")
    name.fill("กรมทดสอบในเบราว์เซอร์")
    with rerun(page):
        name.press("Enter")
    with rerun(page):
        page.get_by_text(PWO_NAME).click()

    # A new candidate starts at 3 on every criterion: 21 of 35 = 60.00 %, "low" (น้อย).
    _expect_metric(page, "ระดับความสำคัญ", "น้อย")
    _expect_metric(page, "ร้อยละ", "60.00%")

    _press(page, "ArrowRight")  # 22 of 35 = 62.86 %: moderate
    _expect_metric(page, "ระดับความสำคัญ", "ปานกลาง")
    _expect_metric(page, "ร้อยละ", "62.86%")
    _press(page, "ArrowLeft")
    _press(page, "ArrowLeft")  # 20 of 35 = 57.14 %: low again
    _expect_metric(page, "ระดับความสำคัญ", "น้อย")
    _expect_metric(page, "ร้อยละ", "57.14%")

    save = page.get_by_role("button", name="บันทึกผลการประเมิน")
    save.focus()
    save.press("Enter")  # by keyboard: no pointer position for a late layout shift to move
    page.get_by_text(re.compile(r"บันทึกแล้ว รหัส WHATIF-\d{8}-\d{6}-[0-9a-f]{4}")).wait_for(
        timeout=30_000
    )
    wait_idle(page)
    # The candidate is now a partner on record, and its history holds the saved assessment.
    page.get_by_text("ผลการประเมินที่ผ่านมา (1 ครั้ง)").wait_for(timeout=30_000)
    history = page.locator('[data-testid="stExpander"]').filter(has_text="ผลการประเมินที่ผ่านมา")
    cells = history.locator('td[role="gridcell"]')  # the grid's accessible cells (canvas drawn)
    cells.filter(has_text="บันทึกจากหน้านี้").first.wait_for(state="attached", timeout=30_000)
    assert cells.filter(has_text="57.14").count() == 1
    assert cells.filter(has_text="น้อย").count() == 1
