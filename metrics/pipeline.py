"""The pipeline: where linkages stand and what waits — open requests, approvals, stuck and late
items, MOUs to renew, cancellations, and events over time.

Every function is ``(con, *, filters, ...) -> DataFrame | dict``; anything "as of" a day takes
`today` from the caller (a metric never reads the clock).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import duckdb
import pandas as pd

from loaders.spec import (
    CANCEL_REASONS,
)
from metrics.approvals import BODIES, needed_sql, with_clauses
from metrics.filters import (
    NO_FILTERS,
    Filters,
    linkage_where,
    reference_date_sql,
)
from metrics.fiscal import QUARTERS, fiscal_year_sql, quarter_sql
from metrics.kpi_registry import ENDED_SQL
from metrics.lifecycle import (
    CANCELLED,
    EXIT_REASON_SQL,
    FINAL_STATUSES,
    IN_USE,
    LAPSED_SQL,
    LINKED,
    MOU_NOT_FOLLOWED_STATUSES,
    OPEN_REQUEST_STATUSES,
    REQUESTED,
    STAGE_DATE_COLUMNS,
    STUCK_LIMITS,
    end_date_sql,
    sql_list,
)
from metrics.register import UNSPECIFIED, query

APPROVERS = tuple(BODIES)  # who approves (metrics/approvals.json, with their names)
_MOU_NOT_FOLLOWED = sql_list(MOU_NOT_FOLLOWED_STATUSES)
MOU_BANDS = ("expired", "within_90", "within_180", "later")
MOU_WATCH_DAYS = 180  # MOUs expiring within this many days (or expired) need action
# The two expiry windows (days) by default; the agency sets its own (metrics.agency_settings).
MOU_WINDOWS = (90, 180)
LATE_MULTIPLES = (1, 2, 3, 6, 12)  # band edges as multiples of the late limit

# Register events counted per period -> the date the register gives for them; the UI names
# each event by the label pipeline_event_<event>.
EVENTS: dict[str, str] = {
    REQUESTED: "requested_on",
    LINKED: "linked_on",
    IN_USE: "in_use_on",
    CANCELLED: "cancelled_on",
}


def _current_stage_sql(filters: Filters, today: dt.date) -> tuple[str, list[Any]]:
    """Each unfinished linkage's current status, the day it entered it, and the days since."""
    where, params = linkage_where(filters, alias="l")
    stage_date = (
        "CASE l.status "
        + " ".join(f"WHEN '{status}' THEN l.{col}" for status, col in STAGE_DATE_COLUMNS.items())
        + " END"
    )
    final = ", ".join("?" * len(FINAL_STATUSES))
    sql = f"""
        WITH current_stage AS (
            SELECT l.linkage_id, l.is_sample, l.partner_name, l.dataset, l.direction, l.status,
                   {stage_date} AS stage_date, CAST(l.created_at AS DATE) AS stored_on
            FROM linkages l
            WHERE l.status NOT IN ({final}) AND {where}
        ),
        last_change AS (
            SELECT h.linkage_id, h.is_sample, CAST(max(h.changed_at) AS DATE) AS changed_on
            FROM linkage_history h JOIN current_stage c
                ON h.linkage_id = c.linkage_id AND h.is_sample = c.is_sample
                AND h.new_value = c.status
            WHERE h.field = 'status' AND c.stage_date IS NULL
              AND CAST(h.changed_at AS DATE) <= CAST(? AS DATE)
            GROUP BY h.linkage_id, h.is_sample
        )
        SELECT linkage_id, partner_name, dataset, direction, status,
               coalesce(stage_date, changed_on, stored_on) AS entered_on,
               date_diff('day', coalesce(stage_date, changed_on, stored_on), CAST(? AS DATE))
                   AS days_in_stage
        FROM current_stage LEFT JOIN last_change USING (linkage_id, is_sample)
    """
    return sql, [*FINAL_STATUSES, *params, today, today]


