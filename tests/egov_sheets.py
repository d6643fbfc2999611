"""e-Gov assessment files for tests: groups of units whose stage means are chosen by hand."""

from __future__ import annotations

import io
from collections.abc import Mapping

import openpyxl

# TEMPLATES.md §4, Thai headers, in template order (written out here, not read from the code).
HEADERS_TH = {
    "unit": "หน่วยงาน/เว็บไซต์",
    "assessed_on": "วันที่ประเมิน",
    "s1_information": "ข้อมูลพื้นฐาน",
    "s2_forms": "แบบฟอร์มดาวน์โหลด",
    "s2_media": "ภาพเคลื่อนไหวหรือเสียง",
    "s2_languages": "มากกว่าหนึ่งภาษา",
    "s2_interaction": "การสื่อสารสองทาง",
    "s3_survey": "สำรวจความคิดเห็นออนไลน์",
    "s3_application": "ยื่นคำร้องออนไลน์",
    "s3_payment": "ชำระเงินออนไลน์",
    "s3_end_to_end": "ธุรกรรมครบวงจร",
    "s4_exchange": "แลกเปลี่ยนข้อมูลอัตโนมัติ",
    "s4_one_stop": "บริการเบ็ดเสร็จ ณ จุดเดียว",
}
STAGE_ITEMS = {
    "I": ["s1_information"],
    "II": ["s2_forms", "s2_media", "s2_languages", "s2_interaction"],
    "III": ["s3_survey", "s3_application", "s3_payment", "s3_end_to_end"],
    "IV": ["s4_exchange", "s4_one_stop"],
}
UN_2012 = {"I": 100, "II": 55, "III": 31, "IV": 39}
KU_INOVA_2013 = {"I": 100, "II": 81, "III": 33, "IV": 22}


def units_matching(
    percents: Mapping[str, int], n: int = 100, prefix: str = "www.unit"
) -> list[dict[str, bool | str]]:
    """`n` units whose stage means are exactly `percents`.

    A stage with k sub-items over n units has k·n slots; percent·k·n/100 of them are ticked,
    unit by unit, so the mean is the percent (100 units make every whole percent reachable).
    """
    units: list[dict[str, bool | str]] = [{"unit": f"{prefix}{u:03d}.go.th"} for u in range(n)]
    for stage, items in STAGE_ITEMS.items():
        ticked, remainder = divmod(percents[stage] * len(items) * n, 100)
        assert remainder == 0, f"{percents[stage]} % of {len(items)}×{n} slots is not whole"
        slot = 0
        for unit in units:
            for item in items:
                unit[item] = slot < ticked
                slot += 1
    return units


def egov_xlsx(units: list[dict[str, bool | str]], assessed_on: str = "15 ส.ค. 2568") -> bytes:
    """An e-Gov template file as staff fill it: a title row, Thai headers, มี/ไม่มี, BE dates."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["ผลการประเมินระดับรัฐบาลอิเล็กทรอนิกส์ ปีงบประมาณ 2568"])
    ws.append(list(HEADERS_TH.values()))
    for unit in units:
        row = [unit["unit"], unit.get("assessed_on", assessed_on)]
        row += ["มี" if unit.get(key) else "ไม่มี" for key in list(HEADERS_TH)[2:]]
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
