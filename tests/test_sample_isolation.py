"""A real file never meets the sample data: no match, no update, no history against sample rows;
removing the sample leaves exactly what the same files give on an empty store (issue 17)."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import duckdb
import openpyxl
import pandas as pd
import pytest

from loaders.__main__ import build_parser, main
from loaders.history import recent_changes
from loaders.importer import check_file, commit, preview
from loaders.sample import (
    HISTORY_FILE,
    KIND_ORDER,
    SAMPLE_FOLDER,
    load_sample,
    remove_sample,
    sample_file_name,
    sample_loaded,
    sample_workbooks,
)
from loaders.sample_rows import SAMPLE_ID_PREFIX, SAMPLE_STATE_KEY
from loaders.spec import BOOL, DATE, INT, KINDS
from loaders.store import open_store
from scripts.make_sample import sample_workbook
from tests.conftest import SAMPLE_ROWS

SAMPLE_AT = dt.datetime(2026, 9, 30, 8, 0)
REAL_AT = dt.datetime(2026, 10, 1, 9, 30)
ID_COLUMN = {"register": "linkage_id", "surveys": "response_id", "assessments": "assessment_id"}
# The register an agency keeps has fewer columns than the sample: purpose, frequency, mou_ref,
# responded_on, integration_level ... are absent, so they must stay empty, never inherited.
REAL_REGISTER_COLUMNS = [
    "linkage_id",
    "partner_name",
    "partner_type",
    "direction",
    "dataset",
    "status",
    "requested_on",
    "mou_signed_on",
    "cancelled_on",
]


def _shipped_frames() -> dict[str, pd.DataFrame]:
    """The shipped sample spreadsheets' rows per kind, typed (dates, yes/no, whole numbers)."""
    frames = {}
    for kind, data in sample_workbooks().items():
        validated, _ = check_file(data, sample_file_name(kind), kind)
        frame = validated.clean_table.to_pandas().astype(object)
        frame = frame.where(frame.notna(), None)
        for col in KINDS[kind].columns:
            if col.key not in frame:
                continue
            if col.type == DATE:
                frame[col.key] = [v and dt.date.fromisoformat(v) for v in frame[col.key]]
            elif col.type == BOOL:
                frame[col.key] = (frame[col.key] == "true").astype(bool)
            elif col.type == INT:
                frame[col.key] = pd.array([v and int(v) for v in frame[col.key]], dtype="Int64")
        frames[kind] = frame
    return frames


def _real_frames(ids: str) -> dict[str, pd.DataFrame]:
    """An agency's own four files, built from the sample's rows with other values.

    `ids="usual"`: IDs in the agencies' usual pattern (``LNK-2568-001``), the sample prefix dropped;
    `ids="sample_like"`: the very IDs of the sample rows (and the sample's e-Gov units and dates).
    """
    sample = _shipped_frames()

    def ident(series: pd.Series) -> pd.Series:
        return series if ids == "sample_like" else series.str.removeprefix(SAMPLE_ID_PREFIX)

    register = sample["register"][REAL_REGISTER_COLUMNS].head(36).copy()
    register["linkage_id"] = ident(register["linkage_id"])
    register["partner_name"] = [f"กรมจริง {n % 7}" for n in range(len(register))]
    surveys = sample["surveys"].head(30).copy()
    surveys["response_id"] = ident(surveys["response_id"])
    surveys["linkage_id"] = ident(surveys["linkage_id"].fillna("")).replace("", None)
    surveys["comment"] = "ความเห็นจริง"
    assessments = sample["assessments"].head(10).copy()
    assessments["assessment_id"] = ident(assessments["assessment_id"])
    assessments["assessor"] = "ผู้ประเมินจริง"
    egov = (
        sample["egov"].head(6).copy()
    )  # same units and dates as sample rows: the identity of e-Gov
    egov["s3_payment"] = ~egov["s3_payment"]
    return {"register": register, "surveys": surveys, "assessments": assessments, "egov": egov}


