"""The briefing's and the public register's words in Thai and English (no Streamlit here).

``say(key, lang, **values)`` fills one text; ``thai_date`` writes a date as readers expect it
(``2 ธ.ค. 2569`` in Thai, Buddhist Era; ``2 Dec 2026`` in English).
"""

from __future__ import annotations

import datetime as dt

MONTHS_SHORT = {
    "th": (
        "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
        "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.",
    ),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}  # fmt: skip

TEXT: dict[str, tuple[str, str]] = {
    "title": ("สรุปผลการเชื่อมโยงข้อมูลสำหรับผู้บริหาร", "Data linkage briefing for executives"),
    "subtitle": ("{fy} · ข้อมูล ณ {date}", "{fy} · data as of {date}"),
    "footer": ("ข้อมูล ณ {date} · {fy} · {filters}", "Data as of {date} · {fy} · {filters}"),
    "no_filters": ("ไม่มีตัวกรอง", "no filters"),
    "filters": ("ตัวกรอง: {what}", "filters: {what}"),
    "personal": ("ข้อมูลส่วนบุคคล: {v}", "personal data: {v}"),
    "yes": ("มี", "yes"),
    "no": ("ไม่มี", "no"),
    "sample": (
        "ข้อมูลตัวอย่าง ไม่ใช่ข้อมูลจริงของหน่วยงาน",
        "Sample data, not the agency's real figures",
    ),
    "contents": ("เนื้อหา", "Contents"),
    # scorecard
    "s_scorecard": ("ตัวชี้วัดของ 4 กระบวนการ", "KPIs of the four processes"),
    "c_kpi_status": ("ตัวชี้วัดตามสถานะ แยกตามกระบวนการ", "KPIs by status, per process"),
    "col_process": ("กระบวนการ", "Process"),
    "col_kpi": ("ตัวชี้วัด", "KPI"),
    "col_value": ("ผล", "Result"),
    "col_target": ("เป้าหมาย", "Target"),
    "col_status": ("สถานะ", "Status"),
    "kpi_summary": (
        "บรรลุ {met} · ไม่บรรลุ {not_met} · เสี่ยง {at_risk} · ไม่มีข้อมูล {no_data} จาก {n} ตัว",
        "Met {met} · not met {not_met} · at risk {at_risk} · no data {no_data} of {n}",
    ),
    "not_recorded": ("ยังไม่บันทึก", "not recorded"),
    "no_target": ("ไม่มีเป้าหมาย", "no target"),
    # satisfaction
    "s_satisfaction": ("ความพึงพอใจเทียบเป้าหมาย", "Satisfaction against its targets"),
    "c_satisfaction": ("คะแนนความพึงพอใจ (เต็ม 100)", "Satisfaction score (out of 100)"),
    "ser_score": ("คะแนน", "Score"),
    "ser_target": ("เป้าหมาย", "Target"),
    "sat_method": ("วิธีคิดคะแนน: {method}", "Scoring method: {method}"),
    "sat_line": (
        "{process}: {score} (เป้าหมาย {target}, ผู้ตอบ {n} ราย)",
        "{process}: {score} (target {target}, {n} responses)",
    ),
    # pipeline
    "s_pipeline": ("งานตามขั้นตอน: ค้างและล่าช้า", "The pipeline by stage: stuck and late"),
    "c_pipeline": ("จำนวนการเชื่อมโยงในแต่ละขั้นตอน", "Linkages in each stage"),
    "ser_linkages": ("การเชื่อมโยง", "Linkages"),
    "ser_stuck": ("ค้างเกินกำหนด", "Stuck"),
    "ser_late": ("คำขอล่าช้า (เกิน {days} วัน)", "Late requests (over {days} days)"),
    "pipe_line": (
        "ค้างเกินกำหนด {stuck} รายการ · คำขอรอผลเกิน {days} วัน {late} รายการ",
        "{stuck} stuck past their stage's limit · {late} requests waiting over {days} days",
    ),
    # progress
    "s_progress": ("ผลการเชื่อมโยงขาออก (6.2) เทียบเป้าหมาย", "Outbound linking (6.2) against targets"),
    "short_partners_listed": ("หน่วยงานเป้าหมาย", "Partners listed"),  # as the scorecard's
    "short_requests_answered": ("คำขอได้รับผล", "Requests answered"),
    "short_linkages_achieved": ("เชื่อมโยงสำเร็จ", "Linkages achieved"),
    "short_data_in_use": ("นำข้อมูลไปใช้", "Data put to use"),
    "c_counts": ("ผลเทียบเป้าหมายรายปี", "Counts against the year targets"),
    "ser_achieved": ("ผล", "Achieved"),
    "c_cumulative": ("เชื่อมโยงสำเร็จสะสมรายเดือน เทียบแผนสะสม", "Linked, cumulative by month, against the plan"),
    "ser_cumulative": ("ผลสะสม", "Cumulative"),
    "ser_plan": ("แผนสะสม", "Cumulative plan"),
    "no_plan": ("ยังไม่ได้ตั้งเป้าหมายของปีนี้", "No target set for this year"),
    # e-Gov
    "s_egov": ("คะแนนรัฐบาลอิเล็กทรอนิกส์", "e-Government score"),
    "c_egov_trend": ("คะแนนรายปีงบประมาณ เทียบ UN 2555 และ KU-INOVA 2556", "Score by fiscal year against UN 2012 and KU-INOVA 2013"),
    "c_egov_stages": ("ความสำเร็จรายระดับ (ร้อยละ)", "Completion by stage (percent)"),
    "ser_ours": ("หน่วยงานของเรา", "Our agency"),
    "egov_line": ("คะแนน {fy}: {score} จาก 100", "{fy} score: {score} of 100"),
    "egov_none": ("ยังไม่มีผลประเมิน", "no assessment yet"),
    # findings
    "s_findings": ("ประเด็นที่ต้องติดตาม", "Findings that need attention"),
    "col_finding": ("ประเด็น", "Finding"),
    "col_count": ("จำนวน", "Count"),
    "col_detail": ("รายละเอียด", "Detail"),
    "no_findings": ("ไม่มีประเด็นค้าง", "Nothing outstanding"),
    "f_late": ("คำขอล่าช้า", "Late requests"),
    "f_late_detail": ("รอผลพิจารณาเกิน {days} วัน นานที่สุด {max} วัน", "waiting over {days} days; longest {max} days"),
    "f_stuck": ("งานค้างเกินกำหนด", "Stuck work"),
    "f_stuck_detail": ("ขั้นตอน {stages}", "stages: {stages}"),
    "f_pending": ("รออนุมัติ", "Pending approval"),
    "f_pending_detail": ("ผู้อนุมัติ: {who}", "approver: {who}"),
    "f_expired": ("ข้อตกลงสิ้นสุดแล้ว", "Agreements expired"),
    "f_expired_detail": ("เลยวันสิ้นสุดแล้ว ควรต่ออายุหรือปิด", "past their end date: renew or close"),
    "f_lapsed": ("ข้อตกลงสิ้นสุดแล้วแต่ยังเชื่อมโยงอยู่", "Agreements ended, linkage still live"),
    "f_lapsed_detail": (
        "ต้องต่ออายุหรือเข้าสู่การยกเลิกการเชื่อมโยง (กระบวนการ 6.4)",
        "renew, or cancel the linkage (process 6.4)",
    ),
    "f_expiring": ("ข้อตกลงใกล้สิ้นสุด", "Agreements expiring"),
    "f_expiring_detail": ("ภายใน 90 วัน", "within 90 days"),
}  # fmt: skip


