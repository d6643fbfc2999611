"""Compute every KPI of ``metrics.kpi_registry``: value, target, status and the rows behind it.

Status rules (``status`` is as of the caller's `today`; ``final`` says it can no longer change):

- ``met``: the target is reached (a milestone dated by its deadline, a count at or above its
  target, a rate or score at or above its percent);
- ``at_risk``: not reached yet and the deadline is ``at_risk_days`` or fewer days away;
- ``not_met``: not reached and the deadline has passed, or is further away (then
  ``final`` is false and ``reason`` is ``not_due_yet``), or a rate/score is below target;
- ``no_data``: nothing to judge — no linkage in the rate's population, no survey response,
  or a "per action plan" count without a target (``reason`` says which).

Periods: with ``filters.fiscal_year`` set every KPI is judged for that year. Without it,
the dated ones (6.1 milestones, 6.2 counts "per action plan") are judged for the fiscal
year of `today`, and the rates and satisfaction scores cover the whole database. Targets
come from the judged fiscal year's stored targets (``metrics.targets``), else the manual's.

At a glance: display statuses refine these for a reader who only glances — a ``not_met``
that is not final because its deadline is still far off is ``pending``, and a ``no_data``
whose only lack is a target is ``no_target`` (the value is known, the plan is not). A 6.2
count's progress is also shown month by month and quarter by quarter against its plan
(``cumulative_actual``, ``count_progress``, ``quarter_progress``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import duckdb
import pandas as pd

import labels
from metrics.agency_settings import settings_for
from metrics.filters import (
    NO_FILTERS,
    Filters,
    linkage_where,
    period_where,
)
from metrics.fiscal import (
    QUARTERS,
    as_date,
    deadline_in_fiscal_year,
    fiscal_year,
    fiscal_year_range,
    fiscal_year_sql,
    quarter_range,
)
from metrics.kpi_registry import (
    CANCEL_DATE,
    KPI_BY_ID,
    KPIS,
    PER_LINKAGE_REPORT,
    REF_DATE,
    KpiDefinition,
    RegisterCount,
    RegisterRate,
    get_kpi,
)
from metrics.lifecycle import KPI_DISPLAY_STATUSES
from metrics.numbers import exact, round_half_up
from metrics.satisfaction import (
    resolve_targets,
    satisfaction_summary,
    survey_rows,
)
from metrics.targets import band_level, fiscal_months, planned_by, targets_for

# The register KPIs' predicates and dates live on their definitions (metrics.kpi_registry).
REGISTER_COUNTS: dict[str, RegisterCount] = {
    kpi.id: kpi.register for kpi in KPIS if isinstance(kpi.register, RegisterCount)
}
REGISTER_RATES: dict[str, RegisterRate] = {
    kpi.id: kpi.register for kpi in KPIS if isinstance(kpi.register, RegisterRate)
}
COUNT_DIRECTION = "outbound"  # 6.2 is about linking with an external agency
DRILL_COLUMNS = (
    "linkage_id, partner_name, dataset, direction, status, requested_on, responded_on, "
    "linked_on, in_use_on, cancelled_on, cancel_reason, owner_notified_on, mou_expires_on, "
    "cancellation_reported_on"
)
# What shows an ended linkage reported (KPI 6.4): each row's own date, or the milestones;
# named by the label catalog (kpi_report_source_<key>).
REPORT_SOURCES = ("register_column", "milestone")


@dataclass(frozen=True)
class AsOf:
    """What judging a register rate depends on beyond its filters.

    `today` ends a live linkage whose agreement lapsed before it; `report_source` and
    `report_days` say how an ended linkage counts as reported (see ``report_source``).
    """

    today: dt.date
    report_source: str = "milestone"
    report_days: int | None = None


@dataclass
class KpiResult:
    """One KPI judged: its definition, value, target, status and what lies behind them."""

    definition: KpiDefinition
    value: Any
    target: Any
    status: str
    fiscal_year: int | None  # the fiscal year judged; None = the whole database
    due_on: dt.date | None = None
    days_left: int | None = None
    final: bool = True
    reason: str | None = None
    rate: float | None = None
    numerator: int | None = None
    denominator: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    rows: pd.DataFrame | None = None

    @property
    def id(self) -> str:
        """The KPI's id."""
        return self.definition.id

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready figures (no drill-down rows), TEMPLATES.md §5 keys first."""
        d = self.definition
        return {
            "id": d.id,
            "process": d.process,
            "kind": d.kind,
            "name": labels.label(f"kpi_{d.id}_name", "en"),
            "value": _json_value(self.value),
            "target": _json_value(_plain_number(self.target)),
            "status": self.status,
            "unit": d.unit,
            "name_th": labels.label(f"kpi_{d.id}_name", "th"),
            "name_en": labels.label(f"kpi_{d.id}_name", "en"),
            "target_text_th": labels.label(f"kpi_{d.id}_target", "th"),
            "target_text_en": labels.label(f"kpi_{d.id}_target", "en"),
            "explanation_th": labels.label(f"kpi_{d.id}_explanation", "th"),
            "explanation_en": labels.label(f"kpi_{d.id}_explanation", "en"),
            "responsible_th": _responsible(d.responsible, "th"),
            "responsible_en": _responsible(d.responsible, "en"),
            "fiscal_year": self.fiscal_year,
            "due_on": _json_value(self.due_on),
            "days_left": self.days_left,
            "final": self.final,
            "reason": self.reason,
            "rate": self.rate,
            "numerator": self.numerator,
            "denominator": self.denominator,
            **{k: _json_value(v) for k, v in self.detail.items()},
        }


def _json_value(value: Any) -> Any:
    """Dates as ISO text, everything else as is."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def percent(numerator: int, denominator: int) -> float | None:
    """numerator ÷ denominator × 100 rounded half-up to 2 places (None when nothing to divide)."""
    if not denominator:
        return None
    return round_half_up(Fraction(int(numerator) * 100, int(denominator)))


