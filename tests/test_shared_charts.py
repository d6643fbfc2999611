"""The charts and tables every page shares (ui/charts.py, ui/tables.py), built from small frames.

Each frame is written here by hand; the figures it should give are worked out beside it.
"""

from __future__ import annotations

import pandas as pd
import pytest

from metrics.egov import reference_rows
from ui import charts, tables, theme

PROCESSES = ("manual_review", "outbound", "inbound", "cancellation")  # 6.1 … 6.4, the chart's rows


def _scores(rows: list[tuple]) -> pd.DataFrame:
    """A satisfaction_scores-shaped frame from (process, group, score, target, moe, n) rows."""
    frame = pd.DataFrame(
        rows,
        columns=["process", "respondent_group", "score", "target", "margin_of_error", "responses"],
    )
    frame["status"] = ["met" if s >= (t or 101) else "not_met" for s, t in zip(frame["score"], frame["target"], strict=True)]  # fmt: skip
    return frame


# inbound: all 85.0 (target 80, ±3.0, 40 answers), internal 90.0 (±4.5, 12);
# outbound: all 60.0, no target (±5, 9); manual and cancellation: nobody answered.
SCORES = _scores(
    [
        ("inbound", "all", 85.0, 80.0, 3.0, 40),
        ("inbound", "internal", 90.0, 80.0, 4.5, 12),
        ("outbound", "all", 60.0, None, 5.0, 9),
    ]
)


def test_satisfaction_one_bar_trace_per_group_over_all_four_processes():
    fig = charts.satisfaction_figure(SCORES, method="mean")
    bars = [tr for tr in fig.data if tr.type == "bar"]
    assert [b.name for b in bars] == ["ผู้ตอบทุกกลุ่ม", "ภายในองค์กร"]
    assert list(bars[0].y) == [charts.process_label(p) for p in PROCESSES]
    assert list(bars[0].y)[2] == "6.3 ขอ/แลกเปลี่ยนข้อมูล"
    assert list(bars[0].x) == [None, 60.0, 85.0, None]
    assert list(bars[1].x) == [None, None, 90.0, None]
    assert list(bars[0].error_x.array) == [0.0, 5.0, 3.0, 0.0]
    assert [list(c) for c in bars[1].customdata][2] == ["inbound", "internal", 12]
    assert list(bars[0].text)[2] == "85.0 · 40 ราย"


def test_satisfaction_target_lines_only_where_a_target_is_set():
    fig = charts.satisfaction_figure(SCORES, method="mean")
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert [(s.x0, s.y0, s.y1) for s in lines] == [(80.0, 2 - 0.48, 2 + 0.48)]  # inbound's row
    assert lines[0].line.color == theme.TARGET
    notes = [a.text for a in fig.layout.annotations]
    assert "เป้าหมาย 80" in notes
    assert notes.count("ไม่มีเป้าหมาย") == 3  # manual, outbound and cancellation
    # the words sit in the gap above their process's bars, never on a bar
    assert sorted(a.y for a in fig.layout.annotations) == [-0.5, 0.5, 1.5, 2.5]
    assert any(tr.name == "เป้าหมาย" for tr in fig.data if tr.type == "scatter")


def test_satisfaction_bands_shade_the_row_of_their_process():
    band = {"minimum": 60.0, "good": 75.0, "excellent": 90.0}
    fig = charts.satisfaction_figure(SCORES, method="mean", bands={"inbound": band})
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    # 0–60 below, 60–75 minimum, 75–90 good, 90–100 excellent, all on row 2 (6.3)
    assert [(r.x0, r.x1) for r in rects] == [(0.0, 60.0), (60.0, 75.0), (75.0, 90.0), (90.0, 100)]
    assert {(r.y0, r.y1) for r in rects} == {(1.5, 2.5)}
    assert rects[3].fillcolor == theme.BAND_FILLS["excellent"]


def test_a_group_keeps_its_colour_whichever_groups_are_present():
    alone = charts.satisfaction_figure(
        SCORES[SCORES["respondent_group"] == "internal"], method="mean"
    )
    both = charts.satisfaction_figure(SCORES, method="mean")
    colour = {tr.name: tr.marker.color for tr in both.data if tr.type == "bar"}
    assert alone.data[0].marker.color == colour["ภายในองค์กร"] == theme.GROUPS["internal"]


