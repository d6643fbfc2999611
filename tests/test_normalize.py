"""Cell parsing: every date form of TEMPLATES.md and LOCALE.md, text normalisation, yes/no, enums, numbers."""

from __future__ import annotations

import datetime as dt
import math

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sheets import register_record, register_rows, xlsx_bytes

from loaders.normalize import (
    CellError,
    _normalize_full,
    date_text_iso,
    enum_lookup,
    fast_date_iso,
    header_key,
    normalize_text,
    parse_bool,
    parse_date,
    parse_enum,
    parse_int,
    plain_text_mask,
)
from loaders.reader import read_table
from loaders.spec import CLASSIFICATIONS, STATUSES
from loaders.validate import validate

AUG_15_2024 = dt.date(2024, 8, 15)


@pytest.mark.parametrize(
    "text",
    [
        "15 ส.ค. 2567",
        "15 ส.ค. 67",
        "15 สิงหาคม 2567",
        "15/08/2567",
        "15/08/67",
        "15/8/2567",
        "2024-08-15",
        "๑๕ ส.ค. ๖๗",
        "๑๕/๐๘/๒๕๖๗",
        "15 สค 67",
        "15 ส.ค.67",
        "15ส.ค.2567",
        "วันที่ 15 สิงหาคม พ.ศ. 2567",
        "วันที่ 15 ส.ค. พ.ศ.2567",
        "  15 ส.ค. 2567\u200b ",
        "15 ส.ค. 2024",
        "15-08-2567",
        "2567-08-15",
        "2024-08-15 00:00:00",
        "15 Aug 2024",
        "15 August 2024",
        "15 ส . ค . 67",
        "วันพฤหัสบดีที่ 15 สิงหาคม 2567",
        "2567/08/15",
        "15/08/2567 10:30",
        "15 ส.ค. 2567 10.30 น.",
    ],
)
def test_text_dates_of_15_august_2024(text: str) -> None:
    """Each written form of 15 Aug 2024 (BE 2567) reads as that CE date."""
    assert parse_date(text) == AUG_15_2024


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5 พ.ย 67", dt.date(2024, 11, 5)),
        ("30 ก.ย.2568", dt.date(2025, 9, 30)),
        ("1 ม.ค. 68", dt.date(2025, 1, 1)),
        ("28 กุมภาพันธ์ 2568", dt.date(2025, 2, 28)),
        ("29 ก.พ. 2567", dt.date(2024, 2, 29)),
        ("1 มี.ค. 2566", dt.date(2023, 3, 1)),
        ("10 เม.ย. 66", dt.date(2023, 4, 10)),
        ("2 มิ.ย. 2568", dt.date(2025, 6, 2)),
        ("31 ธ.ค. 2567", dt.date(2024, 12, 31)),
        ("31 ต.ค. 2567", dt.date(2024, 10, 31)),
        ("1 ตุลาคม 2567", dt.date(2024, 10, 1)),
        ("30 พฤศจิกายน 2567", dt.date(2024, 11, 30)),
        ("๓๐ ก.ย. ๒๕๖๘", dt.date(2025, 9, 30)),
    ],
)
def test_thai_month_names_full_short_and_without_dots(text: str, expected: dt.date) -> None:
    """Thai month names, short with or without dots and spaces, two-digit BE years = 25xx."""
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # pythainlp reads numeric months 10, 11 and 12 as January: they must stay Oct/Nov/Dec.
        ("01/10/2567", dt.date(2024, 10, 1)),
        ("1/11/2567", dt.date(2024, 11, 1)),
        ("25/12/67", dt.date(2024, 12, 25)),
        ("2024-10-01", dt.date(2024, 10, 1)),
        ("2024-12-31", dt.date(2024, 12, 31)),
        ("12/10/2567", dt.date(2024, 10, 12)),  # day first: 12 October, not 10 December
    ],
)
def test_numeric_months_ten_to_twelve(text: str, expected: dt.date) -> None:
    """Months 10, 11 and 12 written as numbers are not read as January."""
    assert parse_date(text) == expected


def test_iso_form_is_tried_before_day_month_year() -> None:
    """2024-03-04 is 4 March (ISO), while 03/04/2567 is 3 April (day first)."""
    assert parse_date("2024-03-04") == dt.date(2024, 3, 4)
    assert parse_date("03/04/2567") == dt.date(2024, 4, 3)