def judge_by_deadline(
    reached: bool, *, due_on: dt.date, today: dt.date, at_risk_days: int | None
) -> tuple[str, bool, str | None]:
    """(status, final, reason) of a target with a deadline, as of `today`."""
    if reached:
        return "met", True, None
    if today > due_on:
        return "not_met", True, None
    if at_risk_days is not None and (due_on - today).days <= at_risk_days:
        return "at_risk", False, None
    return "not_met", False, "not_due_yet"


def _scope_year(filters: Filters, today: dt.date) -> int:
    """The fiscal year dated KPIs are judged for: the chosen one, else today's."""
    return filters.fiscal_year if filters.fiscal_year is not None else fiscal_year(today)


# ---------------------------------------------------------------- milestones (6.1)


def milestone_evidence(
    con: duckdb.DuckDBPyConnection, *, fiscal_year: int, filters: Filters = NO_FILTERS
) -> dict[str, list[dict[str, Any]]]:
    """What shows each 6.1 step done in a fiscal year: recorded milestones, register uploads."""
    start, end = fiscal_year_range(fiscal_year)
    cur = con.cursor()
    evidence: dict[str, list[dict[str, Any]]] = {}
    for milestone_id, done_on, note in cur.execute(
        "SELECT milestone_id, done_on, note FROM milestones "
        "WHERE fiscal_year = ? AND linkage_id IS NULL",
        [fiscal_year],
    ).fetchall():
        evidence.setdefault(milestone_id, []).append(
            {"source": "milestone", "date": done_on, "upload_id": None, "note": note}
        )
    sample = "" if filters.include_sample else " AND NOT coalesce(is_sample, false)"
    for day, upload_id, name in cur.execute(
        "SELECT CAST(uploaded_at AS DATE), upload_id, file_name FROM uploads "
        f"WHERE kind = 'register' AND CAST(uploaded_at AS DATE) BETWEEN ? AND ?{sample} "
        "ORDER BY uploaded_at",
        [start, end],
    ).fetchall():
        evidence.setdefault("register_updated", []).append(
            {"source": "upload", "date": day, "upload_id": upload_id, "note": name}
        )
    return evidence


