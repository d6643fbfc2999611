"""Operational measures on rows inserted by SQL, every figure worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.store import open_store
from metrics.filters import Filters
from metrics.lead_times import (
    lead_time_distribution,
    lead_time_summary,
    lead_times,
    stage_durations,
    stage_spells,
)
from metrics.pipeline import (
    cancellations_by_reason,
    mou_expiry,
    mou_expiry_summary,
    open_request_summary,
    open_requests,
    pending_approvals,
    pending_approvals_by_approver,
    stuck_linkages,
    stuck_summary,
)
from metrics.register import count_map, counts_by, register_breakdown, register_totals

D = dt.date
TODAY = D(2025, 3, 12)


def add_linkage(con, linkage_id, **columns):
    """Insert one linkage; unnamed required columns get plain defaults."""
    row = {
        "linkage_id": linkage_id,
        "partner_name": columns.pop("partner_name", f"partner {linkage_id}"),
        "dataset": "d",
        "direction": "outbound",
        "status": "requested",
        "created_at": dt.datetime(2025, 1, 1),
        **columns,
    }
    con.execute(
        f"INSERT INTO linkages ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
        list(row.values()),
    )


def add_status(con, linkage_id, status, at):
    """One status event in the change history."""
    con.execute(
        "INSERT INTO linkage_history VALUES (?, 'status', NULL, ?, ?, 1, false)",
        [linkage_id, status, at],
    )


@pytest.fixture
def con():
    return open_store(":memory:")


# ---------------------------------------------------------------- lead times


@pytest.fixture
def lead_con(con):
    # A: asked 1 Jan, answered +10, linked +30, in use +30; B: +30, +30; C: +60; D: waiting
    add_linkage(con, "A", requested_on=D(2025, 1, 1), responded_on=D(2025, 1, 11),
                linked_on=D(2025, 2, 10), in_use_on=D(2025, 3, 12), status="in_use")  # fmt: skip
    add_linkage(con, "B", requested_on=D(2025, 1, 1), responded_on=D(2025, 1, 31),
                linked_on=D(2025, 3, 2), status="linked")  # fmt: skip
    add_linkage(con, "C", requested_on=D(2025, 1, 1), responded_on=D(2025, 3, 2), status="approved")
    add_linkage(con, "D", requested_on=D(2025, 2, 1))
    return con


def test_lead_times_per_linkage(lead_con):
    frame = lead_times(lead_con).set_index("linkage_id")
    assert frame.loc["A", "request_to_response"] == 10
    assert frame.loc["A", "response_to_link"] == 30
    assert frame.loc["A", "link_to_use"] == 30
    assert frame.loc["A", "request_to_use"] == 70
    assert frame.loc["C", "request_to_response"] == 60


def test_lead_time_medians(lead_con):
    summary = lead_time_summary(lead_con).set_index("segment")
    # requested → responded: 10, 30, 60 → median 30, mean 33.3
    assert summary.loc["request_to_response", "linkages"] == 3
    assert summary.loc["request_to_response", "median_days"] == 30
    assert summary.loc["request_to_response", "mean_days"] == 33.3
    # requested → linked: A 40, B 60 → median 50
    assert summary.loc["request_to_link", "median_days"] == 50
    assert summary.loc["link_to_use", "linkages"] == 1
    assert summary.loc["link_to_use", "median_days"] == 30


def test_lead_time_distribution(lead_con):
    dist = lead_time_distribution(lead_con)
    response = dist[dist["segment"] == "request_to_response"].set_index("days")["linkages"]
    assert response.to_dict() == {"0–30": 2, "31–60": 1, "61–90": 0, "91–180": 0,
                                  "181–365": 0, ">365": 0}  # fmt: skip


def test_reversed_dates_are_not_lead_times(con):
    add_linkage(con, "R", requested_on=D(2025, 2, 1), linked_on=D(2025, 1, 1))
    assert lead_time_summary(con).set_index("segment").loc["request_to_link", "linkages"] == 0


# ---------------------------------------------------------------- stages from the history


@pytest.fixture
def history_con(con):
    add_linkage(con, "X", status="approved", direction="inbound")
    add_status(con, "X", "requested", dt.datetime(2025, 1, 1, 10))
    add_status(con, "X", "under_review", dt.datetime(2025, 1, 11, 10))
    add_status(con, "X", "approved", dt.datetime(2025, 2, 10, 10))
    add_linkage(con, "Y", status="under_review", direction="inbound",
                requested_on=D(2025, 1, 1), classification="secret", personal_data=True)  # fmt: skip
    add_status(con, "Y", "requested", dt.datetime(2025, 1, 1, 10))
    add_status(con, "Y", "under_review", dt.datetime(2025, 1, 31, 10))
    add_status(con, "Y", "linked", dt.datetime(2025, 4, 1, 10))  # after TODAY: not yet seen
    return con


def test_stage_spells(history_con):
    spells = stage_spells(history_con, today=TODAY)
    x = spells[spells["linkage_id"] == "X"]
    assert list(x["stage"]) == ["requested", "under_review", "approved"]
    assert list(x["days"]) == [10, 30, 30]  # the last stay runs to 12 Mar
    y = spells[spells["linkage_id"] == "Y"]
    assert list(y["days"]) == [30, 40]


def test_stage_durations(history_con):
    stages = stage_durations(history_con, today=TODAY).set_index("stage")
    # requested: X 10, Y 30 → median 20; under_review: X 30, Y 40 (still there) → median 35
    assert stages.loc["requested", "stays"] == 2
    assert stages.loc["requested", "median_days"] == 20
    assert stages.loc["under_review", "median_days"] == 35
    assert stages.loc["under_review", "current_linkages"] == 1
    assert stages.loc["approved", "current_linkages"] == 1
    assert "linked" not in stages.index
    assert list(stages.index) == ["requested", "under_review", "approved"]  # lifecycle order


def test_a_stay_belongs_to_the_period_it_began_in_and_keeps_its_true_length(history_con):
    add_linkage(history_con, "W", direction="outbound")
    add_status(history_con, "W", "developing", dt.datetime(2025, 9, 20))  # FY 2568
    add_status(history_con, "W", "testing", dt.datetime(2025, 10, 10))  # FY 2569
    spells = stage_spells(history_con, filters=Filters(fiscal_year=2568), today=D(2025, 12, 1))
    w = spells[spells["linkage_id"] == "W"]
    assert list(w["stage"]) == ["developing"]
    assert list(w["days"]) == [20]  # 20 Sep → 10 Oct, not cut at 30 Sep nor run to today
    inbound = stage_durations(history_con, filters=Filters(direction="inbound"), today=TODAY)
    assert inbound.set_index("stage").loc["requested", "stays"] == 2  # X and Y, not W
    assert "developing" not in set(inbound["stage"])


def test_stuck_linkages(history_con):
    add_linkage(history_con, "D", requested_on=D(2025, 2, 1))  # requested 39 days ago
    add_linkage(history_con, "E", status="cancelled", requested_on=D(2020, 1, 1))  # final
    stuck = stuck_linkages(history_con, today=TODAY)
    # Y under review since 31 Jan (history) = 40 > 30; D requested 1 Feb = 39 > 30;
    # X approved since 10 Feb = 30 ≤ 60
    assert list(stuck["linkage_id"]) == ["Y", "D"]
    assert list(stuck["days_in_stage"]) == [40, 39]
    assert stuck_linkages(history_con, today=TODAY, limit_days=39)["linkage_id"].tolist() == ["Y"]
    per_stage = stuck_linkages(history_con, today=TODAY, limit_days={"approved": 20})
    assert sorted(per_stage["linkage_id"]) == ["D", "X", "Y"]
    assert stuck_summary(history_con, today=TODAY)["total"] == 2
    assert list(stuck_linkages(history_con, today=TODAY, top=1)["linkage_id"]) == ["Y"]
    assert stuck_summary(history_con, today=TODAY)["under_review"] == 1


# ---------------------------------------------------------------- requests and approvals


@pytest.fixture
def approvals_con(con):
    add_linkage(con, "D", direction="inbound", classification="public", requested_on=D(2025, 2, 1))
    add_linkage(con, "Y", direction="inbound", status="under_review", classification="secret",
                personal_data=True, requested_on=D(2025, 1, 1))  # fmt: skip
    add_linkage(con, "P", direction="inbound", status="under_review", personal_data=True,
                requested_on=D(2025, 3, 1))  # fmt: skip
    add_linkage(con, "O", direction="outbound", requested_on=D(2025, 3, 2))
    add_linkage(con, "Z", direction="inbound", status="approved", requested_on=D(2025, 1, 1),
                responded_on=D(2025, 1, 5))  # fmt: skip
    return con


def test_pending_approvals_by_body_per_the_manuals_rules(approvals_con):
    # inbound and awaiting a decision: D (public), Y (secret, personal), P (personal).
    # CDO for each (practice 5, 6.3 step 6); the council for each inbound linkage (3.1(3));
    # the DPO committee for the two with personal data (1.2). O is outbound, Z was answered.
    counts = pending_approvals_by_approver(approvals_con).set_index("approver")["linkages"]
    assert counts.to_dict() == {"cdo": 3, "council": 3, "dpo": 2}
    rows = pending_approvals(approvals_con, today=TODAY)
    assert list(rows["approver"].drop_duplicates()) == ["cdo", "council", "dpo"]
    assert sorted(rows[rows["approver"] == "dpo"]["linkage_id"]) == ["P", "Y"]
    assert rows[rows["linkage_id"] == "Y"]["days_waiting"].iloc[0] == 70
    by = rows.set_index(["linkage_id", "approver"])
    # Y is secret: practice 5 asks the council too, so both clauses are given
    assert by.loc[("Y", "council"), "rules"] == "export_important,linkage_endorsement"
    assert by.loc[("D", "council"), "rules"] == "linkage_endorsement"
    assert "ข้อมูลความมั่นคงต้องได้รับอนุญาตจากคณะกรรมการธรรมาภิบาลข้อมูล" in by.loc[
        ("Y", "council"), "clause"]  # fmt: skip
    assert by.loc[("Y", "council"), "source_en"] == (
        "NHA manual ISMS-PCD-ITD-017, practice 5 · NHA manual ISMS-PCD-ITD-017, practice 3.1(3)"
    )
    assert by.loc[("P", "dpo"), "source_th"].startswith("คู่มือ กคช. ISMS-PCD-ITD-017 แนวปฏิบัติ ข้อ 1.2")


def test_a_dated_approval_is_no_longer_pending_and_critical_data_needs_the_council(approvals_con):
    con = approvals_con
    # the council approved D: the CDO's approval is still pending (it does not disappear)
    con.execute(
        "UPDATE linkages SET council_approved_on = DATE '2025-02-20' WHERE linkage_id = 'D'"
    )
    # the CDO and the DPO committee approved Y: only the council is left for Y
    con.execute("UPDATE linkages SET cdo_approved_on = DATE '2025-02-01', "
                "dpo_approved_on = DATE '2025-02-03' WHERE linkage_id = 'Y'")  # fmt: skip
    add_linkage(con, "K", direction="inbound", classification="public", critical_data=True,
                requested_on=D(2025, 3, 10))  # fmt: skip
    rows = pending_approvals(con, today=TODAY)
    assert sorted(rows.loc[rows["linkage_id"] == "D", "approver"]) == ["cdo"]
    assert sorted(rows.loc[rows["linkage_id"] == "Y", "approver"]) == ["council"]
    k = rows[rows["linkage_id"] == "K"].set_index("approver")
    assert k.loc["council", "rules"] == "export_important,linkage_endorsement"
    assert k.loc["cdo", "days_waiting"] == 2
    counts = pending_approvals_by_approver(con).set_index("approver")["linkages"]
    assert counts.to_dict() == {"cdo": 3, "council": 3, "dpo": 1}


def test_open_requests(approvals_con):
    # waiting, both directions: Y since 1 Jan (70 days), D 1 Feb (39), P 1 Mar (11), O 2 Mar (10)
    waiting = open_requests(approvals_con, today=TODAY)
    assert list(waiting["linkage_id"]) == ["Y", "D", "P", "O"]
    assert list(waiting["days_waiting"]) == [70, 39, 11, 10]
    assert list(open_requests(approvals_con, today=TODAY, top=2)["linkage_id"]) == ["Y", "D"]
    summary = open_request_summary(approvals_con, today=TODAY)
    assert summary == {"open_requests": 4, "outbound": 1, "inbound": 3,
                       "median_days_waiting": 25.0, "max_days_waiting": 70}  # fmt: skip


# ---------------------------------------------------------------- MOUs and cancellations


def test_mou_expiry_bands(con):
    add_linkage(con, "M1", status="linked", mou_expires_on=D(2025, 3, 11))  # −1 day
    add_linkage(con, "M2", status="linked", mou_expires_on=D(2025, 6, 10))  # +90
    add_linkage(con, "M3", status="linked", mou_expires_on=D(2025, 6, 11))  # +91
    add_linkage(con, "M4", status="in_use", mou_expires_on=D(2025, 9, 8))  # +180
    add_linkage(con, "M5", status="in_use", mou_expires_on=D(2025, 9, 9))  # +181
    add_linkage(con, "M6", status="cancelled", mou_expires_on=D(2025, 1, 1))  # left out
    frame = mou_expiry(con, today=TODAY).set_index("linkage_id")
    assert frame["band"].to_dict() == {"M1": "expired", "M2": "within_90", "M3": "within_180",
                                       "M4": "within_180", "M5": "later"}  # fmt: skip
    assert frame.loc["M2", "days_left"] == 90
    assert mou_expiry_summary(con, today=TODAY) == {
        "expired": 1,
        "expiring_within_90": 1,
        "expiring_within_180": 3,
        "later": 1,
    }


def test_cancellations_by_reason_in_a_fiscal_year(con):
    add_linkage(con, "E", status="cancelled", cancelled_on=D(2025, 1, 5), cancel_reason="breach")
    add_linkage(con, "F", status="cancelled", cancelled_on=D(2024, 9, 30), cancel_reason="breach")
    add_linkage(con, "G", status="cancelled", cancelled_on=D(2025, 2, 1))
    reasons = cancellations_by_reason(con, filters=Filters(fiscal_year=2568), today=TODAY)
    assert reasons.set_index("cancel_reason")["linkages"].to_dict() == {
        "breach": 1,
        "purpose_unmet": 0,
        "no_longer_needed": 0,
        "new_provider": 0,
        "provider_withdrew": 0,
        "unspecified": 1,
    }
    assert list(reasons.columns) == ["cancel_reason", "linkages"]  # keys, never words
    add_linkage(con, "H", status="linked", requested_on=D(2025, 1, 1))  # not cancelled
    by_year = counts_by(con, dimension="cancel_reason", period="fiscal_year")
    assert set(zip(by_year["fiscal_year"], by_year["key"], by_year["linkages"], strict=True)) == {
        (2567, "breach", 1),
        (2568, "breach", 1),
        (2568, "unspecified", 1),
    }
    linked = counts_by(con, dimension="status", period="fiscal_year", by_date="cancelled_on")
    assert set(linked["fiscal_year"]) == {2567, 2568}
    with pytest.raises(ValueError):
        counts_by(con, dimension="status", by_date="created_at; DROP TABLE linkages")


# ---------------------------------------------------------------- counts


@pytest.fixture
def counts_con(con):
    add_linkage(con, "Q1", requested_on=D(2024, 12, 31), status="linked", method="gdx",
                integration_level="high", standardization_level="high")  # fmt: skip
    add_linkage(con, "Q2", requested_on=D(2025, 1, 1), status="linked", method="rest",
                integration_level="high", standardization_level="low", partner_name="P")  # fmt: skip
    add_linkage(con, "Q3", requested_on=D(2025, 10, 1), direction="inbound", partner_name="P",
                integration_level="low", standardization_level="high")  # fmt: skip
    add_linkage(con, "Q4", requested_on=D(2025, 9, 30), integration_level="low",
                standardization_level="low", ministry="การคลัง")  # fmt: skip
    return con


def test_counts_by_status_fiscal_year_and_quarter(counts_con):
    by_quarter = counts_by(counts_con, dimension="status", period="quarter")
    rows = set(zip(by_quarter["fiscal_year"], by_quarter["quarter"], by_quarter["key"],
                   by_quarter["linkages"], strict=True))  # fmt: skip
    # 31 Dec 2024 → FY 2568 Q1; 1 Jan 2025 → Q2; 30 Sep 2025 → Q4; 1 Oct 2025 → FY 2569 Q1
    assert rows == {(2568, 1, "linked", 1), (2568, 2, "linked", 1), (2568, 4, "requested", 1),
                    (2569, 1, "requested", 1)}  # fmt: skip
    fy = counts_by(counts_con, dimension="status", filters=Filters(fiscal_year=2568))
    assert fy.set_index("key")["linkages"].to_dict() == {"requested": 1, "linked": 2}
    assert list(fy["key"]) == ["requested", "linked"]  # lifecycle order


def test_counts_by_quadrant_and_other_dimensions(counts_con):
    quadrants = counts_by(counts_con, dimension="quadrant").set_index("key")
    assert quadrants["linkages"].to_dict() == {"unification": 1, "coordination": 1,
                                               "replication": 1, "diversification": 1}  # fmt: skip
    assert list(quadrants.columns) == ["linkages"]  # keys (the index), never words
    assert count_map(counts_con, dimension="method") == {"rest": 1, "gdx": 1, "unspecified": 2}
    assert count_map(counts_con, dimension="direction") == {"outbound": 3, "inbound": 1}
    assert count_map(counts_con, dimension="ministry")["การคลัง"] == 1
    assert register_totals(counts_con) == {"linkages": 4, "partners": 3}
    with pytest.raises(ValueError):
        counts_by(counts_con, dimension="colour")


def test_register_breakdown_matches_counts_by(counts_con):
    breakdown = register_breakdown(counts_con, dimensions=("status", "method", "quadrant"))
    assert breakdown["status"] == {"requested": 2, "linked": 2}
    assert breakdown["method"] == {"rest": 1, "gdx": 1, "unspecified": 2}
    for dimension, counts in breakdown.items():
        assert counts == count_map(counts_con, dimension=dimension)
    fy = register_breakdown(counts_con, filters=Filters(fiscal_year=2569))
    assert fy["direction"] == {"inbound": 1}


def test_everything_answers_on_an_empty_store(con):
    assert lead_time_summary(con)["linkages"].sum() == 0
    assert stage_durations(con, today=TODAY).empty
    assert stuck_linkages(con, today=TODAY).empty
    assert open_request_summary(con, today=TODAY)["open_requests"] == 0
    assert pending_approvals_by_approver(con)["linkages"].sum() == 0
    assert mou_expiry_summary(con, today=TODAY)["expired"] == 0
    assert cancellations_by_reason(con, today=TODAY)["linkages"].sum() == 0
    assert counts_by(con, dimension="status", period="quarter").empty
