"""The editor for one fiscal year's targets: year target and bands, quarter targets, 6.1 milestones.

Every write goes through ``metrics.targets``, is allowed only to a
role with ``edit_targets``, is recorded in the audit trail, and forgets cached figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from metrics.fiscal import fiscal_year_label
from metrics.kpi_registry import KPI_BY_ID, MILESTONES
from metrics.targets import (
    BAND_IDS,
    BAND_LEVELS,
    QUARTER_TARGET_IDS,
    TargetError,
    clear_bands,
    clear_milestone,
    clear_quarter_targets,
    clear_target,
    is_percent,
    set_bands,
    set_count_plan,
    set_milestone,
    set_target,
)
from ui import db, shell, sign_in
from ui.i18n import fmt_date, lang, pick, t
from ui.scorecard_view import kpi_label, select, stored_table

FLASH_KEY = "strategic_flash"  # the last save's message, shown after the rerun it causes
ACTION = "edit_targets"
OPEN_KEY = "strategic_targets_open"  # the "Set targets" expander is open (its forms are drawn)


def flash() -> None:
    """Show what the last save did (it reran the page, so the message waited here)."""
    message = st.session_state.pop(FLASH_KEY, None)
    if message:
        st.success(message, icon=":material/check_circle:")


def _write(action: Callable[[], Any], message: str, detail: dict[str, Any]) -> None:
    """Make a write the user may make, record it, forget cached figures and rerun to show it."""
    sign_in.require(ACTION)
    try:
        action()
    except TargetError as exc:
        st.error(pick(exc.th, exc.en), icon=":material/error:")
        return
    sign_in.record(ACTION, detail)
    db.data_changed()
    st.session_state[FLASH_KEY] = message
    st.rerun()


def _user() -> str:
    """The signed-in user's name, stored beside what they set."""
    user = sign_in.current_user() or {}
    return str(user.get("username", ""))


def _buttons() -> tuple[bool, bool]:
    """The form's Save and Clear buttons."""
    save_col, clear_col = st.columns(2)
    save = save_col.form_submit_button(
        t("scorecard_f_save"), type="primary", icon=":material/save:"
    )
    clear = clear_col.form_submit_button(t("scorecard_f_clear"), icon=":material/delete:")
    return save, clear


def _save_year_and_bands(
    con: duckdb.DuckDBPyConnection,
    fy: int,
    kpi_id: str,
    year_target: float | None,
    levels: dict[str, float | None],
    what: str,
) -> None:
    """Store a KPI's year target and bands; all three bands or none."""
    given = [v for v in levels.values() if v is not None]
    if 0 < len(given) < len(BAND_LEVELS):
        st.error(t("scorecard_f_bands_partial"), icon=":material/error:")
        return

    def _save() -> None:
        """Bands first (the check most likely to refuse), then the year target."""
        if given:
            set_bands(con, fiscal_year=fy, kpi_id=kpi_id, updated_by=_user(), **levels)
        else:
            clear_bands(con, fiscal_year=fy, kpi_id=kpi_id)
        if year_target is None:
            clear_target(con, fiscal_year=fy, kpi_id=kpi_id)
        else:
            set_target(con, fiscal_year=fy, kpi_id=kpi_id, target=year_target, updated_by=_user())

    _write(
        _save,
        t("scorecard_saved", what=what),
        {"fiscal_year": fy, "kpi_id": kpi_id, "target": year_target, **levels},
    )


