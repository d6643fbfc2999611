"""The shipped sample spreadsheets: what the dashboard loads on first start, importable as they are."""

from __future__ import annotations

import ast
import datetime as dt
import hashlib

import pytest

from loaders.importer import check_file
from loaders.sample import (
    HISTORY_FILE,
    KIND_ORDER,
    ensure_sample,
    load_sample,
    remove_sample,
    sample_file_name,
    sample_loaded,
)
from loaders.sample_rows import SAMPLE_ID_PREFIX
from loaders.spec import KINDS
from loaders.store import open_store
from metrics.report import build_report
from tests.conftest import ROOT, SAMPLE_HISTORY_ROWS, SAMPLE_ROWS

SHIPPED = ROOT / "data" / "sample"
LOADED_AT = dt.datetime(2026, 9, 30, 8, 0)


@pytest.mark.parametrize("kind", KIND_ORDER)
def test_shipped_file_imports_without_a_rejected_row(kind):
    expected = SAMPLE_ROWS[KINDS[kind].table]
    validated, _ = check_file((SHIPPED / sample_file_name(kind)).read_bytes(), "x.xlsx")
    assert validated.kind.key == kind  # detected from the Thai headers under the title row
    assert (validated.accepted_count, validated.rejected_count) == (expected, 0)


def test_sample_loads_once_is_flagged_and_removed_in_one_action(tmp_path):
    path = tmp_path / "linkage.duckdb"
    con = open_store(path)
    assert ensure_sample(con) is True
    assert sample_loaded(con)
    assert con.execute("SELECT count(*) FROM linkages WHERE NOT is_sample").fetchone() == (0,)
    assert ensure_sample(con) is False  # never twice
    removed = remove_sample(con)
    assert removed == SAMPLE_ROWS
    assert not sample_loaded(con)
    assert ensure_sample(con) is False  # removed stays removed, even though the store is empty
    assert list(tmp_path.glob("linkage.duckdb.bak-*before-sample-removal*"))


def test_real_rows_survive_sample_removal(tmp_path):
    con = open_store(tmp_path / "linkage.duckdb")
    load_sample(con)
    from loaders.importer import import_bytes

    csv = (
        "รหัสการเชื่อมโยง,หน่วยงานคู่เชื่อมโยง,ทิศทางการเชื่อมโยง,ชุดข้อมูล,สถานะ\n"
        "REAL-1,กรมจริง,outbound,ข้อมูลจริง,requested\n"
    ).encode()
    import_bytes(con, csv, "real.csv", "register")
    remove_sample(con)
    assert con.execute("SELECT linkage_id FROM linkages").fetchall() == [("REAL-1",)]


def test_the_loaded_sample_is_the_shipped_files_marked_as_sample(tmp_path):
    con = open_store(tmp_path / "linkage.duckdb")
    assert load_sample(con, now=LOADED_AT) == {
        kind: SAMPLE_ROWS[KINDS[kind].table] for kind in KIND_ORDER
    }
    for table, rows in SAMPLE_ROWS.items():
        assert con.execute(
            f"SELECT count(*), count(*) FILTER (is_sample) FROM {table}"
        ).fetchone() == (rows, rows), table
    for table, column in [
        ("linkages", "linkage_id"),
        ("survey_responses", "response_id"),
        ("assessments", "assessment_id"),
        ("linkage_history", "linkage_id"),
    ]:
        assert con.execute(
            f"SELECT count(*) FROM {table} WHERE NOT starts_with({column}, ?)", [SAMPLE_ID_PREFIX]
        ).fetchone() == (0,), table
    # the uploads are the shipped files themselves, byte for byte
    uploads = con.execute(
        "SELECT file_name, sha256, uploaded_by, uploaded_at, source, is_sample FROM uploads "
        "ORDER BY upload_id"
    ).fetchall()
    assert uploads == [
        (
            sample_file_name(kind),
            hashlib.sha256((SHIPPED / sample_file_name(kind)).read_bytes()).hexdigest(),
            "sample",
            LOADED_AT,
            "sample",
            True,
        )
        for kind in KIND_ORDER
    ]
    # the shipped history replaces the import's 'first seen' events, under the register upload
    history_lines = (SHIPPED / HISTORY_FILE).read_text(encoding="utf-8").splitlines()
    assert len(history_lines) - 1 == SAMPLE_HISTORY_ROWS
    assert con.execute(
        "SELECT count(*), count(*) FILTER (is_sample), count(DISTINCT upload_id), "
        "min(upload_id) FROM linkage_history"
    ).fetchone() == (SAMPLE_HISTORY_ROWS, SAMPLE_HISTORY_ROWS, 1, 1)
    first_id, _, old, new, at = history_lines[1].split(",")
    assert con.execute(
        "SELECT old_value, new_value, changed_at FROM linkage_history WHERE linkage_id = ? "
        "ORDER BY changed_at LIMIT 1",
        [first_id],
    ).fetchone() == (old, new, dt.datetime.fromisoformat(at))


def test_the_loaded_sample_reports_what_it_reported_before_the_files_were_shipped(tmp_path):
    """Key figures of `python -m metrics report --today 2026-09-30` on the loaded sample, as the
    generator-at-start code gave them (issue 12 checked the whole JSON identical)."""
    con = open_store(tmp_path / "linkage.duckdb")
    load_sample(con, now=LOADED_AT)
    report = build_report(con, today=dt.date(2026, 9, 30))
    register = report["register"]
    assert (register["linkages"], register["partners"]) == (150, 41)
    assert register["by_status"] == {
        "identified": 8,
        "requested": 8,
        "under_review": 10,
        "approved": 5,
        "rejected": 6,
        "mou_signed": 6,
        "developing": 9,
        "testing": 7,
        "linked": 30,
        "in_use": 40,
        "cancelled": 12,
        "expired": 9,
    }
    assert register["by_direction"] == {"outbound": 100, "inbound": 50}
    assert register["by_partner_type"] == {"government": 114, "state_enterprise": 31, "private": 5}
    assert register["by_method"] == {
        "rest": 32,
        "soap": 7,
        "file": 8,
        "gdx": 73,
        "db_link": 16,
        "other": 14,
    }
    assert register["by_classification"] == {
        "public": 66,
        "internal": 36,
        "confidential": 39,
        "secret": 6,
        "top_secret": 3,
    }
    satisfaction = report["satisfaction"]
    # responses and answers per process: 61 + 139 + 145 + 67 = 412 responses
    assert {
        process: (satisfaction[process]["responses"], satisfaction[process]["answers"])
        for process in ("manual_review", "outbound", "inbound", "cancellation")
    } == {
        "manual_review": (61, 594),
        "outbound": (139, 1339),
        "inbound": (145, 1405),
        "cancellation": (67, 646),
    }
    assert report["egov"]["units"] == 12


def test_nothing_the_dashboard_runs_imports_the_generator():
    offenders = []
    folders = ["loaders", "metrics", "ui", "pages"]
    paths = [ROOT / "dashboard.py", *(p for f in folders for p in (ROOT / f).rglob("*.py"))]
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            else:
                continue
            if any(n.startswith(("scripts", "loaders.sample_data")) for n in names):
                offenders.append(f"{path.relative_to(ROOT)}: {names}")
    assert offenders == []
