"""One-time hand-over of sign-in cookies from a script run to the browser.

A script run cannot set an HttpOnly cookie (it talks over the WebSocket). It leaves the cookie
values here under a random one-time code; the page posts that code to serve.py's cookie route,
which answers with the HttpOnly cookies. The code works once, for a minute; the tokens
themselves never reach the page."""

from __future__ import annotations

import datetime as dt
import secrets
import threading

ROUTE = "/api/linkage/cookies"  # served by serve.py
LIFETIME = dt.timedelta(seconds=60)
MAX_PENDING = 1000
_pending: dict[str, tuple[dt.datetime, dict[str, str | None]]] = {}
_lock = threading.Lock()


def offer(cookies: dict[str, str | None], now: dt.datetime | None = None) -> str:
    """A one-time code for these cookie values (None: clear that cookie)."""
    now = now or dt.datetime.now()
    code = secrets.token_urlsafe(24)
    with _lock:
        for key in [k for k, (when, _) in _pending.items() if when <= now]:
            del _pending[key]
        while len(_pending) >= MAX_PENDING:
            del _pending[next(iter(_pending))]
        _pending[code] = (now + LIFETIME, dict(cookies))
    return code


def take(code: str, now: dt.datetime | None = None) -> dict[str, str | None] | None:
    """The cookie values of a code, once; None if unknown, used or expired."""
    now = now or dt.datetime.now()
    with _lock:
        found = _pending.pop(code, None)
    if found is None or found[0] <= now:
        return None
    return found[1]
