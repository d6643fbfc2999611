"""Importing a validated file: preview what would change, then write it in one transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

import duckdb
import pandas as pd

from loaders.reader import read_table
from loaders.spec import Kind, get_kind
from loaders.store import WRITE_LOCK, sql_type
from loaders.validate import Validated, validate


@dataclass
class Preview:
    """What an import would do, computed before anything is stored."""

    file_name: str
    sha256: str
    validated: Validated
    added: list[str] = field(default_factory=list)
    changes: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["id", "field", "old_value", "new_value"])
    )
    unchanged: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    duplicate_of: int | None = None  # an earlier upload of this very file that left nothing to do

    @property
    def kind(self) -> Kind:
        """The kind of the file."""
        return self.validated.kind

    @property
    def changed_ids(self) -> list[str]:
        """Identities of rows that would be updated."""
        return list(dict.fromkeys(self.changes["id"])) if len(self.changes) else []

    @property
    def has_changes(self) -> bool:
        """Whether committing would change any stored record."""
        return bool(self.added or len(self.changes))


@dataclass
class ImportResult:
    """The outcome of an import, shaped for the command line's JSON."""

    preview: Preview
    upload_id: int | None

    def as_dict(self) -> dict[str, object]:
        """The command line's JSON object (TEMPLATES.md §5, with extra keys)."""
        p = self.preview
        return {
            "kind": p.kind.key,
            "accepted": p.validated.accepted_count,
            "rejected": p.validated.rejected_count,
            "errors": [e.as_dict() for e in p.validated.errors],
            "added": len(p.added),
            "changed": len(p.changed_ids),
            "unchanged": len(p.unchanged),
            "absent": p.absent,
            "upload_id": self.upload_id,
            "duplicate_of": p.duplicate_of,
            "file": p.file_name,
            "sha256": p.sha256,
        }


def _identity(frame: pd.DataFrame, kind: Kind) -> pd.Series:
    """One text identity per row from the kind's id columns."""
    parts = [frame[c].fillna("").astype(str) for c in kind.id_columns]
    ident = parts[0]
    for part in parts[1:]:
        ident = ident + " | " + part
    return ident


def _stored(con: duckdb.DuckDBPyConnection, kind: Kind, columns: list[str]) -> pd.DataFrame:
    """Stored records of a kind as canonical text (same form as a validated file)."""
    select = ", ".join(
        f'lower(CAST("{c}" AS VARCHAR)) AS "{c}"'
        if sql_type(kind, c) == "BOOLEAN"
        else f'CAST("{c}" AS VARCHAR) AS "{c}"'
        for c in columns
    )
    frame = con.execute(f"SELECT {select} FROM {kind.table}").df()
    return frame.astype(object).where(frame.notna(), None)


def check_file(data: bytes, file_name: str, kind: str | None = None) -> tuple[Validated, str]:
    """Read and validate a file without touching the store; returns it and its SHA-256."""
    if kind is not None:
        get_kind(kind)
    return validate(read_table(data, file_name, kind)), hashlib.sha256(data).hexdigest()


def preview(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    file_name: str,
    kind: str | None = None,
) -> Preview:
    """Read and validate a file and compare it with the store; nothing is written."""
    validated, sha = check_file(data, file_name, kind)
    return compare(con, validated, file_name, sha)


def compare(
    con: duckdb.DuckDBPyConnection, validated: Validated, file_name: str, sha: str
) -> Preview:
    """Which incoming rows are new, which change (field by field), which stored rows are absent."""
    cur = con.cursor()
    kind = validated.kind
    clean = validated.clean
    result = Preview(file_name=file_name, sha256=sha, validated=validated)
    stored = _stored(cur, kind, kind.keys)
    incoming_ids = _identity(clean, kind) if len(clean) else pd.Series([], dtype=object)
    stored_ids = _identity(stored, kind) if len(stored) else pd.Series([], dtype=object)
    stored_by_id = stored.set_axis(stored_ids.to_numpy(), axis=0) if len(stored) else stored
    known = incoming_ids.isin(set(stored_ids))
    result.added = incoming_ids[~known].tolist()
    if kind.key == "register":
        result.absent = sorted(set(stored_ids) - set(incoming_ids))
    if known.any():
        new = clean[known.to_numpy()].set_axis(incoming_ids[known].to_numpy(), axis=0)
        old = stored_by_id.loc[new.index]
        changes = []
        for key in validated.columns:
            if key in kind.id_columns:
                continue
            a, b = old[key], new[key]
            differs = ~((a == b) | (a.isna() & b.isna()))
            if differs.any():
                changes.append(
                    pd.DataFrame(
                        {
                            "id": new.index[differs.to_numpy()],
                            "field": key,
                            "old_value": a[differs].to_numpy(),
                            "new_value": b[differs].to_numpy(),
                        }
                    )
                )
        if changes:
            result.changes = pd.concat(changes, ignore_index=True)
        changed = set(result.changes["id"]) if len(result.changes) else set()
        result.unchanged = [i for i in new.index if i not in changed]
    if not result.has_changes:
        row = cur.execute(
            "SELECT max(upload_id) FROM uploads WHERE sha256 = ? AND kind = ?", [sha, kind.key]
        ).fetchone()
        result.duplicate_of = row[0] if row and row[0] is not None else None
    cur.close()
    return result


def _key_sql(kind: Kind) -> str:
    """SQL for the same text identity as `_identity`, over a stored table."""
    return " || ' | ' || ".join(f"coalesce(CAST(\"{c}\" AS VARCHAR), '')" for c in kind.id_columns)


