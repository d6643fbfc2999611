"""Each role against each page and each write: what the navigation offers, what a URL reaches,
and which writes the server allows (the store unchanged when refused)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

from auth.audit import entries
from auth.users import load_users, set_role
from labels import label
from loaders.store import open_store
from tests.apptest import TIMEOUT, at_page, dashboard
from tests.conftest import ROOT
from tests.fingerprint import store_contents
from ui.target_editor import OPEN_KEY

pytestmark = pytest.mark.real_auth

VIEWS = {"overview", "scorecard", "operations", "comparisons", "egov_score"}
# Worked out from the issue: executives look; IT staff upload; planners plan; admins do all.
ROLE_PAGES = {
    "exec": VIEWS,
    "it": VIEWS | {"import"},
    "planner": VIEWS | {"what_if"},
    "admin": VIEWS | {"import", "what_if", "administration"},
}
PAGE_URLS = {"import": "import", "what_if": "what-if", "administration": "administration"}
WRITES = {
    "upload": {"it", "admin"},
    "manage_sample": {"it", "admin"},
    "save_assessment": {"planner", "admin"},
    "edit_targets": {"admin"},
    "manage_users": {"admin"},
    "view_audit": {"admin"},
    "make_backup": {"admin"},
    "publish_register": {"admin"},
    "make_snapshot": {"admin"},
}
REGISTER_CSV = (
    "รหัสการเชื่อมโยง,หน่วยงานคู่เชื่อมโยง,ทิศทางการเชื่อมโยง,ชุดข้อมูล,สถานะ\n"
    "ROLE-001,กรมทดสอบสิทธิ์,outbound,ข้อมูลทดสอบ,requested\n"
    "ROLE-002,กรมทดสอบสิทธิ์,inbound,ข้อมูลทดสอบ,linked\n"
).encode()


def _app(user: dict[str, str] | None = None, script: Path = ROOT / "dashboard.py") -> AppTest:
    """The dashboard (or one script) signed in as `user`, caches cleared."""
    return dashboard(script=script, state={"auth_user": user} if user is not None else None)


def _bypass(page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A script that runs one page directly, as if the router had let it through, then
    releases the store as dashboard.py does."""
    from ui import shell

    monkeypatch.setattr(shell, "access_guard", lambda: None)
    script = tmp_path / f"bypass_{page}.py"
    script.write_text(
        "import runpy\n"
        "from ui import db\n"
        "try:\n"
        f"    runpy.run_path({str(ROOT / 'pages' / f'{page}.py')!r}, run_name='__main__')\n"
        "finally:\n"
        "    db.close()\n",
        encoding="utf-8",
    )
    return script


def _pages(at: AppTest) -> set[str]:
    """The pages the last run's navigation offered, by file name."""
    return {
        Path(info["script_path"]).stem if info.get("script_path") else "sign-in"
        for info in at._registered_pages.values()
    }


def _audit(db: Path, action: str | None = None) -> list[dict[str, object]]:
    """Audit entries in the store, oldest first."""
    con = open_store(db)
    try:
        return entries(con, action=action).iloc[::-1].to_dict("records")
    finally:
        con.close()


def _text(key: str) -> str:
    """A label in Thai (the default language)."""
    return label(key, "th")


def _all_text(at: AppTest) -> str:
    """Everything the page wrote as text."""
    parts = [e.value for e in (*at.markdown, *at.caption, *at.info, *at.error, *at.success)]
    parts += [t.value for t in at.title]
    return "\n".join(str(p) for p in parts)


# --- navigation -------------------------------------------------------------------------------
@pytest.mark.parametrize("role", sorted(ROLE_PAGES))
def test_navigation_offers_exactly_the_pages_of_the_role(role, empty_store, accounts):
    at = _app(accounts[role]).run()
    assert not at.exception
    assert _pages(at) == ROLE_PAGES[role]
    assert "overview" in _pages(at)  # every role lands on the overview


