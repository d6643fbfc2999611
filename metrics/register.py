"""The register: how many linkages, with whom, in which status, broken down by dimension.

Counts by any dimension (``counts_by``), the totals and breakdown of the report, the home
figures, the filter options, outcomes compared across a dimension and the DGA quadrant, the
latest changes to the register and the latest fiscal year with data. Every function is
``(con, *, filters, ...) -> DataFrame | dict``: the aggregation runs in DuckDB, values go in as
``?`` parameters, and nothing reads the clock. Linkages belong to a period by their reference
date (``metrics.filters``) unless a function says otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import duckdb
import pandas as pd

from loaders.spec import (
    CANCEL_REASONS,
    CLASSIFICATIONS,
    DIRECTIONS,
    FREQUENCIES,
    METHODS,
    PARTNER_TYPES,
    STATUSES,
)
from metrics.filters import (
    NO_FILTERS,
    REFERENCE_DATE_COLUMNS,
    Filters,
    linkage_where,
    period_where,
    reference_date_sql,
)
from metrics.fiscal import fiscal_year, fiscal_year_sql, quarter_sql
from metrics.lifecycle import (
    COMPARISON_OUTCOME_STATUSES,
    COMPARISON_OUTCOMES,
    ENDED_ON_RECORD_SQL,
    LIVE_STATUSES,
    OPEN_REQUEST_STATUSES,
    QUADRANT_LEVELS,
    QUADRANT_SQL,
    QUADRANTS,
    Text,
    sql_list,
)

STATUS_ORDER = list(STATUSES)
DIRECTION_ORDER = list(DIRECTIONS)

# Dimensions a count can be broken down by: SQL expression and its values in order (keys only:
# the pages name them; none for free text such as ministries).
DIMENSIONS: dict[str, tuple[str, Iterable[str]]] = {
    "status": ("status", STATUSES),
    "direction": ("direction", DIRECTIONS),
    "partner_type": ("partner_type", PARTNER_TYPES),
    "ministry": ("ministry", ()),
    "method": ("method", METHODS),
    "frequency": ("frequency", FREQUENCIES),
    "classification": ("classification", CLASSIFICATIONS),
    "personal_data": ("CAST(personal_data AS VARCHAR)", ("true", "false")),
    "cancel_reason": ("cancel_reason", CANCEL_REASONS),
    "quadrant": (QUADRANT_SQL, tuple(QUADRANTS)),
    # Only in a roll-up over all agencies (loaders/rollup.py adds the column): the agency code.
    "agency": ("agency", ()),
}
UNSPECIFIED = "unspecified"


# Register dates that may place a linkage in a period instead of its reference date.
PERIOD_DATES = (
    "requested_on",
    "responded_on",
    "mou_signed_on",
    "linked_on",
    "in_use_on",
    "cancelled_on",
    "mou_expires_on",
)
PERIODS = ("fiscal_year", "quarter")
REPORT_DIMENSIONS = ("status", "direction", "partner_type", "method", "classification", "quadrant")

# Where a linkage stands, from its lifecycle status (product decision, metrics/lifecycle.json):
# in progress (the open group), live, ended (the refused and ended groups).
OUTCOMES: dict[str, Text] = COMPARISON_OUTCOMES
OUTCOME_STATUSES: dict[str, tuple[str, ...]] = COMPARISON_OUTCOME_STATUSES
COMPARE_DIMENSIONS = ("partner_type", "ministry", "method", "direction", "classification")
# Compared as ministries are (most linkages first, the value as written), in a roll-up only.
ROLLUP_DIMENSIONS = ("agency",)
_FREE_TEXT_DIMENSIONS = ("ministry", "agency")


def home_figures(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The home page's four figures: the register's totals, plus live linkages and open requests."""
    row = (
        con.cursor()
        .execute(
            f"""SELECT count(*) FILTER (WHERE status IN ({sql_list(LIVE_STATUSES)})),
                      count(*) FILTER (WHERE status IN ({sql_list(OPEN_REQUEST_STATUSES)}))
               FROM linkages"""
        )
        .fetchone()
    )
    return {**register_totals(con), "live": int(row[0]), "open_requests": int(row[1])}


