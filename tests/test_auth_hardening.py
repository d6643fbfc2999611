"""Sign-in hardening (issue 10, points 3, 7–11, 14): first-run code, per-client throttle,
HttpOnly cookies, sessions ended and revocable, password policy, hashing outside the lock,
guarded metrics and upload endpoints."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import io
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from auth import __main__ as auth_cli
from auth import first_run, handoff, sessions, users, web
from auth.throttle import ACCOUNT_FAILURES
from auth.users import AuthError, add_user, authenticate, remember_device, reset_password
from auth.web import GuardEndpoints, set_cookies
from tests.apptest import dashboard
from tests.conftest import ACCOUNT_PASSWORD, ROOT
from ui.uploads import PREVIEW_KEY

NOW = dt.datetime(2026, 3, 1, 9, 0)
WEAK = ["aaaaaaaaaa", " " * 10, "1234567890", "qwertyuiop", "Password2026!", "abababababab"]


@pytest.fixture(autouse=True)
def _fresh() -> Iterator[None]:
    """The throttle, the first-run code and pending cookie hand-overs live in memory."""
    users.throttle.clear()
    first_run.spend()
    yield
    users.throttle.clear()
    first_run.spend()


def _app() -> AppTest:
    """The dashboard, with caches from earlier tests cleared."""
    return dashboard()


# --- 9. password policy -----------------------------------------------------------------------
@pytest.mark.parametrize("password", [*WEAK, "short-1"])
def test_weak_passwords_are_refused_with_a_reason_in_thai_and_english(fast_argon2, password):
    with pytest.raises(AuthError) as refused:
        add_user("ann", password, "planner")
    assert refused.value.th and refused.value.en and refused.value.th != refused.value.en
    assert users.load_users() == {}


def test_policy_applies_to_reset_and_the_command_and_refuses_the_username(
    fast_argon2, monkeypatch, capsys
):
    add_user("somchai", "good-horse-battery", "admin")
    with pytest.raises(AuthError, match="too repetitive"):
        reset_password("somchai", "aaaaaaaaaa")
    with pytest.raises(AuthError, match="username"):
        reset_password("somchai", "somchai-2026-x")
    monkeypatch.setattr("sys.stdin", io.StringIO(" " * 10 + "\n"))
    assert auth_cli.main(["add-user", "ann", "--role", "planner", "--password-stdin"]) == 2
    err = capsys.readouterr().err
    assert "ซ้ำหรือเรียงกัน" in err and "too repetitive" in err


# --- 10. Argon2 outside the process-wide lock -------------------------------------------------
class _WatchingHasher(PasswordHasher):
    """A cheap hasher that records whether the users-file lock was held while it worked."""

    def __init__(self) -> None:
        super().__init__(time_cost=1, memory_cost=1024, parallelism=1)
        self.held: list[bool] = []

    def hash(self, password, *, salt=None):  # type: ignore[override]
        self.held.append(users._file_lock.locked())
        return super().hash(password, salt=salt)

    def verify(self, hash, password):  # type: ignore[override]
        self.held.append(users._file_lock.locked())
        return super().verify(hash, password)


def test_hashing_never_holds_the_users_file_lock(monkeypatch):
    hasher = _WatchingHasher()
    monkeypatch.setattr(users, "_hasher", hasher)
    add_user("ann", "right-password", "planner")
    reset_password("ann", "another-password")
    authenticate("ann", "another-password")
    with pytest.raises(AuthError):
        authenticate("ann", "wrong-password")
    with pytest.raises(AuthError):
        authenticate("nobody", "wrong-password")
    assert len(hasher.held) >= 5 and not any(hasher.held)


def test_a_sign_in_is_not_queued_behind_another_ones_hashing(fast_argon2, monkeypatch):
    add_user("ann", "right-password", "planner")
    add_user("bob", "slow-checked-pw", "planner")
    real = users._hasher
    started, release = threading.Event(), threading.Event()

    class Stalling:
        """Bob's check blocks (as a slow Argon2 would) until ann's sign-in is through."""

        def hash(self, password):
            return real.hash(password)

        def verify(self, hash, password):
            if password == "slow-checked-pw":
                started.set()
                assert release.wait(timeout=30)
            return real.verify(hash, password)

    monkeypatch.setattr(users, "_hasher", Stalling())
    slow = threading.Thread(target=authenticate, args=("bob", "slow-checked-pw"))
    slow.start()
    assert started.wait(timeout=30)
    done = threading.Event()
    fast = threading.Thread(target=lambda: authenticate("ann", "right-password") and done.set())
    fast.start()
    try:
        assert done.wait(timeout=20)  # ann is through while bob's check still runs
    finally:
        release.set()
        slow.join(timeout=30)
        fast.join(timeout=30)


# --- 7. throttle by account and client --------------------------------------------------------
def test_a_guesser_locks_out_only_itself(fast_argon2):
    add_user("ann", "right-password", "admin")
    for _ in range(5):
        with pytest.raises(AuthError, match="wrong username"):
            authenticate("ann", "guess-password", now=NOW, client="203.0.113.9")
    with pytest.raises(AuthError, match="try again after 09:15"):
        authenticate("ann", "right-password", now=NOW, client="203.0.113.9")
    assert authenticate("ann", "right-password", now=NOW, client="10.0.0.5").username == "ann"


def test_waits_grow_each_time_the_same_client_is_locked(fast_argon2):
    add_user("ann", "right-password", "planner")
    at = NOW
    for expected in ("09:15", "09:45"):  # 15 minutes, then 30 after the first wait is over
        for _ in range(5):
            with pytest.raises(AuthError, match="wrong username"):
                authenticate("ann", "guess-password", now=at, client="203.0.113.9")
        with pytest.raises(AuthError, match=f"try again after {expected}"):
            authenticate("ann", "right-password", now=at, client="203.0.113.9")
        at = at + dt.timedelta(minutes=15, seconds=1)


def test_a_browser_that_signed_in_before_passes_an_account_wide_lock(fast_argon2):
    add_user("ann", "right-password", "admin")
    device = remember_device("ann")
    for i in range(ACCOUNT_FAILURES):  # a guesser spread over many addresses
        with pytest.raises(AuthError):
            authenticate("ann", "guess-password", now=NOW, client=f"198.51.100.{i}")
    with pytest.raises(AuthError, match="try again"):  # a new address now waits too
        authenticate("ann", "right-password", now=NOW, client="192.0.2.1")
    user = authenticate("ann", "right-password", now=NOW, client="192.0.2.1", device=device)
    assert user.username == "ann"
    with pytest.raises(AuthError, match="try again"):  # a forged device token is no help
        authenticate("ann", "right-password", now=NOW, client="192.0.2.1", device="forged")


def test_unknown_names_get_the_same_answers_and_waits_and_the_same_argon2_work(fast_argon2):
    add_user("ann", "right-password", "admin")
    real = users._hasher
    calls: list[str] = []

    class Counting:
        def hash(self, password):
            return real.hash(password)

        def verify(self, hash, password):
            calls.append(hash[:9])
            return real.verify(hash, password)

    users._hasher = Counting()
    users._dummy_hashes.clear()
    try:
        answers = {}
        for name in ("ann", "nobody"):
            seen = []
            for _ in range(6):
                with pytest.raises(AuthError) as refused:
                    authenticate(name, "guess-password", now=NOW, client="203.0.113.9")
                seen.append((refused.value.th, refused.value.en))
            answers[name] = seen
    finally:
        users._hasher = real
    assert answers["ann"] == answers["nobody"]
    assert "try again" in answers["nobody"][-1][1]
    assert calls == ["$argon2id"] * 10  # 5 + 5 verifies (the 6th tries waited), dummy included


# --- 3. first administrator needs the terminal's one-time code --------------------------------
def test_first_run_code_is_printed_compared_in_constant_time_and_replaced_after_misses(
    monkeypatch,
):
    out = io.StringIO()
    compared = []
    real_compare = first_run.hmac.compare_digest
    monkeypatch.setattr(
        first_run.hmac, "compare_digest", lambda a, b: compared.append(1) or real_compare(a, b)
    )
    code = first_run.code(out)
    assert code in out.getvalue() and len(code.replace("-", "")) == 12
    assert first_run.matches(code.replace("-", " "), out)  # typed with spaces: still the code
    for _ in range(first_run.MAX_MISSES):
        assert not first_run.matches("0000-0000-0000", out)
    fresh = first_run.code(out)
    assert fresh != code and fresh in out.getvalue()
    assert not first_run.matches(code, out)  # the old code is dead
    assert len(compared) == 2 + first_run.MAX_MISSES


def test_first_run_code_is_never_written_to_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = first_run.code(io.StringIO())
    written = [p for p in tmp_path.rglob("*") if p.is_file() and code in p.read_text()]
    users_dir = users.users_path().parent
    written += [p for p in users_dir.rglob("*") if p.is_file() and code in p.read_text()]
    assert written == []


# --- 8. cookies and sessions ------------------------------------------------------------------
def _call(app, method: str, path: str, body: bytes = b"", cookie: str = "") -> tuple[int, list]:
    """Send one HTTP request through an ASGI app; the status and headers of its answer."""
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"cookie", cookie.encode())] if cookie else [],
        "scheme": "http",
        "server": ("127.0.0.1", 8501),
    }
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        sent.append(message)

    # In a thread of its own: Playwright's sync API may hold an event loop in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    return start["status"], [(k.decode(), v.decode()) for k, v in start["headers"]]


async def _cookie_app(scope, receive, send):
    """serve.py's cookie route on its own."""
    from starlette.requests import Request

    response = await set_cookies(Request(scope, receive))
    await response(scope, receive, send)


