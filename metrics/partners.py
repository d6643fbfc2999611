"""Partners as the planner sees them: their linkages and every assessment of them over time."""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd

from metrics.assessment import ScoreError, score
from metrics.fiscal import as_date
from metrics.frameworks import FrameworkError, load_framework
from metrics.lifecycle import LIVE_STATUSES, sql_list

CRITERIA = [f"c{i}" for i in range(1, 15)]
_LIVE = sql_list(LIVE_STATUSES)
HISTORY_COLUMNS = [
    "assessment_id",
    "partner_name",
    "framework",
    "assessed_on",
    "assessor",
    "source",
    "percent",
    "band",
    "passed",
    "outcome",
    "total",
    "max",
    "scores",
    "problem_th",
    "problem_en",
]


def partner_directory(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every partner named in the register or in an assessment, with linkage and assessment counts."""
    return (
        con.cursor()
        .execute(
            f"""WITH names AS (
                 SELECT partner_name FROM linkages UNION SELECT partner_name FROM assessments),
               linked AS (
                 SELECT partner_name, count(*) AS linkages,
                        count(*) FILTER (WHERE status IN ({_LIVE})) AS live_linkages
                 FROM linkages GROUP BY partner_name),
               assessed AS (
                 SELECT partner_name, count(*) AS assessments, max(assessed_on) AS last_assessed_on
                 FROM assessments GROUP BY partner_name)
           SELECT n.partner_name,
                  coalesce(l.linkages, 0)::INTEGER AS linkages,
                  coalesce(l.live_linkages, 0)::INTEGER AS live_linkages,
                  coalesce(a.assessments, 0)::INTEGER AS assessments,
                  a.last_assessed_on
           FROM names n
           LEFT JOIN linked l USING (partner_name)
           LEFT JOIN assessed a USING (partner_name)
           WHERE n.partner_name IS NOT NULL
           ORDER BY n.partner_name"""
        )
        .df()
    )


def partner_linkages(con: duckdb.DuckDBPyConnection, partner_name: str) -> pd.DataFrame:
    """One partner's linkages from the register: what, which way, how, where it stands."""
    return (
        con.cursor()
        .execute(
            """SELECT linkage_id, direction, dataset, method, status, mou_signed_on, mou_expires_on
           FROM linkages WHERE partner_name = ? ORDER BY linkage_id""",
            [partner_name],
        )
        .df()
    )


def assessment_history(con: duckdb.DuckDBPyConnection, partner_name: str) -> pd.DataFrame:
    """Every stored assessment of one partner, oldest first, each scored by the engine.

    ``source`` says where it came from (``sample``, ``import`` or ``planner``); ``outcome`` is
    the band key or ``pass``/``fail``; a row the engine cannot score keeps a ``problem``.
    """
    rows = _assessment_rows(con, "WHERE partner_name = ?", [partner_name])
    return _scored(rows)


def latest_assessments(con: duckdb.DuckDBPyConnection, framework: str) -> pd.DataFrame:
    """Each partner's latest assessment on one framework, scored (the planner's candidates)."""
    rows = _assessment_rows(
        con,
        """WHERE framework = ?
           QUALIFY row_number() OVER (PARTITION BY partner_name
                   ORDER BY assessed_on DESC NULLS LAST, created_at DESC, assessment_id DESC) = 1""",
        [framework],
    )
    scored = _scored(rows)
    return scored[scored["problem_en"].isna()].reset_index(drop=True)


def _assessment_rows(
    con: duckdb.DuckDBPyConnection, where: str, parameters: list[Any]
) -> pd.DataFrame:
    """Stored assessment rows (a fixed WHERE clause of this module, with ? parameters)."""
    criteria = ", ".join(CRITERIA)
    return (
        con.cursor()
        .execute(
            f"""SELECT assessment_id, partner_name, framework, assessed_on, assessor, {criteria},
                   CASE WHEN is_sample THEN 'sample'
                        WHEN upload_id IS NOT NULL THEN 'import'
                        ELSE 'planner' END AS source,
                   created_at
            FROM assessments {where}
            ORDER BY assessed_on NULLS LAST, created_at, assessment_id""",
            parameters,
        )
        .df()
    )


def _scored(rows: pd.DataFrame) -> pd.DataFrame:
    """Score each stored row with its framework; rows that cannot be scored say why."""
    frameworks: dict[str, dict[str, Any] | FrameworkError] = {}
    records = []
    for row in rows.to_dict("records"):
        record = {key: row[key] for key in HISTORY_COLUMNS if key in row}
        record["assessed_on"] = as_date(row["assessed_on"])
        record |= {key: None for key in HISTORY_COLUMNS if key not in record}
        framework_id = row["framework"]
        if framework_id not in frameworks:
            try:
                frameworks[framework_id] = load_framework(framework_id)
            except FrameworkError as error:
                frameworks[framework_id] = error
        framework = frameworks[framework_id]
        if isinstance(framework, FrameworkError):
            record["problem_th"], record["problem_en"] = framework.th, framework.en
            records.append(record)
            continue
        scores = [_whole(row[c["key"]]) for c in framework["criteria"]]
        try:
            result = score(framework, scores)
        except ScoreError as error:
            record["problem_th"], record["problem_en"] = error.th, error.en
            records.append(record)
            continue
        record |= {
            "percent": result["percent"],
            "band": result.get("band"),
            "passed": result.get("passed"),
            "outcome": result.get("band") or ("pass" if result["passed"] else "fail"),
            "total": result["total"],
            "max": result["max"],
            "scores": scores,
        }
        records.append(record)
    return pd.DataFrame(records, columns=HISTORY_COLUMNS)


def _whole(value: Any) -> Any:
    """A stored score as a Python int (blank stays None for the engine to refuse)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return int(value)
