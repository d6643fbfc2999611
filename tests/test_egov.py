"""e-Gov stage completion and score; every expected figure is worked out by hand."""

from __future__ import annotations

import copy
import json
from fractions import Fraction
from pathlib import Path

import pytest

from metrics.egov import (
    EgovError,
    EgovStagesError,
    egov_score,
    group_completion,
    group_completion_exact,
    load_stage_definition,
    missing_items_ranked,
    reference_rows,
    unit_stage_completion,
    validate_stage_definition,
    what_if,
)

ITEMS = [  # TEMPLATES.md §4, in template order
    "s1_information",
    "s2_forms",
    "s2_media",
    "s2_languages",
    "s2_interaction",
    "s3_survey",
    "s3_application",
    "s3_payment",
    "s3_end_to_end",
    "s4_exchange",
    "s4_one_stop",
]
UN_2012 = {"I": 100, "II": 55, "III": 31, "IV": 39}
KU_INOVA_2013 = {"I": 100, "II": 81, "III": 33, "IV": 22}


def unit(name: str, *provided: str) -> dict[str, object]:
    """A template row for one unit with the named sub-items present, the rest absent."""
    return {"unit": name} | {item: item in provided for item in ITEMS}


EVERYTHING = unit("all", *ITEMS)
NOTHING = unit("none")


def test_stage_file_holds_the_seed_weights_and_template_keys():
    definition = load_stage_definition()
    stages = definition["stages"]
    assert [(s["key"], s["weight"]) for s in stages] == [
        ("I", 7),
        ("II", 24),
        ("III", 30),
        ("IV", 39),
    ]
    assert [item["key"] for s in stages for item in s["items"]] == ITEMS
    assert stages[3]["name"] == {
        "th": "ระดับการเชื่อมโยงข้อมูลและธุรกรรมออนไลน์ข้ามหน่วยงาน",
        "en": "Connected services",
    }


def test_un_2012_scores_44_71():
    # 7·1.00 + 24·0.55 + 30·0.31 + 39·0.39 = 7 + 13.2 + 9.3 + 15.21
    assert egov_score(UN_2012) == 44.71


def test_ku_inova_2013_scores_44_92():
    # 7 + 24·0.81 + 30·0.33 + 39·0.22 = 7 + 19.44 + 9.9 + 8.58
    assert egov_score(KU_INOVA_2013) == 44.92


def test_reference_rows_are_the_two_seed_benchmarks():
    rows = reference_rows()
    assert [(r["source"]["en"], r["stages"], r["score"]) for r in rows] == [
        ("UN survey 2012", UN_2012, 44.71),
        ("KU-INOVA survey 2013", KU_INOVA_2013, 44.92),
    ]
    assert [r["published_score"] for r in rows] == [45, 45]


def test_reference_rows_hand_out_copies():
    reference_rows()[0]["stages"]["II"] = 0
    assert reference_rows()[0]["stages"]["II"] == 55


def test_a_unit_with_nothing_scores_0():
    assert unit_stage_completion(NOTHING) == {"I": 0.0, "II": 0.0, "III": 0.0, "IV": 0.0}
    assert egov_score(unit_stage_completion(NOTHING)) == 0.0


def test_a_unit_with_everything_scores_100():
    assert unit_stage_completion(EVERYTHING) == {"I": 100.0, "II": 100.0, "III": 100.0, "IV": 100.0}
    assert egov_score(unit_stage_completion(EVERYTHING)) == 100.0


def test_each_sub_item_is_an_equal_share_of_its_stage():
    row = unit("part", "s1_information", "s2_forms", "s2_media", "s3_payment", "s4_exchange")
    # II 2 of 4, III 1 of 4, IV 1 of 2
    assert unit_stage_completion(row) == {"I": 100.0, "II": 50.0, "III": 25.0, "IV": 50.0}
    # 7 + 24·0.5 + 30·0.25 + 39·0.5 = 7 + 12 + 7.5 + 19.5
    assert egov_score(unit_stage_completion(row)) == 46.0


