"""e-Gov score: the four-stage score against the study's benchmarks, its trend, units, what-if, Stage IV."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from metrics.egov import load_stage_definition, reference_rows, what_if
from metrics.egov_store import (
    SEED_QUESTION,
    group_summary,
    item_names,
    latest_assessments,
    live_linkages,
    score_trend,
    stage_iv_view,
    unit_missing_items,
    unit_scores,
    unit_sub_items,
    whatif_overrides,
    whatif_start,
)
from ui import cache, charts, shell, sign_in, tables, theme
from ui.i18n import fmt_date, fmt_number, has, lang, t

UNIT_KEY = "egov_unit"  # the unit whose sub-items are shown
TICKED_KEY = "egov_units_ticked"  # the grid rows ticked at the last run (no widget owns it)
TABLE_KEY = "egov_units_table"
WHATIF_START = "egov_whatif_start"  # where the sliders started (reset when the data move them)
LIVE_ROWS_SHOWN = 200


def _slider_key(stage: str) -> str:
    """Session key of a stage's what-if slider."""
    return f"egov_whatif_{stage}"


def _init_state(start: Mapping[str, int], units: list[str]) -> None:
    """Every session key of this page, set once: sliders at the agency's figures, a unit shown."""
    moved = st.session_state.get(WHATIF_START) != dict(start)
    st.session_state[WHATIF_START] = dict(start)
    for stage, value in start.items():
        if moved or _slider_key(stage) not in st.session_state:
            st.session_state[_slider_key(stage)] = value
    if st.session_state.get(UNIT_KEY) not in units:
        st.session_state[UNIT_KEY] = units[0]


def _percent(value: float | None) -> str:
    """A stage completion as shown: one decimal and a percent sign."""
    return "–" if value is None or pd.isna(value) else f"{value:.1f}%"


def _date(value: Any) -> str:
    """An assessment date (BE in Thai), or 'no date'."""
    return fmt_date(value) if value is not None else t("egov_no_date")


def _assessments_or_stop() -> pd.DataFrame:
    """The latest assessments; the run ends when none were imported."""
    assessments: pd.DataFrame = cache.cached(latest_assessments, None)
    if assessments.empty:
        shell.empty_state("egov_empty")
        if sign_in.can("upload"):
            st.page_link("pages/import.py", label=t("page_upload"), icon=":material/upload_file:")
        else:
            st.caption(t("egov_ask_it"))
        shell.stop()
    return assessments


def _headline(summary: Mapping[str, Any], trend: pd.DataFrame, benchmarks: list) -> None:
    """Our score (against last year), the units assessed and the benchmarks' scores."""
    cols = st.columns([4, 3, 4, 4])
    delta = None
    delta_text = None
    if len(trend) >= 2:
        previous = trend.iloc[-2]
        delta = f"{summary['score'] - previous['score']:+.2f}"
        delta_text = t("egov_m_delta", fy=int(previous["fiscal_year"]))
    cols[0].metric(
        t("egov_m_score"),
        f"{summary['score']:.2f}",
        delta=delta,
        delta_description=delta_text,
        help=t("egov_m_score_help"),
        border=True,
    )
    cols[1].metric(t("egov_m_units"), fmt_number(summary["units"]), border=True)
    for col, row in zip(cols[2:], benchmarks, strict=False):
        gap = round(summary["score"] - row["score"], 2)
        col.metric(
            t("egov_m_vs", source=charts.benchmark_name(row)),
            f"{row['score']:.2f}",
            delta=f"{gap:+.2f}" if gap else None,
            delta_description=t("egov_m_above") if gap > 0 else t("egov_m_below") if gap else None,
            help=t("egov_m_benchmark_help"),
            border=True,
        )
    st.caption(t("egov_latest", date=_date(summary["latest"])))