def _year_and_bands(
    con: duckdb.DuckDBPyConnection,
    fy: int,
    annual: Mapping[str, float],
    bands: Mapping[str, Mapping[str, float]],
) -> None:
    """Year target and bands of one KPI (or of the 6.2 satisfaction target)."""
    kpi_id = select(
        t("scorecard_f_kpi"), BAND_IDS, state_key="strategic_f_band_kpi", format_func=kpi_label
    )
    cap = 100.0 if is_percent(kpi_id) else None
    unit = " (%)" if cap else ""
    stored = bands.get(kpi_id, {})
    manual = t(f"kpi_{kpi_id}_target") if kpi_id in KPI_BY_ID else None
    st.caption(t("scorecard_manual_target", text=manual or t("scorecard_no_target_set")))
    with st.form(f"strategic_year_{fy}_{kpi_id}", border=False):
        year_target = st.number_input(
            t("scorecard_f_annual") + unit,
            min_value=0.0,
            max_value=cap,
            value=annual.get(kpi_id),
            step=1.0,
            help=t("scorecard_f_annual_help"),
            key=f"strategic_f_annual_{fy}_{kpi_id}",
        )
        levels = {
            level: col.number_input(
                t(f"scorecard_f_{level}") + unit,
                min_value=0.0,
                max_value=cap,
                value=stored.get(level),
                step=1.0,
                key=f"strategic_f_{level}_{fy}_{kpi_id}",
            )
            for level, col in zip(BAND_LEVELS, st.columns(3), strict=True)
        }
        st.caption(t("scorecard_f_bands_help"))
        save, clear = _buttons()
    what = f"{kpi_label(kpi_id)} · {fiscal_year_label(fy, lang())}"
    if clear:

        def _clear() -> None:
            """Back to the manual's target, no bands."""
            clear_target(con, fiscal_year=fy, kpi_id=kpi_id)
            clear_bands(con, fiscal_year=fy, kpi_id=kpi_id)

        _write(_clear, t("scorecard_cleared", what=what), {"fiscal_year": fy, "kpi_id": kpi_id})
    if save:
        _save_year_and_bands(con, fy, kpi_id, year_target, levels, what)


def _quarters(
    con: duckdb.DuckDBPyConnection,
    fy: int,
    annual: Mapping[str, float],
    quarters: Mapping[str, Sequence[float]],
) -> None:
    """The four quarters' planned counts of a 6.2 KPI, and its year target."""
    kpi_id = select(
        t("scorecard_f_kpi"),
        QUARTER_TARGET_IDS,
        state_key="strategic_f_quarter_kpi",
        format_func=kpi_label,
    )
    stored = quarters.get(kpi_id) or (None,) * 4
    with st.form(f"strategic_quarters_{fy}_{kpi_id}", border=False):
        plan = [
            col.number_input(
                t("scorecard_f_quarter", q=q),
                min_value=0.0,
                value=stored[q - 1],
                step=1.0,
                key=f"strategic_f_q{q}_{fy}_{kpi_id}",
            )
            for q, col in zip(range(1, 5), st.columns(4), strict=True)
        ]
        year_target = st.number_input(
            t("scorecard_f_annual"),
            min_value=0.0,
            value=annual.get(kpi_id),
            step=1.0,
            key=f"strategic_f_qannual_{fy}_{kpi_id}",
        )
        st.caption(t("scorecard_f_quarters_help"))
        save, clear = _buttons()
    what = f"{kpi_label(kpi_id)} · {fiscal_year_label(fy, lang())}"
    if clear:
        _write(
            lambda: clear_quarter_targets(con, fiscal_year=fy, kpi_id=kpi_id),
            t("scorecard_cleared", what=what),
            {"fiscal_year": fy, "kpi_id": kpi_id, "quarters": None},
        )
    if save:
        if any(v is None for v in plan):
            st.error(t("scorecard_f_quarters_partial"), icon=":material/error:")
            return
        _write(
            lambda: set_count_plan(
                con,
                fiscal_year=fy,
                kpi_id=kpi_id,
                annual=year_target,
                quarters=plan,
                updated_by=_user(),
            ),
            t("scorecard_saved", what=what),
            {"fiscal_year": fy, "kpi_id": kpi_id, "quarters": plan, "target": year_target},
        )