FORBIDDEN = [
    (role, page)
    for role in sorted(ROLE_PAGES)
    for page in PAGE_URLS
    if page not in ROLE_PAGES[role]
]


@pytest.mark.parametrize(("role", "page"), FORBIDDEN)
def test_a_forbidden_page_is_not_reachable(role, page, empty_store, accounts):
    at = _app(accounts[role]).run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(f"pages/{page}.py")
    # Typing the page's URL: the browser asks for the page hashed from its URL path.
    at._page_hash = calc_hash(PAGE_URLS[page])
    at.run()
    assert not at.exception
    shown = _all_text(at)
    titles = {
        "import": "upload_title",
        "what_if": "what_if_title",
        "administration": "administration_title",
    }
    assert _text(titles[page]) not in [t.value for t in at.title]
    assert len(at.file_uploader) == 0 or page != "import"
    assert "administration_btn_add" not in {b.key for b in at.button}
    assert "ภาพรวมการเชื่อมโยงข้อมูล" in shown  # sent to the overview instead


@pytest.mark.parametrize(
    ("role", "page"), [("it", "import"), ("planner", "what_if"), ("admin", "administration")]
)
def test_a_role_opens_its_own_pages(role, page, seeded_store, accounts):
    at = at_page(_app(accounts[role]), f"pages/{page}.py").run()
    assert not at.exception
    titles = {
        "import": "upload_title",
        "what_if": "what_if_title",
        "administration": "administration_title",
    }
    assert _text(titles[page]) in [t.value for t in at.title]


@pytest.mark.parametrize("page", sorted(VIEWS - {"overview"}))
def test_an_executive_opens_every_view_on_an_empty_store(page, empty_store, accounts):
    at = at_page(_app(accounts["exec"]), f"pages/{page}.py").run()
    assert not at.exception


# --- every write checks the role on the server ------------------------------------------------
def _write_probe(action: str) -> None:
    """A page's write path: the server check, then a write (an audit entry) if allowed."""
    from ui import db, sign_in

    try:
        sign_in.require(action)
        sign_in.record("probe", {"action": action})
    finally:
        db.close()


@pytest.mark.parametrize("action", sorted(WRITES))
def test_every_write_is_allowed_only_to_its_roles(action, empty_store, accounts):
    for role, user in accounts.items():
        at = AppTest.from_function(_write_probe, args=(action,), default_timeout=TIMEOUT)
        at.session_state["auth_user"] = user
        at.run()
        assert not at.exception
        allowed = role in WRITES[action]
        refused = [e.value for e in at.error]
        assert bool(refused) is not allowed, (role, action, refused)
        if not allowed:
            assert "ไม่มีสิทธิ์" in refused[0]
    probes = [e["actor"] for e in _audit(empty_store, "probe")]
    assert sorted(probes) == sorted(WRITES[action])


def test_not_signed_in_no_write_is_allowed(empty_store, accounts):
    for action in WRITES:
        at = AppTest.from_function(_write_probe, args=(action,), default_timeout=TIMEOUT).run()
        assert at.error, action
    assert _audit(empty_store, "probe") == []


# --- uploads ------------------------------------------------------------------------------------
def _upload(at: AppTest, data: bytes = REGISTER_CSV, name: str = "roles.csv") -> AppTest:
    """Choose a file on the upload page and let it be checked."""
    at.file_uploader(key="upload_file").upload(name, data, "text/csv")
    return at.run()


def test_it_staff_import_lands_and_is_recorded(empty_store, accounts):
    at = at_page(_app(accounts["it"]), "pages/import.py").run()
    _upload(at)
    assert not at.exception
    at.button(key="btn_import").click().run()
    assert not at.exception
    con = open_store(empty_store)
    assert con.execute("SELECT count(*) FROM linkages").fetchone()[0] == 2
    con.close()
    (entry,) = _audit(empty_store, "upload")
    assert (entry["actor"], entry["role"]) == ("it", "it_staff")
    assert '"file": "roles.csv"' in entry["detail"] and '"accepted": 2' in entry["detail"]


