"""Downloadable .xlsx templates of the import contract: a clean data sheet, a bilingual guide, drop-downs."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from loaders.normalize import THAI_MONTH_SHORT
from loaders.spec import (
    BOOL,
    DATE,
    ENUM,
    INT,
    MAX_QUESTIONS,
    Column,
    Kind,
    get_kind,
)

LANGS = ("th", "en")
DEFAULT_QUESTIONS = 10

# Layout of the data sheet (Excel row numbers).
TITLE_ROW = 1
HEADER_ROW = 2
FIRST_DATA_ROW = 3
LAST_DATA_ROW = 2000

# Excel forbids "/" in sheet names, so the guide's name uses a dash.
GUIDE_SHEET = "คำอธิบาย - Guide"
LISTS_SHEET = "lists"
SHEET_NAME_LIMIT = 31
# Kind names too long for an Excel sheet name (the title row keeps the full name).
SHORT_SHEET_NAMES = {("egov", "th"): "การประเมินรัฐบาลอิเล็กทรอนิกส์"}

YES_NO_LABELS = {"th": ("ใช่", "ไม่ใช่"), "en": ("yes", "no")}
DATE_FORMATS = {"th": "[$-th-TH,107]d mmm bbbb", "en": "d mmm yyyy"}
TEXT_FORMAT = "@"

REQUIRED_FILL = PatternFill("solid", fgColor="F8CBAD")
OPTIONAL_FILL = PatternFill("solid", fgColor="DDEBF7")
GUIDE_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)

TYPE_NAMES = {
    "text": ("ข้อความ", "text"),
    ENUM: ("ตัวเลือกจากรายการ", "choice from a list"),
    DATE: ("วันที่", "date"),
    BOOL: ("ใช่/ไม่ใช่", "yes/no"),
    INT: ("จำนวนเต็ม", "whole number"),
}

# English meaning of each enum key, per column (the keys alone are terse).
_LEVELS_EN = {"high": "high", "low": "low"}
VALUE_MEANINGS_EN: dict[str, dict[str, str]] = {
    "partner_type": {
        "government": "government agency",
        "state_enterprise": "state enterprise",
        "private": "private sector",
    },
    "direction": {
        "outbound": "we request data from another agency",
        "inbound": "another agency requests our data",
    },
    "method": {
        "rest": "REST API",
        "soap": "SOAP web service",
        "file": "file transfer",
        "gdx": "GDX (Government Data Exchange)",
        "db_link": "database link",
        "other": "other",
    },
    "frequency": {
        "realtime": "real time",
        "daily": "daily",
        "weekly": "weekly",
        "monthly": "monthly",
        "quarterly": "quarterly",
        "yearly": "yearly",
        "on_request": "on request",
    },
    "classification": {
        "public": "public",
        "internal": "internal use",
        "confidential": "confidential",
        "secret": "secret",
        "top_secret": "top secret",
    },
    "status": {
        "identified": "partner identified",
        "requested": "request submitted",
        "under_review": "under review",
        "approved": "approved",
        "rejected": "not approved",
        "mou_signed": "MOU signed",
        "developing": "in development",
        "testing": "testing",
        "linked": "linked successfully",
        "in_use": "data in use",
        "cancelled": "cancelled",
        "expired": "agreement ended",
    },
    "cancel_reason": {
        "breach": "breach of terms",
        "purpose_unmet": "purpose not met",
        "no_longer_needed": "no longer needed or contract ended",
        "new_provider": "a new provider",
        "provider_withdrew": "the provider withdrew",
    },
    "integration_level": _LEVELS_EN,
    "standardization_level": _LEVELS_EN,
    "legal_basis": {
        "consent": "the data subject's consent",
        "law": "legal authority",
        "contract": "a contract",
        "public_task": "a public task",
        "vital_interest": "a vital interest",
        "legitimate_interest": "a legitimate interest",
    },
    "process": {
        "manual_review": "manual review (6.1)",
        "outbound": "linkage with external agencies (6.2)",
        "inbound": "data requests and exchange (6.3)",
        "cancellation": "cancelling a linkage (6.4)",
    },
    "respondent_group": {"internal": "inside the organisation", "external": "outside"},
    "framework": {
        "pwo7": "7 criteria, each scored 1–5",
        "nha14": "14 criteria, each 0 or 1, weighted",
    },
}

# One plausible value per column, shown on the guide sheet (enum keys, real dates).
EXAMPLES: dict[str, dict[str, object]] = {
    "register": {
        "linkage_id": "LNK-2568-001",
        "partner_name": "กรมการปกครอง",
        "partner_type": "government",
        "ministry": "กระทรวงมหาดไทย",
        "direction": "outbound",
        "dataset": "ข้อมูลทะเบียนราษฎร",
        "data_owner_unit": "สำนักทะเบียนกลาง",
        "purpose": "ตรวจสอบคุณสมบัติผู้ขอรับบริการ",
        "method": "gdx",
        "frequency": "daily",
        "classification": "confidential",
        "personal_data": True,
        "mou_ref": "MOU 12/2567",
        "mou_signed_on": dt.date(2024, 3, 1),
        "mou_expires_on": dt.date(2027, 2, 28),
        "status": "in_use",
        "requested_on": dt.date(2023, 11, 15),
        "responded_on": dt.date(2024, 1, 10),
        "linked_on": dt.date(2024, 6, 3),
        "in_use_on": dt.date(2024, 8, 15),
        "cancelled_on": dt.date(2025, 9, 30),
        "cancel_reason": "no_longer_needed",
        "owner_notified_on": dt.date(2025, 10, 1),
        "integration_level": "high",
        "standardization_level": "low",
        "notes": "เชื่อมผ่านระบบ GDX",
        "legal_basis": "law",
        "consent_doc_ref": "ยค. 45/2567",
        "critical_data": False,
        "mou_drafted_on": dt.date(2024, 1, 15),
        "legal_reviewed_on": dt.date(2024, 1, 29),
        "mou_approved_on": dt.date(2024, 2, 20),
        "cdo_approved_on": dt.date(2024, 1, 8),
        "dpo_approved_on": dt.date(2024, 1, 9),
        "council_approved_on": dt.date(2024, 1, 10),
        "cancellation_reported_on": dt.date(2025, 10, 15),
    },
    "surveys": {
        "response_id": "SV-2568-0001",
        "process": "outbound",
        "linkage_id": "LNK-2568-001",
        "respondent_group": "external",
        "answered_on": dt.date(2025, 1, 20),
        "comment": "ขั้นตอนชัดเจน ควรลดเอกสาร",
        **{f"q{i}": 4 for i in range(1, MAX_QUESTIONS + 1)},
    },
    "assessments": {
        "assessment_id": "AS-2568-001",
        "partner_name": "กรมการปกครอง",
        "framework": "pwo7",
        "assessed_on": dt.date(2025, 3, 31),
        "assessor": "นางสาวสมใจ ใจดี",
    },
    "egov": {
        "unit": "สำนักงานสถิติแห่งชาติ (www.nso.go.th)",
        "assessed_on": dt.date(2025, 6, 30),
    },
}

DATE_RULE = (
    "รับรูปแบบ 15 ส.ค. 2567, 15 ส.ค. 67, 15 สิงหาคม 2567, 15/08/2567, 2024-08-15, "
    "เลขไทย ๑๕ ส.ค. ๖๗ หรือวันที่ของ Excel; ปี พ.ศ. หรือ ค.ศ. ก็ได้ ปี 2 หลักหมายถึง พ.ศ. 25xx",
    "accepted forms: 15 ส.ค. 2567, 15 ส.ค. 67, 15 สิงหาคม 2567, 15/08/2567, 2024-08-15, "
    "Thai digits ๑๕ ส.ค. ๖๗, or an Excel date; Buddhist (BE) or Common Era years; "
    "two-digit years mean BE 25xx",
)
BOOL_RULE = (
    "ใช่/ไม่ใช่ หรือ มี/ไม่มี, yes/no, Y/N, 1/0, ✓ (ว่าง = ไม่ระบุ)",
    "yes/no, or Y/N, 1/0, ✓, ใช่/ไม่ใช่, มี/ไม่มี (blank = not stated)",
)
ENUM_RULE = (
    "เลือกจากรายการ หรือพิมพ์ชื่อภาษาไทยหรือรหัสภาษาอังกฤษ (ตัวพิมพ์เล็ก/ใหญ่ก็ได้)",
    "pick from the drop-down, or type the Thai label or the English key (any case)",
)
INT_RULE = ("ตัวเลขจำนวนเต็ม ใช้เลขไทยได้", "a whole number; Thai digits are accepted")

# Rules of single columns beyond their type, as (Thai, English).
COLUMN_RULES: dict[tuple[str, str], tuple[str, str]] = {
    ("register", "linkage_id"): (
        "ห้ามซ้ำกันในไฟล์ เมื่อนำเข้าซ้ำ ระบบปรับปรุงแถวที่มีรหัสเดียวกันและบันทึกประวัติการเปลี่ยนแปลง",
        "unique in the file; importing again updates the row with the same ID and records the change",
    ),
    ("register", "mou_expires_on"): (
        "ต้องไม่ก่อนวันที่ลงนาม",
        "must not be before the MOU signing date",
    ),
    ("register", "responded_on"): (
        "ต้องไม่ก่อนวันที่ยื่นคำขอ",
        "must not be before the request date",
    ),
    ("register", "cancelled_on"): (
        "ต้องระบุเมื่อสถานะเป็น ยกเลิก",
        "required when the status is cancelled",
    ),
    ("register", "cancellation_reported_on"): (
        "วันที่รายงานผลการยกเลิก (หรือการสิ้นสุดข้อตกลง) ของรายการนี้ ต้องไม่ก่อนวันที่ยกเลิก",
        "the day this cancellation (or end of agreement) was reported; "
        "must not be before the cancellation date",
    ),
    ("register", "cancel_reason"): (
        "ใช้เมื่อสถานะเป็น ยกเลิก",
        "used when the status is cancelled",
    ),
    ("register", "legal_basis"): (
        "ฐานตาม พ.ร.บ. คุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562 มาตรา 24; ข้อมูลส่วนบุคคลที่ไม่ระบุฐาน "
        "นำเข้าได้แต่แสดงเป็นข้อสังเกตด้านคุณภาพข้อมูล",
        "a basis of the Personal Data Protection Act B.E. 2562, s. 24; personal data without one is "
        "imported and listed as a data-quality finding",
    ),
    ("register", "consent_doc_ref"): (
        "ต้องมีเมื่อฐานเป็นความยินยอม (คู่มือ กคช. แนวปฏิบัติ 2.2(1)); ถ้าว่าง นำเข้าได้แต่แสดงเป็นข้อสังเกต",
        "expected when the basis is consent (NHA practice 2.2(1)); if blank the row is imported and "
        "listed as a finding",
    ),
    ("register", "critical_data"): (
        "ข้อมูลสำคัญหรือข้อมูลความมั่นคงต้องได้รับอนุญาตจากคณะกรรมการธรรมาภิบาลข้อมูล (แนวปฏิบัติ 5)",
        "important or security data need the data governance council (NHA practice 5)",
    ),
    ("register", "legal_reviewed_on"): (
        "ต้องไม่ก่อนวันที่จัดทำร่างบันทึกข้อตกลง",
        "must not be before the MOU draft date",
    ),
    ("register", "mou_approved_on"): (
        "ต้องไม่ก่อนวันที่ฝ่ายกฎหมายตรวจร่าง",
        "must not be before the legal review date",
    ),
    ("surveys", "response_id"): ("ห้ามซ้ำกันในไฟล์", "unique in the file"),
    ("surveys", "linkage_id"): (
        "ไม่บังคับ ใช้โยงกับรหัสในทะเบียนการเชื่อมโยง",
        "optional link to a Linkage ID of the register",
    ),
    ("assessments", "assessment_id"): ("ห้ามซ้ำกันในไฟล์", "unique in the file"),
    ("assessments", "framework"): (
        "pwo7: กรอกเกณฑ์ 1–7 คะแนน 1–5 ตามลำดับ 1.1, 1.2, 2.1, 2.2, 2.3, 3.1, 3.2 และเว้นเกณฑ์ 8–14 ว่าง; "
        "nha14: กรอกเกณฑ์ 1–14 ค่า 0 หรือ 1",
        "pwo7: fill C1–C7 with 1–5 in the order 1.1, 1.2, 2.1, 2.2, 2.3, 3.1, 3.2 and leave C8–C14 "
        "blank; nha14: fill C1–C14 with 0 or 1",
    ),
    ("egov", "unit"): (
        "หน่วยงานและวันที่ประเมินคู่เดียวกันห้ามซ้ำในไฟล์",
        "the pair unit and assessment date is unique in the file",
    ),
}

GUIDE_HEADERS = (
    ("คีย์ / Key", 20),
    ("หัวคอลัมน์ภาษาไทย / Thai header", 26),
    ("หัวคอลัมน์ภาษาอังกฤษ / English header", 26),
    ("ชนิด / Type", 18),
    ("จำเป็น / Required", 12),
    ("ค่าที่ใช้ได้ (ไทย) / Allowed values (Thai)", 42),
    ("ค่าที่ใช้ได้ (อังกฤษ) / Allowed values (English)", 42),
    ("กฎ (ไทย) / Rules (Thai)", 48),
    ("กฎ (อังกฤษ) / Rules (English)", 48),
    ("ตัวอย่าง / Example", 28),
)
GUIDE_TABLE_HEADER_ROW = 3

GENERAL_RULES = (
    (
        "แถวหัวตาราง (แถว 2) ใช้หัวภาษาไทยหรือภาษาอังกฤษก็ได้ ห้ามลบคอลัมน์ที่จำเป็น (หัวสีส้ม) "
        "คอลัมน์อื่นลบได้ แถวชื่อเรื่องและแถวว่างไม่มีผล",
        "The header row (row 2) may be in Thai or English; keep the required (orange) columns, "
        "others may be removed; title rows and blank rows are ignored.",
    ),
    DATE_RULE,
    (
        "ใช่/ไม่ใช่: " + BOOL_RULE[0],
        "yes/no: " + BOOL_RULE[1],
    ),
    ENUM_RULE,
    (
        "ตัวเลขใช้เลขไทยได้ ช่องว่างหน้า-หลังข้อความและอักขระที่มองไม่เห็นจะถูกตัดออก",
        "Thai digits are accepted; spaces around text and invisible characters are removed.",
    ),
    (
        "แถวที่ผิดกฎจะถูกปฏิเสธพร้อมเหตุผล (เลขแถว คอลัมน์ ค่า ข้อความ) แถวอื่นยังนำเข้าได้ "
        "และดาวน์โหลดแถวที่ถูกปฏิเสธไปแก้ไขได้",
        "A row that breaks a rule is rejected with its reason (row, column, value, message); "
        "the other rows are imported, and the rejected rows can be downloaded to fix.",
    ),
)


def _check_lang(lang: str) -> None:
    """Refuse a language other than Thai or English."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")


