"""Comparisons: results by partner, ministry, method …; trends; lead times; satisfaction; exits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from metrics.drilldown import (
    cancellation_rows,
    event_rows,
    lead_time_rows,
    linkage_rows,
    survey_rows,
)
from metrics.filters import NO_FILTERS, Filters
from metrics.fiscal import fiscal_year_label, quarter_label
from metrics.lead_times import LEAD_TIME_SEGMENTS, lead_time_distribution, lead_time_summary
from metrics.lifecycle import LINKED
from metrics.operation_model import guidance_table
from metrics.pipeline import EVENTS, cancellations_by_reason, event_trend, year_over_year
from metrics.register import (
    COMPARE_DIMENSIONS,
    OUTCOMES,
    ROLLUP_DIMENSIONS,
    compare_by,
    quadrant_counts,
    register_totals,
)
from metrics.satisfaction import METHODS as SATISFACTION_METHODS
from metrics.satisfaction import satisfaction_scores
from ui import cache, charts, db, register_view, shell, tables, theme
from ui import filter_bar as global_filters
from ui.i18n import fmt_number, lang, pick, t


def _label(text: dict[str, str]) -> str:
    """A {th, en} label in the language in use."""
    return pick(text["th"], text["en"])


def _register_ready(store_linkages: int, linkages: int) -> bool:
    """Say why a register-based part is empty (no register, or nothing in the filters)."""
    if store_linkages == 0:
        shell.empty_state("empty_register")
        return False
    if linkages == 0:
        register_view.no_match()
        return False
    return True


def _when_ready(
    draw: Callable[[Filters], None], filters: Filters, store_linkages: int, linkages: int
) -> Callable[[], None]:
    """A register-based section: drawn when the register has rows under the filters, else
    its empty state says why."""

    def section() -> None:
        if _register_ready(store_linkages, linkages):
            draw(filters)

    return section


def _quarter_name(fiscal_year: int, quarter: int) -> str:
    """A quarter in full: ไตรมาส 1 (ต.ค.–ธ.ค.) ปีงบประมาณ 2569."""
    quarter_text = quarter_label(quarter, lang(), with_months=True)
    return f"{quarter_text} {fiscal_year_label(fiscal_year, lang())}"


def _quarter_tick(quarter: int) -> str:
    """A quarter under its fiscal year on a time axis, narrow enough to stay horizontal."""
    return f"{t('comparisons_quarter_word')}\n{quarter}" if lang() == "th" else f"Q{quarter}"


def _legend_on_top(fig: go.Figure, *, top: int = 40) -> None:
    """A horizontal legend above the plot, no legend title."""
    fig.update_layout(
        legend={"orientation": "h", "y": 1.02, "yanchor": "bottom", "x": 0, "title_text": ""},
        margin={"t": top, "l": 10, "r": 10, "b": 10},
    )


# --- comparisons --------------------------------------------------------------------------------


def _compare_figure(compared: pd.DataFrame) -> go.Figure:
    """Outcomes stacked per value of the dimension; a segment's custom data is [key, outcome]."""
    long = compared.melt(
        id_vars=["key", "label"], value_vars=list(OUTCOMES), var_name="outcome", value_name="n"
    )
    long["outcome_label"] = [_label(OUTCOMES[o]) for o in long["outcome"]]
    long["text"] = [fmt_number(n) if n else "" for n in long["n"]]
    fig = px.bar(
        long,
        x="n",
        y="label",
        color="outcome_label",
        orientation="h",
        text="text",
        custom_data=["key", "outcome"],
        color_discrete_map={_label(OUTCOMES[o]): c for o, c in theme.OUTCOMES.items()},
        category_orders={"outcome_label": [_label(OUTCOMES[o]) for o in OUTCOMES]},
        labels={"n": t("v_axis_linkages"), "label": "", "outcome_label": ""},
        height=register_view.bar_height(len(compared), per_bar=38),
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(compared["label"])[::-1])
    fig.update_traces(textposition="inside", insidetextanchor="middle")
    register_view.count_axis(fig, compared["linkages"].max())
    fig.update_layout(barmode="stack")
    _legend_on_top(fig)
    return fig


