"""Roll-up mode in the dashboard (issue 16): read-only pages, the "หน่วยงาน" filter, the
across-agencies page ranking agencies from their own figures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from metrics_fixtures import REGISTER_ROWS, import_at, register_csv

from loaders.snapshot import write_snapshot
from loaders.store import open_store
from tests.apptest import open_page

LINES = REGISTER_ROWS.splitlines(keepends=True)


def _agency(out: Path, code: str, name: str, rows: str) -> None:
    con = open_store(":memory:")
    import_at(con, register_csv(rows), "register", dt.datetime(2025, 8, 1, 9, 0))
    write_snapshot(con, out, code, name)
    con.close()


@pytest.fixture
def rollup_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Two agencies: A1 the whole hand register (15 linkages), B2 its five outbound rows."""
    out = tmp_path / "snapshots"
    _agency(out, "A1", "กรมหนึ่ง", "".join(LINES))
    _agency(out, "B2", "กรมสอง", "".join(line for line in LINES if line[0] == "O"))
    monkeypatch.setenv("LINKAGE_ROLLUP", str(out))
    monkeypatch.setenv("LINKAGE_DB", str(tmp_path / "not-used.duckdb"))
    return out


def test_across_agencies_ranks_both_and_drills_down(rollup_dir: Path) -> None:
    at = open_page("pages/across_agencies.py")
    assert any("อ่านอย่างเดียว" in str(i.value) for i in at.info)  # the read-only banner
    [table] = [d.value for d in at.dataframe if "รหัสหน่วยงาน" in d.value.columns]
    by_code = table.set_index("รหัสหน่วยงาน")
    assert by_code.loc["A1", "การเชื่อมโยง"] == 15 and by_code.loc["B2", "การเชื่อมโยง"] == 5
    assert by_code.loc["A1", "หน่วยงาน"] == "กรมหนึ่ง"
    assert by_code.loc["A1", "ข้อมูล ณ วันที่"].endswith(str(dt.date.today().year + 543))
    at.selectbox(key="xa_drill").select("B2").run()
    at.button(key="xa_open").click().run()
    assert not at.exception
    assert at.session_state["rollup_agency"] == "B2"
    assert any("กรมสอง" in str(i.value) for i in at.info)  # the banner names the agency shown
    assert not Path(str(rollup_dir.parent / "not-used.duckdb")).exists()


def test_upload_page_is_read_only_in_roll_up(rollup_dir: Path) -> None:
    at = open_page("pages/import.py")
    assert any("อ่านอย่างเดียว" in str(i.value) for i in at.info)
    assert not at.get("file_uploader")


def test_overview_narrowed_by_the_agency_filter(rollup_dir: Path) -> None:
    at = open_page("pages/overview.py")
    figures = {m.label: m.value for m in at.metric}
    assert figures["การเชื่อมโยงทั้งหมด"] == "20"  # 15 + 5
    at.selectbox(key="rollup_agency").select("B2").run()
    assert not at.exception
    # B2: O1 (in use), O2 (requested), O3 (linked), O4 (rejected), O5 (developing);
    # partners A, A, B, C, D.
    figures = {m.label: m.value for m in at.metric}
    assert figures["การเชื่อมโยงทั้งหมด"] == "5" and figures["หน่วยงานคู่เชื่อมโยง"] == "4"
    assert figures["เชื่อมโยงแล้ว/ใช้งานอยู่"] == "2" and figures["คำขอที่รอผล"] == "1"


def test_comparisons_offer_the_agencies_as_a_dimension_over_all_of_them(rollup_dir: Path) -> None:
    from tests.views_pages import figure, values

    at = open_page("pages/comparisons.py")
    assert "หน่วยงาน" in [o.content for o in at.get("segmented_control")[0].proto.options]
    at.session_state["comparisons_dimension"] = "agency"
    at.run()
    assert not at.exception
    fig = figure(at, "comparisons_compare_chart")
    totals: dict[str, float] = {}
    for trace in fig["data"]:
        for name, n in zip(values(trace["y"]), values(trace["x"]), strict=True):
            totals[name] = totals.get(name, 0) + n
    assert totals == {"กรมหนึ่ง (A1)": 15, "กรมสอง (B2)": 5}
    # Narrowed to one agency, the dimension is gone (one value compares nothing).
    at.selectbox(key="rollup_agency").select("B2").run()
    assert not at.exception
    assert "หน่วยงาน" not in [o.content for o in at.get("segmented_control")[0].proto.options]
    assert not at.exception


def test_across_agencies_reads_the_figures_snapshots_carry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Snapshots written with their figures: the ranking computes no agency's report."""
    import metrics.agency_ranking
    from metrics.agency_ranking import snapshot_figures

    out = tmp_path / "snapshots"
    for code, name, rows in (("A1", "กรมหนึ่ง", LINES), ("B2", "กรมสอง", LINES[:6])):
        con = open_store(":memory:")
        import_at(con, register_csv("".join(rows)), "register", dt.datetime(2025, 8, 1, 9, 0))
        write_snapshot(con, out, code, name, figures=snapshot_figures)
        con.close()
    monkeypatch.setenv("LINKAGE_ROLLUP", str(out))
    monkeypatch.setenv("LINKAGE_DB", str(tmp_path / "not-used.duckdb"))

    def refuse(*_args, **_kwargs):
        raise AssertionError("an agency's report was computed on the page")

    monkeypatch.setattr(metrics.agency_ranking, "build_report", refuse)
    at = open_page("pages/across_agencies.py")
    assert not at.exception
    [table] = [d.value for d in at.dataframe if "รหัสหน่วยงาน" in d.value.columns]
    linkages = table.set_index("รหัสหน่วยงาน")["การเชื่อมโยง"].to_dict()
    assert linkages == {"A1": 15, "B2": 6}


def test_figures_the_ranking_cannot_read_are_computed_instead(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A snapshot whose figures file matches its manifest but lacks what the ranking reads (or
    has text where counts go) does not take the page down: that agency is computed."""
    import hashlib
    import json

    from metrics.agency_ranking import snapshot_figures, usable

    out = tmp_path / "snapshots"
    con = open_store(":memory:")
    import_at(con, register_csv("".join(LINES)), "register", dt.datetime(2025, 8, 1, 9, 0))
    write_snapshot(con, out, "A1", "กรมหนึ่ง", figures=snapshot_figures)
    con.close()
    folder = out / "agency=A1"
    figures = json.loads((folder / "_figures.json").read_text(encoding="utf-8"))
    assert usable(figures)
    figures["register"]["linkages"] = "15<b>"
    del figures["kpi_summary"]
    assert not usable(figures)
    data = json.dumps(figures, ensure_ascii=False).encode("utf-8")
    (folder / "_figures.json").write_bytes(data)
    manifest = json.loads((folder / "_manifest.json").read_text(encoding="utf-8"))
    manifest["figures"]["sha256"] = hashlib.sha256(data).hexdigest()
    (folder / "_manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    monkeypatch.setenv("LINKAGE_ROLLUP", str(out))
    monkeypatch.setenv("LINKAGE_DB", str(tmp_path / "not-used.duckdb"))
    at = open_page("pages/across_agencies.py")
    assert not at.exception
    [table] = [d.value for d in at.dataframe if "รหัสหน่วยงาน" in d.value.columns]
    assert table.set_index("รหัสหน่วยงาน").loc["A1", "การเชื่อมโยง"] == 15
