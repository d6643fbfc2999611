"""The HTTP side of sign-in, mounted by serve.py: HttpOnly cookies and guarded endpoints.

- ROUTE (auth.handoff.ROUTE) sets the sign-in cookies HttpOnly (page scripts cannot read
  them), from a one-time code that the script run left in auth.handoff;
- `/_stcore/metrics` answers only a signed-in administrator (Streamlit 1.67 has no option to
  turn it off);
- Streamlit's upload endpoint takes a file only from a browser signed in with a role that may
  upload (local accounts; with OpenID Connect the reverse proxy's limit is the guard);
- files uploaded by a browser session that is gone are dropped (sweep_abandoned_uploads), and
  the heap pages they freed go back to the system (release_free_memory)."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import logging
import sys
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import streamlit as st
from starlette.requests import Request
from starlette.responses import Response

from auth import handoff, sessions
from auth.roles import may
from auth.users import load_users

MAX_AGE = {
    sessions.COOKIE: int(sessions.LIFETIME.total_seconds()),
    sessions.DEVICE_COOKIE: int(sessions.DEVICE_LIFETIME.total_seconds()),
}
SWEEP_SECONDS = 30  # how often files of sessions that are gone are looked for
_LOG = logging.getLogger("linkage.web")
_sweeper: list[threading.Thread] = []
Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Any]


def _secure(request: Request) -> bool:
    """Whether the browser came over HTTPS (directly or through a proxy that says so)."""
    forwarded = request.headers.get("x-forwarded-proto", "")
    return request.url.scheme == "https" or forwarded.split(",")[0].strip() == "https"


async def set_cookies(request: Request) -> Response:
    """Exchange a one-time code for the HttpOnly sign-in cookies (or their removal)."""
    code = (await request.body())[:200].decode("ascii", errors="replace").strip()
    values = handoff.take(code)
    if values is None:
        return Response(status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    secure = _secure(request)
    for name, value in values.items():
        if value is None:
            response.delete_cookie(name, path="/", secure=secure, httponly=True, samesite="strict")
        else:
            response.set_cookie(
                name,
                value,
                max_age=MAX_AGE.get(name, MAX_AGE[sessions.COOKIE]),
                path="/",
                secure=secure,
                httponly=True,
                samesite="strict",
            )
    return response


def _oidc_configured() -> bool:
    """Whether sign-in goes through st.login (then there is no local session cookie)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file
        return False


def _role(scope: Scope) -> str | None:
    """The role of the local account whose session cookie this request carries."""
    username = sessions.resolve(Request(scope).cookies.get(sessions.COOKIE))
    account = load_users().get(username) if username else None
    return account.role if account else None


