"""Backups against a hostile hand: crafted backup files, the audit trail across restores, file
permissions, labels that try to be paths. Every hostile file is built here, with DuckDB."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from auth import audit
from loaders import __main__ as cli
from loaders.backup import list_backups, make_backup, restore
from loaders.importer import import_bytes
from loaders.store import SCHEMA_VERSION, migrate, open_store, quoted
from tests.fingerprint import file_sha256, store_contents

REGISTER = (
    "รหัสการเชื่อมโยง,หน่วยงานคู่เชื่อมโยง,ทิศทางการเชื่อมโยง,ชุดข้อมูล,สถานะ,หมายเหตุ\n"
    "L-000001,กรมที่ 1,outbound,ชุด 1,requested,\n"
    "L-000002,กรมที่ 2,inbound,ชุด 2,linked,\n"
).encode()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store with two linkages and one audit entry."""
    path = tmp_path / "live" / "linkage.duckdb"
    con = open_store(path)
    import_bytes(con, REGISTER, "register.csv", "register")
    audit.record(con, "somchai", "admin", "sign_in", now=dt.datetime(2020, 1, 5, 8, 0))
    con.close()
    return path


@contextlib.contextmanager
def _umask(mask: int) -> Iterator[None]:
    """Run with a given umask (the usual 022 of a shell), then put the old one back."""
    old = os.umask(mask)
    try:
        yield
    finally:
        os.umask(old)


def _cli(*args: str) -> tuple[int, dict]:
    """`python -m loaders ... --json` in this process: its exit code and its JSON."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main([*args, "--json"])
    return code, json.loads(out.getvalue())


def _mode(path: Path) -> int:
    """A file's permission bits."""
    return stat.S_IMODE(path.stat().st_mode)


