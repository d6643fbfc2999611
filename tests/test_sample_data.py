"""Tests for the deterministic sample-data generator (scripts/make_sample.py) and that the files
data/sample/ ships are exactly what it writes."""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata

import numpy as np
import pandas as pd
import pytest

from metrics.fiscal import fiscal_year
from scripts.make_sample import (
    DEFAULT_TODAY,
    SampleData,
    generate_sample,
    read_sources,
    same_content,
    sample_files,
    workbook_cells,
)
from tests.conftest import ROOT

SHIPPED = ROOT / "data" / "sample"

# Template keys copied from TEMPLATES.md (independent of the module's own constants).
REGISTER_KEYS = [
    "linkage_id",
    "partner_name",
    "partner_type",
    "ministry",
    "direction",
    "dataset",
    "data_owner_unit",
    "purpose",
    "method",
    "frequency",
    "classification",
    "personal_data",
    "mou_ref",
    "mou_signed_on",
    "mou_expires_on",
    "status",
    "requested_on",
    "responded_on",
    "linked_on",
    "in_use_on",
    "cancelled_on",
    "cancel_reason",
    "owner_notified_on",
    "integration_level",
    "standardization_level",
    "notes",
    # contract v2 (TEMPLATES.md §1a)
    "legal_basis",
    "consent_doc_ref",
    "critical_data",
    "mou_drafted_on",
    "legal_reviewed_on",
    "mou_approved_on",
    "cdo_approved_on",
    "dpo_approved_on",
    "council_approved_on",
    "cancellation_reported_on",
]
QS = [f"q{i}" for i in range(1, 11)]
SURVEY_KEYS = ["response_id", "process", "linkage_id", "respondent_group", "answered_on", *QS]
SURVEY_KEYS.append("comment")
CS = [f"c{i}" for i in range(1, 15)]
ASSESSMENT_KEYS = ["assessment_id", "partner_name", "framework", "assessed_on", "assessor", *CS]
EGOV_ITEMS = [
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
EGOV_KEYS = ["unit", "assessed_on", *EGOV_ITEMS]
HISTORY_KEYS = ["linkage_id", "field", "old_value", "new_value", "changed_at"]

STATUSES = {
    "identified",
    "requested",
    "under_review",
    "approved",
    "rejected",
    "mou_signed",
    "developing",
    "testing",
    "linked",
    "in_use",
    "cancelled",
    "expired",
}
METHODS = {"rest", "soap", "file", "gdx", "db_link", "other"}
FREQUENCIES = {"realtime", "daily", "weekly", "monthly", "quarterly", "yearly", "on_request"}
CLASSIFICATIONS = {"public", "internal", "confidential", "secret", "top_secret"}
REASONS = {"breach", "purpose_unmet", "no_longer_needed", "new_provider", "provider_withdrew"}
REGISTER_DATES = [
    "mou_signed_on",
    "mou_expires_on",
    "requested_on",
    "responded_on",
    "linked_on",
    "in_use_on",
    "cancelled_on",
    "owner_notified_on",
]
EVENT_DATES = [c for c in REGISTER_DATES if c != "mou_expires_on"]
TARGETS = {"manual_review": 80, "inbound": 70, "cancellation": 80}
NHA14_WEIGHTS = (15, 10, 20, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5)
EGOV_WEIGHTS = {"s1": 7, "s2": 24, "s3": 30, "s4": 39}

CASES = [
    (2568, None),
    (7, None),
    (42, dt.date(2025, 3, 15)),
    (99, dt.date(2024, 12, 1)),
]


def _missing(v) -> bool:
    return v is None or (not isinstance(v, str) and pd.isna(v))


def _val(v):
    return None if _missing(v) else v


@pytest.fixture(scope="module", params=CASES, ids=lambda c: f"seed{c[0]}-{c[1] or 'default'}")
def case(request) -> tuple[SampleData, dt.date]:
    seed, today = request.param
    return generate_sample(seed, today), today or DEFAULT_TODAY


@pytest.fixture(scope="module")
def default() -> SampleData:
    return generate_sample()


def _rows(df: pd.DataFrame) -> list[dict]:
    return [{k: _val(v) for k, v in r.items()} for r in df.to_dict("records")]


def _window(today: dt.date) -> tuple[dt.date, list[int]]:
    last = fiscal_year(today)
    return dt.date(last - 3 - 544, 10, 1), list(range(last - 3, last + 1))


# ---------------------------------------------------------------------------
# Determinism and API
# ---------------------------------------------------------------------------


def test_default_today_is_fixed():
    assert DEFAULT_TODAY == dt.date(2026, 9, 30)
    a = generate_sample()
    b = generate_sample(2568, dt.date(2026, 9, 30))
    pd.testing.assert_frame_equal(a.register, b.register)


def test_deterministic_same_seed():
    a, b = generate_sample(11), generate_sample(11)
    for name in ("register", "history", "surveys", "assessments", "egov"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def test_different_seed_differs():
    a, b = generate_sample(1), generate_sample(2)
    assert not a.register.equals(b.register)
    assert not a.surveys.equals(b.surveys)


def test_global_random_state_untouched():
    random.seed(5)
    np.random.seed(5)
    py_state, np_state = random.getstate(), np.random.get_state()
    generate_sample(3)
    assert random.getstate() == py_state
    after = np.random.get_state()
    assert np_state[0] == after[0] and np_state[2:] == after[2:]
    assert np.array_equal(np_state[1], after[1])


def test_sample_data_is_frozen(default):
    with pytest.raises(AttributeError):
        default.register = pd.DataFrame()  # type: ignore[misc]


def test_columns_are_template_keys(default):
    assert list(default.register.columns) == REGISTER_KEYS
    assert list(default.surveys.columns) == SURVEY_KEYS
    assert list(default.assessments.columns) == ASSESSMENT_KEYS
    assert list(default.egov.columns) == EGOV_KEYS
    assert list(default.history.columns) == HISTORY_KEYS


def test_dtypes(default):
    reg = default.register
    assert reg["personal_data"].dtype == bool
    for c in REGISTER_DATES:
        assert all(_missing(v) or type(v) is dt.date for v in reg[c]), c
    for q in QS:
        assert str(default.surveys[q].dtype) == "Int64"
    for c in CS:
        assert str(default.assessments[c].dtype) == "Int64"
    for item in EGOV_ITEMS:
        assert default.egov[item].dtype == bool
    assert pd.api.types.is_datetime64_any_dtype(default.history["changed_at"])
    assert all(type(v) is dt.date for v in default.surveys["answered_on"])


# ---------------------------------------------------------------------------
# Register
# ---------------------------------------------------------------------------


def test_register_size_and_partners(case):
    data, _ = case
    reg = data.register
    assert 140 <= len(reg) <= 160
    assert reg["linkage_id"].is_unique
    assert all(re.fullmatch(r"ตัวอย่าง-LNK-25\d\d-\d{3}", x) for x in reg["linkage_id"])
    assert 35 <= reg["partner_name"].nunique() <= 45
    assert set(reg["partner_type"]) == {"government", "state_enterprise", "private"}
    for name, grp in reg.groupby("partner_name"):
        assert grp["partner_type"].nunique() == 1, name
        assert grp["ministry"].nunique(dropna=False) == 1, name
        ptype, ministry = grp["partner_type"].iloc[0], _val(grp["ministry"].iloc[0])
        if ptype == "private":
            assert ministry is None, name
        else:
            assert ministry and (ministry.startswith("กระทรวง") or ministry == "สำนักนายกรัฐมนตรี")
    expected = {
        "กรมการปกครอง": ("government", "กระทรวงมหาดไทย"),
        "กรมสรรพากร": ("government", "กระทรวงการคลัง"),
        "ธนาคารอาคารสงเคราะห์": ("state_enterprise", "กระทรวงการคลัง"),
        "การไฟฟ้านครหลวง": ("state_enterprise", "กระทรวงมหาดไทย"),
    }
    first = reg.drop_duplicates("partner_name").set_index("partner_name")
    for name, (ptype, ministry) in expected.items():
        assert (first.loc[name, "partner_type"], first.loc[name, "ministry"]) == (ptype, ministry)


def test_register_enums_and_mix(case):
    data, _ = case
    reg = data.register
    assert set(reg["status"]) == STATUSES
    assert set(reg["direction"]) == {"outbound", "inbound"}
    assert set(reg["method"]) == METHODS
    assert set(reg["frequency"]) <= FREQUENCIES
    assert set(reg["classification"]) == CLASSIFICATIONS
    counts = reg["method"].value_counts()
    assert counts.index[0] in {"gdx", "rest"} and counts.index[1] in {"gdx", "rest"}
    live = reg["status"].isin(["linked", "in_use"]).sum()
    assert live > len(reg) * 0.4
    assert 0.2 <= reg["personal_data"].mean() <= 0.4
    assert set(reg["integration_level"].dropna()) == {"high", "low"}
    quadrants = set(zip(reg["integration_level"], reg["standardization_level"], strict=True))
    assert {("high", "high"), ("high", "low"), ("low", "high"), ("low", "low")} <= quadrants
    assert reg["integration_level"].notna().mean() > 0.75
    mou = reg["mou_ref"].dropna()
    assert mou.is_unique


ORDER = ["requested_on", "responded_on", "mou_signed_on", "linked_on", "in_use_on", "cancelled_on"]
# Latest date column a status may carry (cancelled/expired: any).
REACHED = {
    "identified": 0,
    "requested": 1,
    "under_review": 1,
    "approved": 2,
    "rejected": 2,
    "mou_signed": 3,
    "developing": 3,
    "testing": 3,
    "linked": 4,
    "in_use": 5,
}


def test_register_dates_consistent(case):
    data, today = case
    for row in _rows(data.register):
        status = row["status"]
        present = [row[c] for c in ORDER if row[c] is not None]
        assert present == sorted(present), row["linkage_id"]
        if status in REACHED:
            n = REACHED[status]
            assert all(row[c] is not None for c in ORDER[:n]), row["linkage_id"]
            assert all(row[c] is None for c in ORDER[n:]), row["linkage_id"]
        if status == "rejected":
            assert row["mou_signed_on"] is None and row["linked_on"] is None
        if status in ("expired", "cancelled"):
            assert row["requested_on"] is not None and row["responded_on"] is not None
        if status == "expired":
            assert row["linked_on"] is not None
            assert row["mou_expires_on"] < today
        # a stage reached implies the earlier ones were reached
        for later, earlier in [
            ("responded_on", "requested_on"),
            ("mou_signed_on", "responded_on"),
            ("linked_on", "mou_signed_on"),
            ("in_use_on", "linked_on"),
        ]:
            if row[later] is not None:
                assert row[earlier] is not None, (row["linkage_id"], later)
        if row["mou_signed_on"] is not None:
            assert row["mou_ref"] is not None
            if row["mou_expires_on"] is None:  # the finding "signed without an expiry date"
                assert status in ("mou_signed", "developing"), row["linkage_id"]
            else:
                assert row["mou_expires_on"] > row["mou_signed_on"]
        else:
            assert row["mou_ref"] is None and row["mou_expires_on"] is None
        for c in EVENT_DATES:
            assert row[c] is None or row[c] <= today, (row["linkage_id"], c)


def test_cancellations(case):
    data, _ = case
    rows = _rows(data.register)
    cancelled = [r for r in rows if r["status"] == "cancelled"]
    assert cancelled
    for r in cancelled:
        assert r["cancelled_on"] is not None
        assert r["cancel_reason"] in REASONS
        if r["owner_notified_on"] is not None:
            assert r["owner_notified_on"] >= r["cancelled_on"]
    assert sum(r["owner_notified_on"] is not None for r in cancelled) >= 0.7 * len(cancelled)
    for r in rows:
        if r["status"] != "cancelled":
            assert r["cancelled_on"] is None and r["cancel_reason"] is None
        if r["status"] not in ("cancelled", "expired"):
            assert r["owner_notified_on"] is None
            assert r["cancellation_reported_on"] is None


def test_ended_linkages_have_their_own_report_dates(case):
    """Issue 13: each cancelled or expired linkage has its own report date (a few not yet,
    a few late), never before its end; an expired agreement's owner is told after its end."""
    data, today = case
    rows = _rows(data.register)
    ended = [r for r in rows if r["status"] in ("cancelled", "expired")]
    reported = [r for r in ended if r["cancellation_reported_on"] is not None]
    assert 0 < len(reported) < len(ended)
    for r in reported:
        end = r["cancelled_on"] or r["mou_expires_on"]
        assert end <= r["cancellation_reported_on"] <= today
    for r in ended:
        if r["status"] == "expired" and r["owner_notified_on"] is not None:
            assert r["owner_notified_on"] >= r["mou_expires_on"]


def test_default_has_every_cancel_reason(default):
    assert set(default.register["cancel_reason"].dropna()) == REASONS


def test_fiscal_years_covered(case):
    data, today = case
    start, fys = _window(today)
    reg = data.register
    requested = [d for d in reg["requested_on"] if not _missing(d)]
    assert min(requested) >= start
    assert {fiscal_year(d) for d in requested} == set(fys)
    assert {int(x.split("-")[2]) for x in reg["linkage_id"]} <= set(fys)


def test_default_fiscal_years_are_2566_to_2569(default):
    fys = {fiscal_year(d) for d in default.register["requested_on"] if not _missing(d)}
    assert fys == {2566, 2567, 2568, 2569}
    assert {fiscal_year(d) for d in default.surveys["answered_on"]} == {2566, 2567, 2568, 2569}


def test_expiring_and_late(case):
    data, today = case
    rows = _rows(data.register)
    live = [r for r in rows if r["status"] in ("linked", "in_use")]
    exp = [r["mou_expires_on"] for r in live]
    assert any(d < today for d in exp)
    assert any(today <= d <= today + dt.timedelta(days=90) for d in exp)
    assert any(today + dt.timedelta(days=90) < d <= today + dt.timedelta(days=180) for d in exp)
    assert sum(r["status"] == "expired" for r in rows) >= 3
    late = [
        r
        for r in rows
        if r["status"] in ("requested", "under_review") and (today - r["requested_on"]).days > 120
    ]
    assert len(late) >= 3


def test_text_is_normalised(default):
    frames = [default.register, default.surveys, default.assessments, default.egov]
    for df in frames:
        for c in df.columns:
            for v in df[c]:
                if isinstance(v, str):
                    assert v == v.strip() and v
                    assert unicodedata.normalize("NFC", v) == v
                    assert "\u0e4d\u0e32" not in v and "เเ" not in v
                    assert not re.search("[\u200b\u200c\u200d\u2060\ufeff\u00a0]", v)


# ---------------------------------------------------------------------------
# History
# ---------------------------------------------------------------------------


def test_history_matches_register(case):
    data, today = case
    reg = {r["linkage_id"]: r for r in _rows(data.register)}
    hist = data.history
    assert set(hist["field"]) == {"status"}
    assert set(hist["linkage_id"]) <= set(reg)
    by_id = {k: g for k, g in hist.groupby("linkage_id", sort=False)}
    for lid, row in reg.items():
        if row["status"] == "identified":
            assert lid not in by_id
            continue
        g = by_id[lid]
        times = list(g["changed_at"])
        assert times == sorted(times) and len(set(times)) == len(times)
        assert g["new_value"].iloc[-1] == row["status"]
        assert g["old_value"].iloc[0] == "identified"
        assert list(g["old_value"].iloc[1:]) == list(g["new_value"].iloc[:-1])
        assert set(g["new_value"]) <= STATUSES
        assert all(t.date() <= today for t in times)
        at = {n: t.date() for n, t in zip(g["new_value"], g["changed_at"], strict=True)}
        assert at["requested"] == row["requested_on"]
        if row["responded_on"] is not None:
            assert row["responded_on"] in (at.get("approved"), at.get("rejected"))
        for state, col in [
            ("mou_signed", "mou_signed_on"),
            ("linked", "linked_on"),
            ("in_use", "in_use_on"),
            ("cancelled", "cancelled_on"),
        ]:
            assert at.get(state) == row[col], (lid, state)
        if row["status"] == "expired":
            assert at["expired"] > row["mou_expires_on"]


def test_history_has_stuck_rows(default):
    hist, today = default.history, DEFAULT_TODAY
    last = hist.groupby("linkage_id").tail(1)
    stuck = last[
        last["new_value"].isin(["mou_signed", "developing", "testing"])
        & (last["changed_at"].dt.date.map(lambda d: (today - d).days) > 150)
    ]
    assert len(stuck) >= 2


# ---------------------------------------------------------------------------
# Surveys
# ---------------------------------------------------------------------------


def test_surveys_shape_and_values(case):
    data, today = case
    sv = data.surveys
    start, fys = _window(today)
    assert sv["response_id"].is_unique
    assert set(sv["process"]) == {"manual_review", "outbound", "inbound", "cancellation"}
    assert set(sv["respondent_group"]) == {"internal", "external"}
    answers = sv[QS]
    values = set(answers.stack().dropna().astype(int))
    assert values <= {1, 2, 3, 4, 5}
    assert answers.notna().any(axis=1).all()
    assert answers.isna().to_numpy().any()  # a few blanks
    assert all(start <= d <= today for d in sv["answered_on"])
    assert {fiscal_year(d) for d in sv["answered_on"]} == set(fys)


def test_surveys_size(default):
    assert 350 <= len(default.surveys) <= 450
    comments = default.surveys["comment"].notna().mean()
    assert 0 < comments < 0.3


def test_surveys_point_at_real_linkages(case):
    data, _ = case
    reg = data.register.set_index("linkage_id")
    sv = data.surveys
    assert sv.loc[sv["process"] == "manual_review", "linkage_id"].isna().all()
    linked = sv[sv["process"] != "manual_review"]
    assert linked["linkage_id"].notna().mean() >= 0.7
    for r in _rows(linked):
        lid = r["linkage_id"]
        if lid is None:
            continue
        row = reg.loc[lid]
        if r["process"] == "cancellation":
            assert row["status"] == "cancelled"
            assert row["cancelled_on"] <= r["answered_on"]
        else:
            assert row["direction"] == r["process"]
            assert row["linked_on"] is not None and row["linked_on"] <= r["answered_on"]


def _satisfaction(sv: pd.DataFrame) -> dict[tuple[str, int], float]:
    out = {}
    fy = sv["answered_on"].map(fiscal_year)
    for (process, year), g in sv.groupby([sv["process"], fy]):
        out[(process, year)] = g[QS].stack().astype(float).mean() / 5 * 100
    return out


@pytest.mark.parametrize("seed", [2568, 1, 2, 3, 4])
def test_satisfaction_targets_met_and_missed(seed):
    sat = _satisfaction(generate_sample(seed).surveys)
    for process, target in TARGETS.items():
        met = [sat[(process, fy)] >= target for fy in (2566, 2567, 2568, 2569)]
        assert any(met), process
        assert not all(met), process  # falls short in at least one year
    assert sat[("manual_review", 2569)] >= 80


# ---------------------------------------------------------------------------
# Assessments
# ---------------------------------------------------------------------------


def _band(percent: float) -> str:
    for limit, band in ((50, "lowest"), (61, "low"), (71, "moderate"), (81, "high")):
        if percent < limit:
            return band
    return "highest"


def test_assessments(case):
    data, today = case
    a = data.assessments
    start, _ = _window(today)
    assert 25 <= len(a) <= 35
    assert a["assessment_id"].is_unique
    assert set(a["framework"]) == {"pwo7", "nha14"}
    assert all(start <= d <= today for d in a["assessed_on"])
    assert a["assessor"].notna().all()
    pwo = a[a["framework"] == "pwo7"]
    assert pwo[CS[:7]].notna().all().all()
    assert pwo[CS[:7]].isin(range(1, 6)).all().all()
    assert pwo[CS[7:]].isna().all().all()
    nha = a[a["framework"] == "nha14"]
    assert nha[CS].notna().all().all()
    assert nha[CS].isin([0, 1]).all().all()

    bands = {_band(t / 35 * 100) for t in pwo[CS[:7]].astype(int).sum(axis=1)}
    assert len(bands) >= 4
    totals = nha[CS].astype(int).to_numpy() @ np.array(NHA14_WEIGHTS)
    assert (totals >= 60).any() and (totals < 60).any()

    names = set(data.register["partner_name"])
    in_reg = a["partner_name"].isin(names)
    assert in_reg.sum() >= 20
    assert 1 <= (~in_reg).sum() <= 10


# ---------------------------------------------------------------------------
# e-Government
# ---------------------------------------------------------------------------


def _egov_score(df: pd.DataFrame) -> float:
    total = 0.0
    for stage, weight in EGOV_WEIGHTS.items():
        cols = [c for c in EGOV_ITEMS if c.startswith(stage)]
        total += weight * df[cols].mean(axis=1).mean()
    return total


def test_egov(case):
    data, today = case
    e = data.egov
    assert 10 <= e["unit"].nunique() <= 14
    assert all(d <= today for d in e["assessed_on"])
    fy = e["assessed_on"].map(fiscal_year)
    assert e.groupby([e["unit"], fy]).size().max() == 1
    assert e["s1_information"].all()
    # once a unit offers an item it keeps offering it
    for _, g in e.sort_values("assessed_on").groupby("unit"):
        for item in EGOV_ITEMS:
            vals = list(g[item])
            assert vals == sorted(vals), item
    scores = [_egov_score(g) for _, g in e.groupby(fy)]
    assert scores == sorted(scores)
    if len(scores) > 1:
        assert scores[-1] > scores[0]


def test_egov_default_years(default):
    e = default.egov
    assert len(e) == 12 * 4
    assert {fiscal_year(d) for d in e["assessed_on"]} == {2566, 2567, 2568, 2569}


# ---------------------------------------------------------------------------
# The shipped files and the sources
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def regenerated(default) -> dict[str, bytes]:
    return sample_files(default)


def test_generator_writes_the_four_spreadsheets_and_the_history(regenerated):
    assert sorted(regenerated) == [
        "sample_assessments.xlsx",
        "sample_egov.xlsx",
        "sample_history.csv",
        "sample_register.xlsx",
        "sample_surveys.xlsx",
    ]


@pytest.mark.parametrize(
    "name",
    [
        "sample_register.xlsx",
        "sample_surveys.xlsx",
        "sample_assessments.xlsx",
        "sample_egov.xlsx",
        "sample_history.csv",
    ],
)
def test_shipped_file_is_what_the_generator_writes(regenerated, name):
    shipped = (SHIPPED / name).read_bytes()
    assert same_content(name, shipped, regenerated[name]), (
        "data/sample is stale: run .venv/bin/python scripts/make_sample.py"
    )


def test_shipped_workbooks_hold_a_title_headers_and_every_generated_row(default):
    # title row + Thai header row + one row per record
    for name, frame in [
        ("sample_register.xlsx", default.register),
        ("sample_surveys.xlsx", default.surveys),
        ("sample_assessments.xlsx", default.assessments),
        ("sample_egov.xlsx", default.egov),
    ]:
        cells = workbook_cells((SHIPPED / name).read_bytes())
        assert cells[0][0].startswith("ข้อมูลตัวอย่าง (สมมติ เพื่อการสาธิต)"), name
        assert len(cells) == 2 + len(frame), name


def test_shipped_history_is_the_generated_history(default):
    lines = (SHIPPED / "sample_history.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(HISTORY_KEYS)
    first = default.history.iloc[0]
    assert lines[1] == (
        f"{first['linkage_id']},status,{first['old_value']},{first['new_value']},"
        f"{first['changed_at']:%Y-%m-%d %H:%M:%S}"
    )
    assert len(lines) == 1 + len(default.history)


def test_sources_are_read_and_checked_against_the_contract():
    sources = read_sources()
    assert len(sources.partners) == 41
    # every partner gives at least one dataset; the datasets file has 80 rows
    assert sum(len(p.outbound) + len(p.inbound) for p in sources.partners) == 80
    assert all(p.outbound for p in sources.partners)
    assert {p.type for p in sources.partners} == {"government", "state_enterprise", "private"}
    assert all(p.ministry is None for p in sources.partners if p.type == "private")
    assert len(sources.egov_units) == 12


def test_a_source_value_outside_the_contract_is_refused(tmp_path):
    for name in ("partners.csv", "datasets.csv", "lists.json"):
        (tmp_path / name).write_bytes((SHIPPED / "source" / name).read_bytes())
    datasets = tmp_path / "datasets.csv"
    datasets.write_text(
        datasets.read_text(encoding="utf-8").replace(",top_secret,", ",very_secret,"),
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="very_secret"):
        read_sources(tmp_path)


def test_the_generator_declares_no_rule_of_its_own():
    # fiscal_year, METHODS and CANCEL_REASONS come from metrics.fiscal and loaders.spec
    import scripts.make_sample as generator
    from loaders import spec
    from metrics import fiscal

    assert generator.fiscal_year is fiscal.fiscal_year
    assert generator.METHODS is spec.METHODS
    assert generator.CANCEL_REASONS is spec.CANCEL_REASONS


def test_default_has_agreements_expired_but_still_live(default):
    """Issue 13: a few live linkages past their agreement's expiry, the finding to act on."""
    rows = _rows(default.register)
    lapsed = [
        r
        for r in rows
        if r["status"] in ("linked", "in_use")
        and r["mou_expires_on"] is not None
        and r["mou_expires_on"] < DEFAULT_TODAY
    ]
    assert 1 <= len(lapsed) <= 5


def test_the_sample_uses_every_contract_v2_column_and_raises_each_finding(default):
    reg = default.register
    for column in ("legal_basis", "consent_doc_ref", "mou_drafted_on", "legal_reviewed_on",
                   "mou_approved_on", "cdo_approved_on", "dpo_approved_on",
                   "council_approved_on"):  # fmt: skip
        assert reg[column].notna().any(), column
    assert reg["critical_data"].any() and not reg["critical_data"].all()
    live = reg[~reg["status"].isin(["cancelled", "rejected"])]
    no_basis = live[live["personal_data"] & live["legal_basis"].isna()]
    consent_no_doc = live[(live["legal_basis"] == "consent") & live["consent_doc_ref"].isna()]
    signed_no_expiry = live[live["mou_signed_on"].notna() & live["mou_expires_on"].isna()]
    assert len(no_basis) == 3 and len(consent_no_doc) == 2 and len(signed_no_expiry) == 2
    # the procedure's dates run in order and never after the signing
    done = reg[reg["mou_signed_on"].notna()]
    assert (done["mou_drafted_on"] <= done["legal_reviewed_on"]).all()
    assert (done["legal_reviewed_on"] <= done["mou_approved_on"]).all()
    assert (done["mou_approved_on"] <= done["mou_signed_on"]).all()
