"""The report (TEMPLATES.md §5) and the report / target / milestone commands."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from loaders.store import open_store
from metrics.__main__ import main
from metrics.kpi_registry import KPIS
from metrics.report import build_report
from tests.conftest import ROOT
from tests.metrics_fixtures import hand_store

D = dt.date
STATUSES = {"met", "not_met", "at_risk", "no_data"}
PROCESSES = ("manual_review", "outbound", "inbound", "cancellation")


def run(argv, capsys):
    """Run ``python -m metrics`` in-process; returns (exit code, parsed stdout)."""
    code = main(argv)
    out = capsys.readouterr().out.strip()
    return code, json.loads(out)


def test_empty_database_gives_a_complete_report():
    report = build_report(open_store(":memory:"), today=D(2025, 1, 15))
    json.dumps(report, allow_nan=False)  # strict JSON all the way down
    assert report["fiscal_year"] == 2568
    assert report["register"]["linkages"] == 0 and report["register"]["partners"] == 0
    assert report["register"]["by_direction"] == {"outbound": 0, "inbound": 0}
    assert set(report["satisfaction"]) == set(PROCESSES)
    for figure in report["satisfaction"].values():
        assert {"score", "target", "met", "responses", "method"} <= set(figure)
        assert figure["score"] is None and figure["responses"] == 0
    assert report["egov"]["stages"] == {"I": None, "II": None, "III": None, "IV": None}
    assert report["egov"]["score"] is None
    assert len(report["kpis"]) == len(KPIS)
    for kpi in report["kpis"]:
        assert {"process", "kind", "name", "value", "target", "status"} <= set(kpi)
        assert kpi["status"] in STATUSES


def test_report_figures_by_hand():
    con = hand_store()
    whole = build_report(con, today=D(2025, 10, 15))
    fy = build_report(con, fiscal_year=2568, today=D(2025, 10, 15))
    json.dumps(whole, allow_nan=False)
    json.dumps(fy, allow_nan=False)
    # whole register: 15 linkages of 14 partners (Partner A twice)
    assert (whole["register"]["linkages"], whole["register"]["partners"]) == (15, 14)
    assert whole["register"]["by_direction"] == {"outbound": 8, "inbound": 7}
    assert whole["register"]["by_status"]["cancelled"] == 3
    assert whole["register"]["by_status"]["linked"] == 3  # O3, I4, C4
    # FY 2568 by reference date: O1 O2 O4 O5 I1 I2 I3 I4 I5 (O3, I6, C1–C4 asked earlier)
    assert fy["register"]["linkages"] == 9
    assert fy["register"]["by_status"]["requested"] == 2  # O2 (30 Sep 2025), I1
    # satisfaction inbound: whole 70.00 (met), FY 2568 63.33 (not met)
    assert whole["satisfaction"]["inbound"]["score"] == 70.0
    assert whole["satisfaction"]["inbound"]["met"] is True
    assert fy["satisfaction"]["inbound"] == fy["satisfaction"]["inbound"] | {
        "score": 63.33,
        "target": 70,
        "met": False,
        "responses": 2,
        "method": "mean",
    }
    assert fy["satisfaction"]["manual_review"]["score"] is None
    kpis = {k["id"]: k for k in fy["kpis"]}
    assert kpis["approval_requested"]["value"] == 80.0
    assert kpis["owner_notified"]["status"] == "not_met"
    assert kpis["register_updated"]["status"] == "met"  # uploaded 1 Aug 2025
    top2 = build_report(con, fiscal_year=2568, today=D(2025, 10, 15), method="top2")
    assert top2["satisfaction"]["inbound"]["score"] == 50.0
    assert top2["satisfaction"]["inbound"]["method"] == "top2"


def test_egov_uses_each_units_latest_assessment():
    con = open_store(":memory:")
    items = ["s1_information", "s2_forms", "s2_media", "s2_languages", "s2_interaction",
             "s3_survey", "s3_application", "s3_payment", "s3_end_to_end",
             "s4_exchange", "s4_one_stop"]  # fmt: skip

    def add(unit, day, yes):
        values = [unit, day, *(key in yes for key in items)]
        con.execute(
            f"INSERT INTO egov_assessments (unit, assessed_on, {', '.join(items)}) "
            f"VALUES ({', '.join('?' * len(values))})",
            values,
        )

    add("U1", D(2025, 2, 1), set(items))  # every stage 100 %
    add("U2", D(2024, 1, 1), set(items))  # older, superseded
    add("U2", D(2025, 1, 1), {"s1_information", "s2_forms", "s2_media", "s4_exchange"})
    egov = build_report(con, today=D(2025, 3, 1))["egov"]
    # U2: I 100, II 2/4 = 50, III 0, IV 1/2 = 50 → means with U1: 100, 75, 50, 75
    assert egov["stages"] == {"I": 100.0, "II": 75.0, "III": 50.0, "IV": 75.0}
    # 7 × 1 + 24 × 0.75 + 30 × 0.5 + 39 × 0.75 = 7 + 18 + 15 + 29.25 = 69.25
    assert egov["score"] == 69.25
    assert egov["units"] == 2
    # as of the end of FY 2567 (30 Sep 2024) only U2's older, complete assessment existed
    assert build_report(con, fiscal_year=2567, today=D(2025, 3, 1))["egov"]["score"] == 100.0


def test_report_command_prints_one_json_object(tmp_path, capsys):
    db = tmp_path / "m.duckdb"
    hand_store(str(db)).close()
    code, report = run(["report", "--db", str(db), "--fy", "2568", "--today", "2025-10-15"], capsys)
    assert code == 0
    assert report["fiscal_year"] == 2568
    assert report["satisfaction"]["inbound"]["score"] == 63.33
    code, thai = run(["report", "--db", str(db), "--fy", "๒๕๖๘", "--today", "15 ต.ค. 2568"], capsys)
    assert code == 0 and thai["fiscal_year"] == 2568 and thai["as_of"] == "2025-10-15"


def test_targets_and_milestones_from_the_command_line(tmp_path, capsys):
    db = str(tmp_path / "m.duckdb")
    hand_store(db).close()
    code, saved = run(["target", "set", "--db", db, "--fy", "2568", "--kpi",
                       "linkages_achieved", "--value", "1"], capsys)  # fmt: skip
    assert code == 0 and saved["target"] == 1
    code, saved = run(["milestone", "set", "--db", db, "--fy", "2568", "--id", "memo_sent",
                       "--done-on", "2025-03-10"], capsys)  # fmt: skip
    assert code == 0 and saved["done_on"] == "2025-03-10"
    code, report = run(["report", "--db", db, "--fy", "2568", "--today", "2025-10-15"], capsys)
    kpis = {k["id"]: k for k in report["kpis"]}
    assert (kpis["linkages_achieved"]["target"], kpis["linkages_achieved"]["status"]) == (1, "met")
    assert (kpis["memo_sent"]["value"], kpis["memo_sent"]["status"]) == ("2025-03-10", "met")
    code, listed = run(["target", "list", "--db", db], capsys)
    assert [t["kpi_id"] for t in listed["targets"]] == ["linkages_achieved"]
    code, listed = run(["milestone", "list", "--db", db, "--fy", "2568"], capsys)
    assert listed["milestones"][0]["milestone_id"] == "memo_sent"
    code, cleared = run(
        ["milestone", "clear", "--db", db, "--fy", "2568", "--id", "memo_sent"], capsys
    )
    assert cleared["removed"] == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["target", "set", "--fy", "2568", "--kpi", "no_such_kpi", "--value", "3"],
        ["target", "set", "--fy", "2568", "--kpi", "linkages_achieved", "--value", "many"],
        ["milestone", "set", "--fy", "2568", "--id", "nope", "--done-on", "2025-01-01"],
    ],
)
def test_refused_input_exits_2_with_a_message(tmp_path, capsys, argv):
    code, payload = run([*argv, "--db", str(tmp_path / "m.duckdb")], capsys)
    assert code == 2
    assert payload["error_th"] and payload["error_en"]


def test_python_dash_m_metrics_report_respects_linkage_db(tmp_path):
    db = tmp_path / "env.duckdb"
    hand_store(str(db)).close()
    result = subprocess.run(
        [sys.executable, "-m", "metrics", "report", "--today", "2025-10-15"],
        cwd=ROOT,
        env={**os.environ, "LINKAGE_DB": str(db)},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["register"]["linkages"] == 15
    assert report["whole_database"] is True
