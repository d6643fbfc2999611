"""Per-fiscal-year KPI targets and dated milestones, and the plans beyond one line: read, set, clear.

The CLI (``python -m metrics target|milestone``) and the target editor share these. Beyond
the single yearly target, all set per fiscal year (BE) by users:

- **bands** — three thresholds of one KPI (any KPI whose target can be set, and the 6.2
  satisfaction target). A value below ``minimum`` is ``below``; from ``minimum`` up to
  ``good`` it is ``minimum``; from ``good`` up to ``excellent`` it is ``good``; from
  ``excellent`` on it is ``excellent`` (each threshold belongs to the band it opens);
- **quarter targets** — how many of a 6.2 count are planned in each fiscal quarter (not
  cumulative: Q2's figure is what Q2 adds);
- **cumulative target** — the plan at each month's end toward the fiscal year's end: the
  quarters already past in full, plus the running quarter's target spread evenly over its
  three months; without quarter targets, the yearly target spread evenly over twelve months.

Every write goes through ``loaders.writer``.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import pandas as pd

from loaders.writer import transaction
from metrics.errors import BilingualError
from metrics.fiscal import QUARTERS, fiscal_year_start, month_end, quarter
from metrics.fiscal import fiscal_year as fiscal_year_of
from metrics.kpi_registry import KPI_BY_ID, KPIS, MILESTONES, TARGET_IDS


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
    with transaction(con) as cur:
        cur.execute(
            "DELETE FROM kpi_targets WHERE fiscal_year = ? AND kpi_id = ?",
            [fiscal_year, kpi_id],
        )
        cur.execute(
            "INSERT INTO kpi_targets VALUES (?, ?, ?, ?, ?, ?)",
            [fiscal_year, kpi_id, value, note, updated_by, _now(now)],
        )
    return {"fiscal_year": fiscal_year, "kpi_id": kpi_id, "target": value, "note": note}


def clear_target(con: duckdb.DuckDBPyConnection, *, fiscal_year: int, kpi_id: str) -> int:
    """Remove a fiscal year's target of one KPI (back to the default); returns rows removed."""
    with transaction(con) as cur:
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
    with transaction(con) as cur:
        cur.execute(
            "DELETE FROM milestones WHERE fiscal_year = ? AND milestone_id = ? "
            "AND linkage_id IS NOT DISTINCT FROM ?",
            [fy, milestone_id, linkage_id],
        )
        cur.execute(
            "INSERT INTO milestones VALUES (?, ?, ?, ?, ?, ?, ?)",
            [fy, milestone_id, linkage_id, done_on, note, updated_by, _now(now)],
        )
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
    with transaction(con) as cur:
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


# ---------------------------------------------------------------- bands, quarter targets and the cumulative plan


BAND_LEVELS = ("minimum", "good", "excellent")


# What band_level answers; the UI names each one by the label target_band_<band>.
BAND_RESULTS = ("below", *BAND_LEVELS)


BAND_IDS: tuple[str, ...] = TARGET_IDS


QUARTER_TARGET_IDS: tuple[str, ...] = tuple(k.id for k in KPIS if k.measure == "register_count")


MONTHS_PER_QUARTER = 3


def is_percent(kpi_id: str) -> bool:
    """Whether a target id is a percentage (capped at 100) rather than a count."""
    kpi = KPI_BY_ID.get(kpi_id)
    return kpi is None or kpi.unit == "percent"  # the only non-KPI id is a satisfaction target


def _check(fiscal_year: Any, kpi_id: str, allowed: Sequence[str], what: Mapping[str, str]) -> int:
    """The fiscal year as an int, or a TargetError naming what is wrong."""
    if not isinstance(fiscal_year, int) or not 2400 <= fiscal_year <= 2700:
        raise TargetError(
            f"ปีงบประมาณต้องเป็นปี พ.ศ. เช่น 2568 แต่ได้ {fiscal_year!r}",
            f"the fiscal year must be a Buddhist-Era year such as 2568, got {fiscal_year!r}",
        )
    if kpi_id not in allowed:
        raise TargetError(
            f"ตั้ง{what['th']}ให้ {kpi_id!r} ไม่ได้ (ที่ใช้ได้: {', '.join(allowed)})",
            f"{kpi_id!r} takes no {what['en']}; expected one of {', '.join(allowed)}",
        )
    return fiscal_year


