"""Partner-assessment frameworks and scoring; every expected figure is worked out by hand."""

from __future__ import annotations

import copy
import json
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from metrics.assessment import (
    FrameworkError,
    ScoreError,
    list_frameworks,
    load_framework,
    score,
    sensitivity,
    what_it_would_take,
)
from metrics.frameworks import validate_framework

PWO7 = load_framework("pwo7")
NHA14 = load_framework("nha14")
NHA_WEIGHTS = [15, 10, 20, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5]  # DOMAIN.md §4, in c1…c14 order
SEED_SCORES = [4, 4, 3, 4, 3, 4, 3]  # 4+4+3+4+3+4+3 = 25 of 35


def spread(total: int, count: int, low: int, high: int) -> list[int]:
    """Scores between low and high, filled from the first criterion, that add up to total."""
    scores = [low] * count
    rest = total - low * count
    for index in range(count):
        step = min(high - low, rest)
        scores[index] += step
        rest -= step
    assert rest == 0 and sum(scores) == total
    return scores


def fine_framework(scale_max: int) -> dict[str, Any]:
    """Ten criteria scored 0…scale_max with the shipped PWO bands: a finer ruler for boundaries."""
    label = {"th": "ทดสอบ", "en": "test"}
    return validate_framework(
        {
            "id": "fine",
            "name": label,
            "kind": "scored",
            "scale": {"min": 0, "max": scale_max},
            "groups": [{"key": "all", "label": label}],
            "criteria": [
                {"key": f"c{i}", "code": str(i), "group": "all", "label": label}
                for i in range(1, 11)
            ],
            "bands": copy.deepcopy(PWO7["bands"]),
        }
    )


# --- the shipped frameworks -------------------------------------------------------------


def test_pwo7_file_holds_the_seed_criteria_groups_and_bands():
    assert PWO7["kind"] == "scored"
    assert PWO7["scale"] == {"min": 1, "max": 5}
    assert [c["code"] for c in PWO7["criteria"]] == [
        "1.1",
        "1.2",
        "2.1",
        "2.2",
        "2.3",
        "3.1",
        "3.2",
    ]
    assert [c["key"] for c in PWO7["criteria"]] == [f"c{i}" for i in range(1, 8)]
    assert PWO7["criteria"][2]["label"]["th"] == "ความมั่นคงปลอดภัย"
    assert [g["key"] for g in PWO7["groups"]] == ["business", "technical", "financial"]
    assert [(b["key"], b["label"]["th"], b["min"], b["max"]) for b in PWO7["bands"]] == [
        ("lowest", "น้อยที่สุด", 0, 50),
        ("low", "น้อย", 50, 61),
        ("moderate", "ปานกลาง", 61, 71),
        ("high", "มาก", 71, 81),
        ("highest", "มากที่สุด", 81, 100),
    ]


def test_nha14_file_holds_the_seed_weights_groups_and_pass_mark():
    assert NHA14["kind"] == "weighted_yes_no"
    assert NHA14["pass_mark"] == 60
    assert [c["weight"] for c in NHA14["criteria"]] == NHA_WEIGHTS
    assert [c["group"] for c in NHA14["criteria"]] == (
        ["agency"] * 3 + ["security"] * 3 + ["readiness"] * 5 + ["benefit"] * 3
    )
    assert "ISO/IEC 27001" in NHA14["criteria"][3]["label"]["th"]


def test_list_frameworks_finds_both_shipped_files():
    assert [f["id"] for f in list_frameworks()] == ["nha14", "pwo7"]


def test_a_dropped_in_framework_file_is_listed_without_code(tmp_path: Path):
    own = copy.deepcopy(PWO7) | {"id": "agency_own"}
    (tmp_path / "agency_own.json").write_text(json.dumps(own, ensure_ascii=False), "utf-8")
    assert [f["id"] for f in list_frameworks(tmp_path)] == ["agency_own"]
    assert load_framework(tmp_path / "agency_own.json")["id"] == "agency_own"


def test_an_unknown_framework_id_is_refused():
    with pytest.raises(FrameworkError, match="no framework named 'pwo9'"):
        load_framework("pwo9")


# --- score ------------------------------------------------------------------------------


def test_seed_example_25_of_35_is_71_43_percent_high():
    result = score(PWO7, SEED_SCORES)
    assert result["percent"] == 71.43
    assert result["band"] == "high"
    assert result["band_label"] == {"th": "มาก", "en": "High"}
    assert (result["total"], result["max"]) == (25, 35)
    assert result["percent_exact"] == pytest.approx(71.428571, abs=1e-6)


