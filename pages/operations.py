"""Operations: what is in which stage now, what waits too long, who must approve, what expires."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from loaders.history import upload_history
from loaders.spec import STATUSES
from metrics.agency_settings import mou_step_limits, settings_for, stuck_limits
from metrics.approvals import BODIES
from metrics.drilldown import linkage_rows
from metrics.filters import NO_FILTERS, Filters
from metrics.findings import findings, findings_summary
from metrics.fiscal import fiscal_year as fiscal_year_of
from metrics.fiscal import fiscal_year_label
from metrics.mou_procedure import mou_step_rows, mou_step_summary
from metrics.pipeline import (
    lapsed_agreements,
    lapsed_count,
    mark_late,
    mou_expiry,
    mou_expiry_summary,
    open_requests,
    pending_approvals,
    pending_approvals_by_approver,
    requests_in_band,
    stuck_summary,
    stuck_watch,
    wait_bands,
)
from metrics.register import (
    OUTCOME_STATUSES,
    OUTCOMES,
    counts_by,
    register_changes,
    register_totals,
)
from ui import cache, register_view, shell, sign_in, tables, theme
from ui import filter_bar as global_filters
from ui.i18n import fmt_date, fmt_number, kind_label, lang, pick, t

CHANGES_SHOWN = 50
UPLOADS_SHOWN = 10


def _settings(filters: Filters, today: dt.date) -> dict:
    """The agency's settings in force for the fiscal year shown (today's when none is chosen),
    with that year under ``fiscal_year`` and the per-stage limits under ``stuck``."""
    fy = filters.fiscal_year if filters.fiscal_year is not None else fiscal_year_of(today)
    settings = dict(cache.cached(settings_for, None, fiscal_year=fy))
    return {
        **settings,
        "fiscal_year": fy,
        "stuck": tuple(stuck_limits(settings).items()),
        "mou_steps": tuple(mou_step_limits(settings).items()),
        "mou": (settings["mou_window_near"], settings["mou_window_far"]),
    }


def _agency_caption(settings: dict, what: str) -> None:
    """Say that a number shown is the agency's own setting, not the manuals'."""
    fy = fiscal_year_label(settings["fiscal_year"], lang())
    st.caption(t("operations_agency_setting", fy=fy, what=what))


def _windows(settings: dict) -> dict:
    """The MOU windows as label values: near, the day after it, far."""
    near, far = settings["mou"]
    return {"near": near, "next": near + 1, "far": far}


def _label(text: dict[str, str]) -> str:
    """A {th, en} label in the language in use."""
    return pick(text["th"], text["en"])


def _outcome_of(status: str) -> str:
    """The outcome group (in progress, live, ended) a status belongs to."""
    return next(o for o, statuses in OUTCOME_STATUSES.items() if status in statuses)


def _pipeline(filters: Filters) -> None:
    """Linkages per lifecycle stage in lifecycle order; a bar drills down to its linkages."""
    st.subheader(t("operations_pipeline"))
    st.caption(t("operations_pipeline_help"))
    counts = cache.cached(counts_by, filters, dimension="status")
    by_status = dict(zip(counts["key"], counts["linkages"], strict=True))
    stages = pd.DataFrame({"status": list(STATUSES)})
    stages["linkages"] = [int(by_status.get(s, 0)) for s in stages["status"]]
    stages["label"] = register_view.value_labels("status", stages["status"])
    stages["outcome"] = [_outcome_of(s) for s in stages["status"]]
    stages["outcome_label"] = [_label(OUTCOMES[o]) for o in stages["outcome"]]
    fig = px.bar(
        stages,
        x="linkages",
        y="label",
        orientation="h",
        color="outcome_label",
        color_discrete_map={_label(OUTCOMES[o]): c for o, c in theme.OUTCOMES.items()},
        custom_data=["status"],
        text="linkages",
        labels={"linkages": t("v_axis_linkages"), "label": "", "outcome_label": ""},
        category_orders={"outcome_label": [_label(OUTCOMES[o]) for o in OUTCOMES]},
        height=register_view.bar_height(len(stages), per_bar=30),
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(stages["label"])[::-1])
    fig.update_traces(textposition="outside", cliponaxis=False)
    fig.update_layout(
        legend={"orientation": "h", "y": 1.08, "x": 0, "title_text": ""},
        margin={"t": 40, "l": 10, "r": 30, "b": 40},
    )
    chosen = register_view.clickable(fig, key="operations_pipeline_chart")
    if chosen:
        status = chosen[0]
        rows = cache.cached(linkage_rows, filters, dimension="status", key=status)
        st.markdown(
            t(
                "operations_rows_of_stage",
                stage=register_view.value_label("status", status),
                n=len(rows),
            )
        )
        tables.show_table(rows, name=f"linkages_{status}", key="operations_stage_rows")


def _band_label(low: int, high: int | None) -> str:
    """A band of days waiting as people read it: up to 30, 31–60, over 180."""
    if low == 0:
        return t("operations_band_upto", high=high)
    return t("v_band_over", low=low) if high is None else f"{low + 1}–{high}"


def _wait_figure(bands: pd.DataFrame) -> go.Figure:
    """Open requests per band of days waiting, late bands in red; a bar's custom data is [band]."""
    bands = bands.assign(
        label=[
            _band_label(low, high) for low, high in zip(bands["low"], bands["high"], strict=True)
        ],
        state=[t("operations_late") if late else t("operations_on_time") for late in bands["late"]],
    )
    fig = px.bar(
        bands,
        x="label",
        y="linkages",
        color="state",
        color_discrete_map={
            t("operations_late"): theme.LATE,
            t("operations_on_time"): theme.NEUTRAL_BAR,
        },
        custom_data=["band"],
        text="linkages",
        labels={"label": t("operations_axis_days_waiting"), "linkages": "", "state": ""},
        height=330,
    )
    fig.update_xaxes(categoryorder="array", categoryarray=list(bands["label"]), type="category")
    fig.update_traces(textposition="outside", cliponaxis=False)
    fig.update_layout(
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "title_text": ""},
        margin={"t": 40, "l": 10, "r": 10, "b": 40},
        bargap=0.25,
    )
    return fig