def _milestone(
    kpi: KpiDefinition,
    *,
    fiscal_year: int,
    evidence: list[dict[str, Any]],
    today: dt.date,
    with_rows: bool,
) -> KpiResult:
    """A dated 6.1 step: met when recorded (or, for the register, uploaded) by its deadline."""
    fy = fiscal_year
    due_on = deadline_in_fiscal_year(fy, kpi.deadline_month or 9)
    in_time = [e["date"] for e in evidence if e["date"] <= due_on]
    dates = in_time or [e["date"] for e in evidence]
    value = max(dates) if dates else None
    status, final, reason = judge_by_deadline(
        bool(in_time), due_on=due_on, today=today, at_risk_days=kpi.at_risk_days
    )
    if not evidence and reason is None and status == "not_met":
        reason = "not_recorded"
    rows = None
    if with_rows:
        rows = pd.DataFrame(evidence, columns=["source", "date", "upload_id", "note"])
    return KpiResult(
        kpi,
        value=value,
        target=due_on,
        status=status,
        fiscal_year=fy,
        due_on=due_on,
        days_left=(due_on - today).days,
        final=final,
        reason=reason,
        detail={"late": bool(evidence) and not in_time},
        rows=rows,
    )


# ---------------------------------------------------------------- register figures (6.2–6.4)


def _count_where(spec: RegisterCount, scoped: Filters) -> tuple[str, list[Any]]:
    """Condition (and parameters) of the linkages a 6.2 count counts."""
    period, params = period_where(scoped, spec.date)
    return f"direction = ? AND {spec.counted} AND {period}", [COUNT_DIRECTION, *params]


def report_source(con: duckdb.DuckDBPyConnection, filters: Filters = NO_FILTERS) -> str:
    """``register_column`` when any stored linkage (of the origin shown) has a
    cancellation_reported_on date, else ``milestone``: a register without the column is
    judged as before, on the milestones."""
    sample = "" if filters.include_sample else " AND NOT coalesce(is_sample, false)"
    found = (
        con.cursor()
        .execute(
            f"SELECT count(*) FROM linkages WHERE cancellation_reported_on IS NOT NULL{sample}"
        )
        .fetchone()[0]
    )
    return "register_column" if found else "milestone"


def _as_of(
    con: duckdb.DuckDBPyConnection, *, filters: Filters, fiscal_year: int, today: dt.date
) -> AsOf:
    """The day judged, and how 6.4's "reported" is judged for that fiscal year."""
    source = report_source(con, filters)
    days = None
    if source == "register_column":
        days = settings_for(con, fiscal_year=fiscal_year)["cancellation_report_days"]
    return AsOf(today=today, report_source=source, report_days=days)


def _reported_condition(con: duckdb.DuckDBPyConnection) -> tuple[str, list[Any]]:
    """A cancellation is reported by its own milestone, or its fiscal year's dated on or after it.

    The fiscal years' report dates are few: they go in as parameters of a CASE, so the
    condition needs no correlated subquery.
    """
    year_reports = (
        con.cursor()
        .execute(
            "SELECT fiscal_year, max(done_on) FROM milestones "
            "WHERE milestone_id = 'cancellation_reported' AND linkage_id IS NULL "
            "GROUP BY fiscal_year ORDER BY fiscal_year"
        )
        .fetchall()
    )
    if not year_reports:
        return f"({PER_LINKAGE_REPORT})", []
    whens = " ".join("WHEN ? THEN ?" for _ in year_reports)
    report_date = f"CASE {fiscal_year_sql(CANCEL_DATE)} {whens} END"
    params = [value for year_report in year_reports for value in year_report]
    return f"({PER_LINKAGE_REPORT} OR {CANCEL_DATE} <= {report_date})", params


def _counted(con: duckdb.DuckDBPyConnection, kpi_id: str, as_of: AsOf) -> tuple[str, list[Any]]:
    """The condition (and parameters) a rate counts.

    6.4 "reported": with report dates in the register, reported within the agency's days
    of the end; without them, covered by a milestone (as before contract v2).
    """
    if kpi_id != "cancellation_reported":
        return REGISTER_RATES[kpi_id].counted, []
    if as_of.report_source == "register_column":
        return (
            "(cancellation_reported_on IS NOT NULL AND "
            f"date_diff('day', {CANCEL_DATE}, cancellation_reported_on) <= ?)",
            [int(as_of.report_days or 0)],
        )
    return _reported_condition(con)


def _rate_where(spec: RegisterRate, filters: Filters, as_of: AsOf) -> tuple[str, list[Any]]:
    """Condition (and parameters) of a rate's population (each `?` in it is the day judged)."""
    period, params = period_where(filters, spec.date)
    where = f"{spec.population} AND {period}"
    params = [*([as_of.today] * spec.population.count("?")), *params]
    if spec.direction is not None:
        return f"direction = ? AND {where}", [spec.direction, *params]
    return where, params