def _insert_sql(kind: Kind, view: str) -> str:
    """INSERT of a canonical-text frame into the kind's table, casting each column to its type."""
    cols = ", ".join(f'"{c}"' for c in kind.keys)
    select = ", ".join(f'CAST("{c}" AS {sql_type(kind, c)})' for c in kind.keys)
    return (
        f"INSERT INTO {kind.table} ({cols}, upload_id, is_sample, created_at, updated_at) "
        f'SELECT {select}, ?, ?, CAST("__created_at" AS TIMESTAMP), ? FROM {view}'
    )


def commit(
    con: duckdb.DuckDBPyConnection,
    prev: Preview,
    *,
    uploaded_by: str = "",
    source: str = "upload",
    is_sample: bool = False,
    now: dt.datetime | None = None,
) -> ImportResult:
    """Write a previewed import in one transaction; an identical re-upload writes nothing."""
    kind = prev.kind
    with WRITE_LOCK:
        cur = con.cursor()
        # The store may have moved since the preview: compare again inside the lock.
        try:
            fresh = compare(cur, prev.validated, prev.file_name, prev.sha256)
            if not fresh.has_changes and fresh.duplicate_of is not None:
                return ImportResult(fresh, None)
            now = now or dt.datetime.now().replace(microsecond=0)
            cur.execute("BEGIN TRANSACTION")
            try:
                upload_id = _write(cur, fresh, kind, uploaded_by, source, is_sample, now)
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
        finally:
            cur.close()
    return ImportResult(fresh, upload_id)


def _write(
    cur: duckdb.DuckDBPyConnection,
    prev: Preview,
    kind: Kind,
    uploaded_by: str,
    source: str,
    is_sample: bool,
    now: dt.datetime,
) -> int:
    """The statements of one import (called inside a transaction); returns the upload id."""
    validated = prev.validated
    upload_id = cur.execute("SELECT coalesce(max(upload_id), 0) + 1 FROM uploads").fetchone()[0]
    clean = validated.clean.copy()
    ids = _identity(clean, kind)
    touched = set(prev.added) | set(prev.changed_ids)
    rows = clean[ids.isin(touched).to_numpy()]
    # Columns absent from the file keep their stored values for updated rows.
    missing = [k for k in kind.keys if k not in rows.columns]
    if missing and prev.changed_ids:
        stored = _stored(cur, kind, kind.keys)
        stored = stored.set_axis(_identity(stored, kind).to_numpy(), axis=0)
        row_ids = _identity(rows, kind)
        for key in missing:
            rows[key] = row_ids.map(stored[key]).where(row_ids.isin(stored.index), None).to_numpy()
    for key in missing:
        if key not in rows:
            rows[key] = None
    rows = rows[kind.keys].astype(object)
    created_at = pd.Series(now, index=rows.index, dtype=object)
    if prev.changed_ids:
        key_sql = _key_sql(kind)
        cur.register("changed_ids", pd.DataFrame({"id": prev.changed_ids}, dtype=object))
        where = f"WHERE {key_sql} IN (SELECT id FROM changed_ids)"
        created = dict(
            cur.execute(f"SELECT {key_sql}, created_at FROM {kind.table} {where}").fetchall()
        )
        cur.execute(f"DELETE FROM {kind.table} {where}")
        cur.unregister("changed_ids")
        row_ids = _identity(rows, kind)
        created_at = row_ids.map(created).where(row_ids.isin(created.keys()), now)
    if len(rows):
        rows["__created_at"] = created_at.astype(object).to_numpy()
        cur.register("incoming", rows)
        cur.execute(_insert_sql(kind, "incoming"), [upload_id, is_sample, now])
        cur.unregister("incoming")
    if kind.key == "register":
        history = []
        if len(prev.changes):
            history.append(prev.changes.rename(columns={"id": "linkage_id"}))
        if prev.added:
            added = clean[ids.isin(set(prev.added)).to_numpy()]
            history.append(
                pd.DataFrame(
                    {
                        "linkage_id": added["linkage_id"].to_numpy(),
                        "field": "status",
                        "old_value": None,
                        "new_value": added["status"].to_numpy(),
                    }
                )
            )
        if history:
            events = pd.concat(history, ignore_index=True).astype(object)
            cur.register("events", events)
            cur.execute(
                "INSERT INTO linkage_history SELECT linkage_id, field, old_value, new_value, "
                "?, ?, ? FROM events",
                [now, upload_id, is_sample],
            )
            cur.unregister("events")
    if validated.errors:
        errors = pd.DataFrame(
            [(e.row, e.column, e.value, e.message_th, e.message_en) for e in validated.errors],
            columns=["row", "column", "value", "message_th", "message_en"],
        ).astype(object)
        cur.register("errors", errors)
        cur.execute(
            'INSERT INTO upload_rejections SELECT ?, "row", "column", value, message_th, '
            "message_en FROM errors",
            [upload_id],
        )
        cur.unregister("errors")
    cur.execute(
        "INSERT INTO uploads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            upload_id,
            prev.file_name,
            prev.sha256,
            kind.key,
            uploaded_by,
            now,
            source,
            validated.accepted_count,
            validated.rejected_count,
            len(prev.added),
            len(prev.changed_ids),
            len(prev.unchanged),
            len(prev.absent),
            is_sample,
        ],
    )
    return int(upload_id)


def import_bytes(
    con: duckdb.DuckDBPyConnection,
    data: bytes,
    file_name: str,
    kind: str | None = None,
    *,
    uploaded_by: str = "",
    source: str = "upload",
) -> ImportResult:
    """Read, validate and store a file in one go."""
    return commit(con, preview(con, data, file_name, kind), uploaded_by=uploaded_by, source=source)
