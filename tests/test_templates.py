"""The downloadable .xlsx templates: headers, drop-downs, guide sheet, and a clean round trip."""

from __future__ import annotations

import datetime as dt
import io

import fastexcel
import pytest
from openpyxl import load_workbook
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter

import loaders.templates as templates
from loaders.importer import check_file
from loaders.spec import BOOL, DATE, ENUM, INT, KINDS, Column, Kind
from loaders.templates import (
    FIRST_DATA_ROW,
    GUIDE_SHEET,
    HEADER_ROW,
    LAST_DATA_ROW,
    LISTS_SHEET,
    template_filename,
    template_xlsx,
)

CASES = [
    (kind, lang) for kind in ("register", "surveys", "assessments", "egov") for lang in ("th", "en")
]
# Columns per template, counted by hand from TEMPLATES.md (surveys: 5 + q1…q10 + comment).
# register: 26 columns of contract v1 + 10 of contract v2 (TEMPLATES.md §1a)
COLUMN_COUNTS = {"register": 36, "surveys": 16, "assessments": 19, "egov": 13}
FIRST_HEADERS = {
    ("register", "th"): "รหัสการเชื่อมโยง",
    ("register", "en"): "Linkage ID",
    ("surveys", "th"): "รหัสแบบสอบถาม",
    ("surveys", "en"): "Response ID",
    ("assessments", "th"): "รหัสการประเมิน",
    ("assessments", "en"): "Assessment ID",
    ("egov", "th"): "หน่วยงาน/เว็บไซต์",
    ("egov", "en"): "Unit or website",
}
YES_NO = {"th": ["ใช่", "ไม่ใช่"], "en": ["yes", "no"]}
THAI_MONTHS = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]


def expected_columns(kind: str, questions: int = 10) -> list[Column]:
    """The template's columns straight from the contract (surveys cut to q1…q{questions})."""
    cols = KINDS[kind].columns
    return [
        c for c in cols if not (kind == "surveys" and c.type == INT and int(c.key[1:]) > questions)
    ]


def expected_labels(col: Column, lang: str) -> list[str]:
    """The drop-down values a column should offer: canonical Thai labels or English keys."""
    if col.type == BOOL:
        return YES_NO[lang]
    return [labels[0] for labels in col.values.values()] if lang == "th" else list(col.values)


def open_template(kind: str, lang: str, questions: int = 10):
    """A template loaded with openpyxl."""
    return load_workbook(io.BytesIO(template_xlsx(kind, lang, questions)))


def validation_at(ws, coordinate: str):
    """The data validation that covers a cell, or None."""
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) <= 1, coordinate
    return found[0] if found else None


