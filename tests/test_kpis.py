"""Every KPI of DOMAIN.md §3 on the hand register (tests/metrics_fixtures.py), figures by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from labels import label
from loaders.store import open_store
from metrics.filters import Filters
from metrics.kpi_registry import KPIS, PROCESSES, TARGET_IDS
from metrics.kpis import evaluate_kpi, evaluate_kpis, judge_by_deadline, kpi_table
from metrics.targets import (
    TargetError,
    clear_milestone,
    clear_target,
    list_milestones,
    list_targets,
    set_milestone,
    set_target,
)
from tests.metrics_fixtures import hand_store

D = dt.date
FY = Filters(fiscal_year=2568)
AFTER_FY = D(2025, 10, 15)  # FY 2568 is over: every status is final


@pytest.fixture
def con():
    """The hand register and survey (register uploaded 1 Aug 2025)."""
    return hand_store()


def kpi(con, kpi_id, today=AFTER_FY, filters=FY):
    return evaluate_kpi(con, kpi_id, filters=filters, today=today)


# ---------------------------------------------------------------- the registry


def test_registry_holds_every_kpi_of_the_four_processes():
    per_process = {p: [k for k in KPIS if k.process == p] for p in PROCESSES}
    assert {p: len(ks) for p, ks in per_process.items()} == {"6.1": 7, "6.2": 4, "6.3": 3, "6.4": 4}
    for k in KPIS:
        assert k.kind in {"in_process", "output", "outcome"}
        for part in ("name", "target", "explanation"):  # the words: tests/test_label_catalog.py
            assert all(label(f"kpi_{k.id}_{part}", lang).strip() for lang in ("th", "en"))
        assert k.unit in {"date", "count", "percent"}
        assert k.measure in {"milestone", "register_count", "register_rate", "satisfaction"}
    assert len({k.id for k in KPIS}) == len(KPIS)


def test_every_kpi_is_judged_with_an_allowed_status(con):
    results = evaluate_kpis(con, filters=FY, today=AFTER_FY)
    assert [r.id for r in results] == [k.id for k in KPIS]
    assert {r.status for r in results} <= {"met", "not_met", "at_risk", "no_data"}
    table = kpi_table(results, "en")
    assert list(table["id"]) == [k.id for k in KPIS]


# ---------------------------------------------------------------- 6.2 counts per action plan


def test_partners_listed(con):
    # outbound, reference date in FY 2568: O1 (A), O2 (A), O4 (C), O5 (D); O3 asked 30 Sep 2024
    result = kpi(con, "partners_listed")
    assert result.value == 3
    assert sorted(result.rows["linkage_id"]) == ["O1", "O2", "O4", "O5"]
    assert result.status == "no_data" and result.reason == "no_target"


def test_requests_answered_with_rate(con):
    # answered in FY 2568: O1 (1 Nov), O3 (15 Oct), O4 (1 Mar), O5 (10 Feb) → 4
    # rate: FY 2568's requests O1, O2, O4, O5 → answered O1, O4, O5 → 3 ÷ 4 = 75 %
    set_target(con, fiscal_year=2568, kpi_id="requests_answered", target=4)
    result = kpi(con, "requests_answered")
    assert result.value == 4
    assert sorted(result.rows["linkage_id"]) == ["O1", "O3", "O4", "O5"]
    assert (result.numerator, result.denominator, result.rate) == (3, 4, 75.0)
    assert result.target == 4
    assert result.status == "met"


def test_linkages_achieved_against_its_target_and_deadline(con):
    # linked in FY 2568: O1 (15 Jan 2025); O3 went live on 1 Oct 2025 (FY 2569) → 1
    # rate: approved among FY 2568's requests: O1, O5 → linked O1 → 50 %
    set_target(con, fiscal_year=2568, kpi_id="linkages_achieved", target=2)
    after = kpi(con, "linkages_achieved")
    assert after.value == 1
    assert (after.numerator, after.denominator, after.rate) == (1, 2, 50.0)
    assert (after.status, after.final) == ("not_met", True)
    near = kpi(con, "linkages_achieved", today=D(2025, 8, 1))  # 60 days left ≤ 90
    assert (near.status, near.final, near.days_left) == ("at_risk", False, 60)
    early = kpi(con, "linkages_achieved", today=D(2025, 5, 1))
    assert (early.status, early.final, early.reason) == ("not_met", False, "not_due_yet")
    assert kpi(con, "linkages_achieved", filters=Filters(fiscal_year=2569)).value == 1  # O3


def test_data_in_use(con):
    # in use in FY 2568: O1 (1 Mar 2025); rate: linked among FY 2568's requests O1 → in use → 100 %
    set_target(con, fiscal_year=2568, kpi_id="data_in_use", target=1)
    result = kpi(con, "data_in_use")
    assert (result.value, result.rate, result.status) == (1, 100.0, "met")


def test_count_targets_are_per_fiscal_year(con):
    set_target(con, fiscal_year=2569, kpi_id="linkages_achieved", target=12)
    assert kpi(con, "linkages_achieved").target is None  # FY 2568 untouched
    assert kpi(con, "linkages_achieved", filters=Filters(fiscal_year=2569)).target == 12
    assert clear_target(con, fiscal_year=2569, kpi_id="linkages_achieved") == 1
    assert kpi(con, "linkages_achieved", filters=Filters(fiscal_year=2569)).target is None


# ---------------------------------------------------------------- 6.3 rates


def test_approval_requested(con):
    # inbound requests in FY 2568: I1, I2, I3, I4, I5 (I6 asked in FY 2567)
    # gone to approval: I2 (under review), I3, I4, I5 → 4 ÷ 5 = 80 % < 100
    result = kpi(con, "approval_requested")
    assert (result.numerator, result.denominator, result.value) == (4, 5, 80.0)
    assert result.status == "not_met"
    waiting = result.rows[~result.rows["counted"]]
    assert list(waiting["linkage_id"]) == ["I1"]


def test_inbound_linked(con):
    # approved inbound, approval dated in FY 2568: I3 (20 Feb), I4 (10 Mar), I6 (5 Oct 2024)
    # live: I4, I6 → 2 ÷ 3 = 66.67 %
    result = kpi(con, "inbound_linked")
    assert (result.numerator, result.denominator, result.value) == (2, 3, 66.67)
    assert result.status == "not_met"
    assert sorted(result.rows["linkage_id"]) == ["I3", "I4", "I6"]


# ---------------------------------------------------------------- 6.4 rates


def test_owner_notified(con):
    # cancelled in FY 2568: C1 (1 Oct 2024), C2 (30 Sep 2025), C4 (1 May 2025); C3 is FY 2567
    # owner notified: C1 → 1 ÷ 3 = 33.33 %
    result = kpi(con, "owner_notified")
    assert (result.numerator, result.denominator, result.value) == (1, 3, 33.33)
    assert result.status == "not_met"
    fy2567 = kpi(con, "owner_notified", filters=Filters(fiscal_year=2567))
    assert (fy2567.value, fy2567.status) == (100.0, "met")  # C3 notified


def test_cancellation_recorded(con):
    # complete register rows (status cancelled + date + reason): C1, C2; C4 still "linked" → 2 ÷ 3
    result = kpi(con, "cancellation_recorded")
    assert (result.numerator, result.denominator, result.value) == (2, 3, 66.67)
    assert list(result.rows[~result.rows["counted"]]["linkage_id"]) == ["C4"]


def test_cancellation_reported_by_year_report_or_per_linkage(con):
    assert kpi(con, "cancellation_reported").value == 0.0
    # a FY 2568 report dated 30 Jun 2025 covers C1 (1 Oct 2024) and C4 (1 May 2025), not C2 (30 Sep)
    set_milestone(
        con, fiscal_year=2568, milestone_id="cancellation_reported", done_on=D(2025, 6, 30)
    )
    result = kpi(con, "cancellation_reported")
    assert (result.numerator, result.denominator, result.value) == (2, 3, 66.67)
    assert list(result.rows[~result.rows["counted"]]["linkage_id"]) == ["C2"]
    # C2 reported on its own
    set_milestone(
        con, milestone_id="cancellation_reported", done_on=D(2025, 10, 3), linkage_id="C2"
    )
    assert kpi(con, "cancellation_reported").value == 100.0
    assert kpi(con, "cancellation_reported").status == "met"


def test_rates_with_an_empty_population_are_no_data(con):
    result = kpi(con, "owner_notified", filters=Filters(fiscal_year=2560))
    assert (result.status, result.reason, result.value) == ("no_data", "no_linkages", None)


# ---------------------------------------------------------------- 6.1 milestones


def test_milestone_on_its_deadline_is_met_and_a_day_late_is_not(con):
    set_milestone(con, fiscal_year=2568, milestone_id="memo_sent", done_on=D(2025, 3, 31))
    set_milestone(con, fiscal_year=2568, milestone_id="needs_report", done_on=D(2025, 7, 1))
    memo = kpi(con, "memo_sent")
    assert (memo.value, memo.target, memo.status) == (D(2025, 3, 31), D(2025, 3, 31), "met")
    report = kpi(con, "needs_report")
    assert (report.value, report.status, report.detail["late"]) == (D(2025, 7, 1), "not_met", True)


def test_milestone_not_recorded(con):
    after = kpi(con, "manual_completed")
    assert (after.status, after.final, after.reason) == ("not_met", True, "not_recorded")
    near = kpi(con, "manual_published", today=D(2025, 9, 10))  # 20 days before 30 Sep
    assert (near.status, near.days_left) == ("at_risk", 20)
    early = kpi(con, "plan_completed", today=D(2025, 4, 1))
    assert (early.status, early.final, early.reason) == ("not_met", False, "not_due_yet")


def test_register_updated_by_an_upload_inside_the_fiscal_year(con):
    # the register was uploaded on 1 Aug 2025 (FY 2568)
    result = kpi(con, "register_updated")
    assert (result.value, result.status) == (D(2025, 8, 1), "met")
    assert list(result.rows["source"]) == ["upload"]
    # FY 2569 has no upload yet: 15 Sep 2026 is 15 days before its deadline
    later = kpi(con, "register_updated", filters=Filters(fiscal_year=2569), today=D(2026, 9, 15))
    assert later.status == "at_risk"
    set_milestone(con, fiscal_year=2569, milestone_id="register_updated", done_on=D(2026, 9, 16))
    done = kpi(con, "register_updated", filters=Filters(fiscal_year=2569), today=D(2026, 9, 17))
    assert (done.value, done.status) == (D(2026, 9, 16), "met")


def test_milestones_are_editable_and_listed(con):
    set_milestone(con, fiscal_year=2568, milestone_id="memo_sent", done_on=D(2025, 4, 2))
    set_milestone(con, fiscal_year=2568, milestone_id="memo_sent", done_on=D(2025, 3, 2))
    listed = list_milestones(con, fiscal_year=2568)
    assert list(listed["done_on"]) == [D(2025, 3, 2)]  # replaced, not duplicated
    assert kpi(con, "memo_sent").status == "met"
    assert clear_milestone(con, fiscal_year=2568, milestone_id="memo_sent") == 1
    assert kpi(con, "memo_sent").status == "not_met"


def test_milestone_year_defaults_to_the_fiscal_year_of_its_date(con):
    saved = set_milestone(con, milestone_id="memo_sent", done_on=D(2024, 10, 1))
    assert saved["fiscal_year"] == 2568


def test_refused_targets_and_milestones(con):
    with pytest.raises(TargetError):
        set_target(con, fiscal_year=2568, kpi_id="memo_sent", target=1)  # a date, not a number
    with pytest.raises(TargetError):
        set_target(con, fiscal_year=2568, kpi_id="linkages_achieved", target=-1)
    with pytest.raises(TargetError):
        set_target(con, fiscal_year=2025, kpi_id="linkages_achieved", target=1)  # CE year
    with pytest.raises(TargetError):
        set_milestone(con, milestone_id="nope", done_on=D(2025, 1, 1))
    assert "outbound_satisfaction" in TARGET_IDS
    assert list_targets(con).empty


# ---------------------------------------------------------------- satisfaction KPIs


def test_satisfaction_kpis(con):
    results = {r.id: r for r in evaluate_kpis(con, filters=FY, today=AFTER_FY)}
    inbound = results["inbound_satisfaction"]
    # FY 2568 inbound answers 3,5,2,4,4,1 → 63.33 < 70
    assert (inbound.value, inbound.target, inbound.status) == (63.33, 70, "not_met")
    assert inbound.detail["responses"] == 2 and inbound.detail["low_sample"] is True
    manual = results["manual_satisfaction"]
    assert (manual.status, manual.reason) == ("no_data", "no_responses")
    top2 = evaluate_kpi(con, "inbound_satisfaction", filters=FY, today=AFTER_FY, method="top2")
    assert top2.value == 50.0
    assert len(evaluate_kpi(con, "inbound_satisfaction", filters=FY, today=AFTER_FY).rows) == 2


def test_satisfaction_kpi_rows_are_the_responses_its_score_counts(con):
    # R4 answered nothing and S5 is a sample row left out by the filters: neither counts in the
    # score, so neither is a row behind it (an older copy of this query listed both).
    # (the import refuses a response without answers; an older file could still hold one)
    con.execute(
        "INSERT INTO survey_responses BY NAME SELECT 'R4' AS response_id, 'inbound' AS process,"
        " 'internal' AS respondent_group, DATE '2025-04-01' AS answered_on, false AS is_sample"
    )
    con.execute("UPDATE survey_responses SET is_sample = true WHERE response_id = 'R2'")
    real_only = FY.replace(include_sample=False)
    result = evaluate_kpi(con, "inbound_satisfaction", filters=real_only, today=AFTER_FY)
    assert list(result.rows["response_id"]) == ["R3"]  # R2 is sample, R4 unanswered
    assert result.detail["responses"] == 1
    assert list(kpi(con, "inbound_satisfaction").rows["response_id"]) == ["R3", "R2"]


# ---------------------------------------------------------------- without a fiscal year


def test_whole_database_rates_and_todays_year_for_dated_kpis(con):
    results = {r.id: r for r in evaluate_kpis(con, today=D(2025, 9, 1))}
    # cancelled, any year: C1, C2, C3, C4 → notified C1, C3 → 50 %
    assert results["owner_notified"].value == 50.0
    assert results["owner_notified"].fiscal_year is None
    # dated KPIs are judged for FY 2568, the year of 1 Sep 2025
    assert results["memo_sent"].fiscal_year == 2568
    assert results["linkages_achieved"].fiscal_year == 2568
    assert results["linkages_achieved"].value == 1


def test_empty_database_judges_every_kpi_without_error():
    results = evaluate_kpis(open_store(":memory:"), today=D(2025, 1, 1), with_rows=True)
    assert len(results) == len(KPIS)
    by_id = {r.id: r for r in results}
    assert all(by_id[k].status == "no_data" for k in ("owner_notified", "inbound_satisfaction"))
    assert all(r.rows is not None for r in results)


def test_judge_by_deadline():
    due = D(2025, 3, 31)
    assert judge_by_deadline(True, due_on=due, today=D(2026, 1, 1), at_risk_days=30)[0] == "met"
    assert (
        judge_by_deadline(False, due_on=due, today=D(2025, 4, 1), at_risk_days=30)[0] == "not_met"
    )
    assert (
        judge_by_deadline(False, due_on=due, today=D(2025, 3, 1), at_risk_days=30)[0] == "at_risk"
    )
    assert judge_by_deadline(False, due_on=due, today=D(2025, 2, 28), at_risk_days=30) == (
        "not_met",
        False,
        "not_due_yet",
    )


def test_each_kpi_names_who_is_responsible_as_the_manual_does(con):
    """Seed 002's "ผู้รับผิดชอบ" column: ทส. for 6.1, ฝ่าย ทส. for 6.2, the dataset owner too
    for 6.3's approval request, ฝ่าย ทส./ฝ่าย วช. for 6.4's in-process and output KPIs."""
    by_id = {
        k.id: {lang: label(f"kpi_responsible_{k.responsible}", lang) for lang in ("th", "en")}
        for k in KPIS
    }
    assert all(r["th"] and r["en"] for r in by_id.values())
    assert by_id["memo_sent"]["th"] == "ทส."
    assert by_id["linkages_achieved"]["th"] == "ฝ่าย ทส."
    assert by_id["approval_requested"]["th"] == "ฝ่าย ทส. และเจ้าของชุดข้อมูล"
    assert by_id["owner_notified"]["th"] == "ฝ่าย ทส./ฝ่าย วช."
    assert by_id["cancellation_satisfaction"]["th"] == "ฝ่าย ทส."
    report = {r.id: r.as_dict() for r in evaluate_kpis(con, filters=FY, today=AFTER_FY)}
    assert report["cancellation_reported"]["responsible_th"] == "ฝ่าย ทส./ฝ่าย วช."
    assert report["approval_requested"]["responsible_en"].endswith("and the dataset owner")
