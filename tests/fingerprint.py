"""What a store holds, as one comparable value: to prove a refused write or a killed import
changed nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes (and of its WAL beside it, if any)."""
    digest = hashlib.sha256(path.read_bytes())
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        digest.update(wal.read_bytes())
    return digest.hexdigest()


def store_contents(path: Path, skip: tuple[str, ...] = ()) -> dict[str, tuple[int, str]]:
    """Per table: its row count and a hash of its rows in a stable order (opened read-only)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() ORDER BY table_name"
            ).fetchall()
        ]
        contents = {}
        for table in tables:
            if table in skip:
                continue
            rows = con.execute(f'SELECT * FROM "{table}"').fetchall()
            text = "\n".join(sorted(repr(r) for r in rows))
            contents[table] = (len(rows), hashlib.sha256(text.encode()).hexdigest())
        return contents
    finally:
        con.close()
