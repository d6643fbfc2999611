"""The executive briefing's content: slides of charts, tables and findings, one fiscal year.

Every figure comes from ``metrics.report.build_report`` (what ``python -m metrics report``
prints) for the same fiscal year and filters, so slides and report agree; the cumulative
month chart and the e-Gov trend use the functions the scorecard page draws them with. The
content is plain data (``Briefing``): ``briefing_pptx`` and ``briefing_pdf`` only draw it.

Findings are a list of ``Finding``; each source in ``FINDING_SOURCES`` turns the report (and
the store) into findings, so another kind (expired, missing legal basis, ...) is one more
function in that list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb

import labels
from loaders.sample import sample_loaded
from loaders.spec import PROCESSES, REGISTER, STATUSES
from metrics.approvals import BODIES
from metrics.briefing_text import say, thai_date
from metrics.egov import reference_rows
from metrics.egov_store import score_trend
from metrics.filters import DIMENSION_COLUMNS, Filters
from metrics.fiscal import fiscal_year_label
from metrics.kpis import cumulative_actual
from metrics.lifecycle import STUCK_LIMITS, VOCABULARY
from metrics.pipeline import MOU_BANDS, mark_late, open_requests
from metrics.report import build_report
from metrics.targets import cumulative_target, quarter_targets_for

LATE_AFTER_DAYS = 30  # a request waiting longer is late (the operations page's default)
REPORT_STATUSES = ("met", "not_met", "at_risk", "no_data")
PROCESS_KEYS = {number: key for key, (_, number, *_) in PROCESSES.items()}  # "6.1" → key
CUMULATIVE_KPI = "linkages_achieved"
STATUS_WORDS = {e["key"]: e["label"] for e in VOCABULARY["kpi_display_statuses"]}


@dataclass
class Chart:
    """One native chart: categories along an axis, one list of values per series."""

    key: str
    kind: str  # column | bar | stacked | line
    title: str
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    colours: list[str] = field(default_factory=list)  # one per series (or empty)


@dataclass
class Table:
    """A table of text cells; `fills` gives a status key per row (for its colour) or None."""

    columns: list[str]
    rows: list[list[str]]
    fills: list[str | None] = field(default_factory=list)


@dataclass
class Slide:
    """One slide (or one PDF page): title, charts, an optional table, short lines of text."""

    key: str
    title: str
    charts: list[Chart] = field(default_factory=list)
    table: Table | None = None
    lines: list[str] = field(default_factory=list)


@dataclass
class Finding:
    """Something an executive should follow up: what, how many, a short detail."""

    kind: str
    count: int
    detail: str


@dataclass
class Briefing:
    """The whole briefing; `footer` goes on every slide, `sample` adds the sample banner."""

    lang: str
    fiscal_year: int
    as_of: dt.date
    title: str
    subtitle: str
    footer: str
    sample: bool
    slides: list[Slide]
    findings: list[Finding]
    report: dict[str, Any]


def describe_filters(filters: Filters, lang: str) -> str:
    """The filters in force (besides the fiscal year) as one line."""
    parts = []
    if filters.quarter is not None:
        parts.append(f"Q{filters.quarter}")
    for name in DIMENSION_COLUMNS:
        value = getattr(filters, name)
        if value:
            values = (value,) if isinstance(value, str) else value
            if name == "ministry":
                parts.append(", ".join(values))
            else:
                parts.append(", ".join(REGISTER.column(name).value_label(v, lang) for v in values))
    if filters.personal_data is not None:
        parts.append(say("personal", lang, v=say("yes" if filters.personal_data else "no", lang)))
    return say("filters", lang, what=" · ".join(parts)) if parts else say("no_filters", lang)


def number(value: Any, digits: int = 2) -> str:
    """A figure as text: whole numbers without decimals, "–" for none."""
    if value is None:
        return "–"
    value = float(value)
    return f"{value:,.0f}" if value.is_integer() else f"{value:,.{digits}f}"


def kpi_value_text(kpi: dict[str, Any], key: str, lang: str) -> str:
    """A KPI's value or target as the scorecard writes it (date, percent or count)."""
    value = kpi[key]
    if value is None:
        return say("not_recorded" if key == "value" else "no_target", lang)
    if kpi["unit"] == "date":
        return thai_date(dt.date.fromisoformat(str(value)[:10]), lang)
    if kpi["unit"] == "percent":
        return f"{number(value)}%"
    return number(value)


def process_label(number_text: str, lang: str) -> str:
    """``6.2 เชื่อมโยงภายนอก`` / ``6.2 Outbound linking``: a process by its number."""
    return f"{number_text} {PROCESS_NAMES[PROCESS_KEYS[number_text]][lang == 'en']}"


