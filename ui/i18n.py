"""Every label of the dashboard in Thai and English; Thai by default; BE dates when Thai is on."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from loaders.spec import KINDS

LANGS = ("th", "en")
LANG_KEY = "lang"

THAI_MONTHS_SHORT = (
    "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
    "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
)  # fmt: skip

TEXT: dict[str, tuple[str, str]] = {
    # app and navigation
    "app_title": ("แดชบอร์ดการเชื่อมโยงข้อมูล", "Linkage dashboard"),
    "language": ("ภาษา", "Language"),
    "nav_overview": ("ภาพรวม", "Overview"),
    "nav_executive": ("ผู้บริหาร", "Executives"),
    "nav_planner": ("ผู้วางแผน", "Planners"),
    "nav_it": ("ฝ่ายเทคโนโลยีสารสนเทศ", "IT staff"),
    "page_home": ("หน้าหลัก", "Home"),
    "page_upload": ("นำเข้าข้อมูล", "Upload data"),
    # sample data
    "sample_banner": (
        "ข้อมูลตัวอย่าง: ตัวเลขในหน้านี้มาจากข้อมูลสมมติเพื่อการสาธิต ไม่ใช่ข้อมูลจริงของหน่วยงาน ลบได้ที่หน้า นำเข้าข้อมูล",
        "Sample data: the figures on this page come from made-up demonstration data, not your "
        "agency's records. Remove it on the Upload data page.",
    ),
    "sample_banner_viewer": (
        "ข้อมูลตัวอย่าง: ตัวเลขในหน้านี้มาจากข้อมูลสมมติเพื่อการสาธิต ไม่ใช่ข้อมูลจริงของหน่วยงาน "
        "เจ้าหน้าที่เทคโนโลยีสารสนเทศจะลบออกเมื่อนำเข้าข้อมูลจริง",
        "Sample data: the figures on this page come from made-up demonstration data, not your "
        "agency's records. IT staff remove it when they import the real data.",
    ),
    "sample_remove": ("ลบข้อมูลตัวอย่าง", "Remove sample data"),
    "sample_remove_help": (
        "ลบเฉพาะข้อมูลตัวอย่าง ข้อมูลที่นำเข้าจริงยังอยู่ครบ (สำรองไฟล์ฐานข้อมูลไว้ก่อนลบ)",
        "Removes only the sample rows; imported data stays. The database file is backed up first.",
    ),
    "sample_removed": ("ลบข้อมูลตัวอย่างแล้ว {n} แถว", "Removed {n} sample rows"),
    "sample_load": ("โหลดข้อมูลตัวอย่างอีกครั้ง", "Load the sample data again"),
    # home
    "home_title": ("ภาพรวมการเชื่อมโยงข้อมูล", "Data linkage at a glance"),
    "home_intro": (
        "จำนวนการเชื่อมโยงข้อมูลกับหน่วยงานอื่นตามสถานะและทิศทาง จากทะเบียนการเชื่อมโยงข้อมูลล่าสุด",
        "Linkages with other agencies by lifecycle status and direction, from the latest register.",
    ),
    "m_linkages": ("การเชื่อมโยงทั้งหมด", "All linkages"),
    "m_partners": ("หน่วยงานคู่เชื่อมโยง", "Partner agencies"),
    "m_live": ("เชื่อมโยงแล้ว/ใช้งานอยู่", "Linked or in use"),
    "m_open": ("คำขอที่รอผล", "Open requests"),
    "chart_status": ("จำนวนการเชื่อมโยงตามสถานะ", "Linkages by lifecycle status"),
    "chart_direction": ("สัดส่วนตามทิศทางการเชื่อมโยง", "Linkages by direction"),
    "axis_status": ("สถานะ", "Status"),
    "axis_count": ("จำนวน (รายการ)", "Count (linkages)"),
    "direction": ("ทิศทาง", "Direction"),
    "go_to": ("ไปที่", "Go to"),
    "empty_register": (
        "ยังไม่มีทะเบียนการเชื่อมโยงข้อมูล นำเข้าไฟล์ทะเบียน (Excel หรือ CSV) ที่หน้า นำเข้าข้อมูล",
        "No linkage register yet. Upload a register file (Excel or CSV) on the Upload data page.",
    ),
    "table_counts": ("ตารางจำนวนตามสถานะและทิศทาง", "Counts by status and direction"),
    # upload
    "upload_title": ("นำเข้าข้อมูลจากสเปรดชีต", "Import data from a spreadsheet"),
    "upload_intro": (
        "เลือกไฟล์ Excel (.xlsx) หรือ CSV ระบบจะตรวจสอบทุกแถวและแสดงผลก่อนบันทึก "
        "แถวที่ผิดจะไม่ถูกบันทึกและดาวน์โหลดพร้อมเหตุผลได้ ข้อมูลเดิมไม่เสียหาย",
        "Choose an Excel (.xlsx) or CSV file. Every row is checked and shown to you before anything "
        "is stored; bad rows are left out and can be downloaded with their reasons. Stored data is "
        "never damaged.",
    ),
    "step_kind": ("1. ประเภทข้อมูล", "1. What the file holds"),
    "kind_auto": ("ตรวจหาจากหัวตารางอัตโนมัติ", "Detect from the headers"),
    "step_file": ("2. เลือกไฟล์", "2. Choose the file"),
    "step_preview": ("3. ตรวจสอบก่อนบันทึก", "3. Check before storing"),
    "templates": ("ดาวน์โหลดแม่แบบ", "Download a template"),
    "templates_help": (
        "แม่แบบมีหัวคอลัมน์ รายการให้เลือก และคำอธิบายค่าที่ใช้ได้ทั้งภาษาไทยและอังกฤษ",
        "Templates have the headers, drop-down lists and a guide to allowed values in Thai and English.",
    ),
    "template_lang": ("ภาษาหัวคอลัมน์", "Header language"),
    "reading": ("กำลังอ่านและตรวจสอบไฟล์...", "Reading and checking the file..."),
    "refused": ("ไม่สามารถนำเข้าไฟล์นี้ได้", "This file cannot be imported"),
    "refused_nothing": ("ไม่มีการเปลี่ยนแปลงข้อมูลที่บันทึกไว้", "Nothing stored has changed."),
    "detected_kind": ("ประเภทข้อมูลในไฟล์: {kind}", "The file holds: {kind}"),
    "m_accepted": ("แถวที่ผ่าน", "Rows accepted"),
    "m_rejected": ("แถวที่ไม่ผ่าน", "Rows rejected"),
    "m_added": ("เพิ่มใหม่", "New"),
    "m_changed": ("มีการแก้ไข", "Changed"),
    "m_absent": ("ไม่อยู่ในไฟล์นี้", "Not in this file"),
    "reasons": ("เหตุผลที่ไม่ผ่าน", "Why rows were rejected"),
    "col_row": ("แถว", "Row"),
    "col_column": ("คอลัมน์", "Column"),
    "col_value": ("ค่าที่พบ", "Value"),
    "col_message": ("เหตุผล", "Reason"),
    "download_rejected": ("ดาวน์โหลดแถวที่ไม่ผ่าน (.xlsx)", "Download rejected rows (.xlsx)"),
    "added_list": ("รายการที่จะเพิ่มใหม่", "Linkages that will be added"),
    "changes_list": ("รายการที่จะแก้ไข (ค่าเดิม → ค่าใหม่)", "Changes (old → new)"),
    "absent_list": (
        "รายการที่มีในระบบแต่ไม่อยู่ในไฟล์นี้ (จะไม่ถูกลบ)",
        "Linkages stored but absent from this file (they are kept, not deleted)",
    ),
    "col_id": ("รหัส", "ID"),
    "col_field": ("ข้อมูล", "Field"),
    "col_old": ("ค่าเดิม", "Old value"),
    "col_new": ("ค่าใหม่", "New value"),
    "unknown_columns": (
        "คอลัมน์ที่ไม่รู้จักและจะไม่นำเข้า: {cols}",
        "Columns not recognised and left out: {cols}",
    ),
    "duplicate_file": (
        "ไฟล์นี้เคยนำเข้าแล้ว (ครั้งที่ {id}) และไม่มีข้อมูลเปลี่ยนแปลง การนำเข้าซ้ำจะไม่เปลี่ยนอะไร",
        "This very file was imported before (upload {id}) and nothing in it differs; importing it "
        "again changes nothing.",
    ),
    "nothing_to_import": ("ไม่มีแถวที่ผ่านการตรวจสอบ", "No row passed the checks."),
    "btn_import": ("บันทึกข้อมูล {n} แถว", "Import {n} rows"),
    "btn_cancel": ("ยกเลิก", "Cancel"),
    "imported": (
        "บันทึกแล้ว: เพิ่ม {added} แก้ไข {changed} ไม่เปลี่ยน {unchanged} (ครั้งที่ {id})",
        "Imported: {added} added, {changed} changed, {unchanged} unchanged (upload {id})",
    ),
    "imported_nothing": ("ไม่มีข้อมูลเปลี่ยนแปลง", "Nothing changed."),
    "history": ("ประวัติการนำเข้า", "Upload history"),
    "no_history": ("ยังไม่มีการนำเข้าไฟล์", "No uploads yet."),
    "store_busy": (
        "ฐานข้อมูลกำลังถูกใช้งาน กรุณาลองใหม่อีกครั้ง",
        "The database is busy; please try again.",
    ),
    # history columns
    "h_upload_id": ("ครั้งที่", "Upload"),
    "h_uploaded_at": ("เวลา", "When"),
    "h_file_name": ("ไฟล์", "File"),
    "h_kind": ("ประเภท", "Kind"),
    "h_uploaded_by": ("ผู้นำเข้า", "By"),
    "h_source": ("ช่องทาง", "Via"),
    "h_accepted": ("ผ่าน", "Accepted"),
    "h_rejected": ("ไม่ผ่าน", "Rejected"),
    "h_added": ("เพิ่ม", "Added"),
    "h_changed": ("แก้ไข", "Changed"),
    "h_unchanged": ("ไม่เปลี่ยน", "Unchanged"),
    "h_absent": ("ไม่อยู่ในไฟล์", "Absent"),
    "h_is_sample": ("ตัวอย่าง", "Sample"),
    "h_sha256": ("SHA-256", "SHA-256"),
    # exports
    "download_xlsx": ("ดาวน์โหลด Excel", "Download Excel"),
    "download_csv": ("ดาวน์โหลด CSV", "Download CSV"),
    "yes": ("ใช่", "Yes"),
    "no": ("ไม่ใช่", "No"),
    "store_error": ("เปิดฐานข้อมูลไม่ได้", "Cannot open the database"),
}


def lang() -> str:
    """The language in use: the session's choice, else the URL's, else Thai."""
    chosen = st.session_state.get(LANG_KEY)
    if chosen in LANGS:
        return chosen
    from_url = st.query_params.get(LANG_KEY)
    return from_url if from_url in LANGS else "th"


def t(key: str, **values: object) -> str:
    """The label for `key` in the language in use, with {placeholders} filled."""
    th, en = TEXT[key]
    text = th if lang() == "th" else en
    return text.format(**values) if values else text


def register(texts: dict[str, tuple[str, str]]) -> None:
    """Add a page's own labels (Thai, English) to the shared table; a key may be defined once."""
    for key, pair in texts.items():
        if key in TEXT and TEXT[key] != pair:
            raise KeyError(f"label {key!r} is already defined differently")
        TEXT[key] = pair


def pick(th: str, en: str) -> str:
    """One of two texts by the language in use (for messages that carry both)."""
    return th if lang() == "th" else en


def kind_label(kind: str) -> str:
    """A spreadsheet kind's name in the language in use."""
    return KINDS[kind].label(lang())


def fmt_date(value: dt.date | dt.datetime | None, *, with_time: bool = False) -> str:
    """A date as users read it: `15 ส.ค. 2567` (BE) in Thai, `15 Aug 2024` in English."""
    if value is None:
        return ""
    if lang() == "th":
        text = f"{value.day} {THAI_MONTHS_SHORT[value.month - 1]} {value.year + 543}"
    else:
        text = value.strftime("%-d %b %Y")
    if with_time and isinstance(value, dt.datetime):
        text += value.strftime(" %H:%M")
    return text


def fmt_number(value: float | int | None, digits: int = 0) -> str:
    """A number with thousands separators (the same in Thai and English)."""
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"
