"""`python -m loaders import`: JSON output, exit codes, --kind, --db and LINKAGE_DB."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
from sheets import csv_bytes, register_record, register_rows, xlsx_bytes

PROJECT = Path(__file__).resolve().parent.parent


def _run(*args: str, env: dict[str, str] | None = None) -> tuple[int, dict[str, object]]:
    """Run the loaders command line; return its exit code and its one JSON object."""
    full_env = {**os.environ, **(env or {})}
    done = subprocess.run(
        [sys.executable, "-m", "loaders", "import", *args],
        cwd=PROJECT,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
    )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, (done.stdout, done.stderr)
    return done.returncode, json.loads(lines[0])


def _register_file(tmp_path: Path) -> Path:
    """A register with two good rows and one row rejected for its status (Excel row 7)."""
    path = tmp_path / "ทะเบียน.xlsx"
    records = [
        register_record("L-1"),
        register_record("L-2", direction="inbound"),
        register_record("L-3", status="ผิด"),
    ]
    path.write_bytes(xlsx_bytes(register_rows(records, titles=("ทะเบียน", "กองแผนงาน"))))
    return path


def test_import_with_rejected_rows_exits_0(tmp_path: Path) -> None:
    """Rows rejected, file read: exit 0 and the errors listed with row, column, value, message."""
    db = tmp_path / "x.duckdb"
    code, out = _run(str(_register_file(tmp_path)), "--kind", "register", "--db", str(db))
    assert code == 0
    assert {"kind", "accepted", "rejected", "errors"} <= set(out)
    assert out["kind"] == "register" and out["accepted"] == 2 and out["rejected"] == 1
    (error,) = out["errors"]
    assert {"row", "column", "value", "message"} <= set(error)
    assert error["row"] == 7 and error["column"] == "status" and error["value"] == "ผิด"
    assert "status" in error["message"].lower() or "allowed" in error["message"]
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM linkages").fetchone() == (2,)
    con.close()


def test_kind_detected_when_not_given_and_linkage_db_env(tmp_path: Path) -> None:
    """Without --kind the kind comes from the headers; LINKAGE_DB picks the database."""
    db = tmp_path / "env.duckdb"
    survey = tmp_path / "survey.csv"
    survey.write_bytes(
        csv_bytes(
            [
                ["Response ID", "Process", "Answered on", "Q1", "Q2"],
                ["S-1", "6.2", "15/08/2567", 5, 4],
            ]
        )
    )
    code, out = _run(str(survey), env={"LINKAGE_DB": str(db)})
    assert code == 0 and out["kind"] == "surveys" and out["accepted"] == 1 and out["errors"] == []
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT response_id, q1 FROM survey_responses").fetchall() == [("S-1", 5)]
    con.close()


def test_db_option_wins_over_env(tmp_path: Path) -> None:
    """--db is used even when LINKAGE_DB is set."""
    db = tmp_path / "opt.duckdb"
    other = tmp_path / "env.duckdb"
    code, _ = _run(str(_register_file(tmp_path)), "--db", str(db), env={"LINKAGE_DB": str(other)})
    assert code == 0 and db.exists() and not other.exists()


def test_refused_file_exits_2_and_creates_no_database(tmp_path: Path) -> None:
    """A file with no recognisable header: exit 2, JSON with the reason, no database file made."""
    db = tmp_path / "never.duckdb"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx_bytes([["ชื่อ", "นามสกุล"], ["ก", "ข"]]))
    code, out = _run(str(bad), "--db", str(db))
    assert code == 2
    assert out["accepted"] == 0 and out["rejected"] == 0 and out["errors"] == []
    assert out["message"]
    assert not db.exists()
    assert list(tmp_path.iterdir()) == [bad]


def test_refused_file_leaves_an_existing_database_unchanged(tmp_path: Path) -> None:
    """A text file renamed .xlsx or a file missing a required column changes no byte."""
    db = tmp_path / "x.duckdb"
    assert _run(str(_register_file(tmp_path)), "--db", str(db))[0] == 0
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    fake = tmp_path / "fake.xlsx"
    fake.write_text("ไม่ใช่ไฟล์ Excel")
    missing = tmp_path / "missing.csv"
    missing.write_bytes(csv_bytes([["Linkage ID", "Partner agency", "Dataset"], ["L-9", "ก", "ข"]]))
    for path, kind in [(fake, "register"), (missing, "register"), (tmp_path / "nope.xlsx", None)]:
        args = [str(path), "--db", str(db)] + (["--kind", kind] if kind else [])
        code, out = _run(*args)
        assert code == 2 and out["errors"] == []
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_kind_given_that_does_not_match_is_refused(tmp_path: Path) -> None:
    """A register imported with --kind egov has no recognisable header: exit 2."""
    code, out = _run(
        str(_register_file(tmp_path)), "--kind", "egov", "--db", str(tmp_path / "d.duckdb")
    )
    assert code == 2 and out["kind"] == "egov"


def test_identical_file_twice(tmp_path: Path) -> None:
    """The second run of the same file reports the same counts and stores nothing new."""
    db = tmp_path / "x.duckdb"
    path = _register_file(tmp_path)
    assert _run(str(path), "--db", str(db))[0] == 0
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    code, out = _run(str(path), "--db", str(db))
    assert code == 0 and out["accepted"] == 2 and out["rejected"] == 1
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_unknown_kind_is_refused_as_json(tmp_path: Path) -> None:
    """--kind budget: exit 2 with a JSON reason naming the four kinds, no database made."""
    db = tmp_path / "d.duckdb"
    code, out = _run(str(_register_file(tmp_path)), "--kind", "budget", "--db", str(db))
    assert code == 2 and out["code"] == "unknown_kind"
    assert all(k in out["message"] for k in ("register", "surveys", "assessments", "egov"))
    assert not db.exists()


def test_kind_in_capitals_is_accepted(tmp_path: Path) -> None:
    """--kind REGISTER reads as register."""
    code, out = _run(
        str(_register_file(tmp_path)), "--kind", "REGISTER", "--db", str(tmp_path / "d.duckdb")
    )
    assert code == 0 and out["kind"] == "register" and out["accepted"] == 2
