"""Satisfaction scores per survey process and respondent group, against their targets.

Both methods pool the **answers** (every answered q1…q20 cell of the responses in the period;
blank cells are ignored, never counted as zero), so a respondent who answers more questions
weighs more — the same rule for both methods:

- ``mean`` (default): mean of the answers ÷ 5 × 100 (all 5s → 100, all 1s → 20);
- ``top2``: answers of 4 or 5 ÷ all answers × 100.

A response counts when it has at least one answer. With fewer than ``FEW_RESPONSES``
responses the result carries a warning; the 95 % margin of error uses the number of
*responses* as the sample size (answers of one respondent are not independent), so it is a
conservative approximation: 1.96 × SD(answers) ÷ √responses (× 20 for ``mean``) and
1.96 × √(p(1−p) ÷ responses) × 100 for ``top2``.

Responses belong to a fiscal year (and quarter) by ``answered_on``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import duckdb
import pandas as pd

from loaders.spec import MAX_QUESTIONS, PROCESSES, RESPONDENT_GROUPS
from metrics.filters import NO_FILTERS, Filters, period_where
from metrics.fiscal import fiscal_year_sql, quarter_sql
from metrics.kpi_registry import SATISFACTION_TARGET_IDS, SATISFACTION_TARGETS
from metrics.numbers import exact, round_half_up
from metrics.targets import targets_for

# How a score is computed; the UI and the report name each one by the label sat_method_<method>.
METHODS = ("mean", "top2")
# The low-sample warning's forms (label sat_few_responses_<form>): one response or more, with
# or without a margin of error.
FEW_RESPONSES_FORMS = ("one", "many", "one_moe", "many_moe")
FEW_RESPONSES = 30
Z_95 = 1.96
ALL_GROUPS = "all"
NO_GROUP = "unspecified"
SURVEY_PROCESSES = tuple(PROCESSES)
GROUPS = (ALL_GROUPS, *RESPONDENT_GROUPS, NO_GROUP)
PERIODS = {"fiscal_year": fiscal_year_sql, "quarter": quarter_sql}

QUESTION_COLUMNS = tuple(f"q{i}" for i in range(1, MAX_QUESTIONS + 1))
_ANSWER_SUM = " + ".join(f"coalesce({q}, 0)" for q in QUESTION_COLUMNS)
_ANSWER_COUNT = " + ".join(f"CAST({q} IS NOT NULL AS INTEGER)" for q in QUESTION_COLUMNS)
_ANSWER_SQUARES = " + ".join(f"coalesce({q} * {q}, 0)" for q in QUESTION_COLUMNS)
_TOP2_COUNT = " + ".join(f"CAST(coalesce({q} >= 4, false) AS INTEGER)" for q in QUESTION_COLUMNS)


def check_method(method: str) -> str:
    """The method key, or a ValueError naming the two allowed."""
    if method not in METHODS:
        raise ValueError(
            f"unknown satisfaction method {method!r}; expected one of {', '.join(METHODS)}"
        )
    return method


def exact_score(method: str, *, answers: int, answer_sum: int, top2: int) -> Fraction | None:
    """The exact 0–100 score from pooled answer totals (None when there is no answer).

    A target is judged on this value; only the shown score is rounded (79.995 is not met).
    """
    if answers <= 0:
        return None
    if check_method(method) == "mean":
        return Fraction(int(answer_sum) * 20, int(answers))
    return Fraction(int(top2) * 100, int(answers))


def score_from_totals(method: str, *, answers: int, answer_sum: int, top2: int) -> float | None:
    """The 0–100 score from pooled answer totals, rounded half up to 2 places (None: no answer)."""
    score = exact_score(method, answers=answers, answer_sum=answer_sum, top2=top2)
    return None if score is None else round_half_up(score)


def margin_of_error(
    method: str, *, responses: int, answers: int, answer_sum: int, answer_squares: int, top2: int
) -> float | None:
    """Approximate 95 % margin of error in score points (None when it cannot be estimated)."""
    if responses < 2 or answers < 2:
        return None
    if check_method(method) == "mean":
        variance = (answer_squares - answer_sum * answer_sum / answers) / (answers - 1)
        spread = math.sqrt(max(variance, 0.0)) * 20
    else:
        share = top2 / answers
        spread = math.sqrt(share * (1 - share)) * 100
    return round(Z_95 * spread / math.sqrt(responses), 2)


def resolve_targets(
    con: duckdb.DuckDBPyConnection, *, fiscal_year: int | None
) -> dict[str, float | None]:
    """Satisfaction target per survey process: the fiscal year's stored one, else the default."""
    stored = targets_for(con, fiscal_year=fiscal_year)
    return {
        process: stored.get(SATISFACTION_TARGET_IDS[process], default)
        for process, default in SATISFACTION_TARGETS.items()
    }