def _compare_figure(
    stages_def: list[Mapping[str, Any]], summary: Mapping[str, Any], benchmarks: list
) -> go.Figure:
    """Our stage percentages and score beside each benchmark's, grouped per stage."""
    stage_keys = [stage["key"] for stage in stages_def]
    ticks = [t("egov_stage_tick", stage=s["key"], weight=s["weight"]) for s in stages_def]
    ticks.append(t("egov_score_tick"))
    series = [(t("ch_ours"), {k: float(v) for k, v in summary["stages"].items()}, summary["score"])]
    series += [
        (row["source"][lang()], {k: float(v) for k, v in row["stages"].items()}, row["score"])
        for row in benchmarks
    ]
    compare = go.Figure()
    for (name, stages, score), colour in zip(series, (theme.OURS, *theme.BENCHMARKS), strict=False):
        values = [stages[k] for k in stage_keys] + [score]
        compare.add_bar(
            name=name,
            x=ticks,
            y=values,
            marker_color=colour,
            text=[f"{v:.0f}" for v in values[:-1]] + [f"{score:.2f}"],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x}<br>" + name + ": %{y:.2f}<extra></extra>",
        )
    compare.add_hline(
        y=100,
        line_dash="dot",
        line_color=theme.GUIDE,
        annotation_text=t("egov_full_line"),
        annotation_position="top right",
    )
    compare.add_vline(x=len(stage_keys) - 0.5, line_color=theme.DIVIDER, line_width=1)
    compare.update_layout(
        barmode="group",
        yaxis={"title": t("egov_axis_percent"), "range": [0, 112]},
        legend={"orientation": "h", "y": -0.18},
        margin={"t": 30, "b": 10},
        height=420,
    )
    return compare


def _compare(
    stages_def: list[Mapping[str, Any]], summary: Mapping[str, Any], benchmarks: list
) -> None:
    """Against the benchmarks: the chart and, folded, how the score is made."""
    stage_keys = [stage["key"] for stage in stages_def]
    st.subheader(t("egov_compare"))
    compare = _compare_figure(stages_def, summary, benchmarks)
    charts.plotly_chart(compare, width="stretch", key="egov_compare")
    with st.expander(t("egov_method"), icon=":material/help:"):
        st.markdown(
            "\n".join(
                f"- **{t('egov_col_stage')} {s['key']} · {t('egov_col_weight')} {s['weight']}** — "
                f"{s['name'][lang()]}: " + " · ".join(i["label"][lang()] for i in s["items"])
                for s in stages_def
            )
        )
        method = pd.DataFrame(
            {
                t("egov_col_stage"): [s["key"] for s in stages_def],
                t("egov_col_weight"): [s["weight"] for s in stages_def],
                t("egov_col_ours"): [round(float(summary["stages"][k]), 2) for k in stage_keys],
                **{
                    f"{charts.benchmark_name(row)} (%)": [row["stages"][k] for k in stage_keys]
                    for row in benchmarks
                },
            }
        )
        st.dataframe(method, hide_index=True, width="stretch")
        shell.download_buttons(method, "egov_stages", key="egov_method")


def _trend(trend: pd.DataFrame, stage_keys: list[str]) -> None:
    """The score and stages over the fiscal years, with the table behind them."""
    st.subheader(t("egov_trend"))
    st.caption(t("egov_trend_note"))
    charts.plotly_chart(charts.egov_trend_figure(trend), width="stretch", key="egov_trend")
    if box := shell.folded(t("egov_trend_table"), "egov_trend_table"):
        with box:
            tables.download_table(
                tables.egov_trend_table(trend, stage_keys), name="egov_trend", key="egov_trend"
            )


def _units(units: pd.DataFrame, stage_keys: list[str]) -> list[int]:
    """Every unit's scores in a grid a row of which can be ticked; returns the ticked rows."""
    st.subheader(t("egov_units"))
    st.caption(t("egov_units_note"))
    unit_col, date_col, score_col = (
        t("egov_col_unit"),
        t("egov_col_assessed_on"),
        t("egov_col_unit_score"),
    )
    stage_cols = {k: f"{t('egov_col_stage')} {k}" for k in stage_keys}
    unit_table = pd.DataFrame(
        {
            unit_col: units["unit"],
            date_col: [_date(d) for d in units["assessed_on"]],
            **{stage_cols[k]: units[k] for k in stage_keys},
            score_col: units["score"],
        }
    )
    ticked = st.dataframe(
        unit_table,
        hide_index=True,
        width="stretch",
        key=TABLE_KEY,
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            date_col: st.column_config.TextColumn(date_col, width=110),
            **{
                stage_cols[k]: st.column_config.NumberColumn(
                    stage_cols[k], format="%.0f%%", width="small"
                )
                for k in stage_keys
            },
            score_col: st.column_config.ProgressColumn(
                score_col, min_value=0, max_value=100, format="%.2f", color=theme.OURS
            ),
        },
        row_height=theme.ROW_HEIGHT,
        height=tables.table_height(unit_table, most=600),
    )
    shell.download_buttons(unit_table, "egov_units", key="egov_units")
    return list(ticked.selection.rows)