def test_group_subtotals_of_the_seed_example():
    groups = {g["key"]: g for g in score(PWO7, SEED_SCORES)["groups"]}
    # business 4+4 of 10; technical 3+4+3 of 15; financial 4+3 of 10
    assert (groups["business"]["total"], groups["business"]["max"]) == (8, 10)
    assert groups["business"]["percent"] == 80.0
    assert (groups["technical"]["total"], groups["technical"]["max"]) == (10, 15)
    assert groups["technical"]["percent"] == 66.67
    assert (groups["financial"]["total"], groups["financial"]["max"]) == (7, 10)
    assert groups["financial"]["percent"] == 70.0


def test_scores_may_come_as_a_row_keyed_by_criterion():
    row = {f"c{i}": s for i, s in enumerate(SEED_SCORES, start=1)} | {"assessment_id": "A-1"}
    assert score(PWO7, row)["percent"] == 71.43


@pytest.mark.parametrize(
    ("total", "percent", "band"),
    [
        (7, 20.0, "lowest"),  # all ones: 7/35
        (17, 48.57, "lowest"),  # 17/35 = 48.571
        (18, 51.43, "low"),  # 18/35 = 51.429
        (21, 60.0, "low"),  # 21/35 = 60.000
        (22, 62.86, "moderate"),  # 22/35 = 62.857
        (24, 68.57, "moderate"),  # 24/35 = 68.571
        (25, 71.43, "high"),
        (28, 80.0, "high"),  # 28/35 = 80.000
        (29, 82.86, "highest"),  # 29/35 = 82.857
        (35, 100.0, "highest"),
    ],
)
def test_pwo7_totals_either_side_of_each_band(total: int, percent: float, band: str):
    result = score(PWO7, spread(total, 7, 1, 5))
    assert (result["percent"], result["band"]) == (percent, band)


@pytest.mark.parametrize(
    ("total", "percent", "band"),
    [
        (0, 0.0, "lowest"),
        (4999, 49.99, "lowest"),
        (5000, 50.0, "low"),
        (6099, 60.99, "low"),
        (6100, 61.0, "moderate"),
        (7099, 70.99, "moderate"),
        (7100, 71.0, "high"),
        (8099, 80.99, "high"),
        (8100, 81.0, "highest"),
        (10000, 100.0, "highest"),
    ],
)
def test_every_band_boundary_exactly_and_just_below(total: int, percent: float, band: str):
    # ten criteria scored 0…1000: the maximum is 10 000, so percent = total / 100
    result = score(fine_framework(1000), spread(total, 10, 0, 1000))
    assert (result["percent"], result["band"]) == (percent, band)


def test_band_is_decided_on_the_unrounded_percent():
    # 12 199 of 20 000 = 60.995 %: shown as 61.0 but still below 61, so "low"
    result = score(fine_framework(2000), spread(12199, 10, 0, 2000))
    assert result["percent"] == 61.0
    assert result["band"] == "low"


def test_nha14_passes_at_exactly_60():
    result = score(NHA14, [1] * 6 + [0] * 8)  # 15+10+20+5+5+5 = 60
    assert (result["percent"], result["passed"], result["total"]) == (60.0, True, 60)


def test_nha14_fails_at_55():
    result = score(NHA14, [1] * 5 + [0] * 9)  # 15+10+20+5+5 = 55
    assert (result["percent"], result["passed"]) == (55.0, False)


def test_nha14_group_subtotals():
    groups = {g["key"]: g for g in score(NHA14, [1] * 5 + [0] * 9)["groups"]}
    assert (groups["agency"]["total"], groups["agency"]["max"]) == (45, 45)
    assert (groups["security"]["total"], groups["security"]["max"]) == (10, 15)
    assert (groups["readiness"]["total"], groups["readiness"]["max"]) == (0, 25)


def test_nha14_accepts_booleans():
    assert score(NHA14, [True] * 6 + [False] * 8)["passed"] is True