def test_demoted_mid_upload_the_import_is_refused(empty_store, accounts):
    at = at_page(_app(accounts["it"]), "pages/import.py").run()
    _upload(at)
    before = store_contents(empty_store)
    set_role("it", "executive")  # an admin takes the right away while the preview is open
    at.button(key="btn_import").click().run()
    assert not at.exception
    assert store_contents(empty_store) == before
    assert _audit(empty_store, "upload") == []


def test_executive_on_the_upload_page_cannot_import(empty_store, accounts, monkeypatch, tmp_path):
    """Even if the page were reached (router bypassed), the import button's check refuses."""
    at = _app(accounts["exec"], _bypass("import", tmp_path, monkeypatch)).run()
    _upload(at)
    before = store_contents(empty_store)
    at.button(key="btn_import").click().run()
    assert "ไม่มีสิทธิ์" in at.error[0].value
    assert store_contents(empty_store) == before


def test_sample_removal_is_recorded_and_backed_up(seeded_store, accounts):
    at = at_page(_app(accounts["it"]), "pages/import.py").run()
    at.button(key="remove_sample").click().run()
    assert not at.exception
    (entry,) = _audit(seeded_store, "sample_removed")
    assert entry["actor"] == "it"
    assert list(seeded_store.parent.glob("*.bak-*-before-sample-removal"))


def test_executive_cannot_remove_the_sample(seeded_store, accounts, monkeypatch, tmp_path):
    at = _app(accounts["exec"], _bypass("import", tmp_path, monkeypatch)).run()
    before = store_contents(seeded_store, skip=("audit_log",))
    at.button(key="remove_sample").click().run()
    assert "ไม่มีสิทธิ์" in at.error[0].value
    assert store_contents(seeded_store, skip=("audit_log",)) == before
    assert _audit(seeded_store, "sample_removed") == []


# --- targets (admins only) --------------------------------------------------------------------
def _annual_inputs(at: AppTest) -> list:
    """The year-target inputs of the target editor."""
    return [n for n in at.number_input if str(n.key).startswith("strategic_f_annual_")]


def _open_editor(at: AppTest) -> AppTest:
    """Open the "Set targets" expander (its forms are drawn only while it is open)."""
    at.session_state[OPEN_KEY] = True
    return at.run()


def test_planner_is_not_offered_the_target_editor(seeded_store, accounts):
    at = _open_editor(at_page(_app(accounts["planner"]), "pages/scorecard.py").run())
    assert not at.exception
    assert _annual_inputs(at) == []
    assert _text("scorecard_set_not_allowed") in _all_text(at)


def test_admin_target_edit_is_recorded(seeded_store, accounts):
    at = _open_editor(at_page(_app(accounts["admin"]), "pages/scorecard.py").run())
    (annual,) = _annual_inputs(at)[:1]
    annual.set_value(42.0)
    save = [b for b in at.button if b.label == _text("scorecard_f_save")]
    save[0].click().run()
    assert not at.exception
    (entry,) = _audit(seeded_store, "edit_targets")
    assert (entry["actor"], entry["role"]) == ("admin", "admin")
    con = open_store(seeded_store)
    stored = con.execute("SELECT target FROM kpi_targets WHERE target = 42").fetchall()
    con.close()
    assert stored


# --- assessments (planners and admins) --------------------------------------------------------
def test_planner_saved_assessment_is_recorded(seeded_store, accounts):
    at = at_page(_app(accounts["planner"]), "pages/what_if.py").run()
    con = open_store(seeded_store)
    before = con.execute("SELECT count(*) FROM assessments").fetchone()[0]
    con.close()
    at.button(key="what_if_save").click().run()
    assert not at.exception
    con = open_store(seeded_store)
    after = con.execute("SELECT count(*) FROM assessments").fetchone()[0]
    con.close()
    assert after == before + 1
    (entry,) = _audit(seeded_store, "save_assessment")
    assert (entry["actor"], entry["role"]) == ("planner", "planner")


