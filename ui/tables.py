"""Tables more than one page shows: satisfaction scores, the e-Gov score by year, drill-down rows."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from metrics.lifecycle import KPI_DISPLAY_STATUSES
from ui import shared_text, shell, theme  # noqa: F401  shared_text registers the headers
from ui.charts import group_label, process_label
from ui.i18n import lang, t


def table_height(frame: pd.DataFrame, most: int = theme.TABLE_MOST) -> int:
    """A table's height at ROW_HEIGHT a row: every row when few, else scrolling at `most`."""
    return min(most, theme.ROW_HEIGHT * (len(frame) + 1) + 3)


def drill_rows(frame: pd.DataFrame, title: str, *, name: str, key: str) -> None:
    """A drill-down: its title (Markdown written by code), the rows and their downloads."""
    st.markdown(title)
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        height=table_height(frame),
        row_height=theme.ROW_HEIGHT,
    )
    shell.download_buttons(frame, name, key=key)


def download_table(frame: pd.DataFrame, *, name: str, key: str) -> None:
    """A whole table as shown, with its downloads (for tables in an expander)."""
    st.dataframe(frame, hide_index=True, width="stretch")
    shell.download_buttons(frame, name, key=key)


def satisfaction_table(scores: pd.DataFrame) -> pd.DataFrame:
    """Every satisfaction figure with its target, sample size, margin of error and verdict."""
    return pd.DataFrame(
        {
            t("ch_col_process"): [process_label(p) for p in scores["process"]],
            t("ch_col_group"): [group_label(g) for g in scores["respondent_group"]],
            t("ch_col_score"): scores["score"],
            t("ch_col_target"): scores["target"],
            t("ch_col_responses"): scores["responses"],
            t("ch_col_moe"): scores["margin_of_error"],
            t("ch_col_met"): [KPI_DISPLAY_STATUSES[s][lang()] for s in scores["status"]],
            t("ch_col_note"): scores[f"warning_{lang()}"].fillna(""),
        }
    )


def egov_trend_table(trend: pd.DataFrame, stage_keys: Sequence[str] = ()) -> pd.DataFrame:
    """The e-Gov score at each fiscal year's end, with the units assessed and, if asked, stages."""
    return pd.DataFrame(
        {
            t("ch_fy"): [str(int(y)) for y in trend["fiscal_year"]],
            t("ch_col_units"): trend["units"],
            t("ch_col_assessed"): trend["assessed_in_year"],
            **{f"{t('ch_col_stage')} {k} (%)": trend[k].round(2) for k in stage_keys},
            t("ch_col_score"): trend["score"],
        }
    )
