"""The executive briefing (issue 15): every native chart of the PPTX against the report."""

from __future__ import annotations

import datetime as dt
import json
import stat

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from auth.audit import entries
from labels import label
from loaders.store import open_store
from metrics.__main__ import main
from metrics.approvals import BODIES
from metrics.briefing import LATE_AFTER_DAYS, build_briefing
from metrics.briefing_pptx import briefing_pptx
from metrics.egov import reference_rows
from metrics.filters import Filters
from metrics.pipeline import open_requests
from metrics.report import build_report

TODAY = dt.date(2026, 12, 2)
FY = 2568
STATUS_ORDER = ("met", "not_met", "at_risk", "no_data")
STAGES = (
    "identified", "requested", "under_review", "approved", "rejected", "mou_signed",
    "developing", "testing", "linked", "in_use", "cancelled", "expired",
)  # fmt: skip


def run(argv: list[str], capsys: pytest.CaptureFixture) -> tuple[int, dict]:
    """``python -m metrics`` in-process: exit code and the printed JSON."""
    code = main(argv)
    return code, json.loads(capsys.readouterr().out.strip())


def charts_of(path) -> dict[str, dict[str, list]]:
    """Every chart of the deck by its title: series name → values (None for a gap)."""
    charts = {}
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_chart:
                chart = shape.chart
                title = chart.chart_title.text_frame.text
                assert title not in charts, f"two charts titled {title!r}"
                charts[title] = {
                    "categories": list(chart.plots[0].categories),
                    **{s.name: list(s.values) for s in chart.plots[0].series},
                }
    return charts


@pytest.fixture
def deck(seeded_store, tmp_path, capsys):
    """The Thai briefing and the report of FY 2568 on the sample, both from the command line."""
    out = tmp_path / "b.pptx"
    argv = ["--db", str(seeded_store), "--fy", str(FY), "--today", TODAY.isoformat()]
    code, printed = run(["briefing", *argv, "--out", str(out)], capsys)
    assert code == 0 and printed["path"] == str(out) and printed["format"] == "pptx"
    code, report = run(["report", *argv], capsys)
    assert code == 0
    return out, report, seeded_store