def test_cookies_are_set_httponly_from_a_one_time_code():
    code = handoff.offer({sessions.COOKIE: "token-abc", sessions.DEVICE_COOKIE: None})
    status, headers = _call(_cookie_app, "POST", handoff.ROUTE, code.encode())
    assert status == 204
    cookies = [v for k, v in headers if k == "set-cookie"]
    session = next(c for c in cookies if c.startswith("linkage_session=token-abc"))
    assert "HttpOnly" in session and "SameSite=strict" in session and "Path=/" in session
    assert any(c.startswith("linkage_device=") and "Max-Age=0" in c for c in cookies)
    assert _call(_cookie_app, "POST", handoff.ROUTE, code.encode())[0] == 403  # used once
    assert _call(_cookie_app, "POST", handoff.ROUTE, b"guessed")[0] == 403


def test_handoff_codes_expire_after_a_minute():
    code = handoff.offer({sessions.COOKIE: "t"}, now=NOW)
    assert handoff.take(code, now=NOW + dt.timedelta(seconds=61)) is None


@pytest.mark.real_auth
def test_sign_in_puts_no_token_in_the_page_and_reset_ends_the_open_tab(empty_store, accounts):
    at = _app().run()
    at.text_input[0].set_value("planner")
    at.text_input[1].set_value(ACCOUNT_PASSWORD)
    next(b for b in at.button if b.label == "เข้าสู่ระบบ").click().run()
    assert not at.exception
    token = at.session_state["_auth_token"]
    assert sessions.resolve(token) == "planner"
    html = " ".join(str(e.proto) for e in at.get("html"))
    assert handoff.ROUTE in html  # the page posts a one-time code ...
    assert token not in html and "document.cookie" not in html  # ... never the token
    reset_password("planner", "a-brand-new-one")
    at.run()  # the open tab's next click
    assert at.title[0].value == "เข้าสู่ระบบ"
    assert "auth_user" not in at.session_state


