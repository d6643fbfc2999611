"""Roll-up of snapshots (issue 16): per agency exactly its own `python -m metrics report`,
checksums, newest snapshot wins, schema versions refused or upgraded with the reason."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from metrics_fixtures import REGISTER_ROWS, SURVEY_CSV, import_at, register_csv

from loaders.rollup import connect, scan
from loaders.snapshot import write_snapshot
from loaders.store import SCHEMA_VERSION, open_store
from metrics.report import build_report
from metrics.report_cli import _json_default
from metrics.targets import set_target

PROJECT = Path(__file__).resolve().parent.parent
TODAY = "2025-09-01"
LINES = REGISTER_ROWS.splitlines(keepends=True)
# Three small agencies: A the whole hand register; B its outbound and inbound rows (O*, I*);
# C the cancellations and two rows whose IDs A also has (O1, I6), so that joins over all
# agencies would mix them if IDs were not kept apart.
AGENCIES = {
    "A1": ("กรม ก", "".join(LINES)),
    "B-2": ("กรม ข", "".join(line for line in LINES if line[0] in "OI")),
    "C_3": ("กรม ค", "".join(line for line in LINES if line[0] == "C" or line[:2] in ("O1", "I6"))),
}


def _own_store(path: Path, rows: str, code: str) -> None:
    """An agency's own store: its register, the hand survey (not for B), a target for C."""
    con = open_store(path)
    import_at(con, register_csv(rows), "register", dt.datetime(2025, 8, 1, 9, 0))
    if code != "B-2":
        import_at(con, SURVEY_CSV.encode(), "surveys", dt.datetime(2025, 8, 1, 9, 5), "s.csv")
    if code == "C_3":
        set_target(con, fiscal_year=2568, kpi_id="inbound_satisfaction", target=75.0, note="ทดสอบ")
    con.close()


