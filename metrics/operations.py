"""Operational measures: lead times, time in stage, stuck and open items, approvals, MOUs, counts.

Every function is ``(con, *, filters, ...) -> DataFrame | dict``: the aggregation runs in
DuckDB, values go in as ``?`` parameters, and anything "as of" a day takes `today` from the
caller (a metric never reads the clock). Linkages belong to a period by their reference
date (``metrics.filters``) unless a function says otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
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
    Filters,
    linkage_where,
    period_bounds,
    period_where,
    reference_date_sql,
)
from metrics.fiscal import fiscal_year_sql, quarter_sql
from metrics.lifecycle import (
    FINAL_STATUSES,
    KPI_CANCELLED_STATUSES,
    MOU_NOT_FOLLOWED_STATUSES,
    OPEN_REQUEST_STATUSES,
    QUADRANT_SQL,
    QUADRANTS,
    STAGE_DATE_COLUMNS,
    STUCK_LIMITS,
    sql_list,
)

Text = dict[str, str]

# Lead-time segments: (key, from column, to column, label).
LEAD_TIME_SEGMENTS: tuple[tuple[str, str, str, Text], ...] = (
    (
        "request_to_response",
        "requested_on",
        "responded_on",
        {"th": "ยื่นคำขอ → ได้รับผลพิจารณา", "en": "requested → responded"},
    ),
    (
        "response_to_link",
        "responded_on",
        "linked_on",
        {"th": "ได้รับผลพิจารณา → เชื่อมโยงสำเร็จ", "en": "responded → linked"},
    ),
    (
        "link_to_use",
        "linked_on",
        "in_use_on",
        {"th": "เชื่อมโยงสำเร็จ → เริ่มใช้งาน", "en": "linked → in use"},
    ),
    (
        "request_to_link",
        "requested_on",
        "linked_on",
        {"th": "ยื่นคำขอ → เชื่อมโยงสำเร็จ", "en": "requested → linked"},
    ),
    (
        "request_to_use",
        "requested_on",
        "in_use_on",
        {"th": "ยื่นคำขอ → เริ่มใช้งาน", "en": "requested → in use"},
    ),
)
DISTRIBUTION_BINS = (30, 60, 90, 180, 365)

# Stage dates, final statuses, stuck limits and open requests: see metrics/lifecycle.json.

APPROVERS: dict[str, Text] = {
    "cdo": {"th": "ผู้บริหารข้อมูลระดับสูง (CDO)", "en": "Chief Data Officer (CDO)"},
    "council": {"th": "คณะกรรมการธรรมาภิบาลข้อมูล", "en": "Data Governance Council"},
    "dpo": {"th": "เจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคล (DPO)", "en": "Data Protection Officer (DPO)"},
}
COUNCIL_CLASSIFICATIONS = ("confidential", "secret", "top_secret")

# QUADRANTS and QUADRANT_SQL (the DGA operation model) come from metrics/lifecycle.json.

# Dimensions a count can be broken down by: SQL expression and value labels.
DIMENSIONS: dict[str, tuple[str, Mapping[str, Any]]] = {
    "status": ("status", STATUSES),
    "direction": ("direction", DIRECTIONS),
    "partner_type": ("partner_type", PARTNER_TYPES),
    "ministry": ("ministry", {}),
    "method": ("method", METHODS),
    "frequency": ("frequency", FREQUENCIES),
    "classification": ("classification", CLASSIFICATIONS),
    "personal_data": ("CAST(personal_data AS VARCHAR)", {"true": ("มี",), "false": ("ไม่มี",)}),
    "cancel_reason": ("cancel_reason", CANCEL_REASONS),
    "quadrant": (QUADRANT_SQL, {key: (label["th"],) for key, label in QUADRANTS.items()}),
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
UNSPECIFIED_LABEL = {"th": "ไม่ระบุ", "en": "unspecified"}
PERIODS = ("fiscal_year", "quarter")


def _query(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> pd.DataFrame:
    """Run one query on a fresh cursor and return its rows."""
    return con.cursor().execute(sql, params).df()


def _labels(
    frame: pd.DataFrame,
    key_column: str,
    values: Mapping[str, Any],
    english: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Add label_th / label_en beside a column of enum keys (English: the key, unless given)."""
    keys = frame[key_column].astype(object)
    english = english or {}
    frame["label_th"] = [
        UNSPECIFIED_LABEL["th"]
        if k == UNSPECIFIED
        else (values[k][0] if k in values and values[k] else k)
        for k in keys
    ]
    frame["label_en"] = [
        UNSPECIFIED_LABEL["en"] if k == UNSPECIFIED else english.get(k, k) for k in keys
    ]
    return frame


