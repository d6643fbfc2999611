"""What every page shares: the access guard, the language switch, the sample-data banner, empty states, exports."""

from __future__ import annotations

import datetime as dt
import functools
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd
import streamlit as st

from loaders.export import to_csv, to_xlsx
from loaders.store import open_store
from metrics.exports import agency_name, export_name, filters_detail, record_export
from ui import db, failure_notice
from ui.i18n import LANG_KEY, LANGS, lang, t

_LANG_WIDGET = "_lang_widget"
# Characters that start Markdown, HTML, Streamlit directives (:red[..], :material/..:) or LaTeX.
_MARKUP = re.compile(r"([\\`*_~\[\]<>#|$:&{}!])")
# GFM turns bare addresses in the rendered text into links (after escapes are undone): an
# invisible word joiner inside "http://", "www." and "@" keeps them plain text.
_BARE_LINK = re.compile(r"(?i)(https?|ftp|www|mailto)(:|\.)|(@)")
_JOINER = "\u2060"
# A download's file name keeps letters (Thai too), digits, "-", "_" and "."; the rest become "_".
_FILE_NAME_BAD = re.compile(r"[^\w\u0e00-\u0e7f.-]+")
FILE_NAME_MAX = 80  # characters before the extension
# The tab's icon, served by this server: a ":material/...:" page icon makes every browser fetch
# it from fonts.gstatic.com (a request to another host on every page).
FAVICON = str(Path(__file__).resolve().parent.parent / "static" / "favicon.svg")
_router = threading.local()  # set while dashboard.py's router runs a page in this thread
_RUNS_KEY = "_finished_runs"  # how many runs (whole or fragment) this session has finished
RUN_MARKER = "run_done_"  # CSS class prefix of the marker: st-key-run_done_<n>


@contextmanager
def routed() -> Iterator[None]:
    """Mark the pages run inside this block as started by dashboard.py's router."""
    _router.active = True
    try:
        yield
    finally:
        _router.active = False


def access_guard() -> None:
    """The router's access guard, first line of every page: a page run without dashboard.py's
    router (so without sign-in and roles, e.g. by Streamlit's legacy pages/ discovery) is sent
    to the router instead."""
    if not getattr(_router, "active", False):
        st.switch_page("dashboard.py")


def _mark_run_finished() -> None:
    """Draw an invisible, numbered marker: the state browser tests wait for after a click."""
    count = st.session_state.get(_RUNS_KEY, 0) + 1
    st.session_state[_RUNS_KEY] = count
    with st.container(key=f"{RUN_MARKER}{count}"):
        st.empty()


@contextmanager
def marks_run_end() -> Iterator[None]:
    """Mark the end of the block's drawing; a run that stops early marks it in `stop`."""
    yield
    _mark_run_finished()


def stop() -> NoReturn:
    """End the run here, as st.stop() does, after the finished-run marker (st.stop() lets
    nothing more be drawn). Pages call this, never st.stop() itself."""
    _mark_run_finished()
    st.stop()


def fragment(draw: Callable[..., None]) -> Callable[..., None]:
    """st.fragment whose every run also ends with the finished-run marker."""

    @functools.wraps(draw)
    def run(*args: object, **kwargs: object) -> None:
        with marks_run_end(), failure_notice.reported():  # its reruns bypass dashboard.py's report
            draw(*args, **kwargs)

    return st.fragment(run)


SECTION_PREFIX = "section_"  # key prefix of a page's section tabs (st-key-section_… in the browser)
SECTION_PLACE = "__place"  # + the tabs' key: the place of the tab open last (kept across pages)


def sections(
    key: str, parts: Sequence[tuple[str, Callable[[], None]]], *, fragment: bool = False
) -> None:
    """Tabs that run and send only the open one: (label, draw) per tab. A click on another
    tab reruns the page (Streamlit's lazy tabs); the choice stays in session state under
    `section_<key>`, so a filter change or a drill-down keeps the open tab, and its place
    under `section_<key>__place`, so a switch of language or a visit to another page and back
    keeps it too. With `fragment` the tabs and their content are one fragment: a tab click, or
    a widget or chart click in the open tab, reruns only the open tab (for read-only views: a
    write there would not update the rest of the page until its next run)."""
    if fragment:
        _sections_fragment(key, parts)
    else:
        _sections(key, parts)


def _sections(key: str, parts: Sequence[tuple[str, Callable[[], None]]]) -> None:
    """The tabs, the open one drawn."""
    labels = [label for label, _ in parts]
    state = SECTION_PREFIX + key
    _keep_open(state, labels)
    tabs = st.tabs(labels, key=state, on_change="rerun")
    for place, (tab, (_, draw)) in enumerate(zip(tabs, parts, strict=True)):
        if tab.open:
            st.session_state[state + SECTION_PLACE] = place
            with tab:
                draw()


def _keep_open(state: str, labels: list[str]) -> None:
    """Open the tab that was open last, by its place: after a switch of language its label is
    another word (the tabs would fall back to the first), and the tabs' own state is gone once
    another page has run."""
    place = st.session_state.get(state + SECTION_PLACE)
    if st.session_state.get(state) not in labels and place in range(len(labels)):
        st.session_state[state] = labels[place]