def _drill_down(
    assessments: pd.DataFrame,
    summary: Mapping[str, Any],
    unit_order: list[str],
    ticked_rows: list[int],
) -> None:
    """One unit's sub-items and the missing ones worth the most points."""
    # A newly ticked row picks its unit in the box below; the box stays the user's afterwards.
    if ticked_rows and ticked_rows != st.session_state.get(TICKED_KEY):
        st.session_state[UNIT_KEY] = unit_order[ticked_rows[0]]
    st.session_state[TICKED_KEY] = ticked_rows
    chosen = st.selectbox(t("egov_drill"), unit_order, key=UNIT_KEY)
    items = unit_sub_items(assessments, chosen)
    missing = unit_missing_items(assessments, chosen)
    names = item_names()
    left, right = st.columns([2, 3])
    with left:
        st.markdown(f"**{t('egov_items_of')}**")
        item_table = pd.DataFrame(
            {
                t("egov_col_stage"): items["stage"],
                t("egov_col_item"): [names[key][lang()] for key in items["key"]],
                t("egov_col_has"): ["✓" if has else "✗" for has in items["provided"]],
            }
        )
        st.dataframe(
            item_table,
            hide_index=True,
            width="stretch",
            height=tables.table_height(item_table, most=10_000),
            row_height=theme.ROW_HEIGHT,
        )
        shell.download_buttons(item_table, "egov_sub_items", key="egov_items")
    with right:
        st.markdown(f"**{t('egov_next')}**")
        if missing.empty:
            st.success(t("egov_complete"), icon=":material/check_circle:")
        else:
            next_table = pd.DataFrame(
                {
                    t("egov_col_rank"): range(1, len(missing) + 1),
                    t("egov_col_stage"): missing["stage"],
                    t("egov_col_item"): [names[key][lang()] for key in missing["key"]],
                    t("egov_col_points"): [f"+{p:.2f}" for p in missing["points"]],
                    t("egov_col_after"): [f"{s:.2f}" for s in missing["score_after"]],
                }
            )
            st.dataframe(next_table, hide_index=True, width="stretch")
            st.caption(t("egov_next_note", n=summary["units"]))
            shell.download_buttons(next_table, "egov_next_steps", key="egov_next")


def _preset_seed_question() -> None:
    """Move the sliders to the study's own question (every website at Stage II 100 %)."""
    for stage, value in SEED_QUESTION.items():
        st.session_state[_slider_key(stage)] = value


def _reset_sliders() -> None:
    """Put every slider back where the agency is now."""
    for stage, value in st.session_state[WHATIF_START].items():
        st.session_state[_slider_key(stage)] = value


def _contribution_figure(
    stages: list[Mapping[str, Any]], scenario: Mapping[str, Any], now: Mapping[str, Any]
) -> go.Figure:
    """Each stage's points in the scenario and now, stacked, against the benchmark scores."""
    bars = go.Figure()
    rows = [t("egov_scenario"), t("egov_now")]
    for stage, colour in zip(stages, theme.STAGES, strict=False):
        key, weight = stage["key"], stage["weight"]
        points = [
            weight * scenario["stages"][key] / 100,
            weight * float(now[key]) / 100,
        ]
        bars.add_bar(
            name=f"{t('egov_col_stage')} {key}",
            y=rows,
            x=points,
            orientation="h",
            marker_color=colour,
            text=[f"{p:.1f}" for p in points],
            textposition="inside",
            hovertemplate="%{y} · " + f"{t('egov_col_stage')} {key}: " + "%{x:.2f}<extra></extra>",
        )
    sides = ("right", "left")
    for row, colour, side in zip(reference_rows(), theme.BENCHMARKS, sides, strict=False):
        bars.add_vline(x=row["score"], line_dash="dash", line_color=colour, line_width=2)
        bars.add_annotation(
            x=row["score"],
            y=1.0,
            xref="x",
            yref="paper",
            yanchor="bottom",
            xanchor=side,
            text=f"{charts.benchmark_name(row)} {row['score']:.2f}",
            showarrow=False,
            font={"color": colour},
        )
    bars.update_layout(
        barmode="stack",
        xaxis={"title": t("egov_axis_points"), "range": [0, 100], "dtick": 10},
        legend={"orientation": "h", "y": -0.35, "traceorder": "normal"},
        margin={"t": 30, "b": 10, "l": 10},
        height=280,
    )
    return bars


