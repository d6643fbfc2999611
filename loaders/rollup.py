"""A roll-up: a folder of many agencies' snapshots (loaders.snapshot) read as one store.

``scan(DIR)`` finds every ``agency=CODE/_manifest.json`` under DIR (at any depth, so monthly
folders can sit side by side), checks each (format, agency code against its folder, schema
version, every file's SHA-256 against the manifest) and keeps, per agency, the newest valid
snapshot; the others are listed as superseded or refused, each with its reason.
``connect(rollup)`` opens an in-memory DuckDB whose tables are views over the kept Parquet
files (``read_parquet`` with ``hive_partitioning``), with one more column, ``agency``; the
tables a snapshot does not carry (an older schema version, or never exported: audit trail,
settings, rejected rows) are empty. ``connect(rollup, agency=CODE)`` gives one agency alone,
exactly as its own store gives its figures. Over all agencies, ``linkage_id`` is written
``CODE/ID`` so that the metrics' joins never pair two agencies' linkages that share an ID.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from loaders.snapshot import (
    AGENCY_CODE,
    FIGURES,
    FORMAT,
    MANIFEST,
    PART,
    SNAPSHOT_TABLES,
    sha256_file,
    sql_text,
)
from loaders.store import SCHEMA_VERSION, migrate, quoted

MANIFEST_MAX = 1 << 20  # a manifest is a few KB; a bigger one is not ours
FIGURES_MAX = 16 << 20  # an agency's report is tens of KB (its findings list linkage IDs)
ID_COLUMNS = ("linkage_id",)  # prefixed with the agency over all agencies
# Every store numbers its uploads from 1: over all agencies, agency number i (in code order)
# has its upload n as i * UPLOAD_ID_SPAN + n, so a join on upload_id (a change's file name)
# never meets another agency's upload. One agency alone keeps its own numbers.
UPLOAD_ID_SPAN = 10**12
PLACES = "_agency_places"  # agency, place * UPLOAD_ID_SPAN: one row per agency of the roll-up
HIVE = "hive_partitioning = true, hive_types = {'agency': VARCHAR, 'table': VARCHAR}"


class SnapshotRefused(Exception):
    """One snapshot not read, with the reason in Thai and English."""

    def __init__(self, th: str, en: str) -> None:
        super().__init__(en)
        self.th = th
        self.en = en


@dataclass(frozen=True)
class AgencySnapshot:
    """One checked snapshot: its agency, date, schema version and Parquet files."""

    code: str
    name: str
    created_at: dt.datetime
    schema_version: int
    folder: Path
    files: dict[str, Path]
    rows: dict[str, int]
    figures: dict | None = None  # the agency's report as of created_at (FIGURES), if written

    def as_dict(self) -> dict[str, object]:
        """JSON-ready values."""
        return {
            "agency": self.code,
            "agency_name": self.name,
            "created_at": self.created_at.isoformat(),
            "schema_version": self.schema_version,
            "folder": str(self.folder),
            "rows": self.rows,
        }


@dataclass(frozen=True)
class Refused:
    """A snapshot folder not read, and why."""

    folder: Path
    th: str
    en: str


@dataclass
class Rollup:
    """What a folder of snapshots holds: the snapshot used per agency, the others and why."""

    root: Path
    agencies: dict[str, AgencySnapshot] = field(default_factory=dict)
    superseded: list[AgencySnapshot] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)


@functools.cache
def tables_at(version: int) -> frozenset[str]:
    """The snapshot tables a store of this schema version has."""
    con = duckdb.connect()
    try:
        migrate(con, target=version)
        names = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    finally:
        con.close()
    return frozenset(names) & frozenset(SNAPSHOT_TABLES)


@functools.cache
def _store_ddl() -> str:
    """The statements that make an empty store of this program's schema (made once, replayed
    by every connection: quicker than running the migrations again)."""
    con = duckdb.connect()
    try:
        migrate(con)
        rows = con.execute("SELECT sql FROM duckdb_tables() ORDER BY table_name").fetchall()
    finally:
        con.close()
    return ";\n".join(r[0].rstrip(";") for r in rows)


@functools.cache
def _columns(table: str) -> tuple[tuple[str, str], ...]:
    """(name, type) of every column of a store table, in order."""
    con = duckdb.connect()
    try:
        con.execute(_store_ddl())
        return tuple(
            con.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
                "ORDER BY column_index",
                [table],
            ).fetchall()
        )
    finally:
        con.close()


def _refuse(th: str, en: str) -> SnapshotRefused:
    return SnapshotRefused(th, en)


def _load_json(path: Path) -> dict:
    """The manifest's JSON object (refused when too big, unreadable or not an object)."""
    try:
        if path.is_symlink() or path.stat().st_size > MANIFEST_MAX:
            raise _refuse("ไฟล์กำกับ (manifest) ไม่ถูกต้อง", "the manifest is not a valid file")
        obj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _refuse(f"อ่านไฟล์กำกับไม่ได้: {exc}", f"cannot read the manifest: {exc}") from exc
    if not isinstance(obj, dict) or obj.get("format") != FORMAT:
        raise _refuse(
            "ไฟล์กำกับไม่ใช่ของสำเนาแดชบอร์ดการเชื่อมโยงข้อมูล",
            "the manifest is not a linkage dashboard snapshot's",
        )
    return obj


