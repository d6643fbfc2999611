"""Reading files: header row under titles, header spellings, kind detection, CSV encodings, refusals."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
from sheets import REGISTER_EN, REGISTER_TH, csv_bytes, register_record, register_rows, xlsx_bytes

from loaders.reader import FileRefused, read_table

SURVEY_HEADERS_TH = ["รหัสแบบสอบถาม", "กระบวนการ", "กลุ่มผู้ตอบ", "วันที่ตอบ", "ข้อ 1", "ข้อ 2", "ข้อเสนอแนะ"]
ASSESSMENT_HEADERS_EN = ["Assessment ID", "Partner agency", "Framework", "Assessed on", "C1", "C2"]
EGOV_HEADERS_TH = ["หน่วยงาน/เว็บไซต์", "วันที่ประเมิน", "ข้อมูลพื้นฐาน", "แบบฟอร์มดาวน์โหลด"]


def test_header_found_under_title_rows_blank_rows_and_merged_title() -> None:
    """Two title rows (one merged), two blank rows: header is Excel row 5, data from row 6."""
    rows = [
        ["ทะเบียนการเชื่อมโยงข้อมูล ปีงบประมาณ 2568"],
        ["กองยุทธศาสตร์และแผนงาน", None, None, "ข้อมูล ณ วันที่ 30 ก.ย. 2568"],
        [],
        [],
        ["รหัสการเชื่อมโยง", "หน่วยงานคู่เชื่อมโยง", "ทิศทางการเชื่อมโยง", "ชุดข้อมูล", "สถานะ"],
        ["L-001", "กรมการปกครอง", "ขอข้อมูลจากหน่วยงานอื่น", "ทะเบียนราษฎร", "ยื่นคำขอ"],
        [],
        ["L-002", "กรมที่ดิน", "หน่วยงานอื่นขอข้อมูล", "โฉนด", "ทดสอบ"],
    ]
    table = read_table(xlsx_bytes(rows, merge="A1:E1"), "register.xlsx")
    assert table.kind.key == "register"
    assert table.header_row == 5
    ids = table.frame["linkage_id"].tolist()
    assert ids[0] == "L-001" and ids[2] == "L-002"
    assert table.excel_rows[0] == 6 and table.excel_rows[2] == 8


def test_header_spellings_spaces_line_breaks_case_and_zero_width() -> None:
    """Headers with extra spaces, line breaks, another case and zero-width spaces still match."""
    rows = [
        ["  LINKAGE  id ", "Partner\nAgency", "di\u200brection", "dataset ", "ส ถา นะ"],
        ["L-1", "กรมที่ดิน", "inbound", "โฉนด", "linked"],
    ]
    table = read_table(xlsx_bytes(rows), "r.xlsx")
    assert table.kind.key == "register"
    assert set(table.frame.columns) == {
        "linkage_id",
        "partner_name",
        "direction",
        "dataset",
        "status",
    }
    assert table.header_row == 1


def test_thai_and_english_headers_mixed() -> None:
    """Some headers Thai, some English, in one row."""
    rows = [
        ["Linkage ID", "หน่วยงานคู่เชื่อมโยง", "Direction", "ชุดข้อมูล", "Status", "หมายเหตุ"],
        ["L-1", "กรมที่ดิน", "inbound", "โฉนด", "linked", "-"],
    ]
    table = read_table(xlsx_bytes(rows), "r.xlsx")
    assert table.kind.key == "register"
    assert {"linkage_id", "partner_name", "direction", "dataset", "status", "notes"} <= set(
        table.frame.columns
    )


def test_unknown_columns_are_ignored_and_listed() -> None:
    """A running-number column the template does not know is ignored, not refused."""
    rows = [
        ["ลำดับ", *REGISTER_EN.values()],
        [1, *register_record("L-1").values()],
    ]
    table = read_table(xlsx_bytes(rows), "r.xlsx")
    assert table.unknown_columns == ["ลำดับ"]
    assert "ลำดับ" not in table.frame.columns


@pytest.mark.parametrize(
    ("headers", "row", "kind"),
    [
        (list(REGISTER_TH.values()), list(register_record("L-1").values()), "register"),
        (SURVEY_HEADERS_TH, ["S-1", "6.2", "ภายนอก", "15/08/2567", 5, 4, "ดี"], "surveys"),
        (ASSESSMENT_HEADERS_EN, ["A-1", "กรมที่ดิน", "pwo7", "2024-08-15", 4, 5], "assessments"),
        (EGOV_HEADERS_TH, ["www.example.go.th", "15 ส.ค. 67", "มี", "ไม่มี"], "egov"),
    ],
)
def test_kind_detected_from_headers(headers: list[str], row: list[object], kind: str) -> None:
    """Each of the four kinds is recognised from its headers alone, in xlsx and in CSV."""
    rows = [["แบบฟอร์มของหน่วยงาน"], [], headers, row]
    assert read_table(xlsx_bytes(rows), "f.xlsx").kind.key == kind
    assert read_table(csv_bytes(rows), "f.csv").kind.key == kind


def test_kind_given_overrides_detection() -> None:
    """With --kind the file is read as that kind; a file of another kind then has no header."""
    rows = [SURVEY_HEADERS_TH, ["S-1", "6.2", "ภายนอก", "15/08/2567", 5, 4, "ดี"]]
    assert read_table(xlsx_bytes(rows), "f.xlsx", kind="surveys").kind.key == "surveys"
    with pytest.raises(FileRefused) as info:
        read_table(xlsx_bytes(rows), "f.xlsx", kind="egov")
    assert info.value.code == "no_header"


def test_header_on_a_later_sheet() -> None:
    """A workbook whose first sheet is a cover page: the data sheet is found."""
    data = xlsx_bytes(
        [["คำอธิบาย"], ["กรอกข้อมูลในชีตถัดไป"]],
        extra_sheets={"ทะเบียน": register_rows([register_record("L-1")], titles=())},
    )
    table = read_table(data, "r.xlsx")
    assert table.kind.key == "register" and table.sheet == "ทะเบียน"
    assert table.frame["linkage_id"].tolist() == ["L-1"]


def test_english_header_row_under_the_thai_one_is_not_data() -> None:
    """A template with Thai headers and English headers beneath: the second row is no data row."""
    rows = [
        list(REGISTER_TH.values()),
        list(REGISTER_EN.values()),
        list(register_record("L-1").values()),
    ]
    table = read_table(xlsx_bytes(rows), "r.xlsx")
    assert table.frame["linkage_id"].tolist() == ["L-1"]
    assert table.excel_rows == [3]


def _register_csv_rows() -> list[list[object]]:
    """A register as CSV rows with a title line."""
    return register_rows(
        [register_record("L-1"), register_record("L-2", partner_name="สำนักงานสถิติแห่งชาติ")],
        titles=("ทะเบียนการเชื่อมโยงข้อมูล",),
    )


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes(_register_csv_rows()),
        b"\xef\xbb\xbf" + csv_bytes(_register_csv_rows()),
        csv_bytes(_register_csv_rows(), encoding="cp874"),
        "\ufeff".encode("utf-16-le") + csv_bytes(_register_csv_rows()).decode().encode("utf-16-le"),
    ],
    ids=["utf8", "utf8-bom", "cp874", "utf16-bom"],
)
def test_csv_encodings(data: bytes) -> None:
    """CSV in UTF-8 with or without BOM, in the Thai Windows code page, or UTF-16 with BOM."""
    table = read_table(data, "register.csv")
    assert table.kind.key == "register"
    assert table.header_row == 3
    assert table.frame["linkage_id"].tolist() == ["L-1", "L-2"]
    assert table.frame["partner_name"].tolist()[1] == "สำนักงานสถิติแห่งชาติ"
    assert table.excel_rows == [4, 5]


def test_csv_with_semicolons_and_quoted_commas() -> None:
    """A semicolon-separated CSV (European Excel) and a comma inside a quoted Thai cell."""
    text = (
        "รหัสการเชื่อมโยง;หน่วยงานคู่เชื่อมโยง;ทิศทางการเชื่อมโยง;ชุดข้อมูล;สถานะ;หมายเหตุ\n"
        'L-1;กรมที่ดิน;inbound;โฉนด;linked;"ข้อมูล, ใช้งานจริง"\n'
    )
    table = read_table(text.encode(), "r.csv")
    assert table.frame["notes"].tolist() == ["ข้อมูล, ใช้งานจริง"]


def test_csv_with_title_line_containing_commas() -> None:
    """A title line full of commas above a comma-separated header does not confuse the reader."""
    text = (
        "ทะเบียน, ปี 2568, กองแผนงาน\n\n"
        "Linkage ID,Partner agency,Direction,Dataset,Status\n"
        "L-1,กรมที่ดิน,inbound,โฉนด,linked\n"
    )
    table = read_table(text.encode(), "r.csv")
    assert table.frame["partner_name"].tolist() == ["กรมที่ดิน"]
    assert table.excel_rows == [4]


def _refusal(data: bytes, name: str, kind: str | None = None) -> FileRefused:
    """The FileRefused raised for this file."""
    with pytest.raises(FileRefused) as info:
        read_table(data, name, kind)
    assert info.value.th and info.value.en
    return info.value


def test_empty_file_is_refused() -> None:
    """Zero bytes: refused as unreadable."""
    assert _refusal(b"", "r.xlsx").code == "unreadable"
    assert _refusal(b"", "r.csv").code == "unreadable"


def test_binary_file_is_refused() -> None:
    """A PNG renamed .csv is not a spreadsheet."""
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert _refusal(png, "r.csv").code == "unreadable"


def test_text_renamed_xlsx_is_refused() -> None:
    """A text file with an .xlsx name is refused, not read as CSV."""
    assert _refusal("สวัสดี ไม่ใช่ไฟล์ Excel".encode(), "r.xlsx").code == "unreadable"


def test_zip_that_is_not_a_workbook_is_refused() -> None:
    """A zip archive (not a workbook) is refused as unreadable."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.txt", "hello")
    assert _refusal(buf.getvalue(), "r.xlsx").code == "unreadable"


