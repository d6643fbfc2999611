"""How the strategic scorecard draws: words, tables and charts from what ``metrics`` returns.

Presentation only: every figure is computed in ``metrics``; this module chooses labels,
colours and layout, in the language in use (BE dates when Thai).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.errors import StreamlitAPIException

from metrics.fiscal import quarter_label
from metrics.kpi_registry import KPI_BY_ID, MILESTONES, SATISFACTION_PROCESS_NUMBERS
from metrics.kpis import DISPLAY_STATUSES, REASONS, KpiResult
from metrics.targets import BAND_LEVELS, band_level
from ui import charts, tables, theme
from ui.i18n import THAI_MONTHS_SHORT, fmt_date, fmt_number, lang, t

# ---------------------------------------------------------------- words and numbers


def percent(value: float | None, digits: int = 2) -> str:
    """A percentage as shown, or a dash."""
    return "–" if value is None or pd.isna(value) else f"{value:.{digits}f}%"


def count(value: float | None) -> str:
    """A count (or a planned count, which may be fractional) as shown."""
    if value is None or pd.isna(value):
        return "–"
    if float(value).is_integer():
        return fmt_number(value)
    return fmt_number(value, 2).rstrip("0").rstrip(".")  # a plan's share: 6.25, 12.5


def month_label(day: dt.date, *, wrap: bool = False) -> str:
    """A month as a short label: ต.ค. 68 (BE) in Thai, Oct 25 in English; two lines if asked."""
    gap = "\n" if wrap else " "  # charts.plotly_chart draws "\n" as a line break
    if lang() == "th":
        return f"{THAI_MONTHS_SHORT[day.month - 1]}{gap}{(day.year + 543) % 100:02d}"
    return day.strftime(f"%b{gap}%y")


def kpi_label(kpi_id: str) -> str:
    """A KPI's name with its process number (the 6.2 satisfaction target has no KPI of its own)."""
    if kpi_id in KPI_BY_ID:
        name = t(f"kpi_{kpi_id}_name")
        return f"{KPI_BY_ID[kpi_id].process} · {name}"
    return f"6.2 · {t('scorecard_outbound_satisfaction')}"


def status_word(status: str) -> str:
    """A display status in words."""
    return DISPLAY_STATUSES[status][lang()]


def value_text(result: KpiResult) -> str:
    """A KPI's result as the scorecard shows it."""
    unit = result.definition.unit
    if unit == "date":
        return fmt_date(result.value) if result.value else "–"
    if unit == "count":
        text = count(result.value)
        if result.rate is not None:
            text += f" ({t('scorecard_rate', rate=percent(result.rate))})"
        return text
    text = percent(result.value)
    if result.definition.measure == "satisfaction" and result.detail.get("responses"):
        text += f" ({t('scorecard_responses', n=result.detail['responses'])})"
    elif result.denominator:
        text += f" ({result.numerator}/{result.denominator})"
    return text


def target_text(result: KpiResult) -> str:
    """A KPI's target as shown: the number set, or the manual's words."""
    unit = result.definition.unit
    words = t(f"kpi_{result.id}_target")
    if unit == "date":
        return words
    if result.target is None:
        return f"{words}: {t('scorecard_no_target_set')}"
    if unit == "count":
        return count(result.target)
    if result.target >= 100:  # "on each request": every one of them
        return percent(result.target, 0)
    return f"≥ {percent(result.target, 0)}"


def responsible_text(result: KpiResult) -> str:
    """Who answers for the KPI, as the manual names them (seed 002's "ผู้รับผิดชอบ")."""
    responsible = result.definition.responsible
    return t(f"kpi_responsible_{responsible}") if responsible else "—"


def due_text(result: KpiResult) -> str:
    """When a KPI is due: its deadline, or how often it applies."""
    if result.due_on is not None:
        return fmt_date(result.due_on)
    if result.definition.measure == "register_rate":
        return t("scorecard_on_each")
    return t("scorecard_whole_year")


def note_text(result: KpiResult, status: str) -> str:
    """Why a KPI has the status it has, when that needs saying."""
    notes = []
    if result.reason in REASONS and status != "pending":
        notes.append(t(f"kpi_reason_{result.reason}"))
    if status in ("pending", "at_risk") and result.days_left is not None:
        notes.append(t("scorecard_days_left", n=result.days_left))
    if result.detail.get("low_sample"):
        detail = result.detail
        notes.append(charts.few_responses_note(detail["responses"], detail["margin_of_error"]))
    return " · ".join(notes)


