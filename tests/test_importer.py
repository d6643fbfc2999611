"""Importing: refusals change nothing, re-imports update by id with history, uploads are logged."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import duckdb
import pytest
from sheets import csv_bytes, register_record, register_rows, xlsx_bytes

from loaders import importer
from loaders.importer import check_file, commit, import_bytes, preview
from loaders.reader import FileRefused
from loaders.store import open_store

T1 = dt.datetime(2024, 10, 1, 9, 0, 0)
T2 = dt.datetime(2024, 11, 1, 9, 0, 0)


def _files(path: Path) -> dict[str, str]:
    """SHA-256 of the database file and of every file beside it."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(path.parent.iterdir())
    }


def _import(
    con: duckdb.DuckDBPyConnection, data: bytes, name: str, now: dt.datetime, who: str = "it01"
) -> importer.ImportResult:
    """Preview then commit at a fixed time."""
    return commit(con, preview(con, data, name), uploaded_by=who, now=now)


def _first_register() -> bytes:
    """Three linkages as the first upload."""
    return xlsx_bytes(
        register_rows(
            [
                register_record("L-1", status="ยื่นคำขอ", responded_on=None, notes="รอผล"),
                register_record("L-2", status="อนุมัติ"),
                register_record("L-3", status="ทดสอบ"),
            ]
        )
    )


def _second_register() -> bytes:
    """L-1 approved with a response date and no note, L-2 unchanged, L-3 absent, L-4 new, one bad row."""
    return xlsx_bytes(
        register_rows(
            [
                register_record("L-1", status="approved", responded_on="20 ก.ย. 67", notes=None),
                register_record("L-2", status="อนุมัติ"),
                register_record("L-4", status="ระบุคู่เชื่อมโยง", direction="inbound"),
                register_record("L-5", status="ไม่รู้"),
            ]
        )
    )


def test_refused_file_leaves_the_store_byte_for_byte_unchanged(tmp_path: Path) -> None:
    """After a good import, a refused file raises FileRefused and no byte of the store changes."""
    path = tmp_path / "linkage.duckdb"
    con = open_store(path)
    _import(con, _first_register(), "first.xlsx", T1)
    con.close()
    before = _files(path)
    con = open_store(path)
    headers_only = xlsx_bytes([["ชื่อ", "นามสกุล"], ["ก", "ข"]])
    missing_status = xlsx_bytes([["รหัสการเชื่อมโยง", "หน่วยงานคู่เชื่อมโยง"], ["L-9", "ก"]])
    for data, name in [
        (b"", "empty.xlsx"),
        (b"garbage\x00\x01", "x.csv"),
        (headers_only, "a.xlsx"),
        (missing_status, "b.xlsx"),
    ]:
        with pytest.raises(FileRefused):
            import_bytes(con, data, name)
    con.close()
    assert _files(path) == before


def test_reimport_updates_by_id_records_history_and_reports_absent(tmp_path: Path) -> None:
    """Changed fields are updated with old/new/when/upload; absent linkages are kept and reported."""
    con = open_store(tmp_path / "linkage.duckdb")
    first = _import(con, _first_register(), "first.xlsx", T1)
    assert first.upload_id == 1 and first.preview.added == ["L-1", "L-2", "L-3"]

    prev = preview(con, _second_register(), "second.xlsx")
    assert prev.added == ["L-4"]
    assert prev.absent == ["L-3"]
    assert prev.unchanged == ["L-2"]
    changes = {(r.id, r.field, r.old_value, r.new_value) for r in prev.changes.itertuples()}
    assert changes == {
        ("L-1", "status", "requested", "approved"),
        ("L-1", "responded_on", None, "2024-09-20"),
        ("L-1", "notes", "รอผล", None),
    }
    second = commit(con, prev, uploaded_by="it02", now=T2)
    assert second.upload_id == 2
    out = second.as_dict()
    assert out["accepted"] == 3 and out["rejected"] == 1
    assert out["absent"] == ["L-3"] and out["added"] == 1 and out["changed"] == 1

    rows = con.execute(
        "SELECT linkage_id, status, responded_on, notes, created_at, updated_at, upload_id "
        "FROM linkages ORDER BY linkage_id"
    ).fetchall()
    assert rows == [
        ("L-1", "approved", dt.date(2024, 9, 20), None, T1, T2, 2),
        ("L-2", "approved", dt.date(2024, 9, 20), None, T1, T1, 1),
        ("L-3", "testing", dt.date(2024, 9, 20), None, T1, T1, 1),
        ("L-4", "identified", dt.date(2024, 9, 20), None, T2, T2, 2),
    ]
    history = con.execute(
        "SELECT linkage_id, field, old_value, new_value, changed_at, upload_id "
        "FROM linkage_history WHERE upload_id = 2 ORDER BY linkage_id, field"
    ).fetchall()
    assert history == [
        ("L-1", "notes", "รอผล", None, T2, 2),
        ("L-1", "responded_on", None, "2024-09-20", T2, 2),
        ("L-1", "status", "requested", "approved", T2, 2),
        ("L-4", "status", None, "identified", T2, 2),
    ]
    # The first upload's history holds each linkage's first status.
    first_history = con.execute(
        "SELECT linkage_id, new_value FROM linkage_history WHERE upload_id = 1 ORDER BY 1"
    ).fetchall()
    assert first_history == [("L-1", "requested"), ("L-2", "approved"), ("L-3", "testing")]
    uploads = con.execute(
        "SELECT upload_id, absent, added, changed FROM uploads ORDER BY 1"
    ).fetchall()
    assert uploads == [(1, 0, 3, 0), (2, 1, 1, 1)]
    con.close()


