"""Local users: a JSON file of salted Argon2 password hashes and roles, with a sign-in throttle.

Argon2 runs outside the file lock: one slow hash never holds up other sign-ins."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import tempfile
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from auth import passwords
from auth.throttle import MAX_FAILURES, Throttle
from loaders.store import PROJECT_ROOT

ROLES = ("executive", "it_staff", "planner", "admin")
ROLE_LABELS = {
    "executive": ("ผู้บริหาร", "Executive"),
    "it_staff": ("เจ้าหน้าที่เทคโนโลยีสารสนเทศ", "IT staff"),
    "planner": ("ผู้วางแผน", "Planner"),
    "admin": ("ผู้ดูแลระบบ", "Administrator"),
}
MIN_PASSWORD = passwords.MIN_LENGTH
KNOWN_DEVICES = 10  # browsers remembered per account (signed in before: never locked by others)
USERNAME = re.compile(r"^[A-Za-z0-9._@-]{2,64}$")

_hasher = PasswordHasher()
_file_lock = threading.Lock()  # held only to read, change and write the file, never to hash
throttle = Throttle()
_dummy_hashes: dict[int, str] = {}


class AuthError(ValueError):
    """A refused user operation or sign-in; carries a bilingual message."""

    def __init__(self, th: str, en: str) -> None:
        super().__init__(en)
        self.th = th
        self.en = en


@dataclass
class User:
    """One account: name, role, password hash, and its failed sign-in count."""

    username: str
    role: str
    password_hash: str
    display_name: str = ""
    created_at: str = ""
    failures: int = 0  # no longer used: the throttle lives in memory, per client
    locked_until: str | None = None  # no longer used
    devices: list[str] = field(default_factory=list)  # SHA-256 of browsers that signed in


def users_path() -> Path:
    """Where the users file lives: LINKAGE_USERS if set, else data/users.json."""
    env = os.environ.get("LINKAGE_USERS")
    return Path(env) if env else PROJECT_ROOT / "data" / "users.json"


def load_users(path: Path | None = None) -> dict[str, User]:
    """Every account in the users file (none if the file does not exist yet)."""
    path = path or users_path()
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {u["username"]: User(**u) for u in raw.get("users", [])}


def _save(users: dict[str, User], path: Path) -> None:
    """Write the users file atomically (temp file + rename), readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = json.dumps({"users": [asdict(u) for u in users.values()]}, ensure_ascii=False, indent=2)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".users-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(body)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def has_users(path: Path | None = None) -> bool:
    """Whether at least one account exists (else only the first admin may be created)."""
    return bool(load_users(path))


def _check_password(password: str, username: str = "") -> None:
    """Refuse passwords that are short, common, repetitive or a sequence (auth/passwords.py)."""
    try:
        passwords.check(password, username)
    except passwords.PasswordRefused as exc:
        raise AuthError(exc.th, exc.en) from None


def _digest(token: str) -> str:
    """What the users file keeps of a device token."""
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    path: Path | None = None,
) -> User:
    """Create an account with a salted Argon2 hash of its password."""
    path = path or users_path()
    if role not in ROLES:
        raise AuthError(
            f"บทบาทต้องเป็นหนึ่งใน {', '.join(ROLES)}", f"role must be one of {', '.join(ROLES)}"
        )
    if not USERNAME.match(username):
        raise AuthError(
            "ชื่อผู้ใช้ใช้ได้เฉพาะ A–Z a–z 0–9 . _ @ - ยาว 2–64 ตัว",
            "a username may use A–Z a–z 0–9 . _ @ - and be 2–64 characters long",
        )
    _check_password(password, username)
    password_hash = _hasher.hash(password)  # before the lock: hashing is the slow part
    with _file_lock:
        users = load_users(path)
        if username in users:
            raise AuthError(f"มีผู้ใช้ชื่อ {username} อยู่แล้ว", f"user {username} already exists")
        user = User(
            username=username,
            role=role,
            password_hash=password_hash,
            display_name=display_name or username,
            created_at=dt.datetime.now().isoformat(timespec="seconds"),
        )
        users[username] = user
        _save(users, path)
    return user