def test_real_date_cells_and_be_year_typed_into_a_date_cell() -> None:
    """A date object is kept; a year above 2400 typed into a date cell is BE and loses 543."""
    assert parse_date(dt.date(2024, 8, 15)) == AUG_15_2024
    assert parse_date(dt.datetime(2024, 8, 15, 13, 30)) == AUG_15_2024
    assert parse_date(dt.datetime(2567, 8, 15)) == AUG_15_2024
    assert parse_date(dt.date(2568, 9, 30)) == dt.date(2025, 9, 30)


def test_excel_date_cells_through_a_workbook() -> None:
    """Real Excel date cells (CE, and BE typed into a date cell) arrive as the right CE dates."""
    record = register_record(
        "L1",
        mou_signed_on=dt.datetime(2024, 10, 1),
        mou_expires_on=dt.datetime(2568, 9, 30),  # BE year typed into a date cell
        requested_on=dt.date(2024, 8, 15),
        responded_on=dt.datetime(2024, 9, 20, 10, 45),
    )
    validated = validate(read_table(xlsx_bytes(register_rows([record])), "r.xlsx"))
    assert validated.errors == []
    row = validated.clean.iloc[0]
    assert row["mou_signed_on"] == "2024-10-01"
    assert row["mou_expires_on"] == "2025-09-30"
    assert row["requested_on"] == "2024-08-15"
    assert row["responded_on"] == "2024-09-20"


@pytest.mark.parametrize(
    "text",
    [
        "31/02/2567",
        "29/02/2566",  # 2023 is not a leap year
        "31 เม.ย. 2567",
        "32 ส.ค. 2567",
        "15/13/2567",
        "2024-02-30",
        "0/08/2567",
        "15 ฟฟ. 2567",
        "หนึ่งสิงหา",
        "2567",  # a year alone is not a date
        "15/08",
        "not a date",
    ],
)
def test_impossible_or_unreadable_dates_are_rejected(text: str) -> None:
    """A date that does not exist or cannot be read raises CellError with both languages."""
    with pytest.raises(CellError) as info:
        parse_date(text)
    assert info.value.th and info.value.en


@pytest.mark.parametrize("blank", [None, "", "   ", "\u200b", "\u00a0", float("nan")])
def test_blank_dates_are_none(blank: object) -> None:
    """Blank cells (also only spaces or invisible characters) are no date, not an error."""
    assert parse_date(blank) is None


def test_name_normalisation_of_locale_md() -> None:
    """The LOCALE.md example: decomposed sara am, zero-width space, NBSP, trailing space."""
    messy = "ส\u0e4d\u0e32นักงาน\u200bสถิติแห่งชาติ\u00a0 "
    assert normalize_text(messy) == "สำนักงานสถิติแห่งชาติ"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  กรมการปกครอง  ", "กรมการปกครอง"),
        ("กรม\u200bการ\u200cปก\u200dครอง\u2060\ufeff", "กรมการปกครอง"),
        ("\ufeffกรมการปกครอง", "กรมการปกครอง"),
        ("กรม\u00a0การปกครอง", "กรม การปกครอง"),
        ("กรม  การ\n\tปกครอง", "กรม การ ปกครอง"),
        ("ส\u0e4d\u0e32นักงาน", "สำนักงาน"),
        ("เเผนงาน", "แผนงาน"),
        ("การไฟฟ้าส่วนภูมิภาค", "การไฟฟ้าส่วนภูมิภาค"),
        ("ＤＵＰ－１", "DUP-1"),  # full-width ASCII as ASCII
        ("บริษัท ＡＢＣ จำกัด", "บริษัท ABC จำกัด"),  # and nothing else of the text changes
        ("ส\u0e4d\u0e32นักงาน\u3000ＸＹ", "สำนักงาน XY"),
        ("", None),
        ("  \u200b \u00a0", None),
        (None, None),
        (12.0, "12"),
        (7, "7"),
    ],
)
def test_normalize_text(raw: object, expected: str | None) -> None:
    """Trim, drop zero-width characters, NBSP to space, join sara am, เเ → แ, collapse spaces."""
    assert normalize_text(raw) == expected


def test_one_agency_is_one_name() -> None:
    """Differently typed spellings of one agency normalise to one string."""
    spellings = [
        "สำนักงานสถิติแห่งชาติ",
        "ส\u0e4d\u0e32นักงานสถิติแห่งชาติ",
        " สำนักงาน\u200bสถิติแห่งชาติ ",
        "สำนักงานสถิติเเห่งชาติ",
    ]
    assert {normalize_text(s) for s in spellings} == {"สำนักงานสถิติแห่งชาติ"}