def _check_version(value: object) -> int:
    """The schema version, refused when not one this program reads."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _refuse("รุ่นโครงสร้างข้อมูลในไฟล์กำกับไม่ถูกต้อง", "the manifest's schema version is invalid")
    if value > SCHEMA_VERSION:
        raise _refuse(
            f"สำเนานี้เป็นโครงสร้างรุ่น {value} ใหม่กว่าโปรแกรมนี้ (รุ่น {SCHEMA_VERSION}) กรุณาอัปเดตโปรแกรม",
            f"this snapshot has schema version {value}, newer than this program's "
            f"({SCHEMA_VERSION}); update the program",
        )
    return value


def _check_files(folder: Path, tables: object, version: int) -> tuple[dict, dict]:
    """Each table's file, checked against the manifest's SHA-256: paths and row counts."""
    if not isinstance(tables, dict) or set(tables) != tables_at(version):
        raise _refuse(
            f"ไฟล์กำกับระบุตารางไม่ครบหรือเกินจากโครงสร้างรุ่น {version}",
            f"the manifest's tables are not those of schema version {version}",
        )
    files, rows = {}, {}
    for table, entry in tables.items():
        expected = f"table={table}/{PART}"
        if not isinstance(entry, dict) or entry.get("file") != expected:
            raise _refuse(f"ไฟล์กำกับระบุไฟล์ของ {table} ไม่ถูกต้อง", f"bad file entry for {table}")
        path = folder / expected
        if path.is_symlink() or not path.is_file():
            raise _refuse(f"ไม่พบไฟล์ {expected}", f"the file {expected} is missing")
        if sha256_file(path) != entry.get("sha256"):
            raise _refuse(
                f"ไฟล์ {expected} ไม่ตรงกับค่า SHA-256 ในไฟล์กำกับ (ไฟล์ถูกแก้ไขหรือเสียหาย)",
                f"the file {expected} does not match its SHA-256 in the manifest "
                "(changed or damaged)",
            )
        count = entry.get("rows")
        if not isinstance(count, int) or count < 0:
            raise _refuse(f"จำนวนแถวของ {table} ไม่ถูกต้อง", f"bad row count for {table}")
        files[table], rows[table] = path, count
    return files, rows


def read_snapshot(folder: Path) -> AgencySnapshot:
    """One snapshot folder (``…/agency=CODE``), checked; SnapshotRefused with the reason if not."""
    obj = _load_json(folder / MANIFEST)
    code = obj.get("agency")
    if not isinstance(code, str) or not AGENCY_CODE.fullmatch(code):
        raise _refuse("รหัสหน่วยงานในไฟล์กำกับไม่ถูกต้อง", "the manifest's agency code is invalid")
    if folder.name != f"agency={code}":
        raise _refuse(
            f"โฟลเดอร์ {folder.name} ไม่ตรงกับรหัสหน่วยงานในไฟล์กำกับ ({code})",
            f"the folder {folder.name} does not match the manifest's agency ({code})",
        )
    version = _check_version(obj.get("schema_version"))
    try:
        created = dt.datetime.fromisoformat(str(obj.get("created_at")))
    except ValueError as exc:
        raise _refuse("วันที่สร้างในไฟล์กำกับไม่ถูกต้อง", "the manifest's created_at is invalid") from exc
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    files, rows = _check_files(folder, obj.get("tables"), version)
    figures = _read_figures(folder, obj["figures"]) if "figures" in obj else None
    name = obj.get("agency_name")
    return AgencySnapshot(
        code, name if isinstance(name, str) else code, created, version, folder, files, rows,
        figures,
    )  # fmt: skip


def _read_figures(folder: Path, entry: object) -> dict:
    """The agency's figures written with the snapshot, checked against the manifest's SHA-256."""
    path = folder / FIGURES
    if not isinstance(entry, dict) or entry.get("file") != FIGURES:
        raise _refuse("ไฟล์กำกับระบุไฟล์ตัวเลขสรุปไม่ถูกต้อง", "bad entry for the figures file")
    if path.is_symlink() or not path.is_file() or path.stat().st_size > FIGURES_MAX:
        raise _refuse(f"ไม่พบไฟล์ {FIGURES} หรือใหญ่เกินไป", f"the file {FIGURES} is missing or too big")
    if sha256_file(path) != entry.get("sha256"):
        raise _refuse(
            f"ไฟล์ {FIGURES} ไม่ตรงกับค่า SHA-256 ในไฟล์กำกับ (ไฟล์ถูกแก้ไขหรือเสียหาย)",
            f"the file {FIGURES} does not match its SHA-256 in the manifest (changed or damaged)",
        )
    try:
        figures = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _refuse(f"อ่านไฟล์ {FIGURES} ไม่ได้", f"cannot read {FIGURES}: {exc}") from exc
    if not isinstance(figures, dict):
        raise _refuse(f"ไฟล์ {FIGURES} ไม่ถูกต้อง", f"{FIGURES} is not a JSON object")
    return figures


def _snapshot_folders(root: Path) -> list[Path]:
    """Every ``agency=…`` folder holding a manifest under root (hidden folders skipped)."""
    found = []
    for manifest in sorted(root.rglob(MANIFEST)):
        parts = manifest.relative_to(root).parts[:-1]
        if any(p.startswith((".", "_")) for p in parts):
            continue  # a snapshot being written, or one moved aside
        found.append(manifest.parent)
    return found


def scan(root: str | Path) -> Rollup:
    """Read a folder of snapshots: per agency the newest valid one; the rest and why."""
    root = Path(root).resolve()
    rollup = Rollup(root)
    if not root.is_dir():
        rollup.refused.append(Refused(root, "ไม่พบโฟลเดอร์สำเนา", "no such folder of snapshots"))
        return rollup
    for folder in _snapshot_folders(root):
        inner = folder.relative_to(root).parts[:-1]
        try:
            if any("=" in p for p in inner) or folder.is_symlink():
                raise _refuse(
                    "โฟลเดอร์สำเนาอยู่ในโฟลเดอร์ที่มีชื่อแบบ key=value อื่น",
                    "the snapshot sits inside another key=value folder",
                )
            found = read_snapshot(folder)
        except SnapshotRefused as exc:
            rollup.refused.append(Refused(folder, exc.th, exc.en))
            continue
        kept = rollup.agencies.get(found.code)
        if kept is None or found.created_at > kept.created_at:
            rollup.agencies[found.code] = found
            if kept is not None:
                rollup.superseded.append(kept)
        else:
            rollup.superseded.append(found)
    return rollup


def _view_sql(
    con: duckdb.DuckDBPyConnection,
    table: str,
    files: list[Path],
    current: bool,
    codes: list[str] | None,
) -> str:
    """A view of one table over Parquet files, in the store's column order, plus `agency`.
    Columns an older snapshot lacks are NULL (read from the files unless all are `current`).
    With `codes` (every agency, in order), IDs are kept apart: linkage IDs prefixed with the
    agency, upload IDs offset by its place (UPLOAD_ID_SPAN)."""
    wanted = _columns(table)
    paths = ", ".join(sql_text(str(f)) for f in files)
    source = f"read_parquet([{paths}], {HIVE}, union_by_name = true)"
    if current:
        present = {name for name, _ in wanted}
    else:
        present = {r[0] for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
    columns = []
    for name, sql_type in wanted:
        value = quoted(name) if name in present else "NULL"
        if codes is not None and name in ID_COLUMNS:
            value = f"agency || '/' || {value}"
        if codes is not None and name == "upload_id" and name in present:
            value = f"{value} + {PLACES}.place"
        columns.append(f"CAST({value} AS {sql_type}) AS {quoted(name)}")
    if codes is not None:  # a join, not a CASE of every agency: that took 62 s at 3,000
        source += f" JOIN {PLACES} USING (agency)"
    return f"SELECT {', '.join(columns)}, agency FROM {source}"


def _places(con: duckdb.DuckDBPyConnection, codes: list[str]) -> None:
    """Each agency's upload ID offset (its place in `codes` times UPLOAD_ID_SPAN), as a table."""
    con.execute(
        f"CREATE TABLE {PLACES} AS SELECT unnest(?::VARCHAR[]) AS agency, "
        f"unnest(range(0, ?)) * CAST({UPLOAD_ID_SPAN} AS BIGINT) AS place",
        [codes, len(codes)],
    )


