"""The MOU/LOI procedure of the PWO manual (seed 000 §6) as sub-stages of the pipeline.

The owner drafts the agreement with the partner (``mou_drafted_on``), the legal office reviews
it (``legal_reviewed_on``), the director approves signing (``mou_approved_on``), both sign
(``mou_signed_on``). Each sub-stage runs from one date to the next: an MOU has *completed* a
sub-stage when both dates are filled, and *waits* in it when its start is its latest date and
it is not yet signed (and not cancelled, rejected or past signing). Time in a sub-stage is in
days; a wait or a completed sub-stage over its limit is late, and an MOU waiting over the
limit is stuck. The limits are the agency's own settings (the manual gives no number).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import duckdb
import pandas as pd

from metrics.filters import NO_FILTERS, Filters, linkage_where
from metrics.lifecycle import MOU_SIGNED, REJECTED, STATUSES
from metrics.register import query

# sub-stage -> (start column, end column, agency's default limit in days); its name is the
# catalog's mou_step_<sub-stage> (labels/catalog.toml).
MOU_STEPS: dict[str, tuple[str, str, int]] = {
    "legal_review": ("mou_drafted_on", "legal_reviewed_on", 30),
    "director_approval": ("legal_reviewed_on", "mou_approved_on", 30),
    "signing": ("mou_approved_on", "mou_signed_on", 30),
}
# Statuses in which an unsigned MOU is still being prepared (before mou_signed, not refused).
PREPARING = tuple(s for s in STATUSES[: STATUSES.index(MOU_SIGNED)] if s != REJECTED)


def _limits(limits: Mapping[str, int] | Iterable[tuple[str, int]] | None) -> dict[str, int]:
    """The day limit of each sub-stage: the agency's (``limits``, a mapping or its items) or the
    defaults."""
    given = dict(limits or ())
    return {step: int(given.get(step, default)) for step, (*_, default) in MOU_STEPS.items()}


def _steps_sql(
    filters: Filters,
    today: dt.date,
    limits: Mapping[str, int] | Iterable[tuple[str, int]] | None = None,
) -> tuple[str, list[Any]]:
    """One row per linkage and sub-stage it completed or waits in, with days and limit."""
    limit_of = _limits(limits)
    where, params = linkage_where(filters)
    parts, part_params = [], []
    preparing = ", ".join("?" * len(PREPARING))
    for index, (step, (start, end, _)) in enumerate(MOU_STEPS.items()):
        limit = limit_of[step]
        later = [MOU_STEPS[s][1] for s in list(MOU_STEPS)[index:]]
        waiting = " AND ".join(f"{c} IS NULL" for c in later)
        parts.append(
            f"SELECT ? AS step, {index} AS step_order, ? AS limit_days, linkage_id, partner_name, "
            f"dataset, direction, status, mou_ref, {start} AS started_on, {end} AS ended_on, "
            f"{end} IS NULL AS waiting, date_diff('day', {start}, coalesce({end}, CAST(? AS DATE)))"
            f" AS days FROM linkages WHERE {start} IS NOT NULL AND {where} AND ({end} IS NOT NULL"
            f" OR ({waiting} AND status IN ({preparing})))"
        )
        part_params += [step, limit, today, *params, *PREPARING]
    sql = f"SELECT *, days > limit_days AS late FROM ({' UNION ALL '.join(parts)})"
    return sql, part_params


def mou_step_summary(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    today: dt.date,
    limits: Mapping[str, int] | Iterable[tuple[str, int]] | None = None,
) -> pd.DataFrame:
    """Per sub-stage (every one listed): completed, median and late days, waiting, stuck.

    Columns: step, limit_days, completed, median_days (of the completed;
    None when none), late (completed over the limit), waiting, stuck (waiting over the limit).
    `limits` (step -> days) are the agency's settings; the defaults when not given.
    """
    limit_of = _limits(limits)
    sql, params = _steps_sql(filters, today, limit_of)
    found = {
        row[0]: row[1:]
        for row in con.cursor()
        .execute(
            f"""SELECT step, count(*) FILTER (WHERE NOT waiting),
                       quantile_cont(days, 0.5) FILTER (WHERE NOT waiting),
                       count(*) FILTER (WHERE NOT waiting AND late),
                       count(*) FILTER (WHERE waiting), count(*) FILTER (WHERE waiting AND late)
                FROM ({sql}) GROUP BY step""",
            params,
        )
        .fetchall()
    }
    rows = []
    for step in MOU_STEPS:
        limit = limit_of[step]
        completed, median, late, waiting, stuck = found.get(step, (0, None, 0, 0, 0))
        rows.append(
            {
                "step": step,
                "limit_days": limit,
                "completed": int(completed),
                "median_days": None if median is None else float(median),
                "late": int(late),
                "waiting": int(waiting),
                "stuck": int(stuck),
            }
        )
    return pd.DataFrame(rows)


def mou_step_rows(
    con: duckdb.DuckDBPyConnection,
    *,
    filters: Filters = NO_FILTERS,
    today: dt.date,
    step: str | None = None,
    stuck_only: bool = False,
    limits: Mapping[str, int] | Iterable[tuple[str, int]] | None = None,
) -> pd.DataFrame:
    """The MOUs in a sub-stage (all when `step` is None), longest first; `stuck_only` keeps
    those waiting over the limit (the stuck MOUs, named)."""
    sql, params = _steps_sql(filters, today, limits)
    conditions = ["TRUE"]
    if step is not None:
        conditions.append("step = ?")
        params = [*params, step]
    if stuck_only:
        conditions.append("waiting AND late")
    rows = query(
        con,
        f"SELECT * FROM ({sql}) WHERE {' AND '.join(conditions)} "
        "ORDER BY step_order, waiting DESC, days DESC, linkage_id",
        params,
    )
    return rows.drop(columns="step_order")