@pytest.mark.real_auth
def test_an_admin_sees_and_ends_an_open_session(empty_store, accounts):
    token = sessions.start("exec")
    (listed,) = sessions.listing()
    assert listed.username == "exec" and token not in repr(listed)
    at = _app()
    at.session_state["auth_user"] = accounts["admin"]
    at.run()
    at.switch_page("pages/administration.py").run()
    assert not at.exception
    at.selectbox(key="administration_revoke_pick").set_value(listed.id)
    at.button(key="administration_btn_revoke").click().run()
    assert not at.exception
    assert sessions.resolve(token) is None
    assert sessions.listing() == []


# --- 11 and 14: endpoints before sign-in ------------------------------------------------------
async def _ok(scope, receive, send):
    """Stands for Streamlit: answers 200."""
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b""})


@pytest.mark.parametrize(
    ("who", "metrics", "upload"),
    [(None, 404, 403), ("exec", 404, 403), ("it", 404, 200), ("admin", 200, 200)],
)
def test_metrics_for_admins_only_and_uploads_only_from_roles_that_may(
    accounts, who, metrics, upload
):
    cookie = f"{sessions.COOKIE}={sessions.start(who)}" if who else ""
    guard = GuardEndpoints(_ok)
    assert _call(guard, "GET", "/_stcore/metrics", cookie=cookie)[0] == metrics
    assert _call(guard, "PUT", "/_stcore/upload_file/s/f", b"x" * 10, cookie)[0] == upload
    assert _call(guard, "GET", "/_stcore/health", cookie=cookie)[0] == 200


