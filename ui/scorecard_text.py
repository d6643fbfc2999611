"""The strategic scorecard page's labels in Thai and English, registered on import (the router needs the title)."""

from __future__ import annotations

from ui.i18n import register

LABELS: dict[str, tuple[str, str]] = {
    "page_strategic": ("ภาพรวมเชิงกลยุทธ์", "Strategic scorecard"),
    "st_title": ("ภาพรวมเชิงกลยุทธ์ · {fy}", "Strategic scorecard · {fy}"),
    "st_intro": (
        "ผลการดำเนินงานของปีงบประมาณเทียบเป้าหมาย: ตัวชี้วัดของ 4 กระบวนการตามคู่มือ "
        "ความพึงพอใจ และคะแนนรัฐบาลอิเล็กทรอนิกส์",
        "Where the fiscal year stands against its targets: the KPIs of the manual's four "
        "processes, satisfaction and the e-Government score.",
    ),
    "st_year_chosen": ("ปีงบประมาณตามตัวกรอง", "Fiscal year from the filters"),
    "st_year_latest_with_data": (
        "ยังไม่ได้เลือกปีงบประมาณ จึงแสดงปีล่าสุดที่มีข้อมูล เลือกปีอื่นได้ที่ตัวกรองด้านซ้าย",
        "No fiscal year chosen, so the latest year with data is shown; choose another in the "
        "filters on the left",
    ),
    "st_year_current": (
        "ยังไม่ได้เลือกปีงบประมาณ จึงแสดงปีปัจจุบัน เลือกปีอื่นได้ที่ตัวกรองด้านซ้าย",
        "No fiscal year chosen, so the current year is shown; choose another in the filters on "
        "the left",
    ),
    "st_as_of": ("ข้อมูล ณ {date}", "As of {date}"),
    "st_quarter_whole_year": (
        "หน้านี้แสดงทั้งปีงบประมาณ ผลของไตรมาส {q} ที่เลือกดูได้ในตารางรายไตรมาส",
        "This page shows the whole fiscal year; the chosen Q{q} is highlighted in the quarter table.",
    ),
    # headline
    "st_m_time": ("เวลาผ่านไป", "Year elapsed"),
    "st_m_time_value": ("{pct}%", "{pct}%"),
    "st_m_time_help": (
        "{elapsed} จาก {total} วัน ({start} – {end})",
        "{elapsed} of {total} days ({start} – {end})",
    ),
    "st_m_met": ("บรรลุเป้าหมาย", "KPIs met"),
    "st_m_met_help": (
        "ตัวชี้วัดที่บรรลุเป้าหมายแล้ว จากทั้งหมด {n} ตัวของ 4 กระบวนการ",
        "KPIs met, of the {n} KPIs of the four processes",
    ),
    "st_m_of": ("{part} / {whole}", "{part} / {whole}"),
    "st_m_attention": ("ต้องติดตาม", "Need attention"),
    "st_m_attention_help": (
        "ตัวชี้วัดที่ไม่บรรลุเป้าหมาย หรือใกล้ครบกำหนดแต่ยังไม่บรรลุ",
        "KPIs not met, or close to their deadline and not yet met",
    ),
    "st_m_linked": ("เชื่อมโยงสำเร็จ", "Linked (6.2)"),
    "st_m_linked_help": (
        "การเชื่อมโยงขาออก (6.2) ที่เชื่อมโยงสำเร็จในปีงบประมาณ เทียบเป้ารายปี",
        "Outbound linkages (6.2) that went live in the fiscal year, against the year target",
    ),
    "st_m_linked_no_target": ("ยังไม่ตั้งเป้า", "no target set"),
    "st_m_linked_of_target": ("{pct} ของเป้า", "{pct} of target"),
    "st_m_egov": ("คะแนน e-Gov", "e-Gov score"),
    "st_m_egov_help": (
        "คะแนนการให้บริการรัฐบาลอิเล็กทรอนิกส์ 4 ระดับ (เต็ม 100) ณ สิ้นปีงบประมาณ "
        "ตัวเลขสีเขียว/แดงคือผลต่างจากคะแนนอ้างอิง {source} ({ref})",
        "The e-Government four-stage score (out of 100) at the fiscal year's end; the "
        "coloured figure is the difference from the {source} benchmark ({ref})",
    ),
    "st_m_egov_delta": ("เทียบ {ref}", "vs {ref}"),
    "st_glance": ("ความคืบหน้าของปีในภาพเดียว", "The year at a glance"),
    "st_glance_time": ("เวลาที่ผ่านไป", "Time elapsed"),
    "st_glance_kpis": ("ตัวชี้วัด {n} ตัว", "{n} KPIs"),
    "st_glance_axis": ("ร้อยละ", "Percent"),
    # scorecard
    "st_scorecard": ("ตัวชี้วัดของ 4 กระบวนการ", "KPIs of the four processes"),
    "st_scorecard_note": (
        "คลิกแถวเพื่อดูรายการเบื้องหลังและวิธีคำนวณ สีและคำในช่องสถานะบอกผลเทียบเป้าหมาย",
        "Click a row to see the rows behind it and how it is computed. The status column says "
        "the result in colour and in words.",
    ),
    "st_col_process": ("กระบวนการ", "Process"),
    "st_col_kind": ("ประเภท", "Kind"),
    "st_col_kpi": ("ตัวชี้วัด", "KPI"),
    "st_col_value": ("ผล", "Result"),
    "st_col_target": ("เป้าหมาย", "Target"),
    "st_col_responsible": ("ผู้รับผิดชอบ (ตามคู่มือ)", "Responsible (per the manual)"),
    "st_responsible": ("ผู้รับผิดชอบตามคู่มือ: {text}", "Responsible per the manual: {text}"),
    "st_col_due": ("กำหนด", "Deadline"),
    "st_col_status": ("สถานะ", "Status"),
    "st_col_band": ("ระดับ", "Band"),
    "st_col_note": ("หมายเหตุ", "Note"),
    "st_on_each": ("ทุกครั้งที่เกิดเหตุ", "on each event"),
    "st_whole_year": ("ตลอดปีงบประมาณ", "over the year"),
    "st_rate": ("อัตรา {rate}", "rate {rate}"),
    "st_days_left": ("เหลือ {n} วัน", "{n} days left"),
    "st_col_counted": ("นับว่าผ่าน", "Counted"),
    "st_col_counted_on": ("วันที่นับ", "Counted on"),
    "st_col_source": ("ที่มา", "Source"),
    "st_col_date": ("วันที่", "Date"),
    "st_col_upload": ("ครั้งที่นำเข้า", "Upload"),
    "st_source_milestone": ("บันทึกหมุดหมาย", "milestone recorded"),
    "st_source_upload": ("นำเข้าไฟล์ทะเบียน", "register uploaded"),
    "st_responses": ("ผู้ตอบ {n} ราย", "{n} responses"),
    "st_n": ("{n} ราย", "n={n}"),
    "st_kind_in_process": ("กระบวนการ", "In-process"),
    "st_kind_output": ("ผลผลิต", "Output"),
    "st_kind_outcome": ("ผลลัพธ์", "Outcome"),
    "st_pick_kpi": ("ดูรายละเอียดตัวชี้วัด", "KPI details"),
    "st_pick_placeholder": ("เลือกตัวชี้วัด หรือคลิกแถวในตาราง", "Choose a KPI, or click a row"),
    "st_how": ("วิธีคำนวณ: {text}", "How it is computed: {text}"),
    "st_manual_target": ("เป้าหมายตามคู่มือ: {text}", "The manual's target: {text}"),
    "st_rows_behind": ("รายการเบื้องหลัง ({n} รายการ)", "The rows behind it ({n})"),
    "st_no_rows": ("ไม่มีรายการเบื้องหลังตัวชี้วัดนี้ในปีนี้", "No row lies behind this KPI this year."),
    "st_milestone_how": (
        "หมุดหมายบันทึกได้ที่ “ตั้งค่าเป้าหมาย” ด้านล่าง (แท็บ หมุดหมาย 6.1)",
        "Milestones are recorded under “Set targets” below (tab 6.1 milestones).",
    ),
    # cumulative and bullet
    "st_progress": ("ผลสะสมเทียบเป้าสะสม (6.2)", "Cumulative result against the plan (6.2)"),
    "st_progress_kpi": ("ตัวชี้วัด", "KPI"),
    "st_cum_actual": ("ผลสะสมจริง", "Achieved (cumulative)"),
    "st_cum_month": ("ผลรายเดือน", "Achieved in the month"),
    "st_cum_target": ("เป้าสะสม", "Cumulative target"),
    "st_cum_quarter": ("เป้าสิ้นไตรมาส {q}: {v}", "End of Q{q} target: {v}"),
    "st_cum_axis_month": ("เดือน", "Month"),
    "st_cum_axis_count": ("จำนวน (รายการ)", "Count"),
    "st_cum_no_plan": (
        "ยังไม่ได้ตั้งเป้าของตัวชี้วัดนี้ จึงไม่มีเส้นเป้าสะสม ตั้งเป้ารายปีหรือรายไตรมาสได้ที่ “ตั้งค่าเป้าหมาย”",
        "No target is set for this KPI, so there is no cumulative target line; set a yearly or "
        "quarterly target under “Set targets”.",
    ),
    "st_cum_click": (
        "คลิกแท่งหรือจุดของเดือนใดเพื่อดูรายการของเดือนนั้น",
        "Click a month's bar or point to see its rows.",
    ),
    "st_cum_rows": ("รายการของเดือน {month} ({n} รายการ)", "Rows of {month} ({n})"),
    "st_cum_plan_mismatch": (
        "เป้ารายไตรมาสรวมกันได้ {total} แต่เป้ารายปีคือ {annual} เส้นเป้าสะสมใช้เป้ารายไตรมาส",
        "The quarter targets add up to {total} but the yearly target is {annual}; the cumulative "
        "line follows the quarters.",
    ),
    "st_quarters": ("เป้าและผลรายไตรมาส: {kpi}", "Quarter by quarter: {kpi}"),
    "st_col_quarter": ("ไตรมาส", "Quarter"),
    "st_col_q_target": ("เป้าของไตรมาส", "Quarter target"),
    "st_col_q_actual": ("ผลของไตรมาส", "Achieved in quarter"),
    "st_col_q_cum_target": ("เป้าสะสม", "Cumulative target"),
    "st_col_q_cum_actual": ("ผลสะสม", "Cumulative achieved"),
    "st_col_q_verdict": ("ผลเทียบเป้า", "Against target"),
    "st_q_reached": ("ถึงเป้า", "reached"),
    "st_q_short": ("ต่ำกว่าเป้า {n}", "{n} short"),
    "st_q_not_begun": ("ยังไม่เริ่ม", "not begun"),
    "st_q_no_target": ("ไม่มีเป้า", "no target"),
    "st_bullet": ("ผลเทียบเป้าหมายและช่วงเป้าหมาย (6.2)", "Against target and bands (6.2)"),
    "st_bullet_note": (
        "แถบสีอ่อนคือช่วงเป้าหมาย (ต่ำกว่าขั้นต่ำ · ขั้นต่ำ · ดี · ดีเยี่ยม) "
        "เส้นดำคือเป้าหมายรายปี เส้นประคือเป้าที่ควรถึง ณ วันนี้",
        "Shaded bands are the target bands (below minimum · minimum · good · excellent); the "
        "black tick is the year's target, the dashed tick what the plan asks by today.",
    ),
    "st_bullet_value": ("ผล", "Result"),
    "st_bullet_target": ("เป้าหมายรายปี", "Year target"),
    "st_bullet_expected": ("ควรถึง ณ วันนี้", "Planned by today"),
    "st_no_target_short": ("ยังไม่ตั้งเป้า", "no target set"),
    "st_short_partners_listed": ("หน่วยงานเป้าหมาย", "Partners listed"),
    "st_short_requests_answered": ("คำขอได้รับผล", "Requests answered"),
    "st_short_linkages_achieved": ("เชื่อมโยงสำเร็จ", "Linkages achieved"),
    "st_short_data_in_use": ("นำข้อมูลไปใช้", "Data put to use"),
    "st_empty_register": (
        "ยังไม่มีทะเบียนการเชื่อมโยงข้อมูล ตัวชี้วัด 6.2–6.4 และผลสะสมจะแสดงเมื่อนำเข้าไฟล์ “{kind}” ที่หน้า นำเข้าข้อมูล",
        "No linkage register yet. The 6.2–6.4 KPIs and the cumulative results appear once a "
        "“{kind}” file is uploaded on the Upload data page.",
    ),
    # satisfaction
    "st_sat": ("ความพึงพอใจเทียบเป้าหมาย", "Satisfaction against target"),
    "st_sat_method": ("วิธีคิดคะแนน", "Scoring method"),
    "st_sat_method_used": ("วิธีคิดคะแนน: {method}", "Method: {method}"),
    "st_sat_targets": (
        "เป้าหมาย (เส้นประสีแดง): 6.1 ≥ 80 · 6.2 {outbound} · 6.3 ≥ 70 · 6.4 ≥ 80 "
        "เส้นสั้นที่ปลายแท่งคือค่าคลาดเคลื่อน 95% แถบสีพื้นคือช่วงเป้าหมายที่ตั้งไว้",
        "Targets (red dashes): 6.1 ≥ 80 · 6.2 {outbound} · 6.3 ≥ 70 · 6.4 ≥ 80. Whiskers are "
        "the 95 % margin of error; shaded backgrounds are the target bands set.",
    ),
    "st_sat_filters_note": (
        "คะแนนความพึงพอใจคิดจากผลสำรวจทั้งปี ตัวกรองทิศทาง ประเภทหน่วยงาน กระทรวง วิธีการ ชั้นข้อมูล "
        "และข้อมูลส่วนบุคคลไม่มีผลกับส่วนนี้",
        "Satisfaction is scored over the whole year's responses; the direction, partner type, "
        "ministry, method, classification and personal-data filters do not apply to it.",
    ),
    "st_sat_click": (
        "คลิกแท่งเพื่อดูคำตอบที่อยู่เบื้องหลัง",
        "Click a bar to see the responses behind it.",
    ),
    "st_sat_rows": ("คำตอบของ {what} ({n} ราย)", "Responses for {what} ({n})"),
    "st_sat_table": ("ตารางคะแนนความพึงพอใจ", "Satisfaction table"),
    "st_empty_surveys": (
        "ยังไม่มีผลสำรวจความพึงพอใจในปีนี้ นำเข้าไฟล์ “{kind}” ที่หน้า นำเข้าข้อมูล",
        "No satisfaction survey response this year. Upload a “{kind}” file on the Upload data "
        "page.",
    ),
    "st_no_target_set": ("ยังไม่ตั้งเป้า", "no target set"),
    # e-Gov
    "st_egov": ("คะแนน e-Government", "e-Government score"),
    "st_egov_note": (
        "คะแนน ณ สิ้นแต่ละปีงบประมาณ เส้นประคือคะแนนอ้างอิงจากงานศึกษา (UN 2555 และ KU-INOVA 2556)",
        "The score at each fiscal year's end; dashed lines are the study's reference scores "
        "(UN 2012 and KU-INOVA 2013).",
    ),
    "st_egov_more": ("ดูรายละเอียดคะแนนรัฐบาลอิเล็กทรอนิกส์", "e-Government score in detail"),
    "st_egov_empty": (
        "ยังไม่มีผลการประเมินระดับรัฐบาลอิเล็กทรอนิกส์ นำเข้าไฟล์ “{kind}” ที่หน้า นำเข้าข้อมูล",
        "No e-Government stage assessment yet. Upload an “{kind}” file on the Upload data page.",
    ),
    "st_egov_table": ("คะแนนรายปีงบประมาณ", "Score by fiscal year"),
    # target editor
    "st_set_targets": ("ตั้งค่าเป้าหมาย / Set targets", "ตั้งค่าเป้าหมาย / Set targets"),
    "st_set_intro": (
        "เป้าหมายของ {fy} ค่าที่บันทึกจะใช้ทันทีทั้งหน้านี้ รายงาน และคำสั่ง metrics",
        "Targets of {fy}. What you save is used at once on this page, in the report and by the "
        "metrics command.",
    ),
    "st_set_not_allowed": (
        "เฉพาะผู้ดูแลระบบตั้งค่าเป้าหมายได้",
        "Only an administrator can set targets.",
    ),
    "st_tab_year": ("เป้ารายปีและช่วงเป้าหมาย", "Year target and bands"),
    "st_tab_quarters": ("เป้ารายไตรมาส (6.2)", "Quarter targets (6.2)"),
    "st_tab_milestones": ("หมุดหมาย (6.1)", "6.1 milestones"),
    "st_tab_stored": ("ค่าที่ตั้งไว้", "What is set"),
    "st_f_kpi": ("ตัวชี้วัด", "KPI"),
    "st_f_annual": ("เป้ารายปี", "Year target"),
    "st_f_annual_help": (
        "เว้นว่างไว้เพื่อใช้ค่าตามคู่มือ (ถ้ามี)",
        "Leave empty to use the manual's target (when it has one).",
    ),
    "st_f_minimum": ("ขั้นต่ำ", "Minimum"),
    "st_f_good": ("ดี", "Good"),
    "st_f_excellent": ("ดีเยี่ยม", "Excellent"),
    "st_f_bands_help": (
        "ช่วงเป้าหมายต้องกรอกครบทั้ง 3 ค่า (ขั้นต่ำ ≤ ดี ≤ ดีเยี่ยม) หรือเว้นว่างทั้งหมด",
        "Fill all three bands (minimum ≤ good ≤ excellent) or leave all three empty.",
    ),
    "st_f_bands_partial": (
        "กรอกช่วงเป้าหมายไม่ครบ 3 ค่า",
        "Fill all three bands or none.",
    ),
    "st_f_quarter": ("ไตรมาส {q}", "Q{q}"),
    "st_f_quarters_help": (
        "จำนวนที่วางแผนให้เพิ่มในแต่ละไตรมาส (ไม่ใช่ยอดสะสม) ถ้าเว้นเป้ารายปีว่าง ระบบใช้ผลรวม 4 ไตรมาส",
        "What each quarter should add (not cumulative). With the year target left empty, the "
        "four quarters' sum is used.",
    ),
    "st_f_quarters_partial": ("กรอกเป้าให้ครบ 4 ไตรมาส", "Fill all four quarters."),
    "st_f_milestone": ("หมุดหมาย", "Milestone"),
    "st_f_done_on": ("วันที่ดำเนินการแล้วเสร็จ", "Done on"),
    "st_f_note": ("หมายเหตุ", "Note"),
    "st_f_recorded": ("บันทึกไว้แล้ว: {date}", "Recorded: {date}"),
    "st_f_done_on_missing": ("เลือกวันที่ก่อนบันทึก", "Choose the date first."),
    "st_f_save": ("บันทึก", "Save"),
    "st_f_clear": ("ล้างค่า", "Clear"),
    "st_saved": ("บันทึกแล้ว: {what}", "Saved: {what}"),
    "st_cleared": ("ล้างค่าแล้ว: {what}", "Cleared: {what}"),
    "st_nothing_stored": ("ยังไม่ได้ตั้งค่าใดของปีนี้", "Nothing is set for this year yet."),
    "st_col_kind_of_target": ("ชนิด", "Kind"),
    "st_col_stored_value": ("ค่า", "Value"),
    "st_kind_annual": ("เป้ารายปี", "year target"),
    "st_kind_bands": ("ช่วงเป้าหมาย", "bands"),
    "st_kind_quarters": ("เป้ารายไตรมาส", "quarter targets"),
    "st_kind_milestone": ("หมุดหมาย", "milestone"),
    "st_outbound_satisfaction": (
        "ความพึงพอใจต่อการเชื่อมโยงกับหน่วยงานภายนอก (6.2)",
        "Satisfaction with linking to external agencies (6.2)",
    ),
    "st_download_note": ("ดาวน์โหลดตารางที่แสดง", "Download the table shown"),
}

register(LABELS)