@shell.fragment
def _whatif(stages_def: list[Mapping[str, Any]], summary: Mapping[str, Any]) -> None:
    """Sliders per stage and the score they would give, redrawn on their own."""
    st.subheader(t("egov_whatif"))
    st.caption(t("egov_whatif_note"))
    buttons = st.columns([6, 3, 1])
    buttons[0].button(
        t("egov_preset_ii"), on_click=_preset_seed_question, icon=":material/lightbulb:"
    )
    buttons[1].button(t("egov_reset"), on_click=_reset_sliders, icon=":material/undo:")
    sliders = st.columns(len(stages_def))
    chosen_stages = {
        stage["key"]: col.slider(
            t("egov_slider", stage=stage["key"], weight=stage["weight"]),
            min_value=0,
            max_value=100,
            step=1,
            key=_slider_key(stage["key"]),
        )
        for stage, col in zip(stages_def, sliders, strict=True)
    }
    scenario = what_if(summary["stages"], whatif_overrides(summary["stages"], chosen_stages))
    result = st.columns([1, 1, 3])
    result[0].metric(
        t("egov_m_whatif"),
        f"{scenario['score']:.2f}",
        delta=f"{scenario['gain']:+.2f}" if scenario["gain"] else None,
        border=True,
    )
    result[1].metric(t("egov_m_gain"), f"{scenario['gain']:+.2f}", border=True)
    with result[2]:
        st.caption(t("egov_seed_example"))
    st.markdown(f"**{t('egov_contrib')}**")
    charts.plotly_chart(
        _contribution_figure(stages_def, scenario, summary["stages"]),
        width="stretch",
        key="egov_whatif_chart",
    )


def _stage_iv(assessments: pd.DataFrame, linkages: pd.DataFrame) -> None:
    """Stage IV claims set against the live linkages in the register."""
    st.subheader(t("egov_iv"))
    st.markdown(t("egov_iv_explain"))
    view = stage_iv_view(assessments, linkages)
    cols = st.columns(4)
    cols[0].metric(t("egov_m_live"), fmt_number(view["live"]), border=True)
    cols[1].metric(
        t("egov_m_auto"),
        t("egov_of", part=fmt_number(view["automatic"]), whole=fmt_number(view["live"])),
        border=True,
    )
    cols[2].metric(
        t("egov_m_exchange"),
        t("egov_of", part=len(view["exchange_units"]), whole=view["units"]),
        help=t("egov_m_claims_help"),
        border=True,
    )
    cols[3].metric(
        t("egov_m_one_stop"),
        t("egov_of", part=len(view["one_stop_units"]), whole=view["units"]),
        help=t("egov_m_claims_help"),
        border=True,
    )
    finding_text = {
        "exchange_without_linkage": lambda: t("egov_find_exchange_without_linkage"),
        "linkage_without_exchange": lambda: t(
            "egov_find_linkage_without_exchange",
            auto=fmt_number(view["automatic"]),
            n=len(view["no_exchange_units"]),
            units=", ".join(shell.plain(u) for u in view["no_exchange_units"]),
        ),
        "one_stop_without_exchange": lambda: t(
            "egov_find_one_stop_without_exchange",
            units=", ".join(shell.plain(u) for u in view["one_stop_without_exchange"]),
        ),
    }
    for finding in view["findings"]:
        if finding == "linkage_without_exchange":
            st.info(finding_text[finding](), icon=":material/tips_and_updates:")
        else:
            st.warning(finding_text[finding](), icon=":material/warning:")
    if not view["findings"] and view["live"]:
        st.success(t("egov_iv_consistent"), icon=":material/check_circle:")