def _stuck_sql(
    filters: Filters, today: dt.date, limit_days: int | Mapping[str, int] | None
) -> tuple[str, list[Any]]:
    """Linkages past their stage's limit (see ``stuck_linkages``)."""
    if isinstance(limit_days, int):
        limits = dict.fromkeys(STUCK_LIMITS, limit_days)
    else:
        limits = {**STUCK_LIMITS, **dict(limit_days or {})}
    sql, params = _current_stage_sql(filters, today)
    limit_sql = "CASE status " + " ".join("WHEN ? THEN ?" for _ in limits) + " END"
    limit_params: list[Any] = [v for stage, days in limits.items() for v in (stage, int(days))]
    stuck = f"""
        SELECT * FROM (SELECT *, {limit_sql} AS limit_days FROM ({sql}))
        WHERE days_in_stage > limit_days
    """
    return stuck, [*limit_params, *params]


def stuck_linkages(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    today: dt.date,
    limit_days: int | Mapping[str, int] | None = None,
    top: int | None = None,
) -> pd.DataFrame:
    """Linkages in an unfinished stage for longer than its limit, longest wait first (`top` rows).

    The day a stage began is its register date when there is one (requested_on for
    ``requested`` …), else the history's latest entry into the current status (up to
    `today`), else when the row was first stored.
    `limit_days`: one limit for every stage, or per-stage limits over ``STUCK_LIMITS``.
    """
    sql, params = _stuck_sql(filters, today, limit_days)
    limit = ""
    if top is not None:
        limit, params = " LIMIT ?", [*params, int(top)]
    return query(con, f"{sql} ORDER BY days_in_stage DESC, linkage_id{limit}", params)


def stuck_summary(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    today: dt.date,
    limit_days: int | Mapping[str, int] | None = None,
) -> dict[str, int]:
    """How many linkages are stuck, in total and per stage."""
    sql, params = _stuck_sql(filters, today, limit_days)
    counts = dict(
        con.cursor()
        .execute(f"SELECT status, count(*) FROM ({sql}) GROUP BY status", params)
        .fetchall()
    )
    return {"total": int(sum(counts.values()))} | {
        stage: int(counts.get(stage, 0)) for stage in STUCK_LIMITS
    }


def open_requests(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    today: dt.date,
    top: int | None = None,
) -> pd.DataFrame:
    """Requests not yet answered (status requested / under review), longest waiting first."""
    where, params = linkage_where(filters)
    sql = f"""
        SELECT linkage_id, partner_name, dataset, direction, status, classification,
               personal_data, requested_on,
               date_diff('day', coalesce(requested_on, CAST(created_at AS DATE)), CAST(? AS DATE))
                   AS days_waiting
        FROM linkages
        WHERE status IN (?, ?) AND responded_on IS NULL AND {where}
        ORDER BY days_waiting DESC, linkage_id
    """
    params = [today, *OPEN_REQUEST_STATUSES, *params]
    if top is not None:
        sql, params = sql + " LIMIT ?", [*params, int(top)]
    return query(con, sql, params)


def open_request_summary(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS, today: dt.date
) -> dict[str, Any]:
    """Open requests: how many, by direction, median and longest wait in days."""
    where, params = linkage_where(filters)
    row = (
        con.cursor()
        .execute(
            f"""SELECT count(*),
                   count(*) FILTER (WHERE direction = 'outbound'),
                   count(*) FILTER (WHERE direction = 'inbound'),
                   quantile_cont(days, 0.5), max(days)
            FROM (SELECT direction, date_diff('day', coalesce(requested_on,
                         CAST(created_at AS DATE)), CAST(? AS DATE)) AS days
                  FROM linkages WHERE status IN (?, ?) AND responded_on IS NULL AND {where})""",
            [today, *OPEN_REQUEST_STATUSES, *params],
        )
        .fetchone()
    )
    return {
        "open_requests": int(row[0]),
        "outbound": int(row[1]),
        "inbound": int(row[2]),
        "median_days_waiting": None if row[3] is None else float(row[3]),
        "max_days_waiting": None if row[4] is None else int(row[4]),
    }


