"""Figures across agencies (roll-up mode): one row per agency from its own report, ranked.

Each agency's figures are ``build_report`` on that agency's views alone (loaders.rollup), so
they are exactly the figures its own dashboard gives; this module only picks and ranks them.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import duckdb
import pandas as pd

from metrics.report import build_report
from metrics.report_cli import _json_default

# What agencies are ranked on, and how: (column, worst first?) — the first rows need attention.
MEASURES: dict[str, tuple[str, bool]] = {
    "kpi_status": ("kpi_behind", False),
    "satisfaction": ("satisfaction_gap", True),
    "pipeline": ("stuck", False),
    "egov": ("egov_score", True),
}
COLUMNS = (
    "agency", "agency_name", "data_as_of", "linkages", "kpi_met", "kpi_not_met", "kpi_at_risk",
    "kpi_no_data", "kpi_behind", "satisfaction_below_target", "satisfaction_gap",
    "open_requests", "stuck", "egov_score", "egov_status",
)  # fmt: skip


def snapshot_figures(con: duckdb.DuckDBPyConnection, today: dt.date | None = None) -> dict:
    """An agency's report as JSON data (dates as ISO text): what a snapshot keeps as its
    figures (loaders.snapshot.FIGURES) and what the ranking reads."""
    report = build_report(con, today=today)
    return json.loads(json.dumps(report, ensure_ascii=False, default=_json_default))


def agency_reports(
    connections: dict[str, duckdb.DuckDBPyConnection],
    *,
    today: dt.date | None = None,
) -> dict[str, dict[str, Any]]:
    """Each agency's whole report (``python -m metrics report``) from its own views, as JSON
    data — for the snapshots written without their figures."""
    return {code: snapshot_figures(con, today) for code, con in connections.items()}


def _satisfaction(report: dict[str, Any]) -> tuple[int, float | None]:
    """Processes scored below their target, and the worst gap (score − target, points)."""
    below, gaps = 0, []
    for figure in report["satisfaction"].values():
        if figure.get("score") is None or figure.get("target") is None:
            continue
        gaps.append(round(figure["score"] - figure["target"], 2))
        below += figure["score"] < figure["target"]
    return below, (min(gaps) if gaps else None)


def agency_row(code: str, name: str, as_of: dt.datetime, report: dict[str, Any]) -> dict:
    """One agency's row: KPI status, satisfaction against target, pipeline, e-Gov score."""
    kpis = report["kpi_summary"]
    below, gap = _satisfaction(report)
    operations = report["operations"]
    return {
        "agency": code,
        "agency_name": name,
        "data_as_of": as_of,
        "linkages": report["register"]["linkages"],
        "kpi_met": kpis["met"],
        "kpi_not_met": kpis["not_met"],
        "kpi_at_risk": kpis["at_risk"],
        "kpi_no_data": kpis["no_data"],
        "kpi_behind": kpis["not_met"] + kpis["at_risk"],
        "satisfaction_below_target": below,
        "satisfaction_gap": gap,
        "open_requests": operations["open_requests"]["open_requests"],
        "stuck": operations["stuck_linkages"]["total"],
        "egov_score": report["egov"]["score"],
        "egov_status": report["egov"]["status"],
    }


_KPI_FIELDS = ("process", "name_th", "name_en", "status", "value", "target")
_COUNTS = ("linkages", "kpi_met", "kpi_not_met", "kpi_at_risk", "kpi_no_data", "open_requests",
           "stuck")  # fmt: skip


def usable(report: Any) -> bool:
    """Whether a report read from a file (a snapshot's figures) holds what the ranking and its
    drill-down read, with counts where counts go; one that does not is computed instead."""
    try:
        row = agency_row("", "", dt.datetime.now(dt.UTC), report)
        kpis = report["kpis"]
    except (KeyError, TypeError, AttributeError):
        return False
    counts = all(type(row[k]) is int for k in _COUNTS)
    numbers = all(
        row[k] is None or type(row[k]) in (int, float) for k in ("satisfaction_gap", "egov_score")
    )
    listed = isinstance(kpis, list) and all(
        isinstance(k, dict) and all(f in k for f in _KPI_FIELDS) for k in kpis
    )
    return counts and numbers and listed


def ranking(rows: list[dict[str, Any]], measure: str) -> pd.DataFrame:
    """The agencies, those needing attention first on `measure`; agencies without data last."""
    column, ascending = MEASURES[measure]
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    frame = frame.sort_values(
        [column, "agency"], ascending=[ascending, True], na_position="last", kind="stable"
    ).reset_index(drop=True)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame
