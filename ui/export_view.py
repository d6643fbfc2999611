"""The briefing (scorecard page) and the public register (Administration page) as downloads.

A file is built when its "Prepare" button is clicked, for the fiscal year, filters, method and
language in force, and that click records the ``export`` audit entry (who, which file, which
filters): the file is then the user's. The download button itself does not rerun the page
(``on_click="ignore"``, tests/test_code_rules.py), so it cannot write to the trail. A prepared
file is dropped when any of those change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from metrics.exports import EXPORT_ACTION, agency_name, export_name, filters_detail
from metrics.filters import Filters
from metrics.publish import (
    FILE_STEM,
    load_rule,
    public_rows,
    publish_files,
    publish_zip,
    rule_lines,
)
from ui import db, shell, sign_in
from ui.i18n import lang, t

PREPARED_KEY = "export_prepared"  # {kind: (signature, file name, bytes, audit detail)}
MEDIA = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "zip": "application/zip",
}


def _offer(kind: str, signature: tuple, label_key: str, make: Any, key: str) -> None:
    """A "Prepare" button and, once the file is made for `signature`, its download button."""
    prepared = st.session_state.setdefault(PREPARED_KEY, {})
    if st.button(t(label_key), key=f"{key}_make", icon=":material/description:"):
        with st.spinner(t("ex_making")):
            name, data, detail = make()
            sign_in.record(EXPORT_ACTION, detail)
            prepared[kind] = (signature, name, data, detail)
    entry = prepared.get(kind)
    if entry is None or entry[0] != signature:
        prepared.pop(kind, None)
        return
    _, name, data, _ = entry
    st.download_button(
        t("ex_download", name=name),
        data=data,
        file_name=name,
        mime=MEDIA[name.rsplit(".", 1)[1]],
        key=f"{key}_download",
        icon=":material/download:",
        on_click="ignore",
    )


def briefing_section(scope: Filters, *, fiscal_year: int, today: dt.date, method: str) -> None:
    """The briefing for the year and filters in force, as PowerPoint or PDF."""
    st.subheader(t("ex_briefing"))
    st.caption(t("ex_briefing_note"))
    language = lang()
    signature = (scope, fiscal_year, today, method, language)

    def make(fmt: str) -> Any:
        def build() -> tuple[str, bytes, dict[str, Any]]:
            from metrics.briefing import build_briefing  # fpdf2 and python-pptx load on demand
            from metrics.briefing_pdf import briefing_pdf
            from metrics.briefing_pptx import briefing_pptx

            con = db.connection()
            briefing = build_briefing(
                con,
                fiscal_year=fiscal_year,
                filters=scope,
                today=today,
                method=method,
                lang=language,
            )
            data = briefing_pptx(briefing) if fmt == "pptx" else briefing_pdf(briefing)
            name = f"{shell.export_stem(f'briefing_{fiscal_year}', today)}.{fmt}"
            detail = {"content": "briefing", "file": name, "format": fmt, "fiscal_year": fiscal_year,
                      "lang": language, "method": method, "filters": filters_detail(scope)}  # fmt: skip
            return name, data, detail

        return build

    left, right = st.columns(2)
    with left:
        _offer("briefing_pptx", signature, "ex_make_pptx", make("pptx"), key="ex_pptx")
    with right:
        _offer("briefing_pdf", signature, "ex_make_pdf", make("pdf"), key="ex_pdf")


def public_register_section(today: dt.date) -> None:
    """The redaction rule in words, what it lets out, and the files to publish (admins)."""
    sign_in.require("publish_register")
    st.caption(t("ex_public_intro"))
    rule = load_rule()
    st.markdown(f"**{t('ex_rule')}**")
    for line in rule_lines(rule, lang()):
        st.markdown(f"- {shell.plain(line)}")
    con = db.connection()
    published = public_rows(con, rule)
    st.caption(
        t(
            "ex_public_counts",
            full=published["open"],
            limited=published["restricted"],
            counted=published["counted"],
        )
    )
    st.markdown(f"**{t('ex_public_preview')}**")
    st.dataframe(published["rows"], hide_index=True, width="stretch", key="ex_public_table")
    files = [f"{FILE_STEM}.{ext}" for ext in ("csv", "xlsx", "json")]
    st.caption(t("ex_public_zip", files=", ".join(files)))

    def make() -> tuple[str, bytes, dict[str, Any]]:
        agency = agency_name(con)
        built = publish_files(con, agency=agency, today=today, rule=rule)
        name = export_name("linkages_public", today, "zip", agency)
        detail = {"content": "public_register", "file": name, "files": sorted(built),
                  "data_date": today.isoformat(), "open": published["open"],
                  "restricted": published["restricted"], "counted": published["counted"]}  # fmt: skip
        return name, publish_zip(built), detail

    _offer("public_register", (today, lang()), "ex_make_public", make, key="ex_public")
