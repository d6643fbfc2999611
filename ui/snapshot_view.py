"""The Administration page's snapshot section: the store as Parquet for a ministry's roll-up."""

from __future__ import annotations

import streamlit as st

from loaders.snapshot import (
    SNAPSHOT_ACTION,
    SnapshotError,
    audit_detail,
    default_snapshot_dir,
    write_snapshot,
)
from metrics.agency_ranking import snapshot_figures
from metrics.exports import agency_name
from ui import db, shell, sign_in
from ui.i18n import pick, t

FLASH_KEY = "administration_flash"  # the Administration page shows it after the rerun


def snapshot_section() -> None:
    """Agency code and name, then one button writing the snapshot (admins only, audited)."""
    folder = default_snapshot_dir()
    st.markdown(f"**{t('snap_title')}**")
    st.caption(t("snap_intro", folder=shell.plain(folder)))
    with st.form("snap_form", border=True):
        left, right = st.columns([1, 2])
        code = left.text_input(t("snap_code"), key="snap_code", help=t("snap_code_help"))
        name = right.text_input(
            t("snap_name"), value=agency_name(db.connection()) or "", key="snap_name"
        )
        made_now = st.form_submit_button(
            t("snap_btn"), icon=":material/inventory_2:", key="snap_btn"
        )
    if not made_now:
        return
    sign_in.require("make_snapshot")
    try:
        made = write_snapshot(db.connection(), folder, code.strip(), name, figures=snapshot_figures)
    except (SnapshotError, OSError) as exc:
        message = pick(exc.th, exc.en) if isinstance(exc, SnapshotError) else str(exc)
        st.error(shell.plain(message), icon=":material/error:")
        return
    sign_in.record(SNAPSHOT_ACTION, audit_detail(made))
    rows = made.manifest["tables"]["linkages"]["rows"]  # type: ignore[index]
    st.session_state[FLASH_KEY] = t("snap_done", folder=shell.plain(made.folder), rows=f"{rows:,}")
    st.rerun()
