"""Accounts, the sign-in limit, the first-admin rule, OIDC roles and the audit of sign-ins."""

from __future__ import annotations

import datetime as dt
import io
import json
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from auth import __main__ as auth_cli
from auth import first_run, sessions, users
from auth.audit import entries
from auth.users import (
    AuthError,
    add_user,
    authenticate,
    load_users,
    remove_user,
    reset_password,
    set_role,
    users_path,
)
from loaders.store import open_store
from tests.apptest import dashboard
from tests.conftest import ACCOUNT_PASSWORD

NOW = dt.datetime(2026, 3, 1, 9, 0)


def _app() -> AppTest:
    """The dashboard, with caches from earlier tests cleared."""
    return dashboard()


def _audit(db: Path, action: str | None = None) -> list[dict[str, object]]:
    """The audit entries stored in a database file, oldest first."""
    con = open_store(db)
    try:
        return entries(con, action=action).iloc[::-1].to_dict("records")
    finally:
        con.close()


def _click(at: AppTest, label: str) -> AppTest:
    """Click the (form) button with this label and rerun."""
    buttons = [b for b in at.button if b.label == label]
    assert buttons, f"no button {label!r} in {[b.label for b in at.button]}"
    return buttons[0].click().run()


def _pages(at: AppTest) -> set[str]:
    """The pages the navigation of the last run offered: file names, or `sign-in`."""
    return {
        Path(info["script_path"]).stem if info.get("script_path") else "sign-in"
        for info in at._registered_pages.values()
    }


@pytest.fixture(autouse=True)
def _fresh_throttle_and_code() -> Iterator[None]:
    """Sign-in waits and the first-run code live in memory: start each test without them."""
    users.throttle.clear()
    first_run.spend()
    yield
    users.throttle.clear()
    first_run.spend()


@pytest.fixture
def server_address() -> Iterator[Callable[[str], None]]:
    """Set server.address for the test (the first-admin page exists only on loopback)."""
    old = config.get_option("server.address")
    yield lambda value: config.set_option("server.address", value)
    config.set_option("server.address", old)


# --- the users file -----------------------------------------------------------------------------
def test_passwords_are_salted_argon2_hashes_in_an_owner_only_file(fast_argon2):
    add_user("ann", "same-password-1", "planner")
    add_user("bob", "same-password-1", "planner")
    text = users_path().read_text(encoding="utf-8")
    users = load_users()
    assert users["ann"].password_hash.startswith("$argon2id$")
    assert users["ann"].password_hash != users["bob"].password_hash  # salted
    assert "same-password-1" not in text
    assert stat.S_IMODE(users_path().stat().st_mode) == 0o600


def test_no_default_account_and_weak_input_refused(fast_argon2):
    assert load_users() == {}
    with pytest.raises(AuthError, match="at least 10"):
        add_user("ann", "short", "admin")
    with pytest.raises(AuthError, match="username"):
        add_user("ann smith", "long-enough-1", "admin")
    with pytest.raises(AuthError, match="role"):
        add_user("ann", "long-enough-1", "superuser")
    add_user("ann", "long-enough-1", "admin")
    with pytest.raises(AuthError, match="already exists"):
        add_user("ann", "long-enough-1", "admin")
    with pytest.raises(AuthError, match="last administrator"):
        remove_user("ann")


def test_five_failures_make_that_client_wait_fifteen_minutes(fast_argon2):
    add_user("ann", "right-password", "planner")
    for _ in range(5):
        with pytest.raises(AuthError, match="wrong username or password"):
            authenticate("ann", "wrong-password", now=NOW)
    with pytest.raises(AuthError, match="try again after 09:15") as refused:
        authenticate("ann", "right-password", now=NOW + dt.timedelta(minutes=1))
    assert "ลองใหม่หลัง 09:15" in refused.value.th
    with pytest.raises(AuthError, match="try again"):
        authenticate("ann", "right-password", now=NOW + dt.timedelta(minutes=14))
    assert (
        authenticate("ann", "right-password", now=NOW + dt.timedelta(minutes=16)).role == "planner"
    )


def test_reset_password_lifts_the_lock_and_ends_sessions(fast_argon2):
    add_user("ann", "right-password", "planner")
    token = sessions.start("ann", now=NOW)
    for _ in range(5):
        with pytest.raises(AuthError):
            authenticate("ann", "wrong-password", now=NOW)
    with pytest.raises(AuthError, match="try again"):
        authenticate("ann", "right-password", now=NOW)
    reset_password("ann", "a-new-password")
    assert authenticate("ann", "a-new-password", now=NOW).username == "ann"
    assert sessions.resolve(token, now=NOW) is None


