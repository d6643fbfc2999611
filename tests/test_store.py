"""The DuckDB store: schema, column types, versioned upgrades with backups, refusals, atomic migrations."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import pytest

from loaders import store
from loaders.store import SCHEMA_VERSION, StoreError, default_db_path, migrate, open_store


def _digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    """Column name -> SQL type of a table, in order."""
    rows = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ? ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return dict(rows)


def test_new_store_has_the_four_tables_with_template_keys_and_types(tmp_path: Path) -> None:
    """linkages, survey_responses, assessments, egov_assessments with DATE/BOOLEAN/enum keys."""
    con = open_store(tmp_path / "new.duckdb")
    linkages = _columns(con, "linkages")
    assert list(linkages)[:3] == ["linkage_id", "partner_name", "partner_type"]
    assert linkages["status"] == "VARCHAR" and linkages["direction"] == "VARCHAR"
    assert linkages["personal_data"] == "BOOLEAN"
    for key in ["mou_signed_on", "mou_expires_on", "requested_on", "responded_on", "linked_on"]:
        assert linkages[key] == "DATE"
    assert {"in_use_on", "cancelled_on", "owner_notified_on", "notes"} <= set(linkages)
    surveys = _columns(con, "survey_responses")
    assert surveys["answered_on"] == "DATE"
    assert surveys["q1"] == "INTEGER" and surveys["q20"] == "INTEGER"
    assessments = _columns(con, "assessments")
    assert assessments["framework"] == "VARCHAR" and assessments["c14"] == "INTEGER"
    egov = _columns(con, "egov_assessments")
    assert egov["unit"] == "VARCHAR" and egov["assessed_on"] == "DATE"
    assert egov["s1_information"] == "BOOLEAN" and egov["s4_one_stop"] == "BOOLEAN"
    assert store.schema_version(con) == SCHEMA_VERSION
    con.close()


def test_default_path_and_env_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """data/linkage.duckdb by default; LINKAGE_DB overrides it."""
    monkeypatch.delenv("LINKAGE_DB", raising=False)
    assert default_db_path().parts[-2:] == ("data", "linkage.duckdb")
    monkeypatch.setenv("LINKAGE_DB", str(tmp_path / "x.duckdb"))
    assert default_db_path() == tmp_path / "x.duckdb"


def test_reopening_without_writes_leaves_the_file_unchanged(tmp_path: Path) -> None:
    """Opening and closing an up-to-date store does not rewrite it."""
    path = tmp_path / "s.duckdb"
    open_store(path).close()
    before = _digest(path)
    con = open_store(path)
    con.execute("SELECT count(*) FROM linkages").fetchall()
    con.close()
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.duckdb"]


def test_v1_file_is_upgraded_in_place_with_a_dated_backup(tmp_path: Path) -> None:
    """A v1 file opens at SCHEMA_VERSION with its data, and a backup beside it still opens at v1."""
    path = tmp_path / "linkage.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, target=1)
    con.execute(
        "INSERT INTO linkages (linkage_id, partner_name, direction, dataset, status) "
        "VALUES ('L-1', 'กรมที่ดิน', 'inbound', 'โฉนด', 'linked')"
    )
    con.close()
    assert SCHEMA_VERSION > 1

    con = open_store(path)
    assert store.schema_version(con) == SCHEMA_VERSION
    assert con.execute("SELECT linkage_id, status FROM linkages").fetchall() == [("L-1", "linked")]
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "upload_rejections" in tables
    con.close()

    backups = sorted(tmp_path.glob("linkage.duckdb.bak-*"))
    assert len(backups) == 1
    stamp = dt.datetime.now().strftime("%Y%m%d")
    assert stamp in backups[0].name and "v1" in backups[0].name
    old = duckdb.connect(str(backups[0]), read_only=True)
    assert store.schema_version(old) == 1
    old_tables = {r[0] for r in old.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "upload_rejections" not in old_tables
    assert old.execute("SELECT linkage_id FROM linkages").fetchall() == [("L-1",)]
    old.close()

    # A second open finds nothing to upgrade and makes no second backup.
    open_store(path).close()
    assert len(list(tmp_path.glob("linkage.duckdb.bak-*"))) == 1


def test_file_not_made_by_us_is_refused_and_left_alone(tmp_path: Path) -> None:
    """A DuckDB file with someone else's tables raises StoreError and is not changed."""
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE sales (id INTEGER, amount DOUBLE)")
    con.execute("INSERT INTO sales VALUES (1, 9.5)")
    con.close()
    before = _digest(path)
    with pytest.raises(StoreError) as info:
        open_store(path)
    assert info.value.th and info.value.en
    assert _digest(path) == before
    # The refused file is not left locked by this process.
    duckdb.connect(str(path)).close()


def test_file_that_is_not_duckdb_is_refused(tmp_path: Path) -> None:
    """A text file given as the database raises StoreError and keeps its bytes."""
    path = tmp_path / "notes.duckdb"
    path.write_text("ไม่ใช่ฐานข้อมูล\n" * 100)
    before = _digest(path)
    with pytest.raises(StoreError):
        open_store(path)
    assert _digest(path) == before


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    """A file written by a newer version of the program is not opened for writing."""
    path = tmp_path / "future.duckdb"
    con = open_store(path)
    con.execute("INSERT INTO schema_info VALUES (?, current_timestamp::TIMESTAMP)", [99])
    con.close()
    with pytest.raises(StoreError):
        open_store(path)


def test_failing_migration_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A migration that raises midway rolls back: version and tables as before."""
    path = tmp_path / "m.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, target=1)

    def broken(c: duckdb.DuckDBPyConnection) -> None:
        c.execute("CREATE TABLE half_done (x INTEGER)")
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "MIGRATIONS", [store.MIGRATIONS[0], broken])
    with pytest.raises(RuntimeError):
        migrate(con, target=2)
    assert store.schema_version(con) == 1
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "half_done" not in tables
    con.close()


def test_memory_store() -> None:
    """':memory:' gives a fresh store at the current version."""
    con = open_store(":memory:")
    assert store.schema_version(con) == SCHEMA_VERSION
    assert con.execute("SELECT count(*) FROM uploads").fetchone() == (0,)
    con.close()
