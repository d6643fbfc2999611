"""The language in use and what depends on it: labels from the catalog (labels/catalog.toml),
Thai by default, BE dates when Thai is on."""

from __future__ import annotations

import datetime as dt

import streamlit as st

import labels
from loaders.spec import KINDS

LANGS = labels.LANGS
LANG_KEY = "lang"

THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip


def lang() -> str:
    """The language in use: the session's choice, else the URL's, else Thai."""
    chosen = st.session_state.get(LANG_KEY)
    if chosen in LANGS:
        return chosen
    from_url = st.query_params.get(LANG_KEY)
    return from_url if from_url in LANGS else "th"


def has(key: str) -> bool:
    """Whether the catalog holds `key` (a key made from data, e.g. an audit action)."""
    return labels.has(key)


def t(key: str, **values: object) -> str:
    """The label for `key` in the language in use, with {placeholders} filled."""
    return labels.label(key, lang(), **values)


def pick(th: str, en: str) -> str:
    """One of two texts by the language in use (for messages that carry both)."""
    return th if lang() == "th" else en


def kind_label(kind: str) -> str:
    """A spreadsheet kind's name in the language in use."""
    return KINDS[kind].label(lang())


def fmt_date(value: dt.date | dt.datetime | None, *, with_time: bool = False) -> str:
    """A date as users read it: `15 ส.ค. 2567` (BE) in Thai, `15 Aug 2024` in English."""
    if value is None:
        return ""
    if lang() == "th":
        text = f"{value.day} {THAI_MONTHS_SHORT[value.month - 1]} {value.year + 543}"
    else:
        text = value.strftime("%-d %b %Y")
    if with_time and isinstance(value, dt.datetime):
        text += value.strftime(" %H:%M")
    return text


def fmt_number(value: float | int | None, digits: int = 0) -> str:
    """A number with thousands separators (the same in Thai and English)."""
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"