def report_source_lines(result: KpiResult) -> list[str]:
    """For KPI 6.4 "cancellation reported": which evidence judged it, and the agency's days."""
    source = result.detail.get("report_source")
    if source is None:
        return []
    lines = [t("scorecard_report_source", source=t(f"kpi_report_source_{source}"))]
    if result.detail.get("report_within_days") is not None:
        lines.append(
            t("scorecard_report_days", days=fmt_number(result.detail["report_within_days"]))
        )
    return lines


def satisfaction_targets_text(targets: Mapping[str, float | None]) -> str:
    """The satisfaction targets in force, per process: `6.1 ≥ 80 · 6.2 no target set · …`."""
    parts = []
    for process, number in SATISFACTION_PROCESS_NUMBERS.items():
        target = targets.get(process)
        text = f"≥ {target:g}" if target is not None else t("scorecard_no_target_set")
        parts.append(f"{number} {text}")
    return " · ".join(parts)


def band_text(result: KpiResult, bands: Mapping[str, Mapping[str, float]]) -> str:
    """The band a KPI's result falls in, when bands are set for it."""
    value = None if result.definition.unit == "date" else result.value
    level = band_level(value, bands.get(result.id))
    return t(f"target_band_{level}") if level else ""


def _date_cell(value: Any) -> str:
    """A date cell in BE (Thai) or CE (English); blank when empty."""
    if value is None or pd.isna(value):  # NaT counts as a datetime, so test for it first
        return ""
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return fmt_date(value)


# ---------------------------------------------------------------- tables


def scorecard_table(
    kpis: Sequence[KpiResult],
    statuses: Mapping[str, str],
    bands: Mapping[str, Mapping[str, float]],
) -> pd.DataFrame:
    """The KPI scorecard as shown (and downloaded): process, KPI, status, result, target, …"""
    return pd.DataFrame(
        {
            t("scorecard_col_process"): [t(f"ch_process_{r.definition.process}") for r in kpis],
            t("scorecard_col_kpi"): [t(f"kpi_{r.id}_name") for r in kpis],
            t("scorecard_col_responsible"): [responsible_text(r) for r in kpis],
            t("scorecard_col_status"): [status_word(statuses[r.id]) for r in kpis],
            t("scorecard_col_value"): [value_text(r) for r in kpis],
            t("scorecard_col_target"): [target_text(r) for r in kpis],
            t("scorecard_col_due"): [due_text(r) for r in kpis],
            t("scorecard_col_kind"): [t(f"scorecard_kind_{r.definition.kind}") for r in kpis],
            t("scorecard_col_band"): [band_text(r, bands) for r in kpis],
            t("scorecard_col_note"): [note_text(r, statuses[r.id]) for r in kpis],
        }
    )


def status_styler(table: pd.DataFrame, statuses: Sequence[str]) -> pd.io.formats.style.Styler:
    """The scorecard with each status cell coloured by its status."""

    def _colour(column: pd.Series) -> list[str]:
        """Background and text colour of each status cell."""
        return [
            f"background-color: {theme.STATUS_CELL[s][0]}; color: {theme.STATUS_CELL[s][1]}; "
            "font-weight: 600"
            for s in statuses
        ]

    return table.style.apply(_colour, subset=[t("scorecard_col_status")])


SCORECARD_WIDTHS = {
    "scorecard_col_process": 165,
    "scorecard_col_kpi": 340,
    "scorecard_col_responsible": 170,
    "scorecard_col_status": 165,
    "scorecard_col_value": 195,
    "scorecard_col_target": 190,
    "scorecard_col_due": 110,
    "scorecard_col_kind": 90,
    "scorecard_col_band": 110,
    "scorecard_col_note": 260,
}


def scorecard_columns() -> dict[str, Any]:
    """Column widths of the scorecard; process and KPI stay in view when it scrolls sideways."""
    return {
        t(key): st.column_config.TextColumn(
            width=width, pinned=key in ("scorecard_col_process", "scorecard_col_kpi")
        )
        for key, width in SCORECARD_WIDTHS.items()
    }