def test_failures_below_the_limit_are_forgotten_after_a_good_sign_in(fast_argon2):
    add_user("ann", "right-password", "planner")
    for _ in range(4):
        with pytest.raises(AuthError):
            authenticate("ann", "wrong-password", now=NOW)
    authenticate("ann", "right-password", now=NOW)
    for _ in range(4):
        with pytest.raises(AuthError):
            authenticate("ann", "wrong-password", now=NOW)
    assert authenticate("ann", "right-password", now=NOW).username == "ann"


def test_unknown_user_gets_the_same_message(fast_argon2):
    add_user("ann", "right-password", "planner")
    with pytest.raises(AuthError) as unknown:
        authenticate("nobody", "whatever-1")
    with pytest.raises(AuthError) as wrong:
        authenticate("ann", "whatever-1")
    assert (unknown.value.th, unknown.value.en) == (wrong.value.th, wrong.value.en)


def test_remembered_sign_in_keeps_only_a_digest_and_expires(fast_argon2):
    token = sessions.start("ann", now=NOW)
    stored = sessions.sessions_path().read_text(encoding="utf-8")
    assert token not in stored
    assert sessions.resolve(token, now=NOW + dt.timedelta(hours=7)) == "ann"
    assert sessions.resolve(token, now=NOW + dt.timedelta(hours=8, seconds=1)) is None
    assert sessions.resolve("forged-token", now=NOW) is None


# --- the command ------------------------------------------------------------------------------
def test_command_adds_a_user_resets_a_password_changes_a_role(fast_argon2, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("first-password-1\n"))
    assert auth_cli.main(["add-user", "chief", "--role", "admin", "--password-stdin"]) == 0
    assert authenticate("chief", "first-password-1").role == "admin"
    monkeypatch.setattr("sys.stdin", io.StringIO("second-password-2\n"))
    assert auth_cli.main(["reset-password", "chief", "--password-stdin"]) == 0
    assert authenticate("chief", "second-password-2").role == "admin"
    monkeypatch.setattr("sys.stdin", io.StringIO("third-password-3\n"))
    assert auth_cli.main(["add-user", "ann", "--role", "planner", "--password-stdin"]) == 0
    assert auth_cli.main(["set-role", "ann", "it_staff"]) == 0
    assert load_users()["ann"].role == "it_staff"
    assert auth_cli.main(["remove-user", "chief"]) == 2  # the last administrator stays
    assert "last administrator" in capsys.readouterr().err
    assert auth_cli.main(["list"]) == 0
    listed = capsys.readouterr().out
    assert "chief\tadmin" in listed and "ann\tit_staff" in listed
    assert "$argon2" not in listed


# --- the first administrator ------------------------------------------------------------------
@pytest.mark.real_auth
def test_first_admin_page_on_localhost_creates_the_admin(empty_store, fast_argon2, server_address):
    server_address("127.0.0.1")
    at = _app().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["ตั้งค่าครั้งแรก: สร้างผู้ดูแลระบบ"]
    at.text_input[0].set_value(first_run.code())
    at.text_input[1].set_value("chief")
    at.text_input[2].set_value("หัวหน้า")
    at.text_input[3].set_value("leader-pass-1984")
    at.text_input[4].set_value("leader-pass-1984")
    _click(at, "สร้างผู้ดูแลระบบ")
    assert not at.exception
    assert load_users()["chief"].role == "admin"
    assert "administration" in _pages(at)  # signed in as the new admin
    assert [e["action"] for e in _audit(empty_store)] == ["first_admin_created"]
    # Once a user exists the form is gone, even on localhost: a new visitor gets the sign-in.
    again = _app().run()
    assert [t.value for t in again.title] == ["เข้าสู่ระบบ"]
    assert "ตั้งค่าครั้งแรก" not in " ".join(t.value for t in again.title)


@pytest.mark.real_auth
def test_first_admin_form_refuses_different_passwords(empty_store, fast_argon2, server_address):
    server_address("localhost")
    at = _app().run()
    at.text_input[0].set_value(first_run.code())
    at.text_input[1].set_value("chief")
    at.text_input[3].set_value("leader-pass-1984")
    at.text_input[4].set_value("leader-pass-1985")
    _click(at, "สร้างผู้ดูแลระบบ")
    assert [e.value for e in at.error] == ["รหัสผ่านสองช่องไม่ตรงกัน"]
    assert load_users() == {}


@pytest.mark.real_auth
@pytest.mark.parametrize("address", ["0.0.0.0", "localhost", "192.168.1.10"])
def test_first_admin_needs_the_code_from_the_terminal_whatever_the_address(
    empty_store, fast_argon2, server_address, address, capsys
):
    server_address(address)  # behind a proxy or forwarder the address proves nothing
    at = _app().run()
    assert not at.exception
    printed = capsys.readouterr().err  # the terminal of ./scripts/start
    assert first_run.code() in printed
    assert "python -m auth add-user" in at.caption[0].value
    for wrong in ("", "0000-0000-0000", first_run.code()[:-1]):
        at.text_input[0].set_value(wrong)
        at.text_input[1].set_value("intruder")
        at.text_input[3].set_value("leader-pass-1984")
        at.text_input[4].set_value("leader-pass-1984")
        _click(at, "สร้างผู้ดูแลระบบ")
        assert "รหัสครั้งเดียวไม่ถูกต้อง" in at.error[0].value
    assert load_users() == {}
    assert _pages(at) == {"sign-in"}
    assert len(_audit(empty_store, "first_admin_code_wrong")) == 3


