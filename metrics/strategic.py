"""The strategic view's figures: which year, how far into it, the KPIs at a glance, counts by month.

The strategic view looks at one whole fiscal year (BE): the one the user chose, else the
latest with data (``default_fiscal_year``). A quarter filter does not narrow it — the
quarters are shown side by side against their own targets instead.

Display statuses refine ``metrics.kpis`` statuses for a reader who only glances: a
``not_met`` that is not final because its deadline is still far off is ``pending``, and a
``no_data`` whose only lack is a target is ``no_target`` (the value is known, the plan is not).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import duckdb
import pandas as pd

from metrics.filters import REFERENCE_DATE_COLUMNS, Filters, linkage_where
from metrics.fiscal import QUARTERS, as_date, fiscal_year, fiscal_year_range, quarter_range
from metrics.kpis import COUNT_DIRECTION, DRILL_COLUMNS, REGISTER_COUNTS, KpiResult
from metrics.lifecycle import KPI_DISPLAY_STATUSES
from metrics.target_plans import band_level, fiscal_months, planned_by

# Display statuses, most urgent first (the order legends and counts use), with their words.
DISPLAY_STATUSES: dict[str, dict[str, str]] = KPI_DISPLAY_STATUSES
# Why a KPI has no verdict yet, as a reader should hear it.
REASONS: dict[str, dict[str, str]] = {
    "not_due_yet": {"th": "ยังไม่ถึงกำหนด", "en": "not due yet"},
    "not_recorded": {"th": "ยังไม่ได้บันทึก", "en": "not recorded"},
    "no_target": {"th": "ยังไม่ได้ตั้งเป้าหมาย", "en": "no target set"},
    "no_linkages": {"th": "ไม่มีรายการในปีนี้", "en": "nothing to count this year"},
    "no_responses": {"th": "ยังไม่มีผลสำรวจ", "en": "no survey responses"},
}


def display_status(result: KpiResult) -> str:
    """A KPI's status as the scorecard shows it (see the module docstring)."""
    if result.status == "not_met" and not result.final and result.reason == "not_due_yet":
        return "pending"
    if result.status == "no_data" and result.reason == "no_target":
        return "no_target"
    return result.status


def status_counts(results: Iterable[KpiResult]) -> dict[str, int]:
    """How many KPIs are in each display status (every status present, most urgent first)."""
    counts = dict.fromkeys(DISPLAY_STATUSES, 0)
    for result in results:
        counts[display_status(result)] += 1
    return counts


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


def fiscal_year_progress(fy: int, today: dt.date) -> dict[str, Any]:
    """How far into the fiscal year `today` is: days elapsed of all, percent, and its state."""
    start, end = fiscal_year_range(fy)
    total = (end - start).days + 1
    elapsed = min(max((today - start).days + 1, 0), total)
    state = "future" if today < start else "ended" if today > end else "running"
    return {
        "fiscal_year": fy,
        "start": start,
        "end": end,
        "days_total": total,
        "days_elapsed": elapsed,
        "days_left": total - elapsed,
        "percent_elapsed": round(elapsed * 100 / total, 1),
        "state": state,
    }


# ---------------------------------------------------------------- 6.2 counts month by month


def achieved_rows(
    con: duckdb.DuckDBPyConnection,
    kpi_id: str,
    *,
    filters: Filters,
    fiscal_year: int,
    month: int | None = None,
) -> pd.DataFrame:
    """The rows a 6.2 count counts in a fiscal year (or one fiscal month, 1 = October).

    Columns: achieved_on, fiscal_month, then the KPI drill-down columns. For a distinct
    count (partners) only each partner's first row in the year is kept, so the rows add up
    to the KPI's value.
    """
    spec = REGISTER_COUNTS[kpi_id]
    scoped = filters.replace(fiscal_year=fiscal_year, quarter=None)
    where, params = linkage_where(scoped, date_expr=spec.date)
    frame = (
        con.cursor()
        .execute(
            f"SELECT {spec.date} AS achieved_on, {DRILL_COLUMNS} FROM linkages "
            f"WHERE direction = ? AND {spec.counted} AND {where} "
            "ORDER BY achieved_on, linkage_id",
            [COUNT_DIRECTION, *params],
        )
        .df()
    )
    frame["achieved_on"] = [as_date(d) for d in frame["achieved_on"]]
    if spec.distinct:
        frame = frame.dropna(subset=[spec.distinct]).drop_duplicates(spec.distinct)
    frame.insert(1, "fiscal_month", [(d.month - 10) % 12 + 1 for d in frame["achieved_on"]])
    if month is not None:
        frame = frame[frame["fiscal_month"] == month]
    return frame.reset_index(drop=True)


