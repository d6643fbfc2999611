"""The audit trail: who did what and when, kept in the store's audit_log table."""

from __future__ import annotations

import datetime as dt
import json

import duckdb
import pandas as pd


def record(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    role: str,
    action: str,
    detail: dict[str, object] | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Append one entry (a sign-in, an upload, an edit, a saved assessment, a removal)."""
    when = now or dt.datetime.now().replace(microsecond=0)
    text = json.dumps(detail or {}, ensure_ascii=False, default=str)
    con.cursor().execute(
        "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?)", [when, actor, role, action, text]
    )


def entries(
    con: duckdb.DuckDBPyConnection, *, action: str | None = None, limit: int = 1000
) -> pd.DataFrame:
    """The latest audit entries, newest first (optionally of one action)."""
    sql = "SELECT logged_at, actor, role, action, detail FROM audit_log"
    params: list[object] = []
    if action:
        sql += " WHERE action = ?"
        params.append(action)
    sql += " ORDER BY logged_at DESC LIMIT ?"
    params.append(limit)
    return con.cursor().execute(sql, params).df()
