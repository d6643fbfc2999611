"""The editor of the agency's own settings, one fiscal year at a time (Administration page).

Every write goes through ``metrics.agency_settings`` (hence ``loaders.writer``), is allowed only
to a role with ``edit_targets`` (admins), is recorded in the audit trail with the old and new
values, and forgets cached figures — as the target editor does (``ui.target_editor``).
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from metrics.agency_settings import (
    MOU_STEP_PREFIX,
    SETTING_BY_ID,
    STUCK_PREFIX,
    clear_setting,
    set_setting,
    settings_table,
)
from metrics.exports import (
    AGENCY_NAME_MAX,
    AgencyNameError,
    set_agency_name,
    stored_agency_name,
)
from metrics.fiscal import current_fiscal_year, fiscal_year_label
from metrics.targets import TargetError
from ui import db, register_view, sign_in
from ui.i18n import fmt_number, lang, pick, t

ACTION = "edit_settings"  # the audit action
PERMISSION = "edit_targets"  # who may: the same role as the target editor
FLASH_KEY = "administration_settings_flash"
YEAR_KEY = "administration_settings_year"


def setting_label(setting_id: str) -> str:
    """A setting's name in the language in use (a stage limit names its stage)."""
    if setting_id.startswith(STUCK_PREFIX):
        stage = register_view.value_label("status", setting_id.removeprefix(STUCK_PREFIX))
        return t("administration_settings_stuck", stage=stage)
    if setting_id.startswith(MOU_STEP_PREFIX):
        step = t(f"mou_step_{setting_id.removeprefix(MOU_STEP_PREFIX)}")
        return t("administration_settings_mou_step", step=step)
    return t(f"setting_{setting_id}")


def _user() -> str:
    """The signed-in user's name, stored beside what they set."""
    return str((sign_in.current_user() or {}).get("username", ""))


def _apply(
    con: duckdb.DuckDBPyConnection, fy: int, changes: dict[str, tuple[int, int | None]]
) -> None:
    """Store the changed settings (new, old) — or clear them when new is None — audit, rerun."""
    sign_in.require(PERMISSION)
    try:
        for setting_id, (_, new) in changes.items():
            if new is None:
                clear_setting(con, fiscal_year=fy, setting_id=setting_id)
            else:
                set_setting(
                    con, fiscal_year=fy, setting_id=setting_id, value=new, updated_by=_user()
                )
    except TargetError as exc:
        st.error(pick(exc.th, exc.en), icon=":material/error:")
        return
    detail: dict[str, Any] = {"fiscal_year": fy}
    detail.update({key: f"{old} → {new}" for key, (old, new) in changes.items()})
    sign_in.record(ACTION, detail)
    db.data_changed()
    label = fiscal_year_label(fy, lang())
    cleared = all(new is None for _, new in changes.values())
    message = t("administration_settings_cleared", fy=label) if cleared else None
    st.session_state[FLASH_KEY] = message or t(
        "administration_settings_saved", fy=label, n=len(changes)
    )
    st.rerun()


def _form(con: duckdb.DuckDBPyConnection, fy: int, table: pd.DataFrame) -> None:
    """One number per setting; Save stores what changed, Reset clears the year's values."""
    with st.form(f"administration_settings_form_{fy}"):
        values: dict[str, int] = {}
        for row in table.to_dict("records"):
            setting = SETTING_BY_ID[row["setting_id"]]
            values[setting.id] = st.number_input(
                setting_label(setting.id),
                min_value=setting.low,
                max_value=setting.high,
                value=int(row["value"]),
                step=1,
                key=f"administration_setting_{fy}_{setting.id}",
                help=t("administration_settings_default", n=fmt_number(setting.default)),
            )
        save_col, reset_col = st.columns(2)
        save = save_col.form_submit_button(
            t("administration_settings_save"), type="primary", icon=":material/save:"
        )
        reset = reset_col.form_submit_button(
            t("administration_settings_reset"), icon=":material/restore:"
        )
    in_force = dict(zip(table["setting_id"], table["value"], strict=True))
    if save:
        changes = {
            key: (int(in_force[key]), int(value))
            for key, value in values.items()
            if int(value) != int(in_force[key])
        }
        if not changes:
            st.info(t("administration_settings_unchanged"), icon=":material/info:")
            return
        _apply(con, fy, changes)
    if reset:
        stored = table[table["stored"]]
        if stored.empty:
            st.info(t("administration_settings_unchanged"), icon=":material/info:")
            return
        _apply(con, fy, {key: (int(in_force[key]), None) for key in stored["setting_id"]})


def _agency_name_form(con: duckdb.DuckDBPyConnection) -> None:
    """The agency's name, which every export's file name and a snapshot start with."""
    stored = stored_agency_name(con) or ""
    if os.environ.get("LINKAGE_AGENCY", "").strip():
        st.caption(t("administration_agency_name_env"))
    if not sign_in.can(PERMISSION):
        st.text(t("administration_agency_name_is", name=stored or "—"))
        return
    with st.form("administration_agency_name_form"):
        typed = st.text_input(
            t("administration_agency_name"),
            value=stored,
            max_chars=AGENCY_NAME_MAX,
            help=t("administration_agency_name_help"),
            key="administration_agency_name",
        )
        save = st.form_submit_button(t("administration_agency_name_save"), icon=":material/save:")
    if not save:
        return
    sign_in.require(PERMISSION)
    try:
        new = set_agency_name(con, typed) or ""
    except AgencyNameError as exc:
        st.error(pick(exc.th, exc.en), icon=":material/error:")
        return
    if new == stored:
        st.info(t("administration_settings_unchanged"), icon=":material/info:")
        return
    sign_in.record(ACTION, {"agency_name": f"{stored} → {new}"})
    st.session_state[FLASH_KEY] = t("administration_agency_name_saved")
    st.rerun()


def settings_editor(con: duckdb.DuckDBPyConnection, today: dt.date) -> None:
    """The agency's name, and its settings of one fiscal year: what is in force, who set it,
    and the form."""
    if message := st.session_state.pop(FLASH_KEY, None):
        st.success(message, icon=":material/check_circle:")
    _agency_name_form(con)
    st.caption(t("administration_settings_intro"))
    current = current_fiscal_year(today)
    years = list(range(current + 1, current - 4, -1))
    fy = st.selectbox(
        t("administration_settings_year"),
        years,
        index=1,
        format_func=lambda y: fiscal_year_label(y, lang()),
        key=YEAR_KEY,
    )
    table = settings_table(con, fiscal_year=fy)
    shown = pd.DataFrame(
        {
            t("administration_settings_col_setting"): [
                setting_label(s) for s in table["setting_id"]
            ],
            t("administration_settings_col_value"): table["value"],
            t("administration_settings_col_default"): table["default"],
            t("administration_settings_col_by"): table["updated_by"].fillna(""),
            t("administration_settings_col_at"): table["updated_at"],
        }
    )
    st.dataframe(shown, hide_index=True, width="stretch")
    if sign_in.can(PERMISSION):
        _form(con, fy, table)