def template_columns(kind: str, questions: int = DEFAULT_QUESTIONS) -> list[Column]:
    """The columns of a kind's template, in order (surveys keep only q1 … q{questions})."""
    spec = get_kind(kind)
    if spec.key != "surveys":
        return list(spec.columns)
    if isinstance(questions, bool) or not isinstance(questions, int):
        raise ValueError(f"questions must be a whole number from 1 to {MAX_QUESTIONS}")
    if not 1 <= questions <= MAX_QUESTIONS:
        raise ValueError(f"questions must be from 1 to {MAX_QUESTIONS}, not {questions}")
    keep = {f"q{i}" for i in range(1, questions + 1)}
    return [
        c for c in spec.columns if not (c.type == INT and c.key.startswith("q")) or c.key in keep
    ]


def template_headers(kind: str, lang: str = "th", questions: int = DEFAULT_QUESTIONS) -> list[str]:
    """The header row of a kind's template in the given language."""
    _check_lang(lang)
    return [c.label(lang) for c in template_columns(kind, questions)]


def dropdown_labels(col: Column, lang: str) -> list[str] | None:
    """The drop-down values of a column (Thai labels or English keys), None if it has none."""
    _check_lang(lang)
    if col.type == ENUM:
        return [col.value_label(key, "th") if lang == "th" else key for key in col.values]
    if col.type == BOOL:
        return list(YES_NO_LABELS[lang])
    return None


