"""The briefing's and the public register's words in Thai and English (no Streamlit here).

``say(key, lang, **values)`` fills one text: the label ``briefing_<key>`` of the one label
catalog (``labels/catalog.toml``); ``thai_date`` writes a date as readers expect it
(``2 ธ.ค. 2569`` in Thai, Buddhist Era; ``2 Dec 2026`` in English).
"""

from __future__ import annotations

import datetime as dt

import labels

MONTHS_SHORT = {
    "th": (
        "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
        "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
    ),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}  # fmt: skip


def say(key: str, lang: str, **values: object) -> str:
    """The label ``briefing_<key>`` in `lang` (Thai for "th", else English), with
    {placeholders} filled."""
    return labels.label(f"briefing_{key}", "th" if lang == "th" else "en", **values)


def thai_date(day: dt.date | None, lang: str) -> str:
    """``2 ธ.ค. 2569`` (Thai, Buddhist Era) or ``2 Dec 2026`` (English); "" for no date."""
    if day is None:
        return ""
    year = day.year + 543 if lang == "th" else day.year
    return f"{day.day} {MONTHS_SHORT['th' if lang == 'th' else 'en'][day.month - 1]} {year}"
