"""Entry point: page config, shared imports, navigation by role. Nothing else."""

from __future__ import annotations

# Heavy libraries first, before any page runs (two sessions importing pandas at once can fail).
import duckdb  # noqa: F401
import pandas  # noqa: F401
import plotly.express  # noqa: F401
import streamlit as st

from loaders.store import StoreError
from ui import db, shell
from ui.i18n import pick, t

st.set_page_config(page_title="Linkage dashboard", page_icon=":material/hub:", layout="wide")

try:
    db.connection()
except StoreError as exc:
    db.close()
    st.error(f"{t('store_error')}: {pick(exc.th, exc.en)}", icon=":material/error:")
    st.stop()

shell.language_switch()

# URL paths never equal a file name in pages/: on a fresh server Streamlit's legacy pages/
# discovery would otherwise run pages/<name>.py on its own, bypassing this router.
pages = {
    t("nav_overview"): [
        st.Page(
            "pages/home.py",
            title=t("page_home"),
            icon=":material/home:",
            default=True,
            url_path="overview",
        ),
    ],
    t("nav_it"): [
        st.Page(
            "pages/upload.py",
            title=t("page_upload"),
            icon=":material/upload_file:",
            url_path="import",
        ),
    ],
}
try:
    st.navigation(pages).run()
finally:
    db.close()  # hold the database file only while a page runs
