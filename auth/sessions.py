"""Remembered sign-ins: a random token in a browser cookie, only its SHA-256 kept on the server."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from auth.users import users_path

COOKIE = "linkage_session"
DEVICE_COOKIE = "linkage_device"  # a browser that signed in before (auth.users.remember_device)
DEVICE_LIFETIME = dt.timedelta(days=90)
LIFETIME = dt.timedelta(hours=8)
_lock = threading.Lock()


def sessions_path() -> Path:
    """The sessions file, beside the users file."""
    return users_path().with_name("sessions.json")


@dataclass(frozen=True)
class Session:
    """One open sign-in as the Administration page lists it (never the token)."""

    id: str  # the first 16 hex digits of the token's digest: enough to name it, useless as a cookie
    username: str
    started: str
    expires: str


def _digest(token: str) -> str:
    """What the server keeps of a token (a stolen sessions file gives no usable cookie)."""
    return hashlib.sha256(token.encode()).hexdigest()


def _load(path: Path) -> dict[str, dict[str, str]]:
    """Stored sessions by token digest."""
    if not path.exists():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _save(sessions: dict[str, dict[str, str]], path: Path) -> None:
    """Write the sessions file atomically, readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".sessions-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(sessions, handle)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def start(username: str, now: dt.datetime | None = None) -> str:
    """A new session token for this user (expired sessions are dropped on the way)."""
    now = now or dt.datetime.now()
    token = secrets.token_urlsafe(32)
    path = sessions_path()
    with _lock:
        sessions = {
            k: v for k, v in _load(path).items() if dt.datetime.fromisoformat(v["expires"]) > now
        }
        sessions[_digest(token)] = {
            "username": username,
            "started": now.isoformat(timespec="seconds"),
            "expires": (now + LIFETIME).isoformat(timespec="seconds"),
        }
        _save(sessions, path)
    return token


def resolve(token: str | None, now: dt.datetime | None = None) -> str | None:
    """The username a valid, unexpired token belongs to, else None."""
    if not token:
        return None
    now = now or dt.datetime.now()
    entry = _load(sessions_path()).get(_digest(token))
    if entry is None or dt.datetime.fromisoformat(entry["expires"]) <= now:
        return None
    return entry["username"]


def end(token: str | None) -> None:
    """Forget a session (sign-out)."""
    if not token:
        return
    path = sessions_path()
    with _lock:
        sessions = _load(path)
        if sessions.pop(_digest(token), None) is not None:
            _save(sessions, path)


def end_all(username: str) -> None:
    """Forget every session of a user (password reset, role change, removal)."""
    path = sessions_path()
    with _lock:
        sessions = _load(path)
        kept = {k: v for k, v in sessions.items() if v["username"] != username}
        if len(kept) != len(sessions):
            _save(kept, path)


def session_id(token: str) -> str:
    """The id under which a token's session is listed."""
    return _digest(token)[:16]


def listing(now: dt.datetime | None = None) -> list[Session]:
    """Every unexpired session, newest first."""
    now = now or dt.datetime.now()
    found = [
        Session(k[:16], v["username"], v.get("started", ""), v["expires"])
        for k, v in _load(sessions_path()).items()
        if dt.datetime.fromisoformat(v["expires"]) > now
    ]
    return sorted(found, key=lambda s: s.started, reverse=True)


def revoke(session_id: str) -> bool:
    """End the session with this listed id; whether there was one."""
    if len(session_id) != 16:
        return False
    path = sessions_path()
    with _lock:
        sessions = _load(path)
        kept = {k: v for k, v in sessions.items() if not k.startswith(session_id)}
        if len(kept) == len(sessions):
            return False
        _save(kept, path)
    return True