def few_responses_warning(
    responses: int, moe: float | None
) -> tuple[str, dict[str, object]] | None:
    """The low-sample warning as (form, values) for the label sat_few_responses_<form>; None
    when there are enough responses (or none at all)."""
    if responses == 0 or responses >= FEW_RESPONSES:
        return None
    form = "one" if responses == 1 else "many"
    values: dict[str, object] = {"n": int(responses), "limit": FEW_RESPONSES}
    if moe is not None and not math.isnan(moe):
        return f"{form}_moe", {**values, "moe": moe}
    return form, values


def survey_where(filters: Filters) -> tuple[str, list[Any]]:
    """SQL condition and parameters for the responses a figure counts: the period, and no sample
    rows when the filters leave them out (only these two filters apply to surveys)."""
    where, params = period_where(filters, "answered_on")
    if not filters.include_sample:
        where += " AND NOT coalesce(is_sample, false)"
    return where, params


def survey_rows(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    process: str,
    respondent_group: str | None = ALL_GROUPS,
) -> pd.DataFrame:
    """The survey responses behind one satisfaction figure, newest first.

    Exactly the responses ``satisfaction_scores`` counts for (process, group): in the period,
    sample rows only when included, at least one answer. `respondent_group` None or "all" means
    every group; "unspecified" the responses without one. Columns: response_id, linkage_id,
    respondent_group, answered_on, the questions anyone answered (q1…), answers, mean_answer
    (of the 1–5 answers, two decimals), comment.
    """
    where, params = survey_where(filters)
    conditions = [where, "process = ?"]
    params.append(process)
    if respondent_group is not None and respondent_group != ALL_GROUPS:
        conditions.append(f"coalesce(respondent_group, '{NO_GROUP}') = ?")
        params.append(respondent_group)
    questions = ", ".join(QUESTION_COLUMNS)
    sql = f"""
        SELECT response_id, linkage_id, respondent_group, answered_on, {questions}, answers,
               round(answer_sum / answers, 2) AS mean_answer, comment
        FROM (SELECT *, {_ANSWER_COUNT} AS answers, {_ANSWER_SUM} AS answer_sum
              FROM survey_responses WHERE {" AND ".join(conditions)})
        WHERE answers > 0
        ORDER BY answered_on DESC, response_id
    """
    frame = con.cursor().execute(sql, params).df()
    unanswered = [q for q in QUESTION_COLUMNS if frame[q].isna().all()]
    return frame.drop(columns=unanswered)


def _totals(con: duckdb.DuckDBPyConnection, filters: Filters, keys: list[str]) -> pd.DataFrame:
    """Pooled answer totals per `keys` + respondent group, plus an "all" group per `keys`.

    One GROUP BY in DuckDB over the period's responses; the roll-up over the (few) groups
    is summed afterwards, so the responses are read once.
    """
    where, params = survey_where(filters)
    columns = {
        "process": "process",
        "respondent_group": f"coalesce(respondent_group, '{NO_GROUP}')",
        "fiscal_year": fiscal_year_sql("answered_on"),
        "quarter": quarter_sql("answered_on"),
    }
    select = ", ".join(f"{columns[k]} AS {k}" for k in [*keys, "respondent_group"])
    sql = f"""
        SELECT {select}, count(*) AS responses, sum(answers) AS answers,
               sum(answer_sum) AS answer_sum, sum(answer_squares) AS answer_squares,
               sum(top2) AS top2
        FROM (
            SELECT *, {_ANSWER_COUNT} AS answers, {_ANSWER_SUM} AS answer_sum,
                   {_ANSWER_SQUARES} AS answer_squares, {_TOP2_COUNT} AS top2
            FROM survey_responses WHERE {where}
        )
        WHERE answers > 0
        GROUP BY ALL
    """
    groups = con.cursor().execute(sql, params).df()
    sums = ["responses", "answers", "answer_sum", "answer_squares", "top2"]
    if groups.empty:
        return groups
    overall = groups.groupby(keys, as_index=False)[sums].sum()
    overall["respondent_group"] = ALL_GROUPS
    return pd.concat([overall, groups], ignore_index=True)