def _compare_table(compared: pd.DataFrame, dimension: str) -> None:
    """The comparison as a table with its downloads."""
    tables.show_table(
        compared,
        name=f"comparison_{dimension}",
        key="comparisons_compare_table",
        columns=[
            "label",
            "linkages",
            "in_progress",
            "live",
            "ended",
            "live_pct",
            "median_request_to_link_days",
        ],
        headers={
            "label": _dimension_name(dimension),
            "linkages": t("comparisons_col_linkages"),
            "in_progress": _label(OUTCOMES["in_progress"]),
            "live": _label(OUTCOMES["live"]),
            "ended": _label(OUTCOMES["ended"]),
            "live_pct": t("comparisons_col_live_pct"),
            "median_request_to_link_days": t("comparisons_col_median_link"),
        },
    )


def _dimension_name(dimension: str) -> str:
    """A comparison dimension's name (the agencies of a roll-up are not a register filter)."""
    return t("comparisons_dim_agency") if dimension == "agency" else t(f"f_{dimension}")


def _value_name(dimension: str, key: str) -> str:
    """A compared value as people read it: a ministry as written, an agency by its name and
    code, an enum by its label."""
    if dimension == "ministry":
        return key
    found = db.rollup()
    if dimension == "agency" and found is not None and key in found.agencies:
        return f"{found.agencies[key].name} ({key})"
    return register_view.value_label(dimension, key)


def _compare(filters: Filters) -> None:
    """Outcomes per value of the chosen dimension; a bar segment drills down to its linkages."""
    st.subheader(t("comparisons_compare"))
    st.caption(t("comparisons_compare_help"))
    # Over all agencies of a roll-up, the agencies are one more dimension.
    across = db.rollup() is not None and db.chosen_agency() is None
    dimension = st.segmented_control(
        t("comparisons_dimension"),
        [*COMPARE_DIMENSIONS, *(ROLLUP_DIMENSIONS if across else ())],
        format_func=_dimension_name,
        default="partner_type",
        key="comparisons_dimension",
    )
    dimension = dimension or "partner_type"
    if dimension == "agency" and not across:
        dimension = "partner_type"  # chosen before the roll-up was narrowed to one agency
    compared = cache.cached(compare_by, filters, dimension=dimension)
    labels = [_value_name(dimension, key) for key in compared["key"]]
    labels = [register_view.value_label(dimension, None) if k == "unspecified" else lab
              for k, lab in zip(compared["key"], labels, strict=True)]  # fmt: skip
    compared = compared.assign(label=labels)
    chosen = register_view.clickable(_compare_figure(compared), key="comparisons_compare_chart")
    if chosen:
        key, outcome = chosen[0], chosen[1]
        rows = cache.cached(linkage_rows, filters, dimension=dimension, key=key, outcome=outcome)
        # A ministry (from the register) or an agency name (from a snapshot's manifest) is
        # text from a file: shown as written, never as Markdown.
        name = _value_name(dimension, key)
        name = shell.plain(name) if dimension in ("ministry", "agency") else name
        st.markdown(
            t("comparisons_rows_of", what=f"{name} · {_label(OUTCOMES[outcome])}", n=len(rows))
        )
        tables.show_table(rows, name=f"linkages_{dimension}", key="comparisons_compare_rows")
    st.markdown(f"**{t('comparisons_compare_table')}**")
    _compare_table(compared, dimension)


# --- trends -------------------------------------------------------------------------------------


def _trends(filters: Filters) -> None:
    """Events per fiscal quarter, and one event year over year."""
    if _quarter_trend(filters):
        _year_over_year(filters)


