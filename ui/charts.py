"""Plotly charts as every page draws them: text from files and URLs shown as written.

Plotly renders a subset of HTML in every label (`<a href>`, `<b>`, `<br>`, `<span style>` …)
and MathJax between `$…$`. `plotly_chart` is the one way pages draw a figure: it escapes
`& < > $` in every data-carrying property of every trace (x, y, labels, text, hover text,
custom data, trace names) and in the axes' tick texts and category orders, so a ministry
named `<a href="https://evil.example">` is drawn as those characters, never as a link.
Code-written words that need a line break use "\\n", which becomes `<br>` after escaping.
Templates, annotations and titles are code-written (they may use `<b>` and `<br>`); any
data string found inside one (Plotly Express writes `colour=value` into hover templates)
is escaped there too.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from loaders.spec import KINDS
from metrics.egov import reference_rows
from metrics.kpi_registry import SATISFACTION_PROCESS_NUMBERS
from metrics.lifecycle import QUADRANTS
from metrics.satisfaction import ALL_GROUPS, NO_GROUP, SURVEY_PROCESSES, few_responses_warning
from metrics.targets import BAND_LEVELS
from ui import theme
from ui.i18n import fmt_number, has, lang, t

# Trace properties whose values come from the data and are drawn as text somewhere.
DATA_PROPS = ("x", "y", "z", "labels", "parents", "text", "hovertext", "name")
# Custom data is drawn only through templates; escaped without line breaks so that
# `unescape` gives a selected point's value back exactly.
CUSTOM_PROPS = ("customdata",)
# Code-written text that may quote a data string.
TEMPLATE_PROPS = ("hovertemplate", "texttemplate")
AXIS_PROPS = ("ticktext", "tickvals", "categoryarray")
_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("$", "&#36;"))


def chart_text(value: str, *, breaks: bool = True) -> str:
    """A string as Plotly should draw it literally (a "\\n" drawn as a line break if asked)."""
    for char, entity in _ESCAPES:
        value = value.replace(char, entity)
    return value.replace("\n", "<br>") if breaks else value


def unescape(value: Any) -> Any:
    """A selected point's custom data as it was before `chart_text` (other values unchanged)."""
    return html.unescape(value) if isinstance(value, str) else value


def _escape(value: Any, tainted: set[str], *, breaks: bool) -> Any:
    """Every string inside a data value escaped; the originals that changed go to `tainted`."""
    if isinstance(value, str):
        escaped = chart_text(value, breaks=breaks)
        if escaped != value and any(c in value for c in "&<>$"):
            tainted.add(value)
        return escaped
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in "OUS":
            return value  # numbers and dates
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [_escape(v, tainted, breaks=breaks) for v in value]
    return value  # numbers, dates, None, Plotly's base64 arrays


def _quoted(text: Any, tainted: Iterable[str]) -> Any:
    """Code-written text with any data string inside it escaped."""
    if not isinstance(text, str):
        return text
    for raw in tainted:
        if raw in text:
            text = text.replace(raw, chart_text(raw))
    return text


def safe_figure(figure: Any) -> dict[str, Any]:
    """The figure as a plain dict with every data-derived string escaped (the figure is kept)."""
    spec = figure if isinstance(figure, dict) else figure.to_plotly_json()
    spec = {"data": [dict(t) for t in spec.get("data", [])], "layout": dict(spec.get("layout", {}))}
    tainted: set[str] = set()
    for trace in spec["data"]:
        for prop in DATA_PROPS:
            if prop in trace:
                trace[prop] = _escape(trace[prop], tainted, breaks=True)
        for prop in CUSTOM_PROPS:
            if prop in trace:
                trace[prop] = _escape(trace[prop], tainted, breaks=False)
    layout = spec["layout"]
    for key, axis in list(layout.items()):
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            axis = dict(axis)
            for prop in AXIS_PROPS:
                if prop in axis:
                    axis[prop] = _escape(axis[prop], tainted, breaks=True)
            layout[key] = axis
    quoted = sorted(tainted, key=len, reverse=True)  # a longer string before its parts
    if quoted:
        _quote_code_text(spec, quoted)
    return spec


