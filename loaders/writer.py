"""The one write path to the store: the process's write lock and the transaction around a write.

DuckDB lets one process write a file at a time (its file lock keeps other processes out);
inside a process, the sessions' threads take turns here. Callers never take the lock
themselves: a write is ``with transaction(con) as cur: ...``; what is not one transaction (a
checkpoint and a file copy, or an import that runs several transactions in a row) runs
inside ``exclusive()``, which a transaction inside it may re-enter.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

_LOCK = threading.RLock()  # re-entrant: a transaction inside exclusive() takes it again


@contextmanager
def exclusive() -> Iterator[None]:
    """Keep every other writer of this process waiting while the block runs."""
    with _LOCK:
        yield


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Run the block as one write transaction on a fresh cursor, holding the write lock.

    Committed when the block ends, rolled back if it raises; the cursor is closed either way.
    """
    with _LOCK:
        cur = con.cursor()
        try:
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
                cur.execute("COMMIT")
            except BaseException:
                cur.execute("ROLLBACK")
                raise
        finally:
            cur.close()
