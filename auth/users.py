"""Local users: a JSON file of salted Argon2 password hashes and roles, with a sign-in limit."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from loaders.store import PROJECT_ROOT

ROLES = ("executive", "it_staff", "planner", "admin")
ROLE_LABELS = {
    "executive": ("ผู้บริหาร", "Executive"),
    "it_staff": ("เจ้าหน้าที่เทคโนโลยีสารสนเทศ", "IT staff"),
    "planner": ("ผู้วางแผน", "Planner"),
    "admin": ("ผู้ดูแลระบบ", "Administrator"),
}
MAX_FAILURES = 5  # failed sign-ins in a row before the account is locked for a while
LOCK_MINUTES = 15
MIN_PASSWORD = 10
USERNAME = re.compile(r"^[A-Za-z0-9._@-]{2,64}$")

_hasher = PasswordHasher()
_file_lock = threading.Lock()


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
    failures: int = 0
    locked_until: str | None = None


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


def _check_password(password: str) -> None:
    """Refuse passwords too short to resist guessing."""
    if len(password) < MIN_PASSWORD:
        raise AuthError(
            f"รหัสผ่านต้องยาวอย่างน้อย {MIN_PASSWORD} ตัวอักษร",
            f"the password must be at least {MIN_PASSWORD} characters long",
        )


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
    _check_password(password)
    with _file_lock:
        users = load_users(path)
        if username in users:
            raise AuthError(f"มีผู้ใช้ชื่อ {username} อยู่แล้ว", f"user {username} already exists")
        user = User(
            username=username,
            role=role,
            password_hash=_hasher.hash(password),
            display_name=display_name or username,
            created_at=dt.datetime.now().isoformat(timespec="seconds"),
        )
        users[username] = user
        _save(users, path)
    return user


def reset_password(username: str, password: str, path: Path | None = None) -> None:
    """Set a new password for an account and lift any sign-in lock."""
    path = path or users_path()
    _check_password(password)
    with _file_lock:
        users = load_users(path)
        if username not in users:
            raise AuthError(f"ไม่พบผู้ใช้ {username}", f"no user named {username}")
        user = users[username]
        user.password_hash = _hasher.hash(password)
        user.failures = 0
        user.locked_until = None
        _save(users, path)
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


def authenticate(
    username: str, password: str, path: Path | None = None, now: dt.datetime | None = None
) -> User:
    """The account if the password is right; failures counted, the account locked after too many."""
    path = path or users_path()
    now = now or dt.datetime.now()
    refused = AuthError("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "wrong username or password")
    with _file_lock:
        users = load_users(path)
        user = users.get(username)
        if user is None:
            _hasher.hash(password)  # same work as a real check, so timing does not reveal names
            raise refused
        if user.locked_until and dt.datetime.fromisoformat(user.locked_until) > now:
            raise AuthError(
                f"บัญชีถูกล็อกชั่วคราวเพราะใส่รหัสผ่านผิดเกิน {MAX_FAILURES} ครั้ง "
                f"ลองใหม่หลัง {user.locked_until[11:16]} น. หรือให้ผู้ดูแลระบบตั้งรหัสผ่านใหม่",
                f"account locked after {MAX_FAILURES} failed sign-ins; try again after "
                f"{user.locked_until[11:16]} or ask an administrator to reset the password",
            )
        try:
            _hasher.verify(user.password_hash, password)
        except (VerificationError, InvalidHashError):
            user.failures += 1
            if user.failures >= MAX_FAILURES:
                user.locked_until = (now + dt.timedelta(minutes=LOCK_MINUTES)).isoformat(
                    timespec="seconds"
                )
                user.failures = 0
            _save(users, path)
            raise refused from None
        if user.failures or user.locked_until:
            user.failures = 0
            user.locked_until = None
            _save(users, path)
        return user
