"""Tactical comparisons, drill-down row fetchers and operational watch lists, worked by hand."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from loaders.spec import STATUSES
from loaders.store import open_store
from metrics.drilldown import (
    cancellation_rows,
    event_rows,
    lead_time_rows,
    linkage_rows,
    survey_rows,
)
from metrics.filters import Filters
from metrics.lead_times import lead_time_distribution
from metrics.pipeline import (
    MOU_WATCH_DAYS,
    cancellations_by_reason,
    event_trend,
    mark_late,
    mou_expiry,
    mou_expiry_summary,
    requests_in_band,
    stuck_linkages,
    stuck_watch,
    wait_bands,
    year_over_year,
)
from metrics.register import (
    OUTCOME_STATUSES,
    compare_by,
    counts_by,
    quadrant_counts,
    register_changes,
)
from metrics.satisfaction import satisfaction_scores

D = dt.date

# FY 2567 = 1 Oct 2023 – 30 Sep 2024; FY 2568 = 1 Oct 2024 – 30 Sep 2025.
# A: requested 10 Oct 2024 (FY68 Q1), answered +30, linked 8 Jan 2025 (+90 from the request,
#    FY68 Q2), in use 8 Apr 2025 (FY68 Q3). B: requested 1 Dec 2024, linked 1 Feb 2025 (+62).
# C: requested 1 Mar 2025 (FY68 Q2), waiting. D: requested 1 Nov 2023 (FY67 Q1), cancelled
# 15 Oct 2024 (FY68 Q1) for breach. E: requested 15 Dec 2023, rejected 14 Jan 2024 (+30).
# F: requested 1 Oct 2023 (FY67 Q1), linked 30 Mar 2024 (+181, FY67 Q2).
LINKAGES = [
    dict(linkage_id="A", partner_type="government", ministry="M1", method="rest",
         direction="outbound", classification="public", status="in_use",
         requested_on=D(2024, 10, 10), responded_on=D(2024, 11, 9), linked_on=D(2025, 1, 8),
         in_use_on=D(2025, 4, 8), integration_level="high", standardization_level="high",
         mou_expires_on=D(2025, 6, 1)),
    dict(linkage_id="B", partner_type="government", ministry="M1", method="gdx",
         direction="inbound", classification="internal", status="linked",
         requested_on=D(2024, 12, 1), linked_on=D(2025, 2, 1), integration_level="high",
         standardization_level="low", mou_expires_on=D(2025, 4, 1)),
    dict(linkage_id="C", partner_type="state_enterprise", ministry="M2", method="rest",
         direction="outbound", classification="confidential", status="requested",
         requested_on=D(2025, 3, 1), mou_expires_on=D(2026, 1, 1)),
    dict(linkage_id="D", partner_type="private", ministry=None, method="file",
         direction="inbound", classification="public", status="cancelled",
         requested_on=D(2023, 11, 1), cancelled_on=D(2024, 10, 15), cancel_reason="breach",
         integration_level="low", standardization_level="high", mou_expires_on=D(2025, 4, 15)),
    dict(linkage_id="E", partner_type="government", ministry="M2", method="rest",
         direction="outbound", classification="internal", status="rejected",
         requested_on=D(2023, 12, 15), responded_on=D(2024, 1, 14), integration_level="low",
         standardization_level="low"),
    dict(linkage_id="F", partner_type="state_enterprise", ministry="M1", method="gdx",
         direction="outbound", classification="public", status="linked",
         requested_on=D(2023, 10, 1), linked_on=D(2024, 3, 30), integration_level="high",
         standardization_level="high", mou_expires_on=D(2025, 10, 1)),
]  # fmt: skip

# S1 inbound, internal, FY68: answers 5, 4 (mean 4.5); S2 inbound, external, FY68: 3;
# S3 inbound, no group, FY67: 2, 2, 5 (mean 3.0); S4 answered nothing (not a response).
SURVEYS = [
    ("S1", "inbound", "internal", D(2025, 1, 10), 5, 4, None),
    ("S2", "inbound", "external", D(2025, 2, 1), 3, None, None),
    ("S3", "inbound", None, D(2024, 9, 1), 2, 2, 5),
    ("S4", "manual_review", "internal", D(2025, 3, 1), None, None, None),
]


@pytest.fixture
def con():
    """A store holding the six linkages, four survey rows, three changes and two uploads."""
    store = open_store(":memory:")
    for row in LINKAGES:
        row = {"partner_name": f"partner {row['linkage_id']}", "dataset": "d",
               "created_at": dt.datetime(2025, 1, 1), **row}  # fmt: skip
        store.execute(
            f"INSERT INTO linkages ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
            list(row.values()),
        )
    for response in SURVEYS:
        store.execute(
            "INSERT INTO survey_responses (response_id, process, respondent_group, answered_on, "
            "q1, q2, q3) VALUES (?, ?, ?, ?, ?, ?, ?)",
            list(response),
        )
    store.execute(
        "INSERT INTO uploads (upload_id, file_name) VALUES (1, 'r1.xlsx'), (2, 'r2.xlsx')"
    )
    for change in (
        ("A", "status", "requested", "approved", dt.datetime(2024, 11, 9, 10), 1),
        ("B", "status", "approved", "linked", dt.datetime(2025, 2, 1, 9), 2),
        ("C", "method", "soap", "rest", dt.datetime(2025, 3, 2, 8), 2),
    ):
        store.execute("INSERT INTO linkage_history VALUES (?, ?, ?, ?, ?, ?, false)", list(change))
    return store


def test_outcome_groups_cover_every_status_once():
    grouped = [s for statuses in OUTCOME_STATUSES.values() for s in statuses]
    assert sorted(grouped) == sorted(STATUSES)


# ---------------------------------------------------------------- comparisons


def test_compare_by_partner_type(con):
    frame = compare_by(con, dimension="partner_type").set_index("key")
    # government A (live), B (live), E (ended): 2 of 3 live; requested → linked 90 and 62
    assert frame.loc["government", ["linkages", "in_progress", "live", "ended"]].tolist() == [
        3, 0, 2, 1,
    ]  # fmt: skip
    assert frame.loc["government", "live_pct"] == 66.7
    assert frame.loc["government", "median_request_to_link_days"] == 76
    # state enterprise C (in progress), F (live, 181 days)
    assert frame.loc["state_enterprise", ["linkages", "live", "live_pct"]].tolist() == [2, 1, 50.0]
    assert frame.loc["state_enterprise", "median_request_to_link_days"] == 181
    assert frame.loc["private", "median_request_to_link_days"] is None
    assert list(frame.index) == ["government", "state_enterprise", "private"]
    assert "label_th" not in frame and "label_en" not in frame  # keys, never words


def test_compare_by_ministry_most_first_with_the_missing_ones(con):
    frame = compare_by(con, dimension="ministry")
    assert list(frame["key"]) == ["M1", "M2", "unspecified"]
    assert list(frame["linkages"]) == [3, 2, 1]


def test_compare_by_under_filters_and_refusal(con):
    outbound = compare_by(con, dimension="method", filters=Filters(direction="outbound"))
    counts = dict(zip(outbound["key"], outbound["linkages"], strict=True))
    # outbound: A rest, C rest, E rest, F gdx; every method listed
    assert counts == {"rest": 3, "soap": 0, "file": 0, "gdx": 1, "db_link": 0, "other": 0}
    with pytest.raises(ValueError):
        compare_by(con, dimension="status")


def test_event_trend_every_quarter_kept(con):
    trend = event_trend(con)
    # FY67 Q1 … FY68 Q3 = 7 quarters × 4 events
    assert len(trend) == 28
    got = trend.set_index(["fiscal_year", "quarter", "event"])["linkages"]
    assert got[(2567, 1, "requested")] == 3  # D, E, F
    assert got[(2567, 2, "linked")] == 1  # F
    assert got[(2567, 3, "requested")] == 0
    assert got[(2568, 1, "requested")] == 2  # A, B
    assert got[(2568, 1, "cancelled")] == 1  # D
    assert got[(2568, 2, "linked")] == 2  # A, B
    assert got[(2568, 3, "in_use")] == 1  # A
    assert trend["linkages"].sum() == 11


def test_event_trend_in_a_fiscal_year(con):
    trend = event_trend(con, filters=Filters(fiscal_year=2568))
    assert len(trend) == 16
    assert trend[trend["event"] == "requested"]["linkages"].tolist() == [2, 1, 0, 0]
    q2 = event_trend(con, filters=Filters(fiscal_year=2568, quarter=2))
    assert q2.set_index("event")["linkages"].to_dict() == {
        "requested": 1, "linked": 2, "in_use": 0, "cancelled": 0,
    }  # fmt: skip


def test_event_trend_empty_store():
    assert event_trend(open_store(":memory:")).empty


def test_year_over_year(con):
    yoy = year_over_year(con, event="requested")
    totals = yoy.drop_duplicates("fiscal_year").set_index("fiscal_year")
    # FY67: 3 (all in Q1); FY68: 2 in Q1 + 1 in Q2 = 3 → no change
    assert totals["year_total"].to_dict() == {2567: 3, 2568: 3}
    assert pd.isna(totals.loc[2567, "change_pct"])
    assert totals.loc[2568, "change_pct"] == 0.0
    assert yoy[yoy["fiscal_year"] == 2568]["linkages"].tolist() == [2, 1, 0, 0]
    # a chosen year is compared with the one before, even when it is empty
    later = year_over_year(con, event="requested", filters=Filters(fiscal_year=2569))
    assert later.drop_duplicates("fiscal_year")["change_pct"].tolist()[1] == -100.0
    # one quarter across years: linked in Q2 — FY67 1 (F), FY68 2 (A, B) → +100 %
    q2 = year_over_year(con, event="linked", filters=Filters(quarter=2))
    assert q2[["fiscal_year", "linkages", "change_pct"]].values.tolist()[1] == [2568, 2, 100.0]
    assert len(q2) == 2


def test_quadrant_counts(con):
    quadrants = quadrant_counts(con).set_index("quadrant")
    assert quadrants["linkages"].to_dict() == {
        "unification": 2, "coordination": 1, "replication": 1, "diversification": 1,
        "unspecified": 1,
    }  # fmt: skip
    assert quadrants.loc["coordination", ["integration_level", "standardization_level"]].tolist() == [
        "high", "low",
    ]  # fmt: skip
    assert not {"label_th", "label_en"} & set(quadrants.columns)  # keys, never words
    outbound = quadrant_counts(con, filters=Filters(direction="outbound")).set_index("quadrant")
    assert outbound.loc["unification", "linkages"] == 2  # A, F
    assert outbound.loc["coordination", "linkages"] == 0


# ---------------------------------------------------------------- drill-down rows


def test_linkage_rows_match_the_bars(con):
    live = linkage_rows(con, dimension="partner_type", key="government", outcome="live")
    assert list(live["linkage_id"]) == ["A", "B"]
    assert list(linkage_rows(con, dimension="ministry", key="unspecified")["linkage_id"]) == ["D"]
    assert list(linkage_rows(con, dimension="quadrant", key="unification")["linkage_id"]) == [
        "A", "F",
    ]  # fmt: skip
    assert list(linkage_rows(con, dimension="quadrant", key="unspecified")["linkage_id"]) == ["C"]
    for key, n in zip(*[counts_by(con, dimension="status")[c] for c in ("key", "linkages")],
                      strict=True):  # fmt: skip
        assert len(linkage_rows(con, dimension="status", key=key)) == n


def test_event_rows(con):
    rows = event_rows(con, event="requested", fiscal_year=2567, quarter=1)
    assert list(rows["linkage_id"]) == ["F", "D", "E"]  # by request date
    linked = event_rows(con, event="linked", fiscal_year=2568)
    assert list(linked["linkage_id"]) == ["A", "B"]
    assert event_rows(con, event="linked", fiscal_year=2568, filters=Filters(direction="inbound"))[
        "linkage_id"
    ].tolist() == ["B"]


def test_lead_time_rows_match_the_distribution(con):
    # requested → linked: A 90, B 62 (61–90 band), F 181 (181–365 band)
    rows = lead_time_rows(con, segment="request_to_link", band=2)
    assert rows[["linkage_id", "days"]].values.tolist() == [["A", 90], ["B", 62]]
    assert lead_time_rows(con, segment="request_to_link", band=3).empty
    assert list(lead_time_rows(con, segment="request_to_link", band=4)["linkage_id"]) == ["F"]
    dist = lead_time_distribution(con)
    for segment, band, n in dist[["segment", "band", "linkages"]].itertuples(index=False):
        assert len(lead_time_rows(con, segment=segment, band=band)) == n
    with pytest.raises(ValueError):
        lead_time_rows(con, segment="request_to_link", band=9)


def test_cancellation_rows(con):
    assert list(cancellation_rows(con, today=D(2025, 5, 1), reason="breach")["linkage_id"]) == ["D"]
    assert cancellation_rows(con, today=D(2025, 5, 1), reason="new_provider").empty
    # the bars count by cancellation date: D was cancelled in FY 2568
    in_2568 = Filters(fiscal_year=2568)
    assert (
        cancellations_by_reason(con, filters=in_2568, today=D(2025, 5, 1))
        .set_index("cancel_reason")
        .loc["breach", "linkages"]
        == 1
    )
    assert list(
        cancellation_rows(con, today=D(2025, 5, 1), reason="breach", filters=in_2568)["linkage_id"]
    ) == ["D"]
    assert cancellation_rows(
        con, today=D(2025, 5, 1), reason="breach", filters=Filters(fiscal_year=2567)
    ).empty


def test_survey_rows(con):
    rows = survey_rows(con, process="inbound")
    assert list(rows["response_id"]) == ["S2", "S1", "S3"]  # newest first; S4 answered nothing
    assert rows.set_index("response_id").loc["S1", ["answers", "mean_answer"]].tolist() == [2, 4.5]
    assert rows.set_index("response_id").loc["S3", "mean_answer"] == 3.0
    in_2568 = survey_rows(con, process="inbound", filters=Filters(fiscal_year=2568))
    assert list(in_2568["response_id"]) == ["S2", "S1"]
    assert list(survey_rows(con, process="inbound", respondent_group="internal")["response_id"]) == [
        "S1",
    ]  # fmt: skip
    assert list(
        survey_rows(con, process="inbound", respondent_group="unspecified")["response_id"]
    ) == ["S3"]
    assert survey_rows(con, process="manual_review").empty
    scores = satisfaction_scores(con).set_index(["process", "respondent_group"])
    assert scores.loc[("inbound", "all"), "responses"] == len(rows)


# ---------------------------------------------------------------- operational watch lists


def test_register_changes_newest_first_under_the_filters(con):
    changes = register_changes(con)
    assert list(changes["linkage_id"]) == ["C", "B", "A"]
    assert changes.iloc[0][["field", "old_value", "new_value", "upload_id", "file_name"]].tolist() == [
        "method", "soap", "rest", 2, "r2.xlsx",
    ]  # fmt: skip
    assert list(register_changes(con, filters=Filters(direction="inbound"))["linkage_id"]) == ["B"]
    # the period applies to the day of the change: 9 Nov 2024 is FY 2568 Q1
    q1 = register_changes(con, filters=Filters(fiscal_year=2568, quarter=1))
    assert list(q1["linkage_id"]) == ["A"]
    assert list(register_changes(con, limit=1)["linkage_id"]) == ["C"]


def test_mou_watch(con):
    today = D(2025, 5, 1)
    # B expired 1 Apr (−30), A due 1 Jun (31), F due 1 Oct (153); C 1 Jan 2026 (245) is later;
    # D is cancelled
    watch = mou_expiry(con, today=today, within_days=MOU_WATCH_DAYS)
    assert watch[["linkage_id", "days_left", "band"]].values.tolist() == [
        ["B", -30, "expired"], ["A", 31, "within_90"], ["F", 153, "within_180"],
    ]  # fmt: skip
    assert list(mou_expiry(con, today=today, within_days=90)["linkage_id"]) == ["B", "A"]


def test_late_requests_and_wait_bands():
    requests = pd.DataFrame({"days_waiting": [0, 30, 31, 60, 61, 95, 400]})
    assert int(mark_late(requests, late_after_days=30)["late"].sum()) == 5
    bands = wait_bands(requests, late_after_days=30)
    # bands: 0–30, 31–60, 61–90, 91–180, 181–360, over 360
    assert bands["linkages"].tolist() == [2, 2, 1, 1, 0, 1]
    assert bands["late"].tolist() == [False, True, True, True, True, True]
    assert bands["low"].tolist() == [0, 30, 60, 90, 180, 360]
    assert bands["high"].tolist() == [30, 60, 90, 180, 360, None]
    assert requests_in_band(requests, band=1, late_after_days=30)["days_waiting"].tolist() == [
        31, 60,
    ]  # fmt: skip
    sixty = wait_bands(requests, late_after_days=60)
    assert sixty["linkages"].tolist() == [4, 2, 0, 0, 1, 0]  # 0–60, 61–120, …, 361–720


def test_mou_watch_and_summary_are_one_banding(con):
    today = D(2025, 5, 1)
    full = mou_expiry(con, today=today)
    for within in (0, 90, 180, 365):
        expected = full[full["days_left"] <= within].reset_index(drop=True)
        got = mou_expiry(con, today=today, within_days=within)
        assert got[["linkage_id", "days_left", "band"]].equals(
            expected[["linkage_id", "days_left", "band"]]
        )
    assert list(
        mou_expiry(con, today=today, within_days=MOU_WATCH_DAYS, limit=1)["linkage_id"]
    ) == ["B"]
    # B expired; A within 90; F within 180 (the 180 includes the 90); C later
    assert mou_expiry_summary(con, today=today) == {
        "expired": 1, "expiring_within_90": 1, "expiring_within_180": 2, "later": 1,
    }  # fmt: skip


def test_stuck_watch_is_stuck_linkages_cut_in_sql(con):
    today = D(2025, 5, 1)
    # F linked 30 Mar 2024: 397 days > 180; C requested 1 Mar 2025: 61 days > 30;
    # B linked 1 Feb 2025: 89 days ≤ 180; A is in use (final)
    watch = stuck_watch(con, today=today)
    assert watch[["linkage_id", "days_in_stage"]].values.tolist() == [["F", 397], ["C", 61]]
    assert watch["linkage_id"].tolist() == stuck_linkages(con, today=today)["linkage_id"].tolist()
    assert stuck_watch(con, today=today, limit=1)["linkage_id"].tolist() == ["F"]
    assert stuck_watch(con, today=today, stage="requested")["linkage_id"].tolist() == ["C"]
