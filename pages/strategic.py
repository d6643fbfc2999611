"""Strategic scorecard: where the fiscal year stands — KPIs, satisfaction, e-Gov score, plans."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from loaders.store import default_db_path
from metrics.drilldown import achieved_rows
from metrics.egov import reference_rows
from metrics.egov_store import group_summary, latest_assessments, score_trend
from metrics.filters import DIMENSION_COLUMNS, Filters
from metrics.fiscal import fiscal_year_end, fiscal_year_label, fiscal_year_progress
from metrics.kpi_registry import KPIS, SATISFACTION_TARGET_IDS
from metrics.kpis import (
    KpiResult,
    count_progress,
    cumulative_actual,
    display_status,
    evaluate_kpi,
    evaluate_kpis,
    quarter_progress,
    status_counts,
)
from metrics.register import default_fiscal_year, register_totals
from metrics.satisfaction import (
    ALL_GROUPS,
    METHODS,
    SURVEY_PROCESSES,
    resolve_targets,
    satisfaction_scores,
    survey_rows,
)
from metrics.targets import (
    bands_for,
    cumulative_target,
    list_milestones,
    quarter_targets_for,
    targets_for,
)
from ui import charts, db, shell
from ui import filters as filter_ui
from ui import strategic_view as view
from ui.i18n import fmt_date, fmt_number, kind_label, lang, t
from ui.target_editor import flash, target_editor

KPI_KEY = "strategic_kpi"  # the KPI whose rows are shown (a table click or the select box)
TABLE_KEY = "strategic_scorecard"
TICKED_KEY = "strategic_scorecard_ticked"  # the rows ticked at the last run (no widget owns it)
METHOD_KEY = "strategic_method"
CUMULATIVE_KPI_KEY = "strategic_cumulative_kpi"
COUNT_KPIS = tuple(k.id for k in KPIS if k.measure == "register_count")


# --- cached figures: keyed on the file, its version, the filters and language-free arguments ---
@st.cache_data(show_spinner=False, max_entries=16)
def _year(store: str, version: tuple, chosen: int | None, today: dt.date) -> tuple[int, str]:
    """The fiscal year to show, and why."""
    return default_fiscal_year(db.connection(), chosen=chosen, today=today)


@st.cache_data(show_spinner=False, max_entries=16)
def _figures(
    store: str, version: tuple, filters: Filters, fy: int, today: dt.date, method: str
) -> dict[str, Any]:
    """Every figure of the page for one fiscal year, filters and scoring method."""
    con = db.connection()
    satisfaction_targets = resolve_targets(con, fiscal_year=fy)
    scores = satisfaction_scores(con, filters=filters, method=method, targets=satisfaction_targets)
    overall = scores[scores["respondent_group"] == ALL_GROUPS].astype(object)
    summary = {
        row["process"]: {k: (None if pd.isna(v) else v) for k, v in row.items()}
        for row in overall.to_dict("records")
    }
    kpis = evaluate_kpis(con, filters=filters, today=today, method=method, satisfaction=summary)
    quarters = quarter_targets_for(con, fiscal_year=fy)
    bands = bands_for(con, fiscal_year=fy)
    egov = group_summary(latest_assessments(con, as_of=fiscal_year_end(fy)))
    return {
        "kpis": kpis,
        "scores": scores,
        "satisfaction_targets": satisfaction_targets,
        "annual": targets_for(con, fiscal_year=fy),
        "quarters": quarters,
        "bands": bands,
        "cumulative": {
            k: cumulative_actual(con, k, filters=filters, fiscal_year=fy, today=today)
            for k in COUNT_KPIS
        },
        "progress": count_progress(kpis, today=today, quarters=quarters, bands=bands),
        "egov_trend": score_trend(con),
        "egov_score": egov["score"],
        "linkages": register_totals(con)["linkages"],
        "milestones": list_milestones(con, fiscal_year=fy),
    }


@st.cache_data(show_spinner=False, max_entries=16)
def _kpi_with_rows(
    store: str, version: tuple, filters: Filters, today: dt.date, method: str, kpi_id: str
) -> KpiResult:
    """One KPI judged again with the rows behind it (fetched only when asked for)."""
    return evaluate_kpi(db.connection(), kpi_id, filters=filters, today=today, method=method)


@st.cache_data(show_spinner=False, max_entries=32)
def _month_rows(
    store: str, version: tuple, filters: Filters, fy: int, kpi_id: str, month: int
) -> pd.DataFrame:
    """The rows a 6.2 count counted in one fiscal month."""
    return achieved_rows(db.connection(), kpi_id, filters=filters, fiscal_year=fy, month=month)


@st.cache_data(show_spinner=False, max_entries=32)
def _survey_rows(
    store: str, version: tuple, filters: Filters, process: str, group: str
) -> pd.DataFrame:
    """The survey responses behind one satisfaction bar."""
    return survey_rows(db.connection(), filters=filters, process=process, respondent_group=group)


def _rows(frame: pd.DataFrame, title: str, name: str, key: str) -> None:
    """A drill-down: its title, the rows and their downloads."""
    st.markdown(title)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=view.table_height(frame),
        row_height=view.ROW_HEIGHT,
    )
    shell.download_buttons(frame, name, key=key)


# --- data ---------------------------------------------------------------------------------------
shell.sample_banner()
applied = filter_ui.sidebar()
today = dt.date.today()
store = str(default_db_path())
version = db.data_version()
fy, why = _year(store, version, applied.fiscal_year, today)
scope = applied.replace(fiscal_year=fy, quarter=None)  # this page always shows a whole year
if st.session_state.get(METHOD_KEY) not in METHODS:
    st.session_state[METHOD_KEY] = "mean"
method = st.session_state[METHOD_KEY]
figures = _figures(store, version, scope, fy, today, method)
kpis: list[KpiResult] = figures["kpis"]
by_id = {r.id: r for r in kpis}
statuses = {r.id: display_status(r) for r in kpis}
bands = figures["bands"]

st.title(t("st_title", fy=fiscal_year_label(fy, lang())))
st.caption(
    " · ".join(
        [
            t("st_intro"),
            t("st_as_of", date=fmt_date(today)),
            t(f"st_year_{why}"),
            filter_ui.describe(applied),
        ]
    )
)
if applied.quarter is not None:
    st.caption(t("st_quarter_whole_year", q=applied.quarter))
flash()

# --- the year at a glance -----------------------------------------------------------------------
progress = fiscal_year_progress(fy, today)
counts = status_counts(kpis)
linked = by_id["linkages_achieved"]
benchmark = reference_rows()[-1]
egov_score = figures["egov_score"]
cols = st.columns(5)
cols[0].metric(
    t("st_m_time"),
    f"{progress['percent_elapsed']:.0f}%",
    help=t(
        "st_m_time_help",
        elapsed=progress["days_elapsed"],
        total=progress["days_total"],
        start=fmt_date(progress["start"]),
        end=fmt_date(progress["end"]),
    ),
    border=True,
)
cols[1].metric(
    t("st_m_met"),
    t("st_m_of", part=counts["met"], whole=len(kpis)),
    help=t("st_m_met_help", n=len(kpis)),
    border=True,
)
cols[2].metric(
    t("st_m_attention"),
    fmt_number(counts["not_met"] + counts["at_risk"]),
    help=t("st_m_attention_help"),
    border=True,
)
cols[3].metric(
    t("st_m_linked"),
    (
        t("st_m_of", part=view.count(linked.value), whole=view.count(linked.target))
        if linked.target
        else view.count(linked.value)
    ),
    delta=(
        t("st_m_linked_of_target", pct=view.percent(linked.value * 100 / linked.target, 0))
        if linked.target
        else t("st_m_linked_no_target")
    ),
    delta_color="off",
    delta_arrow="off",
    help=t("st_m_linked_help"),
    border=True,
)
cols[4].metric(
    t("st_m_egov"),
    f"{egov_score:.2f}" if egov_score is not None else "–",
    delta=f"{egov_score - benchmark['score']:+.2f}" if egov_score is not None else None,
    help=t("st_m_egov_help", source=benchmark["source"][lang()], ref=f"{benchmark['score']:.2f}"),
    border=True,
)
charts.plotly_chart(
    view.glance_figure(progress, counts, len(kpis)),
    width="stretch",
    key="strategic_glance",
    config={"displayModeBar": False},
)

# --- KPI scorecard ------------------------------------------------------------------------------
st.subheader(t("st_scorecard"))
st.caption(t("st_scorecard_note"))
if figures["linkages"] == 0:
    view.empty(t("st_empty_register", kind=kind_label("register")))
order = [r.id for r in kpis]
scorecard = view.scorecard_table(kpis, statuses, bands)


ticked = st.dataframe(
    view.status_styler(scorecard, [statuses[k] for k in order]),
    hide_index=True,
    width="stretch",
    height=view.table_height(scorecard, most=900),
    row_height=view.ROW_HEIGHT,
    key=TABLE_KEY,
    on_select="rerun",
    selection_mode="single-row",
    column_config=view.scorecard_columns(),
)
# A newly ticked row shows its KPI below; the select box stays the user's afterwards.
ticked_rows = list(ticked.selection.rows)
if ticked_rows and ticked_rows != st.session_state.get(TICKED_KEY):
    st.session_state[KPI_KEY] = order[ticked_rows[0]]
st.session_state[TICKED_KEY] = ticked_rows
shell.download_buttons(scorecard, f"scorecard_{fy}", key="strategic_scorecard")

chosen_kpi = view.select(
    t("st_pick_kpi"),
    order,
    state_key=KPI_KEY,
    format_func=view.kpi_label,
    placeholder=t("st_pick_placeholder"),
)
if chosen_kpi is not None:
    result, status = by_id[chosen_kpi], statuses[chosen_kpi]
    with st.container(border=True):
        head, badge = st.columns([5, 1])
        head.markdown(f"**{view.kpi_label(chosen_kpi)}**")
        with badge:
            st.badge(view.status_word(status), color=view.BADGE_COLOURS[status])
        for col, label, value in zip(
            st.columns(3),
            (t("st_col_value"), t("st_col_target"), t("st_col_due")),
            (view.value_text(result), view.target_text(result), view.due_text(result)),
            strict=True,
        ):
            col.caption(label)
            col.markdown(f"**{value}**")
        st.caption(t("st_how", text=result.definition.explanation[lang()]))
        st.caption(t("st_manual_target", text=result.definition.target_text[lang()]))
        if note := view.note_text(result, status):
            st.caption(note)
        if result.definition.measure == "milestone":
            st.caption(t("st_milestone_how"))
        behind = view.kpi_rows_table(
            _kpi_with_rows(store, version, scope, today, method, chosen_kpi)
        )
        if behind.empty:
            st.info(t("st_no_rows"), icon=":material/inbox:")
        else:
            _rows(
                behind,
                t("st_rows_behind", n=len(behind)),
                f"kpi_{chosen_kpi}_{fy}",
                "strategic_kpi_rows",
            )

# --- satisfaction and e-Gov ---------------------------------------------------------------------
sat_col, egov_col = st.columns([3, 2], gap="large")
with sat_col:
    st.subheader(t("st_sat"))
    st.segmented_control(
        t("st_sat_method"),
        list(METHODS),
        format_func=lambda m: METHODS[m][lang()],
        key=METHOD_KEY,
    )
    scores: pd.DataFrame = figures["scores"]
    sat_targets = figures["satisfaction_targets"]
    if scores["responses"].sum() == 0:
        view.empty(t("st_empty_surveys", kind=kind_label("surveys")))
    else:
        outbound = sat_targets.get("outbound")
        st.caption(
            t(
                "st_sat_targets",
                outbound=f"≥ {outbound:g}" if outbound is not None else t("st_no_target_set"),
            )
        )
        charts.plotly_chart(
            view.satisfaction_figure(scores, sat_targets, bands, SATISFACTION_TARGET_IDS, method),
            width="stretch",
            key="strategic_sat_chart",
            on_select="rerun",
            selection_mode="points",
        )
        overall = scores[scores["respondent_group"] == ALL_GROUPS]
        for row in overall[overall["low_sample"].astype(bool)].to_dict("records"):
            st.warning(
                f"{view.process_label(row['process'])}: {row[f'warning_{lang()}']}",
                icon=":material/warning:",
            )
        if any(getattr(applied, d) for d in DIMENSION_COLUMNS) or applied.personal_data is not None:
            st.caption(t("st_sat_filters_note"))
        st.caption(t("st_sat_click"))
        if points := view.selected_points("strategic_sat_chart"):
            group = view.satisfaction_groups(scores)[int(points[0].get("curve_number", 0))]
            process = SURVEY_PROCESSES[view.point_index(points[0])]
            answers = view.record_table(
                _survey_rows(store, version, scope, process, group), "surveys"
            )
            what = f"{view.process_label(process)} · {view.group_label(group)}"
            _rows(
                answers,
                t("st_sat_rows", what=what, n=len(answers)),
                f"survey_{process}_{group}_{fy}",
                "strategic_sat_rows",
            )
        with st.expander(t("st_sat_table")):
            table = view.satisfaction_table(scores)
            st.dataframe(table, hide_index=True, width="stretch")
            shell.download_buttons(table, f"satisfaction_{fy}", key="strategic_sat_table")

with egov_col:
    st.subheader(t("st_egov"))
    trend: pd.DataFrame = figures["egov_trend"]
    if trend.empty:
        view.empty(t("st_egov_empty", kind=kind_label("egov")))
    else:
        st.caption(t("st_egov_note"))
        charts.plotly_chart(view.egov_figure(trend, fy), width="stretch", key="strategic_egov")
        with st.expander(t("st_egov_table")):
            table = view.egov_table(trend)
            st.dataframe(table, hide_index=True, width="stretch")
            shell.download_buttons(table, "egov_by_fiscal_year", key="strategic_egov_table")
    view.page_link("pages/egov.py", t("st_egov_more"), ":material/account_balance:")

# --- 6.2 counts: cumulative against the plan, and against target and bands ----------------------
st.subheader(t("st_progress"))
if figures["linkages"] == 0:
    view.empty(t("st_empty_register", kind=kind_label("register")))
cum_col, bullet_col = st.columns([3, 2], gap="large")
with cum_col:
    cum_kpi = view.select(
        t("st_progress_kpi"),
        COUNT_KPIS,
        state_key=CUMULATIVE_KPI_KEY,
        format_func=view.kpi_label,
        default="linkages_achieved",
    )
    actual: pd.DataFrame = figures["cumulative"][cum_kpi]
    plan_quarters = figures["quarters"].get(cum_kpi)
    year_target = by_id[cum_kpi].target
    plan = cumulative_target(fy, annual=year_target, quarters=plan_quarters)
    if plan["target"].isna().all():
        st.caption(t("st_cum_no_plan"))
    charts.plotly_chart(
        view.cumulative_figure(actual, plan),
        width="stretch",
        key="strategic_cumulative",
        on_select="rerun",
        selection_mode="points",
    )
    if plan_quarters is not None and year_target is not None:
        if abs(sum(plan_quarters) - year_target) > 1e-9:
            st.warning(
                t(
                    "st_cum_plan_mismatch",
                    total=view.count(sum(plan_quarters)),
                    annual=view.count(year_target),
                ),
                icon=":material/warning:",
            )
    st.caption(t("st_cum_click"))
    if points := view.selected_points("strategic_cumulative"):
        month = view.point_index(points[0]) + 1
        if points[0].get("curve_number") == 3:  # a quarter-end diamond: that quarter's last month
            month = 3 * month
        month_rows = view.record_table(
            _month_rows(store, version, scope, fy, cum_kpi, month), "register"
        )
        month_name = view.month_label(actual["month_end"].iloc[month - 1])
        _rows(
            month_rows,
            t("st_cum_rows", month=month_name, n=len(month_rows)),
            f"{cum_kpi}_{fy}_month_{month}",
            "strategic_month_rows",
        )

with bullet_col:
    st.markdown(f"**{t('st_bullet')}**")
    progress_table: pd.DataFrame = figures["progress"]
    charts.plotly_chart(
        view.bullet_figure(progress_table, bands, running=progress["state"] == "running"),
        width="stretch",
        key="strategic_bullet",
        on_select="rerun",
        selection_mode="points",
    )
    st.caption(t("st_bullet_note"))
    if points := view.selected_points("strategic_bullet"):
        picked = progress_table["kpi_id"].iloc[view.point_index(points[0])]
        behind = view.kpi_rows_table(_kpi_with_rows(store, version, scope, today, method, picked))
        _rows(
            behind,
            f"{view.kpi_label(picked)} — {t('st_rows_behind', n=len(behind))}",
            f"kpi_{picked}_{fy}",
            "strategic_bullet_rows",
        )

st.markdown(f"**{t('st_quarters', kpi=t(f'st_short_{cum_kpi}'))}**")
quarters = view.quarter_table(quarter_progress(actual, plan, fiscal_year=fy, today=today))
st.dataframe(
    view.highlight_row(quarters, None if applied.quarter is None else applied.quarter - 1),
    hide_index=True,
    width="stretch",
)
shell.download_buttons(quarters, f"{cum_kpi}_{fy}_quarters", key="strategic_quarters")

# --- targets ------------------------------------------------------------------------------------
target_editor(
    fy,
    annual=figures["annual"],
    bands=bands,
    quarters=figures["quarters"],
    milestones=figures["milestones"],
)