@pytest.mark.parametrize(
    ("framework", "scores", "fragment"),
    [
        (PWO7, [4, 4, 3, 4, 3, 4], "needs 7 scores, got 6"),
        (PWO7, [4, 4, 3, 4, 3, 4, 3, 3], "needs 7 scores, got 8"),
        (NHA14, [1] * 13, "needs 14 scores, got 13"),
        (PWO7, [4, 4, 3, 4, 3, 4, 6], "3.2 (c7) must be between 1 and 5, got 6"),
        (PWO7, [0, 4, 3, 4, 3, 4, 3], "1.1 (c1) must be between 1 and 5, got 0"),
        (NHA14, [2] + [0] * 13, "1.1 (c1) must be between 0 and 1, got 2"),
        (NHA14, [0] * 13 + [-1], "4.3 (c14) must be between 0 and 1, got -1"),
        (PWO7, [4, 4.5, 3, 4, 3, 4, 3], "1.2 (c2) must be a whole number, got 4.5"),
        (PWO7, [4, 4, None, 4, 3, 4, 3], "2.1 (c3) has no score"),
        (PWO7, [4, 4, float("nan"), 4, 3, 4, 3], "2.1 (c3) has no score"),
        (PWO7, {"c1": 4, "c2": 4}, "2.1 (c3) has no score"),
        (PWO7, "4443434", "scores must be a list"),
    ],
)
def test_wrong_counts_and_out_of_range_scores_are_refused(framework, scores, fragment):
    with pytest.raises(ScoreError) as caught:
        score(framework, scores)
    assert fragment in caught.value.en
    assert caught.value.th and caught.value.th in str(caught.value)  # Thai beside English
    assert isinstance(caught.value, ValueError)


def test_refusal_message_is_bilingual():
    with pytest.raises(ScoreError) as caught:
        score(PWO7, [4, 4, 3])
    assert caught.value.th == "แบบประเมิน pwo7 ต้องมีคะแนน 7 ข้อ แต่ได้รับ 3 ข้อ"
    assert str(caught.value) == f"{caught.value.th} / {caught.value.en}"


# --- malformed framework files ----------------------------------------------------------


def _broken_nha(change):
    framework = copy.deepcopy(NHA14)
    change(framework)
    return framework


def _broken_pwo(change):
    framework = copy.deepcopy(PWO7)
    change(framework)
    return framework


def _set(path: list[Any], value: Any):
    def change(framework):
        holder = framework
        for step in path[:-1]:
            holder = holder[step]
        holder[path[-1]] = value

    return change


def _delete(path: list[Any]):
    def change(framework):
        holder = framework
        for step in path[:-1]:
            holder = holder[step]
        del holder[path[-1]]

    return change


@pytest.mark.parametrize(
    ("framework", "fragment"),
    [
        (
            _broken_nha(_set(["criteria", 13, "weight"], 10)),
            "bad.json: criteria: weights must sum to 100, they sum to 105",
        ),
        (
            _broken_nha(_set(["criteria", 13, "weight"], 0)),
            "bad.json: criteria[13] (c14): weight must be above 0, got 0",
        ),
        (
            _broken_nha(_set(["criteria", 4, "weight"], "5")),
            "criteria[4] (c5): weight must be a number, got '5'",
        ),
        (
            _broken_nha(_set(["criteria", 3, "key"], "c3")),
            "criteria[3]: duplicate criterion key 'c3' (also criteria[2])",
        ),
        (
            _broken_nha(_set(["criteria", 3, "key"], "c9")),
            "criteria[3]: key must be 'c4' (criteria are keyed c1…cN in order), got 'c9'",
        ),
        (
            _broken_nha(_set(["criteria", 1, "code"], "1.1")),
            "criteria[1] (c2): duplicate code '1.1' (also criteria[0])",
        ),
        (
            _broken_nha(_delete(["pass_mark"])),
            "bad.json: pass_mark is missing",
        ),
        (
            _broken_nha(_set(["pass_mark"], 120)),
            "pass_mark must be above 0 and at most 100, got 120",
        ),
        (
            _broken_nha(_set(["criteria", 0, "group"], "marketing")),
            "criteria[0] (c1): group 'marketing' is not one of the groups",
        ),
        (
            _broken_pwo(_set(["bands", 2, "min"], 62)),
            "bands: gap between 'low' (ends at 61) and 'moderate' (starts at 62)",
        ),
        (
            _broken_pwo(_set(["bands", 2, "min"], 60)),
            "bands: overlap between 'low' (ends at 61) and 'moderate' (starts at 60)",
        ),
        (
            _broken_pwo(_set(["bands", 0, "min"], 10)),
            "bands[0] (lowest): the first band must start at 0, got 10",
        ),
        (
            _broken_pwo(_set(["bands", 4, "max"], 99)),
            "bands[4] (highest): the last band must end at 100, got 99",
        ),
        (
            _broken_pwo(_set(["bands", 1, "key"], "lowest")),
            "bands[1]: duplicate band key 'lowest'",
        ),
        (
            _broken_pwo(_delete(["bands", 3, "label", "th"])),
            "bands[3] (high): label: th is missing",
        ),
        (
            _broken_pwo(_delete(["criteria", 2, "label", "en"])),
            "criteria[2] (c3): label: en is missing",
        ),
        (
            _broken_pwo(_set(["criteria", 2, "label"], "Security")),
            'criteria[2] (c3): label must be {"th": ..., "en": ...}',
        ),
        (
            _broken_pwo(_delete(["name", "th"])),
            "bad.json: name: th is missing",
        ),
        (
            _broken_pwo(_set(["kind"], "points")),
            "kind must be one of scored, weighted_yes_no, got 'points'",
        ),
        (
            _broken_pwo(_set(["scale", "max"], 1)),
            "scale: min (1) must be below max (1)",
        ),
        (
            _broken_pwo(_set(["criteria", 0, "weight"], 20)),
            "criteria[0] (c1): weight belongs only to a weighted_yes_no framework",
        ),
        (
            _broken_pwo(_set(["pass_mark"], 60)),
            "pass_mark belongs only to a weighted_yes_no framework",
        ),
        (
            _broken_pwo(_set(["groups", 2, "key"], "money")),
            "criteria[5] (c6): group 'financial' is not one of the groups",
        ),
        (
            _broken_nha(
                lambda f: f["criteria"].append(
                    copy.deepcopy(f["criteria"][-1]) | {"key": "c15", "code": "4.4"}
                )
            ),
            "at most 14 criteria (template columns c1…c14), got 15",
        ),
    ],
)
def test_malformed_framework_files_are_refused_naming_the_fault(
    tmp_path: Path, framework, fragment
):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(framework, ensure_ascii=False), "utf-8")
    with pytest.raises(FrameworkError) as caught:
        load_framework(path)
    assert fragment in caught.value.en
    assert caught.value.th.startswith("bad.json")