def record_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Register or survey rows as a reader sees them: headers, value labels, BE dates."""
    return tables.readable(
        frame.drop(columns=["fiscal_month"], errors="ignore"),
        headers={
            "counted": t("scorecard_col_counted"),
            "achieved_on": t("scorecard_col_counted_on"),
        },
    )


def milestone_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A 6.1 milestone KPI's evidence: recorded milestones and register uploads."""
    sources = {"milestone": t("scorecard_source_milestone"), "upload": t("scorecard_source_upload")}
    return pd.DataFrame(
        {
            t("scorecard_col_source"): [sources.get(s, s) for s in frame["source"]],
            t("scorecard_col_date"): [_date_cell(d) for d in frame["date"]],
            t("scorecard_col_upload"): ["" if pd.isna(u) else int(u) for u in frame["upload_id"]],
            t("scorecard_col_note"): frame["note"].fillna(""),
        }
    )


def kpi_rows_table(result: KpiResult) -> pd.DataFrame:
    """The rows behind a KPI, shaped for reading."""
    rows = result.rows if result.rows is not None else pd.DataFrame()
    if rows.empty:
        return pd.DataFrame()
    if result.definition.measure == "milestone":
        return milestone_table(rows)
    if result.definition.measure == "satisfaction":
        return record_table(rows.dropna(axis="columns", how="all"))
    return record_table(rows)


def quarter_table(quarters: pd.DataFrame) -> pd.DataFrame:
    """Quarter by quarter: target, achieved, running totals and the verdict (targets only if set)."""
    verdicts = {
        "reached": t("scorecard_q_reached"),
        "running": status_word("pending"),
        "not_begun": t("scorecard_q_not_begun"),
        "no_target": t("scorecard_q_no_target"),
    }
    shown = pd.DataFrame(
        {
            t("scorecard_col_quarter"): [
                quarter_label(q, lang(), with_months=True) for q in quarters["quarter"]
            ],
            t("scorecard_col_q_target"): [count(v) for v in quarters["target"]],
            t("scorecard_col_q_actual"): [count(v) for v in quarters["achieved"]],
            t("scorecard_col_q_cum_target"): [count(v) for v in quarters["cumulative_target"]],
            t("scorecard_col_q_cum_actual"): [count(v) for v in quarters["cumulative"]],
            t("scorecard_col_q_verdict"): [
                t("scorecard_q_short", n=count(r["short_by"]))
                if r["verdict"] == "short"
                else verdicts[r["verdict"]]
                for r in quarters.to_dict("records")
            ],
        }
    )
    if quarters["target"].isna().all():  # no plan: only what was achieved
        shown = shown.drop(
            columns=[
                t("scorecard_col_q_target"),
                t("scorecard_col_q_cum_target"),
                t("scorecard_col_q_verdict"),
            ]
        )
    return shown


def highlight_row(table: pd.DataFrame, index: int | None) -> Any:
    """The table with one row highlighted (the quarter chosen in the filters), or as is."""
    if index is None:
        return table
    return table.style.apply(
        lambda row: (
            [f"background-color: {theme.ROW_CHOSEN}; font-weight: 600" if row.name == index else ""]
            * len(row)
        ),
        axis=1,
    )


def stored_table(
    annual: Mapping[str, float],
    bands: Mapping[str, Mapping[str, float]],
    quarters: Mapping[str, Sequence[float]],
    milestones: pd.DataFrame,
) -> pd.DataFrame:
    """Everything set for a fiscal year, one row per setting."""
    rows = [(kpi_label(k), t("scorecard_kind_annual"), count(v)) for k, v in annual.items()]
    rows += [
        (
            kpi_label(k),
            t("scorecard_kind_bands"),
            " / ".join(count(b[level]) for level in BAND_LEVELS),
        )
        for k, b in bands.items()
    ]
    rows += [
        (kpi_label(k), t("scorecard_kind_quarters"), " / ".join(count(v) for v in plan))
        for k, plan in quarters.items()
    ]
    for record in milestones.to_dict("records"):
        milestone = record["milestone_id"]
        name = t(f"milestone_{milestone}") if milestone in MILESTONES else milestone
        if record["linkage_id"] is not None and not pd.isna(record["linkage_id"]):
            name += f" ({record['linkage_id']})"
        rows.append((name, t("scorecard_kind_milestone"), fmt_date(record["done_on"])))
    return pd.DataFrame(
        rows,
        columns=[
            t("scorecard_col_kpi"),
            t("scorecard_col_kind_of_target"),
            t("scorecard_col_stored_value"),
        ],
    )


