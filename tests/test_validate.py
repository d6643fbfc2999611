"""Row-level rules of TEMPLATES.md: each rejection with its Excel row, column, value and messages."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sheets import csv_bytes, register_record, register_rows, xlsx_bytes

from loaders.normalize import CellError, enum_lookup, normalize_text, parse_date, parse_enum
from loaders.reader import read_table
from loaders.spec import STATUSES
from loaders.validate import Validated, validate


def _validate(rows: list[list[object]]) -> Validated:
    """Validate an .xlsx built from rows."""
    return validate(read_table(xlsx_bytes(rows), "f.xlsx"))


def _errors(validated: Validated) -> set[tuple[int, str, str | None]]:
    """The (row, column, value) of every error."""
    return {(e.row, e.column, e.value) for e in validated.errors}


def _assert_bilingual(validated: Validated) -> None:
    """Every error has a Thai and an English message, and the JSON form carries both."""
    for error in validated.errors:
        assert any("\u0e00" <= ch <= "\u0e7f" for ch in error.message_th), error
        assert error.message_en and error.message_en.isascii() is not None
        as_json = error.as_dict()
        assert {"row", "column", "value", "message"} <= set(as_json)
        assert error.message_th in as_json["message"] and error.message_en in as_json["message"]


def test_register_rules() -> None:
    """Title row + blank row + header (row 3): each bad row is named by its Excel row."""
    records = [
        register_record("L-OK1"),  # row 4
        register_record(None),  # row 5: no linkage id
        register_record("L-05", partner_name="  "),  # row 6: blank partner
        register_record("L-06", dataset=None),  # row 7: no dataset
        register_record("L-07", direction=None),  # row 8: no direction
        register_record("L-08", direction="ส่งออก"),  # row 9: unknown direction
        register_record("L-09", status="เสร็จแล้ว"),  # row 10: unknown status
        register_record("L-10", partner_type="บริษัท"),  # row 11: unknown partner type
        register_record("L-11", method="FTP"),  # row 12: unknown method
        register_record("L-12", requested_on="31/02/2567"),  # row 13: no such date
        register_record(
            "L-13", mou_signed_on="1 ต.ค. 2567", mou_expires_on="30 ก.ย. 2567"
        ),  # row 14: expires before signed
        register_record(
            "L-14", requested_on="15/08/2567", responded_on="14/08/2567"
        ),  # row 15: responded before requested
        register_record("L-15", status="ยกเลิก"),  # row 16: cancelled, no date
        register_record("L-DUP"),  # row 17
        register_record("L-DUP", partner_name="กรมที่ดิน"),  # row 18
        register_record("L-19", personal_data="บางส่วน"),  # row 19: not yes/no
        register_record(
            "L-OK2",
            status="cancelled",
            cancelled_on="๑ มี.ค. ๖๘",
            cancel_reason="มีผู้ให้บริการใหม่",
            personal_data="N",
        ),  # row 20
        register_record("L-21", status="Status"),  # row 21: header word as status
    ]
    validated = _validate(register_rows(records))
    assert _errors(validated) == {
        (5, "linkage_id", None),
        (6, "partner_name", None),
        (7, "dataset", None),
        (8, "direction", None),
        (9, "direction", "ส่งออก"),
        (10, "status", "เสร็จแล้ว"),
        (11, "partner_type", "บริษัท"),
        (12, "method", "FTP"),
        (13, "requested_on", "31/02/2567"),
        (14, "mou_expires_on", "30 ก.ย. 2567"),
        (15, "responded_on", "14/08/2567"),
        (16, "cancelled_on", None),
        (17, "linkage_id", "L-DUP"),
        (18, "linkage_id", "L-DUP"),
        (19, "personal_data", "บางส่วน"),
        (21, "status", "Status"),
    }
    _assert_bilingual(validated)
    assert validated.clean["linkage_id"].tolist() == ["L-OK1", "L-OK2"]
    assert validated.clean_rows == [4, 20]
    assert validated.accepted_count == 2 and validated.rejected_count == 16
    assert validated.rejected["row"].tolist() == [
        5,
        6,
        7,
        8,
        9,
        10,
        11,
        12,
        13,
        14,
        15,
        16,
        17,
        18,
        19,
        21,
    ]
    ok2 = validated.clean.iloc[1]
    assert ok2["status"] == "cancelled"
    assert ok2["cancelled_on"] == "2025-03-01"
    assert ok2["cancel_reason"] == "new_provider"
    assert ok2["personal_data"] == "false"
    ok1 = validated.clean.iloc[0]
    assert ok1["direction"] == "outbound" and ok1["partner_type"] == "government"
    assert ok1["classification"] == "confidential" and ok1["method"] == "rest"
    assert ok1["requested_on"] == "2024-08-15" and ok1["personal_data"] == "true"


def test_messages_say_what_is_wrong() -> None:
    """Messages name the rule: required, allowed values, the earlier date, the other duplicate row."""
    records = [
        register_record(None),  # row 2
        register_record("L-1", direction="ส่งออก"),  # row 3
        register_record("L-2", requested_on="15/08/2567", responded_on="1/08/2567"),  # row 4
        register_record("L-3"),  # row 5
        register_record("L-3"),  # row 6
    ]
    validated = _validate(register_rows(records, titles=(), blank_rows=0))
    by_row = {e.row: e for e in validated.errors}
    assert "ต้องระบุ" in by_row[2].message_th and "required" in by_row[2].message_en
    assert "outbound" in by_row[3].message_en and "inbound" in by_row[3].message_en
    assert "requested on" in by_row[4].message_en.lower()
    assert "6" in by_row[5].message_en and "5" in by_row[6].message_th


def test_same_day_is_not_before() -> None:
    """A response on the day of the request and an MOU ending the day it was signed are allowed."""
    record = register_record(
        "L-1",
        requested_on="15/08/2567",
        responded_on="15 ส.ค. 67",
        mou_signed_on="2024-10-01",
        mou_expires_on="1 ต.ค. 2567",
    )
    assert _validate(register_rows([record])).errors == []


def test_blank_rows_and_whitespace_cells_are_skipped_not_rejected() -> None:
    """A row of blanks (or of spaces and zero-width spaces) is no row at all."""
    rows = register_rows([register_record("L-1")], titles=(), blank_rows=0)
    rows.insert(2, ["  ", "\u200b", None, "\u00a0"])
    rows.append(list(register_record("L-2").values()))
    validated = _validate(rows)
    assert validated.errors == []
    assert validated.clean_rows == [2, 4]


SURVEY_HEADERS = [
    "Response ID",
    "Process",
    "Respondent group",
    "Answered on",
    "Q1",
    "Q2",
    "Q3",
    "Comment",
]


def test_survey_rules() -> None:
    """Required id/process/date, at least one answer, answers 1–5, unique response ids."""
    rows = [
        ["แบบสำรวจความพึงพอใจ กระบวนการ 6.2"],  # row 1
        SURVEY_HEADERS,  # row 2
        ["S-1", "6.2", "ภายนอกองค์กร", "15/08/2567", 5, "๔", None, "ดีมาก"],  # row 3 ok
        ["S-2", "เชื่อมโยงกับหน่วยงานภายนอก", "internal", "15 ส.ค. 67", None, None, None, "x"],  # 4
        ["S-3", "outbound", "internal", "15 ส.ค. 67", 6, 3, 3, None],  # row 5: q1 = 6
        ["S-4", "outbound", "internal", "15 ส.ค. 67", 4, 0, 3, None],  # row 6: q2 = 0
        ["S-5", "outbound", "internal", None, 4, 4, 4, None],  # row 7: no date
        ["S-6", "6.9", "internal", "15 ส.ค. 67", 4, 4, 4, None],  # row 8: unknown process
        ["S-7", "Inbound", "ภายใน", "1/10/2567", 3, 4.5, None, None],  # row 9: q2 not whole
        [None, "6.1", "ภายใน", "1/10/2567", 3, None, None, None],  # row 10: no id
        ["S-1", "6.1", "ภายใน", "1/10/2567", 3, None, None, None],  # row 11: duplicate of row 3
        ["S-12", "ยกเลิกการเชื่อมโยง", "EXTERNAL", "๑/๑๐/๒๕๖๗", None, None, "๒", None],  # 12 ok
    ]
    validated = _validate(rows)
    assert _errors(validated) == {
        (3, "response_id", "S-1"),
        (4, "q1", None),
        (5, "q1", "6"),
        (6, "q2", "0"),
        (7, "answered_on", None),
        (8, "process", "6.9"),
        (9, "q2", "4.5"),
        (10, "response_id", None),
        (11, "response_id", "S-1"),
    }
    _assert_bilingual(validated)
    assert validated.clean["response_id"].tolist() == ["S-12"]
    good = validated.clean.iloc[0]
    assert good["process"] == "cancellation" and good["respondent_group"] == "external"
    assert good["answered_on"] == "2024-10-01" and good["q3"] == "2"
    assert good["q1"] is None


ASSESSMENT_HEADERS = ["รหัสการประเมิน", "หน่วยงานที่ประเมิน", "แบบประเมิน", "วันที่ประเมิน"] + [
    f"เกณฑ์ {i}" for i in range(1, 15)
]


def _assessment(aid: str | None, framework: str | None, scores: list[object]) -> list[object]:
    """An assessment row with up to 14 criterion cells."""
    return [aid, "กรมที่ดิน", framework, "15/08/2567", *scores, *[None] * (14 - len(scores))]


def test_assessment_rules() -> None:
    """pwo7: c1–c7 each 1–5 and c8–c14 blank; nha14: c1–c14 each 0 or 1."""
    rows = [
        ASSESSMENT_HEADERS,  # row 1
        _assessment("A-1", "pwo7", [4, 4, 3, 5, 1, 2, 3]),  # row 2 ok
        _assessment("A-2", "แบบ 7 ข้อ", [4, 4, 3, 5, 1, 2]),  # row 3: c7 missing
        _assessment("A-3", "pwo7", [4, 0, 3, 5, 1, 2, 3]),  # row 4: c2 = 0
        _assessment("A-4", "pwo7", [4, 4, 3, 5, 1, 2, 3, 1]),  # row 5: c8 filled
        _assessment("A-5", "pwo7", [4, 4, 3, 5, 6, 2, 3]),  # row 6: c5 = 6
        _assessment("A-6", "nha14", [1, 0] * 7),  # row 7 ok
        _assessment("A-7", "แบบ 14 ข้อ", [1, 0] * 6 + [1]),  # row 8: c14 missing
        _assessment("A-8", "NHA14", [1, 0, 1, 0, 2, 0, 1, 0, 1, 0, 1, 0, 1, 0]),  # row 9: c5 = 2
        _assessment("A-9", None, [1] * 7),  # row 10: no framework
        _assessment("A-10", "แบบ 10 ข้อ", [1] * 7),  # row 11: unknown framework
        _assessment("A-11", "กคช.", ["๑"] * 14),  # row 12 ok, Thai digits
    ]
    validated = _validate(rows)
    assert _errors(validated) == {
        (3, "c7", None),
        (4, "c2", "0"),
        (5, "c8", "1"),
        (6, "c5", "6"),
        (8, "c14", None),
        (9, "c5", "2"),
        (10, "framework", None),
        (11, "framework", "แบบ 10 ข้อ"),
    }
    _assert_bilingual(validated)
    assert validated.clean["assessment_id"].tolist() == ["A-1", "A-6", "A-11"]
    assert validated.clean.iloc[2]["framework"] == "nha14"
    assert validated.clean.iloc[2]["c14"] == "1"


EGOV_HEADERS = ["หน่วยงาน/เว็บไซต์", "วันที่ประเมิน", "ข้อมูลพื้นฐาน", "แบบฟอร์มดาวน์โหลด", "ชำระเงินออนไลน์"]


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_egov_rules(fmt: str) -> None:
    """The unit is required and each stage item is yes/no in any accepted form."""
    rows = [
        EGOV_HEADERS,  # row 1
        ["www.a.go.th", "15 ส.ค. 67", "มี", "ไม่มี", "✓"],  # row 2 ok
        ["www.b.go.th", "15 ส.ค. 67", "Y", "n", "0"],  # row 3 ok
        [None, "15 ส.ค. 67", "ใช่", "ไม่ใช่", "yes"],  # row 4: no unit
        ["www.c.go.th", "15 ส.ค. 67", "บางส่วน", "no", "1"],  # row 5: not yes/no
        ["www.a.go.th", "15/08/2567", "มี", "มี", "มี"],  # row 6: same unit and date as row 2
    ]
    data = xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)
    validated = validate(read_table(data, f"e.{fmt}"))
    assert _errors(validated) == {
        (4, "unit", None),
        (5, "s1_information", "บางส่วน"),
        (2, "unit", "www.a.go.th"),
        (6, "unit", "www.a.go.th"),
    }
    _assert_bilingual(validated)
    assert validated.clean["unit"].tolist() == ["www.b.go.th"]
    assert validated.clean.iloc[0][["s1_information", "s2_forms", "s3_payment"]].tolist() == [
        "true",
        "false",
        "false",
    ]


date_cells = st.one_of(
    st.sampled_from(["15 ส.ค. 2567", "๑ ต.ค. ๖๗", "31/02/2567", "2024-10-01", "", " ", "ไม่ทราบ"]),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)).map(
        lambda d: f"{d.day}/{d.month}/{d.year + 543}"
    ),
)
status_cells = st.sampled_from(["ยื่นคำขอ", "approved", "IN_USE", "ยกเลิก", "เสร็จ", "", "ทดสอบ"])
partner_cells = st.sampled_from(["กรมที่ดิน", " กรมที่ดิน ", "กรม\u200bที่ดิน", "", "ส\u0e4d\u0e32นักงาน"])


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(partner_cells, status_cells, date_cells, date_cells), max_size=30))
def test_each_row_is_judged_on_its_own_cells(
    rows: list[tuple[str, str, str, str]],
) -> None:
    """Parsing per distinct value and mapping back gives each row the verdict of its own cells."""
    header = [
        "Linkage ID",
        "Partner agency",
        "Direction",
        "Dataset",
        "Status",
        "Requested on",
        "Responded on",
    ]
    grid = [header] + [
        [f"L-{i}", partner, "inbound", "โฉนด", status, requested, responded]
        for i, (partner, status, requested, responded) in enumerate(rows)
    ]
    validated = validate(read_table(csv_bytes(grid), "p.csv"))
    by_id = {r["linkage_id"]: r for r in validated.clean.to_dict("records")}
    rejected_rows = {e.row for e in validated.errors}
    for i, (partner, status, requested, responded) in enumerate(rows):
        excel_row = i + 2
        dates = []
        ok = bool(normalize_text(partner)) and bool(normalize_text(status))
        for cell in (requested, responded):
            try:
                dates.append(parse_date(cell))
            except CellError:
                ok = False
                dates.append(None)
        try:
            key = parse_enum(status, enum_lookup(STATUSES), "") if normalize_text(status) else None
        except CellError:
            ok, key = False, None
        if dates[0] and dates[1] and dates[1] < dates[0]:
            ok = False
        if key == "cancelled":
            ok = False  # no cancelled_on column in this file
        if ok:
            row = by_id[f"L-{i}"]
            assert excel_row not in rejected_rows
            assert row["partner_name"] == normalize_text(partner)
            assert row["status"] == key
            assert row["requested_on"] == (dates[0].isoformat() if dates[0] else None)
            assert row["responded_on"] == (dates[1].isoformat() if dates[1] else None)
        else:
            assert f"L-{i}" not in by_id and excel_row in rejected_rows


def test_many_distinct_texts_are_normalised_like_few() -> None:
    """A file with hundreds of distinct names (the bulk path) normalises each like a small file."""
    names = [f"หน่วยงาน {i}" for i in range(700)]
    names[10] = " ส\u0e4d\u0e32นักงาน\u200b 10 "
    names[20] = "เเผนงาน  20"
    grid = [["Linkage ID", "Partner agency", "Direction", "Dataset", "Status"]] + [
        [f"L-{i}", name, "inbound", "โฉนด", "linked"] for i, name in enumerate(names)
    ]
    clean = validate(read_table(csv_bytes(grid), "many.csv")).clean
    assert len(clean) == 700
    assert clean["partner_name"][10] == "สำนักงาน 10"
    assert clean["partner_name"][20] == "แผนงาน 20"
    assert clean["partner_name"][699] == "หน่วยงาน 699"
