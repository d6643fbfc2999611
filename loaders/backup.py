"""Backups of the store: list them, make one now, restore one (checked before it replaces anything)."""

from __future__ import annotations

import datetime as dt
import fcntl
import functools
import os
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from auth import audit
from loaders.store import (
    SCHEMA_VERSION,
    StoreError,
    backup_file,
    is_lock_error,
    keep_files_private,
    migrate,
    private_copy,
    quoted,
    schema_version,
)
from loaders.writer import exclusive

BACKUP_MARK = ".bak-"
AUDIT_SINCE = 4  # the schema version that added audit_log
CLI_ROLE = "cli"  # the role written in the audit trail for the command line

# A backup is a file from outside: opened with no access to other files, no extension loading,
# and settings locked, so that nothing in it can read or write anything but itself.
UNTRUSTED = {
    "enable_external_access": False,
    "autoload_known_extensions": False,
    "autoinstall_known_extensions": False,
    "allow_community_extensions": False,
    "lock_configuration": True,
}

# Everything a database file can hold, read from DuckDB's catalog (no name from the file is
# ever put into SQL). A backup must hold exactly what our migrations make for some version.
CATALOG = {
    "schemas": "SELECT schema_name FROM duckdb_schemas()",
    "tables": "SELECT schema_name, table_name FROM duckdb_tables()",
    "columns": (
        "SELECT schema_name, table_name, column_index, column_name, data_type, column_default, "
        "is_nullable FROM duckdb_columns()"
    ),
    "constraints": (
        "SELECT schema_name, table_name, constraint_type, constraint_text FROM duckdb_constraints()"
    ),
    "views": "SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal",
    "indexes": "SELECT schema_name, index_name FROM duckdb_indexes()",
    "sequences": "SELECT schema_name, sequence_name FROM duckdb_sequences()",
    "types": "SELECT schema_name, type_name FROM duckdb_types() WHERE NOT internal",
    "functions": "SELECT schema_name, function_name FROM duckdb_functions() WHERE NOT internal",
}


@dataclass(frozen=True)
class Backup:
    """One backup file beside the database."""

    path: Path
    size: int
    modified: dt.datetime

    @property
    def label(self) -> str:
        """What the backup was made for: `manual`, `v4` (before an upgrade), `before-restore`…"""
        rest = self.path.name.split(BACKUP_MARK, 1)[1]
        parts = rest.split("-", 2)  # YYYYMMDD-HHMMSS-label
        return parts[2] if len(parts) == 3 else rest

    def as_dict(self) -> dict[str, object]:
        """The backup as JSON-ready values."""
        return {
            "path": str(self.path),
            "size": self.size,
            "modified": self.modified.isoformat(timespec="seconds"),
            "label": self.label,
        }


def list_backups(db: Path) -> list[Backup]:
    """The backups beside a database file, newest first (their WAL side files left out)."""
    found = []
    for path in db.parent.glob(f"{db.name}{BACKUP_MARK}*"):
        if path.name.endswith(".wal"):
            continue
        stat = path.stat()
        found.append(Backup(path, stat.st_size, dt.datetime.fromtimestamp(stat.st_mtime)))
    return sorted(found, key=lambda b: (b.modified, b.path.name), reverse=True)


def _busy(db: Path) -> StoreError:
    """The error for a database another process holds."""
    return StoreError(
        f"ฐานข้อมูล {db} ถูกใช้งานโดยโปรแกรมอื่นอยู่ (เช่น แดชบอร์ดกำลังแสดงหน้า หรือกำลังนำเข้าข้อมูล) "
        "กรุณาลองใหม่อีกครั้ง",
        f"the database {db} is in use by another process (a page being shown, an import); "
        "try again shortly",
        busy=True,
    )


def _hold(db: Path, wait: float) -> duckdb.DuckDBPyConnection:
    """Open the database for writing (so no other process can), retrying up to `wait` seconds."""
    if not db.exists():
        raise StoreError(f"ไม่พบไฟล์ฐานข้อมูล {db}", f"no database file at {db}")
    started = time.monotonic()
    while True:
        try:
            return duckdb.connect(str(db))
        except duckdb.Error as exc:
            if not is_lock_error(exc):
                raise StoreError(
                    f"เปิดไฟล์ฐานข้อมูล {db} ไม่ได้: {exc}", f"cannot open the database {db}: {exc}"
                ) from exc
            if time.monotonic() - started >= wait:
                raise _busy(db) from exc
            time.sleep(0.2)


def backup_now(
    con: duckdb.DuckDBPyConnection, db: Path, label: str = "manual", now: dt.datetime | None = None
) -> Backup:
    """Back up a database this process has open (the dashboard's connection): checkpoint, copy."""
    keep_files_private()
    with exclusive():
        con.execute("CHECKPOINT")
        target = backup_file(db, label, now)
    stat = target.stat()
    return Backup(target, stat.st_size, dt.datetime.fromtimestamp(stat.st_mtime))