def _milestones(con: duckdb.DuckDBPyConnection, fy: int, recorded: pd.DataFrame) -> None:
    """The day a 6.1 milestone was done in the fiscal year."""
    milestone = select(
        t("scorecard_f_milestone"),
        list(MILESTONES),
        state_key="strategic_f_milestone",
        format_func=lambda m: t(f"milestone_{m}"),
    )
    mine = recorded[(recorded["milestone_id"] == milestone) & recorded["linkage_id"].isna()]
    stored_day: dt.date | None = mine["done_on"].iloc[0] if not mine.empty else None
    stored_note = ""
    if not mine.empty and pd.notna(mine["note"].iloc[0]):
        stored_note = str(mine["note"].iloc[0])
    with st.form(f"strategic_milestone_{fy}_{milestone}", border=False):
        day_col, note_col = st.columns([1, 2])
        done_on = day_col.date_input(
            t("scorecard_f_done_on"),
            value=stored_day,
            format="DD/MM/YYYY",
            key=f"strategic_f_done_{fy}_{milestone}",
        )
        note = note_col.text_input(
            t("scorecard_f_note"), value=stored_note, key=f"strategic_f_note_{fy}_{milestone}"
        )
        if stored_day is not None:
            st.caption(t("scorecard_f_recorded", date=fmt_date(stored_day)))
        save, clear = _buttons()
    name = t(f"milestone_{milestone}")
    what = f"{name} · {fiscal_year_label(fy, lang())}"
    if clear:
        _write(
            lambda: clear_milestone(con, fiscal_year=fy, milestone_id=milestone),
            t("scorecard_cleared", what=what),
            {"fiscal_year": fy, "milestone_id": milestone, "done_on": None},
        )
    if save:
        if done_on is None:
            st.error(t("scorecard_f_done_on_missing"), icon=":material/error:")
            return
        _write(
            lambda: set_milestone(
                con,
                milestone_id=milestone,
                done_on=done_on,
                fiscal_year=fy,
                note=note or None,
                updated_by=_user(),
            ),
            t("scorecard_saved", what=f"{what}: {fmt_date(done_on)}"),
            {"fiscal_year": fy, "milestone_id": milestone, "done_on": done_on},
        )


def target_editor(
    fy: int,
    *,
    annual: Mapping[str, float],
    bands: Mapping[str, Mapping[str, float]],
    quarters: Mapping[str, Sequence[float]],
    milestones: pd.DataFrame,
) -> None:
    """The "Set targets" expander of the fiscal year (controls only for roles that may edit).
    Its forms run and are sent only while it is open, and only the open tab's."""
    box = st.expander(
        t("scorecard_set_targets"), icon=":material/flag:", key=OPEN_KEY, on_change="rerun"
    )
    if not box.open:
        return
    with box:
        st.caption(t("scorecard_set_intro", fy=fiscal_year_label(fy, lang())))
        if not sign_in.can(ACTION):
            st.info(t("scorecard_set_not_allowed"), icon=":material/lock:")
            return
        con = db.connection()
        shell.sections(
            "targets",
            [
                (t("scorecard_tab_year"), lambda: _year_and_bands(con, fy, annual, bands)),
                (t("scorecard_tab_quarters"), lambda: _quarters(con, fy, annual, quarters)),
                (t("scorecard_tab_milestones"), lambda: _milestones(con, fy, milestones)),
                (
                    t("scorecard_tab_stored"),
                    lambda: _stored(fy, annual, bands, quarters, milestones),
                ),
            ],
        )


def _stored(
    fy: int,
    annual: Mapping[str, float],
    bands: Mapping[str, Mapping[str, float]],
    quarters: Mapping[str, Sequence[float]],
    milestones: pd.DataFrame,
) -> None:
    """What is set for the year, as a table to download."""
    stored = stored_table(annual, bands, quarters, milestones)
    if stored.empty:
        st.caption(t("scorecard_nothing_stored"))
    else:
        st.dataframe(stored, hide_index=True, width="stretch")
        shell.download_buttons(stored, f"targets_{fy}", key="strategic_stored")
