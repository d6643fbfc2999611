"""Labels of the briefing and public-register exports (ui/export_view.py), registered on import."""

from __future__ import annotations

from ui.i18n import register

LABELS: dict[str, tuple[str, str]] = {
    "ex_briefing": ("เอกสารสรุปสำหรับผู้บริหาร", "Briefing for executives"),
    "ex_briefing_note": (
        "ปีงบประมาณและตัวกรองที่ใช้อยู่ ภาษาเดียวกับหน้านี้ PowerPoint มีกราฟที่แก้ไขได้ "
        "PDF สำหรับพิมพ์ขนาด A4 การส่งออกทุกครั้งถูกบันทึกไว้",
        "The fiscal year and filters in force, in this page's language. PowerPoint has "
        "editable charts; the PDF prints on A4. Every export is recorded.",
    ),
    "ex_make_pptx": ("จัดทำ PowerPoint", "Prepare PowerPoint"),
    "ex_make_pdf": ("จัดทำ PDF", "Prepare PDF"),
    "ex_download": ("ดาวน์โหลด {name}", "Download {name}"),
    "ex_making": ("กำลังจัดทำเอกสาร…", "Preparing the file…"),
    "ex_public": ("ทะเบียนที่เปิดเผยได้", "Public register"),
    "ex_public_intro": (
        "รายการการเชื่อมโยงที่ใช้งานอยู่และที่สิ้นสุดแล้วที่หน่วยงานเผยแพร่ได้ (CSV, Excel และ "
        "คำอธิบายชุดข้อมูลแบบ DCAT สำหรับพอร์ทัล CKAN) ตรวจกฎการปกปิดข้อมูลด้านล่างก่อนส่งออก",
        "The live and ended linkages the agency may publish (CSV, Excel and DCAT-style "
        "metadata a CKAN portal takes). Read the redaction rule below before exporting.",
    ),
    "ex_rule": (
        "กฎการปกปิดข้อมูล (metrics/publish_rule.json)",
        "Redaction rule (metrics/publish_rule.json)",
    ),
    "ex_public_counts": (
        "แสดงครบ {full} รายการ · แสดงบางส่วน {limited} รายการ · นับไว้ไม่แสดง {counted} รายการ",
        "{full} rows in full · {limited} rows limited · {counted} counted, not listed",
    ),
    "ex_public_preview": ("ตัวอย่างสิ่งที่จะเผยแพร่", "What will be published"),
    "ex_make_public": ("จัดทำไฟล์ทะเบียนที่เปิดเผยได้", "Prepare the public register files"),
    "ex_public_zip": (
        "ไฟล์ zip มี {files}",
        "The zip holds {files}",
    ),
}

register(LABELS)