def _quarter_trend(filters: Filters) -> bool:
    """Events per fiscal quarter, one line per event; a point drills down. False when none."""
    st.subheader(t("comparisons_trend"))
    st.caption(t("comparisons_trend_help"))
    trend = cache.cached(event_trend, filters)
    if trend.empty or int(trend["linkages"].sum()) == 0:
        st.info(t("comparisons_no_events"), icon=":material/timeline:")
        return False
    chosen = register_view.clickable(_trend_figure(trend), key="comparisons_trend_chart")
    if chosen:
        _event_drill(
            filters, chosen[0], int(chosen[1]), int(chosen[2]), key="comparisons_trend_rows"
        )
    return True


def _year_over_year(filters: Filters) -> None:
    """One event per quarter, year beside year, with each year's total; a bar drills down."""
    st.subheader(t("comparisons_yoy"))
    chosen_event = st.segmented_control(
        t("comparisons_yoy_event"),
        list(EVENTS),
        format_func=lambda e: t(f"pipeline_event_{e}"),
        default=LINKED,
        key="comparisons_yoy_event",
    )
    chosen_event = chosen_event or LINKED
    st.caption(t("comparisons_yoy_help", event=t(f"pipeline_event_{chosen_event}")))
    yoy = cache.cached(year_over_year, filters, event=chosen_event)
    if yoy.empty:
        st.info(t("comparisons_no_events"), icon=":material/timeline:")
        return
    years = sorted(yoy["fiscal_year"].unique())
    totals = yoy.drop_duplicates("fiscal_year")
    cards = st.columns(min(len(years), 6))
    for card, row in zip(cards, totals.tail(len(cards)).itertuples(), strict=False):
        delta = (
            None if row.change_pct is None or pd.isna(row.change_pct) else f"{row.change_pct:+.1f}%"
        )
        card.metric(
            fiscal_year_label(int(row.fiscal_year), lang()),
            fmt_number(row.year_total),
            delta=delta,
            border=True,
            help=t("comparisons_yoy_delta_help"),
        )
    chosen = register_view.clickable(_yoy_figure(yoy), key="comparisons_yoy_chart")
    if chosen:
        _event_drill(
            filters, chosen_event, int(chosen[0]), int(chosen[1]), key="comparisons_yoy_rows"
        )


def _trend_figure(trend: pd.DataFrame) -> go.Figure:
    """One line per event over fiscal quarters; a point's custom data is [event, year, quarter]."""
    fig = go.Figure()
    for key, colour in theme.EVENTS.items():
        part = trend[trend["event"] == key]
        name = t(f"pipeline_event_{key}")
        periods = list(zip(part["fiscal_year"], part["quarter"], strict=True))
        fig.add_scatter(
            x=[
                [fiscal_year_label(fy, lang()) for fy, _ in periods],
                [_quarter_tick(q) for _, q in periods],
            ],
            y=part["linkages"],
            mode="lines+markers",
            name=name,
            line={"color": colour, "width": 2.5},
            marker={"size": 9},
            customdata=[[key, fy, q] for fy, q in periods],
            hovertext=[_quarter_name(fy, q) for fy, q in periods],
            hovertemplate="%{hovertext}<br>" + name + ": %{y}<extra></extra>",
        )
    register_view.count_axis(fig, trend["linkages"].max(), axis="y")
    fig.update_xaxes(tickfont={"size": 12})
    fig.update_layout(height=420, hovermode="closest")
    _legend_on_top(fig)
    return fig


def _yoy_figure(yoy: pd.DataFrame) -> go.Figure:
    """One event per quarter, a bar per fiscal year; a bar's custom data is [year, quarter]."""
    years = sorted(yoy["fiscal_year"].unique())
    yoy = yoy.assign(
        quarter_name=[quarter_label(q, lang(), with_months=True) for q in yoy["quarter"]],
        year=[fiscal_year_label(fy, lang()) for fy in yoy["fiscal_year"]],
    )
    blues = px.colors.sample_colorscale(
        "Blues", [0.35 + 0.6 * i / max(len(years) - 1, 1) for i in range(len(years))]
    )
    fig = px.bar(
        yoy,
        x="quarter_name",
        y="linkages",
        color="year",
        barmode="group",
        text="linkages",
        custom_data=["fiscal_year", "quarter"],
        color_discrete_sequence=blues,
        labels={"quarter_name": "", "linkages": "", "year": ""},
        height=380,
    )
    fig.update_traces(textposition="outside", cliponaxis=False)
    register_view.count_axis(fig, yoy["linkages"].max(), axis="y")
    _legend_on_top(fig)
    return fig


