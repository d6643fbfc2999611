"""Issue 13, points 1, 2 and 6: ended agreements in KPI 6.4, per-row cancellation reports, the
agency's own settings, and "met" judged on the exact value. Figures worked out by hand.

FY 2568 runs 1 Oct 2024 – 30 Sep 2025; the day judged is 15 Aug 2025 unless a test says.
"""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.importer import preview
from loaders.store import open_store
from metrics import kpis
from metrics.agency_settings import (
    DEFAULTS,
    clear_setting,
    set_setting,
    settings_for,
    settings_table,
    stuck_limits,
)
from metrics.filters import NO_FILTERS, Filters
from metrics.kpi_registry import KPI_BY_ID
from metrics.pipeline import (
    cancellations_by_reason,
    lapsed_agreements,
    lapsed_count,
    mou_expiry_summary,
    stuck_summary,
)
from metrics.report import build_report
from metrics.satisfaction import _result
from metrics.targets import TargetError, set_milestone
from tests.metrics_fixtures import import_at

D = dt.date
TODAY = D(2025, 8, 15)
FY = Filters(fiscal_year=2568)
HEADER = (
    "linkage_id,partner_name,direction,dataset,status,mou_expires_on,cancelled_on,"
    "cancel_reason,owner_notified_on,cancellation_reported_on\n"
)
# E1 expired 31 Mar 2025 (status expired), owner notified, reported 20 Apr (20 days after).
# E2 still in use, agreement expired 30 Jun 2025: ended as of 15 Aug (46 days lapsed), nothing
#    done. E3 in use, agreement runs to 31 Dec 2025: not ended.
# C1 cancelled 1 Nov 2024 (breach), notified, reported 15 Jan 2025 (75 days after).
# C2 cancelled 1 Feb 2025 (new provider), notified, reported 10 Feb (9 days after).
ROWS = """\
E1,Partner A,outbound,ds1,expired,2025-03-31,,,2025-04-02,2025-04-20
E2,Partner B,inbound,ds2,in_use,2025-06-30,,,,
E3,Partner C,inbound,ds3,in_use,2025-12-31,,,,
C1,Partner D,outbound,ds4,cancelled,,2024-11-01,breach,2024-11-03,2025-01-15
C2,Partner E,inbound,ds5,cancelled,,2025-02-01,new_provider,2025-02-02,2025-02-10
"""


@pytest.fixture
def con():
    connection = open_store(":memory:")
    import_at(connection, (HEADER + ROWS).encode(), "register", dt.datetime(2025, 8, 1, 9))
    yield connection
    connection.close()


def _kpi(con, kpi_id: str, today: dt.date = TODAY, filters: Filters = FY) -> kpis.KpiResult:
    return kpis.evaluate_kpi(con, kpi_id, filters=filters, today=today)


# ---------------------------------------------------------------- point 1: ended agreements


def test_expired_and_lapsed_agreements_enter_6_4(con):
    notified = _kpi(con, "owner_notified")
    # ended in FY 2568: E1 (expired), E2 (lapsed while live), C1, C2; notified: E1, C1, C2
    assert (notified.numerator, notified.denominator, notified.value) == (3, 4, 75.0)
    assert notified.status == "not_met"
    assert sorted(notified.rows["linkage_id"]) == ["C1", "C2", "E1", "E2"]
    recorded = _kpi(con, "cancellation_recorded")
    # the register says it ended: E1 (expired with its date), C1, C2 — not E2, still "in use"
    assert (recorded.numerator, recorded.denominator) == (3, 4)


def test_a_lapsed_agreement_counts_only_once_its_expiry_has_passed(con):
    before = _kpi(con, "owner_notified", today=D(2025, 6, 1))
    assert before.denominator == 3  # E2's agreement still runs on 1 Jun 2025


