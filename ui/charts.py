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
from collections.abc import Iterable
from typing import Any

import numpy as np
import streamlit as st

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