PROCESS_NAMES = {  # short, as the scorecard's charts name them
    "manual_review": ("ทบทวนคู่มือ", "Manual review"),
    "outbound": ("เชื่อมโยงภายนอก", "Outbound linking"),
    "inbound": ("ขอ/แลกเปลี่ยนข้อมูล", "Inbound requests"),
    "cancellation": ("ยกเลิกการเชื่อมโยง", "Cancellation"),
}


def scorecard_slide(report: dict[str, Any], lang: str) -> Slide:
    """The KPIs of 6.1–6.4: statuses per process (chart) and every KPI (table, coloured)."""
    kpis = report["kpis"]
    numbers = sorted({k["process"] for k in kpis})
    chart = Chart(
        key="kpi_status",
        kind="stacked",
        title=say("c_kpi_status", lang),
        categories=[process_label(n, lang) for n in numbers],
        series=[
            (
                STATUS_WORDS[status][lang],
                [
                    sum(1 for k in kpis if k["process"] == n and k["status"] == status)
                    for n in numbers
                ],
            )
            for status in REPORT_STATUSES
        ],
        colours=[CHART_COLOURS[s] for s in REPORT_STATUSES],
    )
    table = Table(
        columns=[say(c, lang) for c in ("col_process", "col_kpi", "col_value", "col_target", "col_status")],
        rows=[
            [k["process"], k[f"name_{lang}"], kpi_value_text(k, "value", lang),
             kpi_value_text(k, "target", lang), STATUS_WORDS[k["status"]][lang]]
            for k in kpis
        ],
        fills=[k["status"] for k in kpis],
    )  # fmt: skip
    summary = say("kpi_summary", lang, n=len(kpis), **report["kpi_summary"])
    return Slide("scorecard", say("s_scorecard", lang), [chart], table, [summary])


CHART_COLOURS = {e["key"]: e["chart"] for e in VOCABULARY["kpi_display_statuses"]}
CELL_COLOURS = {e["key"]: tuple(e["cell"]) for e in VOCABULARY["kpi_display_statuses"]}


def satisfaction_slide(report: dict[str, Any], lang: str) -> Slide:
    """Satisfaction per process against the target in force."""
    satisfaction = report["satisfaction"]
    keys = list(satisfaction)
    labels = [process_label(PROCESSES[k][1], lang) for k in keys]
    chart = Chart(
        key="satisfaction",
        kind="column",
        title=say("c_satisfaction", lang),
        categories=labels,
        series=[
            (say("ser_score", lang), [satisfaction[k]["score"] for k in keys]),
            (say("ser_target", lang), [satisfaction[k]["target"] for k in keys]),
        ],
        colours=["#1f5aa6", "#b3261e"],
    )
    first = next(iter(satisfaction.values()), {})
    lines = [say("sat_method", lang, method=first.get(f"method_label_{lang}", ""))]
    lines += [
        say(
            "sat_line",
            lang,
            process=label,
            score=number(satisfaction[k]["score"]),
            target=number(satisfaction[k]["target"]),
            n=satisfaction[k]["responses"],
        )
        for k, label in zip(keys, labels, strict=True)
    ]
    return Slide("satisfaction", say("s_satisfaction", lang), [chart], None, lines)


def late_by_stage(
    con: duckdb.DuckDBPyConnection, filters: Filters, today: dt.date
) -> tuple[dict[str, int], int | None]:
    """Late requests per stage (waiting over ``LATE_AFTER_DAYS``) and the longest wait."""
    marked = mark_late(
        open_requests(con, filters=filters, today=today), late_after_days=LATE_AFTER_DAYS
    )
    late = marked[marked["late"]]
    counts = {stage: int((late["status"] == stage).sum()) for stage in STATUSES}
    longest = None if late.empty else int(late["days_waiting"].max())
    return counts, longest


def pipeline_slide(report: dict[str, Any], late: dict[str, int], lang: str) -> Slide:
    """Linkages per lifecycle stage, with the stuck and the late among them."""
    by_status = report["register"]["by_status"]
    stuck = report["operations"]["stuck_linkages"]
    stages = list(STATUSES)
    chart = Chart(
        key="pipeline",
        kind="column",
        title=say("c_pipeline", lang),
        categories=[REGISTER.column("status").value_label(s, lang) for s in stages],
        series=[
            (say("ser_linkages", lang), [by_status[s] for s in stages]),
            (say("ser_stuck", lang), [stuck.get(s, 0) for s in stages]),
            (say("ser_late", lang, days=LATE_AFTER_DAYS), [late[s] for s in stages]),
        ],
        colours=["#4c78a8", "#f0ad4e", "#d1495b"],
    )
    line = say(
        "pipe_line", lang, stuck=stuck["total"], late=sum(late.values()), days=LATE_AFTER_DAYS
    )
    return Slide("pipeline", say("s_pipeline", lang), [chart], None, [line])