def sheet_name(kind: str, lang: str = "th") -> str:
    """The data sheet's name: the kind's name in the language, within Excel's 31 characters."""
    _check_lang(lang)
    spec = get_kind(kind)
    name = SHORT_SHEET_NAMES.get((spec.key, lang), spec.label(lang))
    return name[:SHEET_NAME_LIMIT]


def template_filename(kind: str, lang: str = "th") -> str:
    """The download name of a template, e.g. template_register_th.xlsx."""
    _check_lang(lang)
    return f"template_{get_kind(kind).key}_{lang}.xlsx"


def _display_width(text: str) -> int:
    """Columns a text takes on screen: Thai vowel and tone marks above or below take none."""
    return sum(
        0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else 1
        for line in text.split("\n")
        for ch in line
    )


def _thai_date(d: dt.date) -> str:
    """A date as Thai users write it: 15 ส.ค. 2567."""
    return f"{d.day} {THAI_MONTH_SHORT[d.month - 1]} {d.year + 543}"


def _int_range(col: Column) -> tuple[int, int]:
    """The score range a template states for an integer column."""
    low = col.min_value if col.min_value is not None else 0
    high = col.max_value if col.max_value is not None else 5
    return low, high


def _type_hint(kind: Kind, col: Column) -> tuple[str, str]:
    """A short description of what a cell of this column holds, in Thai and English."""
    th, en = TYPE_NAMES[col.type]
    if col.type == DATE:
        return (
            f"{th} เช่น 15 ส.ค. 2567, 15/08/2567, 2024-08-15",
            f"{en}, e.g. 15 ส.ค. 2567, 15/08/2567, 2024-08-15",
        )
    if col.type == INT:
        if kind.key == "assessments":
            return f"{th} pwo7: 1–5, nha14: 0 หรือ 1", f"{en}; pwo7: 1–5, nha14: 0 or 1"
        low, high = _int_range(col)
        return f"{th} {low}–{high}", f"{en} {low}–{high}"
    if col.type in (ENUM, BOOL):
        return f"{th} เลือกจากรายการ", f"{en}; pick from the drop-down"
    return th, en


