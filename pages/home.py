"""Home: where the register stands — counts by status and direction, and the way to every view."""

from __future__ import annotations

import plotly.express as px
import streamlit as st

from loaders.spec import REGISTER
from metrics.overview import register_totals, status_by_direction
from ui import db, shell
from ui.i18n import fmt_number, lang, t

shell.sample_banner()
st.title(t("home_title"))
st.caption(t("home_intro"))

con = db.connection()
totals = register_totals(con)
if totals["linkages"] == 0:
    shell.empty_state("empty_register")
    st.page_link("pages/upload.py", label=t("page_upload"), icon=":material/upload_file:")
    st.stop()

cols = st.columns(4)
for col, key, metric in zip(
    cols,
    ("linkages", "partners", "live", "open_requests"),
    ("m_linkages", "m_partners", "m_live", "m_open"),
    strict=True,
):
    col.metric(t(metric), fmt_number(totals[key]))

counts = status_by_direction(con)
status_col = REGISTER.column("status")
direction_col = REGISTER.column("direction")
counts["status_label"] = counts["status"].map(lambda k: status_col.value_label(k, lang()))
counts["direction_label"] = counts["direction"].map(lambda k: direction_col.value_label(k, lang()))

left, right = st.columns([3, 1])
with left:
    fig = px.bar(
        counts,
        x="status_label",
        y="linkages",
        color="direction_label",
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
    )
    fig.update_layout(legend_title_text=t("direction"), margin={"t": 60})
    st.plotly_chart(fig, width="stretch", key="home_status")
with right:
    by_direction = counts.groupby("direction_label", as_index=False)["linkages"].sum()
    pie = px.pie(
        by_direction,
        names="direction_label",
        values="linkages",
        title=t("chart_direction"),
        hole=0.5,
    )
    pie.update_layout(showlegend=True, legend={"orientation": "h"}, margin={"t": 60})
    st.plotly_chart(pie, width="stretch", key="home_direction")

with st.expander(t("table_counts")):
    table = counts.pivot_table(
        index="status_label", columns="direction_label", values="linkages", sort=False
    )
    table = table.reset_index().rename(columns={"status_label": t("axis_status")})
    st.dataframe(table, hide_index=True, width="stretch")
    shell.download_buttons(table, "linkages_by_status", key="home_counts")

st.page_link("pages/upload.py", label=t("page_upload"), icon=":material/upload_file:")