# ---------------------------------------------------------------- charts


def glance_figure(progress: Mapping[str, Any], counts: Mapping[str, int], total: int) -> go.Figure:
    """Two bars on one 0–100 % scale: the year's time elapsed, and the KPIs by status."""
    figure = go.Figure()
    figure.add_bar(
        y=[t("scorecard_glance_time")],
        x=[progress["percent_elapsed"]],
        orientation="h",
        marker_color=theme.TIME_BAR,
        text=[f"{progress['percent_elapsed']:.0f}%"],
        textposition="inside",
        hovertemplate="%{x:.1f}%<extra></extra>",
        showlegend=False,
    )
    for status, n in counts.items():
        if n:
            figure.add_bar(
                y=[t("scorecard_glance_kpis", n=total)],
                x=[n * 100 / total],
                orientation="h",
                marker_color=theme.STATUS_CHART[status],
                text=[f"{status_word(status)} {n}"],
                textposition="inside",
                insidetextanchor="middle",
                name=f"{status_word(status)} ({n})",
                hovertemplate=f"{status_word(status)}: {n}<extra></extra>",
            )
    figure.update_layout(
        barmode="stack",
        height=175,
        margin={"t": 10, "b": 10, "l": 10, "r": 10},
        xaxis={"range": [0, 100], "ticksuffix": "%", "showgrid": False},
        yaxis={"autorange": "reversed"},
        legend={"orientation": "h", "y": -0.3, "traceorder": "normal"},
        uniformtext={"minsize": 11, "mode": "hide"},
    )
    return figure


def _plan_traces(figure: go.Figure, months: list[str], plan: pd.DataFrame, numbers: list) -> None:
    """The cumulative target as a dashed line, each quarter's end marked with its target."""
    figure.add_scatter(
        x=months,
        y=plan["target"],
        mode="lines",
        name=t("scorecard_cum_target"),
        customdata=numbers,
        line={"color": theme.TARGET, "width": 2, "dash": "dash"},
        hovertemplate="%{x}: %{y:.1f}<extra>" + t("scorecard_cum_target") + "</extra>",
    )
    ends = plan[plan["quarter_end"]]
    figure.add_scatter(
        x=[months[m - 1] for m in ends["month"]],
        customdata=[[int(m)] for m in ends["month"]],
        y=ends["target"],
        mode="markers+text",
        marker={"symbol": "diamond", "size": 11, "color": theme.TARGET},
        text=[count(v) for v in ends["target"]],
        textposition="top left",
        textfont={"color": theme.TARGET},
        showlegend=False,
        hovertext=[
            t("scorecard_cum_quarter", q=q, v=count(v))
            for q, v in zip(ends["quarter"], ends["target"], strict=True)
        ],
        hoverinfo="text",
    )


def cumulative_figure(actual: pd.DataFrame, plan: pd.DataFrame) -> go.Figure:
    """Month by month: what each month added (bars), the running total and the cumulative target.

    Every point's custom data is ``[fiscal month]`` (1 = October), the month a click lists.
    """
    months = [month_label(d, wrap=True) for d in actual["month_end"]]
    numbers = [[int(m)] for m in actual["month"]]
    figure = go.Figure()
    figure.add_bar(
        x=months,
        y=[
            None if pd.isna(c) else a
            for a, c in zip(actual["achieved"], actual["cumulative"], strict=True)
        ],
        name=t("scorecard_cum_month"),
        marker_color=theme.MONTH_BAR,
        customdata=numbers,
        hovertemplate="%{x}: %{y}<extra>" + t("scorecard_cum_month") + "</extra>",
    )
    figure.add_scatter(
        x=months,
        y=actual["cumulative"],
        mode="lines+markers",
        name=t("scorecard_cum_actual"),
        customdata=numbers,
        line={"color": theme.OURS, "width": 3},
        marker={"size": 8},
        hovertemplate="%{x}: %{y}<extra>" + t("scorecard_cum_actual") + "</extra>",
    )
    if plan["target"].notna().any():
        _plan_traces(figure, months, plan, numbers)
    figure.update_layout(
        height=380,
        margin={"t": 20, "b": 10, "l": 10, "r": 10},
        xaxis={"title": t("scorecard_cum_axis_month"), "type": "category", "tickangle": 0},
        yaxis={"title": t("scorecard_cum_axis_count"), "rangemode": "tozero"},
        legend={"orientation": "h", "y": -0.3},
        bargap=0.35,
    )
    return figure


