"""The one AppTest launcher of the page tests: the dashboard, caches cleared, one timeout.

Importing this module marks its importer as a page test (see tests/conftest.py): the sign-in is
replaced by a test admin there, and pure tests never import Streamlit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1 import app_test as _app_test
from streamlit.util import calc_hash

import ui.sign_in  # noqa: F401  imported here so tests/conftest.py can stand in a test user
from tests.conftest import ROOT


class _RouterOnlyPagesManager(PagesManager):
    """AppTest resets Streamlit's legacy-pages flag before every run, so each run would treat
    pages/ as legacy pages again; serve.py switches that mode off for the real server
    (ui/routing.py), and this does the same for AppTest's runs."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        PagesManager.uses_pages_directory = False


_app_test.PagesManager = _RouterOnlyPagesManager

# A first run opens DuckDB and imports Plotly; on a loaded 2-core CI machine that takes seconds.
TIMEOUT = 120


def dashboard(
    *,
    lang: str | None = None,
    params: dict[str, Any] | None = None,
    state: dict[str, Any] | None = None,
    script: Path = ROOT / "dashboard.py",
) -> AppTest:
    """The dashboard (or one script) in AppTest, not run yet; caches of earlier tests cleared."""
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(script), default_timeout=TIMEOUT)
    if lang:
        at.query_params["lang"] = lang
    for key, value in (params or {}).items():
        at.query_params[key] = value
    for key, value in (state or {}).items():
        at.session_state[key] = value
    return at


def at_page(at: AppTest, page: str) -> AppTest:
    """`at` set to open `page` ("pages/<name>.py") on its next run, even its first: the router
    registers each page under a URL that is its file name with "-" for "_" (tests/test_names.py
    holds it to that), and Streamlit names a page by the hash of its URL. AppTest's own
    switch_page() knows those URLs only after a first run, which would draw the overview for
    nothing."""
    url = Path(page).stem.replace("_", "-")
    at._page_hash = calc_hash(url)  # what AppTest.switch_page() sets once the URL is known
    return at


def open_page(page: str, *, check: bool = True, **options: Any) -> AppTest:
    """The dashboard run once, on `page` ("pages/<name>.py")."""
    at = at_page(dashboard(**options), page).run()
    assert at._finished_page_script_hash == at._page_hash, f"{page} was not opened"
    if check:
        assert not at.exception, at.exception
    return at
