"""Lead times: days between the register's stage dates, and time spent in each stage.

Every function is ``(con, *, filters, ...) -> DataFrame``; anything "as of" a day takes
`today` from the caller.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pandas as pd

from loaders.spec import (
    STATUSES,
)
from metrics.filters import (
    NO_FILTERS,
    Filters,
    linkage_where,
    period_bounds,
    period_where,
)
from metrics.register import query

# Lead-time segments: (key, from column, to column); the UI names each one by the label
# lead_time_<key>.
LEAD_TIME_SEGMENTS: tuple[tuple[str, str, str], ...] = (
    ("request_to_response", "requested_on", "responded_on"),
    ("response_to_link", "responded_on", "linked_on"),
    ("link_to_use", "linked_on", "in_use_on"),
    ("request_to_link", "requested_on", "linked_on"),
    ("request_to_use", "requested_on", "in_use_on"),
)
DISTRIBUTION_BINS = (30, 60, 90, 180, 365)


def lead_times(con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per linkage, the days of each lead-time segment (None when a date is missing or reversed)."""
    where, params = linkage_where(filters)
    spans = ",\n".join(
        f"CASE WHEN {end} >= {start} THEN date_diff('day', {start}, {end}) END AS {key}"
        for key, start, end in LEAD_TIME_SEGMENTS
    )
    sql = f"""
        SELECT linkage_id, partner_name, direction, status,
               requested_on, responded_on, linked_on, in_use_on,
               {spans}
        FROM linkages WHERE {where}
        ORDER BY linkage_id
    """
    return query(con, sql, params)


def _segments_sql(filters: Filters) -> tuple[str, list[Any]]:
    """A (segment, days) row per linkage and measurable segment."""
    where, params = linkage_where(filters)
    parts = [
        f"SELECT '{key}' AS segment, date_diff('day', {start}, {end}) AS days "
        f"FROM linkages WHERE {where} AND {end} >= {start}"
        for key, start, end in LEAD_TIME_SEGMENTS
    ]
    return " UNION ALL ".join(parts), params * len(parts)


def lead_time_summary(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS
) -> pd.DataFrame:
    """Per segment: linkages measured, median, quartiles, 90th percentile, mean, min, max days."""
    spans, params = _segments_sql(filters)
    sql = f"""
        SELECT segment, count(*) AS linkages,
               quantile_cont(days, 0.5) AS median_days,
               quantile_cont(days, 0.25) AS p25_days,
               quantile_cont(days, 0.75) AS p75_days,
               quantile_cont(days, 0.9) AS p90_days,
               round(avg(days), 1) AS mean_days, min(days) AS min_days, max(days) AS max_days
        FROM ({spans}) GROUP BY segment
    """
    found = {row["segment"]: row for row in query(con, sql, params).to_dict("records")}
    rows = []
    for key, _, _ in LEAD_TIME_SEGMENTS:
        row = found.get(key, {"linkages": 0})
        rows.append(
            {
                "segment": key,
                "linkages": int(row.get("linkages", 0)),
                **{
                    name: row.get(name)
                    for name in (
                        "median_days",
                        "p25_days",
                        "p75_days",
                        "p90_days",
                        "mean_days",
                        "min_days",
                        "max_days",
                    )
                },
            }
        )
    return pd.DataFrame(rows)


def lead_time_distribution(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    bins: tuple[int, ...] = DISTRIBUTION_BINS,
) -> pd.DataFrame:
    """Per segment, linkages per day band (0–30, 31–60, …, over the last bin), zero bands kept."""
    spans, params = _segments_sql(filters)
    edges = sorted(int(b) for b in bins)
    cases = " ".join(f"WHEN days <= {edge} THEN {i}" for i, edge in enumerate(edges))
    sql = f"""
        SELECT segment, CASE {cases} ELSE {len(edges)} END AS band, count(*) AS linkages
        FROM ({spans}) GROUP BY ALL
    """
    counts = {
        (r["segment"], int(r["band"])): int(r["linkages"])
        for r in query(con, sql, params).to_dict("records")
    }
    names = []
    low = 0
    for edge in edges:
        names.append(f"{low}–{edge}")
        low = edge + 1
    names.append(f">{edges[-1]}")
    rows = [
        {"segment": key, "band": i, "days": name, "linkages": counts.get((key, i), 0)}
        for key, *_ in LEAD_TIME_SEGMENTS
        for i, name in enumerate(names)
    ]
    return pd.DataFrame(rows)


