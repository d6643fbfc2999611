"""Per-fiscal-year KPI targets and dated milestones: read, set and clear (CLI and UI share these)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pandas as pd

from loaders.store import WRITE_LOCK
from metrics.errors import BilingualError
from metrics.fiscal import fiscal_year as fiscal_year_of
from metrics.kpi_registry import MILESTONES, TARGET_IDS


class TargetError(BilingualError):
    """A target or milestone the store refuses: unknown id, impossible value or year."""


def _check_fiscal_year(fy: int) -> int:
    """A plausible Buddhist-Era fiscal year, or a TargetError."""
    if not isinstance(fy, int) or not 2400 <= fy <= 2700:
        raise TargetError(
            f"ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2568 แต่ได้ {fy!r}",
            f"the fiscal year must be a Buddhist-Era year such as 2568, got {fy!r}",
        )
    return fy


def _now(now: dt.datetime | None) -> dt.datetime:
    """The timestamp to store (the caller's, else the clock's)."""
    return now or dt.datetime.now().replace(microsecond=0)


def set_target(
    con: duckdb.DuckDBPyConnection,
    *,
    fiscal_year: int,
    kpi_id: str,
    target: float,
    note: str | None = None,
    updated_by: str = "",
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Store (replacing any earlier) the target of one KPI for one fiscal year."""
    _check_fiscal_year(fiscal_year)
    if kpi_id not in TARGET_IDS:
        raise TargetError(
            f"ไม่รู้จักตัวชี้วัดที่ตั้งเป้าได้ {kpi_id!r} (ที่ใช้ได้: {', '.join(TARGET_IDS)})",
            f"unknown KPI with a settable target {kpi_id!r}; expected one of {', '.join(TARGET_IDS)}",
        )
    try:
        value = float(target)
    except (TypeError, ValueError):
        value = float("nan")
    if not value >= 0 or value == float("inf"):
        raise TargetError(
            f"เป้าหมายต้องเป็นตัวเลขไม่ติดลบ แต่ได้ {target!r}",
            f"the target must be a non-negative number, got {target!r}",
        )
    with WRITE_LOCK:
        cur = con.cursor()
        cur.execute("BEGIN TRANSACTION")
        try:
            cur.execute(
                "DELETE FROM kpi_targets WHERE fiscal_year = ? AND kpi_id = ?",
                [fiscal_year, kpi_id],
            )
            cur.execute(
                "INSERT INTO kpi_targets VALUES (?, ?, ?, ?, ?, ?)",
                [fiscal_year, kpi_id, value, note, updated_by, _now(now)],
            )
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
    return {"fiscal_year": fiscal_year, "kpi_id": kpi_id, "target": value, "note": note}


def clear_target(con: duckdb.DuckDBPyConnection, *, fiscal_year: int, kpi_id: str) -> int:
    """Remove a fiscal year's target of one KPI (back to the default); returns rows removed."""
    with WRITE_LOCK:
        cur = con.cursor()
        removed = cur.execute(
            "SELECT count(*) FROM kpi_targets WHERE fiscal_year = ? AND kpi_id = ?",
            [fiscal_year, kpi_id],
        ).fetchone()[0]
        cur.execute(
            "DELETE FROM kpi_targets WHERE fiscal_year = ? AND kpi_id = ?", [fiscal_year, kpi_id]
        )
    return int(removed)


def targets_for(con: duckdb.DuckDBPyConnection, *, fiscal_year: int | None) -> dict[str, float]:
    """The targets users set for a fiscal year, by KPI id (empty when none or no year)."""
    if fiscal_year is None:
        return {}
    rows = (
        con.cursor()
        .execute("SELECT kpi_id, target FROM kpi_targets WHERE fiscal_year = ?", [int(fiscal_year)])
        .fetchall()
    )
    return {kpi_id: float(target) for kpi_id, target in rows}