def test_an_ended_agreement_is_dated_by_its_expiry(con):
    # as of 1 Mar 2026 E3 has lapsed too (31 Dec 2025): FY 2569 holds it alone, E1 and E2
    # stay in FY 2568 where their agreements ended
    later = _kpi(con, "owner_notified", today=D(2026, 3, 1), filters=Filters(fiscal_year=2569))
    assert list(later.rows["linkage_id"]) == ["E3"]
    assert _kpi(con, "owner_notified", today=D(2026, 3, 1)).denominator == 4
    everything = _kpi(con, "owner_notified", today=D(2026, 3, 1), filters=NO_FILTERS)
    assert everything.denominator == 5


def test_exit_reasons_count_ended_agreements(con):
    reasons = cancellations_by_reason(con, filters=FY, today=TODAY)
    counts = reasons.set_index("cancel_reason")["linkages"].to_dict()
    # E1 and E2 ended with their agreement and give no reason: "no longer needed or contract ended"
    assert counts == {
        "breach": 1,
        "purpose_unmet": 0,
        "no_longer_needed": 2,
        "new_provider": 1,
        "provider_withdrew": 0,
        "unspecified": 0,
    }


def test_expired_but_still_live_is_listed_to_act_on(con):
    rows = lapsed_agreements(con, filters=FY, today=TODAY)
    assert rows[["linkage_id", "days_lapsed"]].values.tolist() == [["E2", 46]]
    assert lapsed_count(con, today=TODAY) == 1
    assert lapsed_count(con, today=D(2026, 1, 1)) == 2  # E3 lapses after 31 Dec 2025
    report = build_report(con, today=TODAY)
    assert report["operations"]["expired_but_live"] == 1


# ---------------------------------------------------------------- point 2: reported per row


def test_each_cancellation_is_reported_within_the_agencys_days(con):
    reported = _kpi(con, "cancellation_reported")
    # within 30 days (the default): E1 (20), C2 (9); not C1 (75), not E2 (no report)
    assert (reported.numerator, reported.denominator, reported.value) == (2, 4, 50.0)
    assert reported.detail == {"report_source": "register_column", "report_within_days": 30}
    assert reported.as_dict()["report_source"] == "register_column"
    set_setting(con, fiscal_year=2568, setting_id="cancellation_report_days", value=80)
    assert _kpi(con, "cancellation_reported").numerator == 3  # C1's 75 days now count
    # another year's setting does not change FY 2568
    set_setting(con, fiscal_year=2569, setting_id="cancellation_report_days", value=5)
    assert _kpi(con, "cancellation_reported").numerator == 3


def test_a_year_milestone_no_longer_covers_earlier_cancellations(con):
    # one milestone dated at the year's end used to cover every earlier cancellation
    set_milestone(con, milestone_id="cancellation_reported", done_on=D(2025, 9, 30))
    assert _kpi(con, "cancellation_reported").numerator == 2


def test_without_report_dates_the_milestone_is_used_as_before():
    con = open_store(":memory:")
    rows = "C1,Partner D,outbound,ds4,cancelled,,2024-11-01,breach,2024-11-03,\n"
    import_at(con, (HEADER + rows).encode(), "register", dt.datetime(2025, 8, 1, 9))
    reported = _kpi(con, "cancellation_reported")
    assert (reported.numerator, reported.denominator) == (0, 1)
    assert reported.detail["report_source"] == "milestone"
    assert reported.detail["report_within_days"] is None
    set_milestone(con, milestone_id="cancellation_reported", done_on=D(2025, 9, 30))
    assert _kpi(con, "cancellation_reported").numerator == 1
    con.close()


def test_a_report_before_the_cancellation_is_rejected_with_a_reason():
    con = open_store(":memory:")
    rows = "C9,Partner D,outbound,ds4,cancelled,,2025-02-01,breach,,2025-01-31\n"
    checked = preview(con, (HEADER + rows).encode(), "f.csv", "register").validated
    (error,) = checked.errors
    assert (error.row, error.column) == (2, "cancellation_reported_on")
    assert error.message_th == "ต้องไม่ก่อนวันที่ยกเลิก"
    assert error.message_en == "must not be before cancelled on"
    con.close()


