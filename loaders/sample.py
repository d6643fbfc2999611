"""Clearly labelled sample data: loaded on first start into an empty store, removable in one action."""

from __future__ import annotations

import datetime as dt
import io

import duckdb
import pandas as pd
from openpyxl import Workbook

from loaders.importer import check_file, commit, compare
from loaders.normalize import THAI_MONTH_SHORT
from loaders.sample_data import SampleData, generate_sample
from loaders.sample_rows import (
    DATA_TABLES,
    SAMPLE_STATE_KEY,
    backup_before_removal,
    delete_sample_rows,
    set_sample_state,
)
from loaders.spec import BOOL, ENUM, KINDS, Kind
from loaders.writer import exclusive, transaction

KIND_ORDER = ("register", "surveys", "assessments", "egov")


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


SAMPLE_TITLE = "ข้อมูลตัวอย่าง (สมมติ เพื่อการสาธิต) — {kind}"


def _display_cell(kind: Kind, key: str, value: object) -> object:
    """One generated value as agency staff type it: Thai labels, ใช่/ไม่ใช่, BE dates as text."""
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)):
        return None
    col = kind.column(key)
    if isinstance(value, bool) or col.type == BOOL:
        return "ใช่" if bool(value) else "ไม่ใช่"
    if isinstance(value, (dt.datetime, dt.date)):
        day = value.date() if isinstance(value, dt.datetime) else value
        return f"{day.day} {THAI_MONTH_SHORT[day.month - 1]} {day.year + 543}"
    if col.type == ENUM:
        return col.value_label(str(value), "th")
    if hasattr(value, "item"):
        return value.item()
    return value


def sample_workbook(kind_key: str, frame: pd.DataFrame) -> bytes:
    """A generated frame as the .xlsx an agency would keep: title row, Thai headers and values."""
    kind = KINDS[kind_key]
    wb = Workbook()
    ws = wb.active
    ws.title = kind_key
    ws.append([SAMPLE_TITLE.format(kind=kind.th)])
    ws.append([kind.column(key).th for key in frame.columns])
    for row in frame.itertuples(index=False, name=None):
        ws.append([_display_cell(kind, key, v) for key, v in zip(frame.columns, row, strict=True)])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def sample_workbooks(sample: SampleData | None = None) -> dict[str, bytes]:
    """The four sample spreadsheets (the ones shipped in data/sample/)."""
    sample = sample or generate_sample()
    frames = {
        "register": sample.register,
        "surveys": sample.surveys,
        "assessments": sample.assessments,
        "egov": sample.egov,
    }
    return {kind: sample_workbook(kind, frames[kind]) for kind in KIND_ORDER}


def sample_file_name(kind: str) -> str:
    """The file name of a shipped sample spreadsheet."""
    return f"sample_{kind}.xlsx"


def load_sample(
    con: duckdb.DuckDBPyConnection, sample: SampleData | None = None, now: dt.datetime | None = None
) -> dict[str, int]:
    """Load the sample through the normal import path (the same spreadsheets as data/sample/),
    marked as sample; returns rows per kind."""
    sample = sample or generate_sample()
    now = now or dt.datetime.now().replace(microsecond=0)
    counts = {}
    workbooks = sample_workbooks(sample)
    with exclusive():
        for kind in KIND_ORDER:
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
        history = sample.history.copy()
        with transaction(con) as cur:
            # The generated lifecycle replaces the single 'first seen' event of the import.
            cur.execute("DELETE FROM linkage_history WHERE is_sample")
            cur.register(
                "sample_history",
                history[["linkage_id", "field", "old_value", "new_value", "changed_at"]].astype(
                    object
                ),
            )
            cur.execute(
                "INSERT INTO linkage_history SELECT linkage_id, field, old_value, new_value, "
                "CAST(changed_at AS TIMESTAMP), "
                "(SELECT max(upload_id) FROM uploads WHERE kind = 'register' AND is_sample), true "
                "FROM sample_history"
            )
            cur.unregister("sample_history")
            set_sample_state(cur, "loaded")
    return counts


def ensure_sample(con: duckdb.DuckDBPyConnection) -> bool:
    """On first start with an empty store, load the sample; True if it was loaded now."""
    if _setting(con, SAMPLE_STATE_KEY) is not None or not store_is_empty(con):
        return False
    load_sample(con)
    return True


def remove_sample(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Delete everything the sample wrote (after a backup of the file); real data stays untouched."""
    with exclusive():
        backup_before_removal(con)
        with transaction(con) as cur:
            removed = delete_sample_rows(cur)
    return removed
