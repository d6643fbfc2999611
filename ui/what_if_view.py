"""The what-if planner's labels (Thai, English) and its two charts: a result bar and a history."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from plotly.colors import sample_colorscale

from metrics import planner
from ui.i18n import fmt_date, register

register(
    {
        "page_whatif": ("จำลองผลประเมินคู่เชื่อมโยง", "What-if partner scoring"),
        "wi_title": (
            "จำลองผลการประเมินหน่วยงานคู่เชื่อมโยง",
            "What-if scoring of candidate partners",
        ),
        "wi_intro": (
            "ลองให้คะแนนหน่วยงานที่จะเสนอทำบันทึกข้อตกลงตามแบบประเมินของ อคส. (7 ข้อ) หรือ กคช. (14 ข้อ) "
            "ผลเปลี่ยนทันทีที่ปรับคะแนน เก็บไว้หลายสถานการณ์เพื่อเปรียบเทียบ แล้วบันทึกผลที่เลือกเป็นผลการประเมินได้",
            "Score a partner you may propose an MOU with on the PWO (7 criteria) or NHA "
            "(14 criteria) framework. The result changes as you set the criteria; keep several "
            "scenarios to compare, then save one as an assessment.",
        ),
        # 1. partner and framework
        "wi_step_partner": ("1. หน่วยงานและแบบประเมิน", "1. Partner and framework"),
        "wi_mode": ("หน่วยงานที่จะประเมิน", "Partner to score"),
        "wi_mode_existing": ("หน่วยงานที่มีในระบบ", "A partner on record"),
        "wi_mode_new": ("หน่วยงานใหม่ที่กำลังพิจารณา", "A new candidate"),
        "wi_partner": ("เลือกหน่วยงาน", "Partner"),
        "wi_partner_option": (
            "{name} (เชื่อมโยง {linkages} · ประเมิน {assessments} ครั้ง)",
            "{name} ({linkages} linkages · {assessments} assessments)",
        ),
        "wi_new_name": ("ชื่อหน่วยงานที่กำลังพิจารณา", "Candidate's name"),
        "wi_new_placeholder": ("เช่น กรมพัฒนาธุรกิจการค้า", "e.g. Department of Business Development"),
        "wi_new_known": (
            "มีหน่วยงานชื่อนี้ในระบบแล้ว จึงแสดงการเชื่อมโยงและผลการประเมินที่ผ่านมาด้วย",
            "A partner of this name is on record, so its linkages and assessments are shown.",
        ),
        "wi_no_partners": (
            "ยังไม่มีหน่วยงานในระบบ พิมพ์ชื่อหน่วยงานที่กำลังพิจารณาแล้วเริ่มให้คะแนนได้เลย",
            "No partner on record yet: type a candidate's name and start scoring.",
        ),
        "wi_unnamed": ("หน่วยงานใหม่", "New candidate"),
        "wi_framework": ("แบบประเมิน", "Framework"),
        "wi_framework_source": ("ที่มา: {source}", "Source: {source}"),
        "wi_linkages": ("การเชื่อมโยงกับหน่วยงานนี้ ({n} รายการ)", "Linkages with this partner ({n})"),
        "wi_no_linkages": (
            "ยังไม่มีการเชื่อมโยงกับหน่วยงานนี้ในทะเบียน",
            "No linkage with this partner in the register.",
        ),
        "wi_history": ("ผลการประเมินที่ผ่านมา ({n} ครั้ง)", "Earlier assessments ({n})"),
        "wi_no_history": ("ยังไม่เคยประเมินหน่วยงานนี้", "This partner has not been assessed yet."),
        "wi_history_chart": ("ผลการประเมินตามช่วงเวลา", "Assessment results over time"),
        "wi_axis_percent": ("ร้อยละ", "Percent"),
        "wi_axis_date": ("วันที่ประเมิน", "Assessed on"),
        "wi_col_percent": ("ร้อยละ", "Percent"),
        "wi_col_result": ("ผล", "Result"),
        "wi_col_total": ("คะแนนรวม", "Total"),
        "wi_col_source": ("ที่มา", "Source"),
        "wi_src_sample": ("ข้อมูลตัวอย่าง", "Sample data"),
        "wi_src_import": ("นำเข้าจากไฟล์", "Imported file"),
        "wi_src_planner": ("บันทึกจากหน้านี้", "Saved on this page"),
        "wi_cannot_score": ("คำนวณไม่ได้: {reason}", "Cannot be scored: {reason}"),
        # 2. criteria and the live result
        "wi_step_score": ("2. ให้คะแนนตามเกณฑ์", "2. Score each criterion"),
        "wi_scored_hint": (
            "เลื่อนแต่ละข้อจาก {low} (น้อยที่สุด) ถึง {high} (มากที่สุด)",
            "Slide each criterion from {low} (least) to {high} (most).",
        ),
        "wi_yes_no_hint": (
            "เปิดสวิตช์ข้อที่หน่วยงานมีคุณสมบัติ ตัวเลขในวงเล็บคือน้ำหนักของข้อ (รวม 100 ผ่านเมื่อได้ {mark} ขึ้นไป)",
            "Switch on each criterion the partner meets; the number in brackets is its weight "
            "(out of 100; it passes at {mark} or more).",
        ),
        "wi_points": ("{w} คะแนน", "{w} points"),
        "wi_started_from": (
            "เริ่มจากผลการประเมินครั้งล่าสุด ({date})",
            "Started from the latest assessment ({date}).",
        ),
        "wi_reset": ("กลับไปใช้คะแนนเริ่มต้น", "Back to the starting scores"),
        "wi_result": ("ผลการประเมิน", "Result"),
        "wi_m_percent": ("ร้อยละ", "Percent"),
        "wi_m_band": ("ระดับความสำคัญ", "Importance band"),
        "wi_m_pass": ("ผลการพิจารณา", "Selection"),
        "wi_total": ("คะแนนรวม {total} จาก {max}", "Total {total} of {max}"),
        "wi_total_pass": (
            "คะแนนรวม {total} จาก {max} · ผ่านเมื่อได้ {mark} ขึ้นไป",
            "Total {total} of {max} · passes at {mark} or more",
        ),
        "wi_delta_help": (
            "เทียบกับผลการประเมินครั้งล่าสุด ({date})",
            "Against the latest assessment ({date}).",
        ),
        # what it would take
        "wi_take": ("ต้องทำอะไรจึงจะดีขึ้น", "What it would take"),
        "wi_take_highest": (
            "อยู่ระดับสูงสุดแล้ว (“{band}”)",
            "Already in the top band (“{band}”).",
        ),
        "wi_take_points": (
            "ต้องได้เพิ่มอีก **{points} คะแนน** (รวม {target} จาก {max}) จึงจะถึงระดับ “{band}” "
            "(ร้อยละ {percent} ขึ้นไป) เพิ่มได้จากข้อเหล่านี้ เรียงจากคะแนนต่ำสุด",
            "**{points} more points** (a total of {target} of {max}) reach “{band}” ({percent}% "
            "or more). They can come from these criteria, lowest score first.",
        ),
        "wi_take_cheapest": (
            "ขาดอีก **{short} คะแนน** จึงจะถึงเกณฑ์ผ่าน ({mark}) วิธีที่ใช้น้ำหนักน้อยที่สุด: "
            "ทำให้ผ่านเพิ่มอีก {n} ข้อต่อไปนี้ จะได้รวม {after} คะแนน",
            "**{short} points** short of the pass mark ({mark}). The cheapest way to pass: also "
            "meet the criteria below ({n}), for a total of {after}.",
        ),
        "wi_take_decisive": (
            "ผ่านแล้ว ข้อที่ชี้ขาด (ขาดข้อใดข้อหนึ่งจะไม่ผ่าน):",
            "Passes. The decisive criteria (lose any one and it fails):",
        ),
        "wi_take_no_decisive": (
            "ผ่านแล้ว และยังผ่านแม้ขาดข้อใดข้อหนึ่ง",
            "Passes, and would still pass without any single criterion.",
        ),
        "wi_take_apply": ("ลองปรับคะแนนตามนี้", "Try these changes"),
        "wi_take_source": (
            "{criterion}: ตอนนี้ {score} เพิ่มได้อีก {headroom}",
            "{criterion}: {score} now, can rise by {headroom}",
        ),
        # 3. scenarios
        "wi_step_compare": ("3. เก็บและเปรียบเทียบสถานการณ์", "3. Keep and compare scenarios"),
        "wi_scenario_name": ("ชื่อสถานการณ์", "Scenario name"),
        "wi_keep": ("เก็บสถานการณ์นี้", "Keep this scenario"),
        "wi_kept": ("เก็บสถานการณ์ “{name}” แล้ว", "Kept scenario “{name}”."),
        "wi_replaced": (
            "แทนที่สถานการณ์ชื่อ “{name}” เดิมแล้ว",
            "Replaced the scenario named “{name}”.",
        ),
        "wi_no_scenarios": (
            "ยังไม่มีสถานการณ์ที่เก็บไว้ ปรับคะแนนแล้วกด “เก็บสถานการณ์นี้” เพื่อเปรียบเทียบหลายหน่วยงานหรือหลายทางเลือก",
            "No scenario kept yet. Set the criteria and press “Keep this scenario” to compare "
            "candidates or options.",
        ),
        "wi_col_scenario": ("สถานการณ์", "Scenario"),
        "wi_col_partner": ("หน่วยงาน", "Partner"),
        "wi_col_framework": ("แบบประเมิน", "Framework"),
        "wi_compare_chart": ("ร้อยละของแต่ละสถานการณ์ — {framework}", "Scenarios — {framework}"),
        "wi_side_by_side": ("คะแนนรายข้อเทียบกัน", "Criterion by criterion"),
        "wi_row_total": ("คะแนนรวม", "Total"),
        "wi_row_result": ("ร้อยละ · ผล", "Percent · result"),
        "wi_remove_pick": ("สถานการณ์ที่จะลบ", "Scenarios to remove"),
        "wi_remove_placeholder": ("เลือกสถานการณ์", "Choose scenarios"),
        "wi_remove": ("ลบที่เลือก", "Remove selected"),
        # 4. weights
        "wi_step_weights": ("4. ลองน้ำหนักแบบอื่น", "4. Try other weights"),
        "wi_weights_intro": (
            "น้ำหนักตามคู่มือเป็นค่าเริ่มต้น ปรับได้ทุกข้อ แต่ต้องรวมกันได้ 100 จึงจะนำไปคำนวณ "
            "ตารางด้านล่างบอกว่าหน่วยงานใดผลเปลี่ยน (ผ่าน ↔ ไม่ผ่าน) เมื่อใช้น้ำหนักใหม่",
            "The manual's weights are the default. Change any of them; they must add up to 100 "
            "before they are applied. The table shows whose result flips (pass ↔ fail).",
        ),
        "wi_weights_scored": (
            "การลองน้ำหนักใช้กับแบบประเมินที่ถ่วงน้ำหนัก เช่น แบบ 14 ข้อของ กคช. แบบประเมินนี้ทุกข้อมีน้ำหนักเท่ากัน",
            "Trying other weights applies to weighted frameworks such as NHA's 14 criteria; in "
            "this framework every criterion counts the same.",
        ),
        "wi_weights_edit": ("ปรับน้ำหนักรายข้อ", "Edit the weights"),
        "wi_weights_sum": ("น้ำหนักรวม", "Sum of weights"),
        "wi_weights_sum_ok": ("ครบ 100 นำไปคำนวณแล้ว", "Adds up to 100; applied"),
        "wi_weights_refused": (
            "ยังไม่นำน้ำหนักชุดนี้ไปคำนวณ: {reason}",
            "These weights are not applied: {reason}",
        ),
        "wi_weights_reset": ("กลับไปใช้น้ำหนักตามคู่มือ", "Back to the manual's weights"),
        "wi_flips": ("ผลเปลี่ยน {n} จาก {m} รายการ", "{n} of {m} results flip"),
        "wi_col_default": ("ตามคู่มือ", "Manual's weights"),
        "wi_col_alternative": ("น้ำหนักใหม่", "New weights"),
        "wi_col_flipped": ("ผลเปลี่ยน", "Flips"),
        "wi_col_candidate": ("หน่วยงาน/สถานการณ์", "Partner or scenario"),
        "wi_manual_weight": ("ตามคู่มือ {w}", "manual: {w}"),
        # 5. save
        "wi_step_save": ("5. บันทึกเป็นผลการประเมิน", "5. Save as an assessment"),
        "wi_save_help": (
            "ผลที่บันทึกจะเก็บในตารางผลการประเมินเหมือนผลที่นำเข้าจากไฟล์ และแสดงในผลการประเมินที่ผ่านมาของหน่วยงาน",
            "The saved assessment is stored like an imported one and shows in the partner's "
            "earlier assessments.",
        ),
        "wi_save_which": ("บันทึกผลของ", "Save"),
        "wi_save_current": ("ค่าที่กำลังปรับอยู่", "The current settings"),
        "wi_save": ("บันทึกผลการประเมิน", "Save the assessment"),
        "wi_saved": (
            "บันทึกแล้ว รหัส {id} แสดงในผลการประเมินที่ผ่านมาของ {partner}",
            "Saved as {id}; it shows in {partner}'s earlier assessments.",
        ),
        "wi_save_refused": ("บันทึกไม่ได้: {reason}", "Not saved: {reason}"),
    }
)

_BAND_SCALE = "RdYlGn"


def pin_in_view(key: str) -> None:
    """Keep a keyed container in view while its column's neighbour scrolls (the live result)."""
    st.html(
        "<style>"
        f'div[data-testid="stColumn"]:has(.st-key-{key}) {{align-self: stretch;}}'
        f'div[data-testid="stLayoutWrapper"]:has(> .st-key-{key}) '
        "{position: sticky; top: 4rem; z-index: 2;}"
        "</style>"
    )