def _number(value: Any, *, cap: float | None) -> float:
    """A non-negative finite number (at most `cap`), or a TargetError."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number) or number < 0 or (cap is not None and number > cap):
        limit_th = f" ไม่เกิน {cap:g}" if cap is not None else ""
        limit_en = f" at most {cap:g}" if cap is not None else ""
        raise TargetError(
            f"ค่าเป้าหมายต้องเป็นตัวเลขไม่ติดลบ{limit_th} แต่ได้ {value!r}",
            f"a target must be a non-negative number{limit_en}, got {value!r}",
        )
    return number


def _replace_rows(
    con: duckdb.DuckDBPyConnection,
    table: str,
    key: tuple[int, str],
    rows: Sequence[Sequence[Any]],
) -> None:
    """Delete a (fiscal_year, kpi_id)'s rows of a table and insert `rows`, in one transaction."""
    with transaction(con) as cur:
        cur.execute(f"DELETE FROM {table} WHERE fiscal_year = ? AND kpi_id = ?", list(key))
        for row in rows:
            cur.execute(f"INSERT INTO {table} VALUES ({', '.join('?' * len(row))})", list(row))


def set_bands(
    con: duckdb.DuckDBPyConnection,
    *,
    fiscal_year: int,
    kpi_id: str,
    minimum: float,
    good: float,
    excellent: float,
    updated_by: str = "",
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Store (replacing any earlier) a KPI's minimum / good / excellent thresholds for a year."""
    fy = _check(fiscal_year, kpi_id, BAND_IDS, {"th": "ช่วงเป้าหมาย", "en": "target bands"})
    cap = 100.0 if is_percent(kpi_id) else None
    low, mid, high = (_number(v, cap=cap) for v in (minimum, good, excellent))
    if not low <= mid <= high:
        raise TargetError(
            f"ช่วงเป้าหมายต้องเรียง ขั้นต่ำ ≤ ดี ≤ ดีเยี่ยม แต่ได้ {low:g} / {mid:g} / {high:g}",
            f"bands must run minimum ≤ good ≤ excellent, got {low:g} / {mid:g} / {high:g}",
        )
    _replace_rows(
        con, "target_bands", (fy, kpi_id), [(fy, kpi_id, low, mid, high, updated_by, _now(now))]
    )
    return {"fiscal_year": fy, "kpi_id": kpi_id, "minimum": low, "good": mid, "excellent": high}


def clear_bands(con: duckdb.DuckDBPyConnection, *, fiscal_year: int, kpi_id: str) -> int:
    """Remove a KPI's bands for a fiscal year; returns rows removed."""
    return _clear(con, "target_bands", fiscal_year, kpi_id)


def bands_for(
    con: duckdb.DuckDBPyConnection, *, fiscal_year: int | None
) -> dict[str, dict[str, float]]:
    """The bands users set for a fiscal year: {kpi_id: {minimum, good, excellent}}."""
    if fiscal_year is None:
        return {}
    rows = (
        con.cursor()
        .execute(
            "SELECT kpi_id, minimum, good, excellent FROM target_bands WHERE fiscal_year = ?",
            [int(fiscal_year)],
        )
        .fetchall()
    )
    return {
        kpi_id: dict(zip(BAND_LEVELS, map(float, values), strict=True)) for kpi_id, *values in rows
    }


def band_level(value: float | None, bands: Mapping[str, float] | None) -> str | None:
    """Which band a value falls in: below | minimum | good | excellent (None without both)."""
    if value is None or not bands or (isinstance(value, float) and math.isnan(value)):
        return None
    if value >= bands["excellent"]:
        return "excellent"
    if value >= bands["good"]:
        return "good"
    if value >= bands["minimum"]:
        return "minimum"
    return "below"


def set_quarter_targets(
    con: duckdb.DuckDBPyConnection,
    *,
    fiscal_year: int,
    kpi_id: str,
    targets: Sequence[float],
    updated_by: str = "",
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Store (replacing any earlier) the four quarters' planned counts of a 6.2 KPI for a year."""
    fy = _check(
        fiscal_year, kpi_id, QUARTER_TARGET_IDS, {"th": "เป้ารายไตรมาส", "en": "quarter targets"}
    )
    if len(targets) != len(QUARTERS):
        raise TargetError(
            f"ต้องระบุเป้าครบ 4 ไตรมาส แต่ได้ {len(targets)} ค่า",
            f"give a target for each of the 4 quarters, got {len(targets)}",
        )
    values = [_number(v, cap=None) for v in targets]
    stamp = _now(now)
    _replace_rows(
        con,
        "quarter_targets",
        (fy, kpi_id),
        [(fy, kpi_id, q, v, updated_by, stamp) for q, v in zip(QUARTERS, values, strict=True)],
    )
    return {"fiscal_year": fy, "kpi_id": kpi_id, "targets": values, "total": sum(values)}


def set_count_plan(
    con: duckdb.DuckDBPyConnection,
    *,
    fiscal_year: int,
    kpi_id: str,
    annual: float | None,
    quarters: Sequence[float],
    updated_by: str = "",
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Store a 6.2 count's quarter targets and its year target (the quarters' sum when none).

    A year target given beside the quarters is kept as given, even when it differs from
    their sum (the page says so); the KPI is judged against the year target.
    """
    if annual is not None:
        _number(annual, cap=None)  # refuse a bad year target before anything is stored
    saved = set_quarter_targets(
        con,
        fiscal_year=fiscal_year,
        kpi_id=kpi_id,
        targets=quarters,
        updated_by=updated_by,
        now=now,
    )
    year_target = saved["total"] if annual is None else annual
    set_target(
        con,
        fiscal_year=fiscal_year,
        kpi_id=kpi_id,
        target=year_target,
        updated_by=updated_by,
        now=now,
    )
    return {**saved, "annual": float(year_target)}


def clear_quarter_targets(con: duckdb.DuckDBPyConnection, *, fiscal_year: int, kpi_id: str) -> int:
    """Remove a KPI's quarter targets for a fiscal year; returns rows removed."""
    return _clear(con, "quarter_targets", fiscal_year, kpi_id)


def quarter_targets_for(
    con: duckdb.DuckDBPyConnection, *, fiscal_year: int | None
) -> dict[str, tuple[float, ...]]:
    """The quarter targets users set for a fiscal year: {kpi_id: (Q1, Q2, Q3, Q4)}."""
    if fiscal_year is None:
        return {}
    rows = (
        con.cursor()
        .execute(
            "SELECT kpi_id, quarter, target FROM quarter_targets WHERE fiscal_year = ? "
            "ORDER BY kpi_id, quarter",
            [int(fiscal_year)],
        )
        .fetchall()
    )
    plans: dict[str, dict[int, float]] = {}
    for kpi_id, q, target in rows:
        plans.setdefault(kpi_id, {})[int(q)] = float(target)
    return {
        kpi_id: tuple(by_q[q] for q in QUARTERS)
        for kpi_id, by_q in plans.items()
        if set(by_q) == set(QUARTERS)
    }


def _clear(con: duckdb.DuckDBPyConnection, table: str, fiscal_year: int, kpi_id: str) -> int:
    """Delete a (fiscal_year, kpi_id)'s rows of a table; returns how many there were."""
    params = [int(fiscal_year), kpi_id]
    where = "WHERE fiscal_year = ? AND kpi_id = ?"
    with transaction(con) as cur:
        removed = cur.execute(f"SELECT count(*) FROM {table} {where}", params).fetchone()[0]
        cur.execute(f"DELETE FROM {table} {where}", params)
    return int(removed)


def fiscal_months(fiscal_year: int) -> list[dt.date]:
    """The last day of each of the fiscal year's twelve months, October first."""
    start = fiscal_year_start(fiscal_year)
    months = []
    for i in range(12):
        month = (start.month - 1 + i) % 12 + 1
        year = start.year + (start.month - 1 + i) // 12
        months.append(month_end(year, month))
    return months


def cumulative_target(
    fiscal_year: int,
    *,
    annual: float | None = None,
    quarters: Sequence[float] | None = None,
) -> pd.DataFrame:
    """The planned cumulative count at each month's end (see the module docstring).

    Columns: month (1–12 in fiscal order), month_end, quarter, target (None without a plan),
    quarter_end (True on the last month of a quarter). Quarter targets win over `annual`.
    """
    months = fiscal_months(fiscal_year)
    rows = []
    for index, end in enumerate(months, start=1):
        q = quarter(end)
        in_quarter = (index - 1) % MONTHS_PER_QUARTER + 1
        if quarters is not None:
            done = sum(quarters[: q - 1])
            target = done + quarters[q - 1] * in_quarter / MONTHS_PER_QUARTER
        elif annual is not None:
            target = annual * index / 12
        else:
            target = None
        rows.append(
            {
                "month": index,
                "month_end": end,
                "quarter": q,
                "target": None if target is None else round(float(target), 4),
                "quarter_end": in_quarter == MONTHS_PER_QUARTER,
            }
        )
    return pd.DataFrame(rows)


def planned_by(
    fiscal_year: int,
    day: dt.date,
    *,
    annual: float | None = None,
    quarters: Sequence[float] | None = None,
) -> float | None:
    """The plan's cumulative target on `day`, pro rata by day inside its month (None without one).

    Before the fiscal year it is 0; from its last day on, the whole year's plan.
    """
    plan = cumulative_target(fiscal_year, annual=annual, quarters=quarters)
    if plan["target"].isna().all():
        return None
    if day < fiscal_year_start(fiscal_year):
        return 0.0
    previous = 0.0
    for end, target in zip(plan["month_end"], plan["target"], strict=True):
        if day <= end:
            share = day.day / end.day
            return round(previous + (float(target) - previous) * share, 4)
        previous = float(target)
    return previous