def _event_drill(filters: Filters, event: str, fiscal_year: int, quarter: int, *, key: str) -> None:
    """The linkages behind one event count in one quarter."""
    rows = cache.cached(event_rows, filters, event=event, fiscal_year=fiscal_year, quarter=quarter)
    when = f"{quarter_label(quarter, lang())} {fiscal_year_label(fiscal_year, lang())}"
    st.markdown(
        t("comparisons_rows_of", what=f"{t(f'pipeline_event_{event}')} · {when}", n=len(rows))
    )
    tables.show_table(rows, name=f"{event}_{fiscal_year}_q{quarter}", key=key)


# --- lead times ---------------------------------------------------------------------------------


def _lead_times(filters: Filters) -> None:
    """How long each step takes: medians, spread (box) and a histogram that drills down."""
    st.subheader(t("comparisons_lead"))
    st.caption(t("comparisons_lead_help"))
    summary = cache.cached(lead_time_summary, filters)
    if int(summary["linkages"].sum()) == 0:
        st.info(t("comparisons_no_lead"), icon=":material/timer:")
        return
    summary = summary.assign(label=[t(f"lead_time_{s}") for s in summary["segment"]])
    rows = list(summary.itertuples())
    for group in (rows[:3], rows[3:]):
        for card, row in zip(st.columns(3), group, strict=False):
            value = "–" if row.linkages == 0 else t("v_days", n=fmt_number(row.median_days))
            help_text = t("comparisons_median_help", n=fmt_number(row.linkages))
            card.metric(row.label, value, help=help_text, border=True)
    charts.plotly_chart(
        _lead_box(summary[summary["linkages"] > 0]), width="stretch", key="comparisons_lead_box"
    )
    st.caption(t("comparisons_box_help"))
    _lead_histogram(filters)


def _lead_box(measured: pd.DataFrame) -> go.Figure:
    """Each measured step's spread of days as a box, its median written beside it."""
    box = go.Figure()
    for row in measured.itertuples():
        box.add_trace(
            go.Box(
                y=[row.label],
                q1=[row.p25_days],
                median=[row.median_days],
                q3=[row.p75_days],
                lowerfence=[row.min_days],
                upperfence=[row.max_days],
                mean=[row.mean_days],
                orientation="h",
                name=row.label,
                marker_color=theme.NEUTRAL_BAR,
                showlegend=False,
                hovertemplate=None,
            )
        )
        box.add_annotation(
            x=row.max_days,
            y=row.label,
            text=t("comparisons_median_note", n=fmt_number(row.median_days)),
            showarrow=False,
            xanchor="left",
            xshift=8,
            font={"size": 13, "color": theme.NOTE_INK},
        )
    box.update_yaxes(categoryorder="array", categoryarray=list(measured["label"])[::-1])
    box.update_xaxes(
        title_text=t("comparisons_axis_days"),
        range=[0, float(measured["max_days"].max()) * 1.25 + 1],
    )
    box.update_layout(
        height=register_view.bar_height(len(measured), per_bar=70),
        margin={"t": 20, "l": 10, "r": 10, "b": 40},
    )
    return box


