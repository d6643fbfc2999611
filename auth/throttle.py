"""Sign-in throttle, kept in memory: failures counted per (name, client), so a guesser locks
out only itself; a browser that signed in to the account before keeps its own count."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass

MAX_FAILURES = 5  # wrong passwords in a row from one client before that client waits
FIRST_LOCK = dt.timedelta(minutes=15)  # doubled at each further lock of the same client
LONGEST_LOCK = dt.timedelta(hours=24)
ACCOUNT_FAILURES = 50  # from all unknown clients together, before unknown clients wait
MAX_ENTRIES = 20_000  # oldest entries are forgotten beyond this (memory stays bounded)
ANY_CLIENT = "*"


@dataclass
class _Entry:
    """Failures of one (name, client), and how long it must wait."""

    failures: int = 0
    locks: int = 0
    until: dt.datetime | None = None


class Throttle:
    """Counts wrong sign-ins; names are never checked for existence here (same rule for all)."""

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple[str, str], _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def _get(self, name: str, client: str) -> _Entry:
        """The entry of (name, client), created and marked as recently used."""
        key = (name.casefold(), client)
        entry = self._entries.pop(key, None) or _Entry()
        self._entries[key] = entry
        while len(self._entries) > MAX_ENTRIES:
            self._entries.popitem(last=False)
        return entry

    def locked_until(
        self, name: str, client: str, now: dt.datetime, known: bool = False
    ) -> dt.datetime | None:
        """Until when this client must wait before trying this name (None: it may try now).
        A known client (signed in to this account before) ignores the account-wide wait."""
        with self._lock:
            waits = [self._get(name, client).until]
            if not known:
                waits.append(self._get(name, ANY_CLIENT).until)
        active = [w for w in waits if w is not None and w > now]
        return max(active) if active else None

    def failed(self, name: str, client: str, now: dt.datetime, known: bool = False) -> None:
        """Count a wrong password from this client (and, if unknown, against the account)."""
        with self._lock:
            keys = [(client, MAX_FAILURES)] + ([] if known else [(ANY_CLIENT, ACCOUNT_FAILURES)])
            for key, limit in keys:
                entry = self._get(name, key)
                entry.failures += 1
                if entry.failures >= limit:
                    entry.locks += 1
                    wait = min(FIRST_LOCK * 2 ** (entry.locks - 1), LONGEST_LOCK)
                    entry.until = now + wait
                    entry.failures = 0

    def succeeded(self, name: str, client: str) -> None:
        """Forget this client's failures after a right password."""
        with self._lock:
            self._entries.pop((name.casefold(), client), None)

    def forget(self, name: str) -> None:
        """Lift every wait on this name (a password reset)."""
        with self._lock:
            for key in [k for k in self._entries if k[0] == name.casefold()]:
                del self._entries[key]

    def clear(self) -> None:
        """Forget everything (tests)."""
        with self._lock:
            self._entries.clear()