def _quote_code_text(spec: dict[str, Any], tainted: list[str]) -> None:
    """Escape data strings quoted inside templates, annotations and titles."""
    for trace in spec["data"]:
        for prop in TEMPLATE_PROPS:
            if prop in trace:
                value = trace[prop]
                trace[prop] = (
                    [_quoted(v, tainted) for v in value]
                    if isinstance(value, (list, tuple))
                    else _quoted(value, tainted)
                )
        group_title = trace.get("legendgrouptitle")
        if isinstance(group_title, dict) and "text" in group_title:
            trace["legendgrouptitle"] = {
                **group_title,
                "text": _quoted(group_title["text"], tainted),
            }
    layout = spec["layout"]
    layout["annotations"] = [
        {**a, "text": _quoted(a.get("text"), tainted)} for a in layout.get("annotations", [])
    ]
    for key, part in list(layout.items()):
        if not isinstance(part, dict):
            continue
        title = part.get("title") if key != "title" else part
        if isinstance(title, dict) and "text" in title:
            fixed = {**title, "text": _quoted(title["text"], tainted)}
            layout[key] = fixed if key == "title" else {**part, "title": fixed}


def plotly_chart(figure: Any, **kwargs: Any) -> Any:
    """st.plotly_chart with every data-derived string drawn as written (same arguments)."""
    return st.plotly_chart(safe_figure(figure), **kwargs)


def selected_point(event: Any) -> list[Any] | None:
    """The custom data of the first bar or point selected in a chart (as stored), or None.

    `event` is what `plotly_chart(..., on_select="rerun")` returned. Every shared chart puts
    the keys a click needs in its custom data, never relying on trace or point order.
    """
    try:
        points = event["selection"]["points"]
    except (KeyError, TypeError):
        return None
    for point in points or []:
        data = point.get("customdata")
        if data is not None:  # plotly_chart sent text escaped for Plotly: undo that
            values = list(data) if isinstance(data, (list, tuple)) else [data]
            return [unescape(v) for v in values]
    return None


# ================================================================ the charts pages share
# One function per chart, used by every page that shows it; colours from ui/theme.py.


def process_label(process: str) -> str:
    """A survey process as its KPI process number and short name (6.3 ขอ/แลกเปลี่ยนข้อมูล)."""
    return t(f"ch_process_{SATISFACTION_PROCESS_NUMBERS[process]}")


def method_label(method: str) -> str:
    """How a satisfaction score is computed (mean or top-2-box), in the language in use."""
    return t(f"sat_method_{method}")


def few_responses_note(responses: Any, moe: Any) -> str:
    """The low-sample warning of a satisfaction figure ("" when there are enough answers)."""
    warning = few_responses_warning(int(responses), None if pd.isna(moe) else float(moe))
    if warning is None:
        return ""
    form, values = warning
    return t(f"sat_few_responses_{form}", **values)


def group_label(group: str) -> str:
    """A respondent group's name (every group together, no group given, or one group)."""
    if group == ALL_GROUPS:
        return t("ch_group_all")
    if group == NO_GROUP:
        return t("ch_group_none")
    label = KINDS["surveys"].column("respondent_group").value_label(group, lang())
    return label if lang() == "th" else label.replace("_", " ").capitalize()


def satisfaction_groups(scores: pd.DataFrame) -> list[str]:
    """The respondent groups present, in drawing order (all first)."""
    order = list(theme.GROUPS)
    present = scores["respondent_group"].unique().tolist()
    return sorted(present, key=lambda g: order.index(g) if g in order else len(order))


def band_spans(band: Mapping[str, float], top: float) -> list[tuple[str, float, float]]:
    """The four shaded spans of a KPI's bands, from 0 up to `top`."""
    edges = [0.0, band["minimum"], band["good"], band["excellent"], max(top, band["excellent"])]
    return list(zip(("below", *BAND_LEVELS), edges[:-1], edges[1:], strict=True))


def add_bands(
    figure: go.Figure, band: Mapping[str, float], *, row: int, top: float, half: float
) -> None:
    """Shade one row of a horizontal chart by a KPI's bands (below, minimum, good, excellent)."""
    for level, low, high in band_spans(band, top):
        figure.add_shape(
            type="rect", x0=low, x1=high, y0=row - half, y1=row + half,
            fillcolor=theme.BAND_FILLS[level], line_width=0, layer="below",
        )  # fmt: skip