def _header_note(kind: Kind, col: Column) -> str:
    """The comment on a header cell: required or not, and what to type."""
    need = "จำเป็น / required" if col.required else "ไม่บังคับ / optional"
    th, en = _type_hint(kind, col)
    rule = COLUMN_RULES.get((kind.key, col.key))
    lines = [need, th, en]
    if rule:
        lines += list(rule)
    return "\n".join(lines)


class _Lists:
    """The hidden sheet of drop-down values, one column and one defined name per distinct list."""

    def __init__(self, wb: Workbook) -> None:
        self.wb = wb
        self.sheet = wb.create_sheet(LISTS_SHEET)
        self.sheet.sheet_state = "hidden"
        self.names: dict[tuple[str, ...], str] = {}

    def name_for(self, col: Column, labels: list[str]) -> str:
        """The defined name of the range holding these labels (written once per list)."""
        values = tuple(labels)
        if values in self.names:
            return self.names[values]
        name = "list_yes_no" if col.type == BOOL else f"list_{col.key}"
        index = len(self.names) + 1
        letter = get_column_letter(index)
        self.sheet.cell(row=1, column=index, value=name).font = Font(bold=True)
        for row, label in enumerate(values, start=2):
            cell = self.sheet.cell(row=row, column=index, value=label)
            cell.number_format = TEXT_FORMAT
        self.sheet.column_dimensions[letter].width = max(_display_width(v) for v in values) + 4
        ref = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        self.wb.defined_names[name] = DefinedName(name, attr_text=ref)
        self.names[values] = name
        return name


