"""The Thai fiscal calendar: 1 October – 30 September, named by the Buddhist-Era year it ends in.

FY 2568 = 1 Oct 2024 – 30 Sep 2025. Quarters: Q1 Oct–Dec, Q2 Jan–Mar, Q3 Apr–Jun, Q4 Jul–Sep.
Every function takes its date as an argument; only ``current_fiscal_year`` falls back to the
clock, and only when its caller gives no ``today``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

import pandas as pd

BE_OFFSET = 543
FIRST_MONTH = 10  # October opens the fiscal year
QUARTERS = (1, 2, 3, 4)

_FY_LABEL = {"th": "ปีงบประมาณ {fy}", "en": "FY {fy}"}
_QUARTER_LABEL = {"th": "ไตรมาส {q}", "en": "Q{q}"}
_QUARTER_MONTHS = {
    "th": ("ต.ค.–ธ.ค.", "ม.ค.–มี.ค.", "เม.ย.–มิ.ย.", "ก.ค.–ก.ย."),
    "en": ("Oct–Dec", "Jan–Mar", "Apr–Jun", "Jul–Sep"),
}


def be_to_ce(year_be: int) -> int:
    """A Buddhist-Era year as a Common-Era year (2568 → 2025)."""
    return int(year_be) - BE_OFFSET


def ce_to_be(year_ce: int) -> int:
    """A Common-Era year as a Buddhist-Era year (2025 → 2568)."""
    return int(year_ce) + BE_OFFSET


def fiscal_year(day: dt.date) -> int:
    """The fiscal year (BE) a date falls in: 30 Sep 2025 → 2568, 1 Oct 2025 → 2569."""
    return day.year + (day.month >= FIRST_MONTH) + BE_OFFSET


def fiscal_year_start(fy: int) -> dt.date:
    """First day of a fiscal year (BE): 2568 → 1 Oct 2024."""
    return dt.date(be_to_ce(fy) - 1, FIRST_MONTH, 1)


def fiscal_year_end(fy: int) -> dt.date:
    """Last day of a fiscal year (BE): 2568 → 30 Sep 2025."""
    return dt.date(be_to_ce(fy), FIRST_MONTH - 1, 30)


def fiscal_year_range(fy: int) -> tuple[dt.date, dt.date]:
    """First and last day (both inclusive) of a fiscal year (BE)."""
    return fiscal_year_start(fy), fiscal_year_end(fy)


def quarter(day: dt.date) -> int:
    """The fiscal quarter (1–4) of a date: October → 1, January → 2, April → 3, July → 4."""
    return (day.month - FIRST_MONTH) % 12 // 3 + 1


def quarter_range(fy: int, q: int) -> tuple[dt.date, dt.date]:
    """First and last day (both inclusive) of quarter q of a fiscal year (BE)."""
    if q not in QUARTERS:
        raise ValueError(f"quarter must be 1–4, got {q!r}")
    first_month = (FIRST_MONTH - 1 + 3 * (q - 1)) % 12 + 1
    year = be_to_ce(fy) - (first_month >= FIRST_MONTH)
    last_month = first_month + 2
    return dt.date(year, first_month, 1), month_end(year, last_month)


def month_end(year_ce: int, month: int) -> dt.date:
    """Last day of a calendar month."""
    return dt.date(year_ce, month, calendar.monthrange(year_ce, month)[1])


def deadline_in_fiscal_year(fy: int, month: int) -> dt.date:
    """Last day of a named month inside a fiscal year: (2568, 3) → 31 Mar 2025."""
    year = be_to_ce(fy) - (month >= FIRST_MONTH)
    return month_end(year, month)


def current_fiscal_year(today: dt.date | None = None) -> int:
    """The fiscal year (BE) of `today` (the caller's date; the clock only when none is given)."""
    return fiscal_year(today or dt.date.today())


def fiscal_year_label(fy: int, lang: str = "th") -> str:
    """The fiscal year's name: "ปีงบประมาณ 2568" (th) or "FY 2568" (en)."""
    return _FY_LABEL.get(lang, _FY_LABEL["en"]).format(fy=fy)


def quarter_label(q: int, lang: str = "th", *, with_months: bool = False) -> str:
    """The quarter's name: "ไตรมาส 1" (th) or "Q1" (en), optionally with its months."""
    label = _QUARTER_LABEL.get(lang, _QUARTER_LABEL["en"]).format(q=q)
    if with_months:
        months = _QUARTER_MONTHS.get(lang, _QUARTER_MONTHS["en"])[q - 1]
        label = f"{label} ({months})"
    return label


def fiscal_year_sql(date_expr: str) -> str:
    """SQL for the fiscal year (BE) of a date expression (a column name, never a value)."""
    return (
        f"(year({date_expr}) + CAST(month({date_expr}) >= {FIRST_MONTH} AS INTEGER) + {BE_OFFSET})"
    )


def quarter_sql(date_expr: str) -> str:
    """SQL for the fiscal quarter (1–4) of a date expression (a column name, never a value)."""
    return f"((month({date_expr}) + 2) % 12 // 3 + 1)"


def as_date(value: Any) -> dt.date | None:
    """A stored DATE as a plain date: pandas hands back Timestamps, and NaT or NaN for blank."""
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return pd.Timestamp(value).date()


# ---------------------------------------------------------------- how far into a fiscal year


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