def _open_requests(requests: pd.DataFrame, settings: dict) -> None:
    """Open requests by days waiting, the late ones in red."""
    st.subheader(t("operations_requests"))
    if requests.empty:
        st.success(t("operations_no_requests"), icon=":material/check_circle:")
        return
    _agency_caption(settings, t("operations_setting_late", days=settings["late_after_days"]))
    choose, late_card, longest_card = st.columns([2, 1, 1])
    late_after = choose.number_input(
        t("operations_late_after"),
        min_value=1,
        max_value=365,
        value=min(int(settings["late_after_days"]), 365),
        step=15,
        key="operations_late_after",
        help=t("operations_late_after_help"),
    )
    marked = mark_late(requests, late_after_days=late_after)
    late_card.metric(t("operations_m_late", days=late_after), fmt_number(int(marked["late"].sum())))
    longest = t("v_days", n=fmt_number(marked["days_waiting"].max()))
    longest_card.metric(t("operations_m_longest"), longest)
    bands = wait_bands(requests, late_after_days=late_after)
    chosen = register_view.clickable(_wait_figure(bands), key="operations_wait_chart")
    shown = marked
    if chosen:
        band = int(chosen[0])
        in_band = requests_in_band(requests, band=band, late_after_days=late_after)
        shown = mark_late(in_band, late_after_days=late_after)
        chosen_band = bands[bands["band"] == band].iloc[0]
        label = _band_label(chosen_band["low"], chosen_band["high"])
        st.markdown(t("operations_rows_in_band", band=label, n=len(shown)))
    else:
        st.markdown(t("operations_requests_table"))
    tables.show_table(
        shown,
        name="open_requests",
        key="operations_requests_table",
        columns=[
            "partner_name",
            "days_waiting",
            "requested_on",
            "status",
            "direction",
            "dataset",
            "linkage_id",
        ],
        colours=[theme.ROW_LATE if late else None for late in shown["late"]],
    )


def _stuck_figure(summary: dict, limit_of: dict) -> go.Figure:
    """Stuck linkages per stage as horizontal bars, each stage labelled with its limit."""
    stages = pd.DataFrame({"status": list(limit_of)})
    stages["linkages"] = [summary[s] for s in stages["status"]]
    stages["label"] = [
        f"{register_view.value_label('status', s)} ({t('operations_over_days', days=limit_of[s])})"
        for s in stages["status"]
    ]
    fig = px.bar(
        stages,
        x="linkages",
        y="label",
        orientation="h",
        custom_data=["status"],
        text="linkages",
        labels={"linkages": t("v_axis_linkages"), "label": ""},
        color_discrete_sequence=[theme.LATE],
        height=register_view.bar_height(len(stages), per_bar=32),
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(stages["label"])[::-1])
    fig.update_traces(textposition="outside", cliponaxis=False)
    fig.update_layout(margin={"t": 10, "l": 10, "r": 30, "b": 40})
    return fig


