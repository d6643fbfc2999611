"""The home page's figures: how many linkages, with whom, in which status and direction."""

from __future__ import annotations

import duckdb
import pandas as pd

from loaders.spec import DIRECTIONS, STATUSES
from metrics.filters import reference_date_sql
from metrics.fiscal import fiscal_year_sql
from metrics.lifecycle import LIVE_STATUSES, OPEN_REQUEST_STATUSES, sql_list
from metrics.operations import register_totals

STATUS_ORDER = list(STATUSES)
DIRECTION_ORDER = list(DIRECTIONS)


def home_figures(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """The home page's four figures: the register's totals, plus live linkages and open requests."""
    row = (
        con.cursor()
        .execute(
            f"""SELECT count(*) FILTER (WHERE status IN ({sql_list(LIVE_STATUSES)})),
                      count(*) FILTER (WHERE status IN ({sql_list(OPEN_REQUEST_STATUSES)}))
               FROM linkages"""
        )
        .fetchone()
    )
    return {**register_totals(con), "live": int(row[0]), "open_requests": int(row[1])}


def status_by_direction(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Linkage counts per lifecycle status and direction, every status present, in lifecycle order."""
    counts = (
        con.cursor()
        .execute("SELECT status, direction, count(*) AS linkages FROM linkages GROUP BY ALL")
        .df()
    )
    grid = pd.MultiIndex.from_product(
        [STATUS_ORDER, DIRECTION_ORDER], names=["status", "direction"]
    )
    full = (
        counts.set_index(["status", "direction"])["linkages"]
        .reindex(grid, fill_value=0)
        .astype(int)
        .reset_index()
    )
    return full


def filter_options(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """The values the global filters can take in this store: fiscal years (BE) and ministries."""
    cur = con.cursor()
    years = cur.execute(
        f"""SELECT DISTINCT {fiscal_year_sql(reference_date_sql())} AS fy
            FROM linkages WHERE {reference_date_sql()} IS NOT NULL ORDER BY fy"""
    ).fetchall()
    ministries = cur.execute(
        "SELECT DISTINCT ministry FROM linkages WHERE ministry IS NOT NULL ORDER BY ministry"
    ).fetchall()
    return {"fiscal_years": [int(r[0]) for r in years], "ministries": [r[0] for r in ministries]}