def _lead_histogram(filters: Filters) -> None:
    """How many linkages took how long, for one step; a bar drills down to them."""
    labels = {key: t(f"lead_time_{key}") for key, _, _ in LEAD_TIME_SEGMENTS}
    default_segment = LEAD_TIME_SEGMENTS[0][0]
    segment = st.segmented_control(
        t("comparisons_segment"),
        list(labels),
        format_func=labels.get,
        default=default_segment,
        key="comparisons_lead_segment",
    )
    segment = segment or default_segment
    bands = cache.cached(lead_time_distribution, filters)
    bands = bands[bands["segment"] == segment]
    fig = px.bar(
        bands,
        x="days",
        y="linkages",
        text="linkages",
        custom_data=["segment", "band"],
        color_discrete_sequence=[theme.NEUTRAL_BAR],
        labels={"days": t("comparisons_axis_days"), "linkages": ""},
        height=320,
    )
    fig.update_xaxes(type="category")
    register_view.count_axis(fig, bands["linkages"].max(), axis="y")
    fig.update_traces(textposition="outside", cliponaxis=False)
    fig.update_layout(margin={"t": 20, "l": 10, "r": 10, "b": 40})
    chosen = register_view.clickable(fig, key="comparisons_lead_chart")
    if chosen:
        rows = cache.cached(lead_time_rows, filters, segment=chosen[0], band=int(chosen[1]))
        band_name = bands.loc[bands["band"] == int(chosen[1]), "days"].iloc[0]
        st.markdown(
            t(
                "comparisons_rows_of",
                what=f"{labels[chosen[0]]} · {band_name} {t('comparisons_days_unit')}",
                n=len(rows),
            )
        )
        tables.show_table(
            rows,
            name=f"lead_time_{chosen[0]}",
            key="comparisons_lead_rows",
            columns=["linkage_id", "partner_name", "dataset", "direction", "status",
                     "requested_on", "responded_on", "linked_on", "in_use_on", "days"],
        )  # fmt: skip


# --- satisfaction -------------------------------------------------------------------------------


def _satisfaction(filters: Filters) -> None:
    """Satisfaction per process and respondent group, target lines drawn; a bar drills down."""
    st.subheader(t("comparisons_satisfaction"))
    method = st.segmented_control(
        t("comparisons_method"),
        list(SATISFACTION_METHODS),
        format_func=charts.method_label,
        default="mean",
        key="comparisons_sat_method",
    )
    method = method or "mean"
    st.caption(t("comparisons_satisfaction_help", method=charts.method_label(method)))
    scores = cache.cached(satisfaction_scores, filters, method=method)
    if int(scores["responses"].sum()) == 0:
        shell.empty_state("comparisons_empty_surveys")
        return
    chosen = register_view.clickable(
        charts.satisfaction_figure(scores, method=method), key="comparisons_sat_chart"
    )
    for row in scores[scores["low_sample"].astype(bool) & scores["score"].notna()].itertuples():
        where = f"{charts.process_label(row.process)} · {charts.group_label(row.respondent_group)}"
        st.caption(f"⚠ {where}: {charts.few_responses_note(row.responses, row.margin_of_error)}")
    if chosen:
        process, group = chosen[0], chosen[1]
        rows = cache.cached(survey_rows, filters, process=process, respondent_group=group)
        what = f"{charts.process_label(process)} · {charts.group_label(group)}"
        st.markdown(t("comparisons_responses_of", what=what, n=len(rows)))
        tables.show_table(rows, name=f"survey_{process}_{group}", key="comparisons_sat_rows")
    if box := shell.folded(
        t("comparisons_satisfaction_table"), "comparisons_sat_table", ":material/table:"
    ):
        with box:
            tables.download_table(
                tables.satisfaction_table(scores), name="satisfaction", key="comparisons_sat_table"
            )


# --- cancellations ------------------------------------------------------------------------------