def test_columns_missing_from_a_later_file_keep_their_stored_values(tmp_path: Path) -> None:
    """A re-upload without the notes column does not wipe the notes."""
    con = open_store(tmp_path / "s.duckdb")
    _import(con, _first_register(), "first.xlsx", T1)
    rows = [
        ["รหัสการเชื่อมโยง", "หน่วยงานคู่เชื่อมโยง", "ทิศทางการเชื่อมโยง", "ชุดข้อมูล", "สถานะ"],
        ["L-1", "กรมการปกครอง", "ขอข้อมูลจากหน่วยงานอื่น", "ข้อมูลทะเบียนราษฎร", "อนุมัติ"],
    ]
    result = _import(con, xlsx_bytes(rows), "short.xlsx", T2)
    assert result.preview.changed_ids == ["L-1"]
    row = con.execute(
        "SELECT status, notes, requested_on, personal_data FROM linkages WHERE linkage_id = 'L-1'"
    ).fetchone()
    assert row == ("approved", "รอผล", dt.date(2024, 8, 15), True)
    con.close()


def test_identical_file_twice_changes_nothing(tmp_path: Path) -> None:
    """The second upload of the same bytes writes nothing: file bytes, row counts, uploads the same."""
    path = tmp_path / "linkage.duckdb"
    data = _second_register()
    con = open_store(path)
    _import(con, data, "r.xlsx", T1)
    con.close()
    before = _files(path)
    con = open_store(path)
    counts = con.execute(
        "SELECT (SELECT count(*) FROM linkages), (SELECT count(*) FROM linkage_history), "
        "(SELECT count(*) FROM uploads)"
    ).fetchone()
    again = _import(con, data, "r.xlsx", T2)
    assert again.upload_id is None and again.preview.duplicate_of == 1
    assert not again.preview.has_changes
    assert again.as_dict()["accepted"] == 3
    assert (
        con.execute(
            "SELECT (SELECT count(*) FROM linkages), (SELECT count(*) FROM linkage_history), "
            "(SELECT count(*) FROM uploads)"
        ).fetchone()
        == counts
    )
    con.close()
    assert _files(path) == before


def test_upload_log_fields(tmp_path: Path) -> None:
    """File name, SHA-256, kind, who, when, accepted and rejected are logged."""
    con = open_store(tmp_path / "s.duckdb")
    data = _second_register()
    _import(con, data, "ทะเบียน ต.ค. 67.xlsx", T2, who="somchai")
    row = con.execute(
        "SELECT file_name, sha256, kind, uploaded_by, uploaded_at, accepted, rejected FROM uploads"
    ).fetchone()
    assert row == (
        "ทะเบียน ต.ค. 67.xlsx",
        hashlib.sha256(data).hexdigest(),
        "register",
        "somchai",
        T2,
        3,
        1,
    )
    rejections = con.execute(
        'SELECT upload_id, "row", "column", value FROM upload_rejections'
    ).fetchall()
    assert rejections == [(1, 7, "status", "ไม่รู้")]
    con.close()


def test_all_four_kinds_land_in_their_tables_with_sql_types(tmp_path: Path) -> None:
    """Each kind is stored under its SQL name with dates as DATE, yes/no as BOOLEAN, enums as keys."""
    con = open_store(tmp_path / "s.duckdb")
    _import(con, _first_register(), "r.xlsx", T1)
    survey = csv_bytes(
        [
            ["รหัสแบบสอบถาม", "กระบวนการ", "กลุ่มผู้ตอบ", "วันที่ตอบ", "ข้อ 1", "ข้อ 2", "ข้อเสนอแนะ"],
            ["S-1", "6.3", "ภายนอกองค์กร", "๑๕ ส.ค. ๖๗", "๕", "4", " ดี\u200b "],
        ]
    )
    assessment = xlsx_bytes(
        [
            ["Assessment ID", "Partner agency", "Framework", "Assessed on"]
            + [f"C{i}" for i in range(1, 8)],
            [
                "A-1",
                "ส\u0e4d\u0e32นักงานสถิติแห่งชาติ",
                "PWO7",
                dt.date(2024, 8, 15),
                4,
                4,
                3,
                5,
                1,
                2,
                3,
            ],
        ]
    )
    egov = xlsx_bytes(
        [
            ["หน่วยงาน/เว็บไซต์", "วันที่ประเมิน", "ข้อมูลพื้นฐาน", "ชำระเงินออนไลน์"],
            ["www.a.go.th", "30/09/2568", "มี", "ไม่มี"],
        ]
    )
    for data, name, kind in [
        (survey, "s.csv", "surveys"),
        (assessment, "a.xlsx", "assessments"),
        (egov, "e.xlsx", "egov"),
    ]:
        result = import_bytes(con, data, name)
        assert result.preview.kind.key == kind and result.as_dict()["accepted"] == 1
    assert con.execute(
        "SELECT linkage_id, direction, personal_data, requested_on FROM linkages WHERE linkage_id='L-2'"
    ).fetchone() == ("L-2", "outbound", True, dt.date(2024, 8, 15))
    assert con.execute(
        "SELECT response_id, process, respondent_group, answered_on, q1, q2, q3, comment "
        "FROM survey_responses"
    ).fetchone() == ("S-1", "inbound", "external", dt.date(2024, 8, 15), 5, 4, None, "ดี")
    assert con.execute(
        "SELECT partner_name, framework, assessed_on, c1, c7, c8 FROM assessments"
    ).fetchone() == ("สำนักงานสถิติแห่งชาติ", "pwo7", dt.date(2024, 8, 15), 4, 3, None)
    assert con.execute(
        "SELECT unit, assessed_on, s1_information, s3_payment, s2_forms FROM egov_assessments"
    ).fetchone() == ("www.a.go.th", dt.date(2025, 9, 30), True, False, None)
    kinds = con.execute("SELECT kind FROM uploads ORDER BY upload_id").fetchall()
    assert kinds == [("register",), ("surveys",), ("assessments",), ("egov",)]
    con.close()