def test_invalid_json_is_refused_with_its_line(tmp_path: Path):
    path = tmp_path / "broken.json"
    path.write_text('{"id": "broken",\n "kind": }', "utf-8")
    with pytest.raises(FrameworkError, match="broken.json: invalid JSON at line 2"):
        load_framework(path)


def test_a_file_whose_id_differs_from_its_name_is_refused(tmp_path: Path):
    (tmp_path / "other.json").write_text(json.dumps(PWO7, ensure_ascii=False), "utf-8")
    with pytest.raises(FrameworkError, match="id must match the file name 'other', got 'pwo7'"):
        list_frameworks(tmp_path)


def test_a_group_without_criteria_is_refused():
    framework = copy.deepcopy(PWO7)
    framework["groups"].append({"key": "legal", "label": {"th": "ด้านกฎหมาย", "en": "Legal"}})
    with pytest.raises(FrameworkError, match="group 'legal' has no criteria"):
        validate_framework(framework)


# --- what it would take -----------------------------------------------------------------


def test_nha_cheapest_way_prefers_least_weight_then_fewest_criteria():
    # met c1 c2 c7 c8 = 15+10+5+5 = 35, short by 25: c3 (20) + c4 (5) beats five criteria of 5
    scores = [1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0]
    answer = what_it_would_take(NHA14, scores)
    assert answer["already_passes"] is False
    assert (answer["total"], answer["shortfall"]) == (35, 25)
    assert [c["key"] for c in answer["cheapest"]] == ["c3", "c4"]
    assert (answer["added_weight"], answer["total_after"]) == (25, 60)


