"""The strategic view's figures on a hand-made register, worked out in the comments.

FY 2568 runs 1 Oct 2024 – 30 Sep 2025 (month 1 = October … month 12 = September).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from loaders.store import open_store
from metrics.drilldown import achieved_rows
from metrics.filters import Filters
from metrics.fiscal import fiscal_year_progress
from metrics.kpi_registry import KPI_BY_ID
from metrics.kpis import (
    KpiResult,
    count_progress,
    cumulative_actual,
    display_status,
    evaluate_kpis,
    quarter_progress,
    status_counts,
)
from metrics.register import default_fiscal_year
from metrics.satisfaction import survey_rows
from metrics.targets import cumulative_target

# Outbound unless said. linkages_achieved (dated by linked_on) in FY 2568: A1 (15 Oct, month 1),
# A3 (5 Jan) and A2 (20 Jan, month 4), A4 (30 Sep, month 12) = 4; A5 went live on 1 Oct 2025
# (FY 2569), A6 is not live, I1 is inbound.
# partners_listed (distinct partners, dated by the first date filled — requested_on here):
# A1 asked on 1 Sep 2024 (FY 2567, out); A (A2, Nov), B (A3, Dec; A7 again in Apr), E (A6, Mar),
# C (A4, Jun), D (A5, Aug) = 5 partners.
LINKAGES = [
    # id, partner, direction, status, requested_on, linked_on, in_use_on
    ("A1", "Partner A", "outbound", "linked", "2024-09-01", "2024-10-15", None),
    ("A2", "Partner A", "outbound", "in_use", "2024-11-01", "2025-01-20", "2025-02-10"),
    ("A3", "Partner B", "outbound", "linked", "2024-12-01", "2025-01-05", None),
    ("A4", "Partner C", "outbound", "linked", "2025-06-01", "2025-09-30", None),
    ("A5", "Partner D", "outbound", "linked", "2025-08-01", "2025-10-01", None),
    ("A6", "Partner E", "outbound", "requested", "2025-03-01", None, None),
    ("A7", "Partner B", "outbound", "requested", "2025-04-01", None, None),
    ("I1", "Partner F", "inbound", "linked", "2024-12-15", "2025-01-01", None),
]
SURVEYS = [
    # id, process, group, answered_on, q1, q2
    ("S1", "inbound", "internal", "2025-01-10", 5, 4),
    ("S2", "inbound", "external", "2025-02-10", 3, None),
    ("S3", "inbound", None, "2025-03-10", 4, 4),
    ("S4", "inbound", "internal", "2025-10-10", 1, 1),  # FY 2569
    ("S5", "outbound", "internal", "2025-01-10", 2, 2),
]
FY = 2568
ALL = Filters()


@pytest.fixture
def con():
    """A store holding the register and the survey responses above."""
    connection = open_store(":memory:")
    for row in LINKAGES:
        connection.execute(
            "INSERT INTO linkages (linkage_id, partner_name, direction, status, requested_on, "
            "linked_on, in_use_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, TIMESTAMP '2025-10-05')",
            list(row),
        )
    for row in SURVEYS:
        connection.execute(
            "INSERT INTO survey_responses (response_id, process, respondent_group, answered_on, "
            "q1, q2) VALUES (?, ?, ?, ?, ?, ?)",
            list(row),
        )
    yield connection
    connection.close()


# ---------------------------------------------------------------- which year, how far into it


def test_the_chosen_year_wins(con):
    assert default_fiscal_year(con, chosen=2567, today=dt.date(2025, 2, 1)) == (2567, "chosen")


def test_latest_year_with_data_up_to_today(con):
    # Up to 30 Sep 2025 the latest date is A4's go-live that day → FY 2568.
    assert default_fiscal_year(con, chosen=None, today=dt.date(2025, 9, 30)) == (
        2568,
        "latest_with_data",
    )
    # From 1 Oct 2025 A5's go-live counts → FY 2569.
    assert default_fiscal_year(con, chosen=None, today=dt.date(2025, 10, 1)) == (
        2569,
        "latest_with_data",
    )


def test_an_empty_store_shows_the_current_year():
    empty = open_store(":memory:")
    assert default_fiscal_year(empty, chosen=None, today=dt.date(2026, 11, 23)) == (2570, "current")
    empty.close()


def test_fiscal_year_progress():
    # 1 Oct 2024 … 15 Feb 2025: 31 + 30 + 31 + 31 + 15 = 138 days of 365 → 37.8 %.
    running = fiscal_year_progress(2568, dt.date(2025, 2, 15))
    assert running["days_total"] == 365
    assert running["days_elapsed"] == 138
    assert running["days_left"] == 227
    assert running["percent_elapsed"] == 37.8
    assert running["state"] == "running"
    assert fiscal_year_progress(2568, dt.date(2024, 9, 30))["days_elapsed"] == 0
    assert fiscal_year_progress(2568, dt.date(2024, 9, 30))["state"] == "future"
    ended = fiscal_year_progress(2568, dt.date(2026, 1, 1))
    assert (ended["percent_elapsed"], ended["state"]) == (100.0, "ended")
    # FY 2567 (1 Oct 2023 – 30 Sep 2024) holds 29 Feb 2024: 366 days.
    assert fiscal_year_progress(2567, dt.date(2024, 9, 30))["days_total"] == 366


# ---------------------------------------------------------------- 6.2 counts month by month


def test_linkages_achieved_by_month(con):
    frame = cumulative_actual(
        con, "linkages_achieved", filters=ALL, fiscal_year=FY, today=dt.date(2026, 1, 1)
    )
    assert list(frame["achieved"]) == [1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1]
    assert list(frame["cumulative"]) == [1, 1, 1, 3, 3, 3, 3, 3, 3, 3, 3, 4]


def test_months_after_today_stay_empty(con):
    frame = cumulative_actual(
        con, "linkages_achieved", filters=ALL, fiscal_year=FY, today=dt.date(2025, 2, 15)
    )
    assert list(frame["cumulative"][:5]) == [1, 1, 1, 3, 3]  # October … February
    assert frame["cumulative"][5:].isna().all()


def test_distinct_partners_counted_in_their_first_month(con):
    frame = cumulative_actual(
        con, "partners_listed", filters=ALL, fiscal_year=FY, today=dt.date(2026, 1, 1)
    )
    # Nov A, Dec B, Mar E, Jun C, Aug D (B again in April is not counted twice).
    assert list(frame["achieved"]) == [0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0]
    assert frame["cumulative"].iloc[-1] == 5
    rows = achieved_rows(con, "partners_listed", filters=ALL, fiscal_year=FY)
    assert list(rows["linkage_id"]) == ["A2", "A3", "A6", "A4", "A5"]


def test_the_rows_of_one_month(con):
    rows = achieved_rows(con, "linkages_achieved", filters=ALL, fiscal_year=FY, month=4)
    assert list(rows["linkage_id"]) == ["A3", "A2"]  # 5 Jan, then 20 Jan
    assert rows["achieved_on"].tolist() == [dt.date(2025, 1, 5), dt.date(2025, 1, 20)]


def test_filters_narrow_the_counts(con):
    inbound = Filters(direction="inbound")
    frame = cumulative_actual(
        con, "linkages_achieved", filters=inbound, fiscal_year=FY, today=dt.date(2026, 1, 1)
    )
    assert frame["achieved"].sum() == 0  # 6.2 counts outbound linkages only


@pytest.mark.parametrize(
    "kpi_id", ["partners_listed", "requests_answered", "linkages_achieved", "data_in_use"]
)
def test_cumulative_ends_at_the_kpi_value(con, kpi_id):
    today = dt.date(2026, 1, 1)
    (result,) = evaluate_kpis(con, filters=Filters(fiscal_year=FY), today=today, kpi_ids=[kpi_id])
    frame = cumulative_actual(con, kpi_id, filters=ALL, fiscal_year=FY, today=today)
    assert frame["cumulative"].iloc[-1] == result.value


def test_quarters_judged_on_what_each_added(con):
    actual = cumulative_actual(
        con, "linkages_achieved", filters=ALL, fiscal_year=FY, today=dt.date(2025, 10, 10)
    )
    plan = cumulative_target(FY, quarters=[1, 1, 1, 1])
    table = quarter_progress(actual, plan, fiscal_year=FY, today=dt.date(2025, 10, 10))
    # Q1 added 1 (Oct), Q2 2 (Jan), Q3 0, Q4 1 (Sep); running totals 1, 3, 3, 4 against 1, 2, 3, 4.
    assert list(table["achieved"]) == [1, 2, 0, 1]
    assert list(table["cumulative"]) == [1, 3, 3, 4]
    assert list(table["cumulative_target"]) == [1.0, 2.0, 3.0, 4.0]
    assert list(table["verdict"]) == ["reached", "reached", "short", "reached"]
    assert table["short_by"].tolist()[2] == 1.0


def test_quarters_before_and_during(con):
    today = dt.date(2025, 2, 15)
    actual = cumulative_actual(con, "linkages_achieved", filters=ALL, fiscal_year=FY, today=today)
    table = quarter_progress(actual, cumulative_target(FY, annual=8), fiscal_year=FY, today=today)
    # A year target of 8 spread evenly: 2 a quarter.
    assert list(table["target"]) == [2.0, 2.0, 2.0, 2.0]
    assert list(table["verdict"]) == ["short", "running", "not_begun", "not_begun"]
    assert table["achieved"].tolist()[:2] == [1, 2]
    assert table["achieved"].isna().tolist() == [False, False, True, True]
    no_plan = quarter_progress(actual, cumulative_target(FY), fiscal_year=FY, today=today)
    assert list(no_plan["verdict"]) == ["no_target", "no_target", "not_begun", "not_begun"]


def test_count_progress_against_target_plan_and_bands(con):
    today = dt.date(2025, 2, 15)
    results = evaluate_kpis(
        con,
        filters=Filters(fiscal_year=FY),
        today=today,
        kpi_ids=["linkages_achieved", "partners_listed"],
    )
    results[0].target = 8  # as if set for FY 2568
    table = count_progress(
        results,
        today=today,
        quarters={"linkages_achieved": (2, 2, 2, 2)},
        bands={"linkages_achieved": {"minimum": 3, "good": 4, "excellent": 6}},
    ).set_index("kpi_id")
    linked = table.loc["linkages_achieved"]
    assert linked["value"] == 4
    assert linked["percent_of_target"] == 50.0  # 4 of 8
    # By 15 Feb the plan asks for Q1's 2, January's 2/3 and 15/28 of February's 2/3:
    # end Jan 2.6667, end Feb 3.3333 → 2.6667 + 0.6667 × 15/28 = 3.0238.
    assert linked["expected_now"] == pytest.approx(3.0238, abs=1e-4)
    assert bool(linked["ahead"]) is True
    assert linked["quarters_total"] == 8
    assert linked["band"] == "good"
    partners = table.loc["partners_listed"]
    assert partners["value"] == 5
    assert pd.isna(partners["expected_now"])  # neither a target nor a plan
    assert pd.isna(partners["band"])


# ---------------------------------------------------------------- statuses


def _result(status: str, *, final: bool = True, reason: str | None = None) -> KpiResult:
    """A judged KPI with only the fields the display status reads."""
    return KpiResult(
        KPI_BY_ID["linkages_achieved"],
        value=1,
        target=2,
        status=status,
        fiscal_year=FY,
        final=final,
        reason=reason,
    )


def test_display_statuses():
    assert display_status(_result("not_met", final=False, reason="not_due_yet")) == "pending"
    assert display_status(_result("not_met")) == "not_met"
    assert display_status(_result("no_data", final=False, reason="no_target")) == "no_target"
    assert display_status(_result("no_data", reason="no_linkages")) == "no_data"
    assert display_status(_result("at_risk", final=False)) == "at_risk"
    counts = status_counts(
        [_result("met"), _result("met"), _result("not_met", final=False, reason="not_due_yet")]
    )
    assert counts == {
        "not_met": 0,
        "at_risk": 0,
        "pending": 1,
        "met": 2,
        "no_target": 0,
        "no_data": 0,
    }


# ---------------------------------------------------------------- survey drill-down


def test_satisfaction_rows_by_group(con):
    year = Filters(fiscal_year=FY)
    # newest first, as every drill-down (one query: metrics.satisfaction.survey_rows)
    assert list(survey_rows(con, filters=year, process="inbound")["response_id"]) == [
        "S3",
        "S2",
        "S1",
    ]
    assert list(
        survey_rows(con, filters=year, process="inbound", respondent_group="all")["response_id"]
    ) == ["S3", "S2", "S1"]
    assert list(
        survey_rows(con, filters=year, process="inbound", respondent_group="internal")[
            "response_id"
        ]
    ) == ["S1"]
    assert list(
        survey_rows(con, filters=year, process="inbound", respondent_group="unspecified")[
            "response_id"
        ]
    ) == ["S3"]
    assert list(
        survey_rows(con, filters=Filters(fiscal_year=2569), process="inbound")["response_id"]
    ) == ["S4"]
    assert survey_rows(con, filters=year, process="cancellation").empty
