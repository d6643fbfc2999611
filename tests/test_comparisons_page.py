"""AppTest of the comparisons page: sample, empty and register-only stores, drill-down, English."""

from __future__ import annotations

from labels import label
from loaders.spec import REGISTER
from loaders.store import open_store
from metrics.drilldown import linkage_rows, survey_rows
from metrics.filters import NO_FILTERS, Filters
from metrics.lead_times import lead_time_summary
from metrics.pipeline import year_over_year
from metrics.register import compare_by, quadrant_counts
from metrics.satisfaction import satisfaction_scores
from tests.views_pages import (
    all_text,
    figure,
    metrics_shown,
    open_page,
    open_section,
    register_only_store,  # noqa: F401  (fixture)
    select_point,
    tables,
    values,
)

PAGE = "pages/comparisons.py"


def _with_store(path, fn, **kwargs):
    """Call a metric on the store file (closed again afterwards)."""
    con = open_store(path)
    try:
        return fn(con, **kwargs)
    finally:
        con.close()


def _bars(fig: dict) -> dict[tuple[str, str], float]:
    """(trace name, category) → bar length of a horizontal bar chart."""
    return {
        (trace.get("name", ""), label): value
        for trace in fig["data"]
        if trace.get("type") == "bar"
        for label, value in zip(values(trace["y"]), values(trace["x"]), strict=True)
    }


def test_on_sample_figures_are_the_metrics(sample_store):
    at = open_page(PAGE)
    assert "วิเคราะห์เปรียบเทียบ" in all_text(at)
    # only the open section is drawn: the first one
    assert "comparisons_compare_chart" in {c.key for c in at.get("plotly_chart")}
    assert not {"comparisons_trend_chart", "comparisons_quadrant_chart"} & {
        c.key for c in at.get("plotly_chart")
    }
    # comparison by partner type: each outcome's bar
    compared = _with_store(sample_store, compare_by, dimension="partner_type")
    bars = _bars(figure(at, "comparisons_compare_chart"))
    partner_type = REGISTER.column("partner_type")
    for row in compared.itertuples():
        name = partner_type.value_label(row.key, "th") if row.key != "unspecified" else "ไม่ระบุ"
        assert bars[("เชื่อมโยงแล้ว/ใช้งานอยู่", name)] == row.live
        assert bars[("อยู่ระหว่างดำเนินการ", name)] == row.in_progress
    # year over year: the cards give each fiscal year's total of linkages achieved
    shown = metrics_shown(open_section(at, "comparisons", "comparisons_tab_trend"))
    yoy = _with_store(sample_store, year_over_year, event="linked")
    for row in yoy.drop_duplicates("fiscal_year").itertuples():
        assert shown[f"ปีงบประมาณ {row.fiscal_year}"] == f"{row.year_total:,}"
    # lead times: the medians in days
    shown = metrics_shown(open_section(at, "comparisons", "comparisons_tab_lead"))
    summary = _with_store(sample_store, lead_time_summary)
    for row in summary.itertuples():
        assert shown[label(f"lead_time_{row.segment}", "th")] == f"{row.median_days:,.0f} วัน"
    # the quadrant: the count in each bubble
    open_section(at, "comparisons", "comparisons_tab_quadrant")
    quadrants = _with_store(sample_store, quadrant_counts)
    bubbles = next(tr for tr in figure(at, "comparisons_quadrant_chart")["data"] if tr.get("text"))
    placed = quadrants[quadrants["quadrant"] != "unspecified"]
    assert bubbles["text"] == [f"{n:,}" for n in placed["linkages"]]
    unplaced = int(quadrants.loc[quadrants["quadrant"] == "unspecified", "linkages"].iloc[0])
    assert f"อีก {unplaced} รายการยังไม่ได้ระบุระดับการบูรณาการ" in all_text(at)


def test_satisfaction_bars_and_target_lines(sample_store):
    at = open_section(open_page(PAGE), "comparisons", "comparisons_tab_satisfaction")
    scores = _with_store(sample_store, satisfaction_scores)
    fig = figure(at, "comparisons_sat_chart")
    bars = _bars(fig)
    overall = scores[(scores["respondent_group"] == "all") & scores["score"].notna()]
    shown = {label: value for (name, label), value in bars.items() if name == "ผู้ตอบทุกกลุ่ม"}
    assert sorted(round(v, 2) for v in shown.values()) == sorted(overall["score"])
    # one dashed target line per process with a target (80 / 70 / 80; 6.2 has none)
    lines = [s for s in fig["layout"]["shapes"] if s["type"] == "line"]
    assert sorted(s["x0"] for s in lines) == [70, 80, 80]
    assert "ไม่มีเป้าหมาย" in [a["text"] for a in fig["layout"]["annotations"]]


