"""Strategic scorecard: where the fiscal year stands — KPIs, satisfaction, e-Gov score, plans."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

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
from ui import cache, charts, export_view, shell, tables, theme
from ui import filter_bar as filter_ui
from ui import scorecard_view as view
from ui.i18n import fmt_date, fmt_number, kind_label, lang, t
from ui.target_editor import flash, target_editor

KPI_KEY = "strategic_kpi"  # the KPI whose rows are shown (a table click or the select box)
TABLE_KEY = "strategic_scorecard"
TICKED_KEY = "strategic_scorecard_ticked"  # the rows ticked at the last run (no widget owns it)
METHOD_KEY = "strategic_method"
CUMULATIVE_KPI_KEY = "strategic_cumulative_kpi"
COUNT_KPIS = tuple(k.id for k in KPIS if k.measure == "register_count")


def _figures(con: Any, *, filters: Filters, fiscal_year: int, today: dt.date, method: str) -> dict:
    """Every figure of the page for one fiscal year, filters and scoring method."""
    satisfaction_targets = resolve_targets(con, fiscal_year=fiscal_year)
    scores = satisfaction_scores(con, filters=filters, method=method, targets=satisfaction_targets)
    overall = scores[scores["respondent_group"] == ALL_GROUPS].astype(object)
    summary = {
        row["process"]: {k: (None if pd.isna(v) else v) for k, v in row.items()}
        for row in overall.to_dict("records")
    }
    kpis = evaluate_kpis(con, filters=filters, today=today, method=method, satisfaction=summary)
    quarters = quarter_targets_for(con, fiscal_year=fiscal_year)
    bands = bands_for(con, fiscal_year=fiscal_year)
    return {
        "kpis": kpis,
        "scores": scores,
        "satisfaction_targets": satisfaction_targets,
        "annual": targets_for(con, fiscal_year=fiscal_year),
        "quarters": quarters,
        "bands": bands,
        "cumulative": {
            k: cumulative_actual(con, k, filters=filters, fiscal_year=fiscal_year, today=today)
            for k in COUNT_KPIS
        },
        "progress": count_progress(kpis, today=today, quarters=quarters, bands=bands),
        "egov_trend": score_trend(con),
        "egov_score": group_summary(latest_assessments(con, as_of=fiscal_year_end(fiscal_year)))[
            "score"
        ],
        "linkages": register_totals(con)["linkages"],
        "milestones": list_milestones(con, fiscal_year=fiscal_year),
    }


def _kpi_rows(kpi_id: str, *, filters: Filters, today: dt.date, method: str) -> pd.DataFrame:
    """The rows behind one KPI as shown (the KPI judged again with its rows, cached)."""
    result = cache.cached(evaluate_kpi, filters, kpi_id=kpi_id, today=today, method=method)
    return view.kpi_rows_table(result)


def _method() -> str:
    """The satisfaction scoring method in use (the mean unless the user picked another)."""
    if st.session_state.get(METHOD_KEY) not in METHODS:
        st.session_state[METHOD_KEY] = "mean"
    return st.session_state[METHOD_KEY]


def _header(applied: Filters, fy: int, why: str, today: dt.date) -> None:
    """The year's title, what the page shows and under which filters."""
    st.title(t("scorecard_title", fy=fiscal_year_label(fy, lang())))
    st.caption(
        " · ".join(
            [
                t("scorecard_intro"),
                t("scorecard_as_of", date=fmt_date(today)),
                t(f"scorecard_year_{why}"),
                filter_ui.describe(applied),
            ]
        )
    )
    if applied.quarter is not None:
        st.caption(t("scorecard_quarter_whole_year", q=applied.quarter))
    flash()


