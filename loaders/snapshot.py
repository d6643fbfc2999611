"""Snapshots of one agency's store as Parquet, laid out the Hive way, with a checked manifest.

``DIR/agency=CODE/table=<name>/part-0.parquet`` for each table of SNAPSHOT_TABLES and
``DIR/agency=CODE/_manifest.json`` (schema version, agency code and name, created at, each
file's rows and SHA-256). Names starting with ``_`` or ``.`` are skipped by Spark's and Trino's
file listing, so the manifest and the folder being written never look like data to them.
Several agencies write into the same DIR; a second snapshot of one agency replaces its first
whole (written beside it, then renamed into place). Sample rows are never exported, nor the
account names of who uploaded or edited (``uploaded_by``, ``updated_by`` are left empty), nor
rejected rows, the audit trail or the settings. Files are 0600, folders 0700.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from loaders.store import PROJECT_ROOT, SCHEMA_VERSION, StoreError, keep_files_private, quoted
from loaders.writer import transaction

FORMAT = "linkage-snapshot"
MANIFEST = "_manifest.json"
PART = "part-0.parquet"
# The agency's own figures (`python -m metrics report` on the snapshot's rows, as of the day it
# was written), so that a roll-up over hundreds of agencies reads them instead of computing
# each agency's report on first use. Optional: a snapshot without it is computed when read.
FIGURES = "_figures.json"  # "_": Spark, Trino and Hive skip it, as they skip the manifest
# What a snapshot holds: the records, the register's history, the upload log (figures cite
# uploads as evidence), targets and milestones. Not the rejected rows, audit trail or settings.
SNAPSHOT_TABLES = (
    "linkages",
    "survey_responses",
    "assessments",
    "egov_assessments",
    "linkage_history",
    "uploads",
    "kpi_targets",
    "milestones",
    "target_bands",
    "quarter_targets",
)
PERSONAL_COLUMNS = ("uploaded_by", "updated_by")  # account names stay with the agency
# An agency code becomes a folder name: one word, never a path, never hidden, never an option.
AGENCY_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")
NAME_MAX = 200
FILE_MODE = 0o600
DEFAULT_DIR = PROJECT_ROOT / "data" / "snapshots"  # the Administration button writes here
SNAPSHOT_ACTION = "snapshot_made"  # its audit action (the page and the command line)
DIR_MODE = 0o700


class SnapshotError(StoreError):
    """A snapshot refused (bad code or name, unwritable folder); carries a bilingual message."""


@dataclass(frozen=True)
class Snapshot:
    """One snapshot written: where, and its manifest."""

    folder: Path
    manifest: dict[str, object]

    def as_dict(self) -> dict[str, object]:
        """The outcome as JSON-ready values (the CLI prints this)."""
        return {"ok": True, "folder": str(self.folder), **self.manifest}


def default_snapshot_dir() -> Path:
    """Where the Administration page writes snapshots: $LINKAGE_SNAPSHOTS, else data/snapshots."""
    env = os.environ.get("LINKAGE_SNAPSHOTS")
    return Path(env) if env else DEFAULT_DIR


def audit_detail(made: Snapshot) -> dict[str, object]:
    """What the audit trail keeps of a snapshot: agency, folder, rows per table."""
    tables = made.manifest["tables"]
    return {
        "agency": made.manifest["agency"],
        "folder": str(made.folder),
        "rows": {t: e["rows"] for t, e in tables.items()},  # type: ignore[union-attr]
    }


def check_agency(code: str) -> str:
    """An agency code as given, or a SnapshotError when it is not one safe word."""
    if not isinstance(code, str) or not AGENCY_CODE.fullmatch(code):
        raise SnapshotError(
            "รหัสหน่วยงานใช้ได้เฉพาะตัวอักษรภาษาอังกฤษ ตัวเลข - และ _ (ขึ้นต้นด้วยตัวอักษรหรือตัวเลข "
            "ยาวไม่เกิน 40 ตัว) จึงไม่ได้สร้างสำเนา",
            "an agency code may hold only English letters, digits, - and _ (starting with a "
            "letter or digit, at most 40 characters), so no snapshot was made",
        )
    return code


def check_name(name: str) -> str:
    """An agency's name, trimmed; refused when empty, too long or holding control characters."""
    text = (name or "").strip()
    if not text or len(text) > NAME_MAX or any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise SnapshotError(
            f"ชื่อหน่วยงานต้องไม่ว่าง ยาวไม่เกิน {NAME_MAX} ตัวอักษร และไม่มีอักขระควบคุม",
            f"the agency's name must be non-empty, at most {NAME_MAX} characters, "
            "with no control characters",
        )
    return text


