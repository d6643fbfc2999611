"""The what-if planner's labels (Thai, English), its two charts (a result bar and a history),
its live result panel, its history and scenario tables and its "what it would take" advice."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.colors import sample_colorscale

from loaders.spec import ASSESSMENTS
from metrics import planner
from metrics.assessment import score
from ui import charts, shell
from ui.i18n import fmt_date, pick, t

_BAND_SCALE = "RdYlGn"


def pin_in_view(key: str) -> None:
    """Keep a keyed container in view while its column's neighbour scrolls (the live result)."""
    st.html(
        "<style>"
        f'div[data-testid="stColumn"]:has(.st-key-{key}) {{align-self: stretch;}}'
        f'div[data-testid="stLayoutWrapper"]:has(> .st-key-{key}) '
        "{position: sticky; top: 4rem; z-index: 2;}"
        "</style>"
    )


def outcome_colour(rank: int, ranks: int) -> str:
    """A colour from red (worst outcome) to green (best) for an outcome's rank."""
    return sample_colorscale(_BAND_SCALE, [0.08 + 0.84 * rank / max(ranks - 1, 1)])[0]


def result_bar(
    framework: Mapping[str, Any],
    rows: Sequence[tuple[str, float, int]],
    lang: str,
    *,
    title: str | None = None,
) -> go.Figure:
    """Horizontal bars (label, percent, outcome rank) over the framework's bands or pass mark."""
    regions = planner.regions(framework)
    fig = go.Figure()
    for region in regions:
        fig.add_vrect(
            x0=region["start"],
            x1=region["end"],
            fillcolor=outcome_colour(region["rank"], len(regions)),
            opacity=0.22,
            line_width=0,
            layer="below",
        )
        fig.add_annotation(
            x=(region["start"] + region["end"]) / 2,
            y=1,
            yref="paper",
            yanchor="bottom",
            text=planner.outcome_label(framework, region["key"], lang),
            showarrow=False,
            font={"size": 13},
        )
    for region in regions[1:]:
        fig.add_vline(x=region["start"], line_dash="dot", line_width=1, line_color="#555")
    fig.add_trace(
        go.Bar(
            y=[label for label, _, _ in rows],
            x=[percent for _, percent, _ in rows],
            orientation="h",
            marker_color=[outcome_colour(rank, len(regions)) for _, _, rank in rows],
            marker_line_color="#333",
            marker_line_width=1,
            text=[f"{percent:.2f}%" for _, percent, _ in rows],
            textposition="auto",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.2f}%<extra></extra>",
            width=0.5,
        )
    )
    ticks = sorted({0.0, 100.0, *(r["start"] for r in regions)})
    fig.update_layout(
        title={"text": title, "font": {"size": 15}} if title else None,
        height=110 + 44 * len(rows) + (30 if title else 0),
        margin={"t": 70 if title else 34, "b": 30, "l": 10, "r": 20},
        xaxis={"range": [0, 100], "tickvals": ticks, "ticksuffix": "%", "fixedrange": True},
        yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
        showlegend=False,
        bargap=0.3,
    )
    return fig


def result_column(framework: Mapping[str, Any], percent: float, rank: int, lang: str) -> go.Figure:
    """One result as a column on a 0–100 scale, the bands or pass mark beside it, labelled."""
    regions = planner.regions(framework)
    fig = go.Figure()
    for region in regions:
        fig.add_hrect(
            y0=region["start"],
            y1=region["end"],
            fillcolor=outcome_colour(region["rank"], len(regions)),
            opacity=0.22,
            line_width=0,
            layer="below",
        )
        fig.add_annotation(
            x=1,
            xref="paper",
            xanchor="left",
            y=(region["start"] + region["end"]) / 2,
            text=(
                f"{planner.outcome_label(framework, region['key'], lang)} "
                f"({region['start']:g}–{region['end']:g})"
            ),
            showarrow=False,
            font={"size": 13},
        )
    for region in regions[1:]:
        fig.add_hline(y=region["start"], line_dash="dot", line_width=1, line_color="#555")
    fig.add_trace(
        go.Bar(
            x=[""],
            y=[percent],
            marker_color=outcome_colour(rank, len(regions)),
            marker_line_color="#333",
            marker_line_width=1,
            text=[f"{percent:.2f}%"],
            textposition="inside",
            insidetextanchor="end",
            hovertemplate="%{y:.2f}%<extra></extra>",
            width=0.6,
        )
    )
    ticks = sorted({0.0, 100.0, *(r["start"] for r in regions)})
    fig.update_layout(
        height=300,
        margin={"t": 10, "b": 10, "l": 10, "r": 150},
        yaxis={"range": [0, 100], "tickvals": ticks, "fixedrange": True},
        xaxis={"visible": False, "fixedrange": True},
        showlegend=False,
    )
    return fig


