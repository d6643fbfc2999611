"""One DuckDB connection per process, shared by every session; a fresh cursor per script run."""

from __future__ import annotations

import duckdb
import streamlit as st

from loaders.sample import ensure_sample, sample_loaded
from loaders.store import default_db_path, open_store


@st.cache_resource(show_spinner=False)
def _store(path: str) -> duckdb.DuckDBPyConnection:
    """Open (create, upgrade) the store once per process; sample data on first start."""
    con = open_store(path)
    ensure_sample(con)
    return con


def connection() -> duckdb.DuckDBPyConnection:
    """A cursor on the shared connection (cheap; each sees only committed imports)."""
    return _store(str(default_db_path())).cursor()


def data_changed() -> None:
    """Forget cached results after the store changed (imports, sample removal)."""
    st.cache_data.clear()


@st.cache_data(show_spinner=False, max_entries=4, ttl=60)
def has_sample(_version: int = 0) -> bool:
    """Whether sample rows are stored (cached; cleared by data_changed)."""
    return sample_loaded(connection())
