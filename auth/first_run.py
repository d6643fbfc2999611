"""The one-time code that creating the first administrator in the browser needs.

Made in memory when no account exists and printed on the server's terminal (standard error),
never written to a file: only the person at the server can read it, whatever network or proxy
stands in front. Compared in constant time; five wrong codes replace it with a new one."""

from __future__ import annotations

import hmac
import re
import secrets
import sys
import threading
from typing import TextIO

DIGITS = 12
MAX_MISSES = 5
_lock = threading.Lock()
_state: dict[str, object] = {"code": None, "misses": 0}


def _announce(code: str, out: TextIO | None = None) -> None:
    """Print the code on the server's terminal, in Thai and English."""
    out = out or sys.stderr
    out.write(
        "\n"
        "  ยังไม่มีบัญชีผู้ใช้ รหัสครั้งเดียวสำหรับสร้างผู้ดูแลระบบคนแรกในเบราว์เซอร์ คือ\n"
        "  No account exists yet. The one-time code to create the first administrator is\n"
        f"\n      {code}\n\n"
        "  (หรือใช้คำสั่ง / or run: .venv/bin/python -m auth add-user NAME --role admin)\n\n"
    )
    out.flush()


def code(out: TextIO | None = None) -> str:
    """The current code; made and printed on first use."""
    with _lock:
        if _state["code"] is None:
            digits = "".join(secrets.choice("0123456789") for _ in range(DIGITS))
            _state["code"] = "-".join(digits[i : i + 4] for i in range(0, DIGITS, 4))
            _state["misses"] = 0
            _announce(str(_state["code"]), out)
        return str(_state["code"])


def matches(typed: str, out: TextIO | None = None) -> bool:
    """Whether `typed` is the current code (spaces and dashes ignored), in constant time."""
    expected = code(out).replace("-", "")
    given = re.sub(r"[\s\-]", "", typed or "")
    ok = hmac.compare_digest(given.encode(), expected.encode())
    if not ok:
        with _lock:
            _state["misses"] = int(_state["misses"]) + 1  # type: ignore[call-overload]
            if int(_state["misses"]) >= MAX_MISSES:  # type: ignore[call-overload]
                _state["code"] = None  # guessing again is pointless: a new code is printed
        if _state["code"] is None:
            code(out)
    return ok


def spend() -> None:
    """Forget the code (the first administrator exists)."""
    with _lock:
        _state["code"] = None
        _state["misses"] = 0
