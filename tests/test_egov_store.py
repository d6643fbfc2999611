"""e-Gov figures read from the store; every expected number is worked out by hand here."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import duckdb
import pytest

from loaders.importer import import_bytes
from loaders.store import open_store
from metrics.egov import what_if
from metrics.egov_store import (
    data_stamp,
    group_summary,
    item_names,
    latest_assessments,
    live_linkages,
    report_summary,
    score_trend,
    stage_iv_view,
    unit_missing_items,
    unit_scores,
    unit_sub_items,
    whatif_overrides,
    whatif_start,
)
from tests.egov_sheets import KU_INOVA_2013, UN_2012, egov_xlsx, units_matching

ITEMS = [
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
A_ITEMS = ("s1_information", "s2_forms", "s2_media", "s3_payment", "s4_exchange")
B_2567 = ("s1_information",)
B_2568 = (
    "s1_information",
    "s2_forms",
    "s2_media",
    "s2_languages",
    "s2_interaction",
    "s3_survey",
    "s4_exchange",
    "s4_one_stop",
)


def _assess(
    con: duckdb.DuckDBPyConnection, unit: str, day: dt.date | None, provided: tuple[str, ...]
) -> None:
    """Store one assessment row with the named sub-items ticked, the rest false."""
    columns = ", ".join(["unit", "assessed_on", *ITEMS, "updated_at"])
    marks = ", ".join(["?"] * (len(ITEMS) + 3))
    values = [unit, day, *[item in provided for item in ITEMS], dt.datetime(2025, 1, 1)]
    con.execute(f"INSERT INTO egov_assessments ({columns}) VALUES ({marks})", values)


def _link(con: duckdb.DuckDBPyConnection, linkage_id: str, method: str | None, status: str) -> None:
    """Store one register row with the given method and status."""
    con.execute(
        "INSERT INTO linkages (linkage_id, partner_name, direction, dataset, method, status)"
        " VALUES (?, 'กรมตัวอย่าง', 'outbound', 'ชุดข้อมูล', ?, ?)",
        [linkage_id, method, status],
    )


@pytest.fixture
def con(tmp_path: Path):
    """A store with two units: A assessed once (FY 2567), B in FY 2567 and again in FY 2568.

    A  : I 100, II 2/4 = 50, III 1/4 = 25, IV 1/2 = 50 → 7 + 12 + 7.5 + 19.5 = 46
    B67: I 100, nothing else                         → 7
    B68: I 100, II 100, III 1/4 = 25, IV 100          → 7 + 24 + 7.5 + 39 = 77.5
    """
    store = open_store(tmp_path / "egov.duckdb")
    _assess(store, "A", dt.date(2024, 8, 15), A_ITEMS)
    _assess(store, "B", dt.date(2024, 9, 1), B_2567)
    _assess(store, "B", dt.date(2025, 8, 20), B_2568)
    yield store
    store.close()


def test_current_group_uses_each_units_latest_assessment(con):
    latest = latest_assessments(con)
    assert list(latest["unit"]) == ["A", "B"]
    assert list(latest["assessed_on"]) == [dt.date(2024, 8, 15), dt.date(2025, 8, 20)]
    summary = group_summary(latest)
    # II (50 + 100) / 2, III (25 + 25) / 2, IV (50 + 100) / 2
    assert summary["stages"] == {"I": 100, "II": 75, "III": 25, "IV": 75}
    # 7 + 24·0.75 + 30·0.25 + 39·0.75 = 7 + 18 + 7.5 + 29.25
    assert summary["score"] == 61.75
    assert summary["units"] == 2
    assert summary["latest"] == dt.date(2025, 8, 20)


def test_as_of_a_day_the_earlier_assessment_counts(con):
    summary = group_summary(latest_assessments(con, as_of=dt.date(2025, 6, 30)))
    # II (50 + 0) / 2, III (25 + 0) / 2, IV (50 + 0) / 2 → 7 + 6 + 3.75 + 9.75
    assert summary["stages"] == {"I": 100, "II": 25, "III": Fraction(25, 2), "IV": 25}
    assert summary["score"] == 26.5


def test_trend_scores_the_group_at_each_fiscal_years_end(con):
    trend = score_trend(con)
    assert list(trend["fiscal_year"]) == [2567, 2568]
    assert list(trend["as_of"]) == [dt.date(2024, 9, 30), dt.date(2025, 9, 30)]
    assert list(trend["units"]) == [2, 2]
    assert list(trend["assessed_in_year"]) == [2, 1]  # A keeps its FY 2567 result in FY 2568
    assert list(trend["score"]) == [26.5, 61.75]
    assert list(trend["IV"]) == [25.0, 75.0]


def test_trend_matches_the_report_for_each_fiscal_year(con):
    for row in score_trend(con).itertuples():
        assert report_summary(con, fiscal_year=row.fiscal_year)["score"] == row.score
    assert report_summary(con)["score"] == group_summary(latest_assessments(con))["score"]


def test_trend_keeps_a_year_without_assessments_and_adds_late_units(con):
    _assess(con, "C", dt.date(2026, 11, 10), tuple(ITEMS))  # FY 2570, everything → 100
    trend = score_trend(con)
    assert list(trend["fiscal_year"]) == [2567, 2568, 2569, 2570]
    assert list(trend["assessed_in_year"]) == [2, 1, 0, 1]
    assert list(trend["units"]) == [2, 2, 2, 3]
    # FY 2570: II (50+100+100)/3, III (25+25+100)/3 = 50, IV (50+100+100)/3
    # 7 + 24·250/300 + 30·0.5 + 39·250/300 = 7 + 20 + 15 + 32.5
    assert list(trend["score"]) == [26.5, 61.75, 61.75, 74.5]


def test_an_undated_assessment_counts_only_when_the_unit_has_no_dated_one(con):
    _assess(con, "B", None, tuple(ITEMS))
    _assess(con, "D", None, ())  # nothing at all: every stage 0
    latest = latest_assessments(con)
    assert list(latest["unit"]) == ["A", "B", "D"]
    assert list(latest["assessed_on"]) == [dt.date(2024, 8, 15), dt.date(2025, 8, 20), None]
    summary = group_summary(latest)
    # I (100+100+0)/3; II (50+100+0)/3 = 50; III (25+25+0)/3; IV (50+100+0)/3 = 50
    # 7·2/3 + 12 + 30·(50/3)/100 + 19.5 = 4.666… + 12 + 5 + 19.5 = 41.1666… → 41.17
    assert summary["score"] == 41.17
    assert summary["latest"] == dt.date(2025, 8, 20)


def test_a_blank_answer_reads_as_not_provided(con):
    con.execute("UPDATE egov_assessments SET s2_forms = NULL WHERE unit = 'A'")
    latest = latest_assessments(con)
    assert latest.loc[latest["unit"] == "A", "s2_forms"].item() is False
    # A's II drops to 1/4 = 25: II (25 + 100) / 2 = 62.5 → 61.75 − 24·0.125 = 58.75
    assert group_summary(latest)["score"] == 58.75


def test_an_empty_store_gives_no_figures(tmp_path: Path):
    empty = open_store(tmp_path / "empty.duckdb")
    latest = latest_assessments(empty)
    assert latest.empty
    assert group_summary(latest) == {"stages": None, "score": None, "units": 0, "latest": None}
    assert score_trend(empty).empty
    assert live_linkages(empty).empty
    empty.close()


def test_each_units_stages_and_own_score(con):
    table = unit_scores(latest_assessments(con))
    assert table.to_dict("records") == [
        {
            "unit": "A",
            "assessed_on": dt.date(2024, 8, 15),
            "I": 100.0,
            "II": 50.0,
            "III": 25.0,
            "IV": 50.0,
            "score": 46.0,
        },
        {
            "unit": "B",
            "assessed_on": dt.date(2025, 8, 20),
            "I": 100.0,
            "II": 100.0,
            "III": 25.0,
            "IV": 100.0,
            "score": 77.5,
        },
    ]


def test_a_units_sub_items_in_stage_order_with_both_labels(con):
    items = unit_sub_items(latest_assessments(con), "A")
    assert list(items["key"]) == ITEMS
    assert [key for key, has in zip(items["key"], items["provided"], strict=True) if has] == list(
        A_ITEMS
    )
    exchange = items[items["key"] == "s4_exchange"].iloc[0]
    assert exchange["stage"] == "IV" and "label_th" not in items  # keys, never words
    assert item_names()["s4_exchange"] == {
        "th": "แลกเปลี่ยนข้อมูลอัตโนมัติ",
        "en": "Automatic data exchange",
    }


def test_missing_sub_items_ranked_with_the_score_each_gives(con):
    missing = unit_missing_items(latest_assessments(con), "A")
    # two units: a IV item adds 39·½÷2 = 9.75, a III item 30·¼÷2 = 3.75, a II item 24·¼÷2 = 3
    assert list(zip(missing["key"], missing["points"], strict=True)) == [
        ("s4_one_stop", 9.75),
        ("s3_survey", 3.75),
        ("s3_application", 3.75),
        ("s3_end_to_end", 3.75),
        ("s2_languages", 3.0),
        ("s2_interaction", 3.0),
    ]
    # 61.75 + 9.75, + 3.75, + 3
    assert list(missing["score_after"]) == [71.5, 65.5, 65.5, 65.5, 64.75, 64.75]
    assert item_names()[missing.iloc[0]["key"]]["th"] == "บริการเบ็ดเสร็จ ณ จุดเดียว"


def test_an_unknown_unit_is_refused(con):
    with pytest.raises(KeyError, match="'Z' appears 0 times"):
        unit_sub_items(latest_assessments(con), "Z")


def test_what_if_sliders_start_at_the_current_figures_and_move_only_what_was_moved(con):
    stages = group_summary(latest_assessments(con))["stages"]
    assert whatif_start(stages) == {"I": 100, "II": 75, "III": 25, "IV": 75}
    chosen = {"I": 100, "II": 100, "III": 25, "IV": 75}
    assert whatif_overrides(stages, chosen) == {"II": 100}
    scenario = what_if(stages, whatif_overrides(stages, chosen))
    # 61.75 + 24·(1.00 − 0.75) = 61.75 + 6
    assert (scenario["score"], scenario["gain"]) == (67.75, 6.0)


def test_an_unmoved_slider_keeps_the_exact_figure():
    stages = {"I": Fraction(100), "II": Fraction(125, 2), "III": Fraction(125, 3), "IV": 37.5}
    start = whatif_start(stages)
    assert start == {"I": 100, "II": 63, "III": 42, "IV": 38}  # 62.5 and 37.5 round half up
    assert whatif_overrides(stages, start) == {}
    # 7 + 15 + 12.5 + 14.625 = 49.125, and nothing moved: no gain
    assert what_if(stages, whatif_overrides(stages, start))["gain"] == 0.0
    assert what_if(stages, whatif_overrides(stages, start))["score"] == 49.13


def test_live_linkages_are_linked_or_in_use_and_automatic_by_method(con):
    _link(con, "L1", "rest", "linked")
    _link(con, "L2", "file", "in_use")
    _link(con, "L3", "gdx", "requested")
    _link(con, "L4", None, "linked")
    _link(con, "L5", "db_link", "cancelled")
    _link(con, "L6", "soap", "in_use")
    live = live_linkages(con)
    assert sorted(live["linkage_id"]) == ["L1", "L2", "L4", "L6"]
    assert dict(zip(live["linkage_id"], live["automatic"], strict=True)) == {
        "L1": True,
        "L2": False,
        "L4": False,
        "L6": True,
    }
    view = stage_iv_view(latest_assessments(con), live)
    assert (view["live"], view["automatic"]) == (4, 2)
    assert view["by_method"] == {"rest": 1, "file": 1, "unknown": 1, "soap": 1}
    assert view["exchange_units"] == ["A", "B"] and view["one_stop_units"] == ["B"]
    assert view["findings"] == []


def test_stage_iv_findings(con):
    _link(con, "L2", "file", "in_use")
    latest = latest_assessments(con)
    # A and B claim automatic exchange; only a file transfer is live
    assert stage_iv_view(latest, live_linkages(con))["findings"] == ["exchange_without_linkage"]
    _link(con, "L1", "gdx", "in_use")
    _assess(con, "E", dt.date(2025, 8, 1), ("s1_information", "s4_one_stop"))
    view = stage_iv_view(latest_assessments(con), live_linkages(con))
    assert view["findings"] == ["linkage_without_exchange", "one_stop_without_exchange"]
    assert view["no_exchange_units"] == ["E"]
    assert view["one_stop_without_exchange"] == ["E"]


def test_the_cache_stamp_moves_with_the_data(con):
    before = data_stamp(con)
    _link(con, "L1", "gdx", "in_use")
    assert data_stamp(con) != before


@pytest.mark.parametrize(
    ("percents", "score", "stage_ii_at_100"),
    [
        # 7 + 13.2 + 9.3 + 15.21; with II at 100: + 24·0.45 = 10.8
        (UN_2012, 44.71, 55.51),
        # 7 + 19.44 + 9.9 + 8.58; with II at 100: + 24·0.19 = 4.56
        (KU_INOVA_2013, 44.92, 49.48),
    ],
)
def test_an_imported_file_matching_a_seed_row_scores_like_it(
    tmp_path: Path, percents, score, stage_ii_at_100
):
    store = open_store(tmp_path / "seed.duckdb")
    result = import_bytes(store, egov_xlsx(units_matching(percents)), "egov_seed.xlsx")
    assert result.as_dict()["accepted"] == 100 and result.as_dict()["rejected"] == 0
    summary = group_summary(latest_assessments(store))
    assert summary["units"] == 100
    assert {key: float(value) for key, value in summary["stages"].items()} == percents
    assert summary["score"] == score
    assert what_if(summary["stages"], {"II": 100})["score"] == stage_ii_at_100
    assert list(score_trend(store)["score"]) == [score]  # one fiscal year: 2568
    store.close()
