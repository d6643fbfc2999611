"""Across agencies (roll-up mode): agencies ranked on KPI status, satisfaction against target,
pipeline and stuck work, e-Gov score; drill-down into one agency."""

from __future__ import annotations

import streamlit as st

from ui import rollup_view, shell
from ui.i18n import t

shell.access_guard()
shell.sample_banner()
st.title(t("xa_title"))
st.caption(t("xa_intro"))
rollup_view.across_agencies()