def cumulative_actual(
    con: duckdb.DuckDBPyConnection,
    kpi_id: str,
    *,
    filters: Filters,
    fiscal_year: int,
    today: dt.date,
) -> pd.DataFrame:
    """A 6.2 count per fiscal month and running total; months after `today` stay empty.

    Columns: month (1–12, October first), month_end, achieved, cumulative (None in the future).
    """
    rows = achieved_rows(con, kpi_id, filters=filters, fiscal_year=fiscal_year)
    per_month = rows["fiscal_month"].value_counts()
    frame = pd.DataFrame({"month": range(1, 13), "month_end": fiscal_months(fiscal_year)})
    frame["achieved"] = [int(per_month.get(m, 0)) for m in frame["month"]]
    running = frame["achieved"].cumsum()
    first_days = [end.replace(day=1) for end in frame["month_end"]]
    frame["cumulative"] = [
        int(total) if first <= today else None
        for total, first in zip(running, first_days, strict=True)
    ]
    return frame


def count_progress(
    results: Iterable[KpiResult],
    *,
    today: dt.date,
    quarters: Mapping[str, Sequence[float]],
    bands: Mapping[str, Mapping[str, float]],
) -> pd.DataFrame:
    """Each 6.2 count against its year target, the plan's figure for today, and its band.

    Columns: kpi_id, value, target, percent_of_target, expected_now (what the plan asks by
    `today`; None without a plan), ahead (value ≥ expected_now), quarters_total, band.
    """
    rows = []
    for result in results:
        if result.definition.measure != "register_count":
            continue
        plan = quarters.get(result.id)
        target = result.target
        fy = result.fiscal_year
        expected = (
            planned_by(fy, today, annual=target, quarters=plan)
            if fy is not None and (target is not None or plan is not None)
            else None
        )
        rows.append(
            {
                "kpi_id": result.id,
                "value": result.value,
                "target": target,
                "percent_of_target": (round(result.value * 100 / target, 1) if target else None),
                "expected_now": expected,
                "ahead": None if expected is None else bool(result.value >= expected),
                "quarters_total": sum(plan) if plan is not None else None,
                "band": band_level(result.value, bands.get(result.id)),
            }
        )
    columns = [
        "kpi_id",
        "value",
        "target",
        "percent_of_target",
        "expected_now",
        "ahead",
        "quarters_total",
        "band",
    ]
    return pd.DataFrame(rows, columns=columns)


def quarter_progress(
    cumulative: pd.DataFrame, plan: pd.DataFrame, *, fiscal_year: int, today: dt.date
) -> pd.DataFrame:
    """Per fiscal quarter: its planned and achieved count, the running totals and a verdict.

    `cumulative` is ``cumulative_actual``'s frame, `plan` is ``cumulative_target``'s. A quarter
    is judged on what it added itself: ``reached`` (achieved ≥ its target) or ``short`` once it
    has ended; ``running`` while today is inside it; ``not_begun`` before; ``no_target``
    without a plan. Columns: quarter, target, achieved, cumulative_target, cumulative,
    verdict, short_by.
    """
    rows = []
    previous = 0.0
    for q in QUARTERS:
        start, end = quarter_range(fiscal_year, q)
        last = q * 3
        planned = plan["target"].iloc[last - 1]
        cumulative_target = None if planned is None or pd.isna(planned) else float(planned)
        target = None if cumulative_target is None else round(cumulative_target - previous, 4)
        previous = cumulative_target or 0.0
        begun = start <= today
        achieved = int(cumulative["achieved"].iloc[last - 3 : last].sum()) if begun else None
        running_total = int(cumulative["achieved"].iloc[:last].sum()) if begun else None
        if not begun:
            verdict = "not_begun"
        elif target is None:
            verdict = "no_target"
        elif today <= end:
            verdict = "running"
        else:
            verdict = "reached" if achieved >= target else "short"
        rows.append(
            {
                "quarter": q,
                "target": target,
                "achieved": achieved,
                "cumulative_target": cumulative_target,
                "cumulative": running_total,
                "verdict": verdict,
                "short_by": (
                    round(target - achieved, 4)
                    if target is not None and achieved is not None and achieved < target
                    else None
                ),
            }
        )
    return pd.DataFrame(rows)