def _result(
    process: str,
    group: str,
    totals: Mapping[str, Any] | None,
    method: str,
    target: float | None,
) -> dict[str, Any]:
    """One satisfaction figure with its target, verdict, sample size and caveats."""
    responses = int(totals["responses"]) if totals else 0
    answers = int(totals["answers"]) if totals else 0
    answer_sum = int(totals["answer_sum"]) if totals else 0
    answer_squares = int(totals["answer_squares"]) if totals else 0
    top2 = int(totals["top2"]) if totals else 0
    exact_value = exact_score(method, answers=answers, answer_sum=answer_sum, top2=top2)
    score = None if exact_value is None else round_half_up(exact_value)
    moe = margin_of_error(
        method,
        responses=responses,
        answers=answers,
        answer_sum=answer_sum,
        answer_squares=answer_squares,
        top2=top2,
    )
    if target is not None and float(target).is_integer():
        target = int(target)
    met = None if exact_value is None or target is None else bool(exact_value >= exact(target))
    if score is None:
        status = "no_data"
    elif met is None:
        status = "no_target"
    else:
        status = "met" if met else "not_met"
    warning = few_responses_warning(responses, moe)
    return {
        "process": process,
        "respondent_group": group,
        "score": score,
        "target": target,
        "met": met,
        "status": status,
        "responses": responses,
        "answers": answers,
        "method": method,
        "margin_of_error": moe,
        "low_sample": warning is not None,
    }


def satisfaction_scores(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    method: str = "mean",
    targets: Mapping[str, float | None] | None = None,
) -> pd.DataFrame:
    """Score per process, overall (respondent_group "all") and per respondent group.

    Every survey process has an "all" row, with status ``no_data`` when nobody answered.
    Columns: process, respondent_group, score, target, met, status, responses, answers, method,
    margin_of_error, low_sample (its words: few_responses_warning). `targets` (by process)
    default to the filter's fiscal year's stored targets, else the manual's.
    """
    check_method(method)
    if targets is None:
        targets = resolve_targets(con, fiscal_year=filters.fiscal_year)
    totals = _totals(con, filters, ["process"])
    by_key = {(row["process"], row["respondent_group"]): row for row in totals.to_dict("records")}
    rows = []
    for process in SURVEY_PROCESSES:
        target = targets.get(process)
        for group in GROUPS:
            found = by_key.get((process, group))
            if found is not None or group == ALL_GROUPS:
                rows.append(_result(process, group, found, method, target))
    return pd.DataFrame(rows)


def satisfaction_summary(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    method: str = "mean",
    targets: Mapping[str, float | None] | None = None,
) -> dict[str, dict[str, Any]]:
    """Overall figure per process, shaped for the report: {process: {score, target, met, ...}}."""
    scores = satisfaction_scores(con, filters=filters, method=method, targets=targets)
    overall = scores[scores["respondent_group"] == ALL_GROUPS]
    summary = {}
    for row in overall.to_dict("records"):
        process = row.pop("process")
        row.pop("respondent_group")
        summary[process] = {key: _plain(value) for key, value in row.items()}
    return summary


def satisfaction_trend(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    method: str = "mean",
    period: str = "fiscal_year",
    targets: Mapping[str, float | None] | None = None,
) -> pd.DataFrame:
    """Score per process and fiscal year (or fiscal year and quarter), all groups together."""
    check_method(method)
    if period not in PERIODS:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}")
    if targets is None:
        targets = resolve_targets(con, fiscal_year=filters.fiscal_year)
    keys = ["process", "fiscal_year"] + (["quarter"] if period == "quarter" else [])
    totals = _totals(con, filters, keys)
    records = []
    if not totals.empty:
        records = totals[totals["respondent_group"] == ALL_GROUPS].sort_values(keys)
        records = records.to_dict("records")
    rows = []
    for row in records:
        result = _result(row["process"], ALL_GROUPS, row, method, targets.get(row["process"]))
        result["fiscal_year"] = int(row["fiscal_year"])
        if period == "quarter":
            result["quarter"] = int(row["quarter"])
        rows.append(result)
    columns = [*keys, "score", "target", "met", "status", "responses", "margin_of_error"]
    return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)


def satisfaction_by_question(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    method: str = "mean",
    process: str | None = None,
) -> pd.DataFrame:
    """Score per process and question (q1…q20) — which aspects pull the score down."""
    check_method(method)
    where, params = survey_where(filters)
    if process is not None:
        where += " AND process = ?"
        params.append(process)
    value = "avg(answer) * 20" if method == "mean" else "avg(CAST(answer >= 4 AS INTEGER)) * 100"
    sql = f"""
        SELECT process, question, count(*) AS answers, round({value}, 2) AS score
        FROM (
            SELECT process, {", ".join(QUESTION_COLUMNS)} FROM survey_responses WHERE {where}
        ) UNPIVOT (answer FOR question IN ({", ".join(QUESTION_COLUMNS)}))
        GROUP BY process, question
        ORDER BY process, CAST(substr(question, 2) AS INTEGER)
    """
    return con.cursor().execute(sql, params).df()


def _plain(value: Any) -> Any:
    """A JSON-friendly Python value from a pandas cell."""
    if value is None:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value
