"""The label catalog: every word the dashboard shows, in Thai and English, read from
``catalog.toml`` once per process.

Pure Python (stdlib only), below both ui/ and metrics/: the pages read it through
``ui.i18n.t`` (which adds the language in use), the metrics CLI reads it directly, so no
layer has to import Streamlit or another layer to name a label. A key is a plain word
(``administration_title``); its text may hold ``{placeholders}`` that ``label(..., name=value)`` fills.
To add a label, add one line ``key = { th = "...", en = "..." }`` to ``catalog.toml``.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

CATALOG_FILE = Path(__file__).with_name("catalog.toml")
LANGS = ("th", "en")


class CatalogError(ValueError):
    """The catalog file cannot be used: the message names the key at fault."""


@functools.cache
def catalog() -> Mapping[str, Mapping[str, str]]:
    """Every key -> {"th": text, "en": text}, read and checked once, then shared read-only."""
    with CATALOG_FILE.open("rb") as handle:
        raw = tomllib.load(handle)
    for key, entry in raw.items():
        if not isinstance(entry, dict) or sorted(entry) != sorted(LANGS):
            raise CatalogError(f"label {key!r}: needs exactly th and en")
        if not all(isinstance(entry[lang], str) and entry[lang] for lang in LANGS):
            raise CatalogError(f"label {key!r}: th and en must be non-empty text")
    return MappingProxyType({key: MappingProxyType(entry) for key, entry in raw.items()})


def has(key: str) -> bool:
    """Whether the catalog holds `key` (for keys made from data, e.g. an audit action)."""
    return key in catalog()


def label(key: str, lang: str, **values: object) -> str:
    """The text of `key` in `lang` ("th" or "en"), with {placeholders} filled from `values`."""
    text = catalog()[key][lang]
    return text.format(**values) if values else text