def pending_approvals(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS, today: dt.date
) -> pd.DataFrame:
    """Approvals pending, one row per linkage awaiting a decision and body it still needs.

    Who must approve is ``metrics/approvals.json`` (the NHA manual's rules with their clauses):
    the CDO for every inbound request (practice 5, 6.3 step 6), the data governance council
    for every inbound linkage (3.1(3)) — important, classified and security data too
    (practice 5) — and the personal data protection committee for personal data (1.2,
    6.3 step 6). A body whose approval date is filled is no longer waited for. Columns:
    approver, linkage_id, partner_name, dataset, classification, personal_data, critical_data,
    status, requested_on, days_waiting (since the request), rules (comma-joined rule keys) and
    the clauses (``approvals.with_clauses``).
    """
    sql, params = needed_sql(filters)
    rows = query(
        con,
        f"""SELECT approver, linkage_id, any_value(partner_name) AS partner_name,
                   any_value(dataset) AS dataset, any_value(classification) AS classification,
                   any_value(personal_data) AS personal_data,
                   any_value(critical_data) AS critical_data, any_value(status) AS status,
                   any_value(requested_on) AS requested_on,
                   date_diff('day', any_value(coalesce(requested_on, CAST(created_at AS DATE))),
                             CAST(? AS DATE)) AS days_waiting,
                   string_agg(rule, ',' ORDER BY rule_order) AS rules
            FROM ({sql}) GROUP BY approver, body_order, linkage_id, is_sample
            ORDER BY body_order, days_waiting DESC, linkage_id""",
        [today, *params],
    )
    return with_clauses(rows)


def pending_approvals_by_approver(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS
) -> pd.DataFrame:
    """Per body (cdo, dpo, council, all listed): linkages awaiting its approval."""
    sql, params = needed_sql(filters)
    counts = dict(
        con.cursor()
        .execute(
            f"SELECT approver, count(DISTINCT (linkage_id, is_sample)) FROM ({sql}) "
            "GROUP BY approver",
            params,
        )
        .fetchall()
    )
    return pd.DataFrame(
        [{"approver": key, "linkages": int(counts.get(key, 0))} for key in APPROVERS]
    )


def _mou_sql(
    filters: Filters, today: dt.date, windows: tuple[int, int] = MOU_WINDOWS
) -> tuple[str, list[Any]]:
    """The MOUs followed (not cancelled or rejected) with days left and band as of `today`.

    The one place the bands are drawn: expired (days_left < 0), within_90, within_180, later;
    the bands keep their names, their edges are `windows` (the agency's, 90 and 180 unless
    set). The period filter is ignored (expiry is always "as of today"); the other filters apply.
    """
    near, far = (int(w) for w in windows)
    where, params = linkage_where(filters.replace(fiscal_year=None, quarter=None))
    sql = f"""
        SELECT linkage_id, partner_name, dataset, direction, status, mou_ref, mou_signed_on,
               mou_expires_on, date_diff('day', CAST(? AS DATE), mou_expires_on) AS days_left,
               CASE WHEN mou_expires_on < CAST(? AS DATE) THEN 'expired'
                    WHEN mou_expires_on <= CAST(? AS DATE) + ? THEN 'within_90'
                    WHEN mou_expires_on <= CAST(? AS DATE) + ? THEN 'within_180'
                    ELSE 'later' END AS band
        FROM linkages
        WHERE mou_expires_on IS NOT NULL AND status NOT IN ({_MOU_NOT_FOLLOWED}) AND {where}
    """
    return sql, [today, today, today, near, today, far, *params]


def mou_expiry(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    today: dt.date,
    within_days: int | None = None,
    limit: int | None = None,
    windows: tuple[int, int] = MOU_WINDOWS,
) -> pd.DataFrame:
    """MOUs by expiry as of `today`: expired, within 90 days, 91–180 days, later (soonest first).

    Cancelled and rejected linkages are left out; the period filter is ignored. `within_days`
    keeps those expired or due within that many days (the watch list), `limit` the first rows,
    both in SQL.
    """
    sql, params = _mou_sql(filters, today, windows)
    sql = f"SELECT * FROM ({sql})"
    if within_days is not None:
        sql += " WHERE days_left <= ?"
        params.append(int(within_days))
    sql += " ORDER BY mou_expires_on, linkage_id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return query(con, sql, params)