def test_nha_one_criterion_of_10_beats_two_of_5():
    # met c1 c3 c4 c5 c6 = 15+20+5+5+5 = 50; c2 (10) alone reaches 60
    scores = [1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
    assert [c["key"] for c in what_it_would_take(NHA14, scores)["cheapest"]] == ["c2"]


def test_nha_at_55_the_earliest_criterion_of_5_closes_the_gap():
    answer = what_it_would_take(NHA14, [1] * 5 + [0] * 9)  # 55: c6 is the first unmet 5
    assert [c["key"] for c in answer["cheapest"]] == ["c6"]
    assert answer["cheapest"][0]["weight"] == 5


def test_nha_already_passing_at_exactly_60_hangs_on_every_met_criterion():
    answer = what_it_would_take(NHA14, [1] * 6 + [0] * 8)
    assert answer["already_passes"] is True
    assert answer["cheapest"] == []
    assert [c["key"] for c in answer["decisive"]] == ["c1", "c2", "c3", "c4", "c5", "c6"]


def test_nha_decisive_criteria_at_65():
    # c1…c7 = 65: dropping a 5 leaves 60 (still passes); dropping c1, c2 or c3 fails
    answer = what_it_would_take(NHA14, [1] * 7 + [0] * 7)
    assert [c["key"] for c in answer["decisive"]] == ["c1", "c2", "c3"]


def test_pwo_needs_a_total_of_25_to_reach_high_from_24():
    # 71 % of 35 = 24.85, so the next whole total is 25
    answer = what_it_would_take(PWO7, [4, 4, 3, 4, 3, 3, 3])  # 24 = 68.57 % moderate
    assert answer["band"] == "moderate"
    assert (answer["next_band"], answer["target_total"], answer["points_needed"]) == ("high", 25, 1)


def test_pwo_seed_example_needs_4_points_for_highest():
    # 81 % of 35 = 28.35 → 29; 29 − 25 = 4
    answer = what_it_would_take(PWO7, SEED_SCORES)
    assert (answer["next_band"], answer["target_total"], answer["points_needed"]) == (
        "highest",
        29,
        4,
    )
    assert answer["band_after"] == "highest"


def test_pwo_sources_list_headroom_lowest_score_first():
    answer = what_it_would_take(PWO7, [5, 2, 4, 1, 5, 3, 4])
    assert [(s["key"], s["score"], s["headroom"]) for s in answer["sources"]] == [
        ("c4", 1, 4),
        ("c2", 2, 3),
        ("c6", 3, 2),
        ("c3", 4, 1),
        ("c7", 4, 1),
    ]


def test_pwo_lowest_to_low_needs_18():
    answer = what_it_would_take(PWO7, spread(17, 7, 1, 5))  # 50 % of 35 = 17.5 → 18
    assert (answer["band"], answer["next_band"], answer["points_needed"]) == ("lowest", "low", 1)


def test_pwo_full_marks_is_already_highest():
    answer = what_it_would_take(PWO7, [5] * 7)
    assert answer["already_highest"] is True
    assert answer["points_needed"] == 0
    assert answer["sources"] == []


# --- sensitivity ------------------------------------------------------------------------

MOVED_WEIGHTS = [15, 10, 20, 0, 5, 5, 10, 5, 5, 5, 5, 5, 5, 5]  # 5 moved from c4 to c7


def test_sensitivity_flags_the_candidate_whose_pass_flips():
    candidates = {
        "at 60": [1] * 6 + [0] * 8,  # default 60 pass; moved 15+10+20+0+5+5 = 55 fail
        "everything": [1] * 14,  # 100 either way
        "c1 c2 c3 c7": [1, 1, 1, 0, 0, 0, 1] + [0] * 7,  # default 50, moved 55: fails both
    }
    rows = sensitivity(NHA14, candidates, MOVED_WEIGHTS)
    assert [(r["candidate"], r["flipped"]) for r in rows] == [
        ("at 60", True),
        ("everything", False),
        ("c1 c2 c3 c7", False),
    ]
    assert rows[0]["default"] == {"percent": 60.0, "passed": True}
    assert rows[0]["alternative"] == {"percent": 55.0, "passed": False}
    assert rows[2]["alternative"]["percent"] == 55.0


def test_sensitivity_takes_weights_keyed_by_criterion():
    weights = {f"c{i}": w for i, w in enumerate(MOVED_WEIGHTS, start=1)}
    rows = sensitivity(NHA14, {"at 60": [1] * 6 + [0] * 8}, weights)
    assert rows[0]["flipped"] is True


def test_sensitivity_on_a_scored_framework_compares_bands():
    # default 5+1·6 = 11 of 35 = 31.43 % lowest; all weight on c1: 100 × 5/5 = 100 % highest
    rows = sensitivity(PWO7, {"strong on 1.1": [5, 1, 1, 1, 1, 1, 1]}, [100, 0, 0, 0, 0, 0, 0])
    assert rows[0]["default"] == {"percent": 31.43, "band": "lowest"}
    assert rows[0]["alternative"] == {"percent": 100.0, "band": "highest"}
    assert rows[0]["flipped"] is True


@pytest.mark.parametrize(
    ("weights", "fragment"),
    [
        ([15, 10, 20, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4], "weights must sum to 100, they sum to 99"),
        ([10] * 10, "14 weights needed, got 10"),
        ([25, 10, 20, -5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5], "must not be negative"),
        (["15"] + [5] * 13, "weight for criterion 1.1 (c1) must be a number"),
    ],
)
def test_sensitivity_refuses_bad_weights(weights, fragment):
    with pytest.raises(ScoreError) as caught:
        sensitivity(NHA14, {"a": [1] * 14}, weights)
    assert fragment in caught.value.en


def test_sensitivity_names_the_candidate_with_bad_scores():
    with pytest.raises(ScoreError, match="Agency X: framework nha14 needs 14 scores, got 2"):
        sensitivity(NHA14, {"Agency X": [1, 1]}, NHA_WEIGHTS)


# --- properties -------------------------------------------------------------------------

pwo_scores = st.lists(st.integers(1, 5), min_size=7, max_size=7)
nha_scores = st.lists(st.integers(0, 1), min_size=14, max_size=14)


@settings(max_examples=60, deadline=None)
@given(pwo_scores, st.integers(0, 6), st.integers(1, 4))
def test_raising_a_pwo_score_never_lowers_the_percent(scores, index, rise):
    raised = list(scores)
    raised[index] = min(5, raised[index] + rise)
    assert score(PWO7, raised)["percent_exact"] >= score(PWO7, scores)["percent_exact"]


@settings(max_examples=60, deadline=None)
@given(nha_scores, st.integers(0, 13))
def test_raising_an_nha_answer_never_lowers_the_percent(scores, index):
    raised = list(scores)
    raised[index] = 1
    assert score(NHA14, raised)["percent_exact"] >= score(NHA14, scores)["percent_exact"]


# every subset of the 14 NHA criteria, as (added weight, number of criteria, criteria), once
ALL_SUBSETS = [
    (sum(NHA_WEIGHTS[i] for i in subset), len(subset), subset)
    for size in range(15)
    for subset in combinations(range(14), size)
]


@settings(max_examples=40, deadline=None)
@given(nha_scores)
def test_nha_answer_reaches_the_pass_mark_and_nothing_cheaper_does(scores):
    total = sum(w * s for w, s in zip(NHA_WEIGHTS, scores, strict=True))
    answer = what_it_would_take(NHA14, scores)
    chosen = tuple(int(c["key"][1:]) - 1 for c in answer["cheapest"])
    assert all(scores[i] == 0 for i in chosen)
    applied = [1 if i in chosen else s for i, s in enumerate(scores)]
    assert score(NHA14, applied)["passed"] is True
    met = {i for i, s in enumerate(scores) if s}
    reaching = [
        (weight, size, subset)
        for weight, size, subset in ALL_SUBSETS
        if not met.intersection(subset) and total + weight >= 60
    ]
    assert (sum(NHA_WEIGHTS[i] for i in chosen), len(chosen), chosen) == min(reaching)


@settings(max_examples=40, deadline=None)
@given(nha_scores)
def test_nha_decisive_criteria_are_exactly_those_whose_loss_fails(scores):
    answer = what_it_would_take(NHA14, scores)
    decisive = {c["key"] for c in answer["decisive"]}
    passes = score(NHA14, scores)["passed"]
    for index, value in enumerate(scores):
        without = list(scores)
        without[index] = 0
        loses = passes and value == 1 and not score(NHA14, without)["passed"]
        assert (f"c{index + 1}" in decisive) == loses


@settings(max_examples=60, deadline=None)
@given(pwo_scores)
def test_pwo_points_needed_from_the_sources_reach_the_next_band_and_one_fewer_does_not(scores):
    answer = what_it_would_take(PWO7, scores)
    if answer["already_highest"]:
        assert score(PWO7, scores)["band"] == "highest"
        return
    headroom = sum(s["headroom"] for s in answer["sources"])
    assert answer["points_needed"] <= headroom
    raised = list(scores)
    left = answer["points_needed"]
    for source in answer["sources"]:
        index = int(source["key"][1:]) - 1
        step = min(source["headroom"], left)
        raised[index] += step
        left -= step
    assert left == 0
    order = [b["key"] for b in PWO7["bands"]]
    reached = score(PWO7, raised)["band"]
    assert order.index(reached) >= order.index(answer["next_band"])
    one_short = spread(answer["target_total"] - 1, 7, 1, 5)
    assert score(PWO7, one_short)["band"] == answer["band"]
