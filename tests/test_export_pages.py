"""The briefing button on the scorecard and the public register on the Administration page."""

from __future__ import annotations

import datetime as dt
import json

from auth.audit import entries
from labels import label
from loaders.store import open_store
from metrics.filters import Filters
from metrics.register import default_fiscal_year
from tests.apptest import open_page


def _export_entries(path) -> list[dict]:
    """The export entries of the audit trail, newest first, details parsed."""
    con = open_store(path)
    try:
        trail = entries(con, action="export")
    finally:
        con.close()
    return [{**row, "detail": json.loads(row["detail"])} for row in trail.to_dict("records")]


def test_the_scorecard_prepares_a_briefing_and_audits_it(sample_store):
    at = open_page("pages/scorecard.py", state={"filters": Filters(direction=("inbound",))})
    today = dt.date.today()
    con = open_store(sample_store)
    fy, _ = default_fiscal_year(con, chosen=None, today=today)
    con.close()
    assert not [b for b in at.download_button if b.key == "ex_pptx_download"]
    at.button(key="ex_pptx_make").click().run()
    assert not at.exception
    button = at.download_button(key="ex_pptx_download")
    name = f"briefing_{fy}_{today.isoformat()}.pptx"
    assert name in button.label
    [entry] = _export_entries(sample_store)
    assert entry["actor"] == "test-admin" and entry["role"] == "admin"
    detail = entry["detail"]
    assert detail["content"] == "briefing" and detail["file"] == name
    assert detail["filters"]["direction"] == ["inbound"] and detail["fiscal_year"] == fy
    assert button.proto.deferred_file_id == "" and button.proto.url  # the file is served as is


def test_the_administration_page_shows_the_rule_then_exports_the_register(sample_store):
    at = open_page("pages/administration.py")
    assert "ex_public_make" not in {b.key for b in at.button}  # only the open section is drawn
    at.session_state["section_administration"] = label("ex_public", "th")
    at.run()
    text = "\n".join(str(m.value) for m in at.markdown).replace("\\", "")  # Markdown escapes
    assert "ชั้นข้อมูลอื่น: แสดงเฉพาะ หน่วยงานคู่เชื่อมโยง" in text
    at.button(key="ex_public_make").click().run()
    assert not at.exception
    button = at.download_button(key="ex_public_download")
    assert f"linkages_public_{dt.date.today().isoformat()}.zip" in button.label
    [entry] = _export_entries(sample_store)
    assert entry["detail"]["content"] == "public_register"
    assert entry["detail"]["files"] == [
        "linkages_public.csv", "linkages_public.json", "linkages_public.xlsx"
    ]  # fmt: skip


def _deferred_downloads(monkeypatch) -> dict[str, dict]:
    """The file name and builder of every download button a run registers, by file name
    (Streamlit keeps a button's builder until it is clicked; AppTest cannot click one)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    found: dict[str, dict] = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        found[file_name] = {"build": data_callable, "mimetype": mimetype}
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return found


def test_a_table_download_is_named_and_audited_when_it_is_built(sample_store, monkeypatch):
    monkeypatch.setenv("LINKAGE_AGENCY", "กรมทดสอบ ระบบ/ข้อมูล")
    downloads = _deferred_downloads(monkeypatch)
    open_page("pages/overview.py", state={"filters": Filters(direction=("inbound",))})
    today = dt.date.today().isoformat()
    name = f"กรมทดสอบ-ระบบ-ข้อมูล_linkages_by_status_{today}"
    assert {f"{name}.xlsx", f"{name}.csv"} <= set(downloads)
    assert _export_entries(sample_store) == []  # shown, not yet built: nothing exported
    data = downloads[f"{name}.xlsx"]["build"]()
    assert data[:2] == b"PK"  # an xlsx (a zip)
    [entry] = _export_entries(sample_store)
    assert entry["actor"] == "test-admin" and entry["role"] == "admin"
    detail = entry["detail"]
    assert detail["content"] == "linkages_by_status" and detail["file"] == f"{name}.xlsx"
    assert detail["filters"]["direction"] == ["inbound"] and detail["rows"] > 0
    downloads[f"{name}.csv"]["build"]()
    assert [e["detail"]["file"] for e in _export_entries(sample_store)] == [
        f"{name}.csv", f"{name}.xlsx"
    ]  # fmt: skip


def test_in_roll_up_mode_a_built_download_opens_no_store(monkeypatch):
    """Roll-up mode is read-only: the download's builder is given no store and opens none."""
    import ui.shell

    def refuse(*_args, **_kwargs):
        raise AssertionError("a store was opened")

    monkeypatch.setattr(ui.shell, "open_store", refuse)
    build = ui.shell.audited_export(lambda: b"data", None, "x", "admin", "t", {"file": "t.csv"})
    assert build() == b"data"