def register_figures(
    con: duckdb.DuckDBPyConnection,
    kpis: Iterable[KpiDefinition],
    *,
    filters: Filters,
    count_year: int,
    as_of: AsOf,
) -> dict[str, dict[str, int | None]]:
    """Value / numerator / denominator of every register KPI given, in one pass over linkages.

    6.2 counts are taken in `count_year`; rates in the filters' period (all time if none),
    as of `as_of` (see ``AsOf``).
    """
    scoped = filters.replace(fiscal_year=count_year)
    aggregates: list[tuple[str, str, str, list[Any]]] = []  # (kpi, figure, sql, params)
    for kpi in kpis:
        if kpi.id in REGISTER_COUNTS:
            spec = REGISTER_COUNTS[kpi.id]
            where, params = _count_where(spec, scoped)
            measure = f"count(DISTINCT {spec.distinct})" if spec.distinct else "count(*)"
            aggregates.append((kpi.id, "value", f"{measure} FILTER (WHERE {where})", params))
            if spec.rate is not None:
                reached, out_of = spec.rate
                period, period_params = period_where(scoped, REF_DATE)
                cohort = f"direction = ? AND {period} AND {out_of}"
                cohort_params = [COUNT_DIRECTION, *period_params]
                aggregates.append(
                    (kpi.id, "numerator", f"count(*) FILTER (WHERE {cohort} AND {reached})",
                     cohort_params)
                )  # fmt: skip
                aggregates.append(
                    (kpi.id, "denominator", f"count(*) FILTER (WHERE {cohort})", cohort_params)
                )
        elif kpi.id in REGISTER_RATES:
            spec = REGISTER_RATES[kpi.id]
            where, params = _rate_where(spec, filters, as_of)
            counted, counted_params = _counted(con, kpi.id, as_of)
            aggregates.append(
                (kpi.id, "numerator", f"count(*) FILTER (WHERE {where} AND {counted})",
                 [*params, *counted_params])
            )  # fmt: skip
            aggregates.append((kpi.id, "denominator", f"count(*) FILTER (WHERE {where})", params))
    figures: dict[str, dict[str, int | None]] = {}
    if not aggregates:
        return figures
    attributes, attribute_params = linkage_where(filters.replace(fiscal_year=None, quarter=None))
    select = ",\n".join(sql for _, _, sql, _ in aggregates)
    params = [p for *_, agg_params in aggregates for p in agg_params]
    row = (
        con.cursor()
        .execute(f"SELECT {select} FROM linkages WHERE {attributes}", [*params, *attribute_params])
        .fetchone()
    )
    for (kpi_id, figure, _, _), value in zip(aggregates, row, strict=True):
        figures.setdefault(kpi_id, {})[figure] = int(value)
    return figures


def _register_rows(
    con: duckdb.DuckDBPyConnection,
    kpi: KpiDefinition,
    *,
    filters: Filters,
    count_year: int,
    as_of: AsOf,
) -> pd.DataFrame:
    """The linkages behind a register KPI (rates: the population, with a `counted` flag)."""
    attributes, attribute_params = linkage_where(filters.replace(fiscal_year=None, quarter=None))
    if kpi.id in REGISTER_COUNTS:
        where, params = _count_where(
            REGISTER_COUNTS[kpi.id], filters.replace(fiscal_year=count_year)
        )
        select, order = DRILL_COLUMNS, "linkage_id"
    else:
        where, params = _rate_where(REGISTER_RATES[kpi.id], filters, as_of)
        counted, counted_params = _counted(con, kpi.id, as_of)
        select, order = f"{DRILL_COLUMNS}, {counted} AS counted", "counted, linkage_id"
        params = [*counted_params, *params]  # the SELECT's parameters come first
    return (
        con.cursor()
        .execute(
            f"SELECT {select} FROM linkages WHERE {where} AND {attributes} ORDER BY {order}",
            [*params, *attribute_params],
        )
        .df()
    )


