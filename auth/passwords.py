"""Password policy: long enough, not a common password, not repetitive or a simple sequence."""

from __future__ import annotations

from functools import cache
from pathlib import Path

MIN_LENGTH = 10
MIN_DISTINCT = 5  # different characters a password must use
COMMON_FILE = Path(__file__).with_name("common_passwords.txt")
# Words that stay guessable whatever digits or symbols are put around them.
COMMON_WORDS = frozenset(
    "password passw0rd p@ssw0rd p@ssword qwerty qwertyuiop asdfghjkl admin administrator "
    "welcome iloveyou letmein changeme thailand bangkok sawasdee sawadee linkage login "
    "secret master default".split()
)
KEYBOARD_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "abcdefghijklmnopqrstuvwxyz")


class PasswordRefused(ValueError):
    """A password the policy refuses; carries the reason in Thai and English."""

    def __init__(self, th: str, en: str) -> None:
        super().__init__(en)
        self.th = th
        self.en = en


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of the commonest passwords, lower-cased."""
    lines = COMMON_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip().lower() for w in lines if w.strip() and not w.startswith("#"))


def _is_sequence(text: str) -> bool:
    """Whether most neighbouring characters step by one (1234567890, abcdefghij, 9876…) or
    follow a keyboard row (qwertyuiop)."""
    steps = [ord(b) - ord(a) for a, b in zip(text, text[1:], strict=False)]
    if steps and sum(abs(s) <= 1 for s in steps) >= 0.7 * len(steps):
        return True
    lowered = text.lower()
    return any(
        lowered in row or lowered in row[::-1] or lowered in row * 2 for row in KEYBOARD_ROWS
    )


def check(password: str, username: str = "") -> None:
    """Raise PasswordRefused with the reason when the password is too weak."""
    if len(password) < MIN_LENGTH:
        raise PasswordRefused(
            f"รหัสผ่านต้องยาวอย่างน้อย {MIN_LENGTH} ตัวอักษร",
            f"the password must be at least {MIN_LENGTH} characters long",
        )
    lowered = password.lower()
    core = lowered.strip("0123456789!@#$%^&*()_+-=.,;:?/ ")
    if lowered in common_passwords() or core in COMMON_WORDS or core in common_passwords():
        raise PasswordRefused(
            "รหัสผ่านนี้อยู่ในรายการรหัสผ่านที่ใช้กันมากที่สุด เดาได้ง่าย กรุณาตั้งรหัสผ่านอื่น",
            "this password is on the list of the commonest passwords; choose another",
        )
    if len(username) >= 4 and username.lower() in lowered:
        raise PasswordRefused(
            "รหัสผ่านต้องไม่มีชื่อผู้ใช้อยู่ในนั้น", "the password must not contain the username"
        )
    if len(set(password)) < MIN_DISTINCT or _is_sequence(password):
        raise PasswordRefused(
            f"รหัสผ่านซ้ำหรือเรียงกันเกินไป (เช่น aaaaaaaaaa หรือ 1234567890) "
            f"ต้องมีตัวอักษรต่างกันอย่างน้อย {MIN_DISTINCT} ตัวและไม่เรียงตามลำดับ",
            f"the password is too repetitive or a simple sequence (like aaaaaaaaaa or "
            f"1234567890); use at least {MIN_DISTINCT} different characters, not in order",
        )