def test_executive_on_the_whatif_page_cannot_save(seeded_store, accounts, monkeypatch, tmp_path):
    at = _app(accounts["exec"], _bypass("what_if", tmp_path, monkeypatch)).run()
    before = store_contents(seeded_store, skip=("audit_log",))
    at.button(key="what_if_save").click().run()
    assert store_contents(seeded_store, skip=("audit_log",)) == before
    assert _audit(seeded_store, "save_assessment") == []


# --- accounts (admins only) -------------------------------------------------------------------
def test_admin_account_changes_are_recorded(empty_store, accounts):
    at = at_page(_app(accounts["admin"]), "pages/administration.py").run()
    at.text_input(key="administration_add_username").set_value("somsri")
    at.text_input(key="administration_add_name").set_value("สมศรี")
    at.selectbox(key="administration_add_role").set_value("planner")
    at.text_input(key="administration_add_password").set_value("rice-field-2568")
    at.text_input(key="administration_add_again").set_value("rice-field-2568")
    at.button(key="administration_btn_add").click().run()
    assert not at.exception
    assert load_users()["somsri"].role == "planner"
    at.selectbox(key="administration_pick").set_value("somsri")
    at.selectbox(key="administration_role").set_value("it_staff")
    at.button(key="administration_btn_role").click().run()
    assert load_users()["somsri"].role == "it_staff"
    at.selectbox(key="administration_pick").set_value("somsri")
    at.text_input(key="administration_reset_password").set_value("another-password")
    at.text_input(key="administration_reset_again").set_value("another-password")
    at.button(key="administration_btn_reset").click().run()
    at.selectbox(key="administration_pick").set_value("somsri")
    at.checkbox(key="administration_remove_confirm").check()
    at.button(key="administration_btn_remove").click().run()
    assert not at.exception
    assert "somsri" not in load_users()
    trail = [(e["action"], e["actor"]) for e in _audit(empty_store)]
    assert trail == [
        ("user_added", "admin"),
        ("role_changed", "admin"),
        ("password_reset", "admin"),
        ("user_removed", "admin"),
    ]


def test_admin_cannot_demote_or_remove_themselves(empty_store, accounts):
    at = at_page(_app(accounts["admin"]), "pages/administration.py").run()
    at.selectbox(key="administration_pick").set_value("admin")
    at.selectbox(key="administration_role").set_value("planner")
    at.button(key="administration_btn_role").click().run()
    assert _text("administration_not_yourself") in at.error[0].value
    assert load_users()["admin"].role == "admin"


@pytest.mark.parametrize("role", ["exec", "it", "planner"])
def test_others_on_the_admin_page_see_no_account_controls(
    role, empty_store, accounts, monkeypatch, tmp_path
):
    at = _app(accounts[role], _bypass("administration", tmp_path, monkeypatch)).run()
    assert "ไม่มีสิทธิ์" in at.error[0].value
    assert len(at.text_input) == 0 and len(at.dataframe) == 0


def test_admin_audit_trail_filters_and_backup(empty_store, accounts):
    at = at_page(_app(accounts["admin"]), "pages/administration.py").run()
    at.session_state["section_administration"] = _text("administration_tab_backups")
    at.run()
    at.button(key="administration_backup").click().run()
    assert not at.exception
    assert list(empty_store.parent.glob("linkage.duckdb.bak-*-manual"))
    backups = at.dataframe[0].value  # only the open section (backups) is drawn
    assert len(backups) == 1
    at.session_state["section_administration"] = _text("administration_tab_audit")
    at.run()
    at.multiselect(key="administration_f_actions").set_value(["backup_made"])
    at.button(key="administration_f_apply").click().run()
    trail = at.dataframe[0].value
    assert list(trail["รายการ"]) == ["สำรองฐานข้อมูล"]
    assert trail["เวลา"].iloc[0].split()[2].startswith("25")  # Buddhist Era year
