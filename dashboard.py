"""Entry point: page config, shared imports, navigation by role. Nothing else."""

from __future__ import annotations

# Heavy libraries first, before any page runs (two sessions importing pandas at once can fail).
import duckdb  # noqa: F401
import pandas  # noqa: F401
import plotly.express  # noqa: F401
import streamlit as st

from loaders.store import StoreError
from ui import db, failure_notice, shell, sign_in, uploads
from ui.i18n import t

st.set_page_config(page_title="Linkage dashboard", page_icon=shell.FAVICON, layout="wide")


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
    with shell.routed():
        page = st.navigation(sign_in.visible_pages(_pages(), user))
        if page.url_path != uploads.UPLOAD_URL:
            uploads.release_uploads()  # the file and its preview outlived the Upload page
        page.run()


def _pages() -> dict[str, list[st.Page]]:
    """Every page, grouped for the three roles (each page's roles: auth/roles.py)."""
    # Each file is named after its URL path ("-" as "_"). Streamlit's legacy discovery of the
    # pages/ folder, which would run pages/<url>.py on its own before this router has run once,
    # is switched off when serve.py loads (ui/routing.py; tests/test_names.py holds both).
    pages = {
        t("nav_overview"): [
            st.Page(
                "pages/overview.py",
                title=t("page_home"),
                icon=":material/home:",
                default=True,
                url_path="overview",
            ),
        ],
        t("nav_executive"): [
            st.Page(
                "pages/scorecard.py",
                title=t("page_strategic"),
                icon=":material/flag:",
                url_path="scorecard",
            ),
            st.Page(
                "pages/operations.py",
                title=t("page_operational"),
                icon=":material/pending_actions:",
                url_path="operations",
            ),
            st.Page(
                "pages/comparisons.py",
                title=t("page_tactical"),
                icon=":material/compare_arrows:",
                url_path="comparisons",
            ),
            st.Page(
                "pages/egov_score.py",
                title=t("page_egov"),
                icon=":material/account_balance:",
                url_path="egov-score",
            ),
        ],
        t("nav_planner"): [
            st.Page(
                "pages/what_if.py",
                title=t("page_whatif"),
                icon=":material/tune:",
                url_path="what-if",
            ),
        ],
        t("nav_it"): [
            st.Page(
                "pages/import.py",
                title=t("page_upload"),
                icon=":material/upload_file:",
                url_path="import",
            ),
        ],
        t("nav_admin"): [
            st.Page(
                "pages/administration.py",
                title=t("page_admin"),
                icon=":material/admin_panel_settings:",
                url_path="administration",
            ),
        ],
    }
    return pages


try:
    # The marker is the state a browser test waits for; a failure shows a log reference only.
    with shell.marks_run_end(), failure_notice.reported():
        _run()
finally:
    db.close()  # hold the database file only while a page runs