# ---------------------------------------------------------------- point 6: agency settings


def test_settings_are_stored_per_year_with_defaults(con):
    assert settings_for(con, fiscal_year=2568) == DEFAULTS
    assert DEFAULTS["late_after_days"] == 30 and DEFAULTS["mou_window_far"] == 180
    set_setting(con, fiscal_year=2568, setting_id="late_after_days", value=45, updated_by="ann")
    set_setting(con, fiscal_year=2568, setting_id="late_after_days", value=40, updated_by="ann")
    assert settings_for(con, fiscal_year=2568)["late_after_days"] == 40
    assert settings_for(con, fiscal_year=2569)["late_after_days"] == 30
    table = settings_table(con, fiscal_year=2568).set_index("setting_id")
    assert table.loc["late_after_days", ["value", "default", "stored", "updated_by"]].tolist() == [
        40,
        30,
        True,
        "ann",
    ]
    assert clear_setting(con, fiscal_year=2568, setting_id="late_after_days") == 1
    assert settings_for(con, fiscal_year=2568)["late_after_days"] == 30


@pytest.mark.parametrize(
    ("setting_id", "value"),
    [("late_after_days", 0), ("late_after_days", 2.5), ("late_after_days", "x"), ("nope", 3)],
)
def test_impossible_settings_are_refused(con, setting_id, value):
    with pytest.raises(TargetError):
        set_setting(con, fiscal_year=2568, setting_id=setting_id, value=value)


def test_stage_limits_and_mou_windows_follow_the_settings(con):
    set_setting(con, fiscal_year=2568, setting_id="stuck_after_days.requested", value=5)
    limits = stuck_limits(settings_for(con, fiscal_year=2568))
    assert limits["requested"] == 5 and limits["identified"] == 90
    # E3 expires 31 Dec 2025: 138 days after 15 Aug → within 180, not within 90 …
    assert mou_expiry_summary(con, today=TODAY)["expiring_within_90"] == 0
    # … but within an agency window of 150 days
    wide = mou_expiry_summary(con, today=TODAY, windows=(150, 200))
    assert wide["expiring_within_90"] == 1
    assert stuck_summary(con, today=TODAY, limit_days=tuple(limits.items()))["total"] == 0


def test_the_report_shows_the_settings_in_force(con):
    set_setting(con, fiscal_year=2568, setting_id="cancellation_report_days", value=14)
    report = build_report(con, fiscal_year=2568, today=TODAY)
    assert report["agency_settings"]["cancellation_report_days"] == 14
    assert report["agency_settings"]["late_after_days"] == 30


# ---------------------------------------------------------------- point 6: exact judging


def test_a_rate_of_79_995_is_shown_as_80_and_not_met():
    kpi = KPI_BY_ID["owner_notified"]
    result = kpis._register_rate(
        kpi,
        figures={"numerator": 15999, "denominator": 20000},
        filters=NO_FILTERS,
        targets={"owner_notified": 80.0},
        rows=None,
    )
    assert result.value == 80.0  # 79.995 shown rounded half up
    assert result.status == "not_met"
    exactly = kpis._register_rate(
        kpi,
        figures={"numerator": 16000, "denominator": 20000},
        filters=NO_FILTERS,
        targets={"owner_notified": 80.0},
        rows=None,
    )
    assert exactly.status == "met"


def test_a_satisfaction_score_of_79_995_is_shown_as_80_and_not_met():
    # mean 15999/4000 = 3.99975 → × 20 = 79.995
    totals = {"responses": 200, "answers": 4000, "answer_sum": 15999, "answer_squares": 0,
              "top2": 0}  # fmt: skip
    figure = _result("inbound", "all", totals, "mean", 80.0)
    assert figure["score"] == 80.0
    assert figure["met"] is False and figure["status"] == "not_met"
    figure = _result("inbound", "all", {**totals, "answer_sum": 16000}, "mean", 80.0)
    assert figure["met"] is True
