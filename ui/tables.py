"""Tables as pages show them: register and survey rows made readable, satisfaction, e-Gov by year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from metrics.lifecycle import KPI_DISPLAY_STATUSES
from ui import shell, theme
from ui.charts import few_responses_note, group_label, process_label
from ui.i18n import fmt_date, lang, t
from ui.register_view import COLUMNS, header, value_labels

TABLE_ROWS = 200  # rows a table shows (and exports); the caption says when there are more
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
        col = COLUMNS.get(name)
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


def table_height(frame: pd.DataFrame, most: int = theme.TABLE_MOST) -> int:
    """A table's height at ROW_HEIGHT a row: every row when few, else scrolling at `most`."""
    return min(most, theme.ROW_HEIGHT * (len(frame) + 1) + 3)


def drill_rows(frame: pd.DataFrame, title: str, *, name: str, key: str) -> None:
    """A drill-down: its title (Markdown written by code), the rows and their downloads."""
    st.markdown(title)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=table_height(frame),
        row_height=theme.ROW_HEIGHT,
    )
    shell.download_buttons(frame, name, key=key)


def download_table(frame: pd.DataFrame, *, name: str, key: str) -> None:
    """A whole table as shown, with its downloads (for tables in an expander)."""
    st.dataframe(frame, hide_index=True, width="stretch")
    shell.download_buttons(frame, name, key=key)


def satisfaction_table(scores: pd.DataFrame) -> pd.DataFrame:
    """Every satisfaction figure with its target, sample size, margin of error and verdict."""
    return pd.DataFrame(
        {
            t("ch_col_process"): [process_label(p) for p in scores["process"]],
            t("ch_col_group"): [group_label(g) for g in scores["respondent_group"]],
            t("ch_col_score"): scores["score"],
            t("ch_col_target"): scores["target"],
            t("ch_col_responses"): scores["responses"],
            t("ch_col_moe"): scores["margin_of_error"],
            t("ch_col_met"): [KPI_DISPLAY_STATUSES[s][lang()] for s in scores["status"]],
            t("ch_col_note"): [
                few_responses_note(n, moe)
                for n, moe in zip(scores["responses"], scores["margin_of_error"], strict=True)
            ],
        }
    )


def egov_trend_table(trend: pd.DataFrame, stage_keys: Sequence[str] = ()) -> pd.DataFrame:
    """The e-Gov score at each fiscal year's end, with the units assessed and, if asked, stages."""
    return pd.DataFrame(
        {
            t("ch_fy"): [str(int(y)) for y in trend["fiscal_year"]],
            t("ch_col_units"): trend["units"],
            t("ch_col_assessed"): trend["assessed_in_year"],
            **{f"{t('ch_col_stage')} {k} (%)": trend[k].round(2) for k in stage_keys},
            t("ch_col_score"): trend["score"],
        }
    )
