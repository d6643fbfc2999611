"""The DuckDB store: where the file lives, its versioned schema, upgrades with backups."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from loaders.spec import BOOL, DATE, INT, KINDS, Kind

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_ROOT / "data" / "linkage.duckdb"

# One writer at a time inside a process; DuckDB's own file lock keeps other processes out.
WRITE_LOCK = threading.RLock()

SQL_TYPES = {DATE: "DATE", BOOL: "BOOLEAN", INT: "INTEGER"}
LOCK_ERROR = re.compile(r"\block\b", re.IGNORECASE)  # "Could not set lock on file …"


class StoreError(RuntimeError):
    """The database file cannot be opened or used; carries a bilingual message."""

    def __init__(self, th: str, en: str, *, busy: bool = False) -> None:
        super().__init__(en)
        self.th = th
        self.en = en
        self.busy = busy  # another process holds the file: waiting and retrying may succeed


def default_db_path() -> Path:
    """The database path: LINKAGE_DB if set, else data/linkage.duckdb in the project."""
    env = os.environ.get("LINKAGE_DB")
    return Path(env) if env else DEFAULT_DB


def sql_type(kind: Kind, key: str) -> str:
    """The SQL type of a template column."""
    return SQL_TYPES.get(kind.column(key).type, "VARCHAR")


def _record_table_ddl(kind: Kind) -> str:
    """CREATE TABLE for one kind: the template keys, then bookkeeping columns."""
    cols = ",\n  ".join(f'"{c.key}" {sql_type(kind, c.key)}' for c in kind.columns)
    return (
        f"CREATE TABLE {kind.table} (\n  {cols},\n"
        "  upload_id BIGINT,\n  is_sample BOOLEAN DEFAULT false,\n"
        "  created_at TIMESTAMP,\n  updated_at TIMESTAMP\n)"
    )


def _migrate_v1(con: duckdb.DuckDBPyConnection) -> None:
    """Version 1: the four record tables, the upload log and the register's change history."""
    for kind in KINDS.values():
        con.execute(_record_table_ddl(kind))
    con.execute(
        """CREATE TABLE uploads (
          upload_id BIGINT, file_name VARCHAR, sha256 VARCHAR, kind VARCHAR,
          uploaded_by VARCHAR, uploaded_at TIMESTAMP, source VARCHAR,
          accepted INTEGER, rejected INTEGER, added INTEGER, changed INTEGER,
          unchanged INTEGER, absent INTEGER, is_sample BOOLEAN DEFAULT false)"""
    )
    con.execute(
        """CREATE TABLE linkage_history (
          linkage_id VARCHAR, field VARCHAR, old_value VARCHAR, new_value VARCHAR,
          changed_at TIMESTAMP, upload_id BIGINT, is_sample BOOLEAN DEFAULT false)"""
    )


def _migrate_v2(con: duckdb.DuckDBPyConnection) -> None:
    """Version 2: rejected rows kept per upload, and a key-value settings table."""
    con.execute(
        """CREATE TABLE upload_rejections (
          upload_id BIGINT, "row" INTEGER, "column" VARCHAR, value VARCHAR,
          message_th VARCHAR, message_en VARCHAR)"""
    )
    con.execute("CREATE TABLE settings (key VARCHAR, value VARCHAR, updated_at TIMESTAMP)")


def _migrate_v3(con: duckdb.DuckDBPyConnection) -> None:
    """Version 3: KPI targets and dated milestones, editable per fiscal year (BE)."""
    con.execute(
        """CREATE TABLE kpi_targets (
          fiscal_year INTEGER, kpi_id VARCHAR, target DOUBLE, note VARCHAR,
          updated_by VARCHAR, updated_at TIMESTAMP)"""
    )
    con.execute(
        """CREATE TABLE milestones (
          fiscal_year INTEGER, milestone_id VARCHAR, linkage_id VARCHAR, done_on DATE,
          note VARCHAR, updated_by VARCHAR, updated_at TIMESTAMP)"""
    )


def _migrate_v4(con: duckdb.DuckDBPyConnection) -> None:
    """Version 4: the audit trail (who did what, when)."""
    con.execute(
        """CREATE TABLE audit_log (
          logged_at TIMESTAMP, actor VARCHAR, role VARCHAR, action VARCHAR, detail VARCHAR)"""
    )


def _migrate_v5(con: duckdb.DuckDBPyConnection) -> None:
    """Version 5: target bands (minimum/good/excellent) and per-quarter targets per fiscal year."""
    con.execute(
        """CREATE TABLE target_bands (
          fiscal_year INTEGER, kpi_id VARCHAR, minimum DOUBLE, good DOUBLE, excellent DOUBLE,
          updated_by VARCHAR, updated_at TIMESTAMP)"""
    )
    con.execute(
        """CREATE TABLE quarter_targets (
          fiscal_year INTEGER, kpi_id VARCHAR, quarter INTEGER, target DOUBLE,
          updated_by VARCHAR, updated_at TIMESTAMP)"""
    )