def test_blank_and_missing_answers_count_as_not_provided():
    row = {"unit": "blank", "s1_information": True, "s2_forms": None, "s2_media": float("nan")}
    assert unit_stage_completion(row) == {"I": 100.0, "II": 0.0, "III": 0.0, "IV": 0.0}


def test_a_text_answer_is_refused_rather_than_read_as_yes():
    with pytest.raises(EgovError, match="must be true/false, not the text 'no'"):
        unit_stage_completion({"s1_information": "no"})


def test_a_group_of_one_is_that_unit():
    row = unit("one", "s1_information", "s2_languages", "s3_survey", "s4_one_stop")
    assert group_completion([row]) == unit_stage_completion(row)


def test_a_group_averages_each_stage_over_its_units():
    half = unit("B", "s1_information")
    completion = group_completion([EVERYTHING, half])
    # I (100+100)/2, II (100+0)/2, III (100+0)/2, IV (100+0)/2
    assert completion == {"I": 100.0, "II": 50.0, "III": 50.0, "IV": 50.0}
    assert egov_score(completion) == 53.5  # 7 + 12 + 15 + 19.5


def test_a_group_of_three_keeps_thirds_unrounded():
    completion = group_completion([EVERYTHING, NOTHING, unit("also none")])
    assert completion["II"] == pytest.approx(100 / 3)
    assert egov_score(completion) == 33.33  # 100 / 3


def test_a_group_score_on_exact_means_rounds_half_up():
    # 12 units: II 30 of 48 sub-items, III 20 of 48, IV 9 of 24 (every unit has Stage I).
    # 7 + 24·30/48 + 30·20/48 + 39·9/24 = 7 + 15 + 12.5 + 14.625 = 49.125 → 49.13 half up.
    # III's mean 41.666… as a float gives 49.12499…, which would round down to 49.12.
    ii = ["s2_forms", "s2_media", "s2_languages", "s2_interaction"]
    iii = ["s3_survey", "s3_application", "s3_payment", "s3_end_to_end"]
    iv = ["s4_exchange", "s4_one_stop"]
    group = (
        [unit("a0", "s1_information", *ii, *iii, *iv) for _ in range(4)]
        + [unit("a4", "s1_information", *ii, *iii, "s4_exchange")]
        + [unit("a5", "s1_information", *ii)]
        + [unit(f"b{k}", "s1_information", "s2_forms", "s2_media") for k in range(3)]
        + [unit(f"c{k}", "s1_information") for k in range(3)]
    )
    exact_means = group_completion_exact(group)
    assert exact_means == {
        "I": 100,
        "II": Fraction(125, 2),
        "III": Fraction(125, 3),
        "IV": Fraction(75, 2),
    }
    assert egov_score(exact_means) == 49.13
    assert group_completion(group)["III"] == pytest.approx(125 / 3)


def test_an_empty_group_is_refused():
    with pytest.raises(EgovError, match="no units to average"):
        group_completion([])


def test_what_if_stage_ii_reaches_100_from_the_un_row():
    # 44.71 + 24·(1.00 − 0.55) = 44.71 + 10.8
    scenario = what_if(UN_2012, {"II": 100})
    assert scenario["baseline"] == 44.71
    assert scenario["score"] == 55.51
    assert scenario["gain"] == 10.8
    assert scenario["stages"] == {"I": 100.0, "II": 100.0, "III": 31.0, "IV": 39.0}


def test_what_if_refuses_an_unknown_stage_or_a_percent_out_of_range():
    with pytest.raises(EgovError, match="unknown stage V"):
        what_if(UN_2012, {"V": 100})
    with pytest.raises(EgovError, match="stage II needs a percent from 0 to 100, got 120"):
        what_if(UN_2012, {"II": 120})


def test_score_refuses_a_missing_stage():
    with pytest.raises(EgovError, match="stage IV needs a percent from 0 to 100, got None"):
        egov_score({"I": 100, "II": 55, "III": 31})


