"""ui/cache.py: one cached call per function, filters, options and store version token."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st

from loaders.store import open_store
from metrics.filters import NO_FILTERS, Filters
from ui import cache, db

calls: list[tuple] = []


def settings_count(con, *, filters=None, extra: int = 0) -> int:
    """Rows in the settings table (plus `extra`), each call recorded."""
    calls.append((filters, extra))
    return con.execute("SELECT count(*) FROM settings").fetchone()[0] + extra


@pytest.fixture
def store(empty_store: Path):
    """The empty store, no cached results, and the run's connection closed afterwards."""
    st.cache_data.clear()
    calls.clear()
    yield empty_store
    db.close()


def test_a_second_call_is_served_from_the_cache(store):
    first = cache.cached(settings_count, NO_FILTERS)
    assert cache.cached(settings_count, NO_FILTERS) == first
    assert len(calls) == 1


def test_filters_and_options_are_part_of_the_key(store):
    cache.cached(settings_count, NO_FILTERS)
    cache.cached(settings_count, Filters(direction=("inbound",)))
    assert cache.cached(settings_count, None, extra=2) == cache.cached(settings_count, None) + 2
    assert len(calls) == 4


def test_a_write_to_the_store_changes_the_token_and_the_result(store):
    before_token = cache.version()
    before = cache.cached(settings_count, None)
    db.close()  # the page's run ends; another process writes the file
    con = open_store(store)
    con.execute("INSERT INTO settings VALUES ('test_key', 'x', current_timestamp::TIMESTAMP)")
    con.close()
    assert cache.version() != before_token
    assert cache.cached(settings_count, None) == before + 1
    assert len(calls) == 2


def test_another_store_file_is_another_token(store, tmp_path, monkeypatch):
    token = cache.version()
    monkeypatch.setenv("LINKAGE_DB", str(tmp_path / "other.duckdb"))
    assert cache.version() != token
    assert cache.version()[0] == str(tmp_path / "other.duckdb")


def test_functions_of_one_name_in_two_files_never_share_results():
    namespace: dict = {}
    exec(compile("def figures(con):\n    return 1\n", "pages/a.py", "exec"), namespace)
    first = namespace["figures"]
    exec(compile("def figures(con):\n    return 2\n", "pages/b.py", "exec"), namespace)
    assert cache._name(first) != cache._name(namespace["figures"])


def test_two_lambdas_of_one_file_never_share_results():
    namespace: dict = {}
    exec(compile("f = lambda con: 1\n\ng = lambda con: 2\n", "pages/a.py", "exec"), namespace)
    assert cache._name(namespace["f"]) != cache._name(namespace["g"])