def _time_and_kpi_cards(cols: list, progress: dict, kpis: list[KpiResult]) -> None:
    """Cards: the share of the year gone, the KPIs met, the KPIs that need attention."""
    counts = status_counts(kpis)
    cols[0].metric(
        t("scorecard_m_time"),
        f"{progress['percent_elapsed']:.0f}%",
        help=t(
            "scorecard_m_time_help",
            elapsed=progress["days_elapsed"],
            total=progress["days_total"],
            start=fmt_date(progress["start"]),
            end=fmt_date(progress["end"]),
        ),
        border=True,
    )
    cols[1].metric(
        t("scorecard_m_met"),
        t("scorecard_m_of", part=counts["met"], whole=len(kpis)),
        help=t("scorecard_m_met_help", n=len(kpis)),
        border=True,
    )
    cols[2].metric(
        t("scorecard_m_attention"),
        fmt_number(counts["not_met"] + counts["at_risk"]),
        help=t("scorecard_m_attention_help"),
        border=True,
    )


def _linked_and_egov_cards(cols: list, linked: KpiResult, egov_score: float | None) -> None:
    """Cards: the linkages achieved against their target, the e-Gov score against a benchmark."""
    benchmark = reference_rows()[-1]
    cols[3].metric(
        t("scorecard_m_linked"),
        (
            t("scorecard_m_of", part=view.count(linked.value), whole=view.count(linked.target))
            if linked.target
            else view.count(linked.value)
        ),
        delta=(
            t(
                "scorecard_m_linked_of_target",
                pct=view.percent(linked.value * 100 / linked.target, 0),
            )
            if linked.target
            else t("scorecard_m_linked_no_target")
        ),
        delta_color="off",
        delta_arrow="off",
        help=t("scorecard_m_linked_help"),
        border=True,
    )
    cols[4].metric(
        t("scorecard_m_egov"),
        f"{egov_score:.2f}" if egov_score is not None else "–",
        delta=f"{egov_score - benchmark['score']:+.2f}" if egov_score is not None else None,
        help=t(
            "scorecard_m_egov_help",
            source=benchmark["source"][lang()],
            ref=f"{benchmark['score']:.2f}",
        ),
        border=True,
    )


def _glance(figures: dict, fy: int, today: dt.date) -> dict:
    """The year at a glance: five cards and the time-against-KPIs bar; returns the progress."""
    kpis: list[KpiResult] = figures["kpis"]
    progress = fiscal_year_progress(fy, today)
    cols = st.columns(5)
    _time_and_kpi_cards(cols, progress, kpis)
    by_id = {r.id: r for r in kpis}
    _linked_and_egov_cards(cols, by_id["linkages_achieved"], figures["egov_score"])
    charts.plotly_chart(
        view.glance_figure(progress, status_counts(kpis), len(kpis)),
        width="stretch",
        key="strategic_glance",
        config={"displayModeBar": False},
    )
    return progress