def history_chart(
    history: pd.DataFrame, frameworks: Mapping[str, Mapping[str, Any]], lang: str, title: str
) -> go.Figure:
    """Percent of each stored assessment over time, one line per framework, results as text."""
    scored = history[history["percent"].notna() & history["assessed_on"].notna()]
    fig = go.Figure()
    shown = [f for f in dict.fromkeys(scored["framework"]) if f in frameworks]
    if len(shown) == 1:
        framework = frameworks[shown[0]]
        regions = planner.regions(framework)
        for region in regions:
            fig.add_hrect(
                y0=region["start"],
                y1=region["end"],
                fillcolor=outcome_colour(region["rank"], len(regions)),
                opacity=0.15,
                line_width=0,
                layer="below",
                annotation_text=planner.outcome_label(framework, region["key"], lang),
                annotation_position="right",
                annotation_font_size=12,
            )
    for framework_id in shown:
        framework = frameworks[framework_id]
        rows = scored[scored["framework"] == framework_id]
        labels = [planner.outcome_label(framework, key, lang) for key in rows["outcome"]]
        fig.add_trace(
            go.Scatter(
                x=pd.to_datetime(rows["assessed_on"]),
                y=rows["percent"],
                mode="lines+markers+text",
                name=framework["name"][lang],
                text=[
                    f"{p:.2f}% {label}" for p, label in zip(rows["percent"], labels, strict=True)
                ],
                textposition="top center",
                marker={"size": 11},
                cliponaxis=False,
                hovertemplate="%{text}<extra>" + framework["id"] + "</extra>",
            )
        )
    dates = sorted(set(scored["assessed_on"]))
    ticks = dates[:: max(1, -(-len(dates) // 6))]  # at most six dated ticks, in BE when Thai
    fig.update_layout(
        title={"text": title, "font": {"size": 15}},
        height=340,
        margin={"t": 50, "b": 10, "l": 10, "r": 90},
        yaxis={"range": [0, 108], "ticksuffix": "%", "fixedrange": True},
        xaxis={
            "tickvals": pd.to_datetime(ticks),
            "ticktext": [fmt_date(d) for d in ticks],
            "type": "date",
        },
        legend={"orientation": "h", "y": -0.15},
    )
    if len(dates) == 1:
        only = pd.Timestamp(dates[0])
        fig.update_xaxes(range=[only - pd.Timedelta(days=60), only + pd.Timedelta(days=60)])
    return fig


def history_table(
    history: pd.DataFrame, frameworks: Mapping[str, Mapping[str, Any]], lang: str
) -> pd.DataFrame:
    """A partner's stored assessments as shown: date, result (or why it cannot be scored),
    percent, total, source, assessor, framework and id, labelled in the language in use."""
    return pd.DataFrame(
        {
            ASSESSMENTS.column("assessed_on").label(lang): history["assessed_on"].map(fmt_date),
            t("what_if_col_result"): [
                _result(row, frameworks, lang) for row in history.itertuples()
            ],
            t("what_if_col_percent"): history["percent"],
            t("what_if_col_total"): [
                f"{row.total} / {row.max}" if pd.notna(row.outcome) else ""
                for row in history.itertuples()
            ],
            t("what_if_col_source"): history["source"].map(lambda s: t(f"what_if_src_{s}")),
            ASSESSMENTS.column("assessor").label(lang): history["assessor"],
            t("what_if_col_framework"): [
                frameworks[f]["name"][lang] if f in frameworks else f for f in history["framework"]
            ],
            ASSESSMENTS.column("assessment_id").label(lang): history["assessment_id"],
        }
    )


def _result(row: Any, frameworks: Mapping[str, Mapping[str, Any]], lang: str) -> str:
    """A stored assessment's result in words; its key as stored when its framework file is no
    longer offered (refused or removed), so the history still shows."""
    if pd.isna(row.outcome):
        return t("what_if_cannot_score", reason=pick(row.problem_th, row.problem_en))
    if row.framework not in frameworks:
        return str(row.outcome)
    return planner.outcome_label(frameworks[row.framework], row.outcome, lang)


def _weighted_list(criteria: Sequence[Mapping[str, Any]], lang: str) -> None:
    """A bulleted list of yes/no criteria: code, label and weight."""
    st.markdown("\n".join(f"- {c['code']} {c['label'][lang]} ({c['weight']})" for c in criteria))


def take_advice(
    framework: Mapping[str, Any],
    answer: Mapping[str, Any],
    verdict: Mapping[str, Any],
    lang: str,
) -> None:
    """What it would take (metrics.assessment.what_it_would_take's answer), in words: the points
    to the next band and where they could come from, or the cheapest criteria to pass."""
    if framework["kind"] != "weighted_yes_no":
        if answer["already_highest"]:
            band = planner.outcome_label(framework, verdict["key"], lang)
            st.success(t("what_if_take_highest", band=band))
            return
        st.markdown(
            t(
                "what_if_take_points",
                points=answer["points_needed"],
                target=answer["target_total"],
                max=answer["max"],
                band=planner.outcome_label(framework, answer["next_band"], lang),
                percent=answer["target_percent"],
            )
        )
        st.markdown(
            "\n".join(
                "- "
                + t(
                    "what_if_take_source",
                    criterion=f"{c['code']} {c['label'][lang]}",
                    score=c["score"],
                    headroom=c["headroom"],
                )
                for c in answer["sources"]
            )
        )
    elif answer["already_passes"]:
        if answer["decisive"]:
            st.markdown(t("what_if_take_decisive"))
            _weighted_list(answer["decisive"], lang)
        else:
            st.success(t("what_if_take_no_decisive"))
    else:
        st.markdown(
            t(
                "what_if_take_cheapest",
                short=answer["shortfall"],
                mark=answer["pass_mark"],
                n=len(answer["cheapest"]),
                after=answer["total_after"],
            )
        )
        _weighted_list(answer["cheapest"], lang)


def result_panel(
    framework: Mapping[str, Any],
    result: Mapping[str, Any],
    verdict: Mapping[str, Any],
    earlier: pd.Series | None,
    lang: str,
) -> None:
    """The live result: percent (and its change since the last assessment), band or pass, bar."""
    yes_no = framework["kind"] == "weighted_yes_no"
    st.markdown(f"#### {t('what_if_result')}")
    m1, m2 = st.columns(2)
    delta = None
    if earlier is not None:
        delta = round(result["percent"] - earlier["percent"], 2)
    m1.metric(
        t("what_if_m_percent"),
        f"{result['percent']:.2f}%",
        delta=f"{delta:+.2f}" if delta else None,
        help=t("what_if_delta_help", date=fmt_date(earlier["assessed_on"])) if delta else None,
    )
    m2.metric(
        t("what_if_m_pass") if yes_no else t("what_if_m_band"),
        planner.outcome_label(framework, verdict["key"], lang),
    )
    if yes_no:
        st.caption(
            t(
                "what_if_total_pass",
                total=result["total"],
                max=result["max"],
                mark=result["pass_mark"],
            )
        )
    else:
        st.caption(t("what_if_total", total=result["total"], max=result["max"]))
    charts.plotly_chart(
        result_column(framework, result["percent"], verdict["rank"], lang),
        width="stretch",
        key="what_if_result_bar",
        config={"displayModeBar": False},
    )


def scenarios_table(
    summary: pd.DataFrame, frameworks: Mapping[str, Mapping[str, Any]], lang: str
) -> None:
    """The kept scenarios, one row each (planner.scenario_table: keys), named, with downloads."""
    shown = pd.DataFrame(
        {
            t("what_if_col_scenario"): summary["scenario"],
            t("what_if_col_result"): [
                planner.outcome_label(frameworks[f], o, lang)
                for f, o in zip(summary["framework"], summary["outcome"], strict=True)
            ],
            t("what_if_col_percent"): summary["percent"],
            t("what_if_col_total"): [
                f"{a} / {b}" for a, b in zip(summary["total"], summary["max"], strict=True)
            ],
            t("what_if_col_partner"): summary["partner"].replace("", t("what_if_unnamed")),
            t("what_if_col_framework"): [frameworks[f]["name"][lang] for f in summary["framework"]],
        }
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            t("what_if_col_scenario"): st.column_config.TextColumn(width=260),
            t("what_if_col_result"): st.column_config.TextColumn(width=110),
            t("what_if_col_percent"): st.column_config.NumberColumn(format="%.2f", width=80),
            t("what_if_col_partner"): st.column_config.TextColumn(width=220),
        },
    )
    shell.download_buttons(shown, "whatif_scenarios", key="what_if_scenarios")


def side_by_side(
    framework: Mapping[str, Any], scenarios: Sequence[Mapping[str, Any]], lang: str
) -> pd.DataFrame:
    """Criteria down, scenarios across (one framework), ending with the total, percent and
    result, in the language in use."""
    index = [f"{c['code']} {c['label'][lang]}" for c in framework["criteria"]]
    table: dict[str, list[Any]] = {}
    for scenario in scenarios:
        scored = score(framework, scenario["scores"])
        cells: list[Any] = []
        for criterion, value in zip(framework["criteria"], scenario["scores"], strict=True):
            if framework["kind"] == "scored":
                cells.append(str(value))
            else:
                cells.append(f"✓ {criterion['weight']}" if value else "–")
        verdict = planner.outcome(framework, scored)["key"]
        cells.append(f"{scored['total']} / {scored['max']}")
        cells.append(
            f"{scored['percent']:.2f}% · {planner.outcome_label(framework, verdict, lang)}"
        )
        table[scenario["name"]] = cells
    return pd.DataFrame(table, index=[*index, t("what_if_row_total"), t("what_if_row_result")])
