"""Backups of the store: list them, make one now, restore one (checked before it replaces anything)."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from loaders.store import (
    WRITE_LOCK,
    StoreError,
    backup_file,
    is_lock_error,
    schema_version,
)

BACKUP_MARK = ".bak-"


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


def backup_now(con: duckdb.DuckDBPyConnection, db: Path, label: str = "manual") -> Backup:
    """Back up a database this process has open (the dashboard's connection): checkpoint, copy."""
    with WRITE_LOCK:
        con.execute("CHECKPOINT")
        target = backup_file(db, label)
    stat = target.stat()
    return Backup(target, stat.st_size, dt.datetime.fromtimestamp(stat.st_mtime))


def make_backup(db: Path, label: str = "manual", *, wait: float = 0.0) -> Backup:
    """Back up a database file, holding it so no other process writes during the copy."""
    con = _hold(db, wait)
    try:
        return backup_now(con, db, label)
    finally:
        con.close()


def _verified_copy(backup: Path, db: Path) -> Path:
    """Copy a backup beside the database and check it opens as a store; return the copy."""
    if not backup.is_file():
        raise StoreError(f"ไม่พบไฟล์สำรอง {backup}", f"no backup file at {backup}")
    staged = db.with_name(f"{db.name}.restoring-{dt.datetime.now():%Y%m%d-%H%M%S}")
    shutil.copy2(backup, staged)
    wal = backup.with_name(backup.name + ".wal")
    if wal.exists():
        shutil.copy2(wal, staged.with_name(staged.name + ".wal"))
    try:
        con = duckdb.connect(str(staged))
        try:
            version = schema_version(con)
            if version == 0:
                raise StoreError(
                    "ไฟล์สำรองนี้ไม่มีข้อมูลของแดชบอร์ด", "this backup holds no dashboard data"
                )
            tables = [
                r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()
            ]
            for table in tables:  # every table must read to its end
                con.execute(f'SELECT count(*) FROM "{table}"').fetchone()
            con.execute("CHECKPOINT")  # fold any WAL in, so the single file is complete
        finally:
            con.close()
    except (duckdb.Error, StoreError) as exc:
        for leftover in (staged, staged.with_name(staged.name + ".wal")):
            leftover.unlink(missing_ok=True)
        if isinstance(exc, StoreError):
            raise
        raise StoreError(
            f"ไฟล์สำรอง {backup} เปิดไม่ได้หรือเสียหาย จึงไม่ได้กู้คืน: {exc}",
            f"the backup {backup} does not open or is damaged, so nothing was restored: {exc}",
        ) from exc
    staged.with_name(staged.name + ".wal").unlink(missing_ok=True)
    return staged


def _lock_damaged(db: Path) -> int:
    """Lock a file DuckDB cannot open the way DuckDB does (so no DuckDB process holds it)."""
    fd = os.open(db, os.O_RDWR)
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise _busy(db) from None
    return fd


def restore(backup: Path, db: Path, *, wait: float = 0.0) -> dict[str, object]:
    """Replace the database by a backup: refuse while another process holds the database, back up
    the current file first (a damaged one too), and swap only a copy that was checked to open."""
    staged = _verified_copy(backup, db)
    before: Backup | None = None
    try:
        if not db.exists():
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
                    before = backup_now(con, db, "before-restore")
                    os.replace(staged, db)
                    db.with_name(db.name + ".wal").unlink(missing_ok=True)
                finally:
                    con.close()
            else:
                fd = _lock_damaged(db)
                try:
                    target = backup_file(db, "damaged")
                    stat = target.stat()
                    before = Backup(target, stat.st_size, dt.datetime.fromtimestamp(stat.st_mtime))
                    os.replace(staged, db)
                    db.with_name(db.name + ".wal").unlink(missing_ok=True)
                finally:
                    os.close(fd)
    finally:
        staged.unlink(missing_ok=True)
    return {
        "restored": str(db),
        "from": str(backup),
        "previous_saved_as": str(before.path) if before else None,
    }