def _data_validation(kind: Kind, col: Column, lang: str, lists: _Lists) -> DataValidation | None:
    """The drop-down (enum, yes/no) or whole-number check of a column, if it has one."""
    labels = dropdown_labels(col, lang)
    if labels is not None:
        dv = DataValidation(type="list", formula1=lists.name_for(col, labels), allow_blank=True)
        dv.promptTitle = col.label(lang)[:32]
        dv.prompt = "เลือกจากรายการ / pick from the list"
        dv.errorTitle = "ไม่อยู่ในรายการ / Not listed"
        dv.error = (
            "ค่านี้ไม่อยู่ในรายการ ดูชีตคำอธิบาย - Guide\n"
            "This value is not in the list; see the Guide sheet."
        )
    elif col.type == INT:
        low, high = _int_range(col)
        dv = DataValidation(
            type="whole",
            operator="between",
            formula1=str(low),
            formula2=str(high),
            allow_blank=True,
        )
        dv.promptTitle = col.label(lang)[:32]
        dv.prompt = f"จำนวนเต็ม {low}–{high} / whole number {low}–{high}"
        dv.errorTitle = "นอกช่วง / out of range"
        dv.error = f"ต้องเป็นจำนวนเต็ม {low}–{high}\nMust be a whole number {low}–{high}."
    else:
        return None
    dv.showInputMessage = True
    dv.showErrorMessage = True
    dv.errorStyle = "warning"  # the importer also accepts other spellings; warn, do not block
    return dv