def _scorecard(figures: dict, statuses: dict, fy: int) -> list[str]:
    """The KPI scorecard, a row of which can be ticked; returns the KPIs in their order."""
    kpis: list[KpiResult] = figures["kpis"]
    st.subheader(t("scorecard_scorecard"))
    st.caption(t("scorecard_scorecard_note"))
    if figures["linkages"] == 0:
        shell.empty_state("scorecard_empty_register", kind=kind_label("register"))
    order = [r.id for r in kpis]
    scorecard = view.scorecard_table(kpis, statuses, figures["bands"])
    ticked = st.dataframe(
        view.status_styler(scorecard, [statuses[k] for k in order]),
        hide_index=True,
        width="stretch",
        height=tables.table_height(scorecard, most=900),
        row_height=theme.ROW_HEIGHT,
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
    return order


def _kpi_detail(
    result: KpiResult, status: str, *, scope: Filters, today: dt.date, method: str, fy: int
) -> None:
    """One KPI's card: value, target, due date, how it is worked out and the rows behind it."""
    chosen_kpi = result.id
    with st.container(border=True):
        head, badge = st.columns([5, 1])
        head.markdown(f"**{view.kpi_label(chosen_kpi)}**")
        with badge:
            st.badge(view.status_word(status), color=theme.STATUS_BADGE[status])
        for col, label, value in zip(
            st.columns(3),
            (t("scorecard_col_value"), t("scorecard_col_target"), t("scorecard_col_due")),
            (view.value_text(result), view.target_text(result), view.due_text(result)),
            strict=True,
        ):
            col.caption(label)
            col.markdown(f"**{value}**")
        st.caption(t("scorecard_how", text=t(f"kpi_{result.id}_explanation")))
        st.caption(t("scorecard_manual_target", text=t(f"kpi_{result.id}_target")))
        st.caption(t("scorecard_responsible", text=view.responsible_text(result)))
        if note := view.note_text(result, status):
            st.caption(note)
        if result.definition.measure == "milestone":
            st.caption(t("scorecard_milestone_how"))
        for line in view.report_source_lines(result):
            st.caption(line)
        behind = _kpi_rows(chosen_kpi, filters=scope, today=today, method=method)
        if behind.empty:
            st.info(t("scorecard_no_rows"), icon=":material/inbox:")
        else:
            tables.drill_rows(
                behind,
                t("scorecard_rows_behind", n=len(behind)),
                name=f"kpi_{chosen_kpi}_{fy}",
                key="strategic_kpi_rows",
            )


def _survey_answers(clicked: Any, scope: Filters, fy: int) -> None:
    """The answers behind a clicked satisfaction bar."""
    if chosen := charts.selected_point(clicked):
        process, group = chosen[0], chosen[1]
        answers = view.record_table(
            cache.cached(survey_rows, scope, process=process, respondent_group=group)
        )
        what = f"{charts.process_label(process)} · {charts.group_label(group)}"
        tables.drill_rows(
            answers,
            t("scorecard_sat_rows", what=what, n=len(answers)),
            name=f"survey_{process}_{group}_{fy}",
            key="strategic_sat_rows",
        )


def _satisfaction(figures: dict, *, applied: Filters, scope: Filters, method: str, fy: int) -> None:
    """Satisfaction per process and group against its targets; a bar opens its answers."""
    st.subheader(t("scorecard_sat"))
    st.segmented_control(
        t("scorecard_sat_method"),
        list(METHODS),
        format_func=charts.method_label,
        key=METHOD_KEY,
    )
    scores: pd.DataFrame = figures["scores"]
    sat_targets = figures["satisfaction_targets"]
    if scores["responses"].sum() == 0:
        shell.empty_state("scorecard_empty_surveys", kind=kind_label("surveys"))
        return
    st.caption(t("scorecard_sat_targets", targets=view.satisfaction_targets_text(sat_targets)))
    bands = figures["bands"]
    sat_bands = {p: bands[k] for p, k in SATISFACTION_TARGET_IDS.items() if k in bands}
    clicked = charts.plotly_chart(
        charts.satisfaction_figure(scores, method=method, bands=sat_bands),
        width="stretch",
        key="strategic_sat_chart",
        on_select="rerun",
        selection_mode="points",
    )
    overall = scores[scores["respondent_group"] == ALL_GROUPS]
    for row in overall[overall["low_sample"].astype(bool)].to_dict("records"):
        st.warning(
            f"{charts.process_label(row['process'])}: "
            f"{charts.few_responses_note(row['responses'], row['margin_of_error'])}",
            icon=":material/warning:",
        )
    if any(getattr(applied, d) for d in DIMENSION_COLUMNS) or applied.personal_data is not None:
        st.caption(t("scorecard_sat_filters_note"))
    st.caption(t("scorecard_sat_click"))
    _survey_answers(clicked, scope, fy)
    if box := shell.folded(t("scorecard_sat_table"), "strategic_sat_table"):
        with box:
            tables.download_table(
                tables.satisfaction_table(scores),
                name=f"satisfaction_{fy}",
                key="strategic_sat_table",
            )


def _egov(figures: dict, fy: int) -> None:
    """The e-Gov score over the fiscal years, and the way to the e-Gov page."""
    st.subheader(t("scorecard_egov"))
    trend: pd.DataFrame = figures["egov_trend"]
    if trend.empty:
        shell.empty_state("scorecard_egov_empty", kind=kind_label("egov"))
    else:
        st.caption(t("scorecard_egov_note"))
        charts.plotly_chart(
            charts.egov_trend_figure(trend, chosen=fy), width="stretch", key="strategic_egov"
        )
        if box := shell.folded(t("scorecard_egov_table"), "strategic_egov_table"):
            with box:
                tables.download_table(
                    tables.egov_trend_table(trend),
                    name="egov_by_fiscal_year",
                    key="strategic_egov_table",
                )
    view.page_link("pages/egov_score.py", t("scorecard_egov_more"), ":material/account_balance:")


def _month_rows(
    clicked: Any, actual: pd.DataFrame, *, cum_kpi: str, scope: Filters, fy: int
) -> None:
    """The rows counted in a clicked month of the cumulative chart."""
    if chosen := charts.selected_point(clicked):
        month = int(chosen[0])
        counted = cache.cached(achieved_rows, scope, kpi_id=cum_kpi, fiscal_year=fy, month=month)
        month_rows = view.record_table(counted)
        month_name = view.month_label(actual["month_end"].iloc[month - 1])
        tables.drill_rows(
            month_rows,
            t("scorecard_cum_rows", month=month_name, n=len(month_rows)),
            name=f"{cum_kpi}_{fy}_month_{month}",
            key="strategic_month_rows",
        )


def _cumulative(
    figures: dict, *, scope: Filters, fy: int
) -> tuple[str, pd.DataFrame, pd.DataFrame]:
    """A count KPI month by month against its plan; returns the KPI, its actuals and plan."""
    cum_kpi = view.select(
        t("scorecard_progress_kpi"),
        COUNT_KPIS,
        state_key=CUMULATIVE_KPI_KEY,
        format_func=view.kpi_label,
        default="linkages_achieved",
    )
    actual: pd.DataFrame = figures["cumulative"][cum_kpi]
    plan_quarters = figures["quarters"].get(cum_kpi)
    year_target = next(r for r in figures["kpis"] if r.id == cum_kpi).target
    plan = cumulative_target(fy, annual=year_target, quarters=plan_quarters)
    if plan["target"].isna().all():
        st.caption(t("scorecard_cum_no_plan"))
    clicked = charts.plotly_chart(
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
                    "scorecard_cum_plan_mismatch",
                    total=view.count(sum(plan_quarters)),
                    annual=view.count(year_target),
                ),
                icon=":material/warning:",
            )
    st.caption(t("scorecard_cum_click"))
    _month_rows(clicked, actual, cum_kpi=cum_kpi, scope=scope, fy=fy)
    return cum_kpi, actual, plan


