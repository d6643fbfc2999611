"""The e-Gov score page's labels in Thai and English, registered on import (the router needs the title)."""

from __future__ import annotations

from ui.i18n import register

LABELS: dict[str, tuple[str, str]] = {
    "page_egov": ("คะแนนรัฐบาลอิเล็กทรอนิกส์", "e-Government score"),
    "egov_title": (
        "คะแนนรัฐบาลอิเล็กทรอนิกส์ 4 ระดับ",
        "e-Government score, four stages",
    ),
    "egov_intro": (
        "คะแนนเต็ม 100 จากการให้บริการออนไลน์ 4 ระดับ ถ่วงน้ำหนัก 7 / 24 / 30 / 39 "
        "ตามการศึกษาของ KU-INOVA (2556) ซึ่งอิงการสำรวจของสหประชาชาติ "
        "แต่ละระดับคิดเป็นร้อยละของรายการย่อยที่ระบบหรือเว็บไซต์มี แล้วเฉลี่ยทุกระบบ/เว็บไซต์ของหน่วยงาน",
        "A score out of 100 over four stages of online service, weighted 7 / 24 / 30 / 39, after "
        "the KU-INOVA study (2013) of the UN survey. Each stage is the percent of its sub-items a "
        "system or website offers, averaged over all the agency's systems and websites.",
    ),
    "egov_empty": (
        "ยังไม่มีผลการประเมินระดับรัฐบาลอิเล็กทรอนิกส์ นำเข้าไฟล์ตามแม่แบบ "
        "“การประเมินระดับรัฐบาลอิเล็กทรอนิกส์” (หนึ่งแถวต่อหนึ่งระบบ/เว็บไซต์ มี/ไม่มี แต่ละรายการย่อย) "
        "ที่หน้า นำเข้าข้อมูล",
        "No e-Government stage assessment is stored yet. Upload a file made from the "
        "“e-Government stage assessment” template (one row per system or website, yes/no per "
        "sub-item) on the Upload data page.",
    ),
    "egov_ask_it": (
        "การนำเข้าไฟล์ทำได้โดยฝ่ายเทคโนโลยีสารสนเทศหรือผู้ดูแลระบบ",
        "Files are uploaded by IT staff or an administrator.",
    ),
    # headline figures
    "egov_m_score": ("คะแนนปัจจุบัน (เต็ม 100)", "Score now (out of 100)"),
    "egov_m_score_help": (
        "ผลรวมของ น้ำหนักระดับ × ร้อยละความครบถ้วนของระดับ ÷ 100 จากผลประเมินล่าสุดของทุกระบบ/เว็บไซต์",
        "Sum of stage weight × stage completion ÷ 100, from every system's or website's latest "
        "assessment.",
    ),
    "egov_m_delta": ("จากปี {fy}", "vs FY {fy}"),
    "egov_m_units": ("จำนวนระบบ/เว็บไซต์", "Systems/websites"),
    "egov_latest": (
        "ผลประเมินล่าสุดของแต่ละระบบ/เว็บไซต์ ประเมินล่าสุดเมื่อ {date}",
        "Each system's or website's latest assessment; the latest was on {date}.",
    ),
    "egov_m_vs": ("เกณฑ์ {source}", "{source}"),
    "egov_m_above": ("เราสูงกว่า", "we are above"),
    "egov_m_below": ("เราต่ำกว่า", "we are below"),
    "egov_m_benchmark_help": (
        "คำนวณจากตารางในงานศึกษา: UN 100/55/31/39 = 44.71 และ KU-INOVA 100/81/33/22 = 44.92 "
        "(ในตารางต้นฉบับปัดเป็น 45 ทั้งคู่ อันดับที่ 92)",
        "Computed from the study's table: UN 100/55/31/39 = 44.71 and KU-INOVA 100/81/33/22 = "
        "44.92 (both shown as 45, rank 92, in the original table).",
    ),
    "egov_no_date": ("ไม่ระบุวันที่", "no date"),
    # benchmark chart
    "egov_compare": ("เทียบกับเกณฑ์อ้างอิง", "Against the benchmarks"),
    "egov_stage_tick": ("ระดับ {stage}\nน้ำหนัก {weight}", "Stage {stage}\nweight {weight}"),
    "egov_score_tick": ("คะแนนรวม\nเต็ม 100", "Score\nout of 100"),
    "egov_axis_percent": ("ร้อยละความครบถ้วน / คะแนน", "Percent complete / score"),
    "egov_full_line": ("ครบ 100%", "100 % complete"),
    "egov_method": (
        "วิธีคิดคะแนน: รายการย่อยของแต่ละระดับ (ในระดับเดียวกันมีสัดส่วนเท่ากัน)",
        "How the score is made: each stage's sub-items (equal shares within a stage)",
    ),
    "egov_col_stage": ("ระดับ", "Stage"),
    "egov_col_weight": ("น้ำหนัก", "Weight"),
    "egov_col_ours": ("ของเรา (%)", "Ours (%)"),
    # trend
    "egov_trend": ("แนวโน้มคะแนนรายปีงบประมาณ", "The score by fiscal year"),
    "egov_trend_note": (
        "แต่ละปีใช้ผลประเมินล่าสุดของแต่ละระบบ/เว็บไซต์ ณ สิ้นปีงบประมาณ (30 ก.ย.) "
        "ระบบที่ไม่ได้ประเมินซ้ำในปีนั้นใช้ผลครั้งก่อน เส้นประคือคะแนนอ้างอิง",
        "Each year uses every system's or website's latest assessment as of the fiscal year's end "
        "(30 Sep); one not reassessed that year keeps its earlier result. Dashed lines are the "
        "benchmarks.",
    ),
    "egov_trend_table": ("ตารางคะแนนรายปี", "Score by year (table)"),
    "egov_col_assessed": ("ประเมินในปีนี้", "Assessed this year"),
    # units
    "egov_units": ("ผลรายระบบ/เว็บไซต์", "Each system and website"),
    "egov_units_note": (
        "คลิกหัวตารางเพื่อเรียงลำดับ คลิกช่องหน้าแถวเพื่อดูรายการย่อยของระบบนั้นด้านล่าง (เรียงจากคะแนนน้อยไปมาก)",
        "Click a header to sort; tick a row to see that system's sub-items below (lowest score "
        "first).",
    ),
    "egov_col_unit": ("ระบบ/เว็บไซต์", "System or website"),
    "egov_col_assessed_on": ("วันที่ประเมิน", "Assessed on"),
    "egov_col_unit_score": ("คะแนนของระบบ", "Its own score"),
    "egov_drill": ("รายละเอียดของ", "Details for"),
    "egov_items_of": ("รายการย่อยที่มี (✓) และยังไม่มี (✗)", "Sub-items offered (✓) and not (✗)"),
    "egov_col_item": ("รายการย่อย", "Sub-item"),
    "egov_col_has": ("มี", "Offered"),
    "egov_next": (
        "ควรทำอะไรก่อน: รายการที่ยังไม่มี เรียงตามคะแนนที่เพิ่มให้ทั้งหน่วยงาน",
        "What to do first: missing sub-items, ranked by the points each adds to the agency's score",
    ),
    "egov_next_note": (
        "รายการหนึ่งเพิ่มคะแนน = น้ำหนักระดับ × สัดส่วนของรายการในระดับ ÷ จำนวนระบบ/เว็บไซต์ ({n}) "
        "เช่น ระดับ IV มี 2 รายการ รายการละ 39 × ½ ÷ {n}",
        "One sub-item adds stage weight × its share of the stage ÷ the number of systems/websites "
        "({n}); e.g. Stage IV has two sub-items, each worth 39 × ½ ÷ {n}.",
    ),
    "egov_col_rank": ("ลำดับ", "Rank"),
    "egov_col_points": ("คะแนนที่เพิ่ม", "Points added"),
    "egov_col_after": ("คะแนนหน่วยงานหลังทำ", "Agency score after"),
    "egov_complete": ("ระบบนี้มีครบทุกรายการแล้ว", "This system offers every sub-item."),
    # what-if
    "egov_whatif": ("ถ้า…จะได้คะแนนเท่าไร", "What if…"),
    "egov_whatif_note": (
        "เลื่อนแถบเพื่อกำหนดร้อยละความครบถ้วนของแต่ละระดับ (เริ่มที่ค่าปัจจุบัน) "
        "ระบบคำนวณคะแนนที่จะได้ทันที ไม่มีการบันทึกข้อมูล",
        "Move a slider to set a stage's percent complete (they start where the agency is now); "
        "the score updates at once. Nothing is stored.",
    ),
    "egov_slider": ("ระดับ {stage} · น้ำหนัก {weight} (%)", "Stage {stage} · weight {weight} (%)"),
    "egov_preset_ii": (
        "ถ้าทุกระบบถึงระดับ II ครบ 100% (คำถามในงานศึกษา)",
        "Every website at Stage II 100 % (the study's question)",
    ),
    "egov_reset": ("กลับไปค่าปัจจุบัน", "Back to now"),
    "egov_m_whatif": ("คะแนนตามสมมติฐาน", "Score in this scenario"),
    "egov_m_gain": ("เพิ่มขึ้นจากปัจจุบัน", "Gain over now"),
    "egov_now": ("ปัจจุบัน", "Now"),
    "egov_scenario": ("ตามสมมติฐาน", "Scenario"),
    "egov_contrib": (
        "คะแนนที่ได้จากแต่ละระดับ: ปัจจุบันเทียบกับสมมติฐาน",
        "Points from each stage: now and in the scenario",
    ),
    "egov_axis_points": ("คะแนน (เต็ม 100)", "Points (out of 100)"),
    "egov_seed_example": (
        "ตัวอย่างจากงานศึกษา: ตาราง UN 2555 (100/55/31/39) ได้ 44.71 ถ้าระดับ II เป็น 100% จะได้ 55.51 (+10.80)",
        "The study's own example: the UN 2012 row (100/55/31/39) scores 44.71; with Stage II at "
        "100 % it would score 55.51 (+10.80).",
    ),
    # Stage IV and the register
    "egov_iv": ("ระดับ IV กับการเชื่อมโยงข้อมูลในทะเบียน", "Stage IV and the linkage register"),
    "egov_iv_explain": (
        "ระดับ IV มีน้ำหนักมากที่สุด (39 คะแนน) และมีสองรายการ\n"
        "- **แลกเปลี่ยนข้อมูลอัตโนมัติ** — ระบบรับส่งข้อมูลกับหน่วยงานอื่นได้เอง ไม่ต้องส่งไฟล์ด้วยมือ "
        "ตรงกับการเชื่อมโยงในทะเบียนที่ *เชื่อมโยงสำเร็จ* หรือ *ใช้งานข้อมูลแล้ว* "
        "ด้วยวิธี REST API, SOAP, GDX หรือเชื่อมฐานข้อมูล (การส่งไฟล์และวิธีอื่นไม่นับว่าอัตโนมัติ)\n"
        "- **บริการเบ็ดเสร็จ ณ จุดเดียว** — ประชาชนขอรับบริการได้ในที่เดียว "
        "โดยระบบดึงข้อมูลจากหน่วยงานอื่นผ่านการเชื่อมโยงอัตโนมัติเหล่านั้น\n\n"
        "ทะเบียนไม่ได้ระบุว่าการเชื่อมโยงใดใช้กับระบบ/เว็บไซต์ใด จึงเทียบในภาพรวมของหน่วยงาน",
        "Stage IV weighs the most (39 points) and has two sub-items:\n"
        "- **Automatic data exchange** — systems exchange data with other agencies by themselves, "
        "with no files sent by hand: in the register, linkages that are *linked* or *in use* by "
        "REST API, SOAP, GDX or a database link (file transfer and other methods do not count).\n"
        "- **One-stop service** — citizens are served in one place while the system fetches other "
        "agencies' data over those automatic linkages.\n\n"
        "The register does not say which system or website a linkage serves, so the comparison "
        "is agency-wide.",
    ),
    "egov_m_live": ("การเชื่อมโยงที่ใช้งานอยู่", "Live linkages"),
    "egov_m_auto": ("เป็นแบบอัตโนมัติ", "Of which automatic"),
    "egov_m_exchange": ("มีแลกเปลี่ยนอัตโนมัติ", "Auto exchange"),
    "egov_m_one_stop": ("มีบริการเบ็ดเสร็จ", "One-stop service"),
    "egov_m_claims_help": (
        "จำนวนระบบ/เว็บไซต์ที่มีรายการนี้ในผลประเมินล่าสุด จากทั้งหมด",
        "Systems or websites whose latest assessment has this sub-item, of all of them",
    ),
    "egov_of": ("{part} จาก {whole}", "{part} of {whole}"),
    "egov_find_exchange_without_linkage": (
        "มีระบบที่ได้คะแนน “แลกเปลี่ยนข้อมูลอัตโนมัติ” แต่ทะเบียนไม่มีการเชื่อมโยงแบบอัตโนมัติที่ใช้งานอยู่เลย "
        "ควรตรวจสอบผลประเมินหรือทะเบียนให้ตรงกัน",
        "Some systems are credited with automatic data exchange, yet the register has no live "
        "automatic linkage: check the assessment or the register.",
    ),
    "egov_find_linkage_without_exchange": (
        "หน่วยงานมีการเชื่อมโยงแบบอัตโนมัติใช้งานอยู่ {auto} รายการ แต่ยังมี {n} ระบบที่ไม่ได้รายการ "
        "“แลกเปลี่ยนข้อมูลอัตโนมัติ” ({units}) หากระบบเหล่านี้ใช้ข้อมูลจากการเชื่อมโยงเดิมได้ "
        "จะได้คะแนนเพิ่มโดยไม่ต้องเชื่อมโยงใหม่",
        "The agency has {auto} live automatic linkages, yet {n} systems are not credited with "
        "automatic data exchange ({units}). If they can use those existing linkages, the points "
        "come without a new linkage.",
    ),
    "egov_find_one_stop_without_exchange": (
        "ระบบต่อไปนี้ได้รายการ “บริการเบ็ดเสร็จ” แต่ไม่ได้ “แลกเปลี่ยนข้อมูลอัตโนมัติ” "
        "ซึ่งบริการเบ็ดเสร็จต้องอาศัย ควรตรวจสอบผลประเมิน: {units}",
        "These systems are credited with one-stop service but not with the automatic data exchange "
        "it is built on; check the assessment: {units}",
    ),
    "egov_iv_consistent": (
        "ผลประเมินระดับ IV สอดคล้องกับทะเบียนการเชื่อมโยง",
        "The Stage IV assessment agrees with the linkage register.",
    ),
    "egov_by_method": ("การเชื่อมโยงที่ใช้งานอยู่ตามวิธีการ", "Live linkages by method"),
    "egov_auto_yes": ("อัตโนมัติ", "Automatic"),
    "egov_auto_no": ("ไม่อัตโนมัติ", "Not automatic"),
    "egov_method_unknown": ("ไม่ระบุวิธี", "Method not recorded"),
    "egov_axis_linkages": ("จำนวน (รายการ)", "Count (linkages)"),
    "egov_live_table": ("รายการเชื่อมโยงที่ใช้งานอยู่", "Live linkages (table)"),
    "egov_live_shown": (
        "แสดง {shown} รายการล่าสุดจากทั้งหมด {total} รายการ",
        "Showing the latest {shown} of {total} live linkages",
    ),
    "egov_no_live": (
        "ทะเบียนยังไม่มีการเชื่อมโยงที่เชื่อมโยงสำเร็จหรือใช้งานอยู่ นำเข้าทะเบียนการเชื่อมโยงที่หน้า นำเข้าข้อมูล",
        "The register has no linked or in-use linkage yet; upload the register on the Upload data "
        "page.",
    ),
    "egov_col_partner": ("หน่วยงานคู่เชื่อมโยง", "Partner agency"),
    "egov_col_dataset": ("ชุดข้อมูล", "Dataset"),
    "egov_col_direction": ("ทิศทาง", "Direction"),
    "egov_col_method": ("วิธีการเชื่อมโยง", "Method"),
    "egov_col_status": ("สถานะ", "Status"),
    "egov_col_linked_on": ("วันที่เชื่อมโยงสำเร็จ", "Linked on"),
    "egov_col_automatic": ("อัตโนมัติ", "Automatic"),
    "egov_col_id": ("รหัสการเชื่อมโยง", "Linkage ID"),
    # register values as shown here (English keys read poorly: "db_link", "in_use")
    "egov_method_rest": ("REST API", "REST API"),
    "egov_method_soap": ("SOAP", "SOAP"),
    "egov_method_gdx": ("GDX", "GDX"),
    "egov_method_db_link": ("เชื่อมฐานข้อมูล", "Database link"),
    "egov_method_file": ("ส่งไฟล์", "File transfer"),
    "egov_method_other": ("อื่น ๆ", "Other"),
    "egov_status_linked": ("เชื่อมโยงสำเร็จ", "Linked"),
    "egov_status_in_use": ("ใช้งานข้อมูลแล้ว", "In use"),
    "egov_direction_outbound": ("ขอข้อมูลจากหน่วยงานอื่น", "We request data"),
    "egov_direction_inbound": ("หน่วยงานอื่นขอข้อมูล", "Others request our data"),
}

register(LABELS)
