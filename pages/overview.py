"""Home: where the register stands — counts by status and direction, and the way to every view."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import plotly.express as px
import streamlit as st

from loaders.spec import REGISTER
from metrics.pipeline import lapsed_count
from metrics.register import home_figures, status_by_direction
from ui import charts, db, shell, sign_in
from ui.i18n import fmt_number, lang, t


def _totals_or_stop(con: duckdb.DuckDBPyConnection) -> dict:
    """The home figures; the run ends on an empty register, with a link to the upload."""
    totals = home_figures(con)
    if totals["linkages"] == 0:
        shell.empty_state("empty_register")
        if sign_in.can("upload"):  # a page the role may not open cannot be linked (nor reached)
            st.page_link("pages/import.py", label=t("page_upload"), icon=":material/upload_file:")
        shell.stop()
    return totals


def _headline(totals: dict) -> None:
    """Four cards: linkages, partners, live and open requests."""
    cols = st.columns(4)
    for col, key, metric in zip(
        cols,
        ("linkages", "partners", "live", "open_requests"),
        ("m_linkages", "m_partners", "m_live", "m_open"),
        strict=True,
    ):
        col.metric(t(metric), fmt_number(totals[key]))


def _lapsed(con: duckdb.DuckDBPyConnection) -> None:
    """The finding "expired but still live", with the way to its rows (operations page)."""
    lapsed = lapsed_count(con, today=dt.date.today())
    if lapsed:
        st.warning(t("home_lapsed", n=fmt_number(lapsed)), icon=":material/event_busy:")
        st.page_link(
            "pages/operations.py", label=t("page_operational"), icon=":material/pending_actions:"
        )


def _links() -> None:
    """Where to look next: the executives' views (every role may open them)."""
    st.markdown(f"**{t('go_to')}**")
    links = st.columns(4)
    for link, (page, label, icon) in zip(
        links,
        (
            ("pages/scorecard.py", "page_strategic", ":material/flag:"),
            ("pages/operations.py", "page_operational", ":material/pending_actions:"),
            ("pages/comparisons.py", "page_tactical", ":material/compare_arrows:"),
            ("pages/egov_score.py", "page_egov", ":material/account_balance:"),
        ),
        strict=True,
    ):
        link.page_link(page, label=t(label), icon=icon)


def _labelled_counts(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Linkages by status and direction, with both labelled in the language in use."""
    counts = status_by_direction(con)
    status_col = REGISTER.column("status")
    direction_col = REGISTER.column("direction")
    counts["status_label"] = counts["status"].map(lambda k: status_col.value_label(k, lang()))
    counts["direction_label"] = counts["direction"].map(
        lambda k: direction_col.value_label(k, lang())
    )
    return counts


def _status_chart(counts: pd.DataFrame) -> None:
    """Linkages per status, stacked by direction, in lifecycle order."""
    status_col = REGISTER.column("status")
    fig = px.bar(
        counts,
        y="status_label",
        x="linkages",
        color="direction_label",
        orientation="h",
        barmode="stack",
        title=t("chart_status"),
        labels={
            "status_label": t("axis_status"),
            "linkages": t("axis_count"),
            "direction_label": t("direction"),
        },
        category_orders={
            "status_label": [status_col.value_label(k, lang()) for k in status_col.values]
        },
        height=460,
    )
    fig.update_layout(
        legend={"orientation": "h", "y": -0.15, "title_text": ""}, margin={"t": 50, "l": 10}
    )
    charts.plotly_chart(fig, width="stretch", key="home_status")


def _direction_chart(counts: pd.DataFrame) -> None:
    """Linkages per direction, as a ring."""
    by_direction = counts.groupby("direction_label", as_index=False)["linkages"].sum()
    pie = px.pie(
        by_direction,
        names="direction_label",
        values="linkages",
        title=t("chart_direction"),
        hole=0.55,
        height=460,
    )
    pie.update_traces(textinfo="value+percent")
    pie.update_layout(legend={"orientation": "h", "y": -0.1}, margin={"t": 50, "l": 10, "r": 10})
    charts.plotly_chart(pie, width="stretch", key="home_direction")


def _counts_table(counts: pd.DataFrame) -> None:
    """The counts behind the charts, as a table to read or download."""
    with st.expander(t("table_counts")):
        table = counts.pivot_table(
            index="status_label", columns="direction_label", values="linkages", sort=False
        )
        table = table.reset_index().rename(columns={"status_label": t("axis_status")})
        st.dataframe(table, hide_index=True, width="stretch")
        shell.download_buttons(table, "linkages_by_status", key="home_counts")


shell.access_guard()
shell.sample_banner()
st.title(t("home_title"))
st.caption(t("home_intro"))
con = db.connection()
totals = _totals_or_stop(con)
_headline(totals)
_lapsed(con)
_links()
counts = _labelled_counts(con)
left, right = st.columns([2, 1])
with left:
    _status_chart(counts)
with right:
    _direction_chart(counts)
_counts_table(counts)
if sign_in.can("upload"):
    st.page_link("pages/import.py", label=t("page_upload"), icon=":material/upload_file:")