def resolve_list(wb, formula: str) -> list[str]:
    """The values a list validation offers: an inline list, a defined name or a range."""
    text = formula.lstrip("=")
    if text.startswith('"'):
        return text.strip('"').split(",")
    ref = wb.defined_names[text].attr_text if text in wb.defined_names else text
    sheet, cells = ref.rsplit("!", 1)
    ws = wb[sheet.strip("'")]
    return [cell.value for row in ws[cells.replace("$", "")] for cell in row]


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_header_row_holds_exactly_the_contract_headers(kind: str, lang: str) -> None:
    wb = open_template(kind, lang)
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[HEADER_ROW]]
    expected = [c.th if lang == "th" else c.en for c in expected_columns(kind)]
    assert headers == expected
    assert len(headers) == COLUMN_COUNTS[kind]
    assert headers[0] == FIRST_HEADERS[(kind, lang)]
    assert all(ws.cell(HEADER_ROW, i).font.b for i in range(1, len(headers) + 1))
    title = ws.cell(1, 1).value
    assert title == (KINDS[kind].th if lang == "th" else KINDS[kind].en)
    assert ws.freeze_panes == f"A{FIRST_DATA_ROW}"
    assert ws.max_row == HEADER_ROW  # no example or data row on the data sheet
    assert wb.sheetnames == [ws.title, GUIDE_SHEET, LISTS_SHEET]
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    assert len(ws.title) <= 31


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_required_headers_are_marked_and_dates_formatted(kind: str, lang: str) -> None:
    ws = open_template(kind, lang).worksheets[0]
    fills = {True: set(), False: set()}
    for index, col in enumerate(expected_columns(kind), start=1):
        cell = ws.cell(HEADER_ROW, index)
        fills[col.required].add(cell.fill.fgColor.rgb)
        assert cell.comment is not None
        note = cell.comment.text
        assert ("จำเป็น / required" in note) == col.required
        letter = get_column_letter(index)
        assert ws.column_dimensions[letter].width >= 10
        if col.type == DATE:
            assert is_date_format(ws.column_dimensions[letter].number_format), col.key
    assert len(fills[True]) == 1 and len(fills[False]) == 1
    assert fills[True] != fills[False]


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_every_enum_and_yes_no_column_has_a_drop_down(kind: str, lang: str) -> None:
    wb = open_template(kind, lang)
    ws = wb.worksheets[0]
    for index, col in enumerate(expected_columns(kind), start=1):
        letter = get_column_letter(index)
        dv = validation_at(ws, f"{letter}{FIRST_DATA_ROW}")
        if col.type not in (ENUM, BOOL):
            assert dv is None or dv.type != "list", col.key
            continue
        assert dv is not None, col.key
        assert dv.type == "list"
        assert f"{letter}{LAST_DATA_ROW}" in dv.sqref
        assert f"{letter}{HEADER_ROW}" not in dv.sqref
        assert not dv.formula1.startswith('"')  # a range on the hidden sheet, never an inline list
        assert resolve_list(wb, dv.formula1) == expected_labels(col, lang), col.key


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_validation_texts_fit_excel_limits(kind: str, lang: str) -> None:
    ws = open_template(kind, lang).worksheets[0]
    for dv in ws.data_validations.dataValidation:
        assert len(dv.promptTitle or "") <= 32 and len(dv.errorTitle or "") <= 32
        assert len(dv.prompt or "") <= 255 and len(dv.error or "") <= 255


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_guide_lists_every_column_in_both_languages(kind: str, lang: str) -> None:
    wb = open_template(kind, lang)
    guide = wb[GUIDE_SHEET]
    rows = {row[0]: row for row in guide.iter_rows(values_only=True) if row[0]}
    for col in expected_columns(kind):
        row = rows[col.key]
        key, th, en, type_, required, allowed_th, allowed_en, rules_th, rules_en, example = row
        assert (th, en) == (col.th, col.en)
        assert type_ and required and example, col.key
        assert ("required" in required and "optional" not in required) == col.required
        if col.type == ENUM:
            for value, labels in col.values.items():
                assert f"{value} = {labels[0]}" in allowed_th
                assert value in allowed_en
        if col.type == BOOL:
            assert "ใช่" in allowed_th and "yes" in allowed_en
        if col.type == DATE:
            for form in ("15 ส.ค. 2567", "15/08/2567", "2024-08-15"):
                assert form in rules_th and form in rules_en
        assert rules_th and rules_en, col.key
    assert "outbound = ขอข้อมูลจากหน่วยงานอื่น" in "\n".join(str(r[5]) for r in rows.values()) or (
        kind != "register"
    )
    if kind == "register":
        assert "ต้องไม่ก่อนวันที่ลงนาม" in rows["mou_expires_on"][7]
        assert "before" in rows["mou_expires_on"][8]
        assert "cancelled" in rows["cancelled_on"][8]


def _date_text(d: dt.date, form: int) -> object:
    """A date in one of the forms users type: Excel date, Thai short month, d/m/BE, ISO."""
    if form == 0:
        return d
    if form == 1:
        return f"{d.day} {THAI_MONTHS[d.month - 1]} {d.year + 543}"
    if form == 2:
        return f"{d.day:02d}/{d.month:02d}/{d.year + 543}"
    return d.isoformat()