def progress_slide(
    con: duckdb.DuckDBPyConnection, report: dict[str, Any], filters: Filters, lang: str
) -> Slide:
    """The 6.2 counts against the year targets, and linked-so-far against the cumulative plan."""
    counts = [k for k in report["kpis"] if k["process"] == "6.2" and k["unit"] == "count"]
    fy, today = report["fiscal_year"], dt.date.fromisoformat(report["as_of"])
    bars = Chart(
        key="counts",
        kind="bar",
        title=say("c_counts", lang),
        categories=[say(f"short_{k['id']}", lang) for k in counts],
        series=[
            (say("ser_achieved", lang), [k["value"] for k in counts]),
            (say("ser_target", lang), [k["target"] for k in counts]),
        ],
        colours=["#1f5aa6", "#b3261e"],
    )
    actual = cumulative_actual(con, CUMULATIVE_KPI, filters=filters, fiscal_year=fy, today=today)
    year_target = next(k["target"] for k in counts if k["id"] == CUMULATIVE_KPI)
    plan = cumulative_target(
        fy,
        annual=year_target,
        quarters=quarter_targets_for(con, fiscal_year=fy).get(CUMULATIVE_KPI),
    )
    line = Chart(
        key="cumulative",
        kind="line",
        title=say("c_cumulative", lang),
        categories=[f"{thai_date(d, lang).split(' ', 1)[1]}" for d in actual["month_end"]],
        series=[
            (say("ser_cumulative", lang), [_or_none(v) for v in actual["cumulative"]]),
            (say("ser_plan", lang), [_or_none(v) for v in plan["target"]]),
        ],
        colours=["#1f5aa6", "#b3261e"],
    )
    lines = [] if year_target is not None else [say("no_plan", lang)]
    return Slide("progress", say("s_progress", lang), [bars, line], None, lines)


def _or_none(value: Any) -> float | None:
    """A number, or None for a missing one (NaN, None)."""
    if value is None or value != value:
        return None
    return float(value)


def egov_slide(con: duckdb.DuckDBPyConnection, report: dict[str, Any], lang: str) -> Slide:
    """The e-Gov score by fiscal year and by stage, against the UN 2012 and KU-INOVA 2013 rows."""
    references = reference_rows()
    trend = score_trend(con)
    years = [int(y) for y in trend["fiscal_year"]]
    series = [(say("ser_ours", lang), [_or_none(v) for v in trend["score"]])]
    series += [(r["source"][lang], [float(r["score"])] * len(years)) for r in references]
    trend_chart = Chart(
        key="egov_trend",
        kind="line",
        title=say("c_egov_trend", lang),
        categories=[fiscal_year_label(y, lang) for y in years],
        series=series,
        colours=["#1f5aa6", "#888888", "#b9770e"],
    )
    egov = report["egov"]
    stage_keys = list(egov["stages"] or {"I": None, "II": None, "III": None, "IV": None})
    stages = Chart(
        key="egov_stages",
        kind="column",
        title=say("c_egov_stages", lang),
        categories=stage_keys,
        series=[(say("ser_ours", lang), [(egov["stages"] or {}).get(k) for k in stage_keys])]
        + [(r["source"][lang], [float(r["stages"][k]) for k in stage_keys]) for r in references],
        colours=["#1f5aa6", "#888888", "#b9770e"],
    )
    fy = fiscal_year_label(report["fiscal_year"], lang)
    score = egov["score"]
    line = (
        say("egov_line", lang, fy=fy, score=number(score))
        if score is not None
        else say("egov_none", lang)
    )
    charts = [trend_chart, stages] if years else [stages]  # no dated assessment: no trend
    return Slide("egov", say("s_egov", lang), charts, None, [line])


@dataclass
class FindingContext:
    """What a finding source may look at: the report, the store, the filters, the language."""

    report: dict[str, Any]
    con: duckdb.DuckDBPyConnection
    filters: Filters
    today: dt.date
    lang: str
    late: dict[str, int]
    longest_late: int | None


def late_findings(ctx: FindingContext) -> list[Finding]:
    """Requests waiting for an answer longer than ``LATE_AFTER_DAYS``."""
    total = sum(ctx.late.values())
    if not total:
        return []
    detail = say("f_late_detail", ctx.lang, days=LATE_AFTER_DAYS, max=ctx.longest_late)
    return [Finding(say("f_late", ctx.lang), total, detail)]