def _register_count(
    kpi: KpiDefinition,
    *,
    figures: dict[str, int | None],
    fiscal_year: int,
    today: dt.date,
    targets: Mapping[str, float],
    rows: pd.DataFrame | None,
) -> KpiResult:
    """A 6.2 count of the judged fiscal year against its action-plan target, with its rate."""
    value = int(figures["value"] or 0)
    numerator, denominator = figures.get("numerator"), figures.get("denominator")
    rate = percent(numerator, denominator) if denominator is not None else None
    target = targets.get(kpi.id, kpi.target)
    due_on = deadline_in_fiscal_year(fiscal_year, kpi.deadline_month or 9)
    if target is None:
        status, final, reason = "no_data", False, "no_target"
    else:
        status, final, reason = judge_by_deadline(
            value >= target, due_on=due_on, today=today, at_risk_days=kpi.at_risk_days
        )
    return KpiResult(
        kpi,
        value=value,
        target=_plain_number(target),
        status=status,
        fiscal_year=fiscal_year,
        due_on=due_on,
        days_left=(due_on - today).days,
        final=final,
        reason=reason,
        rate=rate,
        numerator=numerator,
        denominator=denominator,
        rows=rows,
    )


def _register_rate(
    kpi: KpiDefinition,
    *,
    figures: dict[str, int | None],
    filters: Filters,
    targets: Mapping[str, float],
    rows: pd.DataFrame | None,
) -> KpiResult:
    """A percentage of a population of linkages against its percent target ("on each …")."""
    numerator, denominator = int(figures["numerator"] or 0), int(figures["denominator"] or 0)
    rate = percent(numerator, denominator)
    target = targets.get(kpi.id, kpi.target)
    if rate is None:
        status, reason = "no_data", "no_linkages"
    elif target is None:
        status, reason = "no_data", "no_target"
    else:  # judged on the exact share; the rounded one is shown (79.995 is not met)
        reached = Fraction(numerator * 100, denominator) >= exact(target)
        status, reason = ("met" if reached else "not_met"), None
    return KpiResult(
        kpi,
        value=rate,
        target=_plain_number(target),
        status=status,
        fiscal_year=filters.fiscal_year,
        reason=reason,
        rate=rate,
        numerator=numerator,
        denominator=denominator,
        rows=rows,
    )


# ---------------------------------------------------------------- satisfaction


def _satisfaction(
    con: duckdb.DuckDBPyConnection,
    kpi: KpiDefinition,
    *,
    filters: Filters,
    summary: Mapping[str, Mapping[str, Any]],
    with_rows: bool,
) -> KpiResult:
    """A survey score against its percent target; no responses → no_data."""
    figure = summary[kpi.survey_process or ""]
    if figure["score"] is None:
        status, reason = "no_data", "no_responses"
    elif figure["target"] is None:
        status, reason = "no_data", "no_target"
    else:
        status, reason = ("met" if figure["met"] else "not_met"), None
    rows = None
    if with_rows:
        rows = survey_rows(con, filters=filters, process=kpi.survey_process or "")
    return KpiResult(
        kpi,
        value=figure["score"],
        target=figure["target"],
        status=status,
        fiscal_year=filters.fiscal_year,
        reason=reason,
        detail={
            "responses": figure["responses"],
            "method": figure["method"],
            "margin_of_error": figure["margin_of_error"],
            "low_sample": figure["low_sample"],
        },
        rows=rows,
    )


# ---------------------------------------------------------------- public API


def _register_kpi(
    con: duckdb.DuckDBPyConnection,
    kpi: KpiDefinition,
    *,
    figures: dict[str, int | None],
    filters: Filters,
    fiscal_year: int,
    as_of: AsOf,
    targets: Mapping[str, float],
    with_rows: bool,
) -> KpiResult:
    """Judge a count or rate KPI of the register (with its rows when asked)."""
    rows = None
    if with_rows:
        rows = _register_rows(con, kpi, filters=filters, count_year=fiscal_year, as_of=as_of)
    if kpi.measure == "register_count":
        return _register_count(
            kpi,
            figures=figures,
            fiscal_year=fiscal_year,
            today=as_of.today,
            targets=targets,
            rows=rows,
        )
    result = _register_rate(kpi, figures=figures, filters=filters, targets=targets, rows=rows)
    if kpi.id == "cancellation_reported":  # which evidence was used, and the agency's days
        result.detail["report_source"] = as_of.report_source
        result.detail["report_within_days"] = as_of.report_days
    return result


