"""The e-Gov stage scores read from the store: the current picture, the trend, units, Stage IV.

Which assessment counts. A unit (agency system or website) may be assessed many times; the
group is scored on each unit's *latest* assessment as of a day — the latest dated one on or
before that day, an undated one only when the unit has no dated one (as ``metrics report``
does). The trend scores the group as it stood at the end of each fiscal year (30 September),
from the first fiscal year with a dated assessment to the last: a unit not reassessed in a
year keeps its earlier result, and a unit joins the group at its first assessment. So the
units are never dropped for a missed year, each point equals ``metrics report --fy`` for that
year, and the last point is the current score.

Stage IV and the register. The register cannot say which website a linkage serves, so the
comparison is agency-wide: live linkages (status ``linked`` or ``in_use``) by method, the
automatic ones (``AUTOMATIC_METHODS``) against the units that claim automatic data exchange.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import duckdb
import pandas as pd

from loaders.spec import EGOV_ITEMS
from metrics.egov import (
    egov_score,
    group_completion_exact,
    load_stage_definition,
    missing_items_ranked,
    unit_stage_completion,
)
from metrics.fiscal import as_date, fiscal_year, fiscal_year_end, fiscal_year_start
from metrics.lifecycle import LIVE_STATUSES
from metrics.numbers import exact, round_half_up

ITEM_COLUMNS = tuple(key for key, _, _ in EGOV_ITEMS)
# Methods where systems exchange data by themselves; "file" (sending files) and "other" are not.
AUTOMATIC_METHODS = ("rest", "soap", "gdx", "db_link")
# The study's own what-if: "if every government website reached Stage II at 100 % instead of 55 %".
SEED_QUESTION = {"II": 100}
EXCHANGE_ITEM = "s4_exchange"
ONE_STOP_ITEM = "s4_one_stop"
REPORT_STAGE_KEYS = ("I", "II", "III", "IV")  # the report's stage keys when nothing is stored

_LATEST_SQL = f"""
    SELECT unit, assessed_on, {", ".join(ITEM_COLUMNS)}
    FROM egov_assessments
    WHERE ? IS NULL OR assessed_on IS NULL OR assessed_on <= ?
    QUALIFY row_number() OVER (PARTITION BY unit
        ORDER BY assessed_on DESC NULLS LAST, updated_at DESC NULLS LAST) = 1
    ORDER BY unit
"""
_DATES_SQL = "SELECT DISTINCT assessed_on FROM egov_assessments WHERE assessed_on IS NOT NULL"
_STAMP_SQL = """
    SELECT (SELECT count(*) FROM egov_assessments), (SELECT max(updated_at) FROM egov_assessments),
           (SELECT count(*) FROM linkages), (SELECT max(updated_at) FROM linkages)
"""
_LIVE_SQL = f"""
    SELECT linkage_id, partner_name, direction, dataset, method, status, linked_on, in_use_on
    FROM linkages
    WHERE status IN ({", ".join("?" * len(LIVE_STATUSES))})
    ORDER BY partner_name, linkage_id
"""


def _stages(definition: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The stage list of the given definition, or of the shipped file."""
    return (definition or _shipped())["stages"]


def item_names(definition: Mapping[str, Any] | None = None) -> dict[str, dict[str, str]]:
    """Each sub-item's name in Thai and English, by key, as the stage definition declares it
    (the metrics below return keys; the pages name them with this)."""
    return {
        item["key"]: dict(item["label"]) for stage in _stages(definition) for item in stage["items"]
    }


@lru_cache(maxsize=1)
def _shipped() -> dict[str, Any]:
    """The shipped stage definition, read once (only read here, never handed out)."""
    return load_stage_definition()