def connect(
    rollup: Rollup, agency: str | None = None, *, materialize: bool = False
) -> duckdb.DuckDBPyConnection:
    """An in-memory store over the roll-up (or over one agency of it), read through views;
    `materialize` loads the files into memory once instead (one query then reads no file: the
    union of hundreds of agencies' small files is read once, not at every query)."""
    chosen = list(rollup.agencies.values())
    if agency is not None:
        chosen = [rollup.agencies[agency]]
    current = all(s.schema_version == SCHEMA_VERSION for s in chosen)
    con = duckdb.connect()
    con.execute(_store_ddl())
    codes = sorted(rollup.agencies) if agency is None else None
    if codes is not None:
        _places(con, codes)
    statements = []
    for table in SNAPSHOT_TABLES:
        files = [s.files[table] for s in chosen if table in s.files]
        if not files:
            statements.append(f"ALTER TABLE {quoted(table)} ADD COLUMN agency VARCHAR")
            continue
        sql = _view_sql(con, table, files, current=current, codes=codes)
        statements.append(f"DROP TABLE {quoted(table)}")
        kind = "TABLE" if materialize else "VIEW"
        statements.append(f"CREATE {kind} {quoted(table)} AS {sql}")
    con.execute(";\n".join(statements))
    con.execute("INSERT INTO settings VALUES ('sample_state', 'removed', current_timestamp)")
    if agency is not None:
        name = rollup.agencies[agency].name
        con.execute("INSERT INTO settings VALUES ('agency_name', ?, current_timestamp)", [name])
    return con
