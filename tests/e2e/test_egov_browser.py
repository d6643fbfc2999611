"""In a real browser: the e-Gov score page shows the score and benchmarks, and its sliders move the what-if."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from auth.users import add_user
from loaders.importer import import_bytes
from loaders.sample import SAMPLE_STATE_KEY
from loaders.store import open_store
from metrics.egov_store import group_summary, latest_assessments, whatif_start
from tests.e2e.conftest import PASSWORD, charts_drawn, rerun, serve, sign_in, wait_for_app
from tests.egov_sheets import UN_2012, egov_xlsx, units_matching

pytestmark = pytest.mark.browser

PAGE_TITLE = "คะแนนรัฐบาลอิเล็กทรอนิกส์ 4 ระดับ"


@pytest.fixture(scope="module")
def un_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """A server whose only data are 100 units built so the stage means are the UN 2012 row."""
    folder = tmp_path_factory.mktemp("egov_e2e")
    db, users = folder / "linkage.duckdb", folder / "users.json"
    con = open_store(db)
    con.execute(
        "INSERT INTO settings VALUES (?, 'removed', current_timestamp::TIMESTAMP)",
        [SAMPLE_STATE_KEY],
    )
    import_bytes(con, egov_xlsx(units_matching(UN_2012)), "egov_un2012.xlsx")
    con.close()
    add_user("exec", PASSWORD, "executive", path=users)
    with serve(db, users) as running:
        yield running


def _open_egov(page, url: str, username: str) -> None:
    """Sign in and open the e-Gov page from the sidebar (a fresh load would start a new session)."""
    sign_in(page, url, username)
    with rerun(page):
        page.get_by_role("link", name="คะแนนรัฐบาลอิเล็กทรอนิกส์").first.click()
    wait_for_app(page, PAGE_TITLE)
    page.get_by_text("ถ้า…จะได้คะแนนเท่าไร").wait_for(timeout=60_000)
    charts_drawn(page)


def _metric_value(page, label: str):
    """The value element of the metric whose label is exactly `label`."""
    labels = page.locator('[data-testid="stMetricLabel"]').filter(has_text=label)
    metric = page.locator('[data-testid="stMetric"]').filter(has=labels).first
    return metric.locator('[data-testid="stMetricValue"]')


def _metric(page, label: str) -> str:
    """The value shown by the metric whose label is exactly `label`."""
    return _metric_value(page, label).inner_text().strip()


def _expect_metric(page, label: str, value: str) -> None:
    """Wait until the metric labelled `label` shows `value` (fails with what it shows)."""
    expect(_metric_value(page, label)).to_have_text(value, timeout=30_000)


def _press_right(page, stage: str) -> None:
    """Focus a stage's what-if slider and press the right arrow key once."""
    box = page.locator('[data-testid="stSlider"]').filter(has_text=f"ระดับ {stage} ·")
    thumb = box.get_by_role("slider").first
    thumb.focus()
    with rerun(page):
        thumb.press("ArrowRight")


def test_un_2012_file_scores_44_71_and_the_sliders_move_the_what_if(un_server, anonymous_page):
    page = anonymous_page
    _open_egov(page, un_server["url"], "exec")
    assert _metric(page, "คะแนนปัจจุบัน (เต็ม 100)") == "44.71"  # 7 + 13.2 + 9.3 + 15.21
    assert _metric(page, "เกณฑ์ UN 2555") == "44.71"
    assert _metric(page, "เกณฑ์ KU-INOVA 2556") == "44.92"
    assert _metric(page, "คะแนนตามสมมติฐาน") == "44.71"
    _press_right(page, "II")  # Stage II 55 → 56: + 24 × 0.01
    _expect_metric(page, "คะแนนตามสมมติฐาน", "44.95")
    _expect_metric(page, "เพิ่มขึ้นจากปัจจุบัน", "+0.24")
    # By keyboard, as a person may: no pointer position, so nothing can slide under it (under
    # load a late layout shift once put the click on Stage I's slider track).
    preset = page.get_by_role("button", name="ถ้าทุกระบบถึงระดับ II ครบ 100%")
    preset.focus()
    with rerun(page):
        preset.press("Enter")
    _expect_metric(page, "คะแนนตามสมมติฐาน", "55.51")  # 44.71 + 24 × 0.45
    _expect_metric(page, "เพิ่มขึ้นจากปัจจุบัน", "+10.80")
    # the headline is untouched by the scenario
    assert _metric(page, "คะแนนปัจจุบัน (เต็ม 100)") == "44.71"


def test_choosing_a_unit_shows_its_sub_items(un_server, anonymous_page):
    """The drill-down is chosen as a person would, in its select box; ticking a row of the grid
    picks the same box (tests/test_egov_score_page.py checks that in AppTest, without pixels)."""
    page = anonymous_page
    _open_egov(page, un_server["url"], "exec")
    drill = page.get_by_role("combobox", name="รายละเอียดของ")
    # lowest score first, then by name: 45 units score 7 (Stage I only), from www.unit055
    expect(drill).to_have_value("www.unit055.go.th")
    grid = page.locator('[data-testid="stDataFrame"]').filter(has_text="www.unit056.go.th")
    expect(grid.first).to_be_attached()
    drill.click()
    drill.fill("unit056")  # the box filters its list as a person types
    with rerun(page):
        page.get_by_role("option", name="www.unit056.go.th", exact=True).click()
    expect(drill).to_have_value("www.unit056.go.th")


def test_sample_score_equals_the_stores_and_stage_iv_slider_adds_its_weight(server, page):
    db = Path(server["db"])
    con = open_store(db, read_only=True, wait=30)
    try:
        summary = group_summary(latest_assessments(con))
    finally:
        con.close()
    with rerun(page):
        page.get_by_role("link", name="คะแนนรัฐบาลอิเล็กทรอนิกส์").first.click()
    wait_for_app(page, PAGE_TITLE)
    page.get_by_text("ถ้า…จะได้คะแนนเท่าไร").wait_for(timeout=60_000)
    body = page.inner_text("body")
    assert "ข้อมูลตัวอย่าง" in body and "การสำรวจของสหประชาชาติ 2555" in body
    assert _metric(page, "คะแนนปัจจุบัน (เต็ม 100)") == f"{summary['score']:.2f}"
    start = whatif_start(summary["stages"])["IV"]
    if start == 100:
        pytest.skip("Stage IV is already complete in this sample")
    _press_right(page, "IV")  # IV from its exact mean to start + 1: + 39 × (start + 1 − IV) ÷ 100
    expected = summary["score"] + 39 * (start + 1 - float(summary["stages"]["IV"])) / 100
    assert float(_metric(page, "คะแนนตามสมมติฐาน")) == pytest.approx(expected, abs=0.006)