def _xlsx(kind: str, frame: pd.DataFrame) -> bytes:
    """A frame as an agency's workbook (Thai headers and labels); the register gets a bad row."""
    data = sample_workbook(kind, frame)
    if kind != "register":
        return data
    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb.active.append(["LNK-BAD-1", "กรมจริง 1", "หน่วยงานภาครัฐ", "ขอข้อมูลจากหน่วยงานอื่น", "ข้อมูล", "ผิด"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture(scope="module", params=["usual", "sample_like"])
def real_files(request) -> dict[str, bytes]:
    """The four real files, as bytes per kind."""
    return {kind: _xlsx(kind, frame) for kind, frame in _real_frames(request.param).items()}


def _snapshot(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, without upload ids and times (and without the sample's state)."""
    tables = [
        r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()
    ]
    snap = {}
    for table in tables:
        cols = [
            f'"{name}"'
            for name, ctype in con.execute(
                "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = ? "
                "ORDER BY column_index",
                [table],
            ).fetchall()
            if name != "upload_id" and "TIMESTAMP" not in ctype
        ]
        where = f" WHERE key <> '{SAMPLE_STATE_KEY}'" if table == "settings" else ""
        rows = con.execute(f"SELECT {', '.join(cols)} FROM {table}{where}").fetchall()
        snap[table] = sorted(rows, key=repr)
    return snap


def _import_all(con, files: dict[str, bytes], *, remove_sample: bool = False) -> list[dict]:
    """Import the real files through the upload page's path; the outcome of each."""
    outcomes = []
    for kind in KIND_ORDER:
        prev = preview(con, files[kind], f"real_{kind}.xlsx", kind)
        result = commit(con, prev, uploaded_by="it", now=REAL_AT, remove_sample=remove_sample)
        outcomes.append(result.as_dict())
    return outcomes


def _counts(outcome: dict) -> dict:
    """What an import reported, without its upload id and sample bookkeeping."""
    keep = ("kind", "accepted", "rejected", "added", "changed", "unchanged", "absent", "errors")
    return {k: outcome[k] for k in keep}


def _sample_store(path: Path) -> duckdb.DuckDBPyConnection:
    """A store as a newcomer gets it: the sample loaded."""
    con = open_store(path)
    load_sample(con, now=SAMPLE_AT)
    return con


def _sample_rows(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple]]:
    """Every row the sample wrote (records, history, uploads), sorted."""
    tables = [
        "linkages",
        "survey_responses",
        "assessments",
        "egov_assessments",
        "linkage_history",
        "uploads",
    ]
    return {
        t: sorted(con.execute(f"SELECT * FROM {t} WHERE is_sample").fetchall(), key=repr)
        for t in tables
    }


@pytest.fixture(scope="module")
def on_empty_store(real_files, tmp_path_factory) -> tuple[dict, list[dict]]:
    """The store after importing the real files on an empty store, and the imports' outcomes."""
    con = open_store(tmp_path_factory.mktemp("empty") / "linkage.duckdb")
    outcomes = _import_all(con, real_files)
    snap = _snapshot(con)
    con.close()
    return snap, outcomes


def test_every_sample_identity_is_in_the_sample_namespace():
    sample = _shipped_frames()
    history = pd.read_csv(SAMPLE_FOLDER / HISTORY_FILE, dtype=str)
    for frame, column in (
        (sample["register"], "linkage_id"),
        (history, "linkage_id"),
        (sample["surveys"], "response_id"),
        (sample["assessments"], "assessment_id"),
        (sample["surveys"].dropna(subset=["linkage_id"]), "linkage_id"),
    ):
        assert frame[column].str.startswith(SAMPLE_ID_PREFIX).all(), column


def test_real_upload_beside_the_sample_touches_no_sample_row(real_files, on_empty_store, tmp_path):
    con = _sample_store(tmp_path / "linkage.duckdb")
    before = _sample_rows(con)
    outcomes = _import_all(con, real_files)
    # Counted against real rows only: all new, nothing changed, no sample linkage "absent".
    assert [_counts(o) for o in outcomes] == [_counts(o) for o in on_empty_store[1]]
    assert all(o["sample_loaded"] and o["sample_removed"] is None for o in outcomes)
    assert [o["added"] for o in outcomes] == [36, 30, 10, 6]
    assert _sample_rows(con) == before  # not one sample value, history row or upload changed
    history = con.execute("SELECT count(*) FROM linkage_history WHERE NOT is_sample").fetchone()
    assert history == (36,)  # the first status of each real linkage, nothing compared
    # Even where a real and a sample linkage share an ID, each change is listed once.
    assert (
        len(recent_changes(con, limit=10_000))
        == con.execute("SELECT count(*) FROM linkage_history").fetchone()[0]
    )
    con.close()


def test_sample_then_real_then_removal_equals_real_on_an_empty_store(
    real_files, on_empty_store, tmp_path
):
    con = _sample_store(tmp_path / "linkage.duckdb")
    _import_all(con, real_files)
    remove_sample(con)
    assert not sample_loaded(con)
    assert con.execute(
        "SELECT value FROM settings WHERE key = ?", [SAMPLE_STATE_KEY]
    ).fetchone() == ("removed",)
    snap = _snapshot(con)
    con.close()
    assert snap.keys() == on_empty_store[0].keys()
    for table, rows in on_empty_store[0].items():
        assert snap[table] == rows, table


def test_removing_the_sample_with_the_first_upload(real_files, on_empty_store, tmp_path):
    path = tmp_path / "linkage.duckdb"
    con = _sample_store(path)
    outcomes = _import_all(con, real_files, remove_sample=True)
    first = outcomes[0]
    assert first["sample_loaded"] is True
    assert first["sample_removed"] == SAMPLE_ROWS
    assert all(o["sample_removed"] is None for o in outcomes[1:])  # nothing left to remove
    assert [_counts(o) for o in outcomes] == [_counts(o) for o in on_empty_store[1]]
    assert list(tmp_path.glob("linkage.duckdb.bak-*before-sample-removal*"))
    assert _snapshot(con) == on_empty_store[0]
    con.close()


def test_failed_import_keeps_the_sample(real_files, tmp_path, monkeypatch):
    """The removal and the import are one transaction: if the import fails, the sample stays."""
    import loaders.importer

    con = _sample_store(tmp_path / "linkage.duckdb")
    before = _snapshot(con)
    prev = preview(con, real_files["register"], "real.xlsx", "register")

    def broken(*args, **kwargs):
        raise duckdb.IOException("disk full")

    monkeypatch.setattr(loaders.importer, "_write_history", broken)
    with pytest.raises(duckdb.IOException):
        commit(con, prev, remove_sample=True)
    assert sample_loaded(con)
    assert _snapshot(con) == before
    con.close()


def _cli(capsys, *args: str) -> tuple[int, dict, str]:
    """Run `python -m loaders import ...` in this process; exit code, its JSON and its stderr."""
    code = main(["import", *args])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


def _cli_import_all(capsys, db: Path, files: dict[str, bytes]) -> list[tuple[dict, str]]:
    """Import the real files with the command line, as a scheduled job would; JSON and stderr."""
    outcomes = []
    for kind in KIND_ORDER:
        path = db.parent / f"real_{kind}.xlsx"
        path.write_bytes(files[kind])
        code, out, err = _cli(capsys, str(path), "--db", str(db), "--user", "it", "--wait", "0")
        assert code == 0
        outcomes.append((out, err))
    return outcomes


def test_cli_import_removes_the_sample_in_the_same_step(real_files, tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    empty_db = tmp_path / "empty" / "linkage.duckdb"
    expected = _cli_import_all(capsys, empty_db, real_files)
    assert all(err == "" and not out["sample_loaded"] for out, err in expected)
    db = tmp_path / "linkage.duckdb"
    _sample_store(db).close()
    outcomes = _cli_import_all(capsys, db, real_files)
    (first, first_err), *rest = outcomes
    assert first["sample_removed"]["linkages"] == SAMPLE_ROWS["linkages"]
    assert "ข้อมูลตัวอย่าง" in first_err and "removed its" in first_err
    assert all(out["sample_removed"] is None and err == "" for out, err in rest)
    assert [_counts(o) for o, _ in outcomes] == [_counts(o) for o, _ in expected]
    assert list(tmp_path.glob("linkage.duckdb.bak-*before-sample-removal*"))
    snaps = []
    for path in (db, empty_db):
        con = open_store(path)
        snaps.append(_snapshot(con))
        con.close()
    assert snaps[0] == snaps[1]


def test_cli_keep_sample_stores_real_rows_beside_it(real_files, tmp_path, capsys):
    db = tmp_path / "linkage.duckdb"
    con = _sample_store(db)
    before = _sample_rows(con)
    con.close()
    path = tmp_path / "real.xlsx"
    path.write_bytes(real_files["register"])
    code, out, err = _cli(capsys, str(path), "--db", str(db), "--keep-sample", "--wait", "0")
    assert code == 0
    assert (out["added"], out["changed"], out["absent"], out["sample_removed"]) == (36, 0, [], None)
    assert "--keep-sample" in err
    con = open_store(db)
    assert _sample_rows(con) == before
    con.close()


def test_cli_help_says_what_happens_to_the_sample():
    imp = build_parser()._subparsers._group_actions[0].choices["import"]
    text = " ".join(imp.format_help().split())
    assert "--keep-sample" in text and "removes it in the same transaction" in text


def test_metrics_keep_a_real_linkages_history_apart_from_a_sample_one_of_the_same_id(
    seeded_store,
):
    """A real file that reuses a sample ID, imported with the sample kept: the register's
    changes and time in stage read the real row's history only (joined on ID and origin)."""
    from loaders.importer import import_bytes
    from metrics.lead_times import stage_spells
    from metrics.pipeline import stuck_linkages
    from metrics.register import register_changes

    con = open_store(seeded_store)
    try:
        sample_id = con.execute(
            "SELECT linkage_id FROM linkages WHERE is_sample AND status = 'requested' "
            "ORDER BY linkage_id LIMIT 1"
        ).fetchone()[0]
        register = (
            "รหัสการเชื่อมโยง,หน่วยงานคู่เชื่อมโยง,ทิศทางการเชื่อมโยง,ชุดข้อมูล,สถานะ,วันที่ยื่นคำขอ\n"
            f"{sample_id},กรมจริง,inbound,ข้อมูลจริง,requested,2025-10-01\n"
        ).encode()
        import_bytes(con, register, "real.csv", "register")
        import_bytes(con, register.replace(b",requested,", b",approved,"), "again.csv", "register")
        assert con.execute(
            "SELECT count(*) FROM linkages WHERE linkage_id = ?", [sample_id]
        ).fetchone() == (2,)
        real_history = con.execute(
            "SELECT count(*) FROM linkage_history WHERE linkage_id = ? AND NOT is_sample",
            [sample_id],
        ).fetchone()[0]
        changes = register_changes(con, limit=10_000)
        mine = changes[changes["linkage_id"] == sample_id]
        # each history row once, beside its own partner (the sample's row would double it)
        both = con.execute(
            "SELECT count(*) FROM linkage_history WHERE linkage_id = ?", [sample_id]
        ).fetchone()[0]
        assert len(mine) == both
        assert set(mine.loc[mine["field"] == "status", "new_value"]) >= {"approved"}
        real_rows = mine[mine["partner_name"] == "กรมจริง"]
        assert len(real_rows) == real_history
        spells = stage_spells(con, today=dt.date(2030, 1, 1))
        stays = spells[spells["linkage_id"] == sample_id]
        # the real row: requested, then approved (still there); the sample row: its own stays
        assert len(stays[stays["left_at"].isna()]) == 2
        stuck = stuck_linkages(con, today=dt.date(2030, 1, 1))
        assert (stuck["linkage_id"] == sample_id).sum() <= 2
    finally:
        con.close()