def test_header_key_ignores_spacing_case_and_invisible_characters() -> None:
    """Headers compare with all whitespace removed and case folded."""
    assert header_key(" Linkage\nID ") == header_key("linkage id") == "linkageid"
    assert header_key("รหัส การ\u200bเชื่อมโยง") == header_key("รหัสการเชื่อมโยง")


@pytest.mark.parametrize(
    "yes", ["มี", "ใช่", "yes", "Yes", "YES", "y", "Y", "1", "✓", "√", "๑", 1, 1.0, True, " มี "]
)
def test_yes_forms(yes: object) -> None:
    """Every yes form reads as True."""
    assert parse_bool(yes) is True


@pytest.mark.parametrize(
    "no", ["ไม่มี", "ไม่ใช่", "no", "No", "NO", "n", "N", "0", "๐", 0, 0.0, False, "ไม่ มี"]
)
def test_no_forms(no: object) -> None:
    """Every no form reads as False."""
    assert parse_bool(no) is False


@pytest.mark.parametrize("bad", ["บางส่วน", "maybe", "2", 2, 0.5, "yess"])
def test_other_yes_no_values_are_rejected(bad: object) -> None:
    """Anything else is a CellError."""
    with pytest.raises(CellError):
        parse_bool(bad)


def test_blank_yes_no_is_none() -> None:
    """A blank yes/no cell is unknown, not no."""
    assert parse_bool(None) is None
    assert parse_bool("  ") is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ลับ", "confidential"),
        ("ลับมาก", "secret"),
        ("ลับที่สุด", "top_secret"),
        ("เปิดเผย", "public"),
        ("ใช้ภายใน", "internal"),
        ("ชั้นเผยแพร่ภายในองค์กร", "internal"),
        ("Top_Secret", "top_secret"),
        ("TOP SECRET", "top_secret"),
        ("confidential", "confidential"),
        ("  ลับ\u200b ", "confidential"),
        ("ลับ (confidential)", "confidential"),
        ("secret (ลับมาก)", "secret"),
    ],
)
def test_enum_labels_thai_or_english_any_case(raw: str, expected: str) -> None:
    """An enum cell reads from the Thai label or the English key, any case or spacing."""
    assert parse_enum(raw, enum_lookup(CLASSIFICATIONS), "...") == expected


def test_enum_status_labels() -> None:
    """Status labels of TEMPLATES.md §1 map to their keys, including decomposed sara am."""
    lookup = enum_lookup(STATUSES)
    assert parse_enum("เชื่อมโยงสําเร็จ", lookup, "") == "linked"  # U+0E4D U+0E32
    assert parse_enum("ใช้งานข้อมูลแล้ว", lookup, "") == "in_use"
    assert parse_enum("Under_Review", lookup, "") == "under_review"
    assert parse_enum("ยกเลิก", lookup, "") == "cancelled"
    with pytest.raises(CellError):
        parse_enum("กำลังทำ", lookup, "")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("๕", 5),
        ("๑๕", 15),
        ("๑,๒๓๔", 1234),
        ("1,234", 1234),
        (" 4 ", 4),
        ("3.0", 3),
        (3.0, 3),
        (4, 4),
        ("-2", -2),
        (None, None),
        ("", None),
    ],
)
def test_parse_int_with_thai_digits(raw: object, expected: int | None) -> None:
    """Whole numbers, Thai digits and thousands separators allowed."""
    assert parse_int(raw) == expected


@pytest.mark.parametrize("bad", ["3.5", 3.5, "สาม", "1e3", "4/5", float("inf")])
def test_parse_int_rejects_non_whole_numbers(bad: object) -> None:
    """Fractions and words are CellError."""
    with pytest.raises(CellError):
        parse_int(bad)


cells = st.one_of(
    st.none(),
    st.text(max_size=30),
    st.text(alphabet="0123456789๐๑๒๓๔๕๖๗๘๙/.-: ,ส.คพยมกธ", max_size=20),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells)
def test_parsers_raise_only_cell_errors(value: object) -> None:
    """Whatever a cell holds, the parsers return a value or raise CellError, nothing else."""
    for parse in (parse_date, parse_bool, parse_int, normalize_text):
        try:
            result = parse(value)
        except CellError:
            continue
        if parse is parse_date and result is not None:
            assert isinstance(result, dt.date)
            assert 1900 <= result.year <= 2200
        if parse is parse_int and result is not None:
            assert isinstance(result, int)
        if parse is normalize_text and result is not None:
            assert result == result.strip() and "\u200b" not in result
    if isinstance(value, float) and math.isnan(value):
        assert parse_date(value) is None