def mou_expiry_summary(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    today: dt.date,
    windows: tuple[int, int] = MOU_WINDOWS,
) -> dict[str, int]:
    """Counts of MOUs expired, expiring within 90 and within 180 days (the 180 includes the 90).

    The keys keep their names; with `windows` given they count the agency's windows instead.
    """
    sql, params = _mou_sql(filters, today, windows)
    row = (
        con.cursor()
        .execute(
            f"""SELECT count(*) FILTER (WHERE band = 'expired'),
                       count(*) FILTER (WHERE band = 'within_90'),
                       count(*) FILTER (WHERE band IN ('within_90', 'within_180')),
                       count(*) FILTER (WHERE band = 'later')
                FROM ({sql})""",
            params,
        )
        .fetchone()
    )
    return {
        "expired": int(row[0]),
        "expiring_within_90": int(row[1]),
        "expiring_within_180": int(row[2]),
        "later": int(row[3]),
    }


def cancellations_by_reason(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS, today: dt.date
) -> pd.DataFrame:
    """Ended linkages per exit reason (NHA 7.2), every reason listed, as of `today`.

    Ended: cancelled, expired, or still live past the agreement's expiry (KPI 6.4's set);
    placed in the period by the end date (cancellation, else expiry). One ended by its
    agreement's expiry without a reason counts under the reason that covers a contract's end.
    """
    where, params = linkage_where(filters, date_expr=end_date_sql(reference_date_sql()))
    counts = dict(
        con.cursor()
        .execute(
            f"SELECT coalesce({EXIT_REASON_SQL}, '{UNSPECIFIED}'), count(*) FROM linkages "
            f"WHERE {ENDED_SQL} AND {where} GROUP BY 1",
            [today, *params],
        )
        .fetchall()
    )
    keys = [*CANCEL_REASONS, UNSPECIFIED]
    frame = pd.DataFrame({"cancel_reason": keys, "linkages": [int(counts.get(k, 0)) for k in keys]})
    return frame


def lapsed_agreements(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    today: dt.date,
    limit: int | None = None,
) -> pd.DataFrame:
    """Finding: linkages still live whose agreement expired before `today` ("expired but still
    live"), longest lapsed first. By the manual they have ended (KPI 6.4 counts them, dated by
    the expiry); the register should say cancelled or expired, or the MOU be renewed.

    The period filter is ignored (as of today, like the MOU expiry list); columns: linkage_id,
    partner_name, dataset, direction, status, mou_ref, mou_expires_on, days_lapsed,
    owner_notified_on, cancellation_reported_on.
    """
    where, params = linkage_where(filters.replace(fiscal_year=None, quarter=None))
    sql = f"""
        SELECT linkage_id, partner_name, dataset, direction, status, mou_ref, mou_expires_on,
               date_diff('day', mou_expires_on, CAST(? AS DATE)) AS days_lapsed,
               owner_notified_on, cancellation_reported_on
        FROM linkages WHERE {LAPSED_SQL} AND {where}
        ORDER BY mou_expires_on, linkage_id
    """
    params = [today, today, *params]
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return query(con, sql, params)


def lapsed_count(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS, today: dt.date
) -> int:
    """How many linkages ``lapsed_agreements`` lists."""
    where, params = linkage_where(filters.replace(fiscal_year=None, quarter=None))
    return int(
        con.cursor()
        .execute(f"SELECT count(*) FROM linkages WHERE {LAPSED_SQL} AND {where}", [today, *params])
        .fetchone()[0]
    )


def stuck_watch(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    today: dt.date,
    stage: str | None = None,
    limit: int | None = None,
    limit_days: int | Mapping[str, int] | None = None,
) -> pd.DataFrame:
    """The longest-stuck linkages (``stuck_linkages`` rows, same order), of one stage if given.

    `limit` keeps only the first rows, sorted and cut in SQL (a watch list needs the worst
    few hundred, not tens of thousands of rows in memory); `limit_days` as ``stuck_linkages``.
    """
    sql, params = _stuck_sql(filters, today, limit_days)
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


def _event_counts(
    con: duckdb.DuckDBPyConnection, filters: Filters, events: list[str]
) -> pd.DataFrame:
    """Per event, fiscal year and quarter of its date: linkages (the period filter on that date)."""
    parts, params = [], []
    for event in events:
        column = EVENTS[event]
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
    chosen quarter when one is). Columns: fiscal_year, quarter, event, linkages.
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
            "linkages": found.get((fy, q, event), 0),
        }
        for fy, q in grid
        for event in EVENTS
    ]
    columns = ["fiscal_year", "quarter", "event", "linkages"]
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
