"""The store as pages see it: a connection per script run, closed when the run ends.

DuckDB lets one process write a file at a time, and a process that keeps the file open keeps
everyone else out. The dashboard therefore holds the file only while a script runs (a few
hundred milliseconds): a scheduled `python -m loaders import` can write between runs, and
pages show its rows on their next run. Cached results are keyed on the file's version
(`data_version`), so they are recomputed after any write, in this process or another.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import streamlit as st

from loaders.rollup import Rollup, connect, scan
from loaders.sample import ensure_sample, sample_loaded
from loaders.store import default_db_path, open_store

WAIT_SECONDS = 20.0  # how long a page waits for another process's import to finish
LOADING_SAMPLE = (
    "กำลังเตรียมข้อมูลตัวอย่างสำหรับการใช้งานครั้งแรก ({done}/{total}) / "
    "Preparing the sample data for the first start ({done}/{total})"
)
LOG = logging.getLogger("linkage.dashboard")

ROLLUP_ENV = "LINKAGE_ROLLUP"  # a folder of snapshots: the dashboard reads it, read-only
AGENCY_KEY = "rollup_agency"  # the roll-up's chosen agency (None: all); its widget's key

_prepared: set[str] = set()  # files this process has created/upgraded and offered the sample
_prepare_lock = threading.Lock()
_run = threading.local()  # the current script run's connection, per ScriptRunner thread


@dataclass
class Preparation:
    """A store being opened and offered the sample in the background: steps done of all."""

    done: int = 0
    total: int = 1
    finished: threading.Event = field(default_factory=threading.Event)

    def step(self, done: int, total: int) -> None:
        """What loaders.sample reports after each step."""
        self.done, self.total = done, total


_preparations: dict[str, Preparation] = {}


def prepare_in_background(path: str | Path | None = None) -> Preparation:
    """Open (create or upgrade) the store and load the sample on a first start, in a thread, so
    that the first page shows its progress instead of nothing (serve.py calls this at start)."""
    path = str(path or default_db_path())
    if rollup_dir() is not None:  # no store to prepare: the snapshots are read as they are
        done = Preparation()
        done.finished.set()
        return done
    with _prepare_lock:
        found = _preparations.get(path)
        if found is not None:
            return found
        preparation = _preparations[path] = Preparation()
        if path in _prepared:
            preparation.finished.set()
            return preparation
    threading.Thread(
        target=_prepare, args=(path, preparation), name="linkage-prepare", daemon=True
    ).start()
    return preparation


def _prepare(path: str, preparation: Preparation) -> None:
    """The background preparation; on failure the first page run tries again and reports it."""
    try:
        con = open_store(path, wait=WAIT_SECONDS)
        try:
            _offer_sample(con, path, preparation.step)
        finally:
            con.close()
    except Exception:  # noqa: BLE001  logged; the page's own attempt shows the user the notice
        LOG.exception("preparing the store in the background failed")
    finally:
        preparation.finished.set()


def _offer_sample(con: duckdb.DuckDBPyConnection, path: str, progress) -> None:
    """Load the sample into an empty store once per file and process."""
    with _prepare_lock:
        if path not in _prepared:
            ensure_sample(con, progress=progress)
            _prepared.add(path)


def wait_for_preparation(
    preparation: Preparation, show: Callable[[int, int], None], poll: float = 0.2
) -> None:
    """Until the background preparation has finished, `show(done, total)` its progress."""
    while not preparation.finished.wait(poll):
        show(preparation.done, preparation.total)


class _ProgressBar:
    """A progress bar drawn at the first step it is told about (nothing if no step comes)."""

    def __init__(self) -> None:
        self._bar = None

    def __call__(self, done: int, total: int) -> None:
        value = min(max(done / max(total, 1), 0.0), 1.0)
        text = LOADING_SAMPLE.format(done=done, total=total)
        if self._bar is None:
            self._bar = st.progress(value, text=text)
        else:
            self._bar.progress(value, text=text)

    def clear(self) -> None:
        """Take the bar away once the store is ready."""
        if self._bar is not None:
            self._bar.empty()


def _open() -> duckdb.DuckDBPyConnection:
    """Open the store; while another process writes it, say so and wait. On a first start the
    sample is loaded (or its background loading awaited) with a progress bar."""
    path = str(default_db_path())
    show = _ProgressBar()
    preparation = _preparations.get(path)
    if preparation is not None:
        wait_for_preparation(preparation, show)
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
    if path not in _prepared:
        _offer_sample(con, path, show)
    show.clear()
    return con


def rollup_dir() -> Path | None:
    """The folder of snapshots in roll-up mode ($LINKAGE_ROLLUP), else None."""
    env = os.environ.get(ROLLUP_ENV, "").strip()
    return Path(env) if env else None


@dataclass
class _RollupState:
    """A folder of snapshots scanned once per process, and a connection per agency (or all)."""

    rollup: Rollup
    connections: dict[str | None, duckdb.DuckDBPyConnection] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


@st.cache_resource(show_spinner=False)
def _rollup_state(root: str) -> _RollupState:
    """Scan the folder (every checksum verified) once per process."""
    return _RollupState(scan(root))


def rollup() -> Rollup | None:
    """What the roll-up folder holds (None when the dashboard runs on one agency's store)."""
    root = rollup_dir()
    return None if root is None else _rollup_state(str(root)).rollup


def chosen_agency() -> str | None:
    """The agency the roll-up is narrowed to (the sidebar's "หน่วยงาน"), or None for all."""
    found = rollup()
    chosen = st.session_state.get(AGENCY_KEY)
    return chosen if found is not None and chosen in found.agencies else None


def agency_connection(agency: str | None) -> duckdb.DuckDBPyConnection:
    """A cursor over one agency of the roll-up (None: all agencies), its views made once."""
    state = _rollup_state(str(rollup_dir()))
    with state.lock:
        base = state.connections.get(agency)
        if base is None:
            # All agencies: loaded into memory once (hundreds of small files are slow to read
            # at every query); one agency: views over its own files.
            base = state.connections[agency] = connect(
                state.rollup, agency, materialize=agency is None
            )
    return base.cursor()


def connection() -> duckdb.DuckDBPyConnection:
    """The current run's connection (opened on first use; each run sees committed data only)."""
    con = getattr(_run, "con", None)
    if con is None:
        con = agency_connection(chosen_agency()) if rollup_dir() is not None else _open()
        _run.con = con
    return con


def close() -> None:
    """Release the file at the end of a script run (dashboard.py calls this)."""
    con = getattr(_run, "con", None)
    _run.con = None
    if con is not None:
        con.close()


def data_version() -> tuple[float, int, float]:
    """A token that changes whenever the database file is written (mtime and size, WAL mtime);
    in roll-up mode, one per chosen agency (the snapshots never change while it runs)."""
    found = rollup()
    if found is not None:
        codes = sorted(found.agencies)
        chosen = chosen_agency()
        return (-1.0, codes.index(chosen) + 1 if chosen else 0, 0.0)
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