def _bullet(
    figures: dict, progress: dict, *, scope: Filters, today: dt.date, method: str, fy: int
) -> None:
    """Each count against its target and bands; a bar opens the rows behind it."""
    st.markdown(f"**{t('scorecard_bullet')}**")
    progress_table: pd.DataFrame = figures["progress"]
    clicked = charts.plotly_chart(
        view.bullet_figure(
            progress_table, figures["bands"], running=progress["state"] == "running"
        ),
        width="stretch",
        key="strategic_bullet",
        on_select="rerun",
        selection_mode="points",
    )
    st.caption(t("scorecard_bullet_note"))
    if chosen := charts.selected_point(clicked):
        picked = chosen[0]
        behind = _kpi_rows(picked, filters=scope, today=today, method=method)
        tables.drill_rows(
            behind,
            f"{view.kpi_label(picked)} — {t('scorecard_rows_behind', n=len(behind))}",
            name=f"kpi_{picked}_{fy}",
            key="strategic_bullet_rows",
        )


def _quarters(
    cum_kpi: str,
    actual: pd.DataFrame,
    plan: pd.DataFrame,
    *,
    applied: Filters,
    fy: int,
    today: dt.date,
) -> None:
    """The chosen count quarter by quarter against its plan, the filtered quarter highlighted."""
    st.markdown(f"**{t('scorecard_quarters', kpi=t(f'scorecard_short_{cum_kpi}'))}**")
    quarters = view.quarter_table(quarter_progress(actual, plan, fiscal_year=fy, today=today))
    st.dataframe(
        view.highlight_row(quarters, None if applied.quarter is None else applied.quarter - 1),
        hide_index=True,
        width="stretch",
    )
    shell.download_buttons(quarters, f"{cum_kpi}_{fy}_quarters", key="strategic_quarters")


