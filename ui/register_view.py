"""Shared by the operations and comparisons pages: register labels and headers, clickable charts, axes."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import pandas as pd
import streamlit as st

from loaders.spec import REGISTER, SURVEYS, Column
from loaders.templates import VALUE_MEANINGS_EN
from metrics.lifecycle import QUADRANTS
from ui import charts
from ui.i18n import lang, t

# English display names of enum keys (the register's are terse keys).
_EN_OVERRIDES = {
    "direction": {
        "outbound": "Outbound (we request data)",
        "inbound": "Inbound (they request ours)",
    },
}
# Columns that are not register/survey columns, as (Thai, English) headers.
EXTRA_HEADERS: dict[str, tuple[str, str]] = {
    "days": ("จำนวนวัน", "Days"),
    "days_waiting": ("รอมาแล้ว (วัน)", "Days waiting"),
    "days_in_stage": ("อยู่ในขั้นนี้มาแล้ว (วัน)", "Days in this stage"),
    "limit_days": ("เกณฑ์ (วัน)", "Limit (days)"),
    "entered_on": ("เข้าสู่ขั้นนี้เมื่อ", "In this stage since"),
    "days_left": ("เหลือ (วัน; ติดลบ = เลยกำหนด)", "Days left (negative = past)"),
    "approver": ("ผู้อนุมัติ", "Approver"),
    "answers": ("จำนวนข้อที่ตอบ", "Questions answered"),
    "mean_answer": ("คะแนนเฉลี่ย (1–5)", "Mean answer (1–5)"),
}
COLUMNS: dict[str, Column] = {c.key: c for c in (*SURVEYS.columns, *REGISTER.columns)}


# ------------------------------------------------------------------ labels


def value_label(column: str, key: Any) -> str:
    """An enum key as people read it: the Thai label in Thai, a plain English name in English."""
    if key is None or (not isinstance(key, str) and pd.isna(key)):
        return t("v_not_given")
    key = str(key)
    if key == "unspecified":
        return t("v_not_given")
    if column == "quadrant":  # not a register column: the vocabulary names it
        return QUADRANTS[key][lang()] if key in QUADRANTS else key
    if lang() == "th":
        col = COLUMNS.get(column)
        return col.value_label(key, "th") if col is not None else key
    english = _EN_OVERRIDES.get(column, {}).get(key) or VALUE_MEANINGS_EN.get(column, {}).get(key)
    return english[:1].upper() + english[1:] if english else key


def value_labels(column: str, keys: Iterable[Any]) -> list[str]:
    """Labels for many keys of one column (each distinct key looked up once)."""
    keys = list(keys)
    found: dict[Any, str] = {}
    out = []
    for key in keys:
        marker = "\0missing" if key is None or (not isinstance(key, str) and pd.isna(key)) else key
        if marker not in found:
            found[marker] = value_label(column, key)
        out.append(found[marker])
    return out


def header(column: str) -> str:
    """A column's header in the language in use."""
    if column in EXTRA_HEADERS:
        th, en = EXTRA_HEADERS[column]
        return th if lang() == "th" else en
    col = COLUMNS.get(column)
    return col.label(lang()) if col is not None else column


# ------------------------------------------------------------------ charts


def bar_height(categories: int, *, per_bar: int = 34, minimum: int = 220) -> int:
    """A horizontal bar chart's height that fits its categories without squeezing Thai text."""
    return max(minimum, 90 + per_bar * categories)


def count_axis(fig: Any, largest: float, *, axis: str = "x") -> None:
    """Whole-number ticks on a count axis (no 0.5 of a linkage)."""
    raw = max(float(largest or 0) / 6, 1.0)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    update = fig.update_xaxes if axis == "x" else fig.update_yaxes
    update(dtick=step, tick0=0, rangemode="tozero")


def no_match() -> None:
    """The empty state of a part whose filters match no linkage (the register has some)."""
    st.info(t("v_no_match"), icon=":material/filter_alt_off:")


def drill_hint() -> None:
    """The line under a chart that says it can be clicked."""
    st.caption(t("v_click_hint"))


def clickable(figure: Any, *, key: str) -> list[Any] | None:
    """A chart whose bars and points can be clicked, the hint under it; the clicked custom data."""
    event = charts.plotly_chart(
        figure, on_select="rerun", selection_mode="points", key=key, width="stretch"
    )
    drill_hint()
    return charts.selected_point(event)