MIGRATIONS: list[Callable[[duckdb.DuckDBPyConnection], None]] = [
    _migrate_v1,
    _migrate_v2,
    _migrate_v3,
    _migrate_v4,
    _migrate_v5,
]
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version stored in the file; 0 for an empty file."""
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "schema_info" not in tables:
        if tables:
            raise StoreError(
                "ไฟล์ฐานข้อมูลนี้ไม่ได้สร้างโดยแดชบอร์ดการเชื่อมโยงข้อมูล",
                "this database file was not made by the linkage dashboard",
            )
        return 0
    row = con.execute("SELECT max(version) FROM schema_info").fetchone()
    return int(row[0] or 0)


def migrate(con: duckdb.DuckDBPyConnection, target: int = SCHEMA_VERSION) -> int:
    """Apply the missing migrations up to `target` in one transaction; return the old version."""
    current = schema_version(con)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"ฐานข้อมูลเป็นรุ่น {current} ใหม่กว่าโปรแกรมนี้ (รุ่น {SCHEMA_VERSION}) กรุณาอัปเดตโปรแกรม",
            f"database schema {current} is newer than this program's ({SCHEMA_VERSION}); update the program",
        )
    if current >= target:
        return current
    con.execute("BEGIN TRANSACTION")
    try:
        if current == 0:
            con.execute("CREATE TABLE schema_info (version INTEGER, upgraded_at TIMESTAMP)")
        for version in range(current + 1, target + 1):
            MIGRATIONS[version - 1](con)
            con.execute(
                "INSERT INTO schema_info VALUES (?, current_timestamp::TIMESTAMP)", [version]
            )
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return current


def backup_path(path: Path, label: str, now: dt.datetime | None = None) -> Path:
    """A dated backup file name beside the database."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.name}.bak-{stamp}-{label}")


def latest_backup(path: Path) -> Path | None:
    """The newest backup beside the database, if any."""
    found = [p for p in path.parent.glob(f"{path.name}.bak-*") if not p.name.endswith(".wal")]
    backups = sorted(found, key=lambda p: p.stat().st_mtime)
    return backups[-1] if backups else None


def backup_file(path: Path, label: str) -> Path:
    """Copy the database file (and its WAL, if any) to a dated backup beside it."""
    target = backup_path(path, label)
    n = 1
    while target.exists():
        target = backup_path(path, f"{label}-{n}")
        n += 1
    shutil.copy2(path, target)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        shutil.copy2(wal, target.with_name(target.name + ".wal"))
    return target


def is_lock_error(exc: Exception) -> bool:
    """Whether DuckDB refused a file because another process holds its lock (not "block": a
    damaged file's checksum error names a block and must not be taken for a busy one)."""
    return LOCK_ERROR.search(str(exc)) is not None


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open the file, turning DuckDB's errors into a clear bilingual StoreError."""
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        if is_lock_error(exc):
            raise StoreError(
                f"ฐานข้อมูล {path} ถูกใช้งานโดยโปรแกรมอื่นอยู่ กรุณาลองใหม่อีกครั้ง",
                f"the database {path} is in use by another process; try again shortly",
                busy=True,
            ) from exc
        raise _damaged(path, exc) from exc
    except duckdb.Error as exc:
        raise _damaged(path, exc) from exc


def _damaged(path: Path, exc: Exception) -> StoreError:
    """The error for a file DuckDB cannot read, naming the latest backup."""
    backup = latest_backup(path)
    where_th = f" สำรองล่าสุดอยู่ที่ {backup}" if backup else " ไม่พบไฟล์สำรอง"
    where_en = f" The latest backup is {backup}." if backup else " No backup was found."
    return StoreError(
        f"เปิดไฟล์ฐานข้อมูล {path} ไม่ได้ (ไฟล์อาจเสียหาย): {exc}.{where_th}",
        f"cannot open the database file {path} (it may be damaged): {exc}.{where_en}",
    )


def open_store(
    path: str | Path | None = None,
    *,
    read_only: bool = False,
    wait: float = 0.0,
    on_wait: Callable[[float], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open (creating or upgrading) the store; an older file is backed up before its upgrade.

    DuckDB lets one process write a file at a time. When another process holds it, retry for
    up to `wait` seconds (calling `on_wait(seconds_waited)` before each retry), then raise the
    busy StoreError.
    """
    started = time.monotonic()
    while True:
        try:
            return _open_store_once(path, read_only=read_only)
        except StoreError as exc:
            waited = time.monotonic() - started
            if not exc.busy or waited >= wait:
                raise
            if on_wait is not None:
                on_wait(waited)
            time.sleep(min(0.25, max(wait - waited, 0.01)))


def _open_store_once(path: str | Path | None, *, read_only: bool) -> duckdb.DuckDBPyConnection:
    """One attempt of open_store."""
    path = Path(path) if path is not None else default_db_path()
    if str(path) == ":memory:":
        con = duckdb.connect(":memory:")
        migrate(con)
        return con
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists() and path.stat().st_size > 0
    con = _connect(path, read_only)
    if read_only:
        return con
    try:
        version = schema_version(con)
        if existed and 0 < version < SCHEMA_VERSION:
            con.execute("CHECKPOINT")
            con.close()
            backup_file(path, f"v{version}")
            con = _connect(path, read_only)
        migrate(con)
    except BaseException:
        # A refused or half-upgraded file is not left open (and locked) by this process.
        con.close()
        raise
    return con