def test_failure_midway_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error after the rows are written rolls the whole upload back."""
    path = tmp_path / "s.duckdb"
    con = open_store(path)
    _import(con, _first_register(), "first.xlsx", T1)
    real_write = importer._write

    def write_then_fail(*args: object, **kwargs: object) -> int:
        real_write(*args, **kwargs)
        raise OSError("disk full")

    monkeypatch.setattr(importer, "_write", write_then_fail)
    with pytest.raises(OSError):
        _import(con, _second_register(), "second.xlsx", T2)
    monkeypatch.undo()
    assert con.execute("SELECT count(*) FROM linkages").fetchone() == (3,)
    assert con.execute("SELECT status FROM linkages WHERE linkage_id='L-1'").fetchone() == (
        "requested",
    )
    assert con.execute("SELECT count(*) FROM uploads").fetchone() == (1,)
    assert con.execute("SELECT count(*) FROM linkage_history").fetchone() == (3,)
    assert con.execute("SELECT count(*) FROM upload_rejections").fetchone() == (0,)
    # The store still works afterwards.
    assert _import(con, _second_register(), "second.xlsx", T2).upload_id == 2
    con.close()


def test_check_file_touches_no_store() -> None:
    """check_file validates and hashes without a connection."""
    data = _second_register()
    validated, sha = check_file(data, "r.xlsx")
    assert sha == hashlib.sha256(data).hexdigest()
    assert validated.accepted_count == 3 and validated.rejected_count == 1
    with pytest.raises(ValueError):
        check_file(data, "r.xlsx", kind="budget")


def test_register_reimport_of_other_kinds_updates_by_id(tmp_path: Path) -> None:
    """A survey response uploaded again with a corrected answer replaces the stored one."""
    con = open_store(tmp_path / "s.duckdb")
    headers = ["Response ID", "Process", "Answered on", "Q1"]
    import_bytes(con, csv_bytes([headers, ["S-1", "6.1", "1/10/2567", "3"]]), "a.csv")
    result = import_bytes(con, csv_bytes([headers, ["S-1", "6.1", "1/10/2567", "5"]]), "b.csv")
    assert result.preview.changed_ids == ["S-1"] and result.preview.absent == []
    assert con.execute("SELECT response_id, q1 FROM survey_responses").fetchall() == [("S-1", 5)]
    con.close()


def test_readers_never_see_a_half_done_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While an upload is midway (records written, history not yet), another cursor sees the old store."""
    import threading

    con = open_store(tmp_path / "s.duckdb")
    _import(con, _first_register(), "first.xlsx", T1)
    midway = threading.Event()
    release = threading.Event()
    real_history = importer._write_history

    def paused_history(*args: object, **kwargs: object) -> None:
        midway.set()
        assert release.wait(10)
        real_history(*args, **kwargs)

    monkeypatch.setattr(importer, "_write_history", paused_history)
    prev = preview(con, _second_register(), "second.xlsx")
    worker = threading.Thread(target=lambda: commit(con, prev, now=T2))
    worker.start()
    try:
        assert midway.wait(10)
        reader = con.cursor()
        assert reader.execute("SELECT count(*) FROM linkages").fetchone() == (3,)
        assert reader.execute(
            "SELECT status FROM linkages WHERE linkage_id = 'L-1'"
        ).fetchone() == ("requested",)
        assert reader.execute("SELECT count(*) FROM uploads").fetchone() == (1,)
        reader.close()
    finally:
        release.set()
        worker.join(10)
    assert con.execute("SELECT count(*) FROM linkages").fetchone() == (4,)
    assert con.execute("SELECT count(*) FROM uploads").fetchone() == (2,)
    con.close()
