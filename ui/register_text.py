"""Labels of the operations and comparisons pages in Thai and English, registered on import."""

from __future__ import annotations

from ui.i18n import register

LABELS: dict[str, tuple[str, str]] = {
    "page_operational": ("งานที่กำลังดำเนินการ", "Operations"),
    "page_tactical": ("วิเคราะห์เปรียบเทียบ", "Comparisons"),
    # shared by both views
    "v_not_given": ("ไม่ระบุ", "Not given"),
    "v_first_rows": (
        "แสดง {n} รายการแรกจากทั้งหมด {total} รายการ (ไฟล์ดาวน์โหลดมีเท่าที่แสดง) ใช้ตัวกรองด้านซ้ายเพื่อจำกัดรายการ",
        "Showing the first {n} of {total} rows (the download holds the rows shown); narrow them "
        "with the filters on the left.",
    ),
    "v_click_hint": (
        "คลิกแท่งหรือจุดในกราฟเพื่อดูรายการที่อยู่เบื้องหลัง (ดับเบิลคลิกพื้นที่ว่างเพื่อยกเลิก)",
        "Click a bar or point to see the rows behind it (double-click an empty spot to clear).",
    ),
    "v_axis_linkages": ("จำนวนการเชื่อมโยง (รายการ)", "Linkages"),
    "v_days": ("{n} วัน", "{n} days"),
    "v_band_over": ("เกิน {low}", "over {low}"),
    "v_no_match": (
        "ไม่มีการเชื่อมโยงที่ตรงกับตัวกรองที่เลือก ลองเปลี่ยนหรือกด ล้างตัวกรอง ที่แถบด้านซ้าย",
        "No linkage matches the filters chosen. Change them or press Clear filters on the left.",
    ),
    # operational view
    "op_title": ("งานที่กำลังดำเนินการ", "Operations: work in progress"),
    "op_intro": (
        "สถานะการเชื่อมโยงข้อมูล ณ วันที่ {today}: อยู่ขั้นตอนใด คำขอใดรอนาน งานใดค้าง "
        "รอใครอนุมัติ และบันทึกข้อตกลงใดใกล้หมดอายุ",
        "Where the linkages stand on {today}: which stage, which requests wait too long, what is "
        "stuck, who must approve, and which MOUs are about to expire.",
    ),
    "op_m_linkages": ("การเชื่อมโยง", "Linkages"),
    "op_m_linkages_help": (
        "จำนวนการเชื่อมโยงในทะเบียนที่ตรงกับตัวกรอง",
        "Linkages in the register that match the filters.",
    ),
    "op_m_open": ("คำขอรอผล", "Open requests"),
    "op_m_open_help": (
        "คำขอที่ยื่นแล้วหรืออยู่ระหว่างพิจารณา และยังไม่ได้รับผล",
        "Requests sent or under review that have no answer yet.",
    ),
    "op_m_stuck": ("งานค้าง", "Stuck"),
    "op_m_stuck_help": (
        "การเชื่อมโยงที่อยู่ในขั้นตอนเดิมนานเกินเกณฑ์ของขั้นตอนนั้น",
        "Linkages in one stage for longer than that stage's limit.",
    ),
    "op_m_pending": ("รออนุมัติ", "To approve"),
    "op_m_pending_help": (
        "นับหนึ่งครั้งต่อผู้อนุมัติแต่ละรายที่ยังไม่ลงวันที่อนุมัติ คำขอหนึ่งรายการอาจรอ CDO คณะกรรมการธรรมาภิบาลข้อมูล "
        "และคณะกรรมการคุ้มครองข้อมูลส่วนบุคคลพร้อมกัน จึงนับได้ถึงสามครั้ง",
        "Counted once per body whose approval is not yet dated: one request may wait for the "
        "CDO, the data governance council and the personal data protection committee at once, "
        "so it can count three times.",
    ),
    "op_m_mou": ("MOU ใกล้หมดอายุ", "MOUs due"),
    "op_m_mou_help": (
        "บันทึกข้อตกลงที่หมดอายุแล้ว หรือจะหมดอายุภายใน 90 วัน",
        "MOUs already expired or expiring within 90 days.",
    ),
    "op_pipeline": ("การเชื่อมโยงแยกตามขั้นตอน", "Linkages by lifecycle stage"),
    "op_pipeline_help": (
        "เรียงตามลำดับขั้นตอน ตั้งแต่ระบุคู่เชื่อมโยงจนถึงใช้งานข้อมูล สีบอกว่ายังดำเนินการอยู่ ใช้งานได้แล้ว หรือสิ้นสุดไปแล้ว",
        "In lifecycle order, from partner identified to data in use; the colour says whether a "
        "linkage is still in progress, live, or has ended.",
    ),
    "op_rows_of_stage": ("**{stage}**: {n} รายการ", "**{stage}**: {n} linkages"),
    "op_requests": ("คำขอที่รอผลพิจารณา", "Requests waiting for an answer"),
    "op_no_requests": ("ไม่มีคำขอที่รอผลพิจารณา", "No request is waiting for an answer."),
    "op_late_after": ("ถือว่าล่าช้าเมื่อรอเกิน (วัน)", "Late after (days)"),
    "op_late_after_help": (
        "คำขอที่รอนานกว่าจำนวนวันนี้นับว่าล่าช้าและแสดงเป็นสีแดง ช่วงในกราฟคือ 1, 2, 3, 6 และ 12 เท่าของเกณฑ์",
        "Requests waiting longer than this are late and shown in red; the chart's bands are 1, "
        "2, 3, 6 and 12 times the limit.",
    ),
    "op_m_late": ("ล่าช้า (รอเกิน {days} วัน)", "Late (over {days} days)"),
    "op_m_longest": ("รอนานที่สุด", "Longest wait"),
    "op_late": ("ล่าช้า", "Late"),
    "op_on_time": ("ยังไม่เกินเกณฑ์", "Within the limit"),
    "op_axis_days_waiting": ("จำนวนวันที่รอ", "Days waiting"),
    "op_limit_line": ("เกณฑ์ {days} วัน", "limit {days} days"),
    "op_rows_in_band": (
        "**คำขอที่รอ {band} วัน**: {n} รายการ",
        "**Requests waiting {band} days**: {n}",
    ),
    "op_band_upto": ("ไม่เกิน {high}", "up to {high}"),
    "op_requests_table": (
        "**คำขอทั้งหมดที่รอผล** เรียงจากรอนานที่สุด (แถวสีแดง = ล่าช้า)",
        "**All open requests**, longest wait first (red rows are late)",
    ),
    "op_stuck": ("งานค้างในขั้นตอนเกินเกณฑ์", "Stuck in a stage past its limit"),
    "op_stuck_help": (
        "เกณฑ์จำนวนวันต่อขั้นตอน: {limits} นับจากวันที่เข้าสู่ขั้นตอนตามทะเบียน หรือตามประวัติการนำเข้า",
        "Days allowed per stage: {limits}; counted from the day the register (or the upload "
        "history) shows the linkage entered its stage.",
    ),
    "op_over_days": ("เกิน {days} วัน", "over {days} days"),
    "op_no_stuck": ("ไม่มีงานค้างเกินเกณฑ์", "Nothing is stuck past its limit."),
    "op_stuck_table": (
        "**งานค้างทั้งหมด** {n} รายการ เรียงจากค้างนานที่สุด",
        "**All stuck linkages** ({n}), longest first",
    ),
    "op_approvals": ("รออนุมัติ แยกตามผู้อนุมัติ", "Awaiting approval, by approver"),
    "op_approvals_help": (
        "ตามคู่มือ กคช.: คำขอข้อมูลจากหน่วยงานอื่นต้องได้รับอนุญาตจาก CDO (แนวปฏิบัติ 5, 6.3 ขั้นที่ 6) "
        "และความเห็นชอบจากคณะกรรมการธรรมาภิบาลข้อมูล (3.1(3); ข้อมูลสำคัญ ลับ หรือความมั่นคง แนวปฏิบัติ 5) "
        "ข้อมูลส่วนบุคคลต้องผ่านคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล (1.2) ผู้อนุมัติที่ลงวันที่อนุมัติแล้วไม่นับว่ารอ "
        "ตารางแสดงข้อกำหนดที่ทำให้ต้องขออนุมัติและจำนวนวันที่รอนับจากวันยื่นคำขอ",
        "Per the NHA manual: another agency's request for our data needs the CDO's permission "
        "(practice 5, 6.3 step 6) and the data governance council's endorsement (3.1(3); "
        "important, classified or security data, practice 5); personal data need the personal "
        "data protection committee (1.2). A body whose approval is dated is no longer waited "
        "for. The table gives the clause that requires each approval and the days since the "
        "request.",
    ),
    "op_col_requirement": ("ข้อกำหนด", "Required by"),
    "op_col_clause": ("ข้อความในคู่มือ", "The manual's words"),
    "op_findings": ("ข้อสังเกตด้านคุณภาพข้อมูล", "Data-quality findings"),
    "op_findings_help": (
        "รายการที่นำเข้าได้แต่ต้องแก้ไข: ข้อมูลส่วนบุคคลที่ไม่ระบุฐานทางกฎหมาย ฐานความยินยอมที่ไม่มีหนังสือแสดงความยินยอม "
        "(คู่มือ กคช. 2.2(1)) และ MOU ที่ลงนามแล้วแต่ไม่มีวันสิ้นสุด (คู่มือ อคส. 4.7) นับ ณ วันนี้ ไม่ขึ้นกับปีงบประมาณที่เลือก "
        "ไม่รวมรายการที่ยกเลิกหรือไม่อนุมัติ",
        "Rows imported that someone must fix: personal data without a legal basis, consent "
        "without a consent document (NHA 2.2(1)), and signed MOUs without an expiry date "
        "(PWO 4.7). As of today, whatever fiscal year is chosen; cancelled and rejected "
        "linkages are left out.",
    ),
    "op_no_findings": ("ไม่มีข้อสังเกตด้านคุณภาพข้อมูล", "No data-quality finding."),
    "op_rows_of_finding": ("**{finding}**: {n} รายการ", "**{finding}**: {n}"),
    "op_col_finding": ("ข้อสังเกต", "Finding"),
    "op_col_rule": ("ข้อกำหนด", "Rule"),
    "op_procedure": (
        "ขั้นตอนจัดทำบันทึกข้อตกลง (MOU/LOI)",
        "The MOU/LOI procedure, step by step",
    ),
    "op_procedure_help": (
        "ตามคู่มือ อคส. ข้อ 6: จัดทำร่าง → ฝ่ายกฎหมายตรวจร่าง → ผู้บริหารอนุมัติ → ลงนาม "
        "เวลาในแต่ละขั้นนับจากวันที่ของขั้นก่อนถึงวันที่ของขั้นถัดไป (ค่ามัธยฐานของที่เสร็จแล้ว) "
        "เกณฑ์วันเป็นค่าที่หน่วยงานกำหนด ไม่ใช่ของคู่มือ MOU ที่รอในขั้นใดนานเกินเกณฑ์ถือว่าค้าง",
        "After the PWO manual §6: drafted → legal review → the director approves → signed. "
        "Time in a step runs from the step's date to the next one (median of those done). "
        "The day limits are the agency's own setting, not the manual's; an MOU waiting in a "
        "step beyond its limit is stuck.",
    ),
    "op_no_procedure": (
        "ทะเบียนยังไม่มีวันที่ของขั้นตอนจัดทำ MOU (วันที่จัดทำร่าง ตรวจร่าง อนุมัติ)",
        "The register gives no MOU procedure dates yet (drafted, legal review, approved).",
    ),
    "op_procedure_median": ("มัธยฐาน {days} วัน", "median {days} days"),
    "op_procedure_stuck": ("ค้าง {n} ฉบับ", "{n} stuck"),
    "op_procedure_card_help": (
        "ค่ามัธยฐานของจำนวนวันในขั้นนี้ของ MOU ที่ผ่านขั้นแล้ว; ค้าง = รอในขั้นนี้เกิน {limit} วัน (ค่าที่หน่วยงานกำหนด)",
        "Median days in this step of the MOUs past it; stuck = waiting here over {limit} days "
        "(the agency's own setting).",
    ),
    "op_col_label": ("ขั้นตอน", "Step"),
    "op_col_completed": ("ผ่านขั้นแล้ว", "Done"),
    "op_col_median_days": ("มัธยฐาน (วัน)", "Median (days)"),
    "op_col_late": ("ใช้เวลาเกินเกณฑ์", "Over the limit"),
    "op_col_waiting": ("กำลังรอ", "Waiting"),
    "op_col_stuck": ("ค้าง", "Stuck"),
    "op_col_started_on": ("เริ่มขั้นนี้เมื่อ", "Step started on"),
    "op_no_stuck_mou": ("ไม่มี MOU ที่ค้างในขั้นตอนใดเกินเกณฑ์", "No MOU waits in a step beyond its limit."),
    "op_stuck_mou": ("**MOU ที่ค้าง** {n} ฉบับ เรียงจากรอนานที่สุด", "**Stuck MOUs** ({n}), longest first"),
    "op_no_approvals": ("ไม่มีคำขอที่รออนุมัติ", "No request is awaiting approval."),
    "op_rows_of_approver": ("**รอ {approver} อนุมัติ**: {n} รายการ", "**Awaiting {approver}**: {n}"),
    "op_mou": ("บันทึกข้อตกลง (MOU) ที่หมดอายุหรือใกล้หมดอายุ", "MOUs expired or about to expire"),
    "op_mou_help": (
        "นับ ณ วันที่ {today} ไม่ขึ้นกับปีงบประมาณที่เลือก (ตัวกรองอื่นมีผล) ไม่รวมรายการที่ยกเลิกหรือไม่อนุมัติ",
        "As of {today}, whatever fiscal year is chosen (the other filters apply); cancelled and "
        "rejected linkages are left out.",
    ),
    "op_m_expired": ("หมดอายุแล้ว", "Expired"),
    "op_m_within_90": ("จะหมดอายุใน 90 วัน", "Expiring within 90 days"),
    "op_m_within_180": ("จะหมดอายุใน 91–180 วัน", "Expiring in 91–180 days"),
    "op_no_mou": (
        "ไม่มีบันทึกข้อตกลงที่หมดอายุหรือจะหมดอายุใน 180 วัน",
        "No MOU has expired or expires within 180 days.",
    ),
    "op_band_expired": ("หมดอายุแล้ว", "Expired"),
    "op_band_within_90": ("ภายใน 90 วัน", "Within 90 days"),
    "op_band_within_180": ("ภายใน 91–180 วัน", "Within 91–180 days"),
    "op_band_later": ("มากกว่า 180 วัน", "Later"),
    "op_col_band": ("กำหนด", "Due"),
    "op_changes": ("การเปลี่ยนแปลงล่าสุดในทะเบียน", "Latest changes in the register"),
    "op_changes_help": (
        "{n} รายการล่าสุด: ข้อมูลใดเปลี่ยนจากค่าใดเป็นค่าใด เมื่อใด และมาจากการนำเข้าครั้งใด",
        "The latest {n}: which field changed, from what to what, when, and in which upload.",
    ),
    "op_no_changes": (
        "ยังไม่มีการเปลี่ยนแปลงในทะเบียน จะแสดงเมื่อนำเข้าทะเบียนการเชื่อมโยงข้อมูลฉบับปรับปรุงที่หน้า นำเข้าข้อมูล",
        "No register change yet; changes appear once an updated linkage register is uploaded on "
        "the Upload data page.",
    ),
    "op_col_when": ("เมื่อ", "When"),
    "op_col_field": ("ข้อมูลที่เปลี่ยน", "Field"),
    "op_col_change": ("ค่าเดิม → ค่าใหม่", "Old → new"),
    "op_col_upload": ("การนำเข้า", "Upload"),
    "op_upload_ref": ("ครั้งที่ {id}: {file}", "#{id}: {file}"),
    "op_uploads": ("การนำเข้าข้อมูลล่าสุด", "Latest uploads"),
    "op_uploads_help": (
        "ทุกประเภทไฟล์ ไม่ขึ้นกับตัวกรอง",
        "Every kind of file; the filters do not apply to the upload log.",
    ),
    # tactical view
    "tc_title": ("วิเคราะห์เปรียบเทียบ", "Comparisons"),
    "tc_intro": (
        "เปรียบเทียบผลการเชื่อมโยงข้อมูลตามคู่เชื่อมโยง กระทรวง วิธีการ ทิศทาง และชั้นข้อมูล "
        "แนวโน้มรายไตรมาสและรายปี ระยะเวลาดำเนินการ ความพึงพอใจ เหตุผลการยกเลิก และรูปแบบการให้บริการ",
        "Results compared by partner, ministry, method, direction and classification; quarterly "
        "and year-over-year trends; lead times; satisfaction; exit reasons; the operation model.",
    ),
    "tc_tab_compare": ("เปรียบเทียบ", "Compare"),
    "tc_tab_trend": ("แนวโน้ม", "Trends"),
    "tc_tab_lead": ("ระยะเวลาดำเนินการ", "Lead times"),
    "tc_tab_satisfaction": ("ความพึงพอใจ", "Satisfaction"),
    "tc_tab_cancel": ("การยกเลิก", "Cancellations"),
    "tc_tab_quadrant": ("รูปแบบการให้บริการ", "Operation model"),
    "tc_compare": ("ผลการเชื่อมโยงแยกตามกลุ่ม", "Results by group"),
    "tc_compare_help": (
        "แต่ละแถบแบ่งเป็น อยู่ระหว่างดำเนินการ / เชื่อมโยงแล้วหรือใช้งานอยู่ / ไม่อนุมัติ ยกเลิก หรือสิ้นสุด",
        "Each bar splits into in progress / linked or in use / rejected, cancelled or ended.",
    ),
    "tc_dimension": ("เปรียบเทียบตาม", "Compare by"),
    "tc_rows_of": ("**{what}**: {n} รายการ", "**{what}**: {n} rows"),
    "tc_compare_table": (
        "ตารางเปรียบเทียบ: สัดส่วนที่ใช้งานได้แล้ว และระยะเวลามัธยฐานจนเชื่อมโยงสำเร็จ",
        "The comparison: share live and median time to link",
    ),
    "tc_quarter_word": ("ไตรมาส", "Q"),
    "tc_col_linkages": ("ทั้งหมด", "All"),
    "tc_col_live_pct": ("ใช้งานได้แล้ว (%)", "Live (%)"),
    "tc_col_median_link": ("มัธยฐาน ยื่นคำขอ → เชื่อมโยงสำเร็จ (วัน)", "Median requested → linked (days)"),
    "tc_trend": ("แนวโน้มรายไตรมาส", "Quarter by quarter"),
    "tc_trend_help": (
        "จำนวนรายการที่ยื่นคำขอ เชื่อมโยงสำเร็จ เริ่มใช้งาน และยกเลิก ในแต่ละไตรมาสของปีงบประมาณ (ตามวันที่ของเหตุการณ์นั้น)",
        "Requests made, linkages achieved, put to use and cancelled in each fiscal quarter (by the "
        "date of that event).",
    ),
    "tc_no_events": ("ยังไม่มีวันที่ของเหตุการณ์ในช่วงที่เลือก", "No event dates in the period chosen."),
    "tc_yoy": ("เทียบปีต่อปี", "Year over year"),
    "tc_yoy_event": ("เหตุการณ์ที่เทียบ", "Event compared"),
    "tc_yoy_help": (
        "จำนวนรายการ{event}ในแต่ละไตรมาส เทียบกันทีละปีงบประมาณ การ์ดแสดงยอดทั้งปีและการเปลี่ยนแปลงจากปีก่อน",
        "{event} per quarter, fiscal year beside fiscal year; the cards give each year's total and "
        "its change from the year before.",
    ),
    "tc_yoy_delta_help": (
        "เปลี่ยนแปลงจากปีงบประมาณก่อนหน้า (เมื่อเลือกปีงบประมาณ จะเทียบกับปีก่อนหน้าเสมอ)",
        "Change from the fiscal year before (with a fiscal year chosen, it is compared with the "
        "year before).",
    ),
    "tc_lead": ("ระยะเวลาดำเนินการแต่ละช่วง", "How long each step takes"),
    "tc_lead_help": (
        "นับเป็นวันจากวันที่ในทะเบียน ตัวเลขบนการ์ดคือค่ามัธยฐาน (ครึ่งหนึ่งเร็วกว่า อีกครึ่งช้ากว่า)",
        "Days between the register's dates; the cards give the median (half were faster, half slower).",
    ),
    "tc_no_lead": (
        "ยังวัดระยะเวลาไม่ได้: ต้องมีวันที่ยื่นคำขอ วันที่ได้รับผล วันที่เชื่อมโยงสำเร็จ หรือวันที่เริ่มใช้งานในทะเบียน",
        "No lead time can be measured yet: the register needs requested, responded, linked or "
        "in-use dates.",
    ),
    "tc_median_help": (
        "มัธยฐานจาก {n} รายการที่มีวันที่ครบ",
        "Median of the {n} linkages with both dates",
    ),
    "tc_median_note": ("มัธยฐาน {n} วัน", "median {n} days"),
    "tc_axis_days": ("จำนวนวัน", "Days"),
    "tc_box_help": (
        "กล่องคือครึ่งกลางของรายการ (ควอร์ไทล์ที่ 1–3) เส้นทึบในกล่องคือมัธยฐาน เส้นประคือค่าเฉลี่ย "
        "เส้นปลายทั้งสองข้างคือเร็วที่สุดและช้าที่สุด",
        "The box holds the middle half of the linkages (quartiles 1–3); the solid line inside is "
        "the median, the dashed line the mean; the whiskers reach the fastest and the slowest.",
    ),
    "tc_segment": ("ช่วงที่ดูการกระจาย", "Step to see in detail"),
    "tc_days_unit": ("วัน", "days"),
    "tc_satisfaction": ("ความพึงพอใจเทียบกับเป้าหมาย", "Satisfaction against targets"),
    "tc_method": ("วิธีคำนวณคะแนน", "Scoring method"),
    "tc_satisfaction_help": (
        "คะแนนเต็ม 100 วิธีคำนวณ: {method} เส้นประสีแดงคือเป้าหมายของแต่ละกระบวนการ "
        "(ผลสำรวจใช้เฉพาะตัวกรองปีงบประมาณและไตรมาส)",
        "Scores out of 100, method: {method}. The red dashed line is each process's target "
        "(surveys follow only the fiscal year and quarter filters).",
    ),
    "tc_empty_surveys": (
        "ยังไม่มีผลสำรวจความพึงพอใจในช่วงที่เลือก นำเข้าไฟล์ แบบสำรวจความพึงพอใจ ที่หน้า นำเข้าข้อมูล",
        "No satisfaction survey answers in the period chosen. Upload a satisfaction survey file "
        "on the Upload data page.",
    ),
    "tc_responses_of": ("**{what}**: ผู้ตอบ {n} ราย", "**{what}**: {n} responses"),
    "tc_satisfaction_table": ("ตารางคะแนนความพึงพอใจ", "Satisfaction table"),
    "tc_cancel": ("การยกเลิกแยกตามเหตุผล", "Cancellations by exit reason"),
    "tc_cancel_help": (
        "เหตุผลตามเกณฑ์การยกเลิกการเชื่อมโยง นับตามวันที่ยกเลิกในช่วงที่เลือก",
        "Reasons as the exit criteria name them; counted by cancellation date within the period.",
    ),
    "tc_no_cancel": ("ไม่มีการยกเลิกในช่วงที่เลือก", "No cancellation in the period chosen."),
    "tc_quadrant": ("รูปแบบการให้บริการ (Service Operation Model)", "Service operation model"),
    "tc_guidance": ("แนวทางของแต่ละรูปแบบ (สพร.)", "What each model means (DGA)"),
    "tc_guidance_run": ("**ควรดำเนินการอย่างไร**", "**How such services are run**"),
    "tc_guidance_source": ("ที่มา: {source}", "Source: {source}"),
    "tc_quadrant_help": (
        "ตามกรอบของ สพร.: แกนตั้งคือความจำเป็นต้องใช้ข้อมูลหรือการทำงานร่วมกับหน่วยงานอื่น (การบูรณาการ) "
        "แกนนอนคือประโยชน์จากการใช้วิธีมาตรฐานเดียวกัน (มาตรฐานกระบวนการ) ตัวเลขคือจำนวนการเชื่อมโยงในแต่ละกลุ่ม",
        "After DGA's model: up = needs data or work from other agencies (integration); right = "
        "gains from one standard way (standardization). The numbers count the linkages in each "
        "quadrant.",
    ),
    "tc_unplaced": (
        "อีก {n} รายการยังไม่ได้ระบุระดับการบูรณาการหรือระดับมาตรฐานกระบวนการในทะเบียน จึงยังไม่อยู่ในแผนภาพ",
        "{n} more linkages have no integration or standardization level in the register, so they "
        "are not placed yet.",
    ),
}

register(LABELS)