def outcome_colour(rank: int, ranks: int) -> str:
    """A colour from red (worst outcome) to green (best) for an outcome's rank."""
    return sample_colorscale(_BAND_SCALE, [0.08 + 0.84 * rank / max(ranks - 1, 1)])[0]


def result_bar(
    framework: Mapping[str, Any],
    rows: Sequence[tuple[str, float, int]],
    lang: str,
    *,
    title: str | None = None,
) -> go.Figure:
    """Horizontal bars (label, percent, outcome rank) over the framework's bands or pass mark."""
    regions = planner.regions(framework)
    fig = go.Figure()
    for region in regions:
        fig.add_vrect(
            x0=region["start"],
            x1=region["end"],
            fillcolor=outcome_colour(region["rank"], len(regions)),
            opacity=0.22,
            line_width=0,
            layer="below",
        )
        fig.add_annotation(
            x=(region["start"] + region["end"]) / 2,
            y=1,
            yref="paper",
            yanchor="bottom",
            text=region["label"][lang],
            showarrow=False,
            font={"size": 13},
        )
    for region in regions[1:]:
        fig.add_vline(x=region["start"], line_dash="dot", line_width=1, line_color="#555")
    fig.add_trace(
        go.Bar(
            y=[label for label, _, _ in rows],
            x=[percent for _, percent, _ in rows],
            orientation="h",
            marker_color=[outcome_colour(rank, len(regions)) for _, _, rank in rows],
            marker_line_color="#333",
            marker_line_width=1,
            text=[f"{percent:.2f}%" for _, percent, _ in rows],
            textposition="auto",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.2f}%<extra></extra>",
            width=0.5,
        )
    )
    ticks = sorted({0.0, 100.0, *(r["start"] for r in regions)})
    fig.update_layout(
        title={"text": title, "font": {"size": 15}} if title else None,
        height=110 + 44 * len(rows) + (30 if title else 0),
        margin={"t": 70 if title else 34, "b": 30, "l": 10, "r": 20},
        xaxis={"range": [0, 100], "tickvals": ticks, "ticksuffix": "%", "fixedrange": True},
        yaxis={"autorange": "reversed", "automargin": True, "fixedrange": True},
        showlegend=False,
        bargap=0.3,
    )
    return fig


