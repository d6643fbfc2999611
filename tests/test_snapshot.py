"""`python -m loaders snapshot`: Parquet in the Hive layout, manifest, sample excluded, safe codes."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from metrics_fixtures import hand_store, import_at, register_csv

from loaders.snapshot import SNAPSHOT_TABLES, SnapshotError, write_snapshot
from loaders.store import SCHEMA_VERSION

PROJECT = Path(__file__).resolve().parent.parent


def _snapshot_cli(*args: str) -> tuple[int, dict[str, object]]:
    """Run `python -m loaders snapshot`; its exit code and its one JSON object."""
    done = subprocess.run(
        [sys.executable, "-m", "loaders", "snapshot", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, (done.stdout, done.stderr)
    return done.returncode, json.loads(lines[0])


def _parquet_rows(path: Path, order: str) -> list[tuple]:
    """The rows of one Parquet file, in a fixed order."""
    con = duckdb.connect()
    try:
        return con.execute(
            f"SELECT * FROM read_parquet('{path}', hive_partitioning = false) ORDER BY {order}"
        ).fetchall()
    finally:
        con.close()


def test_cli_round_trip_every_row_and_manifest(tmp_path: Path) -> None:
    """The CLI writes agency=CODE/table=NAME/part-0.parquet holding exactly the stored rows."""
    db = tmp_path / "own.duckdb"
    hand_store(str(db)).close()
    out = tmp_path / "snapshots"
    code, result = _snapshot_cli(
        "--db", str(db), "--agency", "DGA-01", "--name", "กรม ก", "--out", str(out)
    )
    assert code == 0 and result["ok"] is True
    assert result["agency"] == "DGA-01" and result["agency_name"] == "กรม ก"
    assert result["schema_version"] == SCHEMA_VERSION and set(result["tables"]) == set(
        SNAPSHOT_TABLES
    )
    assert dt.datetime.fromisoformat(result["created_at"]).tzinfo is not None
    folder = out / "agency=DGA-01"
    manifest = json.loads((folder / "_manifest.json").read_text(encoding="utf-8"))
    assert manifest == {k: v for k, v in result.items() if k not in ("ok", "folder")}
    # The hand register has 15 linkages and 3 survey answers (tests/metrics_fixtures.py).
    assert manifest["tables"]["linkages"]["rows"] == 15
    assert manifest["tables"]["survey_responses"]["rows"] == 3
    # The command line writes the agency's figures with it: its report over these rows.
    figures = json.loads((folder / "_figures.json").read_text(encoding="utf-8"))
    assert manifest["figures"]["file"] == "_figures.json"
    assert figures["register"]["linkages"] == 15 and "kpis" in figures
    store = duckdb.connect(str(db), read_only=True)
    for table in ("linkages", "survey_responses", "linkage_history"):
        order = "ALL"
        stored = store.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
        assert _parquet_rows(folder / f"table={table}" / "part-0.parquet", order) == stored
    uploads = _parquet_rows(folder / "table=uploads" / "part-0.parquet", "upload_id")
    assert [u[1] for u in uploads] == ["f.csv", "s.csv"]
    assert all(u[4] is None for u in uploads)  # uploaded_by: account names stay home
    store.close()


def test_checksums_rows_and_private_modes(tmp_path: Path) -> None:
    """Each file's SHA-256 and row count are the manifest's; files 0600, folders 0700."""
    con = hand_store()
    made = write_snapshot(con, tmp_path / "out", "A1", "กรม ก")
    for table, entry in made.manifest["tables"].items():
        path = made.folder / entry["file"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
        assert len(_parquet_rows(path, "ALL")) == entry["rows"], table
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE((made.folder / "_manifest.json").stat().st_mode) == 0o600
    assert stat.S_IMODE(made.folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o700


def test_several_agencies_share_a_folder_and_a_new_snapshot_replaces(tmp_path: Path) -> None:
    """Two agencies in one DIR; a second snapshot of one replaces its first whole."""
    out = tmp_path / "out"
    first = hand_store()
    write_snapshot(first, out, "A1", "กรม ก")
    other = hand_store()
    write_snapshot(other, out, "B2", "กรม ข")
    import_at(
        first,
        register_csv("X9,P,outbound,d,requested,public,no,2025-01-01,,,,,,,,,,\n"),
        "register",
        dt.datetime(2025, 8, 2),
    )
    again = write_snapshot(first, out, "A1", "กรม ก")
    assert sorted(p.name for p in out.iterdir()) == ["agency=A1", "agency=B2"]
    assert again.manifest["tables"]["linkages"]["rows"] == 16
    assert not list(out.glob(".*"))  # nothing left of the work or old folders


def test_sample_rows_never_exported(seeded_store: Path, tmp_path: Path) -> None:
    """A store holding the sample and one real linkage exports only the real one."""
    con = duckdb.connect(str(seeded_store))
    sample_rows = con.execute("SELECT count(*) FROM linkages WHERE is_sample").fetchone()[0]
    assert sample_rows > 0
    import_at(
        con,
        register_csv("REAL-1,P,outbound,d,requested,public,no,2025-01-01,,,,,,,,,,\n"),
        "register",
        dt.datetime(2025, 8, 2),
    )
    made = write_snapshot(con, tmp_path / "out", "A1", "กรม ก")
    con.close()
    tables = made.manifest["tables"]
    assert tables["linkages"]["rows"] == 1
    assert tables["survey_responses"]["rows"] == 0 and tables["assessments"]["rows"] == 0
    assert tables["uploads"]["rows"] == 1
    for table in ("linkages", "linkage_history", "uploads", "survey_responses", "egov_assessments"):
        rows = _parquet_rows(made.folder / f"table={table}" / "part-0.parquet", "ALL")
        assert all("ตัวอย่าง-" not in str(row) for row in rows), table
    linkages = _parquet_rows(made.folder / "table=linkages" / "part-0.parquet", "ALL")
    assert [row[0] for row in linkages] == ["REAL-1"]


HOSTILE_CODES = [
    "../x", "..", ".", "a/b", "a\\b", "/etc", ".hidden", "_private", "-rf", "a b", "กรม",
    "x" * 41, "a\x00b", "", "agency=x", "a'b", "A1\n", "a;b",
]  # fmt: skip


@pytest.mark.parametrize("code", HOSTILE_CODES)
def test_hostile_agency_codes_refused(code: str, tmp_path: Path) -> None:
    """A code that is not one safe word is refused before anything is written."""
    out = tmp_path / "out"
    with pytest.raises(SnapshotError) as refused:
        write_snapshot(hand_store(), out, code, "กรม ก")
    assert "agency code" in refused.value.en and "รหัสหน่วยงาน" in refused.value.th
    assert os.listdir(tmp_path) == []


def test_cli_refuses_hostile_code_and_name(tmp_path: Path) -> None:
    """The CLI says why in Thai and English, exits 2 and writes nothing."""
    out = tmp_path / "out"
    db = tmp_path / "own.duckdb"
    code, result = _snapshot_cli(
        "--db", str(db), "--agency", "../../etc", "--name", "ก", "--out", str(out)
    )
    assert code == 2 and result["ok"] is False and result["code"] == "invalid"
    assert "agency code" in result["message_en"] and "รหัสหน่วยงาน" in result["message_th"]
    code, result = _snapshot_cli(
        "--db", str(db), "--agency", "A1", "--name", "a\x07", "--out", str(out)
    )
    assert code == 2 and "name" in result["message_en"]
    assert not out.exists() and not db.exists()