def data_stamp(con: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """Row counts and last update times of the tables read here (a cache key that moves with them)."""
    return tuple(con.cursor().execute(_STAMP_SQL).fetchone())


def latest_assessments(
    con: duckdb.DuckDBPyConnection, *, as_of: dt.date | None = None
) -> pd.DataFrame:
    """Each unit's latest assessment on or before `as_of` (all of them when None), by unit.

    Sub-items are booleans; a blank answer reads as not provided, as the scoring counts it.
    """
    frame = con.cursor().execute(_LATEST_SQL, [as_of, as_of]).df()
    for column in ITEM_COLUMNS:
        frame[column] = frame[column].fillna(False).astype(bool)
    frame["assessed_on"] = [as_date(value) for value in frame["assessed_on"]]
    return frame


def group_summary(
    assessments: pd.DataFrame, *, definition: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Stage completions (exact means over units), the score, the units and the latest date.

    The stages are exact fractions, so a what-if from them keeps the score exact; an empty
    frame gives ``{"stages": None, "score": None, "units": 0, "latest": None}``.
    """
    if assessments.empty:
        return {"stages": None, "score": None, "units": 0, "latest": None}
    stages = group_completion_exact(_records(assessments), definition=definition)
    dated = [day for day in assessments["assessed_on"] if day is not None]
    return {
        "stages": stages,
        "score": egov_score(stages, definition=definition),
        "units": len(assessments),
        "latest": max(dated) if dated else None,
    }


def report_summary(
    con: duckdb.DuckDBPyConnection, *, fiscal_year: int | None = None
) -> dict[str, Any]:
    """The report's e-Gov part: stages (percent, two decimals, half up), score, units and status,
    over each unit's latest assessment as of the fiscal year's end (all of them without one)."""
    as_of = fiscal_year_end(fiscal_year) if fiscal_year is not None else None
    summary = group_summary(latest_assessments(con, as_of=as_of))
    if summary["stages"] is None:
        return {
            "stages": dict.fromkeys(REPORT_STAGE_KEYS),
            "score": None,
            "units": 0,
            "status": "no_data",
        }
    return {
        "stages": {key: round_half_up(value) for key, value in summary["stages"].items()},
        "score": summary["score"],
        "units": summary["units"],
        "status": "ok",
    }


def unit_scores(
    assessments: pd.DataFrame, *, definition: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """One row per unit: its assessment date, each stage's completion and its own score."""
    keys = [stage["key"] for stage in _stages(definition)]
    rows = []
    for record in _records(assessments):
        stages = unit_stage_completion(record, definition=definition)
        rows.append(
            {
                "unit": record["unit"],
                "assessed_on": record["assessed_on"],
                **stages,
                "score": egov_score(stages, definition=definition),
            }
        )
    return pd.DataFrame(rows, columns=["unit", "assessed_on", *keys, "score"])


def score_trend(
    con: duckdb.DuckDBPyConnection, *, definition: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """The group at each fiscal year's end: units, units assessed that year, stages, score.

    Rows run from the first to the last fiscal year with a dated assessment (BE years).
    """
    keys = [stage["key"] for stage in _stages(definition)]
    columns = ["fiscal_year", "as_of", "units", "assessed_in_year", *keys, "score"]
    days = [as_date(row[0]) for row in con.cursor().execute(_DATES_SQL).fetchall()]
    if not days:
        return pd.DataFrame(columns=columns)
    years = range(min(map(fiscal_year, days)), max(map(fiscal_year, days)) + 1)
    rows = []
    for year in years:
        end = fiscal_year_end(year)
        group = latest_assessments(con, as_of=end)
        summary = group_summary(group, definition=definition)
        start = fiscal_year_start(year)
        in_year = sum(day is not None and start <= day <= end for day in group["assessed_on"])
        rows.append(
            {
                "fiscal_year": year,
                "as_of": end,
                "units": summary["units"],
                "assessed_in_year": in_year,
                **{key: float(value) for key, value in (summary["stages"] or {}).items()},
                "score": summary["score"],
            }
        )
    return pd.DataFrame(rows, columns=columns)


def unit_sub_items(
    assessments: pd.DataFrame, unit: str, *, definition: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """One unit's sub-items in stage order: stage, key (item_names names it), provided."""
    record = _one_unit(assessments, unit)
    rows = [
        {
            "stage": stage["key"],
            "key": item["key"],
            "provided": bool(record.get(item["key"], False)),
        }
        for stage in _stages(definition)
        for item in stage["items"]
    ]
    return pd.DataFrame(rows)


def unit_missing_items(
    assessments: pd.DataFrame, unit: str, *, definition: Mapping[str, Any] | None = None
) -> pd.DataFrame:
    """Sub-items the unit lacks, most points first, with the group score each would give.

    Columns: stage, key (item_names names it), points (added to the group score) and
    score_after (the group score with that one sub-item added).
    """
    _one_unit(assessments, unit)
    records = _records(assessments)
    rows = [
        {
            "stage": item["stage"],
            "key": item["key"],
            "points": item["points"],
            "score_after": _score_with(records, unit, item["key"], definition),
        }
        for item in missing_items_ranked(records, unit, definition=definition)
    ]
    return pd.DataFrame(rows, columns=["stage", "key", "points", "score_after"])


def whatif_start(stages: Mapping[str, float]) -> dict[str, int]:
    """Where the what-if sliders start: each stage's completion rounded to a whole percent."""
    return {key: int(round_half_up(exact(value), 0)) for key, value in stages.items()}


def whatif_overrides(stages: Mapping[str, float], chosen: Mapping[str, float]) -> dict[str, float]:
    """The stages a user moved away from where their sliders started (the rest stay exact)."""
    start = whatif_start(stages)
    return {key: value for key, value in chosen.items() if value != start.get(key)}


def live_linkages(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Linkages live now (status linked or in_use), each marked automatic or not by its method."""
    frame = con.cursor().execute(_LIVE_SQL, list(LIVE_STATUSES)).df()
    frame["automatic"] = frame["method"].isin(AUTOMATIC_METHODS)
    for column in ("linked_on", "in_use_on"):
        frame[column] = [as_date(value) for value in frame[column]]
    return frame


def stage_iv_view(assessments: pd.DataFrame, linkages: pd.DataFrame) -> dict[str, Any]:
    """How the live linkages bear on Stage IV: counts, units claiming each item, and findings.

    Findings (keys, most important first):
    ``exchange_without_linkage`` — units claim automatic exchange, no automatic linkage is live;
    ``linkage_without_exchange`` — automatic linkages are live, yet some units do not claim it
    (a sub-item the register suggests is within reach);
    ``one_stop_without_exchange`` — units claim one-stop service without automatic exchange,
    which one-stop service is built on.
    """
    units = list(assessments["unit"]) if not assessments.empty else []
    claims = _claiming(assessments, EXCHANGE_ITEM)
    one_stop = _claiming(assessments, ONE_STOP_ITEM)
    automatic = int(linkages["automatic"].sum()) if not linkages.empty else 0
    by_method = (
        linkages["method"].fillna("unknown").value_counts().to_dict() if not linkages.empty else {}
    )
    findings = []
    if claims and automatic == 0:
        findings.append("exchange_without_linkage")
    if automatic and len(claims) < len(units):
        findings.append("linkage_without_exchange")
    lone = [unit for unit in one_stop if unit not in claims]
    if lone:
        findings.append("one_stop_without_exchange")
    return {
        "live": len(linkages),
        "automatic": automatic,
        "by_method": {str(key): int(value) for key, value in by_method.items()},
        "units": len(units),
        "exchange_units": claims,
        "no_exchange_units": [unit for unit in units if unit not in claims],
        "one_stop_units": one_stop,
        "one_stop_without_exchange": lone,
        "findings": findings,
    }


def _claiming(assessments: pd.DataFrame, item: str) -> list[str]:
    """Units whose latest assessment provides the sub-item."""
    if assessments.empty or item not in assessments:
        return []
    return list(assessments.loc[assessments[item], "unit"])


def _score_with(
    records: list[dict[str, Any]], unit: str, item: str, definition: Mapping[str, Any] | None
) -> float:
    """The group score if `unit` provided `item` too."""
    improved = [
        {**record, item: True} if str(record["unit"]).strip() == unit.strip() else record
        for record in records
    ]
    return egov_score(
        group_completion_exact(improved, definition=definition), definition=definition
    )


def _one_unit(assessments: pd.DataFrame, unit: str) -> dict[str, Any]:
    """The unit's row, or a KeyError naming it."""
    matches = assessments[assessments["unit"].astype(str).str.strip() == unit.strip()]
    if len(matches) != 1:
        raise KeyError(f"unit {unit!r} appears {len(matches)} times")
    return matches.iloc[0].to_dict()


def _records(assessments: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain dicts for the scoring engine."""
    return assessments.astype(object).to_dict("records")