def make_backup(
    db: Path,
    label: str = "manual",
    *,
    wait: float = 0.0,
    actor: str = "",
    now: dt.datetime | None = None,
) -> Backup:
    """Back up a database file, holding it so no other process writes during the copy; the backup
    is then an entry of the audit trail (made by `actor` from the command line)."""
    con = _hold(db, wait)
    try:
        made = backup_now(con, db, label, now)
        if schema_version(con) >= AUDIT_SINCE:
            detail = {"file": made.path.name, "size": made.size, "label": made.label}
            audit.record(con, actor, CLI_ROLE, "backup_made", detail)
            con.execute("CHECKPOINT")
        return made
    finally:
        con.close()


def _open_untrusted(path: Path) -> duckdb.DuckDBPyConnection:
    """Open a file from outside with no access to anything but itself."""
    return duckdb.connect(str(path), config=UNTRUSTED)


def catalog(con: duckdb.DuckDBPyConnection) -> dict[str, frozenset[tuple[object, ...]]]:
    """Every schema, table, column, constraint, view, index, sequence, type and macro the
    connection's own database holds (the same query for a backup and for a fresh store)."""
    found = {}
    for part, sql in CATALOG.items():
        where = " AND " if " WHERE " in sql else " WHERE "
        rows = con.execute(sql + where + "database_name = current_database()").fetchall()
        found[part] = frozenset(rows)
    return found


@functools.cache
def known_catalog(version: int) -> dict[str, frozenset[tuple[object, ...]]]:
    """What a store of one schema version holds: made by our migrations in memory."""
    con = duckdb.connect(":memory:")
    try:
        if version:
            migrate(con, version)
        return catalog(con)
    finally:
        con.close()


def _not_ours(backup: Path, why_th: str, why_en: str) -> StoreError:
    """The refusal of a backup that is not a store this program made (its names never echoed)."""
    return StoreError(
        f"ไฟล์ {backup} ไม่ได้สร้างโดยแดชบอร์ดการเชื่อมโยงข้อมูล ({why_th}) "
        "จึงไม่ได้กู้คืน ฐานข้อมูลปัจจุบันไม่ถูกแตะต้อง",
        f"the file {backup} was not made by the linkage dashboard ({why_en}), so nothing was "
        "restored and the current database was not touched",
    )


def check_backup(con: duckdb.DuckDBPyConnection, backup: Path) -> int:
    """The schema version of a backup whose catalog is exactly a known store's; else refuse."""
    found = catalog(con)
    if found == known_catalog(0):
        raise StoreError(
            f"ไฟล์สำรอง {backup} ไม่มีข้อมูลของแดชบอร์ด จึงไม่ได้กู้คืน",
            f"the backup {backup} holds no dashboard data, so nothing was restored",
        )
    matches = [v for v in range(1, SCHEMA_VERSION + 1) if known_catalog(v) == found]
    if not matches:
        newest = known_catalog(SCHEMA_VERSION)
        if all(newest[part] <= found[part] for part in ("tables", "columns")):
            raise _not_ours(
                backup,
                "อาจสร้างโดยโปรแกรมรุ่นใหม่กว่า หรือมีตาราง คอลัมน์ หรือออบเจ็กต์ที่โปรแกรมนี้ไม่รู้จัก",
                "it may come from a newer version, or it holds tables, columns or objects "
                "this program does not know",
            )
        raise _not_ours(
            backup,
            f"ตารางและคอลัมน์ไม่ตรงกับโครงสร้างฐานข้อมูลรุ่น 1–{SCHEMA_VERSION}",
            f"its tables and columns are not the dashboard's schema, versions 1–{SCHEMA_VERSION}",
        )
    version = matches[0]
    stated = con.execute("SELECT max(version) FROM main.schema_info").fetchone()[0]
    if stated != version:
        raise _not_ours(
            backup,
            f"บันทึกว่าเป็นรุ่น {stated} แต่โครงสร้างเป็นรุ่น {version}",
            f"it says schema version {stated} but its tables are version {version}'s",
        )
    return version


def _staging(db: Path, now: dt.datetime | None = None) -> Path:
    """A new file name beside the database for a backup being checked."""
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return db.with_name(f"{db.name}.restoring-{stamp}-{os.getpid()}")


def _discard(staged: Path) -> None:
    """Remove a staged copy and its WAL."""
    for leftover in (staged, staged.with_name(staged.name + ".wal")):
        leftover.unlink(missing_ok=True)


