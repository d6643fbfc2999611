"""Benchmark the ministry roll-up (issue 16): N agencies × M linkages, snapshots, roll-up, pages.

Run: ``.venv/bin/python bench/rollup_bench.py [--agencies 20 --linkages 200] [--keep DIR]``
(``--agencies 300 --linkages 1000`` is the issue's size: 300,000 linkages, 3,000,000 history
events, 300,000 survey answers.)

Each agency's store is generated with SQL in DuckDB (M linkages × 10 history events, M survey
answers, 30 e-Gov rows, its own random seed) and snapshotted with ``loaders.snapshot``. Printed:
one agency's snapshot time, the time to open the roll-up (scan with every checksum + views),
the whole report over all agencies, every agency's own report (the across-agencies page's
data), each roll-up page's script time (AppTest, cold and median warm; target < 2 s) and the
process's peak memory.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import duckdb  # noqa: E402
import page_bench  # noqa: E402

from loaders.rollup import connect, scan  # noqa: E402
from loaders.snapshot import write_snapshot  # noqa: E402
from loaders.store import open_store  # noqa: E402
from metrics.agency_ranking import agency_reports, snapshot_figures  # noqa: E402
from metrics.report import build_report  # noqa: E402

EVENTS = 10
TODAY = dt.date(2025, 9, 15)
PAGE_TARGET_S = 2.0
PAGES = ("pages/across_agencies.py", "pages/overview.py", "pages/scorecard.py")
ADMIN = {"username": "bench", "role": "admin", "display_name": "bench", "via": "local"}
STATUSES = (
    "['identified', 'requested', 'under_review', 'approved', 'rejected', 'mou_signed', "
    "'developing', 'testing', 'linked', 'in_use', 'cancelled', 'expired']"
)
LINKAGES_SQL = f"""
INSERT INTO linkages (linkage_id, partner_name, direction, dataset, classification,
    personal_data, status, requested_on, responded_on, linked_on, in_use_on, cancelled_on,
    cancel_reason, owner_notified_on, mou_signed_on, mou_expires_on, upload_id, is_sample,
    created_at, updated_at)
WITH base AS (SELECT i, pick(i, 8, 12) AS stage, DATE '2022-10-01' + pick(i, 9, 1400) AS req
              FROM range(?) t(i))
SELECT 'L' || lpad(CAST(i AS VARCHAR), 6, '0'), 'Partner ' || pick(i, 1, 200),
       CASE WHEN pick(i, 4, 2) = 0 THEN 'outbound' ELSE 'inbound' END, 'dataset ' || i,
       ['public', 'internal', 'confidential', 'secret'][1 + pick(i, 6, 4)], pick(i, 7, 4) = 0,
       {STATUSES}[1 + stage], req,
       CASE WHEN stage >= 3 THEN req + 5 + pick(i, 13, 60) END,
       CASE WHEN stage >= 8 AND stage <> 11 THEN req + 70 + pick(i, 14, 120) END,
       CASE WHEN stage = 9 THEN req + 200 + pick(i, 15, 90) END,
       CASE WHEN stage = 10 THEN req + 300 + pick(i, 16, 200) END,
       CASE WHEN stage = 10 THEN ['breach', 'no_longer_needed'][1 + pick(i, 17, 2)] END,
       CASE WHEN stage = 10 AND pick(i, 18, 3) > 0 THEN req + 310 END,
       CASE WHEN stage >= 5 THEN req + 45 END,
       CASE WHEN stage >= 5 THEN req + 45 + 365 * (1 + pick(i, 12, 3)) END,
       1, false, TIMESTAMP '2025-01-01', TIMESTAMP '2025-01-01'
FROM base
"""
HISTORY_SQL = f"""
INSERT INTO linkage_history
SELECT l.linkage_id, CASE WHEN e < 6 THEN 'status' ELSE 'notes' END,
       CASE WHEN e > 0 AND e < 6 THEN {STATUSES}[e] END,
       CASE WHEN e < 6 THEN {STATUSES}[1 + e] ELSE 'note ' || e END,
       CAST(l.requested_on AS TIMESTAMP) + to_days(CAST(e * 20 AS INTEGER)), 1, false
FROM linkages l, range({EVENTS}) t(e)
"""
SURVEYS_SQL = """
INSERT INTO survey_responses (response_id, process, respondent_group, answered_on, q1, q2, q3,
    q4, upload_id, is_sample, created_at, updated_at)
SELECT 'R' || i, ['manual_review', 'outbound', 'inbound', 'cancellation'][1 + pick(i, 30, 4)],
       ['internal', 'external'][1 + pick(i, 32, 2)], DATE '2022-10-01' + pick(i, 33, 1400),
       1 + pick(i, 201, 5), 1 + pick(i, 202, 5), 1 + pick(i, 203, 5), 1 + pick(i, 204, 5),
       2, false, TIMESTAMP '2025-01-01', TIMESTAMP '2025-01-01'