def _column_width(kind: Kind, col: Column, lang: str) -> float:
    """A width that shows the header and the longest drop-down value."""
    texts = [col.label(lang), *(dropdown_labels(col, lang) or [])]
    width = max(_display_width(t) for t in texts) + 3
    if col.type == DATE:
        width = max(width, 15)
    elif col.type == "text":
        width = max(width, 18)
    return float(min(max(width, 10), 42))


def _write_data_sheet(
    ws: Worksheet, kind: Kind, columns: list[Column], lang: str, lists: _Lists
) -> None:
    """Title row, styled header row, column formats and drop-downs; no data rows."""
    ws.title = sheet_name(kind.key, lang)
    title = ws.cell(row=TITLE_ROW, column=1, value=kind.label(lang))
    title.font = Font(bold=True, size=14)
    legend = (
        f"หัวคอลัมน์สีส้ม = จำเป็นต้องกรอก · กรอกข้อมูลตั้งแต่แถว {FIRST_DATA_ROW} · คำอธิบายอยู่ที่ชีต {GUIDE_SHEET}"
        if lang == "th"
        else f"Orange headers = required · enter data from row {FIRST_DATA_ROW} · "
        f"see the sheet {GUIDE_SHEET}"
    )
    legend_cell = ws.cell(row=TITLE_ROW, column=min(4, len(columns)), value=legend)
    legend_cell.font = Font(italic=True, color="7F7F7F")
    ws.row_dimensions[TITLE_ROW].height = 24
    ws.row_dimensions[HEADER_ROW].height = 36
    for index, col in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(row=HEADER_ROW, column=index, value=col.label(lang))
        cell.font = Font(bold=True)
        cell.fill = REQUIRED_FILL if col.required else OPTIONAL_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        note = Comment(_header_note(kind, col), "แม่แบบ / template")
        note.width, note.height = 300, 140
        cell.comment = note
        dim = ws.column_dimensions[letter]
        dim.width = _column_width(kind, col, lang)
        if col.type == DATE:
            dim.number_format = DATE_FORMATS[lang]
        elif col.type == "text":
            dim.number_format = TEXT_FORMAT  # keeps IDs like 001 and refs like 12/2567 as typed
        dv = _data_validation(kind, col, lang, lists)
        if dv is not None:
            dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{LAST_DATA_ROW}")
            ws.add_data_validation(dv)
    ws.freeze_panes = f"A{FIRST_DATA_ROW}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"


