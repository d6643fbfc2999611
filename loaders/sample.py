"""Clearly labelled sample data: the files shipped in data/sample/, loaded on first start into an
empty store, removable in one action. (scripts/make_sample.py regenerates the files.)"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import duckdb

from loaders.importer import check_file, commit, compare
from loaders.sample_rows import (
    DATA_TABLES,
    SAMPLE_STATE_KEY,
    backup_before_removal,
    delete_sample_rows,
    set_sample_state,
)
from loaders.writer import exclusive, transaction

KIND_ORDER = ("register", "surveys", "assessments", "egov")
SAMPLE_FOLDER = Path(__file__).resolve().parent.parent / "data" / "sample"
HISTORY_FILE = "sample_history.csv"  # the register's status history, which no spreadsheet holds
SAMPLE_STEPS = len(KIND_ORDER) + 1  # the four spreadsheets, then the history
Progress = Callable[[int, int], None]  # (steps done, steps in all)


def _setting(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    """A value of the settings table."""
    row = con.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def sample_loaded(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether sample rows are in the store now (every page says so)."""
    cur = con.cursor()
    try:
        return any(
            cur.execute(f"SELECT count(*) FROM {t} WHERE is_sample").fetchone()[0]
            for t in DATA_TABLES
        )
    finally:
        cur.close()


def store_is_empty(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether no record of any kind is stored."""
    cur = con.cursor()
    try:
        return all(cur.execute(f"SELECT count(*) FROM {t}").fetchone()[0] == 0 for t in DATA_TABLES)
    finally:
        cur.close()


def sample_file_name(kind: str) -> str:
    """The file name of a shipped sample spreadsheet."""
    return f"sample_{kind}.xlsx"


def sample_workbooks(folder: Path = SAMPLE_FOLDER) -> dict[str, bytes]:
    """The four shipped sample spreadsheets (data/sample/), as file bytes per kind."""
    return {kind: (folder / sample_file_name(kind)).read_bytes() for kind in KIND_ORDER}


def load_sample(
    con: duckdb.DuckDBPyConnection,
    now: dt.datetime | None = None,
    folder: Path = SAMPLE_FOLDER,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Load the shipped sample files through the normal import path, marked as sample;
    returns rows per kind, telling `progress` (steps done, SAMPLE_STEPS) before each step and at
    the end. (scripts/make_sample.py regenerates the files; nothing here runs it.)"""
    now = now or dt.datetime.now().replace(microsecond=0)
    report = progress or (lambda done, total: None)
    counts = {}
    workbooks = sample_workbooks(folder)
    with exclusive():
        for step, kind in enumerate(KIND_ORDER):
            report(step, SAMPLE_STEPS)
            name = sample_file_name(kind)
            validated, sha = check_file(workbooks[kind], name, kind)
            result = commit(
                con,
                compare(con, validated, name, sha, is_sample=True),
                uploaded_by="sample",
                source="sample",
                is_sample=True,
                now=now,
            )
            counts[kind] = result.preview.validated.accepted_count
        report(len(KIND_ORDER), SAMPLE_STEPS)
        with transaction(con) as cur:
            # The shipped lifecycle replaces the single 'first seen' event of the import.
            cur.execute("DELETE FROM linkage_history WHERE is_sample")
            cur.execute(
                "INSERT INTO linkage_history SELECT linkage_id, field, old_value, new_value, "
                "CAST(changed_at AS TIMESTAMP), "
                "(SELECT max(upload_id) FROM uploads WHERE kind = 'register' AND is_sample), true "
                "FROM read_csv(?, header = true, all_varchar = true)",
                [str(folder / HISTORY_FILE)],
            )
            set_sample_state(cur, "loaded")
    report(SAMPLE_STEPS, SAMPLE_STEPS)
    return counts


def ensure_sample(con: duckdb.DuckDBPyConnection, progress: Progress | None = None) -> bool:
    """On first start with an empty store, load the sample; True if it was loaded now."""
    if _setting(con, SAMPLE_STATE_KEY) is not None or not store_is_empty(con):
        return False
    load_sample(con, progress=progress)
    return True


def remove_sample(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Delete everything the sample wrote (after a backup of the file); real data stays untouched."""
    with exclusive():
        backup_before_removal(con)
        with transaction(con) as cur:
            removed = delete_sample_rows(cur)
    return removed