def _stuck(filters: Filters, today: dt.date, settings: dict) -> None:
    """Linkages in an unfinished stage past its limit, per stage; a bar drills down."""
    st.subheader(t("operations_stuck"))
    limit_of = dict(settings["stuck"])
    limits = ", ".join(
        f"{register_view.value_label('status', s)} {days}" for s, days in limit_of.items()
    )
    st.caption(t("operations_stuck_help", limits=limits))
    _agency_caption(settings, t("operations_setting_stuck"))
    summary = cache.cached(stuck_summary, filters, today=today, limit_days=settings["stuck"])
    if summary["total"] == 0:
        st.success(t("operations_no_stuck"), icon=":material/check_circle:")
        return
    chosen = register_view.clickable(_stuck_figure(summary, limit_of), key="operations_stuck_chart")
    stage = chosen[0] if chosen else None
    total = summary[stage] if stage else summary["total"]
    rows = cache.cached(
        stuck_watch,
        filters,
        today=today,
        stage=stage,
        limit=tables.TABLE_ROWS,
        limit_days=settings["stuck"],
    )
    if stage:
        label = register_view.value_label("status", stage)
        st.markdown(t("operations_rows_of_stage", stage=label, n=fmt_number(total)))
    else:
        st.markdown(t("operations_stuck_table", n=fmt_number(total)))
    tables.show_table(
        rows,
        total=total,
        name="stuck_linkages",
        key="operations_stuck_table",
        columns=[
            "partner_name",
            "status",
            "days_in_stage",
            "limit_days",
            "entered_on",
            "dataset",
            "linkage_id",
        ],
    )


def _count_bars(frame: pd.DataFrame, key_column: str, colour: str, key: str) -> list | None:
    """Horizontal bars of `linkages` per `label`, in the frame's order; a click on a bar gives
    its `key_column` value (the drill-down)."""
    fig = px.bar(
        frame,
        x="linkages",
        y="label",
        orientation="h",
        custom_data=[key_column],
        text="linkages",
        labels={"linkages": t("v_axis_linkages"), "label": ""},
        color_discrete_sequence=[colour],
        height=register_view.bar_height(len(frame), per_bar=44, minimum=200),
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(frame["label"])[::-1])
    fig.update_traces(textposition="outside", cliponaxis=False)
    fig.update_layout(margin={"t": 10, "l": 10, "r": 30, "b": 40})
    return register_view.clickable(fig, key=key)


def _approvals(filters: Filters, today: dt.date) -> None:
    """Inbound requests waiting for each approver (CDO, council, DPO); a bar drills down."""
    st.subheader(t("operations_approvals"))
    st.caption(t("operations_approvals_help"))
    per_approver = cache.cached(pending_approvals_by_approver, filters)
    if int(per_approver["linkages"].sum()) == 0:
        st.success(t("operations_no_approvals"), icon=":material/check_circle:")
        return
    per_approver = per_approver.assign(label=[_label(BODIES[a]) for a in per_approver["approver"]])
    chosen = _count_bars(per_approver, "approver", theme.APPROVER_BAR, "operations_approvals_chart")
    rows = cache.cached(pending_approvals, filters, today=today)
    if chosen:
        rows = rows[rows["approver"] == chosen[0]]
        st.markdown(
            t("operations_rows_of_approver", approver=_label(BODIES[chosen[0]]), n=len(rows))
        )
    _approvals_table(rows)


def _approvals_table(rows: pd.DataFrame) -> None:
    """Each pending approval with the body, the manual's clause that requires it and its age."""
    rows = rows.assign(
        approver=[_label(BODIES[a]) for a in rows["approver"]],
        requirement=[
            f"{summary} ({source})"
            for summary, source in zip(
                rows[pick("summary_th", "summary_en")],
                rows[pick("source_th", "source_en")],
                strict=True,
            )
        ],
    )
    tables.show_table(
        rows,
        name="pending_approvals",
        key="operations_approvals_table",
        columns=[
            "partner_name",
            "approver",
            "days_waiting",
            "requirement",
            "clause",
            "classification",
            "critical_data",
            "personal_data",
            "requested_on",
            "dataset",
            "linkage_id",
        ],
        headers={
            "requirement": t("operations_col_requirement"),
            "clause": t("operations_col_clause"),
        },
    )


