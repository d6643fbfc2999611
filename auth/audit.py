"""The audit trail: who did what and when, kept in the store's audit_log table."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import duckdb
import pandas as pd

from loaders.writer import transaction

# Every action the code records; the Administration page names each one (label administration_action_<action>,
# checked by tests/test_label_catalog.py). An action not listed is shown by its key.
ACTIONS = (
    "sign_in",
    "sign_in_failed",
    "sign_out",
    "first_admin_created",
    "upload",
    "sample_removed",
    "sample_loaded",
    "save_assessment",
    "edit_targets",
    "edit_settings",
    "user_added",
    "password_reset",
    "role_changed",
    "user_removed",
    "backup_made",
    "backup_restored",
    "session_revoked",
    "export",
    "first_admin_code_wrong",
    "snapshot_made",
)


def record(
    con: duckdb.DuckDBPyConnection,
    actor: str,
    role: str,
    action: str,
    detail: dict[str, object] | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Append one entry (a sign-in, an upload, an edit, a saved assessment, a removal)."""
    when = now or dt.datetime.now()  # to the microsecond: entries of one second keep their order
    text = json.dumps(detail or {}, ensure_ascii=False, default=str)
    with transaction(con) as cur:
        cur.execute(
            "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?)", [when, actor, role, action, text]
        )


def entries(
    con: duckdb.DuckDBPyConnection,
    *,
    action: str | Sequence[str] | None = None,
    actor: str | Sequence[str] | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int = 1000,
) -> pd.DataFrame:
    """The latest audit entries, newest first, of some actions/actors between two dates."""
    where: list[str] = []
    params: list[object] = []
    for column, wanted in (("action", action), ("actor", actor)):
        if wanted:
            values = [wanted] if isinstance(wanted, str) else list(wanted)
            where.append(f"{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
    if since is not None:
        where.append("logged_at >= ?")
        params.append(dt.datetime.combine(since, dt.time.min))
    if until is not None:
        where.append("logged_at < ?")
        params.append(dt.datetime.combine(until + dt.timedelta(days=1), dt.time.min))
    sql = "SELECT logged_at, actor, role, action, detail FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY logged_at DESC LIMIT ?"
    params.append(limit)
    return con.cursor().execute(sql, params).df()


def choices(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The actions and actors present in the trail, and its first and last day (for filters)."""
    cur = con.cursor()
    actions = [
        r[0] for r in cur.execute("SELECT DISTINCT action FROM audit_log ORDER BY 1").fetchall()
    ]
    actors = [
        r[0]
        for r in cur.execute(
            "SELECT DISTINCT actor FROM audit_log WHERE actor <> '' ORDER BY 1"
        ).fetchall()
    ]
    first, last = cur.execute("SELECT min(logged_at), max(logged_at) FROM audit_log").fetchone()
    return {
        "actions": actions,
        "actors": actors,
        "days": [d.date() for d in (first, last) if d is not None],
    }