def status_by_direction(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Linkage counts per lifecycle status and direction, every status present, in lifecycle order."""
    counts = (
        con.cursor()
        .execute("SELECT status, direction, count(*) AS linkages FROM linkages GROUP BY ALL")
        .df()
    )
    grid = pd.MultiIndex.from_product(
        [STATUS_ORDER, DIRECTION_ORDER], names=["status", "direction"]
    )
    full = (
        counts.set_index(["status", "direction"])["linkages"]
        .reindex(grid, fill_value=0)
        .astype(int)
        .reset_index()
    )
    return full


def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """The values the global filters can take in this store: fiscal years (BE) and ministries."""
    cur = con.cursor()
    years = cur.execute(
        f"""SELECT DISTINCT {fiscal_year_sql(reference_date_sql())} AS fy
            FROM linkages WHERE {reference_date_sql()} IS NOT NULL ORDER BY fy"""
    ).fetchall()
    ministries = cur.execute(
        "SELECT DISTINCT ministry FROM linkages WHERE ministry IS NOT NULL ORDER BY ministry"
    ).fetchall()
    return {"fiscal_years": [int(r[0]) for r in years], "ministries": [r[0] for r in ministries]}


def query(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> pd.DataFrame:
    """Run one query on a fresh cursor and return its rows."""
    return con.cursor().execute(sql, params).df()


def counts_by(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    dimension: str = "status",
    period: str | None = None,
    by_date: str | None = None,
) -> pd.DataFrame:
    """Linkages per value of a dimension, optionally per fiscal year or fiscal year and quarter.

    Columns: [fiscal_year[, quarter]], key, linkages (keys, never words: the pages name them).
    A missing value is "unspecified". Dimensions: see ``DIMENSIONS`` (status, direction, partner_type, ministry,
    method, frequency, classification, personal_data, cancel_reason, quadrant).
    `by_date` names the register date that places a linkage in a period (one of
    ``PERIOD_DATES``); by default its reference date, and for ``cancel_reason`` (which
    counts the linkages the register records as cancelled or expired) the cancellation date.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(
            f"unknown dimension {dimension!r}; expected one of {', '.join(DIMENSIONS)}"
        )
    if period is not None and period not in PERIODS:
        raise ValueError(f"period must be None or one of {', '.join(PERIODS)}")
    if by_date is not None and by_date not in PERIOD_DATES:
        raise ValueError(f"by_date must be one of {', '.join(PERIOD_DATES)}")
    expr, values = DIMENSIONS[dimension]
    ref = reference_date_sql()
    if by_date is not None:
        ref = f"coalesce({by_date}, {ref})"
    elif dimension == "cancel_reason":
        ref = f"coalesce(cancelled_on, {ref})"
    where, params = linkage_where(filters, date_expr=ref)
    if dimension == "cancel_reason":
        where = f"{ENDED_ON_RECORD_SQL} AND {where}"
    period_columns = {"fiscal_year": fiscal_year_sql(ref), "quarter": quarter_sql(ref)}
    names = [] if period is None else PERIODS[: PERIODS.index(period) + 1]
    select = ", ".join(
        [
            *(f"{period_columns[n]} AS {n}" for n in names),
            f"coalesce({expr}, '{UNSPECIFIED}') AS key",
        ]
    )
    frame = query(
        con,
        f"SELECT {select}, count(*) AS linkages FROM linkages WHERE {where} "
        "GROUP BY ALL ORDER BY ALL",
        params,
    )
    if values and dimension != "ministry":
        order = {k: i for i, k in enumerate(values)}
        frame["order"] = frame["key"].map(order).fillna(len(order))
        frame = frame.sort_values([*names, "order", "key"]).drop(columns="order")
        frame = frame.reset_index(drop=True)
    return frame[[*names, "key", "linkages"]]


def count_map(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS, dimension: str
) -> dict[str, int]:
    """Linkages per value of a dimension as a plain dict (for JSON)."""
    frame = counts_by(con, filters=filters, dimension=dimension)
    return {str(k): int(n) for k, n in zip(frame["key"], frame["linkages"], strict=True)}


def register_breakdown(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    dimensions: tuple[str, ...] = REPORT_DIMENSIONS,
) -> dict[str, dict[str, int]]:
    """Linkages per value of several dimensions at once: {dimension: {key: n}} (one query)."""
    for dimension in dimensions:
        if dimension not in DIMENSIONS:
            raise ValueError(f"unknown dimension {dimension!r}")
    where, params = linkage_where(filters)
    select = ", ".join(f"coalesce({DIMENSIONS[d][0]}, '{UNSPECIFIED}') AS {d}" for d in dimensions)
    sets = ", ".join(f"({d})" for d in dimensions)
    rows = (
        con.cursor()
        .execute(
            f"SELECT {', '.join(dimensions)}, count(*) "
            f"FROM (SELECT {select} FROM linkages WHERE {where}) "
            f"GROUP BY GROUPING SETS ({sets})",
            params,
        )
        .fetchall()
    )
    breakdown: dict[str, dict[str, int]] = {d: {} for d in dimensions}
    for row in rows:
        for dimension, key in zip(dimensions, row[:-1], strict=True):
            if key is not None:
                breakdown[dimension][str(key)] = int(row[-1])
    for dimension, counts in breakdown.items():
        order = {k: i for i, k in enumerate(DIMENSIONS[dimension][1])}
        breakdown[dimension] = dict(
            sorted(counts.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
        )
    return breakdown


def register_totals(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS
) -> dict[str, int]:
    """Linkages and distinct partners in the register (within the filters)."""
    where, params = linkage_where(filters)
    row = (
        con.cursor()
        .execute(
            f"SELECT count(*), count(DISTINCT partner_name) FROM linkages WHERE {where}", params
        )
        .fetchone()
    )
    return {"linkages": int(row[0]), "partners": int(row[1])}


def outcome_sql() -> tuple[str, list[Any]]:
    """SQL CASE giving a linkage's outcome key from its status, with its parameters."""
    parts, params = [], []
    for outcome, statuses in OUTCOME_STATUSES.items():
        parts.append(f"WHEN status IN ({', '.join('?' * len(statuses))}) THEN '{outcome}'")
        params.extend(statuses)
    return f"CASE {' '.join(parts)} ELSE '{UNSPECIFIED}' END", params


def compare_by(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS, dimension: str
) -> pd.DataFrame:
    """Per value of a dimension: linkages, in progress / live / ended, live share, median lead time.

    Columns: key, linkages, in_progress, live, ended, live_pct (live ÷
    linkages × 100, one decimal), median_request_to_link_days (None when nothing was linked).
    Enum dimensions keep their order with every value listed; ministries come most first.
    """
    if dimension not in COMPARE_DIMENSIONS + ROLLUP_DIMENSIONS:
        raise ValueError(
            f"dimension must be one of {', '.join(COMPARE_DIMENSIONS + ROLLUP_DIMENSIONS)}"
        )
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
    if dimension in _FREE_TEXT_DIMENSIONS:
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
    return frame[
        [
            "key",
            "linkages",
            "in_progress",
            "live",
            "ended",
            "live_pct",
            "median_request_to_link_days",
        ]
    ]


def quadrant_counts(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS
) -> pd.DataFrame:
    """Linkages per operation-model quadrant (DOMAIN.md §7), all four listed, then unplaced ones.

    Columns: quadrant, integration_level, standardization_level, linkages.
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
            "linkages": int(counts.get(key, 0)),
        }
        for key, (integration, standardization) in QUADRANT_LEVELS.items()
    ]
    rows.append(
        {
            "quadrant": UNSPECIFIED,
            "integration_level": None,
            "standardization_level": None,
            "linkages": int(counts.get(UNSPECIFIED, 0)),
        }
    )
    return pd.DataFrame(rows)


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


def default_fiscal_year(
    con: duckdb.DuckDBPyConnection, *, chosen: int | None, today: dt.date
) -> tuple[int, str]:
    """The fiscal year to show and why: ``chosen``, ``latest_with_data`` or ``current``.

    Without a choice: the fiscal year of the latest register event date or survey answer
    on or before `today`; the fiscal year of `today` when there is none.
    """
    if chosen is not None:
        return int(chosen), "chosen"
    dates = ", ".join(f"max({c}) FILTER (WHERE {c} <= ?)" for c in REFERENCE_DATE_COLUMNS)
    cur = con.cursor()
    found = list(
        cur.execute(
            f"SELECT {dates} FROM linkages", [today] * len(REFERENCE_DATE_COLUMNS)
        ).fetchone()
    )
    found.append(
        cur.execute(
            "SELECT max(answered_on) FROM survey_responses WHERE answered_on <= ?", [today]
        ).fetchone()[0]
    )
    days = [d for d in found if d is not None]
    if not days:
        return fiscal_year(today), "current"
    return fiscal_year(max(days)), "latest_with_data"
