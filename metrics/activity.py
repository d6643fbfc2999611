"""Operational watch lists: register changes under the filters, MOUs needing action, late requests."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from metrics.filters import NO_FILTERS, Filters, linkage_where, period_where
from metrics.operations import _stuck_sql


def register_changes(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS, limit: int = 50
) -> pd.DataFrame:
    """The latest field changes of the linkages in the filters, newest first (then latest upload).

    The period filter applies to the day of the change; the others to the linkage.
    Columns: changed_at, linkage_id, partner_name, field, old_value, new_value, upload_id,
    file_name.
    """
    period, period_params = period_where(filters, "CAST(h.changed_at AS DATE)")
    where, params = linkage_where(filters.replace(fiscal_year=None, quarter=None))
    order = "changed_at DESC, upload_id DESC NULLS LAST, linkage_id, field"
    sql = f"""
        WITH latest AS (
            SELECT * FROM linkage_history h
            WHERE {period} AND EXISTS (
                SELECT 1 FROM linkages
                WHERE linkage_id = h.linkage_id AND is_sample = h.is_sample AND {where}
            )
            ORDER BY {order} LIMIT ?
        )
        SELECT h.changed_at, h.linkage_id, l.partner_name, h.field, h.old_value, h.new_value,
               h.upload_id, u.file_name
        FROM latest h
        JOIN linkages l ON l.linkage_id = h.linkage_id AND l.is_sample = h.is_sample
        LEFT JOIN uploads u ON u.upload_id = h.upload_id
        ORDER BY {", ".join("h." + part for part in order.split(", "))}
    """
    return con.cursor().execute(sql, [*period_params, *params, int(limit)]).df()


def stuck_watch(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    today: dt.date,
    stage: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """The longest-stuck linkages (``stuck_linkages`` rows, same order), of one stage if given.

    `limit` keeps only the first rows, sorted and cut in SQL (a watch list needs the worst
    few hundred, not tens of thousands of rows in memory).
    """
    sql, params = _stuck_sql(filters, today, None)
    if stage is not None:
        sql = f"SELECT * FROM ({sql}) WHERE status = ?"
        params = [*params, stage]
    sql = f"SELECT * FROM ({sql}) ORDER BY days_in_stage DESC, linkage_id"
    if limit is not None:
        sql += " LIMIT ?"
        params = [*params, int(limit)]
    return con.cursor().execute(sql, params).df()


def mark_late(requests: pd.DataFrame, *, late_after_days: int) -> pd.DataFrame:
    """Open requests (``open_requests`` rows) with a ``late`` column: waiting over the limit."""
    marked = requests.copy()
    marked["late"] = marked["days_waiting"] > int(late_after_days)
    return marked


LATE_MULTIPLES = (1, 2, 3, 6, 12)  # band edges as multiples of the late limit


def _band_edges(late_after_days: int) -> list[int]:
    """Upper edges (days) of the waiting bands for one late limit."""
    return [int(late_after_days) * m for m in LATE_MULTIPLES]


def _band_index(days: pd.Series, edges: list[int]) -> pd.Series:
    """The band of each wait: 0 up to the first edge, i over edge i−1 up to edge i, last beyond."""
    return pd.Series(
        pd.cut(days.astype("int64"), [-1, *edges, float("inf")], labels=False), index=days.index
    ).astype("int64")


def wait_bands(requests: pd.DataFrame, *, late_after_days: int) -> pd.DataFrame:
    """Open requests per band of days waiting, measured in multiples of the late limit.

    With a limit of 30: 0–30 (on time), 31–60, 61–90, 91–180, 181–360 and over 360 days
    (late). Every band is listed. Columns: band, low (days over which a wait falls in the
    band; 0 for the first, which includes 0), high (None for the last), linkages, late.
    """
    edges = _band_edges(late_after_days)
    counts = _band_index(requests["days_waiting"], edges).value_counts().to_dict()
    lows = [0, *edges]
    highs: list[int | None] = [*edges, None]
    frame = pd.DataFrame(
        {
            "band": range(len(lows)),
            "low": lows,
            "linkages": [int(counts.get(i, 0)) for i in range(len(lows))],
            "late": [i > 0 for i in range(len(lows))],
        }
    )
    frame.insert(2, "high", pd.Series(highs, dtype=object))
    return frame


def requests_in_band(requests: pd.DataFrame, *, band: int, late_after_days: int) -> pd.DataFrame:
    """The open requests counted in one band of ``wait_bands``."""
    index = _band_index(requests["days_waiting"], _band_edges(late_after_days))
    return requests[index == int(band)].reset_index(drop=True)


__all__ = [
    "LATE_MULTIPLES",
    "mark_late",
    "register_changes",
    "requests_in_band",
    "stuck_watch",
    "wait_bands",
]