def folded(label: str, key: str, icon: str | None = None) -> Any:
    """A closed expander whose content runs and is sent only once it is opened: the expander
    when open (draw into it), else None. Opening or closing it reruns the page; it stays
    open under `fold_<key>` in session state."""
    box = st.expander(label, icon=icon, key=f"fold_{key}", on_change="rerun")
    return box if box.open else None


_sections_fragment = fragment(_sections)


def _on_lang_change() -> None:
    """Copy the switch into the shared key and the URL, so every page and a bookmark keep it."""
    chosen = st.session_state[_LANG_WIDGET]
    st.session_state[LANG_KEY] = chosen
    st.query_params[LANG_KEY] = chosen


def language_switch() -> None:
    """The ไทย / English switch in the sidebar."""
    current = lang()
    st.session_state[LANG_KEY] = current
    if st.query_params.get(LANG_KEY) != current:
        st.query_params[LANG_KEY] = current
    st.session_state[_LANG_WIDGET] = current
    st.sidebar.segmented_control(
        t("language"),
        options=list(LANGS),
        format_func=lambda code: "ไทย" if code == "th" else "English",
        key=_LANG_WIDGET,
        on_change=_on_lang_change,
    )


def sample_banner() -> None:
    """Flag sample data at the top of a page (after `access_guard`); in roll-up mode, say that
    the page reads many agencies' snapshots, read-only, and which agency it shows."""
    found = db.rollup()
    if found is not None:
        chosen = db.chosen_agency()
        shown = plain(found.agencies[chosen].name) if chosen else t("rollup_all")
        st.info(
            t("rollup_banner", n=f"{len(found.agencies):,}", shown=shown),
            icon=":material/lock:",
        )
    if db.has_sample():
        from ui import sign_in  # sign_in draws with this module's helpers

        key = "sample_banner" if sign_in.can("manage_sample") else "sample_banner_viewer"
        st.warning(t(key), icon=":material/science:")


def empty_state(message_key: str, **values: object) -> None:
    """A clear empty state that says which upload fills the page (or this part of it)."""
    st.info(t(message_key, **values), icon=":material/inbox:")


def download_buttons(frame: pd.DataFrame, name: str, key: str) -> None:
    """Excel and CSV downloads of a table as shown (formula-like cells made safe), named
    ``<agency>_<name>_<date>`` and recorded in the audit trail (who, which file, which filters)
    when the file is built.

    The files are built only when a button is clicked, not on every run of the page, and a
    click does not rerun the page: a rerun re-registers the button's file, and the one the
    click asked for could be dropped before it was built (the download then never came). So the
    audit entry is written by the build itself, on a connection of its own (it runs outside the
    page's run); in roll-up mode, which is read-only, nothing is written.
    """
    stem = export_stem(name)
    left, right = st.columns(2)
    for column, ext, build, mime in (
        (left, "xlsx", lambda: to_xlsx({file_name(name): frame}),
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (right, "csv", lambda: to_csv(frame), "text/csv"),
    ):  # fmt: skip
        column.download_button(
            t(f"download_{ext}"),
            data=_audited(build, f"{stem}.{ext}", name, rows=len(frame)),
            file_name=f"{stem}.{ext}",
            mime=mime,
            key=f"{key}_{ext}",
            icon=":material/download:",
            on_click="ignore",
        )


def export_stem(content: str, today: dt.date | None = None) -> str:
    """A download's name without extension: the agency (when set), the content and the date of
    the data (`today`, else today's), made safe as a file name (tables and the briefing)."""
    named = export_name(content, today or dt.date.today(), "x", agency_name(db.connection()))
    return file_name(named.rsplit(".", 1)[0])


def _audited(build: Callable[[], bytes], file: str, content: str, rows: int) -> Callable[[], bytes]:
    """`build`, made to record its export for the signed-in user and the filters in force."""
    from ui import filter_bar, sign_in  # both import this module

    user = sign_in.current_user() or {"username": "", "role": ""}
    detail = {"file": file, "rows": rows, "filters": filters_detail(filter_bar.current())}
    store = None if db.rollup_dir() is not None else db.default_db_path()
    return audited_export(build, store, user["username"], user["role"], content, detail)


def audited_export(
    build: Callable[[], bytes],
    store: Path | None,
    actor: str,
    role: str,
    content: str,
    detail: dict[str, Any],
) -> Callable[[], bytes]:
    """A download's data callable: the file's bytes, and one ``export`` audit entry written to
    `store` (no store: nothing written). No Streamlit in it: it runs after the page's run."""

    def run() -> bytes:
        data = build()
        if store is not None:
            con = open_store(store, wait=db.WAIT_SECONDS)
            try:
                record_export(con, actor, role, content, detail)
            finally:
                con.close()
        return data

    return run


def file_name(name: object) -> str:
    """A download's file name (without extension) from any text: no path, no markup, short."""
    cleaned = _FILE_NAME_BAD.sub("_", str(name)).strip("._")[:FILE_NAME_MAX]
    return cleaned or "table"


def plain(text: object) -> str:
    """User data (a partner name, a note, a file name, an error value) made safe to put in
    st.markdown, st.caption, st.info and the like: shown as written, never as a link or HTML."""
    value = " ".join(str(text).splitlines())  # no headings, lists or tables from line breaks
    value = _BARE_LINK.sub(lambda m: f"{m[1] or ''}{_JOINER}{m[2] or m[3]}", value)
    return _MARKUP.sub(r"\\\1", value)