def sha256_file(path: Path) -> str:
    """The SHA-256 of a file, read 1 MB at a time."""
    digest = hashlib.sha256()
    with open(path, "rb") as src:
        for block in iter(lambda: src.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sql_text(value: str) -> str:
    """A string literal for a statement that takes no parameters (COPY's file name)."""
    return "'" + value.replace("'", "''") + "'"


def _select(cur: duckdb.DuckDBPyConnection, table: str) -> str:
    """The SELECT exporting one table: no sample rows, no account names."""
    columns = [
        r[0]
        for r in cur.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
            "AND database_name = current_database() ORDER BY column_index",
            [table],
        ).fetchall()
    ]
    shown = ", ".join(
        f"CAST(NULL AS VARCHAR) AS {quoted(c)}" if c in PERSONAL_COLUMNS else quoted(c)
        for c in columns
    )
    where = " WHERE NOT coalesce(is_sample, false)" if "is_sample" in columns else ""
    return f"SELECT {shown} FROM {quoted(table)}{where}"


def _private_dir(path: Path) -> None:
    """Make a folder 0700 (its parents as they come)."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    os.chmod(path, DIR_MODE)


def _write_tables(cur: duckdb.DuckDBPyConnection, work: Path) -> dict[str, dict[str, object]]:
    """COPY every snapshot table into `work`; each file's path, rows and SHA-256."""
    files: dict[str, dict[str, object]] = {}
    for table in SNAPSHOT_TABLES:
        folder = work / f"table={table}"
        _private_dir(folder)
        target = folder / PART
        rows = cur.execute(
            f"COPY ({_select(cur, table)}) TO {sql_text(str(target))} (FORMAT parquet)"
        ).fetchone()[0]
        os.chmod(target, FILE_MODE)
        files[table] = {
            "file": f"table={table}/{PART}",
            "rows": int(rows),
            "sha256": sha256_file(target),
        }
    return files


def _manifest(code: str, name: str, files: dict[str, dict[str, object]]) -> dict[str, object]:
    """The manifest of one snapshot."""
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "agency": code,
        "agency_name": name,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
        "tables": files,
    }


def _write_json(path: Path, obj: dict[str, object]) -> None:
    """Write JSON into a new 0600 file, flushed to disk."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        json.dump(obj, out, ensure_ascii=False, indent=1)
        out.flush()
        os.fsync(out.fileno())


def _write_figures(
    work: Path,
    code: str,
    name: str,
    manifest: dict[str, object],
    figures: Callable[[duckdb.DuckDBPyConnection], dict],
) -> dict[str, object]:
    """Run `figures` on the tables just written; write them to FIGURES; its manifest entry."""
    from loaders.rollup import AgencySnapshot, Rollup, connect  # rollup imports this module

    tables = manifest["tables"]
    assert isinstance(tables, dict)
    snap = AgencySnapshot(
        code, name, dt.datetime.now(dt.UTC), SCHEMA_VERSION, work,
        {t: work / str(e["file"]) for t, e in tables.items()},
        {t: int(e["rows"]) for t, e in tables.items()},
    )  # fmt: skip
    view = connect(Rollup(root=work.parent, agencies={code: snap}), code)
    try:
        found = figures(view)
    finally:
        view.close()
    target = work / FIGURES
    _write_json(target, found)
    return {"file": FIGURES, "sha256": sha256_file(target)}


def _put_in_place(work: Path, final: Path) -> None:
    """Replace the agency's folder by the one just written (the old one moved aside first)."""
    old = final.with_name(f".old-{final.name}-{uuid.uuid4().hex[:8]}")
    if final.exists():
        os.rename(final, old)
    os.rename(work, final)
    shutil.rmtree(old, ignore_errors=True)


def write_snapshot(
    con: duckdb.DuckDBPyConnection,
    out: str | Path,
    code: str,
    name: str,
    figures: Callable[[duckdb.DuckDBPyConnection], dict] | None = None,
) -> Snapshot:
    """Write the agency's store under `out` (one read transaction: a consistent picture).

    `figures` (the caller's, e.g. the metrics report; loaders never imports metrics) is run on
    the written snapshot read back as a roll-up of this one agency, so it sees exactly the rows
    exported (no sample rows); its JSON is kept as FIGURES with its SHA-256 in the manifest."""
    code, name = check_agency(code), check_name(name)
    keep_files_private()
    root = Path(out).resolve()
    final = root / f"agency={code}"
    if final.parent != root:  # cannot happen with a checked code; kept as a second lock
        raise SnapshotError("รหัสหน่วยงานไม่ถูกต้อง", "invalid agency code")
    # Written in a hidden staging folder (a roll-up skips it), under its final name so that it
    # reads as a Hive partition already (the figures are computed from it), then moved.
    staging = root / f".tmp-agency={code}-{uuid.uuid4().hex[:8]}"
    work = staging / final.name
    try:
        if not root.exists():
            _private_dir(root)
        _private_dir(staging)
        _private_dir(work)
        # One transaction (it writes nothing): every table as of the same moment.
        with transaction(con) as cur:
            files = _write_tables(cur, work)
        manifest = _manifest(code, name, files)
        if figures is not None:
            manifest["figures"] = _write_figures(work, code, name, manifest, figures)
        _write_json(work / MANIFEST, manifest)
        _put_in_place(work, final)
        staging.rmdir()
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise SnapshotError(
            f"เขียนสำเนาลงโฟลเดอร์ {root} ไม่ได้: {exc}",
            f"cannot write the snapshot into {root}: {exc}",
        ) from exc
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Snapshot(final, manifest)
