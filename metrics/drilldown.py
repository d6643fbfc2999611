"""The rows behind a figure: the linkages (or survey responses) a selected bar or point counts.

Each fetcher selects exactly what the matching aggregate counts, under the same filters, so a
drill-down table always has as many rows as the bar it came from said.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from metrics.filters import (
    NO_FILTERS,
    Filters,
    linkage_where,
    reference_date_sql,
)
from metrics.fiscal import fiscal_year_sql, quarter_sql
from metrics.kpi_registry import ENDED_SQL
from metrics.kpis import achieved_rows
from metrics.lead_times import DISTRIBUTION_BINS, LEAD_TIME_SEGMENTS
from metrics.lifecycle import EXIT_REASON_SQL, end_date_sql
from metrics.pipeline import EVENTS
from metrics.register import DIMENSIONS, OUTCOME_STATUSES, UNSPECIFIED, query
from metrics.satisfaction import survey_rows

# The register columns a drill-down table shows, in this order.
LINKAGE_COLUMNS = (
    "linkage_id",
    "partner_name",
    "partner_type",
    "ministry",
    "direction",
    "dataset",
    "method",
    "classification",
    "personal_data",
    "status",
    "requested_on",
    "responded_on",
    "linked_on",
    "in_use_on",
    "mou_expires_on",
    "cancelled_on",
    "cancel_reason",
)
_SELECT = ", ".join(LINKAGE_COLUMNS)


def linkage_rows(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    dimension: str | None = None,
    key: str | None = None,
    outcome: str | None = None,
) -> pd.DataFrame:
    """Linkages with one value of a dimension (as ``counts_by`` / ``compare_by`` count them).

    `key` "unspecified" selects linkages where the value is missing; `outcome` (in_progress,
    live, ended) narrows to those statuses. Sorted by linkage ID.
    """
    where, params = linkage_where(filters)
    conditions = [where]
    if dimension is not None:
        if dimension not in DIMENSIONS:
            raise ValueError(f"unknown dimension {dimension!r}")
        expr, _ = DIMENSIONS[dimension]
        conditions.append(f"coalesce({expr}, '{UNSPECIFIED}') = ?")
        params.append(UNSPECIFIED if key is None else str(key))
    if outcome is not None:
        statuses = OUTCOME_STATUSES[outcome]
        conditions.append(f"status IN ({', '.join('?' * len(statuses))})")
        params.extend(statuses)
    sql = f"SELECT {_SELECT} FROM linkages WHERE {' AND '.join(conditions)} ORDER BY linkage_id"
    return query(con, sql, params)


def event_rows(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    event: str,
    fiscal_year: int,
    quarter: int | None = None,
) -> pd.DataFrame:
    """Linkages whose event (requested, linked, in use, cancelled) fell in a fiscal year/quarter."""
    column = EVENTS[event]
    where, params = linkage_where(filters, date_expr=column)
    conditions = [where, f"{column} IS NOT NULL", f"{fiscal_year_sql(column)} = ?"]
    params.append(int(fiscal_year))
    if quarter is not None:
        conditions.append(f"{quarter_sql(column)} = ?")
        params.append(int(quarter))
    sql = (
        f"SELECT {_SELECT} FROM linkages WHERE {' AND '.join(conditions)} "
        f"ORDER BY {column}, linkage_id"
    )
    return query(con, sql, params)


def lead_time_rows(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    segment: str,
    band: int,
    bins: tuple[int, ...] = DISTRIBUTION_BINS,
) -> pd.DataFrame:
    """Linkages in one day band of one lead-time segment (as ``lead_time_distribution`` bands).

    Band 0 is 0–first edge, band i is (edge i−1, edge i], the last band is over the last edge.
    Adds a ``days`` column; longest first.
    """
    spans = {key: (start, end) for key, start, end in LEAD_TIME_SEGMENTS}
    start, end = spans[segment]
    edges = sorted(int(b) for b in bins)
    if not 0 <= band <= len(edges):
        raise ValueError(f"band must be 0–{len(edges)}")
    low = edges[band - 1] if band > 0 else None
    high = edges[band] if band < len(edges) else None
    where, params = linkage_where(filters)
    days = f"date_diff('day', {start}, {end})"
    conditions = [where, f"{end} >= {start}"]
    if low is not None:
        conditions.append(f"{days} > ?")
        params.append(low)
    if high is not None:
        conditions.append(f"{days} <= ?")
        params.append(high)
    sql = (
        f"SELECT {_SELECT}, {days} AS days FROM linkages WHERE {' AND '.join(conditions)} "
        "ORDER BY days DESC, linkage_id"
    )
    return query(con, sql, params)


def cancellation_rows(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS, reason: str, today: dt.date
) -> pd.DataFrame:
    """Ended linkages with one exit reason (as ``cancellations_by_reason`` counts them)."""
    end = end_date_sql(reference_date_sql())
    where, params = linkage_where(filters, date_expr=end)
    sql = f"""
        SELECT {_SELECT} FROM linkages
        WHERE {ENDED_SQL} AND {where} AND coalesce({EXIT_REASON_SQL}, '{UNSPECIFIED}') = ?
        ORDER BY {end} DESC NULLS LAST, linkage_id
    """
    return query(con, sql, [today, *params, reason])


__all__ = [
    "LINKAGE_COLUMNS",
    "achieved_rows",
    "cancellation_rows",
    "event_rows",
    "lead_time_rows",
    "linkage_rows",
    "survey_rows",
]