def say(key: str, lang: str, **values: object) -> str:
    """The text for `key` in `lang` ("th" or "en"), with {placeholders} filled."""
    th, en = TEXT[key]
    text = th if lang == "th" else en
    return text.format(**values) if values else text


def thai_date(day: dt.date | None, lang: str) -> str:
    """``2 ธ.ค. 2569`` (Thai, Buddhist Era) or ``2 Dec 2026`` (English); "" for no date."""
    if day is None:
        return ""
    year = day.year + 543 if lang == "th" else day.year
    return f"{day.day} {MONTHS_SHORT['th' if lang == 'th' else 'en'][day.month - 1]} {year}"


TEXT |= {
    "pub_title": ("ทะเบียนการเชื่อมโยงข้อมูลที่เปิดเผยได้", "Public register of data linkages"),
    "pub_description": (
        "การเชื่อมโยงข้อมูลกับหน่วยงานอื่นที่ใช้งานอยู่และที่สิ้นสุดแล้ว: หน่วยงานคู่เชื่อมโยง "
        "วัตถุประสงค์ ชุดข้อมูล ทิศทาง วิธีการ ความถี่ วันที่เริ่มและสิ้นสุด และประเภทฐานทางกฎหมาย "
        "การเชื่อมโยงที่มีชั้นความลับหรือข้อมูลส่วนบุคคลแสดงเฉพาะหน่วยงาน ประเภทวัตถุประสงค์ และวันที่ "
        "ไม่มีข้อมูลส่วนบุคคล",
        "The agency's live and ended data linkages with other agencies: partner, purpose, dataset, "
        "direction, method, frequency, start and end dates and legal basis class. Linkages above "
        "the public class or with personal data show only the partner, purpose class and dates. "
        "No personal data.",
    ),
    "pub_publisher_unnamed": ("หน่วยงานผู้เผยแพร่ (ยังไม่ได้ตั้งชื่อ)", "Publishing agency (name not set)"),
    "pub_rule_statuses": (
        "เผยแพร่การเชื่อมโยงที่มีสถานะ: {statuses}",
        "Published: linkages with status {statuses}",
    ),
    "pub_rule_open": (
        "ชั้นข้อมูล {classes}: แสดงทุกคอลัมน์ ({columns})",
        "Classification {classes}: every column shown ({columns})",
    ),
    "pub_rule_limited": (
        "ชั้นข้อมูลอื่น: แสดงเฉพาะ {columns}",
        "Any other classification: only {columns} shown",
    ),
    "pub_rule_count": (
        "ชั้นข้อมูลอื่น: ไม่แสดงรายการ นับจำนวนไว้ในคำอธิบายชุดข้อมูล",
        "Any other classification: not listed, counted in the metadata",
    ),
    "pub_rule_personal": (
        "การเชื่อมโยงที่มีข้อมูลส่วนบุคคล: ถือเป็นชั้นข้อมูลอื่น",
        "Linkages with personal data: treated as another classification",
    ),
    "pub_rule_never": ("ไม่อ่านคอลัมน์: {columns}", "Never read: {columns}"),
}
