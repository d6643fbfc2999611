"""Entry point: page config, shared imports, navigation by role. Nothing else."""

from __future__ import annotations

# Heavy libraries first, before any page runs (two sessions importing pandas at once can fail).
import duckdb  # noqa: F401
import pandas  # noqa: F401
import plotly.express  # noqa: F401
import streamlit as st

from loaders.store import StoreError
from ui import db, failure_notice, rollup_view, shell, sign_in, uploads
from ui.i18n import t

st.set_page_config(page_title="Linkage dashboard", page_icon=shell.FAVICON, layout="wide")


# The menu, in order: (group label, page file, title label, icon, URL path). Each file is named
# after its URL path ("-" as "_"); the first page is the default. Each page's roles: auth/roles.py.
PAGES = (
    ("nav_overview", "pages/overview.py", "page_home", ":material/home:", "overview"),
    ("nav_executive", "pages/scorecard.py", "page_strategic", ":material/flag:", "scorecard"),
    ("nav_executive", "pages/operations.py", "page_operational", ":material/pending_actions:", "operations"),
    ("nav_executive", "pages/comparisons.py", "page_tactical", ":material/compare_arrows:", "comparisons"),
    ("nav_executive", "pages/egov_score.py", "page_egov", ":material/account_balance:", "egov-score"),
    ("nav_executive", "pages/across_agencies.py", "page_across", ":material/lan:", "across-agencies"),
    ("nav_planner", "pages/what_if.py", "page_whatif", ":material/tune:", "what-if"),
    ("nav_it", "pages/import.py", "page_upload", ":material/upload_file:", "import"),
    ("nav_admin", "pages/administration.py", "page_admin", ":material/admin_panel_settings:", "administration"),
)  # fmt: skip
ROLLUP_PAGE = "across-agencies"


def _run() -> None:
    """Sign the user in, then show the pages their role may open."""
    try:
        db.connection()
    except StoreError as exc:  # its path and backup go to the server log only
        failure_notice.store_unavailable(exc)
        shell.stop()
    shell.language_switch()
    user = sign_in.signed_in_user()
    if user is None:
        # Every page's URL answers with the sign-in form, so a bookmarked or shared link
        # opens the page it names once the user has signed in.
        st.navigation(sign_in.sign_in_pages(_pages()), position="hidden").run()
        return
    sign_in.sidebar_account(user)
    rollup_view.agency_picker()  # roll-up mode only: the filter "หน่วยงาน"
    with shell.routed():
        page = st.navigation(sign_in.visible_pages(_pages(), user))
        if page.url_path != uploads.UPLOAD_URL:
            uploads.release_uploads()  # the file and its preview outlived the Upload page
        page.run()


def _pages() -> dict[str, list[st.Page]]:
    """Every page, grouped for the roles, in the language in use."""
    # Streamlit's legacy discovery of the pages/ folder, which would run pages/<url>.py on its
    # own before this router has run once, is switched off when serve.py loads (ui/routing.py;
    # tests/test_names.py holds both).
    pages: dict[str, list[st.Page]] = {}
    for group, file, title, icon, url_path in PAGES:
        if url_path == ROLLUP_PAGE and db.rollup_dir() is None:
            continue  # a page of roll-up mode only
        page = st.Page(
            file, title=t(title), icon=icon, url_path=url_path, default=file == PAGES[0][1]
        )
        pages.setdefault(t(group), []).append(page)
    return pages


try:
    # The marker is the state a browser test waits for; a failure shows a log reference only.
    with shell.marks_run_end(), failure_notice.reported():
        _run()
finally:
    db.close()  # hold the database file only while a page runs
