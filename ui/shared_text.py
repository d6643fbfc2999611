"""Labels of the charts and tables every page shares (ui/charts.py, ui/tables.py), registered on import."""

from __future__ import annotations

from ui.i18n import register

LABELS: dict[str, tuple[str, str]] = {
    # home: the finding "expired but still live" (issue 13, point 1)
    "home_lapsed": (
        "มีการเชื่อมโยง {n} รายการที่ข้อตกลงสิ้นสุดแล้วแต่ยังใช้งานอยู่ ควรต่ออายุข้อตกลงหรือดำเนินการยกเลิก",
        "{n} linkages are still live past their agreement's expiry: renew the agreement or "
        "cancel the linkage.",
    ),
    # satisfaction
    "ch_process_6.1": ("6.1 ทบทวนคู่มือ", "6.1 Manual review"),
    "ch_process_6.2": ("6.2 เชื่อมโยงภายนอก", "6.2 Outbound linking"),
    "ch_process_6.3": ("6.3 ขอ/แลกเปลี่ยนข้อมูล", "6.3 Inbound requests"),
    "ch_process_6.4": ("6.4 ยกเลิกการเชื่อมโยง", "6.4 Cancellation"),
    "ch_group_all": ("ผู้ตอบทุกกลุ่ม", "All respondents"),
    "ch_group_none": ("ไม่ระบุกลุ่ม", "Group not given"),
    "ch_n": ("{n} ราย", "n={n}"),
    "ch_target": ("เป้าหมาย {v}", "target {v}"),
    "ch_target_legend": ("เป้าหมาย", "Target"),
    "ch_no_target": ("ไม่มีเป้าหมาย", "No target"),
    "ch_sat_axis": ("คะแนน (เต็ม 100) วิธีคิด: {method}", "Score (out of 100), method: {method}"),
    # e-Gov
    "ch_ours": ("หน่วยงานของเรา", "Our agency"),
    "ch_fy": ("ปีงบประมาณ", "Fiscal year"),
    "ch_score_axis": ("คะแนน (เต็ม 100)", "Score (out of 100)"),
    "ch_egov_hover_units": (
        "ประเมินในปีนี้ {assessed} จาก {units} ระบบ/เว็บไซต์",
        "{assessed} of {units} systems/websites assessed this year",
    ),
    "ch_ref_un_2012": ("UN 2555", "UN 2012"),
    "ch_ref_ku_inova_2013": ("KU-INOVA 2556", "KU-INOVA 2013"),
    # the DGA service operation model
    "ch_quadrant_hover": (
        "%{text} รายการ — คลิกเพื่อดูรายการ",
        "%{text} linkages — click to list them",
    ),
    "ch_standardization_low": ("มาตรฐานกระบวนการ ต่ำ", "Low standardization"),
    "ch_standardization_high": ("มาตรฐานกระบวนการ สูง", "High standardization"),
    "ch_integration_low": ("การบูรณาการ\nต่ำ", "Low\nintegration"),
    "ch_integration_high": ("การบูรณาการ\nสูง", "High\nintegration"),
    # tables
    "ch_col_process": ("กระบวนการ", "Process"),
    "ch_col_group": ("กลุ่มผู้ตอบ", "Respondents"),
    "ch_col_score": ("คะแนน", "Score"),
    "ch_col_target": ("เป้าหมาย", "Target"),
    "ch_col_responses": ("จำนวนผู้ตอบ", "Responses"),
    "ch_col_moe": ("ค่าคลาดเคลื่อน ±", "Margin of error ±"),
    "ch_col_met": ("ผลเทียบเป้า", "Against target"),
    "ch_col_note": ("หมายเหตุ", "Note"),
    "ch_col_units": ("จำนวนระบบ/เว็บไซต์", "Systems/websites"),
    "ch_col_assessed": ("ประเมินในปีนี้", "Assessed this year"),
    "ch_col_stage": ("ระดับ", "Stage"),
}
register(LABELS)