def test_missing_items_ranked_by_points_added_to_the_group_score():
    group = [EVERYTHING, unit("B", "s1_information")]
    ranked = missing_items_ranked(group, "B")
    # two units: IV item 39·½÷2 = 9.75, III item 30·¼÷2 = 3.75, II item 24·¼÷2 = 3.0
    assert [(r["key"], r["points"]) for r in ranked] == [
        ("s4_exchange", 9.75),
        ("s4_one_stop", 9.75),
        ("s3_survey", 3.75),
        ("s3_application", 3.75),
        ("s3_payment", 3.75),
        ("s3_end_to_end", 3.75),
        ("s2_forms", 3.0),
        ("s2_media", 3.0),
        ("s2_languages", 3.0),
        ("s2_interaction", 3.0),
    ]
    assert ranked[0]["stage"] == "IV"
    assert ranked[0]["label"]["th"] == "แลกเปลี่ยนข้อมูลอัตโนมัติ"


def test_adding_the_top_missing_item_raises_the_group_score_by_its_points():
    group = [EVERYTHING, unit("B", "s1_information")]
    before = egov_score(group_completion(group))
    improved = [EVERYTHING, unit("B", "s1_information", "s4_exchange")]
    after = egov_score(group_completion(improved))
    assert after - before == pytest.approx(9.75)  # 53.5 → 63.25


def test_a_unit_with_everything_misses_nothing():
    assert missing_items_ranked([EVERYTHING, NOTHING], "all") == []


def test_missing_items_refuses_an_unknown_or_repeated_unit():
    with pytest.raises(EgovError, match="unit 'X' appears 0 times"):
        missing_items_ranked([EVERYTHING], "X")
    with pytest.raises(EgovError, match="unit 'all' appears 2 times"):
        missing_items_ranked([EVERYTHING, EVERYTHING], "all")


# --- stage definition files -------------------------------------------------------------


def test_a_revised_definition_needs_no_code_change():
    revised = {
        "stages": [
            {
                "key": "A",
                "weight": 40,
                "name": {"th": "ก", "en": "A"},
                "items": [{"key": "a1", "label": {"th": "ก1", "en": "a1"}}],
            },
            {
                "key": "B",
                "weight": 60,
                "name": {"th": "ข", "en": "B"},
                "items": [
                    {"key": "b1", "label": {"th": "ข1", "en": "b1"}},
                    {"key": "b2", "label": {"th": "ข2", "en": "b2"}},
                    {"key": "b3", "label": {"th": "ข3", "en": "b3"}},
                ],
            },
        ]
    }
    definition = validate_stage_definition(revised)
    row = {"a1": True, "b1": True}
    assert unit_stage_completion(row, definition=definition) == pytest.approx(
        {"A": 100.0, "B": 100 / 3}
    )
    # 40 + 60 / 3 = 60
    assert egov_score({"A": 100, "B": 100 / 3}, definition=definition) == 60.0


def _shipped() -> dict:
    return copy.deepcopy(load_stage_definition())


def _with_weight_40(definition):
    definition["stages"][3]["weight"] = 40
    return definition


def _with_repeated_item(definition):
    definition["stages"][2]["items"][0]["key"] = "s2_forms"
    return definition


def _without_english_name(definition):
    del definition["stages"][1]["name"]["en"]
    return definition


def _with_repeated_stage(definition):
    definition["stages"][1]["key"] = "I"
    return definition


@pytest.mark.parametrize(
    ("breakage", "fragment"),
    [
        (_with_weight_40, "stages: stage weights must sum to 100, they sum to 101"),
        (_with_repeated_item, "stages[2] (III): items[0]: duplicate sub-item key 's2_forms'"),
        (_without_english_name, "stages[1] (II): name: en is missing"),
        (_with_repeated_stage, "stages[1]: duplicate stage key 'I'"),
    ],
)
def test_a_malformed_stage_file_is_refused_naming_the_fault(tmp_path: Path, breakage, fragment):
    path = tmp_path / "stages.json"
    path.write_text(json.dumps(breakage(_shipped()), ensure_ascii=False), "utf-8")
    with pytest.raises(EgovStagesError) as caught:
        load_stage_definition(path)
    assert fragment in caught.value.en
    assert caught.value.th.startswith("stages.json")