def _findings(filters: Filters) -> None:
    """Rows accepted at import that someone must fix (TEMPLATES §1a); a bar drills down."""
    st.subheader(t("operations_findings"))
    st.caption(t("operations_findings_help"))
    summary = cache.cached(findings_summary, filters)
    if int(summary["linkages"].sum()) == 0:
        st.success(t("operations_no_findings"), icon=":material/check_circle:")
        return
    summary = summary.assign(label=[t(f"finding_{key}") for key in summary["finding"]])
    chosen = _count_bars(summary, "finding", theme.FINDING_BAR, "operations_findings_chart")
    rows = cache.cached(findings, filters, finding=chosen[0] if chosen else None)
    if chosen:
        label = summary.loc[summary["finding"] == chosen[0], "label"].iloc[0]
        st.markdown(t("operations_rows_of_finding", finding=label, n=len(rows)))
    rows = rows.assign(
        finding_label=[t(f"finding_{key}") for key in rows["finding"]],
        rule=[t(f"finding_rule_{key}") for key in rows["finding"]],
    )
    tables.show_table(
        rows,
        name="findings",
        key="operations_findings_table",
        columns=["partner_name", "finding_label", "rule", "personal_data", "legal_basis",
                 "consent_doc_ref", "mou_signed_on", "mou_expires_on", "status", "linkage_id"],
        headers={"finding_label": t("operations_col_finding"), "rule": t("operations_col_rule")},
    )  # fmt: skip


def _procedure(filters: Filters, today: dt.date, settings: dict) -> None:
    """The MOU procedure's sub-stages (PWO §6): time in each, late ones, stuck MOUs named."""
    st.subheader(t("operations_procedure"))
    st.caption(t("operations_procedure_help"))
    _agency_caption(settings, t("operations_setting_mou_steps"))
    limits = settings["mou_steps"]
    summary = cache.cached(mou_step_summary, filters, today=today, limits=limits)
    if int(summary["completed"].sum() + summary["waiting"].sum()) == 0:
        st.info(t("operations_no_procedure"), icon=":material/inbox:")
        return
    summary = summary.assign(label=[t(f"mou_step_{step}") for step in summary["step"]])
    columns = st.columns(len(summary))
    for card, row in zip(columns, summary.itertuples(), strict=True):
        median = "—" if pd.isna(row.median_days) else fmt_number(row.median_days)
        card.metric(
            row.label,
            t("operations_procedure_median", days=median),
            t("operations_procedure_stuck", n=fmt_number(row.stuck)) if row.stuck else None,
            delta_color="inverse",
            border=True,
            help=t("operations_procedure_card_help", limit=fmt_number(row.limit_days)),
        )
    tables.show_table(
        summary,
        name="mou_procedure",
        key="operations_procedure_table",
        columns=["label", "limit_days", "completed", "median_days", "late", "waiting", "stuck"],
        headers={key: t(f"operations_col_{key}") for key in
                 ("label", "completed", "median_days", "late", "waiting", "stuck")},
    )  # fmt: skip
    stuck = cache.cached(mou_step_rows, filters, today=today, stuck_only=True, limits=limits)
    if stuck.empty:
        st.success(t("operations_no_stuck_mou"), icon=":material/check_circle:")
        return
    st.markdown(t("operations_stuck_mou", n=fmt_number(len(stuck))))
    stuck = stuck.assign(step=[t(f"mou_step_{s}") for s in stuck["step"]])
    tables.show_table(
        stuck,
        name="stuck_mous",
        key="operations_stuck_mou_table",
        columns=["partner_name", "step", "days", "limit_days", "started_on", "mou_ref",
                 "status", "dataset", "linkage_id"],
        headers={"step": t("operations_col_label"), "started_on": t("operations_col_started_on")},
    )  # fmt: skip