def _method_label(method: Any) -> str:
    """A linkage method's name in the language in use."""
    key = f"egov_method_{method}"
    return t(key) if has(key) else t("egov_method_unknown")


def _live_linkages(linkages: pd.DataFrame) -> None:
    """The live linkages by method (automatic or not) and, folded, the newest of them."""
    if linkages.empty:
        shell.empty_state("egov_no_live")
    else:
        by_method = linkages.assign(label=linkages["method"].map(_method_label))
        counts = (
            by_method.groupby(["label", "automatic"], as_index=False)
            .size()
            .sort_values("size", ascending=True)
        )
        method_chart = go.Figure()
        for automatic, colour in ((True, theme.OURS), (False, theme.BENCHMARKS[0])):
            part = counts[counts["automatic"] == automatic]
            method_chart.add_bar(
                name=t("egov_auto_yes") if automatic else t("egov_auto_no"),
                y=part["label"],
                x=part["size"],
                orientation="h",
                marker_color=colour,
                text=part["size"],
                textposition="outside",
                cliponaxis=False,
            )
        method_chart.update_layout(
            title={"text": t("egov_by_method"), "font": {"size": 15}},
            xaxis={"title": t("egov_axis_linkages")},
            yaxis={"categoryorder": "total ascending"},
            legend={"orientation": "h", "y": -0.3},
            margin={"t": 50, "b": 10},
            height=320,
        )
        charts.plotly_chart(method_chart, width="stretch", key="egov_methods")
        if box := shell.folded(t("egov_live_table"), "egov_live_table"):
            with box:
                _live_table(by_method)


def _live_table(by_method: pd.DataFrame) -> None:
    """The live linkages behind the methods chart, newest first, capped with the total stated."""
    # The latest go-lives first; a register of 100,000 rows shows its newest 200 here.
    shown = by_method.sort_values("linked_on", ascending=False, na_position="last").head(
        LIVE_ROWS_SHOWN
    )
    yes_no = {True: t("yes"), False: t("no")}
    live_table = pd.DataFrame(
        {
            t("egov_col_partner"): shown["partner_name"],
            t("egov_col_dataset"): shown["dataset"],
            t("egov_col_method"): shown["label"],
            t("egov_col_automatic"): shown["automatic"].map(yes_no),
            t("egov_col_status"): [t(f"egov_status_{s}") for s in shown["status"]],
            t("egov_col_linked_on"): [fmt_date(d) for d in shown["linked_on"]],
            t("egov_col_direction"): [
                t(f"egov_direction_{d}") if d in ("outbound", "inbound") else ""
                for d in shown["direction"]
            ],
            t("egov_col_id"): shown["linkage_id"],
        }
    )
    if len(by_method) > LIVE_ROWS_SHOWN:
        st.caption(t("egov_live_shown", shown=LIVE_ROWS_SHOWN, total=fmt_number(len(by_method))))
    st.dataframe(live_table, hide_index=True, width="stretch")
    shell.download_buttons(live_table, "egov_live_linkages", key="egov_live")


# --- page --------------------------------------------------------------------------------------
shell.access_guard()
shell.sample_banner()
st.title(t("egov_title"))
st.caption(t("egov_intro"))
assessments = _assessments_or_stop()
definition = load_stage_definition()
stages_def = definition["stages"]
stage_keys = [stage["key"] for stage in stages_def]
summary = group_summary(assessments)
benchmarks = reference_rows()
trend: pd.DataFrame = cache.cached(score_trend, None)
units = unit_scores(assessments).sort_values(["score", "unit"]).reset_index(drop=True)
unit_order = list(units["unit"])
_init_state(whatif_start(summary["stages"]), unit_order)
_headline(summary, trend, benchmarks)
_compare(stages_def, summary, benchmarks)
_trend(trend, stage_keys)
ticked_rows = _units(units, stage_keys)
_drill_down(assessments, summary, unit_order, ticked_rows)
_whatif(stages_def, summary)
linkages: pd.DataFrame = cache.cached(live_linkages, None)
_stage_iv(assessments, linkages)
_live_linkages(linkages)