def _cli_report(db: Path) -> dict:
    """What the agency's own dashboard gives: `python -m metrics report` on its store."""
    done = subprocess.run(
        [sys.executable, "-m", "metrics", "report", "--db", str(db), "--today", TODAY],
        cwd=PROJECT, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def _flat(value: object, prefix: str = "") -> dict[str, object]:
    """Every leaf of a report under its key path (`register.by_status.linked`)."""
    if isinstance(value, dict):
        out: dict[str, object] = {}
        for key, inner in value.items():
            out.update(_flat(inner, f"{prefix}.{key}" if prefix else str(key)))
        return out
    if isinstance(value, list):
        out = {}
        for i, inner in enumerate(value):
            out.update(_flat(inner, f"{prefix}[{i}]"))
        return out
    return {prefix: value}


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """Three agencies' own stores, each snapshotted into one folder."""
    root = tmp_path_factory.mktemp("rollup")
    stores = {}
    for code, (name, rows) in AGENCIES.items():
        stores[code] = root / f"{code}.duckdb"
        _own_store(stores[code], rows, code)
        con = open_store(stores[code])
        write_snapshot(con, root / "snapshots", code, name)
        con.close()
    return root / "snapshots", stores


def test_round_trip_gives_each_agency_its_own_report_key_by_key(three) -> None:
    out, stores = three
    rollup = scan(out)
    assert sorted(rollup.agencies) == ["A1", "B-2", "C_3"] and rollup.refused == []
    for code, db in stores.items():
        own = _flat(_cli_report(db))
        con = connect(rollup, code)
        rolled = build_report(con, today=dt.date.fromisoformat(TODAY))
        con.close()
        rolled = _flat(json.loads(json.dumps(rolled, ensure_ascii=False, default=_json_default)))
        assert len(own) > 100
        assert sorted(rolled) == sorted(own), code
        for key, value in own.items():
            assert rolled[key] == value, (code, key)
    # Worked out from AGENCIES: A has the 15 hand rows, B the 11 O/I rows, C 4 + 2.
    sizes = {c: rollup.agencies[c].rows["linkages"] for c in AGENCIES}
    assert sizes == {"A1": 15, "B-2": 11, "C_3": 6}


def test_union_views_carry_the_agency_and_keep_ids_apart(three) -> None:
    out, _ = three
    con = connect(scan(out))
    counts = dict(con.execute("SELECT agency, count(*) FROM linkages GROUP BY agency").fetchall())
    assert counts == {"A1": 15, "B-2": 11, "C_3": 6}
    assert con.execute("SELECT count(DISTINCT linkage_id) FROM linkages").fetchone() == (32,)
    assert con.execute(
        "SELECT count(*) FROM linkage_history h JOIN linkages l USING (linkage_id) "
        "WHERE h.agency <> l.agency"
    ).fetchone() == (0,)
    report = build_report(con, today=dt.date.fromisoformat(TODAY))
    assert report["register"]["linkages"] == 32
    assert con.execute("SELECT count(*) FROM kpi_targets").fetchone() == (1,)
    con.close()


def _copy(out: Path, code: str, target: Path) -> Path:
    """A copy of one agency's snapshot folder under `target`."""
    folder = target / f"agency={code}"
    shutil.copytree(out / f"agency={code}", folder)
    return folder


def _edit_manifest(folder: Path, **values: object) -> None:
    path = folder / "_manifest.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest.update(values)
    path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def test_newest_snapshot_of_an_agency_wins_and_says_its_date(three, tmp_path: Path) -> None:
    out, _ = three
    older = _copy(out, "A1", tmp_path / "2025-06")
    newer = _copy(out, "A1", tmp_path / "2025-09")
    _edit_manifest(older, created_at="2025-06-30T10:00:00+00:00")
    _edit_manifest(newer, created_at="2025-09-30T10:00:00+00:00")
    rollup = scan(tmp_path)
    kept = rollup.agencies["A1"]
    assert kept.folder == newer and kept.created_at.date() == dt.date(2025, 9, 30)
    assert [s.folder for s in rollup.superseded] == [older]


def test_a_changed_file_refuses_its_snapshot_with_the_reason(three, tmp_path: Path) -> None:
    out, _ = three
    bad = _copy(out, "B-2", tmp_path)
    _copy(out, "A1", tmp_path)
    part = bad / "table=linkages" / "part-0.parquet"
    data = bytearray(part.read_bytes())
    data[len(data) // 2] ^= 0xFF
    part.write_bytes(bytes(data))
    rollup = scan(tmp_path)
    assert sorted(rollup.agencies) == ["A1"]
    [refused] = rollup.refused
    assert refused.folder == bad and "SHA-256" in refused.en and "table=linkages" in refused.en


def test_schema_versions_newer_refused_older_upgraded(three, tmp_path: Path) -> None:
    out, _ = three
    _edit_manifest(_copy(out, "A1", tmp_path), schema_version=SCHEMA_VERSION + 1)
    old = _copy(out, "C_3", tmp_path)
    manifest = json.loads((old / "_manifest.json").read_text(encoding="utf-8"))
    tables = {
        k: v for k, v in manifest["tables"].items() if k not in ("target_bands", "quarter_targets")
    }
    _edit_manifest(old, schema_version=4, tables=tables)  # version 5 added these two tables
    shutil.rmtree(old / "table=target_bands")
    rollup = scan(tmp_path)
    [refused] = rollup.refused
    assert "newer than this program" in refused.en and "อัปเดตโปรแกรม" in refused.th
    assert rollup.agencies["C_3"].schema_version == 4
    con = connect(rollup)
    assert con.execute("SELECT count(*) FROM target_bands").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM linkages").fetchone() == (6,)
    con.close()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"agency": "B-2"}, "does not match the manifest's agency"),
        ({"agency": "../x"}, "agency code is invalid"),
        ({"format": "other"}, "not a linkage dashboard snapshot"),
        ({"schema_version": "5"}, "schema version is invalid"),
        (
            {"tables": {"linkages": {"file": "../../etc/passwd", "rows": 1, "sha256": "x"}}},
            "tables",
        ),
    ],
)
def test_bad_manifests_refused(three, tmp_path: Path, change: dict, reason: str) -> None:
    out, _ = three
    folder = _copy(out, "A1", tmp_path)
    if "tables" in change:
        manifest = json.loads((folder / "_manifest.json").read_text(encoding="utf-8"))
        change = {"tables": manifest["tables"] | change["tables"]}
        reason = "bad file entry for linkages"
    _edit_manifest(folder, **change)
    rollup = scan(tmp_path)
    assert rollup.agencies == {}
    [refused] = rollup.refused
    assert reason in refused.en