def result_column(framework: Mapping[str, Any], percent: float, rank: int, lang: str) -> go.Figure:
    """One result as a column on a 0–100 scale, the bands or pass mark beside it, labelled."""
    regions = planner.regions(framework)
    fig = go.Figure()
    for region in regions:
        fig.add_hrect(
            y0=region["start"],
            y1=region["end"],
            fillcolor=outcome_colour(region["rank"], len(regions)),
            opacity=0.22,
            line_width=0,
            layer="below",
        )
        fig.add_annotation(
            x=1,
            xref="paper",
            xanchor="left",
            y=(region["start"] + region["end"]) / 2,
            text=f"{region['label'][lang]} ({region['start']:g}–{region['end']:g})",
            showarrow=False,
            font={"size": 13},
        )
    for region in regions[1:]:
        fig.add_hline(y=region["start"], line_dash="dot", line_width=1, line_color="#555")
    fig.add_trace(
        go.Bar(
            x=[""],
            y=[percent],
            marker_color=outcome_colour(rank, len(regions)),
            marker_line_color="#333",
            marker_line_width=1,
            text=[f"{percent:.2f}%"],
            textposition="inside",
            insidetextanchor="end",
            hovertemplate="%{y:.2f}%<extra></extra>",
            width=0.6,
        )
    )
    ticks = sorted({0.0, 100.0, *(r["start"] for r in regions)})
    fig.update_layout(
        height=300,
        margin={"t": 10, "b": 10, "l": 10, "r": 150},
        yaxis={"range": [0, 100], "tickvals": ticks, "fixedrange": True},
        xaxis={"visible": False, "fixedrange": True},
        showlegend=False,
    )
    return fig