def _picked_kpi(
    order: list[str],
    figures: dict,
    statuses: dict,
    *,
    scope: Filters,
    today: dt.date,
    method: str,
    fy: int,
) -> None:
    """The KPI picked in the box (or ticked in the scorecard), shown in detail."""
    chosen_kpi = view.select(
        t("scorecard_pick_kpi"),
        order,
        state_key=KPI_KEY,
        format_func=view.kpi_label,
        placeholder=t("scorecard_pick_placeholder"),
    )
    if chosen_kpi is not None:
        result = next(r for r in figures["kpis"] if r.id == chosen_kpi)
        _kpi_detail(result, statuses[chosen_kpi], scope=scope, today=today, method=method, fy=fy)


def _progress(
    figures: dict,
    progress: dict,
    *,
    applied: Filters,
    scope: Filters,
    today: dt.date,
    method: str,
    fy: int,
) -> None:
    """6.2 counts: cumulative against the plan, against target and bands, and by quarter."""
    st.subheader(t("scorecard_progress"))
    if figures["linkages"] == 0:
        shell.empty_state("scorecard_empty_register", kind=kind_label("register"))
    cum_col, bullet_col = st.columns([3, 2], gap="large")
    with cum_col:
        cum_kpi, actual, plan = _cumulative(figures, scope=scope, fy=fy)
    with bullet_col:
        _bullet(figures, progress, scope=scope, today=today, method=method, fy=fy)
    _quarters(cum_kpi, actual, plan, applied=applied, fy=fy, today=today)


def _satisfaction_and_egov(
    figures: dict, *, applied: Filters, scope: Filters, method: str, fy: int
) -> None:
    """Satisfaction against its targets beside the e-Gov score over the years."""
    sat_col, egov_col = st.columns([3, 2], gap="large")
    with sat_col:
        _satisfaction(figures, applied=applied, scope=scope, method=method, fy=fy)
    with egov_col:
        _egov(figures, fy)


# --- page ---------------------------------------------------------------------------------------
shell.access_guard()
shell.sample_banner()
applied = filter_ui.sidebar()
today = dt.date.today()
fy, why = cache.cached(default_fiscal_year, None, chosen=applied.fiscal_year, today=today)
scope = applied.replace(fiscal_year=fy, quarter=None)  # this page always shows a whole year
method = _method()
figures = cache.cached(_figures, scope, fiscal_year=fy, today=today, method=method)
statuses = {r.id: display_status(r) for r in figures["kpis"]}
_header(applied, fy, why, today)
progress = _glance(figures, fy, today)
order = _scorecard(figures, statuses, fy)
_picked_kpi(order, figures, statuses, scope=scope, today=today, method=method, fy=fy)
shell.sections(  # one drawn at a time; not a fragment: the method chosen rescores the KPIs
    "scorecard",
    [
        (
            t("scorecard_tab_satisfaction"),
            lambda: _satisfaction_and_egov(
                figures, applied=applied, scope=scope, method=method, fy=fy
            ),
        ),
        (
            t("scorecard_tab_progress"),
            lambda: _progress(
                figures, progress, applied=applied, scope=scope, today=today, method=method, fy=fy
            ),
        ),
    ],
)
export_view.briefing_section(scope, fiscal_year=fy, today=today, method=method)
target_editor(
    fy,
    annual=figures["annual"],
    bands=figures["bands"],
    quarters=figures["quarters"],
    milestones=figures["milestones"],
)