def _allowed_values(col: Column) -> tuple[str, str]:
    """The allowed values of a column spelled out in Thai and in English."""
    if col.type == ENUM:
        meanings = VALUE_MEANINGS_EN.get(col.key, {})
        th_lines, en_lines = [], []
        for key, labels in col.values.items():
            line = f"{key} = {labels[0]}"
            if len(labels) > 1:
                line += f" (หรือ {', '.join(labels[1:])})"
            th_lines.append(line)
            en_lines.append(f"{key} = {meanings.get(key, key.replace('_', ' '))}")
        return "\n".join(th_lines), "\n".join(en_lines)
    if col.type == BOOL:
        return (
            "ใช่ = yes\nไม่ใช่ = no\n(หรือ มี/ไม่มี, Y/N, 1/0, ✓)",
            "yes = ใช่\nno = ไม่ใช่\n(or Y/N, 1/0, ✓, มี/ไม่มี)",
        )
    return "", ""


def _rules(kind: Kind, col: Column) -> tuple[str, str]:
    """The rules of a column in Thai and English."""
    th: list[str] = []
    en: list[str] = []
    if col.required:
        th.append("ต้องกรอก")
        en.append("must be filled in")
    if col.type == DATE:
        th.append(DATE_RULE[0])
        en.append(DATE_RULE[1])
    elif col.type == BOOL:
        th.append(BOOL_RULE[0])
        en.append(BOOL_RULE[1])
    elif col.type == ENUM:
        th.append(ENUM_RULE[0])
        en.append(ENUM_RULE[1])
    elif col.type == INT:
        if kind.key == "surveys":
            low, high = _int_range(col)
            th.append(f"คะแนน {low}–{high} หรือเว้นว่าง ต้องตอบอย่างน้อยหนึ่งข้อ")
            en.append(f"score {low}–{high} or blank; at least one question answered")
        elif kind.key == "assessments":
            number = int(col.key[1:])
            if number <= 7:
                th.append("pwo7: คะแนน 1–5; nha14: 0 หรือ 1")
                en.append("pwo7: score 1–5; nha14: 0 or 1")
            else:
                th.append("pwo7: เว้นว่าง; nha14: 0 หรือ 1")
                en.append("pwo7: leave blank; nha14: 0 or 1")
        th.append(INT_RULE[0])
        en.append(INT_RULE[1])
    else:
        th.append("ข้อความ ช่องว่างหน้า-หลังจะถูกตัดออก")
        en.append("free text; surrounding spaces are removed")
    if not col.required:
        th.append("เว้นว่างได้")
        en.append("may be left blank")
    rule = COLUMN_RULES.get((kind.key, col.key))
    if rule:
        th.append(rule[0])
        en.append(rule[1])
    return "\n".join(th), "\n".join(en)


