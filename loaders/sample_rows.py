"""Which stored rows came from the sample data: its ID namespace, counting them, deleting them."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

from loaders.store import backup_file

SAMPLE_STATE_KEY = "sample_state"  # 'loaded' | 'removed'; absent = never offered
SAMPLE_ID_PREFIX = "ตัวอย่าง-"  # every sample identity starts so (linkages, surveys, assessments)
DATA_TABLES = ("linkages", "survey_responses", "assessments", "egov_assessments")
BACKUP_LABEL = "before-sample-removal"


def sample_row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Sample rows per record table (zeros when the sample is not loaded)."""
    return {
        table: con.execute(
            f"SELECT count(*) FROM {table} WHERE coalesce(is_sample, false)"
        ).fetchone()[0]
        for table in DATA_TABLES
    }


def sample_like_ids(ids: Iterable[str]) -> list[str]:
    """The identities among `ids` written in the sample's namespace (``ตัวอย่าง-…``)."""
    return [i for i in ids if str(i).startswith(SAMPLE_ID_PREFIX)]


def set_sample_state(con: duckdb.DuckDBPyConnection, value: str) -> None:
    """Remember whether the sample is loaded or was removed (inside the caller's transaction)."""
    con.execute("DELETE FROM settings WHERE key = ?", [SAMPLE_STATE_KEY])
    con.execute(
        "INSERT INTO settings VALUES (?, ?, current_timestamp::TIMESTAMP)",
        [SAMPLE_STATE_KEY, value],
    )


def database_file(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The file behind a connection, or None for an in-memory store."""
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return Path(row[0]) if row and row[0] else None


def backup_before_removal(con: duckdb.DuckDBPyConnection) -> Path | None:
    """Copy the database file aside before the sample is deleted (the caller holds the write lock: loaders.writer.exclusive)."""
    path = database_file(con)
    if path is None:
        return None
    con.execute("CHECKPOINT")
    return backup_file(path, BACKUP_LABEL)


def delete_sample_rows(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Delete everything the sample wrote, inside the caller's transaction; rows per record table.

    Its records, its register history, its uploads and their rejected rows; nothing else.
    """
    removed = sample_row_counts(cur)
    for table in DATA_TABLES:
        cur.execute(f"DELETE FROM {table} WHERE coalesce(is_sample, false)")
    cur.execute("DELETE FROM linkage_history WHERE coalesce(is_sample, false)")
    cur.execute(
        "DELETE FROM upload_rejections WHERE upload_id IN "
        "(SELECT upload_id FROM uploads WHERE coalesce(is_sample, false))"
    )
    cur.execute("DELETE FROM uploads WHERE coalesce(is_sample, false)")
    set_sample_state(cur, "removed")
    return removed