def reset_password(username: str, password: str, path: Path | None = None) -> None:
    """Set a new password for an account, lift any sign-in wait and end its sessions."""
    path = path or users_path()
    _check_password(password, username)
    password_hash = _hasher.hash(password)
    with _file_lock:
        users = load_users(path)
        if username not in users:
            raise AuthError(f"ไม่พบผู้ใช้ {username}", f"no user named {username}")
        user = users[username]
        user.password_hash = password_hash
        user.failures = 0
        user.locked_until = None
        user.devices = []  # a reset means the password may be known: no browser is trusted
        _save(users, path)
    throttle.forget(username)
    _end_sessions(username)


def _end_sessions(username: str) -> None:
    """Sign the user out everywhere (after a password, role or account change)."""
    from auth import sessions  # sessions imports this module

    sessions.end_all(username)


def set_role(username: str, role: str, path: Path | None = None) -> None:
    """Change an account's role."""
    path = path or users_path()
    if role not in ROLES:
        raise AuthError(
            f"บทบาทต้องเป็นหนึ่งใน {', '.join(ROLES)}", f"role must be one of {', '.join(ROLES)}"
        )
    with _file_lock:
        users = load_users(path)
        if username not in users:
            raise AuthError(f"ไม่พบผู้ใช้ {username}", f"no user named {username}")
        users[username].role = role
        _save(users, path)
    _end_sessions(username)


def remove_user(username: str, path: Path | None = None) -> None:
    """Delete an account (the last administrator cannot be removed)."""
    path = path or users_path()
    with _file_lock:
        users = load_users(path)
        if username not in users:
            raise AuthError(f"ไม่พบผู้ใช้ {username}", f"no user named {username}")
        admins = [u for u in users.values() if u.role == "admin"]
        if users[username].role == "admin" and len(admins) == 1:
            raise AuthError("ลบผู้ดูแลระบบคนสุดท้ายไม่ได้", "the last administrator cannot be removed")
        del users[username]
        _save(users, path)
    _end_sessions(username)


def remember_device(username: str, path: Path | None = None) -> str | None:
    """A new device token for a browser that just signed in (only its SHA-256 is kept)."""
    path = path or users_path()
    token = secrets.token_urlsafe(32)
    with _file_lock:
        users = load_users(path)
        if username not in users:
            return None
        user = users[username]
        user.devices = [*user.devices, _digest(token)][-KNOWN_DEVICES:]
        _save(users, path)
    return token


def _dummy_hash() -> str:
    """A hash made with the hasher in use, verified for unknown names (same work, same time)."""
    key = id(_hasher)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = _hasher.hash(secrets.token_urlsafe(16))
    return _dummy_hashes[key]


def _locked(until: dt.datetime) -> AuthError:
    """The answer while a client must wait (the same for every name, existing or not)."""
    at = until.strftime("%H:%M")
    return AuthError(
        f"ใส่รหัสผ่านผิดเกิน {MAX_FAILURES} ครั้งจากเครื่องนี้ กรุณาลองใหม่หลัง {at} น. หรือให้ผู้ดูแลระบบตั้งรหัสผ่านใหม่",
        f"more than {MAX_FAILURES} wrong passwords from this browser; try again after {at} "
        "or ask an administrator to reset the password",
    )


def authenticate(
    username: str,
    password: str,
    path: Path | None = None,
    now: dt.datetime | None = None,
    client: str = "",
    device: str | None = None,
) -> User:
    """The account if the password is right. Wrong passwords make only the client that sent
    them wait (`client`: its address); a browser holding a device token of this account
    (`device`) is never kept out by failures from elsewhere. Unknown names get the same
    answers, the same waits and the same Argon2 work as wrong passwords."""
    path = path or users_path()
    now = now or dt.datetime.now()
    refused = AuthError("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "wrong username or password")
    with _file_lock:
        user = load_users(path).get(username)
    known = bool(user and device and _digest(device) in user.devices)
    source = f"device:{_digest(device)[:16]}" if known and device else f"ip:{client}"
    until = throttle.locked_until(username, source, now, known=known)
    if until is not None:
        raise _locked(until)
    try:  # outside every lock: Argon2 takes a fifth of a second on purpose
        _hasher.verify(user.password_hash if user else _dummy_hash(), password)
        ok = user is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or user is None:
        throttle.failed(username, source, now, known=known)
        raise refused
    throttle.succeeded(username, source)
    return user