def _cancellations(filters: Filters) -> None:
    """Cancelled linkages per exit reason (NHA 7.2); a bar drills down to them."""
    st.subheader(t("comparisons_cancel"))
    st.caption(t("comparisons_cancel_help"))
    reasons = cache.cached(cancellations_by_reason, filters, today=dt.date.today())
    if int(reasons["linkages"].sum()) == 0:
        st.info(t("comparisons_no_cancel"), icon=":material/check_circle:")
        return
    reasons = reasons[(reasons["cancel_reason"] != "unspecified") | (reasons["linkages"] > 0)]
    reasons = reasons.assign(
        label=register_view.value_labels("cancel_reason", reasons["cancel_reason"])
    )
    fig = px.bar(
        reasons,
        x="linkages",
        y="label",
        orientation="h",
        text="linkages",
        custom_data=["cancel_reason"],
        color_discrete_sequence=[theme.LATE],
        labels={"linkages": t("v_axis_linkages"), "label": ""},
        height=register_view.bar_height(len(reasons), per_bar=40),
    )
    fig.update_yaxes(categoryorder="array", categoryarray=list(reasons["label"])[::-1])
    fig.update_traces(textposition="outside", cliponaxis=False)
    register_view.count_axis(fig, reasons["linkages"].max())
    fig.update_layout(margin={"t": 10, "l": 10, "r": 30, "b": 40})
    chosen = register_view.clickable(fig, key="comparisons_cancel_chart")
    if chosen:
        rows = cache.cached(cancellation_rows, filters, reason=chosen[0], today=dt.date.today())
        st.markdown(
            t(
                "comparisons_rows_of",
                what=register_view.value_label("cancel_reason", chosen[0]),
                n=len(rows),
            )
        )
        tables.show_table(rows, name=f"cancelled_{chosen[0]}", key="comparisons_cancel_rows")


# --- operation-model quadrant ---------------------------------------------------------------------


def _quadrant_guidance(chosen: str | None) -> None:
    """What each quadrant means and how such services are run (DGA 2.2, 2.3.1), from data."""
    st.markdown(f"**{t('comparisons_guidance')}**")
    for entry in guidance_table(lang()):
        with st.expander(shell.plain(entry["name"]), expanded=entry["quadrant"] == chosen):
            st.markdown(shell.plain(entry["meaning"]))
            st.markdown(t("comparisons_guidance_run"))
            for practice in entry["practices"]:
                st.markdown(f"- {shell.plain(practice)}")
            st.caption(t("comparisons_guidance_source", source=shell.plain(entry["source"])))


def _quadrant(filters: Filters) -> None:
    """Linkages on the DGA service operation model (integration × standardization); click one."""
    st.subheader(t("comparisons_quadrant"))
    st.caption(t("comparisons_quadrant_help"))
    quadrants = cache.cached(quadrant_counts, filters)
    chart, guide = st.columns([3, 2])
    with chart:
        chosen = register_view.clickable(
            charts.quadrant_figure(quadrants), key="comparisons_quadrant_chart"
        )
    with guide:
        _quadrant_guidance(chosen[0] if chosen else None)
    unplaced = int(quadrants.loc[quadrants["quadrant"] == "unspecified", "linkages"].iloc[0])
    if unplaced:
        st.caption(t("comparisons_unplaced", n=fmt_number(unplaced)))
    if chosen:
        key = chosen[0]
        rows = cache.cached(linkage_rows, filters, dimension="quadrant", key=key)
        what = register_view.value_label("quadrant", key)
        st.markdown(t("comparisons_rows_of", what=shell.plain(what), n=len(rows)))
        tables.show_table(rows, name=f"quadrant_{key}", key="comparisons_quadrant_rows")


# --- page ---------------------------------------------------------------------------------------
shell.access_guard()
shell.sample_banner()
st.title(t("comparisons_title"))
st.caption(t("comparisons_intro"))
filters = global_filters.sidebar()
st.caption(global_filters.describe(filters))
store_linkages = cache.cached(register_totals, NO_FILTERS)["linkages"]
linkages = cache.cached(register_totals, filters)["linkages"]

ready = (store_linkages, linkages)
shell.sections(
    "comparisons",
    [
        (t("comparisons_tab_compare"), _when_ready(_compare, filters, *ready)),
        (t("comparisons_tab_trend"), _when_ready(_trends, filters, *ready)),
        (t("comparisons_tab_lead"), _when_ready(_lead_times, filters, *ready)),
        (t("comparisons_tab_satisfaction"), lambda: _satisfaction(filters)),
        (t("comparisons_tab_cancel"), _when_ready(_cancellations, filters, *ready)),
        (t("comparisons_tab_quadrant"), _when_ready(_quadrant, filters, *ready)),
    ],
    fragment=True,  # a tab, chooser or chart click reruns the open tab only
)