# --- signing in -------------------------------------------------------------------------------
def _sign_in(at: AppTest, username: str, password: str) -> AppTest:
    """Fill the sign-in form and submit it."""
    at.text_input[0].set_value(username)
    at.text_input[1].set_value(password)
    return _click(at, "เข้าสู่ระบบ")


@pytest.mark.real_auth
def test_sign_in_and_failed_sign_in_are_recorded(empty_store, accounts):
    at = _app().run()
    assert _pages(at) == {"sign-in"}
    _sign_in(at, "planner", "not-the-password")
    assert [e.value for e in at.error] == ["ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"]
    assert _pages(at) == {"sign-in"}
    _sign_in(at, "planner", ACCOUNT_PASSWORD)
    assert not at.exception
    assert "what_if" in _pages(at)
    trail = _audit(empty_store)
    assert [(e["actor"], e["role"], e["action"]) for e in trail] == [
        ("planner", "", "sign_in_failed"),
        ("planner", "planner", "sign_in"),
    ]


@pytest.mark.real_auth
def test_five_failed_sign_ins_make_the_browser_wait_until_an_admin_resets(empty_store, accounts):
    at = _app().run()
    for _ in range(5):
        _sign_in(at, "exec", "not-the-password")
    _sign_in(at, "exec", ACCOUNT_PASSWORD)
    assert "ลองใหม่หลัง" in at.error[0].value
    assert _pages(at) == {"sign-in"}
    assert len(_audit(empty_store, "sign_in_failed")) == 6
    reset_password("exec", "fresh-password-9")
    _sign_in(at, "exec", "fresh-password-9")
    assert "scorecard" in _pages(at) and "sign-in" not in _pages(at)


@pytest.mark.real_auth
def test_removed_account_or_changed_role_applies_to_an_open_session(empty_store, accounts):
    at = _app()
    at.session_state["auth_user"] = accounts["it"]
    at.run()
    assert "import" in _pages(at)
    set_role("it", "executive")
    at.run()
    assert "import" not in _pages(at)
    remove_user("it")
    at.run()
    assert _pages(at) == {"sign-in"}


@pytest.mark.real_auth
def test_sign_out_is_recorded_and_forgets_the_user(empty_store, accounts):
    at = _app()
    at.session_state["auth_user"] = accounts["exec"]
    at.run()
    at.button(key="sign_out").click().run()
    assert _pages(at) == {"sign-in"}
    assert [(e["actor"], e["action"]) for e in _audit(empty_store)] == [("exec", "sign_out")]


# --- OpenID Connect ---------------------------------------------------------------------------
def _oidc_app(claims: dict[str, object]) -> AppTest:
    """The dashboard with an [auth] provider configured and a signed-in OIDC user."""
    at = _app()
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "x" * 32,
        "client_id": "linkage",
        "client_secret": "secret",
        "server_metadata_url": "https://id.example.go.th/.well-known/openid-configuration",
    }
    at.secrets["linkage_roles"] = {
        "claim": "groups",
        "map": {"linkage-admins": "admin", "linkage-it": "it_staff", "linkage-exec": "executive"},
    }
    at.user = {"is_logged_in": True, "email": "somchai@agency.go.th", "name": "สมชาย", **claims}
    return at


@pytest.mark.real_auth
def test_oidc_role_comes_from_the_mapped_claim(empty_store):
    at = _oidc_app({"groups": ["staff", "linkage-it"]}).run()
    assert not at.exception
    paths = _pages(at)
    assert "import" in paths and "administration" not in paths and "what_if" not in paths


@pytest.mark.real_auth
def test_oidc_user_without_a_mapped_role_sees_no_page(empty_store):
    at = _oidc_app({"groups": ["staff"]}).run()
    assert not at.exception
    assert _pages(at) == {"sign-in"}
    assert "ยังไม่ได้รับบทบาท" in at.warning[0].value


def test_audit_detail_is_json(empty_store):
    from auth.audit import record

    con = open_store(empty_store)
    record(con, "ann", "admin", "user_added", {"username": "bob", "role": "planner"}, now=NOW)
    con.close()
    (entry,) = _audit(empty_store)
    assert json.loads(entry["detail"]) == {"username": "bob", "role": "planner"}
    assert entry["logged_at"] == NOW
