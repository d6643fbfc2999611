"""AppTest smoke tests: every page runs on the sample data and on an empty store."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from loaders.store import open_store
from metrics.register import home_figures
from tests.apptest import at_page, dashboard


def _app() -> AppTest:
    """The dashboard, with caches from earlier tests cleared."""
    return dashboard()


def _all_text(at: AppTest) -> str:
    """Every piece of text the page drew (markdown, captions, alerts, metrics)."""
    parts = [
        e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.success)
    ]
    parts += [m.label + " " + str(m.value) for m in at.metric]
    parts += [t.value for t in at.title] + [s.value for s in at.subheader]
    return "\n".join(str(p) for p in parts)


def test_home_on_sample_shows_register_figures(first_start_store):
    """The first start through the dashboard itself: the store is made and the sample loaded."""
    assert not first_start_store.exists()
    at = _app().run()
    assert not at.exception
    con = open_store(first_start_store)
    totals = home_figures(con)
    con.close()
    assert totals["linkages"] > 100
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["การเชื่อมโยงทั้งหมด"] == f"{totals['linkages']:,}"
    assert metrics["หน่วยงานคู่เชื่อมโยง"] == f"{totals['partners']:,}"
    assert "ข้อมูลตัวอย่าง" in _all_text(at)


def test_home_in_english(sample_store):
    at = _app()
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception
    assert "All linkages" in [m.label for m in at.metric]
    assert "Sample data" in _all_text(at)


def test_home_on_empty_store_says_which_upload_fills_it(empty_store):
    at = _app().run()
    assert not at.exception
    assert "ยังไม่มีทะเบียนการเชื่อมโยงข้อมูล" in _all_text(at)
    assert "ข้อมูลตัวอย่าง:" not in _all_text(at)


@pytest.mark.parametrize("store", ["sample_store", "empty_store"])
def test_upload_page_runs(store, request):
    request.getfixturevalue(store)
    at = at_page(_app(), "pages/import.py").run()
    assert not at.exception
    assert "นำเข้าข้อมูลจากสเปรดชีต" in _all_text(at)
