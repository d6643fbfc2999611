"""Roll-up mode's widgets: the "หน่วยงาน" filter in the sidebar and the across-agencies page."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from metrics.agency_ranking import MEASURES, agency_reports, agency_row, ranking, usable
from ui import db, shell
from ui.i18n import fmt_date, pick, t


def _agency_label(code: str | None) -> str:
    """An agency as the filter lists it: name (code) · date of its figures; or "all"."""
    found = db.rollup()
    if code is None or found is None:
        return t("rollup_all")
    snap = found.agencies[code]
    return f"{snap.name} ({code}) · {fmt_date(snap.created_at)}"


def agency_picker() -> None:
    """The sidebar filter "หน่วยงาน" (roll-up mode only): every page then shows that agency."""
    found = db.rollup()
    if found is None:
        return
    codes = sorted(found.agencies, key=lambda c: (found.agencies[c].name, c))
    st.sidebar.selectbox(
        t("rollup_agency"), [None, *codes], format_func=_agency_label, key=db.AGENCY_KEY
    )


@st.cache_resource(show_spinner=False, max_entries=4)
def _reports(root: str, codes: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """Each agency's report: the figures its snapshot carries (computed when it was written),
    else (a snapshot written without them, or with figures the ranking cannot read) computed
    here once per roll-up folder and process. Shared, not copied (cache_resource): at 3,000
    agencies st.cache_data unpickled every report on every run. Read only, never changed."""
    found = db.rollup()
    stored = {c: found.agencies[c].figures for c in codes} if found is not None else {}
    stored = {c: f for c, f in stored.items() if f is not None and usable(f)}
    missing = [c for c in codes if c not in stored]
    connections = {code: db.agency_connection(code) for code in missing}
    try:
        computed = agency_reports(connections)
    finally:
        for con in connections.values():
            con.close()
    return {c: stored[c] if c in stored else computed[c] for c in codes}


def _columns() -> dict[str, str]:
    """The ranking's column names in the language in use."""
    return {
        "rank": t("xa_col_rank"),
        "agency": t("xa_col_agency"),
        "agency_name": t("xa_col_name"),
        "data_as_of": t("xa_col_as_of"),
        "linkages": t("xa_col_linkages"),
        "kpi_met": t("xa_col_kpi_met"),
        "kpi_behind": t("xa_col_kpi_behind"),
        "kpi_no_data": t("xa_col_kpi_no_data"),
        "satisfaction_below_target": t("xa_col_sat_below"),
        "satisfaction_gap": t("xa_col_sat_gap"),
        "open_requests": t("xa_col_open"),
        "stuck": t("xa_col_stuck"),
        "egov_score": t("xa_col_egov"),
    }


def _measure_label(measure: str) -> str:
    """What a ranking measure is called."""
    return {
        "kpi_status": t("xa_by_kpi"),
        "satisfaction": t("xa_by_satisfaction"),
        "pipeline": t("xa_by_pipeline"),
        "egov": t("xa_by_egov"),
    }[measure]


def _refusals() -> None:
    """Snapshots not read (with why) and older ones replaced by a newer snapshot."""
    found = db.rollup()
    for refused in found.refused:
        where = shell.plain(
            refused.folder.relative_to(found.root)
            if refused.folder != found.root
            else refused.folder
        )
        st.warning(
            t(
                "xa_refused",
                folder=shell.plain(str(where)),
                reason=shell.plain(pick(refused.th, refused.en)),
            ),
            icon=":material/gpp_bad:",
        )
    for old in found.superseded:
        st.caption(t("xa_superseded", agency=shell.plain(old.name), day=fmt_date(old.created_at)))


def _show_agency(code: str) -> None:
    """Make every page show one agency (the sidebar filter), from the drill-down."""
    st.session_state[db.AGENCY_KEY] = code


def _text(value: object) -> str:
    """A KPI's value or target as text (they are counts, percents or dates)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return f"{value:,.2f}" if isinstance(value, float) else str(value)


def _drill_down(frame: pd.DataFrame, reports: dict[str, dict[str, Any]]) -> None:
    """One agency's figures: its KPIs with their status, and a way to open every page on it."""
    codes = list(frame["agency"])
    chosen = st.selectbox(t("xa_drill"), codes, format_func=_agency_label, key="xa_drill")
    if chosen is None:
        return
    row = frame[frame["agency"] == chosen].iloc[0]
    cols = st.columns(4)
    cols[0].metric(t("xa_col_kpi_behind"), int(row["kpi_behind"]))
    gap = row["satisfaction_gap"]
    cols[1].metric(t("xa_col_sat_gap"), "–" if pd.isna(gap) else f"{gap:+.2f}")
    cols[2].metric(t("xa_col_stuck"), int(row["stuck"]))
    score = row["egov_score"]
    cols[3].metric(t("xa_col_egov"), "–" if pd.isna(score) else f"{score:.2f}")
    kpis = pd.DataFrame(reports[chosen]["kpis"])
    if not kpis.empty:
        shown = kpis[["process", pick("name_th", "name_en"), "status", "value", "target"]]
        text = shown.assign(
            value=[_text(v) for v in shown["value"]], target=[_text(v) for v in shown["target"]]
        )
        st.dataframe(text, hide_index=True, width="stretch")
    st.button(t("xa_open_agency"), on_click=_show_agency, args=(chosen,), key="xa_open")


def across_agencies() -> None:
    """The across-agencies page: refusals, the ranking on one measure, drill-down."""
    found = db.rollup()
    if found is None:
        st.info(t("xa_not_rollup"), icon=":material/info:")
        return
    _refusals()
    if not found.agencies:
        st.info(t("xa_empty"), icon=":material/inbox:")
        return
    reports = _reports(str(found.root), tuple(sorted(found.agencies)))
    rows = [
        agency_row(code, snap.name, snap.created_at, reports[code])
        for code, snap in found.agencies.items()
    ]
    measure = (
        st.segmented_control(
            t("xa_rank_by"),
            list(MEASURES),
            format_func=_measure_label,
            default="kpi_status",
            key="xa_measure",
        )
        or "kpi_status"
    )
    frame = ranking(rows, measure)
    shown = frame.assign(data_as_of=[fmt_date(v) for v in frame["data_as_of"]])
    names = _columns()
    st.dataframe(shown[list(names)].rename(columns=names), hide_index=True, width="stretch")
    shell.download_buttons(shown[list(names)].rename(columns=names), "across_agencies", key="xa_dl")
    _drill_down(frame, reports)