def _attribute_join(filters: Filters, history_alias: str = "h") -> tuple[str, list[Any]]:
    """A JOIN to linkages when attribute filters are chosen (none needed for the period alone)."""
    attributes = filters.replace(fiscal_year=None, quarter=None)
    if attributes == NO_FILTERS:
        return "", []
    where, params = linkage_where(attributes, alias="l")
    # A real and a sample linkage may share an ID: history belongs to the row of its origin.
    on = f"l.linkage_id = {history_alias}.linkage_id AND l.is_sample = {history_alias}.is_sample"
    return f"JOIN linkages l ON {on} AND {where}", params


def _spells_sql(filters: Filters, today: dt.date) -> tuple[str, list[Any]]:
    """One row per stay of a linkage in a status, from the history's status events.

    Events after `today` are not seen yet; a stay belongs to the period it began in.
    """
    join, join_params = _attribute_join(filters)
    period_sql, period_params = period_where(filters, "CAST(entered_at AS DATE)")
    # A stay that began in the period ends at a later event, so earlier events can be skipped.
    bounds = period_bounds(filters)
    since = bounds[0] if bounds else dt.date.min
    sql = f"""
        SELECT linkage_id, stage, entered_at, left_at,
               date_diff('day', CAST(entered_at AS DATE),
                         coalesce(CAST(left_at AS DATE), CAST(? AS DATE))) AS days
        FROM (
            SELECT h.linkage_id, h.new_value AS stage, h.changed_at AS entered_at,
                   lead(h.changed_at) OVER (
                       PARTITION BY h.linkage_id, h.is_sample ORDER BY h.changed_at
                   ) AS left_at
            FROM linkage_history h {join}
            WHERE h.field = 'status' AND h.new_value IS NOT NULL
              AND h.changed_at >= CAST(? AS TIMESTAMP)
              AND CAST(h.changed_at AS DATE) <= CAST(? AS DATE)
        )
        WHERE {period_sql}
    """
    return sql, [today, *join_params, since, today, *period_params]


def stage_spells(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS, today: dt.date
) -> pd.DataFrame:
    """Each stay of a linkage in a status: entered_at, left_at (None = still there), days."""
    sql, params = _spells_sql(filters, today)
    return query(con, f"SELECT * FROM ({sql}) ORDER BY linkage_id, entered_at", params)


def stage_durations(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS, today: dt.date
) -> pd.DataFrame:
    """Per lifecycle stage: stays, median / mean / 90th-percentile days, and linkages there now.

    Durations come from the change history (when an upload first showed the new status),
    so they are as fine as the uploads are frequent. A stay still open runs to `today`.
    """
    sql, params = _spells_sql(filters, today)
    summary = query(
        con,
        f"""SELECT stage, count(*) AS stays,
                   quantile_cont(days, 0.5) AS median_days, round(avg(days), 1) AS mean_days,
                   quantile_cont(days, 0.9) AS p90_days, max(days) AS max_days,
                   count(*) FILTER (WHERE left_at IS NULL) AS current_linkages
            FROM ({sql}) GROUP BY stage""",
        params,
    )
    order = {status: i for i, status in enumerate(STATUSES)}
    summary["order"] = summary["stage"].map(order).fillna(len(order))
    summary = summary.sort_values("order").drop(columns="order").reset_index(drop=True)
    return summary