def evaluate_kpis(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    today: dt.date,
    method: str = "mean",
    with_rows: bool = False,
    kpi_ids: Iterable[str] | None = None,
    satisfaction: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[KpiResult]:
    """Judge every KPI (or those named), in registry order.

    `with_rows` adds each KPI's drill-down rows; `satisfaction` reuses an already computed
    ``satisfaction_summary`` (same filters and method) instead of querying again.
    """
    wanted = [get_kpi(k) for k in kpi_ids] if kpi_ids is not None else list(KPIS)
    scope = _scope_year(filters, today)
    targets = targets_for(con, fiscal_year=scope)
    as_of = _as_of(con, filters=filters, fiscal_year=scope, today=today)
    figures = register_figures(con, wanted, filters=filters, count_year=scope, as_of=as_of)
    evidence = {}
    if any(k.measure == "milestone" for k in wanted):
        evidence = milestone_evidence(con, fiscal_year=scope, filters=filters)
    if satisfaction is None and any(k.measure == "satisfaction" for k in wanted):
        satisfaction = satisfaction_summary(
            con,
            filters=filters,
            method=method,
            targets=resolve_targets(con, fiscal_year=scope),
        )
    results = []
    for kpi in wanted:
        if kpi.measure == "milestone":
            result = _milestone(
                kpi,
                fiscal_year=scope,
                evidence=evidence.get(kpi.id, []),
                today=today,
                with_rows=with_rows,
            )
        elif kpi.measure in ("register_count", "register_rate"):
            result = _register_kpi(
                con,
                kpi,
                figures=figures[kpi.id],
                filters=filters,
                fiscal_year=scope,
                as_of=as_of,
                targets=targets,
                with_rows=with_rows,
            )
        else:
            result = _satisfaction(
                con, kpi, filters=filters, summary=satisfaction or {}, with_rows=with_rows
            )
        results.append(result)
    return results


def evaluate_kpi(
    con: duckdb.DuckDBPyConnection,
    kpi_id: str,
    *,
    filters: Filters = NO_FILTERS,
    today: dt.date,
    method: str = "mean",
    with_rows: bool = True,
) -> KpiResult:
    """Judge one KPI, with its drill-down rows by default."""
    return evaluate_kpis(
        con, filters=filters, today=today, method=method, with_rows=with_rows, kpi_ids=[kpi_id]
    )[0]


def kpi_table(results: Iterable[KpiResult], lang: str = "th") -> pd.DataFrame:
    """The judged KPIs as one table for display: process, kind, name, value, target, status."""
    rows = []
    for result in results:
        d = result.as_dict()
        rows.append(
            {
                "id": d["id"],
                "process": d["process"],
                "kind": d["kind"],
                "name": d["name_th"] if lang == "th" else d["name_en"],
                "value": d["value"],
                "target": d["target"],
                "target_text": d["target_text_th"] if lang == "th" else d["target_text_en"],
                "unit": d["unit"],
                "status": d["status"],
                "final": d["final"],
                "reason": d["reason"],
                "rate": d["rate"],
                "explanation": d["explanation_th"] if lang == "th" else d["explanation_en"],
            }
        )
    return pd.DataFrame(rows)


def _responsible(unit: str | None, lang: str) -> str | None:
    """Who answers for a KPI, in words (kpi_responsible_<unit>), or None if nobody is named."""
    return labels.label(f"kpi_responsible_{unit}", lang) if unit else None


def _plain_number(value: Any) -> Any:
    """A whole float as an int (targets are stored as DOUBLE), anything else unchanged."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# ---------------------------------------------------------------- the rows a 6.2 count counted


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


# ---------------------------------------------------------------- at a glance: display statuses; a count's progress by month and quarter


# Display statuses, most urgent first (the order legends and counts use), with their words.
DISPLAY_STATUSES: dict[str, dict[str, str]] = KPI_DISPLAY_STATUSES


# Why a KPI has no verdict yet; the UI says each one by the label kpi_reason_<reason>.
REASONS = ("not_due_yet", "not_recorded", "no_target", "no_linkages", "no_responses")


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


__all__ = [
    "DISPLAY_STATUSES",
    "KPIS",
    "KPI_BY_ID",
    "KpiResult",
    "REASONS",
    "REPORT_SOURCES",
    "AsOf",
    "report_source",
    "achieved_rows",
    "count_progress",
    "cumulative_actual",
    "display_status",
    "evaluate_kpi",
    "evaluate_kpis",
    "judge_by_deadline",
    "kpi_table",
    "milestone_evidence",
    "percent",
    "quarter_progress",
    "register_figures",
    "status_counts",
]
