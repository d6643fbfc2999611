"""The one write path (loaders/writer.py): it owns the lock and the transactions; nobody else does."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import duckdb
import pytest

from loaders.writer import exclusive, transaction

ROOT = Path(__file__).resolve().parent.parent
WRITING_PACKAGES = ("loaders", "metrics", "auth", "ui", "pages")


def test_a_transaction_commits_or_rolls_back():
    con = duckdb.connect(":memory:")
    con.execute("CREATE TABLE t (x INTEGER)")
    with transaction(con) as cur:
        cur.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(RuntimeError), transaction(con) as cur:
        cur.execute("INSERT INTO t VALUES (2)")
        raise RuntimeError("refused half-way")
    assert con.execute("SELECT list(x) FROM t").fetchone()[0] == [1]


def test_exclusive_keeps_another_writer_waiting():
    con = duckdb.connect(":memory:")
    con.execute("CREATE TABLE t (x INTEGER)")
    order: list[str] = []
    started = threading.Event()

    def other_writer() -> None:
        started.set()
        with transaction(con) as cur:
            cur.execute("INSERT INTO t VALUES (2)")
            order.append("other")

    with exclusive():
        thread = threading.Thread(target=other_writer)
        thread.start()
        started.wait(5)
        thread.join(0.2)  # it must still be waiting for the lock
        order.append("holder")
        with transaction(con) as cur:  # re-entrant for the holder
            cur.execute("INSERT INTO t VALUES (1)")
    thread.join(5)
    assert order == ["holder", "other"]


def test_only_the_writer_takes_the_lock_or_opens_a_transaction():
    pattern = re.compile(r"BEGIN TRANSACTION|WRITE_LOCK|threading\.R?Lock\(\)")
    allowed_locks = {"auth", "ui"}  # their locks guard files and session state, not the store
    found = []
    for package in WRITING_PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if path == ROOT / "loaders" / "writer.py":
                continue
            for line in path.read_text(encoding="utf-8").splitlines():
                if m := pattern.search(line):
                    if m.group(0).startswith("threading") and package in allowed_locks:
                        continue
                    found.append(f"{path.relative_to(ROOT)}: {line.strip()}")
    assert not found, "write through loaders.writer (transaction / exclusive):\n" + "\n".join(found)