def history_chart(
    history: pd.DataFrame, frameworks: Mapping[str, Mapping[str, Any]], lang: str, title: str
) -> go.Figure:
    """Percent of each stored assessment over time, one line per framework, results as text."""
    scored = history[history["percent"].notna() & history["assessed_on"].notna()]
    fig = go.Figure()
    shown = [f for f in dict.fromkeys(scored["framework"]) if f in frameworks]
    if len(shown) == 1:
        framework = frameworks[shown[0]]
        regions = planner.regions(framework)
        for region in regions:
            fig.add_hrect(
                y0=region["start"],
                y1=region["end"],
                fillcolor=outcome_colour(region["rank"], len(regions)),
                opacity=0.15,
                line_width=0,
                layer="below",
                annotation_text=region["label"][lang],
                annotation_position="right",
                annotation_font_size=12,
            )
    for framework_id in shown:
        framework = frameworks[framework_id]
        rows = scored[scored["framework"] == framework_id]
        labels = [planner.outcome_label(framework, key, lang) for key in rows["outcome"]]
        fig.add_trace(
            go.Scatter(
                x=pd.to_datetime(rows["assessed_on"]),
                y=rows["percent"],
                mode="lines+markers+text",
                name=framework["name"][lang],
                text=[
                    f"{p:.2f}% {label}" for p, label in zip(rows["percent"], labels, strict=True)
                ],
                textposition="top center",
                marker={"size": 11},
                cliponaxis=False,
                hovertemplate="%{text}<extra>" + framework["id"] + "</extra>",
            )
        )
    dates = sorted(set(scored["assessed_on"]))
    ticks = dates[:: max(1, -(-len(dates) // 6))]  # at most six dated ticks, in BE when Thai
    fig.update_layout(
        title={"text": title, "font": {"size": 15}},
        height=340,
        margin={"t": 50, "b": 10, "l": 10, "r": 90},
        yaxis={"range": [0, 108], "ticksuffix": "%", "fixedrange": True},
        xaxis={
            "tickvals": pd.to_datetime(ticks),
            "ticktext": [fmt_date(d) for d in ticks],
            "type": "date",
        },
        legend={"orientation": "h", "y": -0.15},
    )
    if len(dates) == 1:
        only = pd.Timestamp(dates[0])
        fig.update_xaxes(range=[only - pd.Timedelta(days=60), only + pd.Timedelta(days=60)])
    return fig
