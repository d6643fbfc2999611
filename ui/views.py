"""Shared by the operational and tactical views: readable tables, drill-down, axis helpers."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import streamlit as st

from loaders.spec import REGISTER, SURVEYS, Column
from loaders.templates import VALUE_MEANINGS_EN
from ui import charts, shell
from ui.i18n import fmt_date, lang, t
from ui.views_text import LABELS  # noqa: F401  registers the labels used below

TABLE_ROWS = 200  # rows a table shows (and exports); the caption says when there are more

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
# Register columns in the order a reader wants them: who, what, where it stands, when; the ID last.
LINKAGE_VIEW = (
    "partner_name",
    "dataset",
    "status",
    "direction",
    "requested_on",
    "responded_on",
    "linked_on",
    "in_use_on",
    "mou_expires_on",
    "cancelled_on",
    "cancel_reason",
    "partner_type",
    "ministry",
    "method",
    "classification",
    "personal_data",
    "linkage_id",
)
_COLUMNS: dict[str, Column] = {c.key: c for c in (*SURVEYS.columns, *REGISTER.columns)}


# ------------------------------------------------------------------ labels


def value_label(column: str, key: Any) -> str:
    """An enum key as people read it: the Thai label in Thai, a plain English name in English."""
    if key is None or (not isinstance(key, str) and pd.isna(key)):
        return t("v_not_given")
    key = str(key)
    if key == "unspecified":
        return t("v_not_given")
    if lang() == "th":
        col = _COLUMNS.get(column)
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
    col = _COLUMNS.get(column)
    return col.label(lang()) if col is not None else column


def _is_date_column(series: pd.Series) -> bool:
    """Whether a column holds dates (datetime dtype, or Python dates)."""
    if pd.api.types.is_datetime64_any_dtype(series):
        return True
    first = series.dropna().head(1).tolist()
    return bool(first) and isinstance(first[0], dt.date)


def _dates(series: pd.Series, *, with_time: bool = False) -> list[str]:
    """Dates as people read them (BE in Thai); each distinct date formatted once."""
    formatted: dict[Any, str] = {}
    out = []
    for value in series.tolist():
        if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
            out.append("")
            continue
        if value not in formatted:
            day = value.to_pydatetime() if isinstance(value, pd.Timestamp) else value
            if not with_time and isinstance(day, dt.datetime):
                day = day.date()
            formatted[value] = fmt_date(day, with_time=with_time)
        out.append(formatted[value])
    return out


def readable(
    frame: pd.DataFrame,
    columns: Iterable[str] | None = None,
    *,
    with_time: Iterable[str] = (),
    headers: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """A table as shown: headers and enum values in the language in use, BE dates in Thai."""
    with_time = set(with_time)
    headers = dict(headers or {})
    out: dict[str, list[Any] | pd.Series] = {}
    for name in columns or frame.columns:
        series = frame[name]
        col = _COLUMNS.get(name)
        if col is not None and col.values:
            values: list[Any] | pd.Series = value_labels(name, series)
        elif pd.api.types.is_bool_dtype(series) or (col is not None and col.type == "bool"):
            values = [
                "" if v is None or pd.isna(v) else (t("yes") if v else t("no"))
                for v in series.tolist()
            ]
        elif _is_date_column(series):
            values = _dates(series, with_time=name in with_time)
        else:
            values = series.reset_index(drop=True)
        out[headers.get(name) or header(name)] = values
    return pd.DataFrame(out)


# ------------------------------------------------------------------ tables and drill-down


def show_table(
    frame: pd.DataFrame,
    *,
    name: str,
    key: str,
    total: int | None = None,
    columns: Iterable[str] | None = None,
    colours: list[str | None] | None = None,
    with_time: Iterable[str] = (),
    headers: Mapping[str, str] | None = None,
    height: int | None = None,
) -> None:
    """A readable table (first ``TABLE_ROWS`` rows, rows coloured if asked) with its downloads.

    Without `columns`, linkage rows show in ``LINKAGE_VIEW`` order after any other column
    (days, approver …). `total`: how many rows there are when `frame` was already cut.
    """
    if columns is None:
        extra = [c for c in frame.columns if c not in LINKAGE_VIEW]
        columns = [*extra, *(c for c in LINKAGE_VIEW if c in frame.columns)]
    shown = frame.head(TABLE_ROWS)
    total = len(frame) if total is None else total
    if total > len(shown):
        st.caption(t("v_first_rows", n=f"{len(shown):,}", total=f"{total:,}"))
    table = readable(shown, columns, with_time=with_time, headers=headers)
    data: Any = table
    if colours is not None and any(colours):
        backgrounds = list(colours[: len(table)])

        def paint(row: pd.Series) -> list[str]:
            """Background of one row."""
            colour = backgrounds[row.name]
            return [f"background-color: {colour}" if colour else ""] * len(row)

        data = table.style.apply(paint, axis=1)
    options: dict[str, Any] = {"hide_index": True, "width": "stretch"}
    if height is not None:
        options["height"] = height
    st.dataframe(data, **options)
    shell.download_buttons(table, name, key=key)


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