def _satisfaction_bars(figure: go.Figure, scores: pd.DataFrame) -> None:
    """One bar trace per respondent group over every survey process, with its margin of error."""
    for group in satisfaction_groups(scores):
        part = scores[scores["respondent_group"] == group].set_index("process")
        found = [part.loc[p] if p in part.index else None for p in SURVEY_PROCESSES]
        values = [None if f is None or pd.isna(f["score"]) else float(f["score"]) for f in found]
        margins = [
            0.0 if f is None or pd.isna(f["margin_of_error"]) else float(f["margin_of_error"])
            for f in found
        ]
        responses = [0 if f is None else int(f["responses"]) for f in found]
        name = group_label(group)
        figure.add_bar(
            name=name,
            y=[process_label(p) for p in SURVEY_PROCESSES],
            x=values,
            orientation="h",
            marker_color=theme.GROUPS.get(group, theme.GROUPS[NO_GROUP]),
            error_x={"type": "data", "array": margins, "thickness": 1.2, "width": 3,
                     "color": theme.ERROR_BAR},
            text=["" if v is None else f"{v:.1f} · {t('ch_n', n=n)}"
                  for v, n in zip(values, responses, strict=True)],
            textposition="inside", insidetextanchor="start", textfont={"color": "white"},
            customdata=[[p, group, n] for p, n in zip(SURVEY_PROCESSES, responses, strict=True)],
            hovertemplate="%{y}<br>" + name + ": %{x:.2f} (n=%{customdata[2]})<extra></extra>",
        )  # fmt: skip


def _target_marks(figure: go.Figure, targets: Mapping[str, Any]) -> None:
    """A dashed target line per process with a target; "no target" written where there is none.
    Both words sit in the gap above the process's bars (y = row - 0.5), never on a bar."""
    for row, process in enumerate(SURVEY_PROCESSES):
        target = targets.get(process)
        if target is None or pd.isna(target):
            figure.add_annotation(
                x=100, y=row - 0.5, text=t("ch_no_target"), showarrow=False, xanchor="right",
                yanchor="middle", font={"color": theme.MUTED, "size": 12},
                bgcolor="rgba(255,255,255,0.85)",
            )  # fmt: skip
            continue
        figure.add_shape(
            type="line", x0=target, x1=target, y0=row - 0.48, y1=row + 0.48,
            line={"color": theme.TARGET, "width": 2.5, "dash": "dash"},
        )  # fmt: skip
        figure.add_annotation(
            x=target, y=row - 0.5, text=t("ch_target", v=f"{float(target):g}"),
            showarrow=False, xanchor="center", yanchor="middle",
            font={"color": theme.TARGET, "size": 12}, bgcolor="rgba(255,255,255,0.85)",
        )  # fmt: skip
    figure.add_scatter(
        x=[None], y=[None], mode="lines", name=t("ch_target_legend"),
        line={"color": theme.TARGET, "dash": "dash", "width": 2.5},
    )  # fmt: skip


def satisfaction_figure(
    scores: pd.DataFrame, *, method: str, bands: Mapping[str, Mapping[str, float]] | None = None
) -> go.Figure:
    """Score per survey process and respondent group, with margins of error, targets and bands.

    `scores` is `metrics.satisfaction.satisfaction_scores`'s frame (its `target` column gives
    the lines); `bands` maps a process to its KPI's bands. A bar's custom data is
    ``[process, respondent_group, responses]``.
    """
    figure = go.Figure()
    _satisfaction_bars(figure, scores)
    for row, process in enumerate(SURVEY_PROCESSES):
        if band := (bands or {}).get(process):
            add_bands(figure, band, row=row, top=100, half=0.5)
    firsts = scores.drop_duplicates("process").set_index("process")["target"]
    _target_marks(figure, firsts.to_dict())
    figure.update_layout(
        barmode="group",
        bargap=0.32,  # room between processes for the target's words
        height=theme.SATISFACTION_HEIGHT,
        margin={"t": 20, "b": 10, "l": 10, "r": 10},
        xaxis={"title": t("ch_sat_axis", method=method_label(method)), "range": [0, 105]},
        yaxis={"autorange": "reversed", "type": "category"},
        legend={"orientation": "h", "y": -0.18, "traceorder": "normal"},
    )
    return figure


def benchmark_name(row: Mapping[str, Any]) -> str:
    """A benchmark's short name (UN 2555), or its full source label for an unknown row."""
    key = f"ch_ref_{row.get('key')}"
    return t(key) if has(key) else row["source"][lang()]