@pytest.mark.real_auth
def test_the_sign_in_page_has_no_upload_widget(empty_store, accounts):
    at = _app().run()
    assert at.title[0].value == "เข้าสู่ระบบ"
    assert len(at.file_uploader) == 0


class _Sessions:
    """A stand-in for Streamlit's session manager: the sessions it still knows (active, or kept
    for a reconnect)."""

    def __init__(self, known: set[str]) -> None:
        self.known = known

    def get_session_info(self, session_id: str) -> object | None:
        return object() if session_id in self.known else None


def test_uploads_of_sessions_that_are_gone_are_dropped():
    # Streamlit forgets a session that expires after its browser left without shutting it
    # down, so its files stayed in the upload manager for the life of the process (point 11).
    from types import SimpleNamespace

    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    for owner in ("open", "reconnecting", "gone-1", "gone-2"):
        manager.add_file(owner, UploadedFileRec(f"{owner}-f", "a.csv", "text/csv", b"x" * 1000))
    runtime = SimpleNamespace(
        uploaded_file_mgr=manager, _session_mgr=_Sessions({"open", "reconnecting"})
    )
    assert web.sweep_abandoned_uploads(runtime) == 2
    assert sorted(manager.file_storage) == ["open", "reconnecting"]
    assert manager.get_stats()["cache_memory_bytes"][0].byte_length == 2000
    assert web.sweep_abandoned_uploads(runtime) == 0


class _Held:
    """Something big an abandoned session holds (its upload, its preview)."""


class _Session:
    def __init__(self, state: object) -> None:
        self.session_state = state
        self.shut = 0

    def shutdown(self) -> None:
        self.shut += 1


def test_expired_sessions_are_shut_down_and_hold_nothing_after():
    # Streamlit keeps a disconnected session in a TTL cache that forgets an expired entry only
    # when another is stored, never shuts it down, and its message loop can keep the session
    # object itself alive: an abandoned upload's file and preview stayed for good (point 11).
    import gc
    import weakref
    from types import SimpleNamespace

    from streamlit.runtime.memory_session_storage import MemorySessionStorage
    from streamlit.runtime.session_manager import SessionInfo
    from streamlit.runtime.state.session_state import SessionState

    state = SessionState()
    value, widget = _Held(), _Held()
    state[PREVIEW_KEY] = value
    state._new_widget_state.widget_metadata["upload_file"] = widget  # its callback's globals
    session = _Session(state)
    session.id = "gone"
    storage = MemorySessionStorage(ttl_seconds=0)  # expired as soon as stored
    storage.save(SessionInfo(client=None, session=session, script_run_count=1))
    runtime = SimpleNamespace(
        _session_mgr=SimpleNamespace(_session_storage=storage, _storage_lock=threading.Lock())
    )
    refs = [weakref.ref(value), weakref.ref(widget)]
    del value, widget
    assert web.shut_down_expired_sessions(runtime) == 1
    gc.collect()
    assert session.shut == 1
    assert [ref() for ref in refs] == [None, None]  # `session` itself is still referenced here
    assert web.shut_down_expired_sessions(runtime) == 0


