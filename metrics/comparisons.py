"""Tactical comparisons: outcomes by partner type, ministry, method …; event trends; the quadrant.

Every function is ``(con, *, filters, ...) -> DataFrame``; the aggregation runs in DuckDB with
``?`` parameters. Labels come back as ``label_th`` / ``label_en`` beside the keys.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from metrics.filters import NO_FILTERS, Filters, linkage_where
from metrics.fiscal import QUARTERS, fiscal_year_sql, quarter_sql
from metrics.lifecycle import (
    CANCELLED,
    COMPARISON_OUTCOME_STATUSES,
    COMPARISON_OUTCOMES,
    IN_USE,
    LINKED,
    QUADRANT_LEVELS,
    QUADRANTS,
    REQUESTED,
)
from metrics.operations import DIMENSIONS, UNSPECIFIED, UNSPECIFIED_LABEL

Text = dict[str, str]

# Where a linkage stands, from its lifecycle status (product decision, metrics/lifecycle.json):
# in progress (the open group), live, ended (the refused and ended groups).
OUTCOMES: dict[str, Text] = COMPARISON_OUTCOMES
OUTCOME_STATUSES: dict[str, tuple[str, ...]] = COMPARISON_OUTCOME_STATUSES
COMPARE_DIMENSIONS = ("partner_type", "ministry", "method", "direction", "classification")

# Register events counted per period, by the date the register gives for them.
EVENTS: dict[str, tuple[str, Text]] = {
    REQUESTED: ("requested_on", {"th": "ยื่นคำขอ", "en": "Requests made"}),
    LINKED: ("linked_on", {"th": "เชื่อมโยงสำเร็จ", "en": "Linked"}),
    IN_USE: ("in_use_on", {"th": "เริ่มใช้งานข้อมูล", "en": "Put to use"}),
    CANCELLED: ("cancelled_on", {"th": "ยกเลิก", "en": "Cancelled"}),
}


def outcome_sql() -> tuple[str, list[Any]]:
    """SQL CASE giving a linkage's outcome key from its status, with its parameters."""
    parts, params = [], []
    for outcome, statuses in OUTCOME_STATUSES.items():
        parts.append(f"WHEN status IN ({', '.join('?' * len(statuses))}) THEN '{outcome}'")
        params.extend(statuses)
    return f"CASE {' '.join(parts)} ELSE '{UNSPECIFIED}' END", params


def dimension_labels(dimension: str, keys: pd.Series) -> tuple[list[str], list[str]]:
    """Thai and English labels for keys of a dimension (English: the key; ministry: the name)."""
    _, values = DIMENSIONS[dimension]
    english = {k: v["en"] for k, v in QUADRANTS.items()} if dimension == "quadrant" else {}
    th, en = [], []
    for key in keys.astype(object):
        if key == UNSPECIFIED:
            th.append(UNSPECIFIED_LABEL["th"])
            en.append(UNSPECIFIED_LABEL["en"])
        else:
            th.append(values[key][0] if key in values and values[key] else key)
            en.append(english.get(key, key))
    return th, en


def compare_by(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS, dimension: str
) -> pd.DataFrame:
    """Per value of a dimension: linkages, in progress / live / ended, live share, median lead time.

    Columns: key, label_th, label_en, linkages, in_progress, live, ended, live_pct (live ÷
    linkages × 100, one decimal), median_request_to_link_days (None when nothing was linked).
    Enum dimensions keep their order with every value listed; ministries come most first.
    """
    if dimension not in COMPARE_DIMENSIONS:
        raise ValueError(f"dimension must be one of {', '.join(COMPARE_DIMENSIONS)}")
    expr, values = DIMENSIONS[dimension]
    where, params = linkage_where(filters)
    outcome, outcome_params = outcome_sql()
    sql = f"""
        SELECT coalesce({expr}, '{UNSPECIFIED}') AS key, count(*) AS linkages,
               count(*) FILTER (WHERE outcome = 'in_progress') AS in_progress,
               count(*) FILTER (WHERE outcome = 'live') AS live,
               count(*) FILTER (WHERE outcome = 'ended') AS ended,
               quantile_cont(date_diff('day', requested_on, linked_on), 0.5)
                   FILTER (WHERE linked_on >= requested_on) AS median_request_to_link_days
        FROM (SELECT *, {outcome} AS outcome FROM linkages WHERE {where})
        GROUP BY 1
    """
    found = con.cursor().execute(sql, [*outcome_params, *params]).df()
    if dimension == "ministry":
        frame = found.sort_values(["linkages", "key"], ascending=[False, True])
    else:
        keys = [*values, UNSPECIFIED]
        frame = pd.DataFrame({"key": keys}).merge(found, on="key", how="left")
        frame = frame[(frame["key"] != UNSPECIFIED) | frame["linkages"].notna()]
    frame = frame.reset_index(drop=True)
    for column in ("linkages", "in_progress", "live", "ended"):
        frame[column] = frame[column].fillna(0).astype(int)
    frame["live_pct"] = [
        round(live * 100 / total, 1) if total else None
        for live, total in zip(frame["live"], frame["linkages"], strict=True)
    ]
    frame["median_request_to_link_days"] = frame["median_request_to_link_days"].astype(object)
    frame.loc[frame["median_request_to_link_days"].isna(), "median_request_to_link_days"] = None
    frame["label_th"], frame["label_en"] = dimension_labels(dimension, frame["key"])
    return frame[
        [
            "key",
            "label_th",
            "label_en",
            "linkages",
            "in_progress",
            "live",
            "ended",
            "live_pct",
            "median_request_to_link_days",
        ]
    ]