def _audit(path: Path) -> list[tuple]:
    """The audit trail of a store file, oldest first: (actor, role, action, detail as dict)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            "SELECT actor, role, action, detail FROM audit_log ORDER BY logged_at"
        ).fetchall()
    finally:
        con.close()
    return [(actor, role, action, json.loads(detail)) for actor, role, action, detail in rows]


# --- hostile backups: refused before anything is touched ------------------------------------------
def _payload(target: Path) -> str:
    """A table name that, pasted into SQL between double quotes, closes them (on a table every
    store has, so the first statement runs) and then writes `target`."""
    return f"schema_info\"; COPY (SELECT 'pwned') TO '{target}'; --"


def _a_store(path: Path, version: int = SCHEMA_VERSION) -> duckdb.DuckDBPyConnection:
    """A store file of one schema version, left open for the test to tamper with."""
    con = duckdb.connect(str(path))
    migrate(con, version)
    return con


def _extra_table(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    con.execute(f"CREATE TABLE {quoted(_payload(target))} (x INTEGER)")


def _only_the_payload(path: Path, target: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute(f"CREATE TABLE {quoted(_payload(target))} (x INTEGER)")
    con.close()


def _extra_column(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    con.execute(f"ALTER TABLE linkages ADD COLUMN {quoted(_payload(target))} INTEGER")


def _view(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    con.execute(f"CREATE VIEW {quoted(_payload(target))} AS SELECT * FROM linkages")


def _macro(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    con.execute("CREATE MACRO settings_value(k) AS (SELECT 1)")


def _other_schema(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    con.execute(f"CREATE SCHEMA {quoted(_payload(target))}")


def _default(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    con.execute("ALTER TABLE audit_log ALTER COLUMN detail SET DEFAULT 'x'")


def _lying_version(con: duckdb.DuckDBPyConnection, target: Path) -> None:
    con.execute("INSERT INTO schema_info VALUES (99, current_timestamp::TIMESTAMP)")


HOSTILE: dict[str, Callable[[duckdb.DuckDBPyConnection, Path], None]] = {
    "extra table named with an SQL payload": _extra_table,
    "extra column named with an SQL payload": _extra_column,
    "a view": _view,
    "a macro": _macro,
    "another schema": _other_schema,
    "a changed column default": _default,
    "schema_info says a version its tables are not": _lying_version,
}


@pytest.mark.parametrize("how", [*HOSTILE, "nothing but the payload table"])
def test_a_hostile_backup_is_refused_and_changes_nothing(store, tmp_path, how, capsys):
    target = tmp_path / "pwned.txt"
    hostile = tmp_path / "hostile.duckdb"
    if how in HOSTILE:
        con = _a_store(hostile)
        HOSTILE[how](con, target)
        con.close()
    else:
        _only_the_payload(hostile, target)
    before = file_sha256(store)
    code, refused = _cli("restore", str(hostile), "--db", str(store))
    assert code == 2 and refused["ok"] is False
    assert "not made by the linkage dashboard" in refused["message_en"]
    assert "nothing was restored" in refused["message_en"]
    assert "ไม่ได้กู้คืน" in refused["message_th"]
    assert _payload(target) not in refused["message_en"]  # a name from the file is never echoed
    assert not target.exists()  # the payload never ran
    assert file_sha256(store) == before
    assert list_backups(store) == []  # refused before a "before-restore" copy was made
    assert sorted(p.name for p in store.parent.iterdir()) == ["linkage.duckdb"]
    # Without --json: the same refusal on stderr, in Thai and English, exit 2.
    assert cli.main(["restore", str(hostile), "--db", str(store)]) == 2
    said = capsys.readouterr().err
    assert "ไม่ได้สร้างโดยแดชบอร์ด" in said and "not made by the linkage dashboard" in said


def test_the_payload_is_real_when_pasted_into_sql(tmp_path):
    """The hostile name does write a file when put between quotes unescaped (what the old code
    did), and does not once its quotes are doubled: the test above tests a real attack."""
    target = tmp_path / "pwned.txt"
    con = _a_store(tmp_path / "x.duckdb")
    con.execute(f"CREATE TABLE {quoted(_payload(target))} (x INTEGER)")
    con.execute(f"SELECT count(*) FROM {quoted(_payload(target))}")
    assert not target.exists()
    con.execute(f'SELECT count(*) FROM "{_payload(target)}"')
    con.close()
    assert target.exists()


def test_quoted_doubles_quotes():
    assert quoted('a"b') == '"a""b"'
    assert quoted("linkages") == '"linkages"'


def test_an_older_backup_is_accepted_and_brought_up_to_date(store, tmp_path):
    old = tmp_path / "v3.duckdb"
    _a_store(old, 3).close()
    code, restored = _cli("restore", str(old), "--db", str(store))
    assert code == 0, restored
    con = duckdb.connect(str(store), read_only=True)
    try:
        version = con.execute("SELECT max(version) FROM schema_info").fetchone()[0]
    finally:
        con.close()
    assert version == SCHEMA_VERSION
    # The v3 file had no audit trail: the current one was carried into it.
    assert [a for _, _, a, _ in _audit(store)] == ["sign_in", "backup_restored"]


# --- the audit trail survives restores, and records them -------------------------------------------
def test_the_audit_trail_survives_a_restore_and_records_backup_and_restore(store, monkeypatch):
    monkeypatch.setattr(cli, "_current_user", lambda: "operator1")
    code, made = _cli("backup", "--db", str(store))
    assert code == 0
    con = open_store(store)  # after the backup: a sign-in the backup does not hold
    audit.record(con, "malee", "planner", "sign_in", now=dt.datetime(2099, 1, 1))
    con.close()
    code, restored = _cli("restore", made["backup"], "--db", str(store))
    assert code == 0
    trail = _audit(store)
    assert [(actor, action) for actor, _, action, _ in trail] == [
        ("somchai", "sign_in"),
        ("operator1", "backup_made"),
        ("operator1", "backup_restored"),  # restores are logged when they happen...
        ("malee", "sign_in"),  # ...and the later entry (dated 2099) was carried over
    ]
    (_, role, _, made_detail), (_, _, _, restore_detail) = trail[1], trail[2]
    assert role == "cli" and made_detail["file"] == Path(made["backup"]).name
    assert restore_detail["from"] == Path(made["backup"]).name
    assert restore_detail["previous_saved_as"] == Path(restored["previous_saved_as"]).name
    assert restore_detail["carried"] == 2  # the backup_made and malee's sign-in
    # Restoring twice carries nothing twice.
    assert _cli("restore", made["backup"], "--db", str(store))[0] == 0
    actions = [action for _, _, action, _ in _audit(store)]
    assert actions.count("backup_made") == 1 and actions.count("backup_restored") == 2
    assert actions.count("sign_in") == 2


# --- files readable by their owner only -----------------------------------------------------------
def test_store_wal_backups_and_restored_file_are_created_0600(tmp_path):
    with _umask(0o022):  # what a shell usually has: files 0644 unless we see to it
        path = tmp_path / "linkage.duckdb"
        con = open_store(path)
        import_bytes(con, REGISTER, "register.csv", "register")
        wal = path.with_name(path.name + ".wal")
        assert wal.exists()  # the import is in the WAL until the next checkpoint
        assert _mode(path) == 0o600 and _mode(wal) == 0o600
        con.close()
        os.umask(0o022)  # as if in a new process
        made = make_backup(path)
        assert _mode(made.path) == 0o600
        os.umask(0o022)
        restore(made.path, path)
        assert _mode(path) == 0o600
        assert all(_mode(b.path) == 0o600 for b in list_backups(path))


def test_an_older_world_readable_store_is_made_private_on_open(tmp_path):
    path = tmp_path / "linkage.duckdb"
    open_store(path).close()
    os.chmod(path, 0o644)
    open_store(path).close()
    assert _mode(path) == 0o600


# --- labels are words, never paths ----------------------------------------------------------------
@pytest.mark.parametrize("label", ["../../x", "a/b", "x.wal", "", "-x", "ก่อนนำเข้า", "a" * 41])
def test_a_label_that_is_not_a_word_is_refused(store, label, capsys):
    code, refused = _cli("backup", "--db", str(store), f"--label={label}")
    assert code == 2 and refused["ok"] is False
    assert "backup label may hold only" in refused["message_en"]
    assert "ชื่อกำกับไฟล์สำรอง" in refused["message_th"]
    assert list_backups(store) == []
    assert sorted(p.name for p in store.parent.iterdir()) == ["linkage.duckdb"]
    assert cli.main(["backup", "--db", str(store), f"--label={label}"]) == 2
    assert "backup label may hold only" in capsys.readouterr().err


def test_backups_are_named_and_dated_by_the_injected_clock(store):
    taken = dt.datetime(2026, 2, 3, 4, 5, 6)
    made = make_backup(store, "before-upgrade_2", now=taken)
    assert made.path.name == "linkage.duckdb.bak-20260203-040506-before-upgrade_2"
    assert made.modified == taken and made.label == "before-upgrade_2"
    again = make_backup(store, "before-upgrade_2", now=taken)  # same second: a new name
    assert again.path.name.endswith("-before-upgrade_2-1")
    assert store_contents(again.path, skip=("audit_log",)) == store_contents(
        made.path, skip=("audit_log",)
    )