def list_targets(con: duckdb.DuckDBPyConnection, *, fiscal_year: int | None = None) -> pd.DataFrame:
    """Stored targets (one fiscal year, or all), newest year first."""
    sql = "SELECT fiscal_year, kpi_id, target, note, updated_by, updated_at FROM kpi_targets"
    params: list[Any] = []
    if fiscal_year is not None:
        sql += " WHERE fiscal_year = ?"
        params.append(int(fiscal_year))
    return con.cursor().execute(sql + " ORDER BY fiscal_year DESC, kpi_id", params).df()


def set_milestone(
    con: duckdb.DuckDBPyConnection,
    *,
    milestone_id: str,
    done_on: dt.date,
    fiscal_year: int | None = None,
    linkage_id: str | None = None,
    note: str | None = None,
    updated_by: str = "",
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Record (replacing any earlier) the date a milestone was done in a fiscal year.

    The fiscal year defaults to the one `done_on` falls in. `linkage_id` ties a
    ``cancellation_reported`` milestone to one cancelled linkage.
    """
    if milestone_id not in MILESTONES:
        raise TargetError(
            f"ไม่รู้จักหมุดหมาย {milestone_id!r} (ที่ใช้ได้: {', '.join(MILESTONES)})",
            f"unknown milestone {milestone_id!r}; expected one of {', '.join(MILESTONES)}",
        )
    if not isinstance(done_on, dt.date):
        raise TargetError("วันที่ไม่ถูกต้อง", f"done_on must be a date, got {done_on!r}")
    if isinstance(done_on, dt.datetime):
        done_on = done_on.date()
    fy = _check_fiscal_year(fiscal_year if fiscal_year is not None else fiscal_year_of(done_on))
    with WRITE_LOCK:
        cur = con.cursor()
        cur.execute("BEGIN TRANSACTION")
        try:
            cur.execute(
                "DELETE FROM milestones WHERE fiscal_year = ? AND milestone_id = ? "
                "AND linkage_id IS NOT DISTINCT FROM ?",
                [fy, milestone_id, linkage_id],
            )
            cur.execute(
                "INSERT INTO milestones VALUES (?, ?, ?, ?, ?, ?, ?)",
                [fy, milestone_id, linkage_id, done_on, note, updated_by, _now(now)],
            )
            cur.execute("COMMIT")
        except BaseException:
            cur.execute("ROLLBACK")
            raise
    return {
        "fiscal_year": fy,
        "milestone_id": milestone_id,
        "linkage_id": linkage_id,
        "done_on": done_on.isoformat(),
        "note": note,
    }


def clear_milestone(
    con: duckdb.DuckDBPyConnection,
    *,
    fiscal_year: int,
    milestone_id: str,
    linkage_id: str | None = None,
) -> int:
    """Remove a recorded milestone (it counts as not done again); returns rows removed."""
    where = "WHERE fiscal_year = ? AND milestone_id = ? AND linkage_id IS NOT DISTINCT FROM ?"
    params = [fiscal_year, milestone_id, linkage_id]
    with WRITE_LOCK:
        cur = con.cursor()
        removed = cur.execute(f"SELECT count(*) FROM milestones {where}", params).fetchone()[0]
        cur.execute(f"DELETE FROM milestones {where}", params)
    return int(removed)


def list_milestones(
    con: duckdb.DuckDBPyConnection, *, fiscal_year: int | None = None
) -> pd.DataFrame:
    """Recorded milestones (one fiscal year, or all), newest first."""
    sql = (
        "SELECT fiscal_year, milestone_id, linkage_id, done_on, note, updated_by, updated_at "
        "FROM milestones"
    )
    params: list[Any] = []
    if fiscal_year is not None:
        sql += " WHERE fiscal_year = ?"
        params.append(int(fiscal_year))
    frame = (
        con.cursor()
        .execute(sql + " ORDER BY fiscal_year DESC, milestone_id, linkage_id", params)
        .df()
    )
    frame["done_on"] = [None if pd.isna(d) else d.date() for d in frame["done_on"]]
    return frame
