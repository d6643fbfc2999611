"""The HTTP side of sign-in, mounted by serve.py: HttpOnly cookies and guarded endpoints.

- ROUTE (auth.handoff.ROUTE) sets the sign-in cookies HttpOnly (page scripts cannot read
  them), from a one-time code that the script run left in auth.handoff;
- `/_stcore/metrics` answers only a signed-in administrator (Streamlit 1.67 has no option to
  turn it off);
- Streamlit's upload endpoint takes a file only from a browser signed in with a role that may
  upload (local accounts; with OpenID Connect the reverse proxy's limit is the guard);
- files uploaded by a browser session that is gone are dropped (sweep_abandoned_uploads)."""

from __future__ import annotations

import contextlib
import logging
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


def _sweep_forever(stop: threading.Event) -> None:
    """Sweep every SWEEP_SECONDS until `stop` is set (a daemon thread of serve.py)."""
    from streamlit import runtime

    while not stop.wait(SWEEP_SECONDS):
        try:
            if runtime.exists():
                sweep_abandoned_uploads(runtime.get_instance())
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