def test_every_chart_of_the_pptx_is_the_reports_figures(deck):
    out, report, db = deck
    charts = charts_of(out)
    checked = set()
    kpis = report["kpis"]
    processes = sorted({k["process"] for k in kpis})

    status_chart = charts["ตัวชี้วัดตามสถานะ แยกตามกระบวนการ"]
    words = ["บรรลุเป้าหมาย", "ไม่บรรลุเป้าหมาย", "ใกล้ครบกำหนด ยังไม่บรรลุ", "ไม่มีข้อมูล"]
    for word, status in zip(words, STATUS_ORDER, strict=True):
        expected = [
            sum(k["process"] == p and k["status"] == status for k in kpis) for p in processes
        ]
        assert status_chart[word] == expected
    assert sum(sum(status_chart[w]) for w in words) == len(kpis) == 18
    for word, status in zip(words, STATUS_ORDER, strict=True):
        assert sum(status_chart[word]) == report["kpi_summary"][status]
    checked.add("ตัวชี้วัดตามสถานะ แยกตามกระบวนการ")

    sat = charts["คะแนนความพึงพอใจ (เต็ม 100)"]
    keys = list(report["satisfaction"])
    assert sat["คะแนน"] == [report["satisfaction"][k]["score"] for k in keys]
    assert sat["เป้าหมาย"] == [report["satisfaction"][k]["target"] for k in keys]
    assert sat["เป้าหมาย"][1] is None and sat["คะแนน"][0] == 85.55  # 6.2 has no target set
    checked.add("คะแนนความพึงพอใจ (เต็ม 100)")

    pipe = charts["จำนวนการเชื่อมโยงในแต่ละขั้นตอน"]
    assert pipe["การเชื่อมโยง"] == [report["register"]["by_status"][s] for s in STAGES]
    stuck = report["operations"]["stuck_linkages"]
    assert pipe["ค้างเกินกำหนด"] == [stuck.get(s, 0) for s in STAGES]
    assert sum(pipe["ค้างเกินกำหนด"]) == stuck["total"] > 0
    con = open_store(db)
    waiting = open_requests(con, filters=Filters(fiscal_year=FY), today=TODAY)
    late = waiting[waiting["days_waiting"] > LATE_AFTER_DAYS]
    late_series = pipe[f"คำขอล่าช้า (เกิน {LATE_AFTER_DAYS} วัน)"]
    assert late_series == [int((late["status"] == s).sum()) for s in STAGES]
    assert 0 < sum(late_series) <= report["operations"]["open_requests"]["open_requests"]
    checked.add("จำนวนการเชื่อมโยงในแต่ละขั้นตอน")

    counts = charts["ผลเทียบเป้าหมายรายปี"]
    count_kpis = [k for k in kpis if k["process"] == "6.2" and k["unit"] == "count"]
    assert counts["categories"] == [
        "หน่วยงานเป้าหมาย", "คำขอได้รับผล", "เชื่อมโยงสำเร็จ", "นำข้อมูลไปใช้"
    ]  # fmt: skip
    assert [k["id"] for k in count_kpis] == [
        "partners_listed", "requests_answered", "linkages_achieved", "data_in_use"
    ]  # fmt: skip
    assert counts["ผล"] == [k["value"] for k in count_kpis]
    assert counts["เป้าหมาย"] == [k["target"] for k in count_kpis]
    checked.add("ผลเทียบเป้าหมายรายปี")

    cumulative = charts["เชื่อมโยงสำเร็จสะสมรายเดือน เทียบแผนสะสม"]
    linked = next(k for k in kpis if k["id"] == "linkages_achieved")
    assert len(cumulative["ผลสะสม"]) == 12
    assert cumulative["ผลสะสม"][-1] == linked["value"]  # the year is over: the last month is it
    assert cumulative["ผลสะสม"] == sorted(cumulative["ผลสะสม"])
    checked.add("เชื่อมโยงสำเร็จสะสมรายเดือน เทียบแผนสะสม")

    stages = charts["ความสำเร็จรายระดับ (ร้อยละ)"]
    assert stages["หน่วยงานของเรา"] == [
        report["egov"]["stages"][k] for k in ("I", "II", "III", "IV")
    ]
    for row in reference_rows():
        assert stages[row["source"]["th"]] == [
            float(row["stages"][k]) for k in ("I", "II", "III", "IV")
        ]
    checked.add("ความสำเร็จรายระดับ (ร้อยละ)")

    trend = charts["คะแนนรายปีงบประมาณ เทียบ UN 2555 และ KU-INOVA 2556"]
    chosen = trend["categories"].index(f"ปีงบประมาณ {FY}")
    assert trend["หน่วยงานของเรา"][chosen] == report["egov"]["score"]
    assert set(trend["การสำรวจของสหประชาชาติ 2555"]) == {44.71}
    assert set(trend["การสำรวจของ KU-INOVA 2556"]) == {44.92}
    checked.add("คะแนนรายปีงบประมาณ เทียบ UN 2555 และ KU-INOVA 2556")

    assert checked == set(charts), f"charts not checked: {set(charts) - checked}"


