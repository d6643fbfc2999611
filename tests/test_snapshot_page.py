"""The Administration page's snapshot button (issue 16): writes, audits, refuses bad codes."""

from __future__ import annotations

import json

from auth.audit import entries
from loaders.store import open_store
from tests.apptest import open_page
from tests.views_pages import open_section


def _snapshot_entries(path) -> list[dict]:
    """The snapshot entries of the audit trail, details parsed."""
    con = open_store(path)
    try:
        trail = entries(con, action="snapshot_made")
    finally:
        con.close()
    return [{**row, "detail": json.loads(row["detail"])} for row in trail.to_dict("records")]


def test_the_button_writes_the_snapshot_without_the_sample_and_audits_it(
    sample_store, tmp_path, monkeypatch
):
    out = tmp_path / "snapshots"
    monkeypatch.setenv("LINKAGE_SNAPSHOTS", str(out))
    at = open_section(
        open_page("pages/administration.py"), "administration", "administration_tab_backups"
    )
    at.text_input(key="snap_code").input("DGA-01")
    at.text_input(key="snap_name").input("กรมทดสอบ")
    at.button(key="snap_btn").click().run()
    assert not at.exception
    manifest = json.loads((out / "agency=DGA-01" / "_manifest.json").read_text(encoding="utf-8"))
    assert manifest["agency"] == "DGA-01" and manifest["agency_name"] == "กรมทดสอบ"
    # The store holds the sample only: nothing of it leaves the agency.
    assert {table: e["rows"] for table, e in manifest["tables"].items()}["linkages"] == 0
    assert all(e["rows"] == 0 for e in manifest["tables"].values())
    # Its figures are computed from what left, not from the store: no sample linkage counts.
    figures = json.loads((out / "agency=DGA-01" / "_figures.json").read_text(encoding="utf-8"))
    assert manifest["figures"]["file"] == "_figures.json"
    assert figures["register"]["linkages"] == 0
    [entry] = _snapshot_entries(sample_store)
    assert entry["actor"] == "test-admin" and entry["role"] == "admin"
    assert entry["detail"]["agency"] == "DGA-01" and entry["detail"]["rows"]["linkages"] == 0
    assert any("DGA-01" in str(s.value) for s in at.success)


def test_the_button_refuses_a_path_as_agency_code(sample_store, tmp_path, monkeypatch):
    out = tmp_path / "snapshots"
    monkeypatch.setenv("LINKAGE_SNAPSHOTS", str(out))
    at = open_section(
        open_page("pages/administration.py"), "administration", "administration_tab_backups"
    )
    at.text_input(key="snap_code").input("../../etc")
    at.text_input(key="snap_name").input("กรมทดสอบ")
    at.button(key="snap_btn").click().run()
    assert not at.exception
    assert any("รหัสหน่วยงาน" in str(e.value) for e in at.error)
    assert not out.exists() and _snapshot_entries(sample_store) == []
