"""The one way pages cache a metric: keyed on the store's version token, the filters and options.

Every cached result is keyed on `version()`: the store file's path and its `db.data_version()`
(mtime and size of the file and its WAL), which moves on any write, by this process or a
scheduled import in another. Imports in this process also clear every cache
(`db.data_changed`). The function itself is handed over unhashed; its key is its module, name,
source file and line, so two pages' functions of the same name never share results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from loaders.store import default_db_path
from metrics.filters import Filters
from ui import db


def version() -> tuple[Any, ...]:
    """The store's version token: its path and data version (changes whenever it is written)."""
    return (str(default_db_path()), *db.data_version())


def _name(metric_fn: Callable[..., Any]) -> str:
    """A function's key: module, qualified name, file and line (page scripts all run as __main__)."""
    code = getattr(metric_fn, "__code__", None)
    where = f"{code.co_filename}:{code.co_firstlineno}" if code is not None else ""
    return f"{metric_fn.__module__}.{metric_fn.__qualname__}@{where}"


@st.cache_data(show_spinner=False, max_entries=256)
def _result(
    _metric_fn: Callable[..., Any],
    name: str,
    token: tuple[Any, ...],
    filters: Filters | None,
    options: tuple[tuple[str, Any], ...],
) -> Any:
    """One function's result for one version token, filter set and options."""
    if filters is None:
        return _metric_fn(db.connection(), **dict(options))
    return _metric_fn(db.connection(), filters=filters, **dict(options))


def cached(metric_fn: Callable[..., Any], filters: Filters | None, **options: Any) -> Any:
    """Call ``metric_fn(con, filters=filters, **options)`` (without `filters` when None), cached.

    Options must be hashable by Streamlit (numbers, strings, dates, tuples). The result is
    shared between sessions: callers must not change it in place.
    """
    return _result(metric_fn, _name(metric_fn), version(), filters, tuple(sorted(options.items())))
