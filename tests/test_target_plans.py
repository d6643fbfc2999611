"""Target bands, per-quarter targets and the cumulative plan, with figures worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.store import open_store
from metrics.targets import (
    TargetError,
    band_level,
    bands_for,
    clear_bands,
    clear_quarter_targets,
    cumulative_target,
    fiscal_months,
    planned_by,
    quarter_targets_for,
    set_bands,
    set_count_plan,
    set_quarter_targets,
    set_target,
    targets_for,
)


@pytest.fixture
def con():
    """A fresh in-memory store."""
    connection = open_store(":memory:")
    yield connection
    connection.close()


# ---------------------------------------------------------------- bands


def test_bands_are_stored_per_year_and_replaced(con):
    set_bands(con, fiscal_year=2569, kpi_id="linkages_achieved", minimum=10, good=15, excellent=18)
    set_bands(con, fiscal_year=2569, kpi_id="linkages_achieved", minimum=8, good=12, excellent=12)
    set_bands(con, fiscal_year=2568, kpi_id="linkages_achieved", minimum=1, good=2, excellent=3)
    assert bands_for(con, fiscal_year=2569) == {
        "linkages_achieved": {"minimum": 8.0, "good": 12.0, "excellent": 12.0}
    }
    assert bands_for(con, fiscal_year=2570) == {}
    assert bands_for(con, fiscal_year=None) == {}
    assert clear_bands(con, fiscal_year=2569, kpi_id="linkages_achieved") == 1
    assert bands_for(con, fiscal_year=2569) == {}
    assert bands_for(con, fiscal_year=2568)["linkages_achieved"]["excellent"] == 3.0


def test_satisfaction_bands_including_the_62_target_id(con):
    set_bands(
        con, fiscal_year=2569, kpi_id="outbound_satisfaction", minimum=60, good=70, excellent=85
    )
    set_bands(
        con, fiscal_year=2569, kpi_id="inbound_satisfaction", minimum=0, good=70, excellent=100
    )
    assert set(bands_for(con, fiscal_year=2569)) == {
        "outbound_satisfaction",
        "inbound_satisfaction",
    }


@pytest.mark.parametrize(
    ("kpi_id", "levels", "fragment"),
    [
        ("linkages_achieved", (15, 10, 18), "minimum ≤ good ≤ excellent"),
        ("linkages_achieved", (-1, 10, 18), "non-negative"),
        ("inbound_satisfaction", (60, 80, 101), "at most 100"),
        ("approval_requested", (90, 95, "lots"), "non-negative"),
        ("memo_sent", (1, 2, 3), "takes no target bands"),  # a milestone has no number to band
        ("no_such_kpi", (1, 2, 3), "takes no target bands"),
    ],
)
def test_bands_refused(con, kpi_id, levels, fragment):
    low, mid, high = levels
    with pytest.raises(TargetError) as refused:
        set_bands(con, fiscal_year=2569, kpi_id=kpi_id, minimum=low, good=mid, excellent=high)
    assert fragment in refused.value.en
    assert refused.value.th
    assert bands_for(con, fiscal_year=2569) == {}


def test_bands_refuse_a_ce_year(con):
    with pytest.raises(TargetError):
        set_bands(con, fiscal_year=2026, kpi_id="linkages_achieved", minimum=1, good=2, excellent=3)


def test_a_count_band_may_exceed_100(con):
    set_bands(con, fiscal_year=2569, kpi_id="partners_listed", minimum=100, good=150, excellent=200)
    assert bands_for(con, fiscal_year=2569)["partners_listed"]["excellent"] == 200.0


@pytest.mark.parametrize(
    ("value", "level"),
    [
        (0, "below"),
        (9.99, "below"),
        (10, "minimum"),  # each threshold opens its band
        (14, "minimum"),
        (15, "good"),
        (17.9, "good"),
        (18, "excellent"),
        (40, "excellent"),
        (None, None),
        (float("nan"), None),
    ],
)
def test_band_level_edges(value, level):
    assert band_level(value, {"minimum": 10, "good": 15, "excellent": 18}) == level


def test_band_level_without_bands():
    assert band_level(12, None) is None
    assert band_level(12, {}) is None


# ---------------------------------------------------------------- quarter targets


def test_quarter_targets_round_trip_and_clear(con):
    set_quarter_targets(con, fiscal_year=2569, kpi_id="linkages_achieved", targets=[3, 4, 4, 4])
    set_quarter_targets(con, fiscal_year=2569, kpi_id="data_in_use", targets=[0, 1, 1, 2.5])
    assert quarter_targets_for(con, fiscal_year=2569) == {
        "linkages_achieved": (3.0, 4.0, 4.0, 4.0),
        "data_in_use": (0.0, 1.0, 1.0, 2.5),
    }
    assert clear_quarter_targets(con, fiscal_year=2569, kpi_id="linkages_achieved") == 4
    assert set(quarter_targets_for(con, fiscal_year=2569)) == {"data_in_use"}


@pytest.mark.parametrize(
    ("kpi_id", "targets", "fragment"),
    [
        ("linkages_achieved", [1, 2, 3], "each of the 4 quarters"),
        ("linkages_achieved", [1, 2, 3, -4], "non-negative"),
        ("inbound_satisfaction", [80, 80, 80, 80], "takes no quarter targets"),
    ],
)
def test_quarter_targets_refused(con, kpi_id, targets, fragment):
    with pytest.raises(TargetError) as refused:
        set_quarter_targets(con, fiscal_year=2569, kpi_id=kpi_id, targets=targets)
    assert fragment in refused.value.en
    assert quarter_targets_for(con, fiscal_year=2569) == {}


def test_count_plan_takes_the_quarters_sum_as_year_target_when_none_given(con):
    saved = set_count_plan(
        con, fiscal_year=2569, kpi_id="linkages_achieved", annual=None, quarters=[3, 4, 4, 4]
    )
    assert saved["annual"] == 15.0  # 3 + 4 + 4 + 4
    assert targets_for(con, fiscal_year=2569) == {"linkages_achieved": 15.0}
    set_count_plan(con, fiscal_year=2569, kpi_id="linkages_achieved", annual=20, quarters=[5] * 4)
    assert targets_for(con, fiscal_year=2569) == {"linkages_achieved": 20.0}


def test_count_plan_refuses_a_bad_year_target_before_storing_anything(con):
    with pytest.raises(TargetError):
        set_count_plan(
            con, fiscal_year=2569, kpi_id="linkages_achieved", annual=-1, quarters=[1, 1, 1, 1]
        )
    assert quarter_targets_for(con, fiscal_year=2569) == {}
    assert targets_for(con, fiscal_year=2569) == {}


# ---------------------------------------------------------------- cumulative plan


def test_fiscal_months_run_october_to_september():
    months = fiscal_months(2569)  # FY 2569 = 1 Oct 2025 – 30 Sep 2026
    assert len(months) == 12
    assert months[0] == dt.date(2025, 10, 31)
    assert months[3] == dt.date(2026, 1, 31)
    assert months[4] == dt.date(2026, 2, 28)
    assert months[-1] == dt.date(2026, 9, 30)


def test_cumulative_target_from_a_year_target_is_spread_evenly():
    plan = cumulative_target(2569, annual=12)
    assert list(plan["target"]) == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0]
    assert list(plan["quarter"]) == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]
    assert list(plan["month"][plan["quarter_end"]]) == [3, 6, 9, 12]


def test_cumulative_target_follows_the_quarters_over_a_year_target():
    # Q1 3 (1 a month), Q2 3 (1 a month), Q3 nothing, Q4 6 (2 a month); the 100 is ignored.
    plan = cumulative_target(2569, annual=100, quarters=[3, 3, 0, 6])
    assert list(plan["target"]) == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 6.0, 6.0, 6.0, 8.0, 10.0, 12.0]


def test_cumulative_target_of_uneven_quarters_is_rounded_to_four_places():
    plan = cumulative_target(2569, quarters=[1, 0, 0, 0])
    assert list(plan["target"][:3]) == [0.3333, 0.6667, 1.0]


def test_no_plan_no_cumulative_target():
    plan = cumulative_target(2569)
    assert plan["target"].isna().all()
    assert planned_by(2569, dt.date(2026, 1, 1)) is None


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 9, 30), 0.0),  # the day before FY 2569
        (dt.date(2025, 10, 31), 1.0),  # end of October: 1 of 12
        (dt.date(2025, 11, 15), 1.5),  # 1 + (2 − 1) × 15/30
        (dt.date(2026, 2, 28), 5.0),
        (dt.date(2026, 9, 30), 12.0),
        (dt.date(2027, 1, 1), 12.0),  # after the year: the whole plan
    ],
)
def test_planned_by_a_year_target(day, expected):
    assert planned_by(2569, day, annual=12) == expected


def test_planned_by_quarter_targets_pro_rata_in_the_month():
    # June ends at 6, July at 8: on 16 July, 6 + 2 × 16/31 = 7.032258… → 7.0323.
    assert planned_by(2569, dt.date(2026, 7, 16), quarters=[3, 3, 0, 6]) == 7.0323
    # April to May both at 6: nothing planned in Q3.
    assert planned_by(2569, dt.date(2026, 5, 16), quarters=[3, 3, 0, 6]) == 6.0


def test_year_target_of_metrics_targets_is_unchanged_by_bands(con):
    set_target(con, fiscal_year=2569, kpi_id="linkages_achieved", target=12)
    set_bands(con, fiscal_year=2569, kpi_id="linkages_achieved", minimum=8, good=12, excellent=15)
    assert targets_for(con, fiscal_year=2569) == {"linkages_achieved": 12.0}