def _mous(filters: Filters, today: dt.date, settings: dict) -> None:
    """MOUs expired or expiring within the agency's two windows, coloured by urgency."""
    st.subheader(t("operations_mou"))
    st.caption(t("operations_mou_help", today=fmt_date(today)))
    windows = _windows(settings)
    _agency_caption(settings, t("operations_setting_mou", **windows))
    summary = cache.cached(mou_expiry_summary, filters, today=today, windows=settings["mou"])
    expired, within_90, within_180 = st.columns(3)
    expired.metric(t("operations_m_expired"), fmt_number(summary["expired"]), border=True)
    within_90.metric(
        t("operations_m_within_90", **windows),
        fmt_number(summary["expiring_within_90"]),
        border=True,
    )
    later = summary["expiring_within_180"] - summary["expiring_within_90"]
    within_180.metric(t("operations_m_within_180", **windows), fmt_number(later), border=True)
    rows = cache.cached(
        mou_expiry,
        filters,
        today=today,
        within_days=windows["far"],
        limit=tables.TABLE_ROWS,
        windows=settings["mou"],
    )
    if rows.empty:
        st.success(t("operations_no_mou", **windows), icon=":material/check_circle:")
        return
    colours = [theme.MOU_ROWS.get(b) for b in rows["band"]]
    rows = rows.assign(band=[t(f"operations_band_{b}", **windows) for b in rows["band"]])
    tables.show_table(
        rows,
        total=summary["expired"] + summary["expiring_within_180"],
        name="mou_expiry",
        key="operations_mou_table",
        columns=[
            "band",
            "mou_expires_on",
            "days_left",
            "partner_name",
            "status",
            "dataset",
            "mou_ref",
            "linkage_id",
        ],
        colours=colours,
        headers={"band": t("operations_col_band")},
    )


def _lapsed(filters: Filters, today: dt.date) -> None:
    """Finding: linkages still live past their agreement's expiry, each row listed to act on."""
    st.subheader(t("operations_lapsed"))
    st.caption(t("operations_lapsed_help", today=fmt_date(today)))
    total = cache.cached(lapsed_count, filters, today=today)
    if total == 0:
        st.success(t("operations_lapsed_none"), icon=":material/check_circle:")
        return
    rows = cache.cached(lapsed_agreements, filters, today=today, limit=tables.TABLE_ROWS)
    st.markdown(t("operations_lapsed_table", n=fmt_number(total)))
    tables.show_table(
        rows,
        total=total,
        name="expired_but_live",
        key="operations_lapsed_table",
        columns=[
            "partner_name",
            "mou_expires_on",
            "days_lapsed",
            "status",
            "owner_notified_on",
            "dataset",
            "mou_ref",
            "linkage_id",
        ],
        colours=[theme.ROW_LATE] * len(rows),
        headers={"days_lapsed": t("operations_col_days_lapsed")},
    )


def _stuck_and_approvals(filters: Filters, today: dt.date, settings: dict) -> None:
    """Stuck linkages per stage beside the approvals each body owes."""
    left, right = st.columns(2, gap="large")
    with left:
        _stuck(filters, today, settings)
    with right:
        _approvals(filters, today)


def _agreements(filters: Filters, today: dt.date, settings: dict) -> None:
    """Agreements: linkages live past their MOU's expiry, then MOUs expired or expiring."""
    _lapsed(filters, today)
    st.divider()
    _mous(filters, today, settings)


def _history(filters: Filters) -> None:
    """The latest register changes and the latest uploads."""
    _changes(filters)
    _uploads()


def _changes(filters: Filters) -> None:
    """The latest register changes: field, old → new, when, which upload."""
    st.subheader(t("operations_changes"))
    changes = cache.cached(register_changes, filters, limit=CHANGES_SHOWN)
    if changes.empty:
        st.info(t("operations_no_changes"), icon=":material/history:")
    else:
        st.caption(t("operations_changes_help", n=CHANGES_SHOWN))
        table = pd.DataFrame(
            {
                "changed_at": changes["changed_at"],
                "partner_name": changes["partner_name"],
                "field": [register_view.header(f) for f in changes["field"]],
                "change": [
                    f"{_value(f, old)} → {_value(f, new)}"
                    for f, old, new in zip(
                        changes["field"], changes["old_value"], changes["new_value"], strict=True
                    )
                ],
                "upload": [
                    t("operations_upload_ref", id=u, file=name or "")
                    for u, name in zip(changes["upload_id"], changes["file_name"], strict=True)
                ],
                "linkage_id": changes["linkage_id"],
            }
        )
        tables.show_table(
            table,
            name="register_changes",
            key="operations_changes_table",
            with_time=["changed_at"],
            headers={
                "changed_at": t("operations_col_when"),
                "field": t("operations_col_field"),
                "change": t("operations_col_change"),
                "upload": t("operations_col_upload"),
            },
            height=320,
        )