def test_a_group_name_from_a_file_is_drawn_as_written():
    hostile = _scores([("inbound", "<a href='x'>g</a>", 70.0, None, 1.0, 3)])
    spec = charts.safe_figure(charts.satisfaction_figure(hostile, method="mean"))
    assert spec["data"][0]["name"] == "&lt;a href='x'&gt;g&lt;/a&gt;"
    assert "<a href" not in spec["data"][0]["hovertemplate"]


TREND = pd.DataFrame(
    {
        "fiscal_year": [2567, 2568],
        "score": [40.5, 46.25],
        "units": [10, 12],
        "assessed_in_year": [10, 4],
    }
)


def test_egov_trend_score_by_year_against_both_benchmarks():
    fig = charts.egov_trend_figure(TREND, chosen=2568)
    ours = fig.data[0]
    assert list(ours.x) == ["2567", "2568"] and list(ours.y) == [40.5, 46.25]
    assert list(ours.text) == ["40.50", "46.25"]
    assert list(ours.marker.size) == [9, 15]  # the chosen year ringed
    assert list(ours.customdata)[1] == "ประเมินในปีนี้ 4 จาก 12 ระบบ/เว็บไซต์"
    levels = sorted(s.y0 for s in fig.layout.shapes)
    assert levels == sorted(r["score"] for r in reference_rows())
    assert [round(v, 2) for v in levels] == [44.71, 44.92]
    assert {a.text for a in fig.layout.annotations} == {"UN 2555: 44.71", "KU-INOVA 2556: 44.92"}
    # 0.21 apart: both names on the right, the higher above its line, the lower below its own
    placed = {a.text: (a.x, a.xanchor, a.yanchor) for a in fig.layout.annotations}
    assert placed == {"UN 2555: 44.71": (1, "right", "top"),
                      "KU-INOVA 2556: 44.92": (1, "right", "bottom")}  # fmt: skip
    assert list(fig.layout.yaxis.range) == [0, 105]  # room for a label above a score near 100


QUADRANTS = pd.DataFrame(
    {
        "quadrant": ["unification", "coordination", "unspecified"],
        "integration_level": ["high", "high", None],
        "standardization_level": ["high", "low", None],
        "linkages": [4, 1, 7],
    }
)


def test_quadrant_bubbles_per_placed_quadrant():
    fig = charts.quadrant_figure(QUADRANTS)
    bubbles = fig.data[0]
    assert list(bubbles.text) == ["4", "1"]  # the 7 unplaced are not drawn
    assert [list(c) for c in bubbles.customdata] == [["unification"], ["coordination"]]
    assert list(bubbles.x) == [1.5, 0.5] and list(bubbles.y) == [1.4, 1.4]
    assert list(bubbles.marker.size) == [94.0, 64.0]  # 34 + 60·√(n ÷ 4)
    fills = [s.fillcolor for s in fig.layout.shapes]
    assert fills == [theme.QUADRANTS["unification"], theme.QUADRANTS["coordination"]]


@pytest.mark.parametrize("frame", [SCORES, SCORES.iloc[:0]])
def test_satisfaction_table_one_row_per_figure(frame):
    table = tables.satisfaction_table(frame)
    assert len(table) == len(frame)
    if len(frame):
        assert list(table["ผลเทียบเป้า"]) == ["บรรลุเป้าหมาย", "บรรลุเป้าหมาย", "ไม่บรรลุเป้าหมาย"]


def test_egov_trend_table_with_and_without_stages():
    trend = TREND.assign(I=[100.0, 100.0], II=[50.123, 60.0])
    assert list(tables.egov_trend_table(trend).columns) == [
        "ปีงบประมาณ", "จำนวนระบบ/เว็บไซต์", "ประเมินในปีนี้", "คะแนน"
    ]  # fmt: skip
    with_stages = tables.egov_trend_table(trend, ["I", "II"])
    assert list(with_stages["ระดับ II (%)"]) == [50.12, 60.0]