def test_union_loaded_into_memory_gives_the_same_report(three) -> None:
    out, _ = three
    rollup = scan(out)
    views, loaded = connect(rollup), connect(rollup, materialize=True)
    today = dt.date.fromisoformat(TODAY)
    assert build_report(loaded, today=today) == build_report(views, today=today)
    assert loaded.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'linkages'"
    ).fetchone() == (1,)
    views.close()
    loaded.close()


def test_upload_ids_of_different_agencies_never_meet(three) -> None:
    """Every store numbers its uploads from 1: over all agencies a change is still named after
    its own agency's file, and no change is counted twice."""
    from metrics.register import register_changes

    out, stores = three
    rollup = scan(out)
    con = connect(rollup)
    own_ids = {}
    for code, db in stores.items():
        own = open_store(db)
        own_ids[code] = {r[0] for r in own.execute("SELECT upload_id FROM uploads").fetchall()}
        own.close()
    assert own_ids["A1"] & own_ids["B-2"]  # the stores reuse the same numbers
    pairs = con.execute(
        "SELECT count(*) FROM linkage_history h JOIN uploads u USING (upload_id) "
        "WHERE h.agency <> u.agency"
    ).fetchone()
    assert pairs == (0,)
    joined = con.execute(
        "SELECT count(*) FROM linkages l JOIN uploads u USING (upload_id) WHERE l.agency <> u.agency"
    ).fetchone()
    assert joined == (0,)
    history = con.execute("SELECT count(*) FROM linkage_history").fetchone()[0]
    changes = register_changes(con, limit=100_000)
    assert len(changes) == history  # one row per change, none doubled by another's upload
    con.close()


@pytest.fixture(scope="module")
def with_figures(three, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The three agencies snapshotted again, each with its figures."""
    from metrics.agency_ranking import snapshot_figures

    _, stores = three
    out = tmp_path_factory.mktemp("figures") / "snapshots"
    for code, db in stores.items():
        con = open_store(db)
        write_snapshot(
            con, out, code, AGENCIES[code][0],
            figures=lambda view: snapshot_figures(view, dt.date.fromisoformat(TODAY)),
        )  # fmt: skip
        con.close()
    return out


def test_figures_written_with_a_snapshot_are_the_agencys_own_report(three, with_figures) -> None:
    _, stores = three
    rollup = scan(with_figures)
    assert rollup.refused == []
    for code, db in stores.items():
        snap = rollup.agencies[code]
        assert (snap.folder / "_figures.json").stat().st_mode & 0o777 == 0o600
        assert snap.figures == _cli_report(db), code  # what its own dashboard gives, exactly
    assert not list(with_figures.glob(".tmp-*"))  # the staging folders are gone


def test_a_changed_figures_file_refuses_its_snapshot(with_figures, tmp_path: Path) -> None:
    folder = _copy(with_figures, "A1", tmp_path)
    path = folder / "_figures.json"
    figures = json.loads(path.read_text(encoding="utf-8"))
    figures["register"]["linkages"] += 1
    path.write_text(json.dumps(figures, ensure_ascii=False), encoding="utf-8")
    rollup = scan(tmp_path)
    assert "A1" not in rollup.agencies
    [refused] = rollup.refused
    assert "figures.json" in refused.en and "SHA-256" in refused.en