def bullet_figure(
    progress: pd.DataFrame, bands: Mapping[str, Mapping[str, float]], *, running: bool
) -> go.Figure:
    """Each 6.2 count as a bar over its shaded bands, with the year target and today's plan.

    A bar's custom data is ``[kpi_id]``.
    """
    figure = go.Figure()
    values = [float(v) for v in progress["value"] if pd.notna(v)]
    targets = [float(v) for v in progress["target"] if pd.notna(v)]
    excellent = [bands[k]["excellent"] for k in progress["kpi_id"] if k in bands]
    top = max([1.0, *values, *targets, *excellent]) * 1.08
    for index, row in enumerate(progress.to_dict("records")):
        band = bands.get(row["kpi_id"])
        if band:
            charts.add_bands(figure, band, row=index, top=top, half=0.4)
        has_target = pd.notna(row["target"])
        figure_text = (
            f"<b>{count(row['value'])}</b> / {count(row['target'])}"
            if has_target
            else f"<b>{count(row['value'])}</b><br><span style='color:{theme.MUTED}'>"
            f"{t('scorecard_no_target_short')}</span>"
        )
        figure.add_annotation(
            x=1.02, xref="paper", y=index, text=figure_text, showarrow=False, xanchor="left",
            align="left", font={"size": 13},
        )  # fmt: skip
        if has_target:
            figure.add_shape(
                type="line", x0=row["target"], x1=row["target"], y0=index - 0.42,
                y1=index + 0.42, line={"color": theme.INK, "width": 3},
            )  # fmt: skip
        expected = row["expected_now"]
        if running and expected is not None and pd.notna(expected):
            figure.add_shape(
                type="line", x0=expected, x1=expected, y0=index - 0.42, y1=index + 0.42,
                line={"color": theme.TARGET, "width": 2, "dash": "dot"},
            )  # fmt: skip
    figure.add_bar(
        y=list(range(len(progress))),
        x=progress["value"],
        orientation="h",
        width=0.32,
        marker_color=theme.OURS,
        customdata=[[k] for k in progress["kpi_id"]],
        hovertemplate="%{x}<extra></extra>",
        showlegend=False,
    )
    figure.update_layout(
        height=380,
        margin={"t": 10, "b": 10, "l": 10, "r": 95},
        xaxis={"range": [0, top], "title": t("scorecard_cum_axis_count")},
        yaxis={
            "tickmode": "array",
            "tickvals": list(range(len(progress))),
            "ticktext": [t(f"scorecard_short_{k}") for k in progress["kpi_id"]],
            "autorange": "reversed",
        },
    )
    return figure


# ---------------------------------------------------------------- widgets


def select(
    label: str,
    options: Sequence[Any],
    *,
    state_key: str,
    format_func: Callable[[Any], str],
    placeholder: str | None = None,
    default: Any = None,
) -> Any:
    """A select box whose choice is kept in `state_key` and survives a language switch.

    The box's own key carries the language, so its labels are redrawn in the new language;
    the choice lives in `state_key` (no widget owns it), so a table click may set it too.
    """
    widget_key = f"{state_key}__{lang()}"
    chosen = st.session_state.get(state_key)
    if chosen not in options:
        chosen = default if default in options or placeholder is not None else options[0]
        st.session_state[state_key] = chosen
    if st.session_state.get(widget_key, ...) != chosen:
        st.session_state[widget_key] = chosen

    def _keep() -> None:
        """Copy the box's choice into the shared key."""
        st.session_state[state_key] = st.session_state[widget_key]

    return st.selectbox(
        label,
        list(options),
        key=widget_key,
        format_func=format_func,
        placeholder=placeholder,
        on_change=_keep,
    )


def page_link(path: str, label: str, icon: str) -> None:
    """A link to another page, left out when this user's navigation does not list it."""
    try:
        st.page_link(path, label=label, icon=icon)
    except (StreamlitAPIException, KeyError):
        pass
