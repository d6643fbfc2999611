"""Register columns of contract v2 (TEMPLATES.md §1a): import rules, findings, MOU sub-stages.

Small hand registers; every figure is worked out in the comments.
"""

from __future__ import annotations

import datetime as dt

import pytest

from loaders.importer import preview
from loaders.store import open_store
from metrics.filters import Filters
from metrics.findings import findings, findings_report, findings_summary
from metrics.kpis import evaluate_kpis
from metrics.mou_procedure import mou_step_rows, mou_step_summary
from tests.metrics_fixtures import REGISTER_HEADER, REGISTER_ROWS, import_at, register_csv

NOW = dt.datetime(2025, 8, 1, 9, 0)
TODAY = dt.date(2025, 8, 1)

V2_HEADER = (
    "linkage_id,partner_name,direction,dataset,status,personal_data,legal_basis,consent_doc_ref,"
    "critical_data,mou_drafted_on,legal_reviewed_on,mou_approved_on,mou_signed_on,mou_expires_on,"
    "cdo_approved_on,dpo_approved_on,council_approved_on"
)
# P1 personal, no basis → finding; P2 consent without a document → finding; P3 consent with
# a document, P4 law: fine. M1 signed without expiry → finding; M2 signed with expiry: fine.
# MOU sub-stages on 1 Aug 2025: M1 drafted 1 Jan, reviewed 11 Jan (10 d), approved 10 Feb
# (30 d), signed 1 Mar (19 d); M2 drafted 1 Jan, reviewed 15 Mar (73 d, late), approved
# 25 Mar (10 d), signed 4 Apr (10 d); W1 drafted 1 Jul, waits for legal review 31 d (stuck);
# W2 drafted 1 Jul, reviewed 22 Jul (21 d), waits for approval 10 d; W3 drafted 1 Jan but rejected (not waiting).
V2_ROWS = """\
P1,Partner A,inbound,d,requested,yes,,,no,,,,,,,,
P2,Partner B,inbound,d,requested,yes,consent,,,,,,,,,,
P3,Partner C,inbound,d,requested,yes,ความยินยอมของเจ้าของข้อมูล,ยค. 1/2568,,,,,,,,,
P4,Partner D,inbound,d,requested,ใช่,อำนาจตามกฎหมาย,,มี,,,,,,2025-07-01,,
M1,Partner E,outbound,d,mou_signed,no,,,,2025-01-01,2025-01-11,2025-02-10,2025-03-01,,,,
M2,Partner F,outbound,d,linked,no,,,,2025-01-01,2025-03-15,2025-03-25,2025-04-04,2027-04-04,,,
W1,Partner G,outbound,d,approved,no,,,,2025-07-01,,,,,,,
W2,Partner H,outbound,d,approved,no,,,,2025-07-01,2025-07-22,,,,,,
W3,Partner I,outbound,d,rejected,no,,,,2025-01-01,,,,,,,
"""


@pytest.fixture
def con():
    con = open_store(":memory:")
    import_at(con, (V2_HEADER + "\n" + V2_ROWS).encode(), "register", NOW)
    return con


def test_the_new_columns_are_read_in_thai_or_english_and_stored_typed(con):
    stored = dict(
        con.execute(
            "SELECT linkage_id, (legal_basis, consent_doc_ref, critical_data, cdo_approved_on) "
            "FROM linkages"
        ).fetchall()
    )
    assert stored["P3"] == ("consent", "ยค. 1/2568", None, None)
    assert stored["P4"] == ("law", None, True, dt.date(2025, 7, 1))
    assert stored["P1"] == (None, None, False, None)


def test_procedure_dates_out_of_order_are_rejected_with_a_bilingual_reason():
    con = open_store(":memory:")
    data = (
        "linkage_id,partner_name,direction,dataset,status,mou_drafted_on,legal_reviewed_on,"
        "mou_approved_on\n"
        "A,P,outbound,d,approved,2025-03-01,2025-02-01,\n"
        "B,P,outbound,d,approved,1 ม.ค. 2568,10 ม.ค. 2568,5 ม.ค. 2568\n"
        "C,P,outbound,d,approved,2025-01-01,2025-01-01,2025-01-01\n"
    ).encode()
    errors = preview(con, data, "f.csv", "register").validated.errors
    assert [(e.row, e.column) for e in errors] == [(2, "legal_reviewed_on"), (3, "mou_approved_on")]
    assert errors[0].message_th == "ต้องไม่ก่อนวันที่จัดทำร่างบันทึกข้อตกลง"
    assert errors[0].message_en == "must not be before mou drafted on"
    assert errors[1].message_th == "ต้องไม่ก่อนวันที่ฝ่ายกฎหมายตรวจร่าง"