def approvers_for(classification: str | None, personal_data: bool | None) -> list[str]:
    """Who must approve releasing a dataset (DOMAIN.md §2): CDO or council, plus DPO if personal."""
    needed = ["council" if classification in COUNCIL_CLASSIFICATIONS else "cdo"]
    if personal_data:
        needed.append("dpo")
    return needed


# ---------------------------------------------------------------- lead times


def lead_times(con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS) -> pd.DataFrame:
    """Per linkage, the days of each lead-time segment (None when a date is missing or reversed)."""
    where, params = linkage_where(filters)
    spans = ",\n".join(
        f"CASE WHEN {end} >= {start} THEN date_diff('day', {start}, {end}) END AS {key}"
        for key, start, end, _ in LEAD_TIME_SEGMENTS
    )
    sql = f"""
        SELECT linkage_id, partner_name, direction, status,
               requested_on, responded_on, linked_on, in_use_on,
               {spans}
        FROM linkages WHERE {where}
        ORDER BY linkage_id
    """
    return _query(con, sql, params)


def _segments_sql(filters: Filters) -> tuple[str, list[Any]]:
    """A (segment, days) row per linkage and measurable segment."""
    where, params = linkage_where(filters)
    parts = [
        f"SELECT '{key}' AS segment, date_diff('day', {start}, {end}) AS days "
        f"FROM linkages WHERE {where} AND {end} >= {start}"
        for key, start, end, _ in LEAD_TIME_SEGMENTS
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
    found = {row["segment"]: row for row in _query(con, sql, params).to_dict("records")}
    rows = []
    for key, _, _, label in LEAD_TIME_SEGMENTS:
        row = found.get(key, {"linkages": 0})
        rows.append(
            {
                "segment": key,
                "label_th": label["th"],
                "label_en": label["en"],
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
        for r in _query(con, sql, params).to_dict("records")
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


# ---------------------------------------------------------------- stages from the history


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
    return _query(con, f"SELECT * FROM ({sql}) ORDER BY linkage_id, entered_at", params)


def stage_durations(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS, today: dt.date
) -> pd.DataFrame:
    """Per lifecycle stage: stays, median / mean / 90th-percentile days, and linkages there now.

    Durations come from the change history (when an upload first showed the new status),
    so they are as fine as the uploads are frequent. A stay still open runs to `today`.
    """
    sql, params = _spells_sql(filters, today)
    summary = _query(
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
    return _labels(summary, "stage", STATUSES)


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
        limits = {**STUCK_LIMITS, **(limit_days or {})}
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
    return _query(con, f"{sql} ORDER BY days_in_stage DESC, linkage_id{limit}", params)


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


# ---------------------------------------------------------------- requests and approvals


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
    return _query(con, sql, params)


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


def _pending_sql(filters: Filters) -> tuple[str, list[Any]]:
    """One row per pending inbound request and approver it needs (DOMAIN.md §2)."""
    where, params = linkage_where(filters)
    council = ", ".join("?" * len(COUNCIL_CLASSIFICATIONS))
    sql = f"""
        WITH pending AS (
            SELECT * FROM linkages
            WHERE direction = 'inbound' AND status IN (?, ?) AND responded_on IS NULL
              AND {where}
        )
        SELECT *, CASE WHEN classification IN ({council}) THEN 'council' ELSE 'cdo' END
               AS approver FROM pending
        UNION ALL BY NAME
        SELECT *, 'dpo' AS approver FROM pending WHERE coalesce(personal_data, false)
    """
    return sql, [*OPEN_REQUEST_STATUSES, *params, *COUNCIL_CLASSIFICATIONS]


def pending_approvals(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS, today: dt.date
) -> pd.DataFrame:
    """Inbound requests awaiting approval, one row per approver needed (a linkage may need two).

    CDO for general data (public, internal or unclassified), the Data Governance Council for
    confidential, secret and top-secret data, and the DPO as well when it holds personal data.
    """
    sql, params = _pending_sql(filters)
    return _query(
        con,
        f"""SELECT approver, linkage_id, partner_name, dataset, classification, personal_data,
                   status, requested_on,
                   date_diff('day', coalesce(requested_on, CAST(created_at AS DATE)),
                             CAST(? AS DATE)) AS days_waiting
            FROM ({sql}) ORDER BY approver, days_waiting DESC, linkage_id""",
        [today, *params],
    )


def pending_approvals_by_approver(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS
) -> pd.DataFrame:
    """Per approver (cdo, council, dpo, all listed): linkages awaiting their approval."""
    sql, params = _pending_sql(filters)
    counts = dict(
        con.cursor()
        .execute(f"SELECT approver, count(*) FROM ({sql}) GROUP BY approver", params)
        .fetchall()
    )
    return pd.DataFrame(
        [
            {
                "approver": key,
                "label_th": label["th"],
                "label_en": label["en"],
                "linkages": int(counts.get(key, 0)),
            }
            for key, label in APPROVERS.items()
        ]
    )


# ---------------------------------------------------------------- MOUs and cancellations

_MOU_NOT_FOLLOWED = sql_list(MOU_NOT_FOLLOWED_STATUSES)
MOU_BANDS = ("expired", "within_90", "within_180", "later")


MOU_WATCH_DAYS = 180  # MOUs expiring within this many days (or expired) need action


def _mou_sql(filters: Filters, today: dt.date) -> tuple[str, list[Any]]:
    """The MOUs followed (not cancelled or rejected) with days left and band as of `today`.

    The one place the bands are drawn: expired (days_left < 0), within_90, within_180, later.
    The period filter is ignored (expiry is always "as of today"); the other filters apply.
    """
    where, params = linkage_where(filters.replace(fiscal_year=None, quarter=None))
    sql = f"""
        SELECT linkage_id, partner_name, dataset, direction, status, mou_ref, mou_signed_on,
               mou_expires_on, date_diff('day', CAST(? AS DATE), mou_expires_on) AS days_left,
               CASE WHEN mou_expires_on < CAST(? AS DATE) THEN 'expired'
                    WHEN mou_expires_on <= CAST(? AS DATE) + 90 THEN 'within_90'
                    WHEN mou_expires_on <= CAST(? AS DATE) + 180 THEN 'within_180'
                    ELSE 'later' END AS band
        FROM linkages
        WHERE mou_expires_on IS NOT NULL AND status NOT IN ({_MOU_NOT_FOLLOWED}) AND {where}
    """
    return sql, [today, today, today, today, *params]


def mou_expiry(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    today: dt.date,
    within_days: int | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """MOUs by expiry as of `today`: expired, within 90 days, 91–180 days, later (soonest first).

    Cancelled and rejected linkages are left out; the period filter is ignored. `within_days`
    keeps those expired or due within that many days (the watch list), `limit` the first rows,
    both in SQL.
    """
    sql, params = _mou_sql(filters, today)
    sql = f"SELECT * FROM ({sql})"
    if within_days is not None:
        sql += " WHERE days_left <= ?"
        params.append(int(within_days))
    sql += " ORDER BY mou_expires_on, linkage_id"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return _query(con, sql, params)


def mou_expiry_summary(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS, today: dt.date
) -> dict[str, int]:
    """Counts of MOUs expired, expiring within 90 and within 180 days (the 180 includes the 90)."""
    sql, params = _mou_sql(filters, today)
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


# Cancelled as KPI 6.4 counts it today (expired left out, see lifecycle.json; issue 13).
CANCELLED_SQL = f"(status IN ({sql_list(KPI_CANCELLED_STATUSES)}) OR cancelled_on IS NOT NULL)"


def cancellations_by_reason(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS
) -> pd.DataFrame:
    """Cancelled linkages per exit reason (NHA 7.2), every reason listed; period by cancelled_on."""
    where, params = linkage_where(
        filters, date_expr=f"coalesce(cancelled_on, {reference_date_sql()})"
    )
    counts = dict(
        con.cursor()
        .execute(
            f"SELECT coalesce(cancel_reason, '{UNSPECIFIED}'), count(*) FROM linkages "
            f"WHERE {CANCELLED_SQL} AND {where} GROUP BY 1",
            params,
        )
        .fetchall()
    )
    keys = [*CANCEL_REASONS, UNSPECIFIED]
    frame = pd.DataFrame({"cancel_reason": keys, "linkages": [int(counts.get(k, 0)) for k in keys]})
    return _labels(frame, "cancel_reason", CANCEL_REASONS)


# ---------------------------------------------------------------- counts by dimension


def counts_by(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    dimension: str = "status",
    period: str | None = None,
    by_date: str | None = None,
) -> pd.DataFrame:
    """Linkages per value of a dimension, optionally per fiscal year or fiscal year and quarter.

    Columns: [fiscal_year[, quarter]], key, label_th, label_en, linkages. A missing value is
    "unspecified". Dimensions: see ``DIMENSIONS`` (status, direction, partner_type, ministry,
    method, frequency, classification, personal_data, cancel_reason, quadrant).
    `by_date` names the register date that places a linkage in a period (one of
    ``PERIOD_DATES``); by default its reference date, and for ``cancel_reason`` (which
    counts cancelled linkages only) the cancellation date.
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
        where = f"{CANCELLED_SQL} AND {where}"
    period_columns = {"fiscal_year": fiscal_year_sql(ref), "quarter": quarter_sql(ref)}
    names = [] if period is None else PERIODS[: PERIODS.index(period) + 1]
    select = ", ".join(
        [
            *(f"{period_columns[n]} AS {n}" for n in names),
            f"coalesce({expr}, '{UNSPECIFIED}') AS key",
        ]
    )
    frame = _query(
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
    english = (
        {k: label["en"] for k, label in QUADRANTS.items()} if dimension == "quadrant" else None
    )
    frame = _labels(frame, "key", values, english)
    return frame[[*names, "key", "label_th", "label_en", "linkages"]]


def count_map(
    con: duckdb.DuckDBPyConnection, *, filters: Filters = NO_FILTERS, dimension: str
) -> dict[str, int]:
    """Linkages per value of a dimension as a plain dict (for JSON)."""
    frame = counts_by(con, filters=filters, dimension=dimension)
    return {str(k): int(n) for k, n in zip(frame["key"], frame["linkages"], strict=True)}


REPORT_DIMENSIONS = ("status", "direction", "partner_type", "method", "classification", "quadrant")


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


__all__ = [
    "APPROVERS",
    "DIMENSIONS",
    "LEAD_TIME_SEGMENTS",
    "QUADRANTS",
    "STUCK_LIMITS",
    "approvers_for",
    "cancellations_by_reason",
    "count_map",
    "counts_by",
    "lead_time_distribution",
    "lead_time_summary",
    "lead_times",
    "MOU_WATCH_DAYS",
    "mou_expiry",
    "mou_expiry_summary",
    "open_request_summary",
    "open_requests",
    "pending_approvals",
    "pending_approvals_by_approver",
    "register_breakdown",
    "register_totals",
    "stage_durations",
    "stage_spells",
    "stuck_linkages",
    "stuck_summary",
]