def test_drill_down_from_the_quadrant_and_the_comparison(sample_store):
    at = open_section(open_page(PAGE), "comparisons", "comparisons_tab_quadrant")
    select_point(at, "comparisons_quadrant_chart", "coordination")
    expected = _with_store(sample_store, linkage_rows, dimension="quadrant", key="coordination")
    assert f"**การพึ่งพาระหว่างกัน**: {len(expected)} รายการ" in all_text(at)
    drilled = next(t for t in tables(at) if len(t) == len(expected) and "รหัสการเชื่อมโยง" in t)
    assert sorted(drilled["รหัสการเชื่อมโยง"]) == sorted(expected["linkage_id"])
    # beside the chart: the DGA guidance of each quadrant, the chosen one open
    guides = {e.label: e for e in at.expander}
    assert set(guides) >= {"การมีกระบวนการร่วมกันเป็นหนึ่งเดียว", "การพึ่งพาระหว่างกัน"}
    assert guides["การพึ่งพาระหว่างกัน"].proto.expanded
    assert not guides["การมีกระบวนการร่วมกันเป็นหนึ่งเดียว"].proto.expanded
    assert "One Stop Service" in all_text(at)
    assert "มีการใช้ข้อมูลของผู้ใช้บริการร่วมกัน" in all_text(at)

    open_section(at, "comparisons", "comparisons_tab_compare")
    select_point(at, "comparisons_compare_chart", "government", "live")
    live = _with_store(
        sample_store, linkage_rows, dimension="partner_type", key="government", outcome="live"
    )
    assert f"**หน่วยงานภาครัฐ · เชื่อมโยงแล้ว/ใช้งานอยู่**: {len(live)} รายการ" in all_text(at)
    drilled = next(t for t in tables(at) if len(t) == len(live) and "สถานะ" in t)
    assert set(drilled["สถานะ"]) <= {"เชื่อมโยงสำเร็จ", "ใช้งานข้อมูลแล้ว"}


def test_drill_down_to_survey_responses_and_a_trend_point(sample_store):
    at = open_section(open_page(PAGE), "comparisons", "comparisons_tab_satisfaction")
    select_point(at, "comparisons_sat_chart", "inbound", "internal")
    responses = _with_store(
        sample_store, survey_rows, process="inbound", respondent_group="internal"
    )
    assert f"ผู้ตอบ {len(responses)} ราย" in all_text(at)
    open_section(at, "comparisons", "comparisons_tab_trend")
    select_point(at, "comparisons_trend_chart", "requested", 2568, 1)
    assert "ยื่นคำขอ · ไตรมาส 1 ปีงบประมาณ 2568" in all_text(at)


def test_dimension_chooser_and_a_filter(sample_store):
    at = open_page(PAGE, params={"direction": "outbound"})
    at.session_state["comparisons_dimension"] = "ministry"
    at.run()
    assert not at.exception
    expected = _with_store(
        sample_store, compare_by, dimension="ministry", filters=Filters(direction=("outbound",))
    )
    table = next(t for t in tables(at) if "กระทรวง" in t.columns)
    assert list(table["ทั้งหมด"]) == list(expected["linkages"])
    assert "ขอข้อมูลจากหน่วยงานอื่น" in all_text(at)


def test_in_english(sample_store):
    at = open_page(PAGE, lang="en")
    text = all_text(at)
    assert "Comparisons" in text
    open_section(at, "comparisons", "comparisons_tab_trend", "en")
    yoy = _with_store(sample_store, year_over_year, event="linked")
    shown = metrics_shown(at)
    first = yoy.iloc[0]
    assert shown[f"FY {int(first.fiscal_year)}"] == f"{int(first.year_total):,}"
    bubbles = figure(
        open_section(at, "comparisons", "comparisons_tab_quadrant", "en"),
        "comparisons_quadrant_chart",
    )
    assert "Service operation model" in all_text(at)
    names = " ".join(a["text"] for a in bubbles["layout"]["annotations"])
    assert "<b>Unification</b>" in names and "การมีกระบวนการร่วมกันเป็นหนึ่งเดียว" in names
    open_section(at, "comparisons", "comparisons_tab_cancel", "en")
    select_point(at, "comparisons_cancel_chart", "breach")
    assert "**Breach of terms**" in all_text(at)


def test_empty_store_names_the_uploads(empty_store):
    at = open_page(PAGE)
    text = all_text(at)
    assert "ยังไม่มีทะเบียนการเชื่อมโยงข้อมูล" in text
    assert not at.metric
    assert "ยังไม่มีผลสำรวจความพึงพอใจ" in all_text(
        open_section(at, "comparisons", "comparisons_tab_satisfaction")
    )


def test_register_only_store(register_only_store):  # noqa: F811  (the fixture)
    at = open_page(PAGE)
    assert "ยังไม่มีทะเบียนการเชื่อมโยงข้อมูล" not in all_text(at)
    text = all_text(open_section(at, "comparisons", "comparisons_tab_satisfaction"))
    assert "ยังไม่มีผลสำรวจความพึงพอใจ" in text  # the survey part names its upload
    open_section(at, "comparisons", "comparisons_tab_quadrant")
    quadrants = _with_store(register_only_store, quadrant_counts, filters=NO_FILTERS)
    bubbles = next(tr for tr in figure(at, "comparisons_quadrant_chart")["data"] if tr.get("text"))
    # R1 unification, R2 replication, R3 coordination, R4 diversification; R5 not placed
    assert bubbles["text"] == ["1", "1", "1", "1"]
    assert int(quadrants["linkages"].sum()) == 5
    assert "อีก 1 รายการ" in all_text(at)