def _uploads() -> None:
    """The latest uploads: who sent which file, what it added and changed."""
    st.subheader(t("operations_uploads"))
    st.caption(t("operations_uploads_help"))
    uploads = cache.cached(upload_history, None, limit=UPLOADS_SHOWN)
    if uploads.empty:
        st.info(t("no_history"), icon=":material/history:")
        return
    uploads = uploads.assign(kind=[kind_label(k) for k in uploads["kind"]])
    tables.show_table(
        uploads,
        name="uploads",
        key="operations_uploads_table",
        columns=[
            "upload_id",
            "uploaded_at",
            "file_name",
            "kind",
            "uploaded_by",
            "accepted",
            "rejected",
            "added",
            "changed",
        ],
        with_time=["uploaded_at"],
        headers={
            c: t(f"h_{c}")
            for c in (
                "upload_id",
                "uploaded_at",
                "file_name",
                "kind",
                "uploaded_by",
                "accepted",
                "rejected",
                "added",
                "changed",
            )
        },
    )


def _value(field: str, value: object) -> str:
    """A history value as people read it (enum keys labelled, blanks as a dash)."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return "–"
    if field in ("status", "direction", "partner_type", "method", "classification"):
        return register_view.value_label(field, value)
    return str(value)


def _totals_or_stop(filters: Filters) -> dict:
    """The register totals under the filters; the run ends on an empty store or no match."""
    store_totals = cache.cached(register_totals, NO_FILTERS)
    if store_totals["linkages"] == 0:
        shell.empty_state("empty_register")
        if sign_in.can("upload"):  # a page outside the role's navigation cannot be linked
            st.page_link("pages/import.py", label=t("page_upload"), icon=":material/upload_file:")
        shell.stop()
    totals = cache.cached(register_totals, filters)
    if totals["linkages"] == 0:
        register_view.no_match()
        shell.stop()
    return totals


def _headline(filters: Filters, totals: dict, today: dt.date, settings: dict) -> pd.DataFrame:
    """Six headline cards; returns the open requests, which the page lists below."""
    requests = cache.cached(open_requests, filters, today=today)
    stuck = cache.cached(stuck_summary, filters, today=today, limit_days=settings["stuck"])
    pending = cache.cached(pending_approvals_by_approver, filters)
    mou = cache.cached(mou_expiry_summary, filters, today=today, windows=settings["mou"])
    lapsed = cache.cached(lapsed_count, filters, today=today)
    headline = st.columns(6)
    for card, label, value in zip(
        headline,
        (
            "operations_m_linkages",
            "operations_m_open",
            "operations_m_stuck",
            "operations_m_pending",
            "operations_m_mou",
            "operations_m_lapsed",
        ),
        (
            totals["linkages"],
            len(requests),
            stuck["total"],
            int(pending["linkages"].sum()),
            mou["expired"] + mou["expiring_within_90"],
            lapsed,
        ),
        strict=True,
    ):
        help_text = t(f"{label}_help", **_windows(settings))
        card.metric(t(label), fmt_number(value), border=True, help=help_text)
    return requests


# --- page ------------------------------------------------------------------------------------
shell.access_guard()
shell.sample_banner()
st.title(t("operations_title"))
today = dt.date.today()
st.caption(t("operations_intro", today=fmt_date(today)))
filters = global_filters.sidebar()
st.caption(global_filters.describe(filters))
totals = _totals_or_stop(filters)
settings = _settings(filters, today)
requests = _headline(filters, totals, today, settings)
_pipeline(filters)
st.divider()
shell.sections(
    "operations",
    [
        (t("operations_tab_requests"), lambda: _open_requests(requests, settings)),
        (t("operations_tab_stuck"), lambda: _stuck_and_approvals(filters, today, settings)),
        (t("operations_tab_agreements"), lambda: _agreements(filters, today, settings)),
        (t("operations_tab_procedure"), lambda: _procedure(filters, today, settings)),
        (t("operations_tab_findings"), lambda: _findings(filters)),
        (t("operations_tab_history"), lambda: _history(filters)),
    ],
    fragment=True,  # a tab, a chart click or the late limit reruns the open section only
)
