"""The whole-picture report: register, satisfaction, e-Gov stages and every KPI, as one dict.

``build_report`` is what ``python -m metrics report`` prints (TEMPLATES.md §5, with more
keys). Without a fiscal year the register and satisfaction cover the whole database and the
dated KPIs are judged for the fiscal year of `today`; with one, everything is limited to it.
An empty database gives a complete report with ``no_data`` statuses, never an exception.
The figures come without words; the words the published JSON carries (a satisfaction
method's name, the low-sample warning) are added here from the label catalog (``labels``).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import duckdb

import labels
from loaders.spec import DIRECTIONS, STATUSES
from metrics.agency_settings import settings_for
from metrics.egov_store import report_summary
from metrics.filters import Filters
from metrics.findings import findings_report
from metrics.fiscal import fiscal_year as fiscal_year_of
from metrics.fiscal import fiscal_year_range
from metrics.kpis import evaluate_kpis
from metrics.lifecycle import KPI_RESULT_STATUSES
from metrics.mou_procedure import mou_step_summary
from metrics.pipeline import (
    cancellations_by_reason,
    lapsed_count,
    mou_expiry_summary,
    open_request_summary,
    pending_approvals_by_approver,
    stuck_summary,
)
from metrics.register import register_breakdown, register_totals
from metrics.satisfaction import (
    ALL_GROUPS,
    check_method,
    few_responses_warning,
    resolve_targets,
    satisfaction_scores,
)

KPI_STATUSES = KPI_RESULT_STATUSES  # the order of kpi_summary (published)
MOU_STEP_FIGURES = ("limit_days", "completed", "median_days", "late", "waiting", "stuck")


def _register(con: duckdb.DuckDBPyConnection, filters: Filters) -> dict[str, Any]:
    """Linkages, partners and counts by status, direction and the other dimensions."""
    breakdown = register_breakdown(con, filters=filters)
    return {
        **register_totals(con, filters=filters),
        "by_status": dict.fromkeys(STATUSES, 0) | breakdown.pop("status"),
        "by_direction": dict.fromkeys(DIRECTIONS, 0) | breakdown.pop("direction"),
        **{f"by_{dimension}": counts for dimension, counts in breakdown.items()},
    }


def _warning_words(figure: dict[str, Any]) -> dict[str, str | None]:
    """The low-sample warning in Thai and English (None when there are enough answers)."""
    warning = few_responses_warning(figure["responses"], figure["margin_of_error"])
    if warning is None:
        return {f"warning_{lang}": None for lang in labels.LANGS}
    form, values = warning
    return {
        f"warning_{lang}": labels.label(f"sat_few_responses_{form}", lang, **values)
        for lang in labels.LANGS
    }


def _in_words(figure: dict[str, Any], *, method_names: bool) -> dict[str, Any]:
    """A figure with the published words after the fields they describe, in the published
    order: method_label_th/en after "method" (when `method_names`), warning_th/en after
    "low_sample"."""
    worded: dict[str, Any] = {}
    for key, value in figure.items():
        worded[key] = value
        if key == "method" and method_names:
            for lang in labels.LANGS:
                worded[f"method_label_{lang}"] = labels.label(f"sat_method_{value}", lang)
        if key == "low_sample":
            worded.update(_warning_words(figure))
    return worded


def _satisfaction(
    con: duckdb.DuckDBPyConnection, filters: Filters, method: str, scope_year: int
) -> dict[str, dict[str, Any]]:
    """Per process: the overall figure, with the respondent groups under "groups"."""
    scores = satisfaction_scores(
        con,
        filters=filters,
        method=method,
        targets=resolve_targets(con, fiscal_year=scope_year),
    )
    summary: dict[str, dict[str, Any]] = {}
    for row in scores.astype(object).where(scores.notna(), None).to_dict("records"):
        process, group = row.pop("process"), row.pop("respondent_group")
        if group == ALL_GROUPS:
            summary[process] = {**_in_words(row, method_names=True), "groups": {}}
        else:
            summary[process]["groups"][group] = {
                k: row[k] for k in ("score", "met", "responses", "margin_of_error", "low_sample")
            }
    return summary


def _operations(con: duckdb.DuckDBPyConnection, filters: Filters, today: dt.date) -> dict[str, Any]:
    """The report's "operations" part: what waits, what is stuck, what ended."""
    return {
        "open_requests": open_request_summary(con, filters=filters, today=today),
        "pending_approvals": {
            row["approver"]: int(row["linkages"])
            for row in pending_approvals_by_approver(con, filters=filters).to_dict("records")
        },
        "mou": mou_expiry_summary(con, filters=filters, today=today),
        "stuck_linkages": stuck_summary(con, filters=filters, today=today),
        "cancellations_by_reason": {
            row["cancel_reason"]: int(row["linkages"])
            for row in cancellations_by_reason(con, filters=filters, today=today).to_dict("records")
        },
        "expired_but_live": lapsed_count(con, filters=filters, today=today),
    }


def _mou_procedure(
    con: duckdb.DuckDBPyConnection, filters: Filters, today: dt.date
) -> dict[str, dict[str, Any]]:
    """Per MOU sub-stage: limit, completed, median days, late, waiting, stuck."""
    summary = mou_step_summary(con, filters=filters, today=today)
    return {
        row["step"]: {k: row[k] for k in MOU_STEP_FIGURES} for row in summary.to_dict("records")
    }


def build_report(
    con: duckdb.DuckDBPyConnection,
    fiscal_year: int | None = None,
    today: dt.date | None = None,
    method: str = "mean",
    filters: Filters | None = None,
) -> dict[str, Any]:
    """The report as a JSON-ready dict (see the module docstring for its periods).

    `filters` narrows the register figures as the dashboard's filters do (the briefing passes
    the page's); its fiscal year is always `fiscal_year`. The command line passes none.

    `today` (the day statuses are judged on) defaults to the clock's date: this is the
    entry point callers use, so the clock is read here and passed down, never below.
    """
    check_method(method)
    today = today or dt.date.today()
    filters = (filters or Filters()).replace(fiscal_year=fiscal_year)
    scope_year = fiscal_year if fiscal_year is not None else fiscal_year_of(today)
    satisfaction = _satisfaction(con, filters, method, scope_year)
    kpis = evaluate_kpis(
        con, filters=filters, today=today, method=method, satisfaction=satisfaction
    )
    kpi_dicts = [_in_words(k.as_dict(), method_names=False) for k in kpis]
    period = None
    if fiscal_year is not None:
        start, end = fiscal_year_range(fiscal_year)
        period = {"start": start.isoformat(), "end": end.isoformat()}
    return json_safe(
        {
            "fiscal_year": scope_year,
            "whole_database": fiscal_year is None,
            "period": period,
            "as_of": today.isoformat(),
            "method": method,
            "register": _register(con, filters),
            "satisfaction": satisfaction,
            "egov": report_summary(con, fiscal_year=fiscal_year),
            "kpis": kpi_dicts,
            "kpi_summary": {
                status: sum(1 for k in kpi_dicts if k["status"] == status)
                for status in KPI_STATUSES
            },
            "operations": _operations(con, filters, today),
            "agency_settings": settings_for(con, fiscal_year=scope_year),
            "findings": findings_report(con, filters=filters),
            "mou_procedure": _mou_procedure(con, filters, today),
        }
    )


def json_safe(value: Any) -> Any:
    """The report with NaN turned into None and numpy scalars into Python ones (strict JSON)."""
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
