"""Benchmark the metrics on a big store: 1,000,000 history events, 100,000 survey responses.

Run: ``.venv/bin/python bench/metrics_bench.py [--db PATH] [--repeat 5]``

The store is generated with SQL inside DuckDB (100,000 linkages × 10 history events each,
100,000 responses, 500 e-Gov units). It prints the full report's time (target < 1 s) and,
for single dashboard queries, the metric function's time beside the very same SQL run bare
on DuckDB (target < 100 ms). Times are the median of `--repeat` runs after one warm-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import duckdb  # noqa: E402

from loaders.store import open_store  # noqa: E402
from metrics.filters import Filters  # noqa: E402
from metrics.kpis import evaluate_kpi, evaluate_kpis  # noqa: E402
from metrics.lead_times import lead_time_summary, stage_durations  # noqa: E402
from metrics.pipeline import (  # noqa: E402
    mou_expiry_summary,
    open_requests,
    pending_approvals_by_approver,
    stuck_linkages,
)
from metrics.register import counts_by  # noqa: E402
from metrics.report import build_report  # noqa: E402
from metrics.satisfaction import satisfaction_scores  # noqa: E402

LINKAGES = 100_000
EVENTS_PER_LINKAGE = 10
RESPONSES = 100_000
EGOV_UNITS = 500
TODAY = dt.date(2025, 9, 15)
REPORT_TARGET_S = 1.0
QUERY_TARGET_MS = 100.0

STATUSES = [
    "identified", "requested", "under_review", "approved", "rejected", "mou_signed",
    "developing", "testing", "linked", "in_use", "cancelled", "expired",
]  # fmt: skip


def build_store(path: str) -> duckdb.DuckDBPyConnection:
    """Create the store and fill it with generated rows (all in SQL)."""
    con = open_store(path)
    con.execute(
        "CREATE OR REPLACE TEMP MACRO pick(i, salt, n) AS CAST(hash(i, salt) % n AS INTEGER)"
    )
    statuses = "[" + ", ".join(f"'{s}'" for s in STATUSES) + "]"
    con.execute(
        f"""
        INSERT INTO linkages (linkage_id, partner_name, partner_type, ministry, direction, dataset,
            data_owner_unit, method, frequency, classification, personal_data, mou_ref,
            mou_signed_on, mou_expires_on, status, requested_on, responded_on, linked_on,
            in_use_on, cancelled_on, cancel_reason, owner_notified_on, integration_level,
            standardization_level, upload_id, is_sample, created_at, updated_at)
        WITH base AS (
            SELECT i, pick(i, 8, 12) AS stage,
                   DATE '2022-10-01' + pick(i, 9, 1400) AS requested_on
            FROM range({LINKAGES}) t(i)
        )
        SELECT 'L' || lpad(CAST(i AS VARCHAR), 6, '0'),
               'Partner ' || pick(i, 1, 2000),
               ['government', 'state_enterprise', 'private'][1 + pick(i, 2, 3)],
               'Ministry ' || pick(i, 3, 20),
               CASE WHEN pick(i, 4, 2) = 0 THEN 'outbound' ELSE 'inbound' END,
               'dataset ' || i, 'unit ' || pick(i, 10, 50),
               ['rest', 'soap', 'file', 'gdx', 'db_link', 'other'][1 + pick(i, 5, 6)],
               ['realtime', 'daily', 'monthly'][1 + pick(i, 11, 3)],
               ['public', 'internal', 'confidential', 'secret', 'top_secret'][1 + pick(i, 6, 5)],
               pick(i, 7, 4) = 0,
               CASE WHEN stage >= 5 THEN 'MOU-' || i END,
               CASE WHEN stage >= 5 THEN requested_on + 45 END,
               CASE WHEN stage >= 5 THEN requested_on + 45 + 365 * (1 + pick(i, 12, 3)) END,
               {statuses}[1 + stage],
               requested_on,
               CASE WHEN stage >= 3 THEN requested_on + 5 + pick(i, 13, 60) END,
               CASE WHEN stage >= 8 AND stage <> 11 THEN requested_on + 70 + pick(i, 14, 120) END,
               CASE WHEN stage = 9 THEN requested_on + 200 + pick(i, 15, 90) END,
               CASE WHEN stage = 10 THEN requested_on + 300 + pick(i, 16, 200) END,
               CASE WHEN stage = 10 THEN ['breach', 'purpose_unmet', 'no_longer_needed',
                    'new_provider', 'provider_withdrew'][1 + pick(i, 17, 5)] END,
               CASE WHEN stage = 10 AND pick(i, 18, 3) > 0 THEN requested_on + 310 END,
               ['high', 'low'][1 + pick(i, 19, 2)], ['high', 'low'][1 + pick(i, 20, 2)],
               1, false, TIMESTAMP '2025-01-01', TIMESTAMP '2025-01-01'
        FROM base
        """
    )
    con.execute(
        f"""
        INSERT INTO linkage_history
        SELECT l.linkage_id,
               CASE WHEN e < 6 THEN 'status' ELSE 'notes' END,
               CASE WHEN e > 0 AND e < 6 THEN {statuses}[e] END,
               CASE WHEN e < 6 THEN {statuses}[1 + e] ELSE 'note ' || e END,
               CAST(l.requested_on AS TIMESTAMP) + to_days(CAST(e * 20 AS INTEGER)),
               1 + e, false
        FROM linkages l, range({EVENTS_PER_LINKAGE}) t(e)
        """
    )
    answers = ", ".join(
        f"CASE WHEN pick(i, {100 + q}, 10) = 0 THEN NULL ELSE 1 + pick(i, {200 + q}, 5) END"
        for q in range(1, 11)
    )
    con.execute(
        f"""
        INSERT INTO survey_responses (response_id, process, linkage_id, respondent_group,
            answered_on, q1, q2, q3, q4, q5, q6, q7, q8, q9, q10, upload_id, is_sample,
            created_at, updated_at)
        SELECT 'R' || i,
               ['manual_review', 'outbound', 'inbound', 'cancellation'][1 + pick(i, 30, 4)],
               'L' || lpad(CAST(pick(i, 31, {LINKAGES}) AS VARCHAR), 6, '0'),
               ['internal', 'external'][1 + pick(i, 32, 2)],
               DATE '2022-10-01' + pick(i, 33, 1400), {answers},
               2, false, TIMESTAMP '2025-01-01', TIMESTAMP '2025-01-01'
        FROM range({RESPONSES}) t(i)
        """
    )
    items = [
        "s1_information", "s2_forms", "s2_media", "s2_languages", "s2_interaction", "s3_survey",
        "s3_application", "s3_payment", "s3_end_to_end", "s4_exchange", "s4_one_stop",
    ]  # fmt: skip
    con.execute(
        f"""
        INSERT INTO egov_assessments (unit, assessed_on, {", ".join(items)})
        SELECT 'unit ' || (i % {EGOV_UNITS}), DATE '2023-01-01' + CAST(i // {EGOV_UNITS} AS INTEGER) * 200,
               {", ".join(f"pick(i, {300 + n}, 3) > 0" for n in range(len(items)))}
        FROM range({EGOV_UNITS * 3}) t(i)
        """
    )
    con.execute(
        "INSERT INTO uploads (upload_id, file_name, kind, uploaded_at, is_sample) "
        "VALUES (1, 'register.xlsx', 'register', TIMESTAMP '2025-08-01', false), "
        "(2, 'survey.xlsx', 'surveys', TIMESTAMP '2025-08-02', false)"
    )
    con.execute("CHECKPOINT")
    return con


class RecordingConnection:
    """A connection stand-in that records every (sql, params) a metric runs."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.queries: list[tuple[str, list[Any]]] = []

    def cursor(self) -> RecordingConnection:
        """Metrics take a fresh cursor per query; hand back this recorder."""
        return self

    def execute(self, sql: str, params: list[Any] | None = None) -> duckdb.DuckDBPyConnection:
        """Record the query, then run it for real."""
        self.queries.append((sql, list(params or [])))
        return self.con.execute(sql, params or [])


def timed(run: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """Wall and process-CPU seconds of `repeat` runs after a warm-up (median, or fastest)."""
    run()
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    pick = min if BEST else statistics.median
    return pick(walls), pick(cpus)


BEST = False


def bare(
    con: duckdb.DuckDBPyConnection, queries: list[tuple[str, list[Any]]]
) -> Callable[[], None]:
    """Run the recorded queries straight on DuckDB, fetching all rows."""

    def run() -> None:
        for sql, params in queries:
            con.execute(sql, params).fetchall()

    return run


def main(argv: list[str] | None = None) -> int:
    """Build the store, time the report and single queries, print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="where to build the store (default: a temporary file)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--best", action="store_true", help="report the fastest run, not the median (busy machines)"
    )
    args = parser.parse_args(argv)
    global BEST
    BEST = args.best
    folder = tempfile.TemporaryDirectory()
    path = args.db or str(Path(folder.name) / "bench.duckdb")
    if Path(path).exists():
        Path(path).unlink()
    start = time.perf_counter()
    con = build_store(path)
    built = time.perf_counter() - start
    counts = {
        table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("linkages", "linkage_history", "survey_responses", "egov_assessments")
    }
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"timing: {'fastest' if BEST else 'median'} of {args.repeat} runs after a warm-up; "
          f"load average {load}")  # fmt: skip
    print(f"store built in {built:.1f} s: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))

    ok = True
    for label, fy in (("full report, whole database", None), ("full report, FY 2568", 2568)):
        seconds, cpu = timed(
            lambda fy=fy: build_report(con, fiscal_year=fy, today=TODAY), args.repeat
        )
        passed = seconds < REPORT_TARGET_S
        ok &= passed
        print(f"{label:<44} {seconds * 1000:8.1f} ms  cpu {cpu * 1000:7.1f} ms  "
              f"(target < {REPORT_TARGET_S * 1000:.0f} ms) {'OK' if passed else 'SLOW'}")  # fmt: skip

    fy = Filters(fiscal_year=2568)
    queries: dict[str, Callable[[Any], Any]] = {
        "counts_by status × quarter": lambda c: counts_by(c, dimension="status", period="quarter"),
        "counts_by quadrant, FY 2568": lambda c: counts_by(c, filters=fy, dimension="quadrant"),
        "satisfaction_scores, FY 2568": lambda c: satisfaction_scores(c, filters=fy),
        "lead_time_summary": lambda c: lead_time_summary(c),
        "stage_durations, all time (1M events)": lambda c: stage_durations(c, today=TODAY),
        "stage_durations, FY 2568": lambda c: stage_durations(c, filters=fy, today=TODAY),
        "stuck_linkages, every row (55k)": lambda c: stuck_linkages(c, today=TODAY),
        "stuck_linkages, top 50": lambda c: stuck_linkages(c, today=TODAY, top=50),
        "open_requests, top 50": lambda c: open_requests(c, today=TODAY, top=50),
        "pending_approvals_by_approver": lambda c: pending_approvals_by_approver(c),
        "mou_expiry_summary": lambda c: mou_expiry_summary(c, today=TODAY),
        "all 18 KPIs, FY 2568": lambda c: evaluate_kpis(c, filters=fy, today=TODAY),
        "KPI owner_notified + drill-down rows": lambda c: evaluate_kpi(
            c, "owner_notified", filters=fy, today=TODAY
        ),
    }
    print(f"{'single dashboard query':<44} {'metric':>8}     {'cpu':>11}     {'bare SQL':>8}")
    for label, query in queries.items():
        recorder = RecordingConnection(con)
        query(recorder)
        metric_s, metric_cpu = timed(lambda query=query: query(con), args.repeat)
        bare_s, _ = timed(bare(con, recorder.queries), args.repeat)
        passed = metric_s * 1000 < QUERY_TARGET_MS
        ok &= passed
        print(f"{label:<44} {metric_s * 1000:8.1f} ms  cpu {metric_cpu * 1000:7.1f} ms  "
              f"{bare_s * 1000:8.1f} ms  "
              f"({len(recorder.queries)} quer{'y' if len(recorder.queries) == 1 else 'ies'}) "
              f"{'OK' if passed else 'SLOW'}")  # fmt: skip
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"machine: {os.cpu_count()} CPUs, DuckDB threads "
          f"{con.execute('SELECT current_setting(?)', ['threads']).fetchone()[0]}, "
          f"load average now {load}")  # fmt: skip
    print("all targets met" if ok else "some targets missed")
    con.close()
    folder.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