def test_leaving_the_upload_page_lets_go_of_the_file_and_its_preview():
    # A session that stays open kept the checked file (every row read) in its state for as
    # long as the tab lived, on whatever page the user went to next.
    from tests.apptest import open_page
    from tests.sheets import csv_bytes, register_record, register_rows

    at = open_page("pages/import.py", check=False)
    rows = register_rows([register_record(f"L-{i}") for i in range(50)])
    at.file_uploader(key="upload_file").upload("r.csv", csv_bytes(rows), "text/csv")
    at.run()
    assert PREVIEW_KEY in at.session_state
    at.switch_page("pages/overview.py").run()
    assert PREVIEW_KEY not in at.session_state
    assert not at.exception


def test_freed_heap_pages_go_back_to_the_system():
    assert web.release_free_memory() is True  # glibc here and in CI


def test_the_session_expiry_relies_on_what_this_streamlit_has():
    import inspect

    from streamlit.runtime import Runtime
    from streamlit.runtime.caching.ttl_cache import TTLCache
    from streamlit.runtime.memory_session_storage import MemorySessionStorage
    from streamlit.runtime.state.session_state import SessionState
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    assert hasattr(TTLCache, "expire")
    assert "self._cache" in inspect.getsource(MemorySessionStorage.__init__)
    manager_init = inspect.getsource(WebsocketSessionManager.__init__)
    assert "self._session_storage" in manager_init and "self._storage_lock" in manager_init
    assert hasattr(Runtime, "_get_async_objs")
    assert isinstance(SessionState()._new_widget_state.widget_metadata, dict)
    # Still true? Then clearing the widgets' metadata is still needed after clear().
    assert "widget_metadata" not in inspect.getsource(SessionState.clear)


def test_a_refused_upload_keeps_no_frame_that_holds_the_file():
    # The refusal kept in the session used to carry its traceback, whose frames held the
    # file's bytes: 45 MB per abandoned upload, for as long as anything held the session.
    from loaders.reader import FileRefused
    from tests.apptest import open_page

    at = open_page("pages/import.py", check=False)
    at.file_uploader(key="upload_file").upload("junk.csv", bytes(range(256)) * 400, "text/csv")
    at.run()
    refused = at.session_state[PREVIEW_KEY][1]
    assert isinstance(refused, FileRefused) and refused.code == "unreadable"
    assert refused.__traceback__ is None
    assert refused.__cause__ is None and refused.__context__ is None


def test_the_sweeper_relies_on_what_this_streamlit_has_and_serve_starts_it():
    import inspect

    from streamlit.runtime import Runtime
    from streamlit.runtime.memory_session_storage import MemorySessionStorage
    from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    assert "self._session_mgr" in inspect.getsource(Runtime.__init__)
    assert hasattr(WebsocketSessionManager, "get_session_info")
    assert isinstance(MemoryUploadedFileManager("/u").file_storage, dict)
    # Still true? Then the sweeper is still needed: expiry forgets the session, never shuts it.
    assert "shutdown" not in inspect.getsource(MemorySessionStorage)
    assert "start_upload_sweeper()" in (ROOT / "serve.py").read_text(encoding="utf-8")


def test_upload_size_is_capped_in_the_config():
    options = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert 1 <= options["server"]["maxUploadSize"] <= 50  # MB, per file, held in memory


def test_serve_mounts_the_guard_and_the_cookie_route():
    text = Path(ROOT / "serve.py").read_text(encoding="utf-8")
    assert "GuardEndpoints" in text and "handoff.ROUTE" in text
    start = (ROOT / "scripts" / "start").read_text(encoding="utf-8")
    assert "streamlit run serve.py" in start


@pytest.mark.real_auth
def test_the_administration_page_refuses_a_weak_password_in_thai(empty_store, accounts):
    at = _app()
    at.session_state["auth_user"] = accounts["admin"]
    at.run()
    at.switch_page("pages/administration.py").run()
    at.text_input(key="administration_add_username").set_value("somsri")
    at.text_input(key="administration_add_password").set_value("1234567890")
    at.text_input(key="administration_add_again").set_value("1234567890")
    at.button(key="administration_btn_add").click().run()
    assert not at.exception
    assert any("รหัสผ่านที่ใช้กันมากที่สุด" in e.value for e in at.error)
    assert "somsri" not in users.load_users()