def _event_counts(
    con: duckdb.DuckDBPyConnection, filters: Filters, events: list[str]
) -> pd.DataFrame:
    """Per event, fiscal year and quarter of its date: linkages (the period filter on that date)."""
    parts, params = [], []
    for event in events:
        column = EVENTS[event][0]
        where, where_params = linkage_where(filters, date_expr=column)
        parts.append(
            f"SELECT '{event}' AS event, {fiscal_year_sql(column)} AS fiscal_year, "
            f"{quarter_sql(column)} AS quarter, count(*) AS linkages FROM linkages "
            f"WHERE {column} IS NOT NULL AND {where} GROUP BY ALL"
        )
        params.extend(where_params)
    return con.cursor().execute(" UNION ALL ".join(parts), params).df()


def _quarter_grid(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Every (fiscal year, quarter) from `first` to `last`, both included."""
    grid, (year, q) = [], first
    while (year, q) <= last:
        grid.append((year, q))
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return grid


def event_trend(con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per fiscal quarter and event (requested, linked, in use, cancelled): linkages, zeros kept.

    A linkage counts in the quarter of the event's own date. The quarters run from the first
    to the last with any event (the chosen fiscal year's four when one is chosen; only the
    chosen quarter when one is). Columns: fiscal_year, quarter, event, label_th, label_en,
    linkages.
    """
    counts = _event_counts(con, filters, list(EVENTS))
    found = {
        (int(r["fiscal_year"]), int(r["quarter"]), r["event"]): int(r["linkages"])
        for r in counts.to_dict("records")
    }
    if filters.fiscal_year is not None:
        quarters = [filters.quarter] if filters.quarter else list(QUARTERS)
        grid = [(filters.fiscal_year, q) for q in quarters]
    elif found:
        keys = sorted((fy, q) for fy, q, _ in found)
        grid = _quarter_grid(keys[0], keys[-1])
        if filters.quarter:
            grid = [(fy, q) for fy, q in grid if q == filters.quarter]
    else:
        grid = []
    rows = [
        {
            "fiscal_year": fy,
            "quarter": q,
            "event": event,
            "label_th": label["th"],
            "label_en": label["en"],
            "linkages": found.get((fy, q, event), 0),
        }
        for fy, q in grid
        for event, (_, label) in EVENTS.items()
    ]
    columns = ["fiscal_year", "quarter", "event", "label_th", "label_en", "linkages"]
    return pd.DataFrame(rows, columns=columns)


def year_over_year(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS, event: str
) -> pd.DataFrame:
    """One event per fiscal year and quarter, to compare years quarter by quarter.

    With a fiscal year chosen, that year and the one before it (so there is something to
    compare with); otherwise every year with the event. A chosen quarter keeps that quarter.
    Columns: fiscal_year, quarter, linkages, year_total, change_pct (year total against the
    year before, one decimal; None for the first year or after a year of zero).
    """
    if event not in EVENTS:
        raise ValueError(f"event must be one of {', '.join(EVENTS)}")
    years_filter = filters.replace(fiscal_year=None, quarter=None)
    counts = _event_counts(con, years_filter, [event])
    found = {
        (int(r["fiscal_year"]), int(r["quarter"])): int(r["linkages"])
        for r in counts.to_dict("records")
    }
    if filters.fiscal_year is not None:
        years = [filters.fiscal_year - 1, filters.fiscal_year]
    elif found:
        present = sorted({fy for fy, _ in found})
        years = list(range(present[0], present[-1] + 1))
    else:
        years = []
    quarters = [filters.quarter] if filters.quarter else list(QUARTERS)
    rows = []
    previous_total = None
    for fy in years:
        total = sum(found.get((fy, q), 0) for q in quarters)
        change = (
            round((total - previous_total) * 100 / previous_total, 1) if previous_total else None
        )
        rows.extend(
            {
                "fiscal_year": fy,
                "quarter": q,
                "linkages": found.get((fy, q), 0),
                "year_total": total,
                "change_pct": change,
            }
            for q in quarters
        )
        previous_total = total
    columns = ["fiscal_year", "quarter", "linkages", "year_total", "change_pct"]
    return pd.DataFrame(rows, columns=columns)


def quadrant_counts(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS
) -> pd.DataFrame:
    """Linkages per operation-model quadrant (DOMAIN.md §7), all four listed, then unplaced ones.

    Columns: quadrant, integration_level, standardization_level, label_th, label_en, linkages.
    "unspecified" counts linkages whose integration or standardization level is not given.
    """
    expr, _ = DIMENSIONS["quadrant"]
    where, params = linkage_where(filters)
    counts = dict(
        con.cursor()
        .execute(
            f"SELECT coalesce({expr}, '{UNSPECIFIED}'), count(*) FROM linkages "
            f"WHERE {where} GROUP BY 1",
            params,
        )
        .fetchall()
    )
    rows = [
        {
            "quadrant": key,
            "integration_level": integration,
            "standardization_level": standardization,
            "label_th": QUADRANTS[key]["th"],
            "label_en": QUADRANTS[key]["en"],
            "linkages": int(counts.get(key, 0)),
        }
        for key, (integration, standardization) in QUADRANT_LEVELS.items()
    ]
    rows.append(
        {
            "quadrant": UNSPECIFIED,
            "integration_level": None,
            "standardization_level": None,
            "label_th": UNSPECIFIED_LABEL["th"],
            "label_en": UNSPECIFIED_LABEL["en"],
            "linkages": int(counts.get(UNSPECIFIED, 0)),
        }
    )
    return pd.DataFrame(rows)


__all__ = [
    "COMPARE_DIMENSIONS",
    "EVENTS",
    "OUTCOMES",
    "OUTCOME_STATUSES",
    "QUADRANT_LEVELS",
    "compare_by",
    "dimension_labels",
    "event_trend",
    "outcome_sql",
    "quadrant_counts",
    "year_over_year",
]