def test_charts_are_native_and_every_slide_says_date_filters_and_sample(deck):
    out, _, _ = deck
    presentation = Presentation(str(out))
    assert len(presentation.slides) == 7
    for number, slide in enumerate(presentation.slides, start=1):
        texts = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert "ข้อมูล ณ 2 ธ.ค. 2569 · ปีงบประมาณ 2568 · ไม่มีตัวกรอง" in texts, number
        assert "ข้อมูลตัวอย่าง" in texts, number
        assert not any(s.shape_type == 13 for s in slide.shapes), "a picture, not a native chart"
    for rpr in presentation.slides[1].shapes._spTree.iter(qn("a:cs")):
        assert rpr.get("typeface") == "Sarabun"
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_the_export_is_audited_and_named_with_content_and_date(
    seeded_store, tmp_path, capsys, monkeypatch
):
    folder = tmp_path / "out"
    folder.mkdir()
    argv = ["briefing", "--db", str(seeded_store), "--fy", "2568", "--today", "2026-12-02"]
    code, printed = run([*argv, "--out", str(folder), "--format", "pdf"], capsys)
    assert code == 0 and printed["file"] == "briefing_2568_2026-12-02.pdf"
    assert (folder / "briefing_2568_2026-12-02.pdf").read_bytes().startswith(b"%PDF")
    monkeypatch.setenv("LINKAGE_AGENCY", "สำนักงานสถิติแห่งชาติ / NSO")
    code, printed = run([*argv, "--lang", "en", "--out", str(folder)], capsys)
    assert printed["file"] == "สำนักงานสถิติแห่งชาติ-NSO_briefing_2568_2026-12-02.pptx"
    trail = entries(open_store(seeded_store), action="export")
    assert len(trail) == 2
    newest = json.loads(trail["detail"][0])
    assert newest["content"] == "briefing" and newest["file"] == printed["file"]
    assert newest["filters"] == {"fiscal_year": 2568} and newest["lang"] == "en"
    assert trail["role"][0] == "cli" and trail["actor"][0]


def test_a_bad_out_is_refused(seeded_store, tmp_path, capsys):
    code, printed = run(
        ["briefing", "--db", str(seeded_store), "--out", str(tmp_path / "b.docx")], capsys
    )
    assert code == 2 and ".pptx" in printed["error_en"]


def test_the_pages_filters_narrow_every_figure_as_the_report_does(seeded_store):
    con = open_store(seeded_store)
    inbound = Filters(direction=("inbound",))
    briefing = build_briefing(con, fiscal_year=FY, filters=inbound, today=TODAY, lang="en")
    report = build_report(con, fiscal_year=FY, today=TODAY, filters=inbound)
    whole = build_report(con, fiscal_year=FY, today=TODAY)
    assert report["register"]["by_direction"]["outbound"] == 0
    assert report["register"]["linkages"] < whole["register"]["linkages"]
    pipeline = next(s for s in briefing.slides if s.key == "pipeline").charts[0]
    assert pipeline.series[0][1] == list(report["register"]["by_status"].values())
    assert "filters: Inbound" in briefing.footer or "filters: " in briefing.footer
    assert briefing.footer.startswith("Data as of 2 Dec 2026 · FY 2568 · filters:")


def test_an_empty_store_gives_a_briefing_without_the_sample_banner(empty_store):
    con = open_store(empty_store)
    briefing = build_briefing(con, fiscal_year=FY, today=TODAY)
    assert not briefing.sample and briefing.findings == []
    data = briefing_pptx(briefing)
    assert b"ppt/slides/slide7.xml" in data
    assert "ข้อมูลตัวอย่าง".encode() not in data


def test_the_findings_slide_lists_what_the_report_finds(seeded_store):
    """Expired-but-live agreements and the data-quality findings (issue 13) are on the slide,
    each with the report's count; the approving bodies are named as approvals.json names them."""
    con = open_store(seeded_store)
    report = build_report(con, fiscal_year=FY, today=TODAY)
    briefing = build_briefing(con, fiscal_year=FY, today=TODAY, lang="en")
    rows = {f.kind: f for f in briefing.findings}
    expected = {
        label(f"finding_{key}", "en"): found["linkages"]
        for key, found in report["findings"].items()
        if found["linkages"]
    }
    assert expected, "the sample raises data-quality findings"
    for kind, count in expected.items():
        assert rows[kind].count == count
    lapsed = report["operations"]["expired_but_live"]
    assert lapsed, "the sample has agreements ended but still live"
    assert rows["Agreements ended, linkage still live"].count == lapsed
    pending = [f for f in briefing.findings if f.kind == "Pending approval"]
    named = {f.detail for f in pending}
    assert any(BODIES["council"]["en"] in d for d in named), named
    table = next(s for s in briefing.slides if s.key == "findings").table
    assert [row[0] for row in table.rows] == [f.kind for f in briefing.findings]