FROM range(?) t(i)
"""
EGOV_ITEMS = ("s1_information", "s2_forms", "s3_survey", "s4_exchange")
EGOV_SQL = f"""
INSERT INTO egov_assessments (unit, assessed_on, {", ".join(EGOV_ITEMS)})
SELECT 'unit ' || (i % 10), DATE '2023-01-01' + CAST(i // 10 AS INTEGER) * 200,
       {", ".join(f"pick(i, {300 + n}, 3) > 0" for n in range(len(EGOV_ITEMS)))}
FROM range(30) t(i)
"""


def fill(con: duckdb.DuckDBPyConnection, seed: int, linkages: int) -> None:
    """Empty the store and generate one agency's rows (its own seed)."""
    for table in ("linkages", "linkage_history", "survey_responses", "egov_assessments", "uploads"):
        con.execute(f"DELETE FROM {table}")
    con.execute(
        f"CREATE OR REPLACE TEMP MACRO pick(i, salt, n) AS CAST(hash(i, salt, {seed}) % n AS INTEGER)"
    )
    con.execute(LINKAGES_SQL, [linkages])
    con.execute(HISTORY_SQL)
    con.execute(SURVEYS_SQL, [linkages])
    con.execute(EGOV_SQL)
    con.execute(
        "INSERT INTO uploads (upload_id, file_name, kind, uploaded_at, is_sample) VALUES "
        "(1, 'register.xlsx', 'register', TIMESTAMP '2025-08-01', false)"
    )


def peak_mb() -> float:
    """The process's peak resident memory so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, run, unit: str = "s"):
    """Run once, print its time and the peak memory; return its result."""
    start = time.perf_counter()
    result = run()
    print(f"{label:<52} {time.perf_counter() - start:>8.2f} {unit}   peak {peak_mb():>7.0f} MB")
    return result


def make_snapshots(out: Path, agencies: int, linkages: int) -> float:
    """Generate and snapshot every agency; return the first agency's snapshot time."""
    con = open_store(":memory:")
    first = 0.0
    for n in range(agencies):
        fill(con, n, linkages)
        start = time.perf_counter()
        write_snapshot(
            con, out, f"AG{n:03d}", f"หน่วยงานทดสอบ {n}",
            figures=lambda view: snapshot_figures(view, TODAY),
        )  # fmt: skip
        first = first or time.perf_counter() - start
    con.close()
    return first


def _agency_reports(rollup) -> None:
    """Every agency's own views and report: what the across-agencies page computes."""
    connections = timed(
        "views for each agency",
        lambda: {code: connect(rollup, code) for code in rollup.agencies},
    )
    timed("every agency's own report (across-agencies data)",
          lambda: agency_reports(connections, today=TODAY))  # fmt: skip
    for one in connections.values():
        one.close()


def _generate(out: Path, agencies: int, linkages: int) -> None:
    """Generate and snapshot every agency; print the times and the Parquet's size."""
    start = time.perf_counter()
    first = make_snapshots(out, agencies, linkages)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 1e6
    print(f"{'generate + snapshot every agency':<52} {time.perf_counter() - start:>8.2f} s   "
          f"({size:,.0f} MB of Parquet)")  # fmt: skip
    print(f"{'snapshot of one agency':<52} {first:>8.2f} s")


def main(argv: list[str] | None = None) -> int:
    """Build, snapshot, open and time; 1 if a page misses its target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=20)
    parser.add_argument("--linkages", type=int, default=200, help="linkages per agency")
    parser.add_argument("--repeat", type=int, default=3, help="warm runs per page (median)")
    parser.add_argument("--no-pages", action="store_true", help="skip the AppTest page runs")
    parser.add_argument(
        "--no-agency-reports", action="store_true", help="skip every agency's own report"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        help="write the snapshots under this folder and keep them; run again, they are reused",
    )
    args = parser.parse_args(argv)
    total = args.agencies * args.linkages
    print(f"{args.agencies} agencies × {args.linkages:,} linkages = {total:,} linkages, "
          f"{total * EVENTS:,} history events, {total:,} survey answers\n")  # fmt: skip
    with contextlib.ExitStack() as stack:
        folder = args.keep or Path(stack.enter_context(tempfile.TemporaryDirectory()))
        out = Path(folder) / "snapshots"
        if out.is_dir() and any(out.iterdir()):
            print(f"snapshots reused from {out} (no generation)")
        else:
            _generate(out, args.agencies, args.linkages)
        rollup = timed("open the roll-up: scan (every SHA-256)", lambda: scan(out))
        con = timed("open the roll-up: views over all agencies", lambda: connect(rollup))
        timed("whole report over all agencies (views)", lambda: build_report(con, today=TODAY))
        con.close()
        con = timed(
            "open the roll-up: all agencies loaded into memory",
            lambda: connect(rollup, materialize=True),
        )
        timed("whole report over all agencies (in memory)", lambda: build_report(con, today=TODAY))
        con.close()
        if not args.no_agency_reports:
            _agency_reports(rollup)
        if args.no_pages:
            return 0
        return _pages(out, args.repeat)


def _pages(out: Path, repeat: int) -> int:
    """Time the roll-up pages in AppTest; 1 if one misses the target."""
    import ui.sign_in

    ui.sign_in.current_user = lambda: dict(ADMIN)
    os.environ["LINKAGE_ROLLUP"] = str(out)
    os.environ["LINKAGE_USERS"] = str(out.parent / "users.json")
    ok = True
    print(f"\n{'page (roll-up mode, all agencies)':<36} {'cold s':>8} {'warm s':>8} {'peak MB':>8}")
    for page in PAGES:
        cold, warm = page_bench.time_page(page, None, repeat, timeout=1200)
        ok = ok and warm < PAGE_TARGET_S
        print(f"{page:<36} {cold:>8.2f} {warm:>8.2f} {peak_mb():>8.0f}")
    print(f"\nwarm = median of {repeat} runs after the cold one; target < {PAGE_TARGET_S} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
