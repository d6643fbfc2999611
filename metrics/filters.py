"""The filters every dashboard passes to every metric, and their SQL over the linkages table.

A linkage belongs to a fiscal year (and quarter) by its *reference date*: the first of
requested_on, responded_on, mou_signed_on, linked_on, in_use_on, cancelled_on that is filled,
else the day the row was first stored. A metric about one event (a cancellation, a go-live)
passes that event's date column instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from metrics.fiscal import fiscal_year_range, quarter_range, quarter_sql

# A filter value: one key, several keys (any of them), or None for no filter.
Choice = str | tuple[str, ...] | None

DIMENSION_COLUMNS = (
    "direction",
    "partner_type",
    "ministry",
    "method",
    "classification",
)

REFERENCE_DATE_COLUMNS = (
    "requested_on",
    "responded_on",
    "mou_signed_on",
    "linked_on",
    "in_use_on",
    "cancelled_on",
)


@dataclass(frozen=True)
class Filters:
    """What the user chose: period and linkage attributes; None (or empty) means all."""

    fiscal_year: int | None = None
    quarter: int | None = None
    direction: Choice = None
    partner_type: Choice = None
    ministry: Choice = None
    method: Choice = None
    classification: Choice = None
    personal_data: bool | None = None
    include_sample: bool = True

    def replace(self, **changes: Any) -> Filters:
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)


NO_FILTERS = Filters()


def column(alias: str, name: str) -> str:
    """A column name qualified by a table alias (when there is one)."""
    return f"{alias}.{name}" if alias else name


def reference_date_sql(alias: str = "") -> str:
    """SQL for a linkage's reference date (see the module docstring)."""
    parts = [column(alias, c) for c in REFERENCE_DATE_COLUMNS]
    parts.append(f"CAST({column(alias, 'created_at')} AS DATE)")
    return f"coalesce({', '.join(parts)})"


def period_bounds(filters: Filters) -> tuple[dt.date, dt.date] | None:
    """First and last day of the chosen fiscal year or quarter, or None for all time."""
    if filters.fiscal_year is None:
        return None
    if filters.quarter is None:
        return fiscal_year_range(filters.fiscal_year)
    return quarter_range(filters.fiscal_year, filters.quarter)


def period_where(filters: Filters, date_expr: str) -> tuple[str, list[Any]]:
    """SQL condition and parameters putting `date_expr` inside the chosen period."""
    bounds = period_bounds(filters)
    if bounds is not None:
        return f"{date_expr} BETWEEN ? AND ?", list(bounds)
    if filters.quarter is not None:
        return f"{quarter_sql(date_expr)} = ?", [int(filters.quarter)]
    return "TRUE", []


def _choices(value: Choice | Iterable[str]) -> tuple[str, ...]:
    """A filter value as a tuple of keys (empty for no filter)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def linkage_where(
    filters: Filters, *, alias: str = "", date_expr: str | None = None
) -> tuple[str, list[Any]]:
    """SQL condition (never empty; "TRUE" for no filter) and its `?` parameters over linkages.

    `date_expr` places a linkage in the period; by default its reference date.
    """
    conditions: list[str] = []
    params: list[Any] = []
    period_sql, period_params = period_where(filters, date_expr or reference_date_sql(alias))
    if period_params:
        conditions.append(period_sql)
        params.extend(period_params)
    for name in DIMENSION_COLUMNS:
        keys = _choices(getattr(filters, name))
        if keys:
            conditions.append(f"{column(alias, name)} IN ({', '.join('?' * len(keys))})")
            params.extend(keys)
    if filters.personal_data is not None:
        conditions.append(f"coalesce({column(alias, 'personal_data')}, false) = ?")
        params.append(bool(filters.personal_data))
    if not filters.include_sample:
        conditions.append(f"NOT coalesce({column(alias, 'is_sample')}, false)")
    return (" AND ".join(conditions) or "TRUE"), params