def _fill(wb, kind: str, rows: int) -> list[dict[str, object]]:
    """Fill the data sheet with valid rows using the drop-down labels; return the expected clean values."""
    ws = wb.worksheets[0]
    cols = expected_columns(kind)
    lists = {}
    for index, col in enumerate(cols, start=1):
        dv = validation_at(ws, f"{get_column_letter(index)}{FIRST_DATA_ROW}")
        if col.type in (ENUM, BOOL):
            lists[col.key] = resolve_list(wb, dv.formula1)
    expected = []
    for i in range(rows):
        row = FIRST_DATA_ROW + i
        want: dict[str, object] = {}
        framework = None
        for index, col in enumerate(cols, start=1):
            value: object
            if col.type == ENUM:
                labels = lists[col.key]
                value = labels[i % len(labels)]
                want[col.key] = list(col.values)[i % len(labels)]
                if col.key == "framework":
                    framework = want[col.key]
            elif col.type == BOOL:
                value = lists[col.key][i % 2]
                want[col.key] = "true" if i % 2 == 0 else "false"
            elif col.type == DATE:
                day = dt.date(2023, 10, 1) + dt.timedelta(
                    days=7 * i + index
                )  # later columns, later dates
                value = _date_text(day, (i + index) % 4)
                want[col.key] = day.isoformat()
            elif col.type == INT:
                number = int(col.key[1:])
                if kind == "assessments":
                    if framework == "pwo7":
                        value = None if number > 7 else 1 + (i + number) % 5
                    else:
                        value = (i + number) % 2
                else:
                    value = 1 + (i + number) % 5
                want[col.key] = None if value is None else str(value)
            else:
                value = f"{col.key}-{i:03d}" if col.key.endswith("_id") else f"หน่วยงานทดสอบ {i}"
                want[col.key] = value
            ws.cell(row=row, column=index, value=value)
        expected.append(want)
    return expected


@pytest.mark.parametrize(("kind", "lang"), CASES)
def test_filled_template_imports_without_rejections(kind: str, lang: str) -> None:
    wb = open_template(kind, lang)
    rows = 13  # more than the longest drop-down (12 statuses), so every label is used
    expected = _fill(wb, kind, rows)
    buffer = io.BytesIO()
    wb.save(buffer)
    validated, _ = check_file(buffer.getvalue(), template_filename(kind, lang))
    assert validated.kind.key == kind
    assert validated.errors == []
    assert (validated.accepted_count, validated.rejected_count) == (rows, 0)
    assert validated.clean_rows == list(range(FIRST_DATA_ROW, FIRST_DATA_ROW + rows))
    clean = validated.clean.to_dict("records")
    for got, want in zip(clean, expected, strict=True):
        assert {k: got[k] for k in want} == want


def test_survey_question_count_is_chosen() -> None:
    for questions, last in ((1, "Q1"), (20, "Q20")):
        ws = open_template("surveys", "en", questions).worksheets[0]
        headers = [c.value for c in ws[HEADER_ROW]]
        assert headers[-2:] == [last, "Comment"]
        assert sum(h.startswith("Q") for h in headers) == questions
    for bad in (0, 21):
        with pytest.raises(ValueError):
            template_xlsx("surveys", "th", bad)


def test_assessments_have_all_fourteen_criteria() -> None:
    headers = [c.value for c in open_template("assessments", "th").worksheets[0][HEADER_ROW]]
    assert headers[-14:] == [f"เกณฑ์ {i}" for i in range(1, 15)]


def test_unknown_kind_or_language_is_refused() -> None:
    with pytest.raises(ValueError):
        template_xlsx("budget")
    with pytest.raises(ValueError):
        template_xlsx("register", "fr")
    with pytest.raises(ValueError):
        template_filename("register", "fr")


def test_filenames() -> None:
    assert template_filename("register", "th") == "template_register_th.xlsx"
    assert template_filename("egov", "en") == "template_egov_en.xlsx"


def test_long_drop_down_lists_stay_readable(monkeypatch: pytest.MonkeyPatch) -> None:
    values = {f"value_{i}": (f"ตัวเลือกที่ยาวมากสำหรับทดสอบรายการ {i}",) for i in range(40)}
    long = Kind(
        key="register",
        th="ทดสอบ",
        en="Test",
        table="t",
        id_columns=("linkage_id",),
        columns=(
            Column("linkage_id", "รหัสการเชื่อมโยง", "Linkage ID", required=True),
            Column("status", "สถานะ", "Status", ENUM, True, values),
        ),
    )
    assert len(",".join(v[0] for v in values.values())) > 255
    monkeypatch.setattr(templates, "get_kind", lambda key: long)
    data = template_xlsx("register", "th")
    wb = load_workbook(io.BytesIO(data))
    dv = validation_at(wb.worksheets[0], f"B{FIRST_DATA_ROW}")
    assert resolve_list(wb, dv.formula1) == [v[0] for v in values.values()]
    assert fastexcel.read_excel(data).sheet_names[0] == "ทดสอบ"
