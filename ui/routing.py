"""Streamlit's legacy multipage mode, switched off before the first request.

Streamlit 1.67 decides once per process, when its first page manager is made, whether a
`pages/` folder beside the main script makes this a legacy multipage app
(`PagesManager.uses_pages_directory`). Until `st.navigation` has run once it then lists the
folder's files as the app's pages and runs the requested one itself (`_mpa_v1` in its script
runner): on a fresh server, a first request for /operations could run pages/operations.py
without the router and sign-in, and the first page showed Streamlit's own list of file names.
st.navigation sets the flag to False itself; this sets it before any session exists."""

from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager


def use_the_router_only() -> None:
    """Never treat pages/ as Streamlit's legacy pages (call before the server takes requests)."""
    PagesManager.uses_pages_directory = False