class GuardEndpoints:
    """Refuse Streamlit's metrics to all but administrators, and uploads before sign-in."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        """Pass the request on, or answer 404/403 without reading its body."""
        if scope["type"] == "http":
            path = scope.get("path", "")
            refused = None
            if path.rstrip("/").endswith("/_stcore/metrics") and _role(scope) != "admin":
                refused = 404
            elif (
                "/_stcore/upload_file/" in path
                and scope.get("method") in ("PUT", "POST")
                and not _oidc_configured()
                and not may(_role(scope), "upload")
            ):
                refused = 403
            if refused is not None:
                await Response(status_code=refused)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def sweep_abandoned_uploads(runtime: Any) -> int:
    """Drop the uploaded files of browser sessions that no longer exist; returns how many
    sessions' files were dropped.

    Streamlit 1.67 frees a session's uploads only when it shuts the session down. A session
    whose browser went away is kept for server.disconnectedSessionTTL (120 s) in
    MemorySessionStorage, whose TTLCache then simply forgets it without shutting it down, so
    its files stayed in MemoryUploadedFileManager.file_storage for the life of the process
    (eight abandoned 45 MB uploads: 377 MB held for good). A session still kept for a
    reconnect is left alone."""
    manager = runtime.uploaded_file_mgr
    storage = getattr(manager, "file_storage", None)
    session_mgr = getattr(runtime, "_session_mgr", None)
    if storage is None or session_mgr is None:  # another Streamlit: nothing known to sweep
        return 0
    with getattr(manager, "_lock", None) or contextlib.nullcontext():
        owners = list(storage)
    gone = [owner for owner in owners if session_mgr.get_session_info(owner) is None]
    for owner in gone:
        manager.remove_session_files(owner)
    return len(gone)


def shut_down_expired_sessions(runtime: Any) -> int:
    """Shut down the sessions kept for a reconnect whose time is up; returns how many.

    Streamlit 1.67 keeps a disconnected session in MemorySessionStorage, a TTL cache that
    drops an expired entry only when something else is stored or deleted, and never shuts it
    down: with no new browser, an abandoned session's state (an upload's preview with its
    frames, the uploaded file) stayed referenced for the life of the process. Each expired
    session is shut down the way Streamlit shuts down a closed one, on the server's event
    loop, and its state is cleared: Streamlit's message loop keeps the last session it sent
    to in a local variable while it waits for the next connection
    (`for active_session_info in ...` in Runtime._loop_coroutine), so the session object
    itself can outlive its expiry; cleared, it no longer holds the upload and its preview."""
    session_mgr = getattr(runtime, "_session_mgr", None)
    cache = getattr(getattr(session_mgr, "_session_storage", None), "_cache", None)
    expire = getattr(cache, "expire", None)
    if expire is None:  # another Streamlit or another storage: nothing known to expire
        return 0
    with getattr(session_mgr, "_storage_lock", None) or contextlib.nullcontext():
        expired = expire()
    try:
        loop = runtime._get_async_objs().eventloop
    except (AttributeError, RuntimeError):
        loop = None
    for _, info in expired:
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(_end_session, info.session)
        else:
            _end_session(info.session)
    return len(expired)


def _end_session(session: Any) -> None:
    """Shut a session down and drop everything its state holds: values, widget values, and
    the widgets' metadata, whose callbacks hold the page script's globals (an upload page's
    file and preview). SessionState.clear() leaves that metadata in place."""
    session.shutdown()
    state = getattr(session, "session_state", None)
    if state is not None:
        state.clear()
        widgets = getattr(getattr(state, "_new_widget_state", None), "widget_metadata", None)
        if isinstance(widgets, dict):
            widgets.clear()


def release_free_memory() -> bool:
    """Give the C heap's free pages back to the system (glibc's malloc_trim); False where the
    C library has no such call (musl, macOS).

    An upload passes through Python objects of tens of MB (request body, BytesIO, the parsed
    frame). Python frees them, but glibc keeps the freed pages of its heaps for later use, so
    the server's resident size stayed at its highest point for good (measured by
    bench/upload_memory_bench.py). malloc_trim(0)
    returns every whole free page of every arena; it is cheap (milliseconds) when little is
    free, so the sweeper calls it every round. pyarrow (the reader's tables) has its own pool,
    mimalloc, which keeps freed pages too: it is asked to release them first."""
    arrow = sys.modules.get("pyarrow")
    if arrow is not None:
        arrow.default_memory_pool().release_unused()
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        trim = libc.malloc_trim
    except (OSError, AttributeError, TypeError):
        return False
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    trim(0)
    return True


def _sweep_forever(stop: threading.Event) -> None:
    """Sweep every SWEEP_SECONDS until `stop` is set (a daemon thread of serve.py)."""
    from streamlit import runtime

    while not stop.wait(SWEEP_SECONDS):
        try:
            if runtime.exists():
                shut_down_expired_sessions(runtime.get_instance())
                sweep_abandoned_uploads(runtime.get_instance())
            release_free_memory()
        except Exception:  # never let the sweeper die; the next round tries again
            _LOG.exception("sweeping abandoned uploads failed")


def start_upload_sweeper() -> None:
    """Start the sweeper thread once per process (serve.py)."""
    if not _sweeper:
        thread = threading.Thread(
            target=_sweep_forever, args=(threading.Event(),), name="upload-sweeper", daemon=True
        )
        _sweeper.append(thread)
        thread.start()
