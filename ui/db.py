"""The store as pages see it: a connection per script run, closed when the run ends.

DuckDB lets one process write a file at a time, and a process that keeps the file open keeps
everyone else out. The dashboard therefore holds the file only while a script runs (a few
hundred milliseconds): a scheduled `python -m loaders import` can write between runs, and
pages show its rows on their next run. Cached results are keyed on the file's version
(`data_version`), so they are recomputed after any write, in this process or another.
"""

from __future__ import annotations

import threading

import duckdb
import streamlit as st

from loaders.sample import ensure_sample, sample_loaded
from loaders.store import default_db_path, open_store

WAIT_SECONDS = 20.0  # how long a page waits for another process's import to finish

_prepared: set[str] = set()  # files this process has created/upgraded and offered the sample
_prepare_lock = threading.Lock()
_run = threading.local()  # the current script run's connection, per ScriptRunner thread


def _open() -> duckdb.DuckDBPyConnection:
    """Open the store; while another process writes it, say so and wait."""
    path = str(default_db_path())
    notice = None

    def waiting(_seconds: float) -> None:
        nonlocal notice
        if notice is None:
            notice = st.info(
                "กำลังรอให้การนำเข้าข้อมูลอื่นเสร็จ… / Waiting for another import to finish…",
                icon=":material/hourglass_top:",
            )

    try:
        con = open_store(path, wait=WAIT_SECONDS, on_wait=waiting)
    finally:
        if notice is not None:
            notice.empty()
    with _prepare_lock:
        if path not in _prepared:
            ensure_sample(con)
            _prepared.add(path)
    return con


def connection() -> duckdb.DuckDBPyConnection:
    """The current run's connection (opened on first use; each run sees committed data only)."""
    con = getattr(_run, "con", None)
    if con is None:
        con = _open()
        _run.con = con
    return con


def close() -> None:
    """Release the file at the end of a script run (dashboard.py calls this)."""
    con = getattr(_run, "con", None)
    _run.con = None
    if con is not None:
        con.close()


def data_version() -> tuple[float, int, float]:
    """A token that changes whenever the database file is written (mtime and size, WAL mtime)."""
    path = default_db_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        return (0.0, 0, 0.0)
    wal = path.with_name(path.name + ".wal")
    wal_mtime = wal.stat().st_mtime if wal.exists() else 0.0
    return (stat.st_mtime, stat.st_size, wal_mtime)


def data_changed() -> None:
    """Forget cached results after this process wrote the store (imports, sample removal)."""
    st.cache_data.clear()


@st.cache_data(show_spinner=False, max_entries=8)
def _has_sample(path: str, version: tuple[float, int, float]) -> bool:
    """Whether sample rows are stored, for one version of one file."""
    return sample_loaded(connection())


def has_sample() -> bool:
    """Whether sample rows are stored now (cached until the file changes)."""
    return _has_sample(str(default_db_path()), data_version())
