"""The global filters: set once in the sidebar, kept across pages and in the URL (bookmarkable)."""

from __future__ import annotations

import streamlit as st

from loaders.spec import REGISTER
from metrics.filters import Filters
from metrics.fiscal import fiscal_year_label
from metrics.register import filter_options
from ui import db, shell
from ui.i18n import lang, t

STATE_KEY = "filters"  # the applied Filters; no widget owns this key (it survives page changes)
# Filter field -> URL query parameter.
URL_KEYS = {
    "fiscal_year": "fy",
    "quarter": "q",
    "direction": "direction",
    "partner_type": "partner_type",
    "ministry": "ministry",
    "method": "method",
    "classification": "classification",
    "personal_data": "personal",
}
MULTI = ("direction", "partner_type", "ministry", "method", "classification")
FISCAL_YEARS = range(2500, 2701)  # the fiscal years (BE) a link may name: 1957-2158 CE
QUARTERS = (1, 2, 3, 4)
PERSONAL = {"yes": True, "no": False}
DROPPED_KEY = "_filters_dropped"  # URL parameters dropped on this session's first run


def _allowed(name: str) -> set[str]:
    """The values a multi-valued filter may take: its enum keys, or the stored ministries."""
    if name == "ministry":
        return set(filter_options(db.connection())["ministries"])
    return set(REGISTER.column(name).values)


def _single(name: str, raw: str) -> object:
    """One URL value of a single-valued filter, or None when it is unknown or out of range."""
    if name == "personal_data":
        return PERSONAL.get(raw)
    if not (raw.isascii() and raw.isdigit()):
        return None
    number = int(raw)
    allowed = FISCAL_YEARS if name == "fiscal_year" else QUARTERS
    return number if number in allowed else None


def _from_url() -> tuple[Filters, list[str]]:
    """Filters as the URL gives them (a bookmark or a shared link), and the parameters dropped.

    A value that is unknown or out of range is dropped (never passed on to a widget or a query);
    the sidebar then rewrites the URL without it.
    """
    values: dict[str, object] = {}
    dropped: list[str] = []
    params = st.query_params
    for name, key in URL_KEYS.items():
        if key not in params:
            continue
        given = [v for v in params.get_all(key) if v]
        if name in MULTI:
            allowed = _allowed(name) if given else set()
            chosen = tuple(dict.fromkeys(v for v in given if v in allowed))
            values[name] = chosen or None
            ok = len(chosen) == len(set(given))
        else:
            values[name] = _single(name, given[-1]) if given else None
            ok = values[name] is not None or not given
        if not ok:
            dropped.append(key)
    return Filters(**values), dropped


def _to_url(filters: Filters) -> None:
    """Write the applied filters into the URL (and drop the ones not set)."""
    for name, key in URL_KEYS.items():
        value = getattr(filters, name)
        if value is None or value == ():
            if key in st.query_params:
                del st.query_params[key]
        elif name in MULTI:
            st.query_params[key] = list(value)
        elif name == "personal_data":
            st.query_params[key] = "yes" if value else "no"
        else:
            st.query_params[key] = str(value)


def current() -> Filters:
    """The filters in use: this session's, else the URL's on a fresh session."""
    if STATE_KEY not in st.session_state:
        st.session_state[STATE_KEY], st.session_state[DROPPED_KEY] = _from_url()
    return st.session_state[STATE_KEY]


def describe(filters: Filters) -> str:
    """The filters in use as one line of text in the language in use."""
    parts = []
    if filters.fiscal_year is not None:
        parts.append(fiscal_year_label(filters.fiscal_year, lang()))
    if filters.quarter is not None:
        parts.append(t("f_quarter_n", n=filters.quarter))
    for name in MULTI:
        value = getattr(filters, name)
        if value:
            if name == "ministry":  # register text, shown in Markdown: as written, never a link
                parts.append(", ".join(shell.plain(v) for v in value))
            else:
                col = REGISTER.column(name)
                parts.append(", ".join(col.value_label(v, lang()) for v in value))
    if filters.personal_data is not None:
        parts.append(f"{t('f_personal_data')}: {t('yes') if filters.personal_data else t('no')}")
    return t("f_active", what=" · ".join(parts)) if parts else t("f_none")


def sidebar() -> Filters:
    """Draw the filter form in the sidebar; return the filters in use (kept in the URL)."""
    applied = current()
    _to_url(applied)
    if dropped := st.session_state.pop(DROPPED_KEY, None):
        st.warning(
            t("f_dropped", keys=", ".join(f"`{k}`" for k in dropped)), icon=":material/link_off:"
        )
    options = filter_options(db.connection())
    with st.sidebar.form("global_filters", border=False):
        st.markdown(f"**{t('filters')}**")
        years = [None, *sorted(set(options["fiscal_years"]) | _year(applied), reverse=True)]
        fiscal_year = st.selectbox(
            t("f_fiscal_year"),
            years,
            index=years.index(applied.fiscal_year),
            format_func=lambda y: t("f_all_years") if y is None else fiscal_year_label(y, lang()),
        )
        quarters = [None, 1, 2, 3, 4]
        quarter = st.selectbox(
            t("f_quarter"),
            quarters,
            index=quarters.index(applied.quarter),
            format_func=lambda q: t("f_all_quarters") if q is None else t("f_quarter_n", n=q),
        )
        chosen = _register_choices(applied, options)
        personal_options = [None, True, False]
        personal = st.selectbox(
            t("f_personal_data"),
            personal_options,
            index=personal_options.index(applied.personal_data),
            format_func=lambda v: t("f_any") if v is None else (t("yes") if v else t("no")),
        )
        left, right = st.columns(2)
        apply = left.form_submit_button(t("f_apply"), type="primary")
        clear = right.form_submit_button(t("f_clear"))
    if apply or clear:
        new = (
            Filters()
            if clear
            else Filters(
                fiscal_year=fiscal_year,
                quarter=quarter,
                personal_data=personal,
                **{name: (tuple(v) or None) for name, v in chosen.items()},
            )
        )
        st.session_state[STATE_KEY] = new
        _to_url(new)
        st.rerun()
    return applied


def _register_choices(applied: Filters, options: dict) -> dict[str, list]:
    """The multi-selects of the form: direction, partner type, method, classification, ministry."""
    chosen: dict[str, object] = {}
    for name in ("direction", "partner_type", "method", "classification"):
        col = REGISTER.column(name)
        chosen[name] = st.multiselect(
            t(f"f_{name}"),
            list(col.values),
            default=list(getattr(applied, name) or ()),
            format_func=lambda key, col=col: col.value_label(key, lang()),
            placeholder=t("f_any"),
        )
    ministries = sorted(set(options["ministries"]) | set(applied.ministry or ()))
    chosen["ministry"] = st.multiselect(
        t("f_ministry"),
        ministries,
        default=list(applied.ministry or ()),
        placeholder=t("f_any"),
    )
    return chosen


def _year(filters: Filters) -> set[int]:
    """The applied fiscal year as a set (so a bookmarked year stays choosable)."""
    return {filters.fiscal_year} if filters.fiscal_year is not None else set()