def egov_trend_figure(trend: pd.DataFrame, *, chosen: int | None = None) -> go.Figure:
    """The e-Gov score at each fiscal year's end against the benchmarks; `chosen` year ringed."""
    picked = [int(y) == chosen for y in trend["fiscal_year"]]
    figure = go.Figure()
    figure.add_scatter(
        x=[str(int(y)) for y in trend["fiscal_year"]],
        y=trend["score"],
        mode="lines+markers+text",
        name=t("ch_ours"),
        line={"color": theme.OURS, "width": 3},
        marker={"size": [15 if c else 9 for c in picked], "color": theme.OURS,
                "line": {"width": [3 if c else 0 for c in picked], "color": theme.CHOSEN_RING}},
        text=[f"{v:.2f}" for v in trend["score"]],
        textposition="top center",
        customdata=[t("ch_egov_hover_units", assessed=int(a), units=int(u))
                    for a, u in zip(trend["assessed_in_year"], trend["units"], strict=True)],
        hovertemplate="%{x}: %{y:.2f}<br>%{customdata}<extra></extra>",
    )  # fmt: skip
    # Both names on the right, the higher benchmark's above its line and the lower's below: two
    # benchmarks 0.2 apart (44.71, 44.92) otherwise print over each other or over a year's score.
    rows = list(zip(reference_rows(), theme.BENCHMARKS, strict=False))
    rows.sort(key=lambda pair: pair[0]["score"])
    for position, (row, colour) in zip(("bottom right", "top right"), rows, strict=False):
        figure.add_hline(
            y=row["score"], line_dash="dash", line_color=colour,
            annotation_text=f"{benchmark_name(row)}: {row['score']:.2f}",
            annotation_position=position, annotation_font_color=colour,
        )  # fmt: skip
    figure.update_layout(
        xaxis={"title": t("ch_fy"), "type": "category"},
        yaxis={"title": t("ch_score_axis"), "range": [0, 105]},
        margin={"t": 30, "b": 10, "l": 10, "r": 10},
        height=theme.TREND_HEIGHT,
        showlegend=False,
    )
    return figure


def _quadrant_cell(figure: go.Figure, row: Any) -> tuple[float, float]:
    """Shade and name one quadrant; its bubble's centre."""
    x0 = 1 if row.standardization_level == "high" else 0
    y0 = 1 if row.integration_level == "high" else 0
    figure.add_shape(
        type="rect", x0=x0, x1=x0 + 1, y0=y0, y1=y0 + 1, layer="below",
        fillcolor=theme.QUADRANTS[row.quadrant], line={"color": "white", "width": 6},
    )  # fmt: skip
    words = QUADRANTS[row.quadrant]  # the vocabulary's names (metrics return the key only)
    first, second = (words["th"], words["en"]) if lang() == "th" else (words["en"], words["th"])
    figure.add_annotation(
        x=x0 + 0.5, y=y0 + 0.86, showarrow=False, font={"size": 15, "color": theme.INK},
        text=f"<b>{first}</b><br><span style='font-size:12px'>{second}</span>",
    )  # fmt: skip
    return x0 + 0.5, y0 + 0.4


def quadrant_figure(quadrants: pd.DataFrame) -> go.Figure:
    """Linkages on the DGA service operation model (integration × standardization), one bubble
    per quadrant sized by its count; a bubble's custom data is ``[quadrant]``."""
    placed = quadrants[quadrants["quadrant"] != "unspecified"]
    biggest = max(int(placed["linkages"].max()), 1) if len(placed) else 1
    figure = go.Figure()
    centres = [_quadrant_cell(figure, row) for row in placed.itertuples()]
    figure.add_scatter(
        x=[x for x, _ in centres],
        y=[y for _, y in centres],
        mode="markers+text",
        text=[fmt_number(n) for n in placed["linkages"]],
        textfont={"size": 18, "color": "white"},
        marker={"size": [34 + 60 * math.sqrt(n / biggest) for n in placed["linkages"]],
                "color": theme.OURS, "opacity": 0.85, "line": {"color": "white", "width": 2}},
        customdata=[[q] for q in placed["quadrant"]],
        hovertemplate=t("ch_quadrant_hover") + "<extra></extra>",
        showlegend=False,
    )  # fmt: skip
    axis = {"range": [0, 2], "tickvals": [0.5, 1.5], "showgrid": False, "zeroline": False,
            "fixedrange": True, "tickfont": {"size": 13}}  # fmt: skip
    figure.update_xaxes(
        ticktext=[t("ch_standardization_low"), t("ch_standardization_high")], **axis
    )
    figure.update_yaxes(ticktext=[t("ch_integration_low"), t("ch_integration_high")], **axis)
    figure.update_layout(
        height=theme.QUADRANT_HEIGHT, margin={"t": 10, "l": 10, "r": 10, "b": 10},
        plot_bgcolor="white",
    )  # fmt: skip
    return figure
