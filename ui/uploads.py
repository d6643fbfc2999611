"""What an upload leaves in a session, and letting go of it when the user leaves the Upload page.

A session that stays open keeps what its last run put in its state: the upload page's checked
file (the Preview, with every row read) and, in Streamlit's upload manager, the file itself.
Once the user is on another page neither can be shown again (the uploader starts empty when
its page is opened again), so the router drops both before any other page runs."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

PREVIEW_KEY = "upload_preview"  # the checked file's Preview (not the file itself)
UPLOAD_URL = "import"  # the Upload page's url_path (dashboard.py)


def release_uploads() -> bool:
    """Forget the upload page's preview and drop this session's uploaded files; True if
    there was a preview to forget."""
    held = st.session_state.pop(PREVIEW_KEY, None) is not None
    ctx = get_script_run_ctx()
    manager = getattr(ctx, "uploaded_file_mgr", None)
    if ctx is not None and manager is not None:
        manager.remove_session_files(ctx.session_id)
    return held