def _verified_copy(backup: Path, db: Path) -> tuple[Path, int]:
    """Copy a backup beside the database (0600), check it against the known schema and that it
    reads to its end; return the copy and its schema version. Nothing else is touched."""
    if not backup.is_file():
        raise StoreError(f"ไม่พบไฟล์สำรอง {backup}", f"no backup file at {backup}")
    staged = _staging(db)
    private_copy(backup, staged)
    wal = backup.with_name(backup.name + ".wal")
    try:
        if wal.exists():
            private_copy(wal, staged.with_name(staged.name + ".wal"))
        con = _open_untrusted(staged)
        try:
            version = check_backup(con, backup)
            for table in sorted(known_catalog(version)["tables"]):  # our names, never the file's
                schema, name = table
                con.execute(f"SELECT count(*) FROM {quoted(schema)}.{quoted(name)}").fetchone()
            con.execute("CHECKPOINT")  # fold any WAL in, so the single file is complete
        finally:
            con.close()
    except (duckdb.Error, StoreError, OSError) as exc:
        _discard(staged)
        if isinstance(exc, StoreError):
            raise
        raise StoreError(
            f"ไฟล์สำรอง {backup} เปิดไม่ได้หรือเสียหาย จึงไม่ได้กู้คืน: {exc}",
            f"the backup {backup} does not open or is damaged, so nothing was restored: {exc}",
        ) from exc
    staged.with_name(staged.name + ".wal").unlink(missing_ok=True)
    return staged, version


def _audit_rows(con: duckdb.DuckDBPyConnection | None) -> object | None:
    """The current store's audit trail (a DataFrame), or None when it has none to give."""
    if con is None or schema_version(con) < AUDIT_SINCE:
        return None
    return con.execute("SELECT logged_at, actor, role, action, detail FROM audit_log").df()


def _finish_restored(
    staged: Path, trail: object | None, actor: str, detail: dict[str, object]
) -> int:
    """Bring a checked copy to the current schema, carry the current audit trail over into it
    (entries it lacks), and record the restore itself; return how many entries were carried."""
    con = duckdb.connect(str(staged))  # checked to hold only our schema
    try:
        migrate(con)
        carried = 0
        if trail is not None:
            before = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
            con.register("current_trail", trail)
            con.execute(
                "INSERT INTO audit_log SELECT * FROM current_trail "
                "EXCEPT ALL SELECT logged_at, actor, role, action, detail FROM audit_log"
            )
            con.unregister("current_trail")
            carried = con.execute("SELECT count(*) FROM audit_log").fetchone()[0] - before
        audit.record(con, actor, CLI_ROLE, "backup_restored", {**detail, "carried": carried})
        con.execute("CHECKPOINT")
    finally:
        con.close()
    staged.with_name(staged.name + ".wal").unlink(missing_ok=True)
    return carried


def _lock_damaged(db: Path) -> int:
    """Lock a file DuckDB cannot open the way DuckDB does (so no DuckDB process holds it)."""
    fd = os.open(db, os.O_RDWR)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise _busy(db) from None
    return fd


def restore(
    backup: Path, db: Path, *, wait: float = 0.0, actor: str = "", now: dt.datetime | None = None
) -> dict[str, object]:
    """Replace the database by a backup: check the backup against the known schema first, refuse
    while another process holds the database, back up the current file first (a damaged one too),
    keep its audit trail, and swap only a copy that was checked."""
    keep_files_private()
    staged, version = _verified_copy(backup, db)
    before: Backup | None = None
    detail: dict[str, object] = {"from": backup.name, "version": version}
    try:
        if not db.exists():
            _finish_restored(staged, None, actor, {**detail, "previous": "none"})
            os.replace(staged, db)
        else:
            try:
                con = _hold(db, wait)  # held until the swap: no other process writes meanwhile
            except StoreError as exc:
                if exc.busy:
                    raise
                con = None  # DuckDB cannot open it: damaged; keep a copy all the same
            if con is not None:
                try:
                    before = backup_now(con, db, "before-restore", now)
                    detail |= {"previous": "saved", "previous_saved_as": before.path.name}
                    _finish_restored(staged, _audit_rows(con), actor, detail)
                    os.replace(staged, db)
                    db.with_name(db.name + ".wal").unlink(missing_ok=True)
                finally:
                    con.close()
            else:
                fd = _lock_damaged(db)
                try:
                    target = backup_file(db, "damaged", now)
                    stat = target.stat()
                    before = Backup(target, stat.st_size, dt.datetime.fromtimestamp(stat.st_mtime))
                    # Its audit trail cannot be read: it stays in the damaged copy kept aside.
                    detail |= {"previous": "damaged", "previous_saved_as": target.name}
                    _finish_restored(staged, None, actor, detail)
                    os.replace(staged, db)
                    db.with_name(db.name + ".wal").unlink(missing_ok=True)
                finally:
                    os.close(fd)
    finally:
        _discard(staged)
    return {
        "restored": str(db),
        "from": str(backup),
        "previous_saved_as": str(before.path) if before else None,
    }