def test_a_reimport_without_the_new_columns_keeps_them_and_scores_as_before(con):
    # a v1 file (no v2 column) naming P4 again leaves its basis, flag and approval date
    import_at(con, (REGISTER_HEADER + "\nP4,Partner D,inbound,d,requested,,yes,,,,,,,,,,,\n")
              .encode(), "register", NOW)  # fmt: skip
    row = con.execute(
        "SELECT legal_basis, critical_data, cdo_approved_on FROM linkages WHERE linkage_id='P4'"
    ).fetchone()
    assert row == ("law", True, dt.date(2025, 7, 1))
    # the hand register scores the same in a store with and without the v2 columns filled
    plain = open_store(":memory:")
    import_at(plain, register_csv(), "register", NOW)
    fy = Filters(fiscal_year=2568)
    before = [r.as_dict() for r in evaluate_kpis(plain, filters=fy, today=TODAY)]
    v2_header = REGISTER_HEADER + ",legal_basis,critical_data,cdo_approved_on"
    rows = "".join(line + ",law,yes,2025-01-01\n" for line in REGISTER_ROWS.splitlines())
    import_at(plain, (v2_header + "\n" + rows).encode(), "register", NOW)
    after = [r.as_dict() for r in evaluate_kpis(plain, filters=fy, today=TODAY)]
    assert after == before


def test_findings_personal_data_basis_consent_document_and_mou_expiry(con):
    summary = findings_summary(con).set_index("finding")["linkages"].to_dict()
    assert summary == {
        "personal_data_without_basis": 1,
        "consent_without_document": 1,
        "signed_mou_without_expiry": 1,
    }
    rows = findings(con)
    assert list(zip(rows["finding"], rows["linkage_id"], strict=True)) == [
        ("personal_data_without_basis", "P1"),
        ("consent_without_document", "P2"),
        ("signed_mou_without_expiry", "M1"),
    ]
    assert not {"label_th", "label_en", "rule_th", "rule_en"} & set(rows.columns)  # keys only
    report = findings_report(con)
    assert report["signed_mou_without_expiry"]["rule"] == "Set a clear end date (PWO manual 4.7)"
    assert report["consent_without_document"]["linkage_ids"] == ["P2"]
    assert report["signed_mou_without_expiry"]["linkages"] == 1
    # filters apply: the outbound rows hold no personal-data finding
    outbound = findings_summary(con, filters=Filters(direction=("outbound",)))
    assert outbound.set_index("finding")["linkages"].to_dict()["personal_data_without_basis"] == 0


def test_mou_sub_stages_time_in_each_and_stuck_mous_named(con):
    summary = mou_step_summary(con, today=TODAY).set_index("step")
    # legal review: M1 10 d, W2 21 d, M2 73 d (late over 30) → median 21; W1 waits 31 d (stuck)
    assert summary.loc["legal_review", ["completed", "median_days", "late", "waiting", "stuck"]
                       ].tolist() == [3, 21.0, 1, 1, 1]  # fmt: skip
    # director approval: M1 30 d (not late: over 30 is late), M2 10 d → 20; W2 waits 10 d
    assert summary.loc["director_approval", ["completed", "median_days", "late", "waiting",
                       "stuck"]].tolist() == [2, 20.0, 0, 1, 0]  # fmt: skip
    # signing: M1 19 d, M2 10 d → 14.5
    assert summary.loc["signing", ["completed", "median_days", "waiting"]].tolist() == [2, 14.5, 0]
    stuck = mou_step_rows(con, today=TODAY, stuck_only=True)
    assert list(zip(stuck["linkage_id"], stuck["step"], stuck["days"], strict=True)) == [
        ("W1", "legal_review", 31)
    ]
    signing = mou_step_rows(con, today=TODAY, step="signing")
    assert sorted(signing["linkage_id"]) == ["M1", "M2"]


def test_an_unknown_legal_basis_or_yes_no_rejects_the_row():
    con = open_store(":memory:")
    data = (
        "linkage_id,partner_name,direction,dataset,status,personal_data,legal_basis,critical_data\n"
        "A,P,inbound,d,requested,yes,friendship,no\n"
        "B,P,inbound,d,requested,yes,สัญญา,maybe\n"
        "C,P,inbound,d,requested,yes,Public_Task,Y\n"
    ).encode()
    validated = preview(con, data, "f.csv", "register").validated
    assert [(e.row, e.column) for e in validated.errors] == [
        (2, "legal_basis"),
        (3, "critical_data"),
    ]
    assert validated.accepted_count == 1