def test_empty_workbook_is_refused() -> None:
    """A workbook with no cells has no header."""
    wb = openpyxl.Workbook()
    buf = io.BytesIO()
    wb.save(buf)
    assert _refusal(buf.getvalue(), "r.xlsx").code == "no_header"


def test_no_recognisable_header_is_refused() -> None:
    """A sheet of unrelated columns is refused with no_header."""
    rows = [["ชื่อ", "นามสกุล", "เบอร์โทร"], ["สมชาย", "ใจดี", "0812345678"]]
    assert _refusal(xlsx_bytes(rows), "r.xlsx").code == "no_header"
    assert _refusal(csv_bytes(rows), "r.csv").code == "no_header"


def test_missing_required_column_is_refused_naming_it() -> None:
    """A register without the status column is refused, and the message names the column."""
    headers = [h for k, h in REGISTER_TH.items() if k != "status"]
    refusal = _refusal(xlsx_bytes([headers, ["L-1", "กรมที่ดิน"]]), "r.xlsx")
    assert refusal.code == "missing_column"
    assert "สถานะ" in refusal.th and "Status" in refusal.en


def test_password_protected_workbook_is_refused_with_its_own_reason() -> None:
    """An encrypted .xlsx (an OLE container with an EncryptedPackage stream) says so."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    directory = "EncryptedPackage".encode("utf-16-le") + bytes(96)
    refusal = _refusal(header + directory + bytes(1024), "รายงาน.xlsx")
    assert refusal.code == "encrypted"
    assert "รหัสผ่าน" in refusal.th and "password" in refusal.en


def test_headers_with_required_marks_numbers_and_notes() -> None:
    """'Linkage ID *', '1. หน่วยงานคู่เชื่อมโยง', 'วันที่ลงนาม (วว/ดด/ปปปป)' still match."""
    rows = [
        [
            "1. รหัสการเชื่อมโยง*",
            "2. หน่วยงานคู่เชื่อมโยง *",
            "ทิศทางการเชื่อมโยง\n(ขอ/ให้ข้อมูล)",
            "ชุดข้อมูล",
            "สถานะ *",
            "วันที่ลงนาม (วว/ดด/ปปปป)",
            "ข้อ 1",
        ],
        ["L-1", "กรมที่ดิน", "inbound", "โฉนด", "linked", "1/10/2567", None],
    ]
    table = read_table(xlsx_bytes(rows), "r.xlsx")
    assert table.kind.key == "register"
    assert list(table.frame.columns) == [
        "linkage_id",
        "partner_name",
        "direction",
        "dataset",
        "status",
        "mou_signed_on",
    ]
    assert table.unknown_columns == ["ข้อ 1"]


def test_semicolons_inside_text_do_not_fool_the_delimiter_guess():
    text = (
        "รหัสการเชื่อมโยง,หน่วยงานคู่เชื่อมโยง,ทิศทางการเชื่อมโยง,ชุดข้อมูล,สถานะ,หมายเหตุ\n"
        "L-1,กรมที่ดิน,outbound,โฉนด; แปลงที่ดิน,linked,ส่งรายวัน; ทาง GDX\n"
        "L-2,กรมการปกครอง,inbound,ทะเบียนราษฎร; บ้าน,requested,รอ; อนุมัติ\n"
    )
    table = read_table(text.encode("utf-8"), "register.csv")
    assert table.kind.key == "register"
    assert table.frame["dataset"].tolist() == ["โฉนด; แปลงที่ดิน", "ทะเบียนราษฎร; บ้าน"]


def test_text_over_excels_cell_limit_rejects_the_row_with_its_reason():
    from loaders.validate import validate

    long_note = "ก" * 40_000
    text = (
        "รหัสการเชื่อมโยง,หน่วยงานคู่เชื่อมโยง,ทิศทางการเชื่อมโยง,ชุดข้อมูล,สถานะ,หมายเหตุ\n"
        f"L-1,กรมที่ดิน,outbound,โฉนด,linked,{long_note}\n"
        "L-2,กรมการปกครอง,inbound,ทะเบียนราษฎร,requested,สั้น\n"
    )
    validated = validate(read_table(text.encode("utf-8"), "register.csv"))
    assert validated.accepted_count == 1
    [error] = validated.errors
    assert (error.row, error.column) == (2, "notes")
    assert "32,767" in error.message_en and "32,767" in error.message_th