def _example(kind: Kind, col: Column) -> str:
    """An example value of a column as the user would type it, in both languages where they differ."""
    value = EXAMPLES.get(kind.key, {}).get(col.key)
    if col.type == INT and kind.key == "assessments":
        number = int(col.key[1:])
        return "4 (pwo7) / 1 (nha14)" if number <= 7 else "ว่าง / blank (pwo7) · 1 (nha14)"
    if col.type == BOOL:
        value = True if value is None else value
        return "ใช่ / yes" if value else "ไม่ใช่ / no"
    if value is None:
        return ""
    if col.type == ENUM:
        return f"{col.value_label(str(value), 'th')} / {value}"
    if col.type == DATE and isinstance(value, dt.date):
        return f"{_thai_date(value)} / {value.isoformat()}"
    return str(value)


def _write_guide(ws: Worksheet, kind: Kind, columns: list[Column]) -> None:
    """The bilingual guide sheet: one row per column, then the general rules."""
    title = ws.cell(
        row=1, column=1, value=f"คำอธิบายแม่แบบ {kind.th} / Guide to the template: {kind.en}"
    )
    title.font = Font(bold=True, size=14)
    ws.cell(
        row=2,
        column=1,
        value="หัวคอลัมน์สีส้มในชีตข้อมูล = จำเป็นต้องกรอก / Orange headers on the data sheet = required",
    ).font = Font(italic=True, color="7F7F7F")
    wrap = Alignment(vertical="top", wrap_text=True)
    for index, (label, width) in enumerate(GUIDE_HEADERS, start=1):
        cell = ws.cell(row=GUIDE_TABLE_HEADER_ROW, column=index, value=label)
        cell.font = Font(bold=True)
        cell.fill = GUIDE_HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = width
    row = GUIDE_TABLE_HEADER_ROW
    for col in columns:
        row += 1
        type_th, type_en = TYPE_NAMES[col.type]
        allowed_th, allowed_en = _allowed_values(col)
        rules_th, rules_en = _rules(kind, col)
        values = (
            col.key,
            col.th,
            col.en,
            f"{type_th} / {type_en}",
            "จำเป็น / required" if col.required else "ไม่บังคับ / optional",
            allowed_th,
            allowed_en,
            rules_th,
            rules_en,
            _example(kind, col),
        )
        for index, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=index, value=value or None)
            cell.alignment = wrap
            cell.border = BORDER
            cell.number_format = TEXT_FORMAT
            if index == 5 and col.required:
                cell.fill = REQUIRED_FILL
    row += 2
    ws.cell(row=row, column=1, value="กฎทั่วไป / General rules").font = Font(bold=True)
    for rule_th, rule_en in GENERAL_RULES:
        row += 1
        ws.cell(row=row, column=1, value=rule_th).alignment = wrap
        ws.cell(row=row, column=6, value=rule_en).alignment = wrap
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=5)
        ws.merge_cells(start_row=row, start_column=6, end_row=row, end_column=10)
        ws.row_dimensions[row].height = 48
    ws.freeze_panes = f"B{GUIDE_TABLE_HEADER_ROW + 1}"


def template_xlsx(kind: str, lang: str = "th", questions: int = DEFAULT_QUESTIONS) -> bytes:
    """A kind's import template as .xlsx bytes: data sheet, guide sheet, hidden drop-down lists.

    Parameters
    ----------
    kind : one of register, surveys, assessments, egov.
    lang : "th" or "en": the language of the headers and the drop-down values.
    questions : number of question columns q1 … qN of the surveys template (1–20).
    """
    _check_lang(lang)
    spec = get_kind(kind)
    columns = template_columns(spec.key, questions)
    wb = Workbook()
    data_sheet = wb.active
    guide = wb.create_sheet(GUIDE_SHEET)
    lists = _Lists(wb)  # data, guide, then the hidden lists
    _write_data_sheet(data_sheet, spec, columns, lang, lists)
    _write_guide(guide, spec, columns)
    wb.active = 0
    wb.properties.title = f"{spec.th} / {spec.en}"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
