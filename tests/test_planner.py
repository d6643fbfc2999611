"""The planner's figures: partners with linkages and history (imports included), lift, sensitivity."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from loaders.importer import import_bytes
from loaders.store import open_store
from metrics import planner
from metrics.assessment import load_framework, score
from metrics.assessment_store import save_assessment
from metrics.partners import (
    assessment_history,
    latest_assessments,
    partner_directory,
    partner_linkages,
)

PWO7 = load_framework("pwo7")
NHA14 = load_framework("nha14")


@pytest.fixture
def con():
    """An in-memory store with two linkages and two imported assessments of one partner."""
    connection = open_store(":memory:")
    register = (
        "รหัสการเชื่อมโยง,หน่วยงานคู่เชื่อมโยง,ทิศทางการเชื่อมโยง,ชุดข้อมูล,สถานะ\n"
        "L-1,กรมสรรพากร,outbound,ข้อมูลผู้เสียภาษี,in_use\n"
        "L-2,กรมสรรพากร,inbound,ข้อมูลที่อยู่อาศัย,requested\n"
        "L-3,กรมที่ดิน,outbound,ข้อมูลโฉนด,linked\n"
    )
    import_bytes(connection, register.encode("utf-8"), "register.csv", "register")
    criteria = ",".join(f"เกณฑ์ {i}" for i in range(1, 15))
    assessments = (
        f"รหัสการประเมิน,หน่วยงานที่ประเมิน,แบบประเมิน,วันที่ประเมิน,{criteria}\n"
        "A-1,กรมสรรพากร,pwo7,1 ต.ค. 2567,4,4,3,4,3,4,3,,,,,,,\n"
        "A-2,กรมสรรพากร,nha14,15/01/2568,1,1,1,1,1,0,0,0,0,0,0,0,0,0\n"
        "A-3,สำนักงานสถิติแห่งชาติ,nha14,1 ก.พ. 68,1,1,1,1,1,1,0,0,0,0,0,0,0,0\n"
    )
    result = import_bytes(connection, assessments.encode("utf-8"), "scores.csv", "assessments")
    assert result.as_dict()["accepted"] == 3
    yield connection
    connection.close()


def test_directory_lists_partners_of_the_register_and_of_assessments(con):
    directory = partner_directory(con).set_index("partner_name")
    assert directory.loc["กรมสรรพากร", ["linkages", "live_linkages", "assessments"]].tolist() == [
        2,
        1,
        2,
    ]
    assert directory.loc["กรมที่ดิน", "assessments"] == 0
    # Assessed but not (yet) in the register: still a partner the planner can pick.
    assert directory.loc["สำนักงานสถิติแห่งชาติ", "linkages"] == 0


def test_partner_linkages_are_that_partners_register_rows(con):
    linkages = partner_linkages(con, "กรมสรรพากร")
    assert linkages["linkage_id"].tolist() == ["L-1", "L-2"]
    assert linkages["status"].tolist() == ["in_use", "requested"]


def test_imported_assessments_are_in_the_history_scored_oldest_first(con):
    history = assessment_history(con, "กรมสรรพากร")
    assert history["assessment_id"].tolist() == ["A-1", "A-2"]
    assert history["assessed_on"].tolist() == [dt.date(2024, 10, 1), dt.date(2025, 1, 15)]
    # 25 of 35 = 71.43 % high; A-2: 15+10+20+5+5 = 55, below 60
    assert history["percent"].tolist() == [71.43, 55.0]
    assert history["outcome"].tolist() == ["high", "fail"]
    assert history["source"].tolist() == ["import", "import"]
    assert history["scores"].iloc[0] == [4, 4, 3, 4, 3, 4, 3]


def test_a_saved_assessment_joins_the_history_and_becomes_the_latest(con):
    save_assessment(con, "กรมสรรพากร", "nha14", [1] * 6 + [0] * 8, dt.date(2025, 3, 1))
    history = assessment_history(con, "กรมสรรพากร")
    assert history["source"].tolist() == ["import", "import", "planner"]
    assert history["outcome"].tolist()[-1] == "pass"  # 60: exactly the pass mark
    latest = latest_assessments(con, "nha14").set_index("partner_name")
    assert latest.loc["กรมสรรพากร", "percent"] == 60.0
    assert latest.loc["สำนักงานสถิติแห่งชาติ", "percent"] == 60.0


def test_a_row_the_engine_cannot_score_says_why(con):
    con.execute("UPDATE assessments SET c7 = NULL WHERE assessment_id = 'A-1'")
    history = assessment_history(con, "กรมสรรพากร").set_index("assessment_id")
    assert pd.isna(history.loc["A-1", "outcome"])
    assert pd.isna(history.loc["A-1", "percent"])
    assert "3.2 (c7) has no score" in history.loc["A-1", "problem_en"]


def test_lift_applies_what_it_would_take():
    # PWO 25/35 (high) needs 29 for highest: +2 on 2.1 (3→5), +2 on 2.3 (3→5)
    assert planner.lift(PWO7, [4, 4, 3, 4, 3, 4, 3]) == [4, 4, 5, 4, 5, 4, 3]
    # NHA 55: the earliest unmet criterion of weight 5 closes the gap
    assert planner.lift(NHA14, [1] * 5 + [0] * 9) == [1] * 6 + [0] * 8
    assert score(NHA14, planner.lift(NHA14, [0] * 14))["passed"] is True


def test_starting_scores_take_an_earlier_assessment_or_a_neutral_start():
    assert planner.starting_scores(PWO7) == [3] * 7
    assert planner.starting_scores(NHA14) == [0] * 14
    assert planner.starting_scores(PWO7, [5, 4, 3, 2, 1, 2, 3]) == [5, 4, 3, 2, 1, 2, 3]


def test_regions_are_the_bands_or_the_pass_mark():
    assert [(r["start"], r["end"]) for r in planner.regions(PWO7)] == [
        (0, 50),
        (50, 61),
        (61, 71),
        (71, 81),
        (81, 100),
    ]
    assert [(r["key"], r["start"]) for r in planner.regions(NHA14)] == [("fail", 0), ("pass", 60)]


def test_scenarios_compared_in_a_table_and_side_by_side():
    scenarios = [
        {
            "name": "A",
            "partner": "กรมสรรพากร",
            "framework": "pwo7",
            "scores": [4, 4, 3, 4, 3, 4, 3],
        },
        {"name": "B", "partner": "", "framework": "nha14", "scores": [1] * 6 + [0] * 8},
    ]
    table = planner.scenario_table({"pwo7": PWO7, "nha14": NHA14}, scenarios)
    assert table[["scenario", "framework", "percent", "outcome"]].values.tolist() == [
        ["A", "pwo7", 71.43, "high"],
        ["B", "nha14", 60.0, "pass"],
    ]  # keys, never words: the page names them
    assert [
        planner.outcome_label(PWO7, "high", "en"),
        planner.outcome_label(NHA14, "pass", "th"),
    ] == [
        "High",
        "ผ่าน",
    ]


def test_sensitivity_flags_flips_first_and_keeps_each_candidate_with_its_source():
    # Move 5 points from 1.3 to 4.3: a partner meeting 1.1–2.3 (60) drops to 55 and fails;
    # one meeting 1.1, 1.2, 2.1–4.3 (15+10+55 = 80) rises to 85 and still passes.
    weights = [15, 10, 15, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 10]
    candidates = [
        {"name": "X", "source": "stored", "scores": [1, 1, 0] + [1] * 11},
        {"name": "X", "source": "scenario", "scores": [1] * 6 + [0] * 8},
    ]
    table = planner.sensitivity_table(NHA14, candidates, weights)
    assert table[["candidate", "source"]].values.tolist() == [["X", "scenario"], ["X", "stored"]]
    assert table["flipped"].tolist() == [True, False]
    assert table.loc[0, ["default_percent", "alternative_percent"]].tolist() == [60.0, 55.0]
    assert table.loc[0, ["default_outcome", "alternative_outcome"]].tolist() == ["pass", "fail"]
    assert table.loc[1, ["default_percent", "alternative_percent"]].tolist() == [80.0, 85.0]


def test_weights_not_summing_to_100_are_refused_with_the_sum():
    assert planner.weights_total([15, 10, 20] + [5] * 11) == 100
    assert planner.refusal(NHA14, [15, 10, 20] + [5] * 11) is None
    problem = planner.refusal(NHA14, [15, 10, 15] + [5] * 11)
    assert "sum to 95" in problem.en and "95" in problem.th
    assert planner.weights_total([0.1, 0.2]) == 0.3


def test_an_agencys_own_framework_file_is_offered_and_a_broken_one_reported(tmp_path: Path):
    own = json.loads(json.dumps(NHA14)) | {"id": "myagency"}
    (tmp_path / "myagency.json").write_text(json.dumps(own), encoding="utf-8")
    broken = own | {"id": "broken", "pass_mark": 120}
    (tmp_path / "broken.json").write_text(json.dumps(broken), encoding="utf-8")
    loaded, refused = planner.available_frameworks(tmp_path)
    assert [f["id"] for f in loaded] == ["myagency"]
    assert len(refused) == 1 and "pass_mark must be above 0 and at most 100" in refused[0].en