thai_text = st.text(
    alphabet=st.sampled_from(
        list("กขสำเแาิุ่้ abcAB.1๑Ａ１－")
        + ["\u0e4d", "\u0e32", "\u200b", "\u00a0", "\t", "\n", "\ufeff"]
    ),
    max_size=20,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(thai_text, st.text(max_size=20)))
def test_fast_path_matches_full_normalisation_and_is_idempotent(text: str) -> None:
    """Text returned unchanged by the fast path is what the full normalisation gives; twice = once."""
    once = normalize_text(text)
    assert once == _normalize_full(text)
    if once is not None:
        assert normalize_text(once) == once


def test_tone_mark_split_by_zero_width_space_is_put_in_order() -> None:
    """A zero-width space between a tone mark and a vowel below: removed, then marks reordered."""
    typed = "ก\u0e48\u200b\u0e38"  # ko kai, mai ek, ZWSP, sara u
    assert normalize_text(typed) == "ก\u0e38\u0e48"
    assert normalize_text(typed) == normalize_text("ก\u0e38\u0e48")


date_like = st.one_of(
    st.builds(
        lambda d, m, y, sep: f"{d}{sep}{m}{sep}{y}",
        st.integers(0, 35).map(str),
        st.integers(0, 14).map(lambda m: f"{m:02d}"),
        st.sampled_from(["67", "2567", "2024", "2401", "2400", "1899", "00", "99"]),
        st.sampled_from(["/", "-", "."]),
    ),
    st.builds(
        lambda y, m, d, t: f"{y}-{m:02d}-{d:02d}{t}",
        st.integers(1890, 2800),
        st.integers(0, 13),
        st.integers(0, 32),
        st.sampled_from(["", " 00:00:00", " 13:30:00", "T10:00"]),
    ),
    st.builds(
        lambda d, m, y: f"{d} {m} {y}",
        st.integers(0, 32),
        st.sampled_from(["ม.ค.", "ก.พ.", "มี.ค.", "พ.ย.", "ธันวาคม", "กุมภาพันธ์", "สค", "ส.ค"]),
        st.sampled_from(["67", "2567", "2024", "68", "2568", "๖๗"]),
    ),
    st.text(max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(date_like, max_size=20))
def test_fast_dates_agree_with_the_full_parser(texts: list[str]) -> None:
    """Wherever the many-at-once date path answers, the full parser gives the same date."""
    for text, fast in zip(texts, fast_date_iso(pa.array(texts, pa.string())), strict=True):
        if fast is not None:
            assert date_text_iso(text) == fast


def test_fast_dates_cover_the_common_forms() -> None:
    """The forms that fill most files are settled at once; the rest are left to the parser."""
    texts = [
        "15 ส.ค. 2567",
        "15/08/2567",
        "15/08/67",
        "2024-08-15 00:00:00",
        "2567-08-15",
        "1 มีนาคม 68",
    ]
    assert fast_date_iso(pa.array(texts)) == [
        "2024-08-15",
        "2024-08-15",
        "2024-08-15",
        "2024-08-15",
        "2024-08-15",
        "2025-03-01",
    ]
    assert fast_date_iso(pa.array(["31/02/2567", "๑๕ ส.ค. ๖๗", "15 สค 67", None])) == [None] * 4


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(thai_text, st.text(max_size=12)), max_size=20))
def test_plain_text_mask_only_marks_text_normalisation_leaves_alone(texts: list[str]) -> None:
    """A text marked plain is returned unchanged by normalize_text."""
    for text, plain in zip(texts, plain_text_mask(pa.array(texts, pa.string())), strict=True):
        if plain:
            assert normalize_text(text) == text


def test_plain_text_mask_examples() -> None:
    """Clean Thai and English names are plain; padded, doubled, invisible or decomposed are not."""
    texts = [
        "กรมการปกครอง",
        "LNK-000001",
        "MOU-2567/001",
        "สำนักงาน สถิติ",
        " กรม",
        "กรม  ที่ดิน",
        "กรม\u200bที่ดิน",
        "ส\u0e4d\u0e32นักงาน",
        "เเผน",
        "",
    ]
    assert plain_text_mask(pa.array(texts)).tolist() == [True] * 4 + [False] * 6