def stuck_findings(ctx: FindingContext) -> list[Finding]:
    """Work stuck in a stage past its limit (the report's stuck linkages)."""
    stuck = ctx.report["operations"]["stuck_linkages"]
    if not stuck["total"]:
        return []
    label = REGISTER.column("status").value_label
    stages = ", ".join(f"{label(s, ctx.lang)} {stuck[s]}" for s in STUCK_LIMITS if stuck.get(s))
    return [
        Finding(
            say("f_stuck", ctx.lang), stuck["total"], say("f_stuck_detail", ctx.lang, stages=stages)
        )
    ]


def pending_findings(ctx: FindingContext) -> list[Finding]:
    """Requests waiting for an approving body (metrics/approvals.json), one finding per body."""
    return [
        Finding(
            say("f_pending", ctx.lang),
            count,
            say("f_pending_detail", ctx.lang, who=BODIES[who][ctx.lang]),
        )
        for who, count in ctx.report["operations"]["pending_approvals"].items()
        if count
    ]


def mou_findings(ctx: FindingContext) -> list[Finding]:
    """Agreements that have expired while their linkage is still open, or expire within 90 days."""
    mou = ctx.report["operations"]["mou"]
    found = []
    for kind, key in (("f_expired", MOU_BANDS[0]), ("f_expiring", "expiring_within_90")):
        if mou.get(key):
            found.append(Finding(say(kind, ctx.lang), mou[key], say(f"{kind}_detail", ctx.lang)))
    return found


def lapsed_findings(ctx: FindingContext) -> list[Finding]:
    """Linkages still live after their agreement's end date (process 6.4: they must exit)."""
    count = ctx.report["operations"].get("expired_but_live", 0)
    if not count:
        return []
    return [Finding(say("f_lapsed", ctx.lang), count, say("f_lapsed_detail", ctx.lang))]


def data_quality_findings(ctx: FindingContext) -> list[Finding]:
    """Rows accepted at import that someone must fix (metrics/findings.py): personal data
    without a legal basis, consent without its document, a signed MOU without an end date."""
    return [
        Finding(
            labels.label(f"finding_{key}", ctx.lang),
            found["linkages"],
            labels.label(f"finding_rule_{key}", ctx.lang),
        )
        for key, found in ctx.report.get("findings", {}).items()
        if found["linkages"]
    ]


# Each source turns the context into findings; add one to plug a new kind in.
FINDING_SOURCES: list[Callable[[FindingContext], list[Finding]]] = [
    late_findings,
    stuck_findings,
    pending_findings,
    lapsed_findings,
    mou_findings,
    data_quality_findings,
]


def findings_slide(findings: list[Finding], lang: str) -> Slide:
    """The findings as a table (or a line saying there are none)."""
    if not findings:
        return Slide("findings", say("s_findings", lang), lines=[say("no_findings", lang)])
    table = Table(
        columns=[say(c, lang) for c in ("col_finding", "col_count", "col_detail")],
        rows=[[f.kind, number(f.count), f.detail] for f in findings],
    )
    return Slide("findings", say("s_findings", lang), table=table)


def build_briefing(
    con: duckdb.DuckDBPyConnection,
    *,
    fiscal_year: int,
    filters: Filters | None = None,
    today: dt.date | None = None,
    method: str = "mean",
    lang: str = "th",
) -> Briefing:
    """The briefing for one fiscal year and the filters in force (see the module docstring)."""
    today = today or dt.date.today()
    filters = (filters or Filters()).replace(fiscal_year=fiscal_year, quarter=None)
    report = build_report(con, fiscal_year=fiscal_year, today=today, method=method, filters=filters)
    late, longest = late_by_stage(con, filters, today)
    ctx = FindingContext(report, con, filters, today, lang, late, longest)
    findings = [finding for source in FINDING_SOURCES for finding in source(ctx)]
    fy = fiscal_year_label(fiscal_year, lang)
    date = thai_date(today, lang)
    slides = [
        scorecard_slide(report, lang),
        satisfaction_slide(report, lang),
        pipeline_slide(report, late, lang),
        progress_slide(con, report, filters, lang),
        egov_slide(con, report, lang),
        findings_slide(findings, lang),
    ]
    return Briefing(
        lang=lang,
        fiscal_year=fiscal_year,
        as_of=today,
        title=say("title", lang),
        subtitle=say("subtitle", lang, fy=fy, date=date),
        footer=say("footer", lang, date=date, fy=fy, filters=describe_filters(filters, lang)),
        sample=sample_loaded(con),
        slides=slides,
        findings=findings,
        report=report,
    )
