"""Deterministic sample data for a fictional agency ("หน่วยงานตัวอย่าง").

Used on the dashboard's first start so a newcomer sees populated pages. Pure
Python/pandas: nothing here touches Streamlit, DuckDB or the file system.

``generate_sample(seed, today)`` returns a :class:`SampleData` whose frames use the
template keys of ``TEMPLATES.md`` (register §1, surveys §2, assessments §3, egov §4)
plus a status ``history`` frame. Values are already clean: enums as their English
keys, dates as ``datetime.date`` (or ``None``), yes/no as ``bool``, Thai text NFC with
``ำ`` precomposed. Every identity (linkage, survey response, assessment) starts with
``ตัวอย่าง-`` (:data:`loaders.sample_rows.SAMPLE_ID_PREFIX`), a namespace no agency's own IDs
use, so a real register never shares an ID with the sample.

Determinism: every random draw comes from one ``random.Random(seed)``; the output
depends only on ``seed`` and ``today``. ``today`` defaults to the fixed date
:data:`DEFAULT_TODAY` (30 Sep 2026, the last day of FY 2569) -- *not* the calendar
date -- so the sample never changes with the clock. The data span the four Thai
fiscal years ending with the one that contains ``today`` (FY 2566–2569 by default).

Nothing happened after ``today``: every event date (requests, responses, links,
cancellations, notifications, history, survey answers, assessments) is on or before
it. The only dates that may lie after ``today`` are ``mou_expires_on`` -- an
agreement's end date is naturally in the future for live agreements.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from dataclasses import dataclass

import pandas as pd

from loaders.sample_rows import SAMPLE_ID_PREFIX
from loaders.spec import ASSESSMENTS, EGOV, REGISTER, SURVEYS
from loaders.spec import EGOV_ITEMS as SPEC_EGOV_ITEMS

__all__ = [
    "AGENCY_NAME",
    "ASSESSMENT_COLUMNS",
    "DEFAULT_TODAY",
    "EGOV_COLUMNS",
    "HISTORY_COLUMNS",
    "REGISTER_COLUMNS",
    "SURVEY_COLUMNS",
    "SampleData",
    "fiscal_year",
    "generate_sample",
]

DEFAULT_TODAY = dt.date(2026, 9, 30)
"""Fixed reference date used when ``today`` is not given (last day of FY 2569)."""

AGENCY_NAME = "หน่วยงานตัวอย่าง"

# Column orders come from the import contract (loaders/spec.py), not a copy of it.
REGISTER_COLUMNS: tuple[str, ...] = tuple(REGISTER.keys)
HISTORY_COLUMNS: tuple[str, ...] = ("linkage_id", "field", "old_value", "new_value", "changed_at")
N_QUESTIONS = 10
SURVEY_COLUMNS: tuple[str, ...] = tuple(
    key for key in SURVEYS.keys if not re.fullmatch(r"q\d+", key) or int(key[1:]) <= N_QUESTIONS
)
ASSESSMENT_COLUMNS: tuple[str, ...] = tuple(ASSESSMENTS.keys)
EGOV_ITEMS: tuple[str, ...] = tuple(key for key, _, _ in SPEC_EGOV_ITEMS)
EGOV_COLUMNS: tuple[str, ...] = tuple(EGOV.keys)

N_LINKAGES = 150

# ---------------------------------------------------------------------------
# Fiscal-year helpers
# ---------------------------------------------------------------------------


def fiscal_year(d: dt.date) -> int:
    """Thai fiscal year (Buddhist Era) containing ``d``: 1 Oct – 30 Sep, named by its end year."""
    return d.year + 543 + (1 if d.month >= 10 else 0)


def _fy_start(fy: int) -> dt.date:
    return dt.date(fy - 544, 10, 1)


def _fy_end(fy: int) -> dt.date:
    return dt.date(fy - 543, 9, 30)


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 Feb
        return d.replace(year=d.year + years, day=28)


def _days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


# ---------------------------------------------------------------------------
# Reference lists (Thai)
# ---------------------------------------------------------------------------

MOI = "กระทรวงมหาดไทย"
MOF = "กระทรวงการคลัง"
MDES = "กระทรวงดิจิทัลเพื่อเศรษฐกิจและสังคม"
MSDHS = "กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์"
MOL = "กระทรวงแรงงาน"
MOPH = "กระทรวงสาธารณสุข"
MOC = "กระทรวงพาณิชย์"
MOT = "กระทรวงคมนาคม"
MOJ = "กระทรวงยุติธรรม"
MOAC = "กระทรวงเกษตรและสหกรณ์"
MOE = "กระทรวงศึกษาธิการ"
OPM = "สำนักนายกรัฐมนตรี"

# Our own units: data owners for inbound linkages.
U_RES = "ฝ่ายบริหารผู้อยู่อาศัย"
U_PROJ = "ฝ่ายพัฒนาโครงการ"
U_COMM = "ฝ่ายพัฒนาชุมชน"
U_FIN = "ฝ่ายการเงินและบัญชี"
U_PLAN = "ฝ่ายนโยบายและแผน"
U_ASSET = "ฝ่ายบริหารทรัพย์สิน"
U_SVC = "ฝ่ายบริการลูกค้า"


@dataclass(frozen=True)
class _Dataset:
    name: str
    personal: bool
    classification: str
    purpose: str
    owner_unit: str


@dataclass(frozen=True)
class _Partner:
    name: str
    type: str
    ministry: str | None
    weight: int
    outbound: tuple[_Dataset, ...]
    inbound: tuple[_Dataset, ...] = ()


def _ds(name: str, personal: bool, cls: str, purpose: str, unit: str) -> _Dataset:
    return _Dataset(name, personal, cls, purpose, unit)


_OUR_PROJECTS = _ds(
    "ข้อมูลโครงการที่อยู่อาศัย",
    False,
    "public",
    "จัดทำข้อมูลโครงการที่อยู่อาศัยเพื่อให้บริการร่วมกัน",
    U_PROJ,
)
_OUR_LOAN_APPLICANTS = _ds(
    "ข้อมูลผู้เช่าซื้อที่ขอสินเชื่อ",
    True,
    "confidential",
    "พิจารณาสินเชื่อที่อยู่อาศัยโดยได้รับความยินยอมจากเจ้าของข้อมูล",
    U_FIN,
)

PARTNERS: tuple[_Partner, ...] = (
    _Partner(
        "กรมการปกครอง",
        "government",
        MOI,
        5,
        (
            _ds(
                "ข้อมูลทะเบียนราษฎร",
                True,
                "confidential",
                "ตรวจสอบคุณสมบัติผู้ยื่นขอเช่าและเช่าซื้อที่อยู่อาศัย",
                "สำนักบริหารการทะเบียน",
            ),
            _ds(
                "ข้อมูลทะเบียนบ้าน",
                True,
                "confidential",
                "ยืนยันที่อยู่ตามทะเบียนบ้านของผู้อยู่อาศัยในโครงการ",
                "สำนักบริหารการทะเบียน",
            ),
            _ds(
                "ข้อมูลภาพใบหน้าจากบัตรประจำตัวประชาชน",
                True,
                "top_secret",
                "ยืนยันตัวตนผู้ทำสัญญาเช่าซื้อ ณ จุดให้บริการ",
                "สำนักบริหารการทะเบียน",
            ),
        ),
        (
            _ds(
                "ข้อมูลโครงการที่อยู่อาศัย",
                False,
                "public",
                "ใช้ประกอบการกำหนดเลขประจำบ้านในโครงการใหม่",
                U_PROJ,
            ),
        ),
    ),
    _Partner(
        "สำนักงานสถิติแห่งชาติ",
        "government",
        MDES,
        3,
        (
            _ds(
                "ข้อมูลสำมะโนประชากรและเคหะ",
                False,
                "public",
                "วิเคราะห์ความต้องการที่อยู่อาศัยรายจังหวัด",
                "กองสถิติประชากรและสังคม",
            ),
            _ds(
                "ข้อมูลการสำรวจภาวะเศรษฐกิจและสังคมของครัวเรือน",
                False,
                "internal",
                "ประมาณการความสามารถในการซื้อที่อยู่อาศัยของครัวเรือน",
                "กองสถิติเศรษฐกิจ",
            ),
        ),
        (
            _ds(
                "ข้อมูลสถิติที่อยู่อาศัยของหน่วยงาน",
                False,
                "public",
                "จัดทำสถิติทางการด้านที่อยู่อาศัยของประเทศ",
                U_PLAN,
            ),
        ),
    ),
    _Partner(
        "กรมที่ดิน",
        "government",
        MOI,
        4,
        (
            _ds(
                "ข้อมูลโฉนดที่ดิน",
                False,
                "confidential",
                "ตรวจสอบกรรมสิทธิ์ที่ดินก่อนจัดซื้อเพื่อพัฒนาโครงการ",
                "สำนักมาตรฐานการออกหนังสือสำคัญ",
            ),
            _ds(
                "ข้อมูลรูปแปลงที่ดินและระวางแผนที่",
                False,
                "internal",
                "จัดทำแผนที่ที่ดินและทรัพย์สินของหน่วยงาน",
                "ศูนย์สารสนเทศที่ดินและแผนที่",
            ),
            _ds(
                "ข้อมูลราคาซื้อขายที่ดินที่จดทะเบียน",
                False,
                "internal",
                "วิเคราะห์ราคาที่ดินเพื่อกำหนดทำเลโครงการ",
                "สำนักมาตรฐานการทะเบียนที่ดิน",
            ),
        ),
        (
            _ds(
                "ข้อมูลการโอนกรรมสิทธิ์ห้องชุดของผู้เช่าซื้อ",
                True,
                "confidential",
                "ตรวจสอบการจดทะเบียนโอนกรรมสิทธิ์ห้องชุด",
                U_ASSET,
            ),
        ),
    ),
    _Partner(
        "กรมสรรพากร",
        "government",
        MOF,
        2,
        (
            _ds(
                "ข้อมูลรายได้ผู้มีเงินได้",
                True,
                "secret",
                "ตรวจสอบรายได้ผู้ยื่นขอเช่าซื้อที่อยู่อาศัยตามเกณฑ์",
                "กองบริหารการจัดเก็บภาษี",
            ),
        ),
        (
            _ds(
                "ข้อมูลการชำระดอกเบี้ยเช่าซื้อที่อยู่อาศัย",
                True,
                "confidential",
                "ตรวจสอบสิทธิลดหย่อนภาษีดอกเบี้ยเพื่อที่อยู่อาศัย",
                U_FIN,
            ),
        ),
    ),
    _Partner(
        "กรมบัญชีกลาง",
        "government",
        MOF,
        2,
        (
            _ds(
                "ข้อมูลงบประมาณและการเบิกจ่ายจากระบบ GFMIS",
                False,
                "internal",
                "ติดตามผลการเบิกจ่ายงบลงทุนโครงการที่อยู่อาศัย",
                "กองระบบการบริหารการเงินการคลังภาครัฐแบบอิเล็กทรอนิกส์",
            ),
            _ds(
                "ข้อมูลสวัสดิการข้าราชการและผู้รับบำนาญ",
                True,
                "confidential",
                "ตรวจสอบสิทธิ์โครงการที่อยู่อาศัยสำหรับข้าราชการ",
                "กองสวัสดิการรักษาพยาบาล",
            ),
        ),
        (
            _ds(
                "ข้อมูลผลการจัดซื้อจัดจ้างของหน่วยงาน",
                False,
                "public",
                "ตรวจสอบความสอดคล้องกับระบบจัดซื้อจัดจ้างภาครัฐ (e-GP)",
                U_FIN,
            ),
        ),
    ),
    _Partner(
        "สำนักงานเศรษฐกิจการคลัง",
        "government",
        MOF,
        4,
        (
            _ds(
                "ข้อมูลผู้มีรายได้น้อย",
                True,
                "confidential",
                "คัดกรองกลุ่มเป้าหมายโครงการบ้านเพื่อผู้มีรายได้น้อย",
                "กองนโยบายการออมและการลงทุน",
            ),
            _ds(
                "ข้อมูลผู้ถือบัตรสวัสดิการแห่งรัฐ",
                True,
                "confidential",
                "ตรวจสอบสิทธิ์ส่วนลดค่าเช่าสำหรับผู้ถือบัตรสวัสดิการแห่งรัฐ",
                "กองนโยบายการออมและการลงทุน",
            ),
        ),
        (
            _ds(
                "ข้อมูลผู้ได้รับสิทธิ์ที่อยู่อาศัยของหน่วยงาน",
                True,
                "confidential",
                "ติดตามผลการช่วยเหลือผู้มีรายได้น้อยด้านที่อยู่อาศัย",
                U_RES,
            ),
        ),
    ),
    _Partner(
        "กรมธนารักษ์",
        "government",
        MOF,
        2,
        (
            _ds(
                "ข้อมูลราคาประเมินทรัพย์สิน",
                False,
                "public",
                "ประกอบการประเมินมูลค่าที่ดินและห้องชุด",
                "กองประเมินราคาทรัพย์สิน",
            ),
            _ds(
                "ข้อมูลที่ราชพัสดุ",
                False,
                "internal",
                "สำรวจที่ราชพัสดุที่เหมาะสมต่อการพัฒนาที่อยู่อาศัย",
                "กองบริหารที่ราชพัสดุ",
            ),
        ),
        (
            _ds(
                "ข้อมูลโครงการบนที่ราชพัสดุ",
                False,
                "internal",
                "ติดตามการใช้ประโยชน์ที่ราชพัสดุ",
                U_ASSET,
            ),
        ),
    ),
    _Partner(
        "สำนักงานพัฒนารัฐบาลดิจิทัล (สพร.)",
        "government",
        OPM,
        4,
        (
            _ds(
                "ข้อมูลยืนยันตัวตนทางดิจิทัล",
                True,
                "confidential",
                "ยืนยันตัวตนผู้ใช้บริการออนไลน์ของหน่วยงาน",
                "ฝ่ายบริการแพลตฟอร์มดิจิทัล",
            ),
            _ds(
                "ข้อมูลบัญชีข้อมูลภาครัฐ",
                False,
                "public",
                "เชื่อมโยงคำอธิบายชุดข้อมูลกับบัญชีข้อมูลภาครัฐ",
                "ศูนย์ข้อมูลภาครัฐ",
            ),
        ),
        (
            _ds(
                "ข้อมูลบริการภาครัฐของหน่วยงาน",
                False,
                "public",
                "ให้บริการตรวจสอบสิทธิ์ผ่านแอปพลิเคชันทางรัฐ",
                U_SVC,
            ),
            _ds(
                "ข้อมูลสถานะคำขอเช่าที่อยู่อาศัย",
                True,
                "internal",
                "แสดงสถานะคำขอแก่ประชาชนผ่านแอปพลิเคชันทางรัฐ",
                U_SVC,
            ),
        ),
    ),
    _Partner(
        "สำนักงานสภาพัฒนาการเศรษฐกิจและสังคมแห่งชาติ",
        "government",
        OPM,
        2,
        (
            _ds(
                "ข้อมูลดัชนีความก้าวหน้าของคน",
                False,
                "public",
                "วางแผนพื้นที่เป้าหมายการพัฒนาที่อยู่อาศัย",
                "กองพัฒนาข้อมูลและตัวชี้วัดสังคม",
            ),
        ),
        (
            _ds(
                "ข้อมูลผลการดำเนินงานตามแผนแม่บทด้านที่อยู่อาศัย",
                False,
                "internal",
                "รายงานความก้าวหน้าในระบบติดตามยุทธศาสตร์ชาติ (eMENSCR)",
                U_PLAN,
            ),
        ),
    ),
    _Partner(
        "กรมพัฒนาสังคมและสวัสดิการ",
        "government",
        MSDHS,
        2,
        (
            _ds(
                "ข้อมูลคนไร้ที่พึ่งและคนไร้บ้าน",
                True,
                "confidential",
                "จัดหาที่พักอาศัยชั่วคราวแก่คนไร้บ้าน",
                "กองคุ้มครองและพัฒนาคุณภาพชีวิตคนไร้ที่พึ่ง",
            ),
        ),
        (
            _ds(
                "ข้อมูลห้องพักว่างในโครงการเช่า",
                False,
                "internal",
                "ส่งต่อกลุ่มเปราะบางเข้าพักอาศัย",
                U_RES,
            ),
        ),
    ),
    _Partner(
        "กรมกิจการผู้สูงอายุ",
        "government",
        MSDHS,
        1,
        (
            _ds(
                "ข้อมูลผู้สูงอายุ",
                True,
                "confidential",
                "ออกแบบโครงการที่อยู่อาศัยสำหรับผู้สูงอายุ",
                "กองส่งเสริมศักยภาพผู้สูงอายุ",
            ),
        ),
    ),
    _Partner(
        "กรมส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการ",
        "government",
        MSDHS,
        1,
        (
            _ds(
                "ข้อมูลทะเบียนคนพิการ",
                True,
                "secret",
                "ปรับปรุงที่อยู่อาศัยให้เหมาะสมกับคนพิการ",
                "กองกองทุนและส่งเสริมความเสมอภาคคนพิการ",
            ),
        ),
    ),
    _Partner(
        "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)",
        "government",
        MSDHS,
        2,
        (
            _ds(
                "ข้อมูลโครงการบ้านมั่นคง",
                False,
                "public",
                "วางแผนพื้นที่ดำเนินงานไม่ให้ซ้ำซ้อน",
                "สำนักงานบ้านมั่นคง",
            ),
        ),
        (
            _ds(
                "ข้อมูลชุมชนในพื้นที่โครงการของหน่วยงาน",
                False,
                "public",
                "สำรวจชุมชนเป้าหมายร่วมกัน",
                U_COMM,
            ),
        ),
    ),
    _Partner(
        "กรมโยธาธิการและผังเมือง",
        "government",
        MOI,
        2,
        (
            _ds(
                "ข้อมูลผังเมืองรวม",
                False,
                "public",
                "ตรวจสอบข้อกำหนดการใช้ประโยชน์ที่ดินของพื้นที่โครงการ",
                "กองผังเมืองรวม",
            ),
        ),
        (
            _ds(
                "ข้อมูลแบบและที่ตั้งอาคารในโครงการ",
                False,
                "internal",
                "ประกอบการวางผังพัฒนาพื้นที่",
                U_PROJ,
            ),
        ),
    ),
    _Partner(
        "กรมส่งเสริมการปกครองท้องถิ่น",
        "government",
        MOI,
        1,
        (
            _ds(
                "ข้อมูลองค์กรปกครองส่วนท้องถิ่น",
                False,
                "public",
                "ประสานงานบริการสาธารณะในพื้นที่โครงการ",
                "ศูนย์เทคโนโลยีสารสนเทศท้องถิ่น",
            ),
        ),
        (
            _ds(
                "ข้อมูลโครงการที่อยู่อาศัยในเขตท้องถิ่น",
                False,
                "public",
                "วางแผนจัดเก็บภาษีที่ดินและสิ่งปลูกสร้าง",
                U_PROJ,
            ),
        ),
    ),
    _Partner(
        "กรมป้องกันและบรรเทาสาธารณภัย",
        "government",
        MOI,
        2,
        (
            _ds(
                "ข้อมูลพื้นที่เสี่ยงภัยพิบัติ",
                False,
                "public",
                "ประเมินความเสี่ยงน้ำท่วมของพื้นที่โครงการ",
                "ศูนย์เทคโนโลยีสารสนเทศ",
            ),
        ),
        (
            _ds(
                "ข้อมูลผู้อยู่อาศัยในพื้นที่ประสบภัย",
                True,
                "confidential",
                "ช่วยเหลือผู้ประสบภัยในโครงการที่อยู่อาศัย",
                U_RES,
            ),
        ),
    ),
    _Partner(
        "กรุงเทพมหานคร",
        "government",
        MOI,
        2,
        (
            _ds(
                "ข้อมูลใบอนุญาตก่อสร้างอาคาร",
                False,
                "internal",
                "ตรวจสอบสถานะใบอนุญาตก่อสร้างโครงการในกรุงเทพมหานคร",
                "สำนักการโยธา",
            ),
        ),
        (
            _ds(
                "ข้อมูลผู้อยู่อาศัยในชุมชนแออัด",
                True,
                "confidential",
                "วางแผนพัฒนาชุมชนแออัดร่วมกัน",
                U_COMM,
            ),
        ),
    ),
    _Partner(
        "สำนักงานประกันสังคม",
        "government",
        MOL,
        2,
        (
            _ds(
                "ข้อมูลผู้ประกันตน",
                True,
                "confidential",
                "ตรวจสอบสถานะการทำงานและรายได้ของผู้ขอเช่าซื้อ",
                "สำนักงานบริหารเทคโนโลยีสารสนเทศ",
            ),
        ),
        (
            _ds(
                "ข้อมูลโครงการที่อยู่อาศัยสำหรับผู้ประกันตน",
                False,
                "public",
                "ประชาสัมพันธ์สิทธิ์ที่อยู่อาศัยแก่ผู้ประกันตน",
                U_SVC,
            ),
        ),
    ),
    _Partner(
        "กรมการจัดหางาน",
        "government",
        MOL,
        1,
        (
            _ds(
                "ข้อมูลตำแหน่งงานว่าง",
                False,
                "public",
                "แนะนำงานแก่ผู้อยู่อาศัยในโครงการ",
                "ศูนย์สารสนเทศตลาดแรงงาน",
            ),
        ),
    ),
    _Partner(
        "สำนักงานหลักประกันสุขภาพแห่งชาติ",
        "government",
        MOPH,
        1,
        (
            _ds(
                "ข้อมูลหน่วยบริการสุขภาพ",
                False,
                "public",
                "แสดงหน่วยบริการสุขภาพใกล้โครงการที่อยู่อาศัย",
                "สำนักบริหารสารสนเทศการประกัน",
            ),
        ),
    ),
    _Partner(
        "กรมพัฒนาธุรกิจการค้า",
        "government",
        MOC,
        2,
        (
            _ds(
                "ข้อมูลนิติบุคคล",
                False,
                "public",
                "ตรวจสอบคุณสมบัติผู้รับจ้างก่อสร้างและผู้ร่วมลงทุน",
                "กองข้อมูลธุรกิจ",
            ),
            _ds(
                "ข้อมูลงบการเงินนิติบุคคล",
                False,
                "internal",
                "ประเมินฐานะทางการเงินของผู้ร่วมลงทุน",
                "กองข้อมูลธุรกิจ",
            ),
        ),
    ),
    _Partner(
        "กรมทางหลวง",
        "government",
        MOT,
        1,
        (
            _ds(
                "ข้อมูลโครงข่ายทางหลวง",
                False,
                "public",
                "วิเคราะห์การเข้าถึงพื้นที่โครงการ",
                "สำนักแผนงาน",
            ),
        ),
    ),
    _Partner(
        "กรมการขนส่งทางบก",
        "government",
        MOT,
        1,
        (
            _ds(
                "ข้อมูลเส้นทางเดินรถโดยสารสาธารณะ",
                False,
                "public",
                "วางแผนโครงการที่อยู่อาศัยใกล้ระบบขนส่งสาธารณะ",
                "สำนักจัดระบบการขนส่งทางบก",
            ),
        ),
    ),
    _Partner(
        "กรมบังคับคดี",
        "government",
        MOJ,
        1,
        (
            _ds(
                "ข้อมูลบุคคลล้มละลาย",
                True,
                "confidential",
                "ตรวจสอบสถานะผู้ทำสัญญาเช่าซื้อ",
                "กองพิทักษ์ทรัพย์กลาง",
            ),
        ),
        (
            _ds(
                "ข้อมูลทรัพย์สินที่ถูกยึดในโครงการ",
                True,
                "confidential",
                "ประกอบการขายทอดตลาดห้องชุด",
                U_ASSET,
            ),
        ),
    ),
    _Partner(
        "สำนักงานคณะกรรมการการศึกษาขั้นพื้นฐาน",
        "government",
        MOE,
        1,
        (
            _ds(
                "ข้อมูลที่ตั้งสถานศึกษา",
                False,
                "public",
                "วิเคราะห์ความพร้อมของสาธารณูปโภคใกล้โครงการ",
                "ศูนย์เทคโนโลยีสารสนเทศเพื่อการศึกษา",
            ),
        ),
    ),
    _Partner(
        "กรมอุตุนิยมวิทยา",
        "government",
        MDES,
        1,
        (
            _ds(
                "ข้อมูลพยากรณ์อากาศและการเตือนภัย",
                False,
                "public",
                "แจ้งเตือนผู้อยู่อาศัยเมื่อเกิดภัยธรรมชาติ",
                "ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร",
            ),
        ),
    ),
    _Partner(
        "กรมพัฒนาที่ดิน",
        "government",
        MOAC,
        1,
        (
            _ds(
                "ข้อมูลการใช้ประโยชน์ที่ดิน",
                False,
                "public",
                "คัดเลือกพื้นที่พัฒนาโครงการ",
                "กองนโยบายและแผนการใช้ที่ดิน",
            ),
        ),
    ),
    _Partner(
        "ธนาคารอาคารสงเคราะห์",
        "state_enterprise",
        MOF,
        4,
        (
            _ds(
                "ข้อมูลสินเชื่อที่อยู่อาศัย",
                True,
                "confidential",
                "ตรวจสอบภาระสินเชื่อของผู้ขอเช่าซื้อ",
                "ฝ่ายสินเชื่อรายย่อย",
            ),
            _ds(
                "ข้อมูลดัชนีราคาที่อยู่อาศัย",
                False,
                "public",
                "วิเคราะห์ตลาดที่อยู่อาศัย",
                "ศูนย์ข้อมูลอสังหาริมทรัพย์",
            ),
        ),
        (_OUR_LOAN_APPLICANTS, _OUR_PROJECTS),
    ),
    _Partner(
        "ธนาคารออมสิน",
        "state_enterprise",
        MOF,
        2,
        (
            _ds(
                "ข้อมูลการชำระเงินผ่านธนาคาร",
                True,
                "confidential",
                "กระทบยอดการชำระค่าเช่าอัตโนมัติ",
                "ฝ่ายบริหารช่องทางการชำระเงิน",
            ),
        ),
        (_OUR_LOAN_APPLICANTS,),
    ),
    _Partner(
        "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร",
        "state_enterprise",
        MOF,
        1,
        (
            _ds(
                "ข้อมูลเกษตรกรลูกค้าธนาคาร",
                True,
                "confidential",
                "ออกแบบโครงการที่อยู่อาศัยสำหรับเกษตรกร",
                "ฝ่ายข้อมูลและวิเคราะห์ลูกค้า",
            ),
        ),
    ),
    _Partner(
        "บรรษัทตลาดรองสินเชื่อที่อยู่อาศัย",
        "state_enterprise",
        MOF,
        1,
        (
            _ds(
                "ข้อมูลสินเชื่อที่อยู่อาศัยในตลาดรอง",
                False,
                "internal",
                "วิเคราะห์ความเสี่ยงสินเชื่อเช่าซื้อ",
                "ฝ่ายวิเคราะห์และบริหารความเสี่ยง",
            ),
        ),
        (
            _ds(
                "ข้อมูลลูกหนี้เช่าซื้อ",
                True,
                "secret",
                "ประเมินพอร์ตสินเชื่อเพื่อการแปลงสินทรัพย์เป็นหลักทรัพย์",
                U_FIN,
            ),
        ),
    ),
    _Partner(
        "การไฟฟ้านครหลวง",
        "state_enterprise",
        MOI,
        3,
        (
            _ds(
                "ข้อมูลผู้ใช้ไฟฟ้า",
                True,
                "confidential",
                "ตรวจสอบการเข้าอยู่อาศัยจริงในห้องชุด",
                "ฝ่ายบริการลูกค้า การไฟฟ้านครหลวง",
            ),
            _ds(
                "ข้อมูลการใช้ไฟฟ้ารายเดือน",
                False,
                "internal",
                "วิเคราะห์อัตราการเข้าพักอาศัยของโครงการ",
                "ฝ่ายบริการลูกค้า การไฟฟ้านครหลวง",
            ),
        ),
    ),
    _Partner(
        "การไฟฟ้าส่วนภูมิภาค",
        "state_enterprise",
        MOI,
        1,
        (
            _ds(
                "ข้อมูลการใช้ไฟฟ้ารายเดือน",
                False,
                "internal",
                "วิเคราะห์อัตราการเข้าพักอาศัยของโครงการในภูมิภาค",
                "ฝ่ายบริหารข้อมูล",
            ),
        ),
    ),
    _Partner(
        "การประปานครหลวง",
        "state_enterprise",
        MOI,
        3,
        (
            _ds(
                "ข้อมูลผู้ใช้น้ำประปา",
                True,
                "confidential",
                "ตรวจสอบการเข้าอยู่อาศัยจริงในห้องชุด",
                "ฝ่ายบริการลูกค้า การประปานครหลวง",
            ),
            _ds(
                "ข้อมูลการใช้น้ำรายเดือน",
                False,
                "internal",
                "วางแผนปรับปรุงระบบประปาในโครงการ",
                "ฝ่ายบริการลูกค้า การประปานครหลวง",
            ),
        ),
        (
            _ds(
                "ข้อมูลผังระบบท่อในโครงการ",
                False,
                "internal",
                "วางแผนขยายเขตจำหน่ายน้ำ",
                U_PROJ,
            ),
        ),
    ),
    _Partner(
        "การประปาส่วนภูมิภาค",
        "state_enterprise",
        MOI,
        1,
        (
            _ds(
                "ข้อมูลการใช้น้ำรายเดือน",
                False,
                "internal",
                "วางแผนปรับปรุงระบบประปาในโครงการส่วนภูมิภาค",
                "กองระบบข้อมูล",
            ),
        ),
    ),
    _Partner(
        "บริษัท ไปรษณีย์ไทย จำกัด",
        "state_enterprise",
        MDES,
        1,
        (
            _ds(
                "ข้อมูลรหัสไปรษณีย์และที่อยู่มาตรฐาน",
                False,
                "public",
                "ปรับที่อยู่ผู้อยู่อาศัยให้เป็นมาตรฐาน",
                "ฝ่ายเทคโนโลยีสารสนเทศ บริษัท ไปรษณีย์ไทย จำกัด",
            ),
        ),
        (
            _ds(
                "ข้อมูลที่อยู่สำหรับจัดส่งใบแจ้งหนี้",
                True,
                "confidential",
                "จัดส่งใบแจ้งหนี้ค่าเช่าทางไปรษณีย์",
                U_FIN,
            ),
        ),
    ),
    _Partner(
        "บริษัท โทรคมนาคมแห่งชาติ จำกัด (มหาชน)",
        "state_enterprise",
        MDES,
        1,
        (
            _ds(
                "ข้อมูลโครงข่ายอินเทอร์เน็ตในพื้นที่",
                False,
                "internal",
                "วางแผนติดตั้งอินเทอร์เน็ตความเร็วสูงในโครงการ",
                "ฝ่ายวางแผนโครงข่าย",
            ),
        ),
        (_OUR_PROJECTS,),
    ),
    _Partner(
        "บริษัท ข้อมูลเครดิตแห่งชาติ จำกัด",
        "private",
        None,
        2,
        (
            _ds(
                "ข้อมูลเครดิตบูโร",
                True,
                "secret",
                "ตรวจสอบประวัติการชำระหนี้ของผู้ขอเช่าซื้อโดยได้รับความยินยอม",
                "ฝ่ายบริการสมาชิก",
            ),
        ),
    ),
    _Partner(
        "ธนาคารกสิกรไทย จำกัด (มหาชน)",
        "private",
        None,
        1,
        (
            _ds(
                "ข้อมูลการชำระค่าเช่าผ่านธนาคาร",
                True,
                "confidential",
                "กระทบยอดการชำระค่าเช่าอัตโนมัติ",
                "ฝ่ายบริการเงินสดและการชำระเงิน",
            ),
        ),
        (_OUR_LOAN_APPLICANTS,),
    ),
    _Partner(
        "บริษัท เนชั่นแนล ไอทีเอ็มเอกซ์ จำกัด",
        "private",
        None,
        1,
        (
            _ds(
                "ข้อมูลการชำระเงินผ่านพร้อมเพย์",
                True,
                "confidential",
                "รับชำระค่าเช่าผ่านคิวอาร์โค้ด",
                "ฝ่ายปฏิบัติการระบบชำระเงิน",
            ),
        ),
    ),
    _Partner(
        "บริษัท แอดวานซ์ อินโฟร์ เซอร์วิส จำกัด (มหาชน)",
        "private",
        None,
        1,
        (
            _ds(
                "ข้อมูลความหนาแน่นประชากรจากโครงข่ายโทรศัพท์เคลื่อนที่",
                False,
                "internal",
                "วิเคราะห์การเดินทางและทำเลที่อยู่อาศัย",
                "ฝ่ายบริการข้อมูลองค์กร",
            ),
        ),
    ),
)

# Candidates assessed before any linkage exists (not in the register).
CANDIDATE_PARTNERS: tuple[str, ...] = (
    "การรถไฟแห่งประเทศไทย",
    "กรมควบคุมมลพิษ",
    "กรมพัฒนาชุมชน",
    "สำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล",
    "กรมอนามัย",
    "บริษัท ไทย พร็อพเพอร์ตี้ อินไซต์ จำกัด",
)

STATUS_COUNTS: dict[str, int] = {
    "identified": 8,
    "requested": 8,
    "under_review": 10,
    "approved": 5,
    "rejected": 6,
    "mou_signed": 6,
    "developing": 9,
    "testing": 7,
    "linked": 30,
    "in_use": 40,
    "cancelled": 12,
    "expired": 9,
}
# How many rows of a status wait far longer than usual (late requests, stuck work).
SLOW_COUNTS: dict[str, int] = {
    "requested": 3,
    "under_review": 3,
    "mou_signed": 1,
    "developing": 2,
    "testing": 1,
}
_FORWARD = (
    "requested",
    "under_review",
    "approved",
    "mou_signed",
    "developing",
    "testing",
    "linked",
    "in_use",
)
_PIPELINE = {"requested", "under_review", "approved", "mou_signed", "developing", "testing"}
_GAP_DAYS: dict[str, tuple[int, int]] = {
    "under_review": (1, 10),
    "approved": (7, 75),
    "rejected": (10, 90),
    "mou_signed": (14, 120),
    "developing": (7, 45),
    "testing": (30, 150),
    "linked": (10, 60),
    "in_use": (14, 120),
    "cancelled": (60, 500),
}
METHODS = ("rest", "soap", "file", "gdx", "db_link", "other")
_METHOD_WEIGHTS: dict[str, tuple[int, ...]] = {
    "government": (20, 7, 13, 45, 5, 10),
    "state_enterprise": (40, 15, 15, 15, 10, 5),
    "private": (55, 10, 20, 0, 5, 10),
}
_FREQUENCY_BY_METHOD: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "rest": (("realtime", "daily", "on_request"), (50, 30, 20)),
    "soap": (("realtime", "daily"), (50, 50)),
    "gdx": (("realtime", "on_request", "daily"), (40, 40, 20)),
    "file": (("monthly", "quarterly", "yearly", "weekly"), (40, 30, 20, 10)),
    "db_link": (("daily", "weekly", "realtime"), (60, 20, 20)),
    "other": (("on_request", "yearly", "quarterly"), (50, 30, 20)),
}
CANCEL_REASONS = (
    "breach",
    "purpose_unmet",
    "no_longer_needed",
    "new_provider",
    "provider_withdrew",
)
_CANCEL_WEIGHTS = (10, 20, 35, 20, 15)
_CANCEL_NOTES = {
    "breach": "คู่เชื่อมโยงใช้ข้อมูลเกินขอบเขตที่ตกลง",
    "purpose_unmet": "ข้อมูลไม่ครบถ้วนตามวัตถุประสงค์ของข้อตกลง",
    "no_longer_needed": "สิ้นสุดโครงการที่ใช้ข้อมูล",
    "new_provider": "เปลี่ยนไปรับข้อมูลจากเจ้าของข้อมูลโดยตรงผ่าน GDX",
    "provider_withdrew": "เจ้าของข้อมูลยุติการให้บริการชุดข้อมูลนี้",
}
_SLOW_NOTES = {
    "requested": "ติดตามทวงถามผลการพิจารณาแล้ว รอหนังสือตอบกลับ",
    "under_review": "รอความเห็นเจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคล (DPO)",
    "mou_signed": "รอจัดสรรงบประมาณพัฒนาระบบ",
    "developing": "รอหน่วยงานคู่เชื่อมโยงปรับปรุงระบบให้รองรับ API",
    "testing": "พบข้อมูลไม่ถูกต้อง อยู่ระหว่างแก้ไขและทดสอบซ้ำ",
}


# ---------------------------------------------------------------------------
# Result
# ---------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class SampleData:
    """The sample data set. Frames hold the template keys of TEMPLATES.md as columns.

    ``register`` (§1), ``surveys`` (§2), ``assessments`` (§3), ``egov`` (§4) and
    ``history``: one row per status transition (``linkage_id, field, old_value,
    new_value, changed_at``), oldest first per linkage.
    """

    register: pd.DataFrame
    history: pd.DataFrame
    surveys: pd.DataFrame
    assessments: pd.DataFrame
    egov: pd.DataFrame


# ---------------------------------------------------------------------------
# Generator
# ---------------------------------------------------------------------------


class _Gen:
    def __init__(self, seed: int, today: dt.date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.fy_last = fiscal_year(today)
        self.fys = tuple(range(self.fy_last - 3, self.fy_last + 1))
        self.start = _fy_start(self.fys[0])

    # -- small helpers ------------------------------------------------------
    def date_between(self, a: dt.date, b: dt.date) -> dt.date:
        if b <= a:
            return a
        return a + _days(self.rng.randint(0, (b - a).days))

    def timestamp(self, d: dt.date) -> dt.datetime:
        minutes = self.rng.randint(8 * 60 + 30, 16 * 60 + 30)
        return dt.datetime.combine(d, dt.time(minutes // 60, minutes % 60))

    def pick(self, options, weights):
        return self.rng.choices(options, weights=weights)[0]

    # -- register -----------------------------------------------------------
    def _slots(self) -> list[tuple[_Partner, str, _Dataset]]:
        rng = self.rng
        # Every dataset of every partner once, then more linkages to busy partners.
        slots = [(p, "outbound", d) for p in PARTNERS for d in p.outbound]
        slots += [(p, "inbound", d) for p in PARTNERS for d in p.inbound]
        weights = [p.weight for p in PARTNERS]
        while len(slots) < N_LINKAGES:
            p = rng.choices(PARTNERS, weights=weights)[0]
            outbound = bool(p.outbound) and (not p.inbound or rng.random() < 0.55)
            direction = "outbound" if outbound else "inbound"
            ds = rng.choice(p.outbound if outbound else p.inbound)
            # Keep personal data near 30 % of the register: most extra links are not personal.
            if ds.personal and rng.random() >= 0.25:
                continue
            slots.append((p, direction, ds))
        rng.shuffle(slots)
        return slots

    def _path(self, status: str) -> list[str]:
        if status == "identified":
            return []
        if status == "rejected":
            return ["requested", "under_review", "rejected"]
        if status == "cancelled":
            before = self.pick(
                ("in_use", "linked", "testing", "developing", "mou_signed", "approved"),
                (50, 22, 8, 8, 6, 6),
            )
            return self._path(before) + ["cancelled"]
        if status == "expired":
            before = self.pick(("in_use", "linked"), (70, 30))
            return self._path(before) + ["expired"]
        return list(_FORWARD[: _FORWARD.index(status) + 1])

    def _lifecycle(self, status: str, slow: bool) -> dict[str, dt.date]:
        """Dates at which the row reached each state of its path."""
        rng, today, start = self.rng, self.today, self.start
        path = self._path(status)
        if not path:
            return {}
        offsets = {"requested": 0}
        last = 0
        for state in path[1:]:
            if state == "expired":
                break
            last += rng.randint(*_GAP_DAYS[state])
            offsets[state] = last

        if status in _PIPELINE:
            dwell = rng.randint(150, 420) if slow else rng.randint(2, 60)
            requested = max(start, today - _days(last + dwell))
            k = 0
        elif status == "expired":
            signed = offsets["mou_signed"]
            k_min = max(1, -(-(last - signed + 30) // 365))
            k = k_min + (1 if rng.random() < 0.4 else 0)
            while k > k_min and today - _days(signed + 366 * k + 2) < start:
                k -= 1
            requested = self.date_between(start, today - _days(signed + 366 * k + 2))
        else:
            margin = 15 if status == "cancelled" else 0
            requested = self.date_between(start, today - _days(last + margin))
            k = 0

        dates = {state: requested + _days(off) for state, off in offsets.items()}
        if status == "expired":
            expires = _add_years(dates["mou_signed"], k) - _days(1)
            dates["mou_expires"] = expires
            dates["expired"] = expires + _days(1)
        return dates

    def register(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        rng, today = self.rng, self.today
        slots = self._slots()
        statuses = [s for s, n in STATUS_COUNTS.items() for _ in range(n)]
        assert len(statuses) == N_LINKAGES
        rng.shuffle(statuses)
        slow_left = dict(SLOW_COUNTS)

        rows: list[dict] = []
        events: list[list[tuple[dt.date, str]]] = []
        for (partner, direction, ds), status in zip(slots, statuses, strict=True):
            slow = slow_left.get(status, 0) > 0
            if slow:
                slow_left[status] -= 1
            dates = self._lifecycle(status, slow)
            method = self.pick(METHODS, _METHOD_WEIGHTS[partner.type])
            freqs, fweights = _FREQUENCY_BY_METHOD[method]
            row = {
                "partner_name": partner.name,
                "partner_type": partner.type,
                "ministry": partner.ministry,
                "direction": direction,
                "dataset": ds.name,
                "data_owner_unit": ds.owner_unit,
                "purpose": ds.purpose,
                "method": method,
                "frequency": self.pick(freqs, fweights),
                "classification": ds.classification,
                "personal_data": ds.personal,
                "mou_ref": None,
                "mou_signed_on": dates.get("mou_signed"),
                "mou_expires_on": dates.get("mou_expires"),
                "status": status,
                "requested_on": dates.get("requested"),
                "responded_on": dates.get("approved") or dates.get("rejected"),
                "linked_on": dates.get("linked"),
                "in_use_on": dates.get("in_use"),
                "cancelled_on": dates.get("cancelled"),
                "cancel_reason": None,
                "owner_notified_on": None,
                "integration_level": None,
                "standardization_level": None,
                "notes": None,
                # working fields, dropped before the frame is built
                "_key_date": dates.get("requested") or today - _days(rng.randint(5, 150)),
                "_slow": slow,
            }
            if slow:
                row["notes"] = _SLOW_NOTES[status]
                if status == "under_review" and not ds.personal:
                    row["notes"] = "รอเสนอคณะกรรมการธรรมาภิบาลข้อมูลพิจารณา"
            elif status == "rejected":
                row["notes"] = rng.choice(
                    (
                        "ไม่ผ่านการพิจารณาของคณะกรรมการธรรมาภิบาลข้อมูล",
                        "ผู้ขอไม่มีอำนาจตามกฎหมายและไม่ได้รับความยินยอมจากเจ้าของข้อมูล",
                        "ขอบเขตชุดข้อมูลที่ขอเกินความจำเป็นตามวัตถุประสงค์",
                    )
                )
            elif status == "identified":
                row["notes"] = "อยู่ระหว่างสำรวจความต้องการใช้ข้อมูล"
            elif method == "gdx" and rng.random() < 0.15:
                row["notes"] = "เชื่อมโยงผ่านแพลตฟอร์มแลกเปลี่ยนข้อมูลภาครัฐ (GDX)"
            rows.append(row)
            events.append(sorted((d, s) for s, d in dates.items() if s != "mou_expires"))

        self._fill_cancellations(rows)
        self._fill_mou_expiry(rows)
        self._fill_levels(rows)
        self._ensure_methods(rows)
        self._assign_ids(rows)

        history = []
        for row, evs in zip(rows, events, strict=True):
            old = "identified"
            for d, state in evs:
                history.append(
                    {
                        "linkage_id": row["linkage_id"],
                        "field": "status",
                        "old_value": old,
                        "new_value": state,
                        "changed_at": self.timestamp(d),
                    }
                )
                old = state
        rows_sorted = sorted(rows, key=lambda r: r["linkage_id"])
        register = pd.DataFrame(
            [{c: r[c] for c in REGISTER_COLUMNS} for r in rows_sorted], columns=REGISTER_COLUMNS
        )
        register["personal_data"] = register["personal_data"].astype(bool)
        hist = pd.DataFrame(history, columns=HISTORY_COLUMNS)
        hist = hist.sort_values(["linkage_id", "changed_at"], kind="stable").reset_index(drop=True)
        hist["changed_at"] = pd.to_datetime(hist["changed_at"])
        return register, hist

    def _fill_cancellations(self, rows: list[dict]) -> None:
        rng, today = self.rng, self.today
        cancelled = [r for r in rows if r["status"] == "cancelled"]
        reasons = list(CANCEL_REASONS)
        reasons += rng.choices(CANCEL_REASONS, weights=_CANCEL_WEIGHTS, k=len(cancelled))
        n_unnotified = max(1, round(0.15 * len(cancelled)))
        for i, row in enumerate(cancelled):
            row["cancel_reason"] = reasons[i]
            row["notes"] = _CANCEL_NOTES[reasons[i]]
            if i >= n_unnotified:
                row["owner_notified_on"] = min(
                    today, row["cancelled_on"] + _days(rng.randint(0, 14))
                )

    def _fill_mou_expiry(self, rows: list[dict]) -> None:
        rng, today = self.rng, self.today
        for row in rows:
            signed = row["mou_signed_on"]
            if signed is None or row["mou_expires_on"] is not None:
                continue
            k = rng.choice((2, 3, 3, 5))
            expires = _add_years(signed, k) - _days(1)
            floor = row["cancelled_on"] or today + _days(180)
            while expires <= floor:
                k += 1
                expires = _add_years(signed, k) - _days(1)
            row["mou_expires_on"] = expires

        # A handful of live agreements already expired or expiring soon.
        live = [r for r in rows if r["status"] in ("linked", "in_use")]
        rng.shuffle(live)
        windows = [
            (today - _days(120), today - _days(1), "บันทึกข้อตกลงสิ้นสุดแล้ว อยู่ระหว่างขอต่ออายุ"),
            (today + _days(1), today + _days(90), "อยู่ระหว่างต่ออายุบันทึกข้อตกลง"),
            (today + _days(91), today + _days(180), "เตรียมทบทวนบันทึกข้อตกลงก่อนครบกำหนด"),
        ]
        for lo, hi, note in windows:
            done = 0
            for row in list(live):
                if done == 3:
                    break
                last_stage = row["in_use_on"] or row["linked_on"]
                lo_ok = max(lo, last_stage + _days(30))
                if lo_ok > hi:
                    continue
                signed = row["mou_signed_on"]
                fits = [
                    _add_years(signed, k) - _days(1)
                    for k in range(1, 8)
                    if lo_ok <= _add_years(signed, k) - _days(1) <= hi
                ]
                row["mou_expires_on"] = fits[0] if fits else self.date_between(lo_ok, hi)
                row["notes"] = note
                live.remove(row)
                done += 1

    def _fill_levels(self, rows: list[dict]) -> None:
        rng = self.rng
        quadrants = [("high", "high"), ("high", "low"), ("low", "high"), ("low", "low")]
        filled = [r for r in rows if r["status"] != "identified" and rng.random() < 0.92]
        for i, row in enumerate(filled):
            if i < len(quadrants):
                integ, std = quadrants[i]
            else:
                integ = (
                    "high" if rng.random() < (0.7 if row["method"] == "gdx" else 0.45) else "low"
                )
                std = (
                    "high"
                    if rng.random() < (0.65 if row["method"] in ("gdx", "rest") else 0.35)
                    else "low"
                )
            row["integration_level"] = integ
            row["standardization_level"] = std

    def _ensure_methods(self, rows: list[dict]) -> None:
        present = {r["method"] for r in rows}
        government = [r for r in rows if r["partner_type"] == "government"]
        for method in METHODS:
            if method in present:
                continue
            counts = {m: sum(r["method"] == m for r in rows) for m in METHODS}
            common = max(METHODS, key=lambda m: counts[m])
            row = next(r for r in government if r["method"] == common)
            row["method"] = method
            freqs, fweights = _FREQUENCY_BY_METHOD[method]
            row["frequency"] = self.pick(freqs, fweights)
            present.add(method)

    def _assign_ids(self, rows: list[dict]) -> None:
        order = sorted(range(len(rows)), key=lambda i: (rows[i]["_key_date"], i))
        seq: dict[int, int] = {}
        for i in order:
            fy = fiscal_year(rows[i]["_key_date"])
            seq[fy] = seq.get(fy, 0) + 1
            rows[i]["linkage_id"] = f"{SAMPLE_ID_PREFIX}LNK-{fy}-{seq[fy]:03d}"
        signed = sorted(
            (i for i in range(len(rows)) if rows[i]["mou_signed_on"] is not None),
            key=lambda i: (rows[i]["mou_signed_on"], i),
        )
        mseq: dict[int, int] = {}
        for i in signed:
            fy = fiscal_year(rows[i]["mou_signed_on"])
            mseq[fy] = mseq.get(fy, 0) + 1
            rows[i]["mou_ref"] = f"MOU-{fy}/{mseq[fy]:03d}"

    # -- surveys ------------------------------------------------------------
    # Mean score (1–5) per process for each of the four fiscal years, oldest first.
    # Targets: 6.1 ≥ 80 % (4.0), 6.3 ≥ 70 % (3.5), 6.4 ≥ 80 % (4.0); 6.2 has none.
    SURVEY_MEANS: dict[str, tuple[float, float, float, float]] = {
        "manual_review": (3.72, 4.18, 4.30, 4.22),
        "outbound": (3.80, 3.95, 4.10, 4.25),
        "inbound": (3.22, 3.72, 3.85, 3.98),
        "cancellation": (4.16, 3.74, 4.22, 4.30),
    }
    SURVEY_COUNTS = {"manual_review": 15, "outbound": 35, "inbound": 35, "cancellation": 15}
    _COMMENTS_GOOD = (
        "ขั้นตอนชัดเจน เจ้าหน้าที่ให้คำแนะนำดี",
        "ได้รับข้อมูลรวดเร็ว ช่วยลดเอกสารที่ประชาชนต้องยื่น",
        "ระบบเชื่อมโยงเสถียร ใช้งานได้ต่อเนื่อง",
        "คู่มือเข้าใจง่าย มีตัวอย่างแบบฟอร์มครบถ้วน",
    )
    _COMMENTS_BAD = (
        "ใช้เวลาพิจารณานานเกินไป",
        "ควรแจ้งความคืบหน้าของคำขอเป็นระยะ",
        "เอกสารประกอบ API ยังไม่ครบถ้วน",
        "ข้อมูลบางส่วนไม่เป็นปัจจุบัน",
        "ควรจัดอบรมการใช้งานเพิ่มเติม",
    )

    def surveys(self, register: pd.DataFrame) -> pd.DataFrame:
        rng, today = self.rng, self.today
        regs = register.to_dict("records")
        eligible = {
            "outbound": [
                (r["linkage_id"], r["linked_on"])
                for r in regs
                if r["direction"] == "outbound" and r["linked_on"] is not None
            ],
            "inbound": [
                (r["linkage_id"], r["linked_on"])
                for r in regs
                if r["direction"] == "inbound" and r["linked_on"] is not None
            ],
            "cancellation": [
                (r["linkage_id"], r["cancelled_on"]) for r in regs if r["status"] == "cancelled"
            ],
        }
        group_p_internal = {
            "manual_review": 0.9,
            "outbound": 0.85,
            "inbound": 0.15,
            "cancellation": 0.5,
        }
        item_shift = [rng.uniform(-0.15, 0.15) for _ in range(N_QUESTIONS)]
        mean_shift = sum(item_shift) / N_QUESTIONS
        item_shift = [s - mean_shift for s in item_shift]

        out: list[dict] = []
        for fy_index, fy in enumerate(self.fys):
            lo, hi = _fy_start(fy), min(_fy_end(fy), today)
            if lo > today:
                continue
            for process, base_n in self.SURVEY_COUNTS.items():
                n = base_n + rng.randint(-2, 3)
                mean = self.SURVEY_MEANS[process][fy_index]
                shifts = [rng.gauss(0, 0.25) for _ in range(n)]
                avg = sum(shifts) / n
                for shift in shifts:
                    linkage_id = None
                    if process == "manual_review":
                        published = dt.date(fy - 543, 7, 1)
                        answered = self.date_between(max(lo, min(published, hi)), hi)
                    else:
                        cands = [(lid, d) for lid, d in eligible[process] if d + _days(7) <= hi]
                        if cands and rng.random() < 0.92:
                            linkage_id, since = rng.choice(cands)
                            answered = self.date_between(max(lo, since + _days(7)), hi)
                        else:
                            answered = self.date_between(lo, hi)
                    p_internal = group_p_internal[process]
                    group = "internal" if rng.random() < p_internal else "external"
                    answers = self._answers(mean + shift - avg, item_shift)
                    answered_mean = sum(a for a in answers if a is not None) / sum(
                        a is not None for a in answers
                    )
                    comment = None
                    if rng.random() < 0.12:
                        pool = self._COMMENTS_GOOD if answered_mean >= 3.8 else self._COMMENTS_BAD
                        comment = rng.choice(pool)
                    row = {
                        "process": process,
                        "linkage_id": linkage_id,
                        "respondent_group": group,
                        "answered_on": answered,
                        "comment": comment,
                    }
                    for i, a in enumerate(answers, start=1):
                        row[f"q{i}"] = a
                    out.append(row)

        out.sort(key=lambda r: r["answered_on"])  # stable: ties keep generation order
        seq: dict[int, int] = {}
        for row in out:
            fy = fiscal_year(row["answered_on"])
            seq[fy] = seq.get(fy, 0) + 1
            row["response_id"] = f"{SAMPLE_ID_PREFIX}SRV-{fy}-{seq[fy]:04d}"
        df = pd.DataFrame([{c: r[c] for c in SURVEY_COLUMNS} for r in out], columns=SURVEY_COLUMNS)
        for i in range(1, N_QUESTIONS + 1):
            df[f"q{i}"] = df[f"q{i}"].astype("Int64")
        return df

    def _answers(self, mean: float, item_shift: list[float]) -> list[int | None]:
        rng = self.rng
        answers: list[int | None] = []
        for shift in item_shift:
            m = min(4.9, max(1.2, mean + shift))
            base = int(m)
            a = base + (1 if rng.random() < m - base else 0)
            r = rng.random()
            if r < 0.04:
                a -= 1
            elif r < 0.08:
                a += 1
            a = min(5, max(1, a))
            answers.append(None if rng.random() < 0.03 else a)
        if all(a is None for a in answers):
            answers[0] = min(5, max(1, round(mean)))
        return answers

    # -- assessments --------------------------------------------------------
    _ASSESSORS = (
        "คณะทำงานบูรณาการข้อมูลภาครัฐ",
        "ฝ่ายเทคโนโลยีสารสนเทศ",
        "ฝ่ายนโยบายและแผน",
        "คณะกรรมการธรรมาภิบาลข้อมูล",
    )
    # Inclusive total ranges (out of 35) for each PWO band.
    _PWO_TOTALS = {
        "lowest": (10, 17),
        "low": (18, 21),
        "moderate": (22, 24),
        "high": (25, 28),
        "highest": (29, 34),
    }
    NHA14_WEIGHTS = (15, 10, 20, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5)

    def assessments(self, register: pd.DataFrame) -> pd.DataFrame:
        rng, today = self.rng, self.today
        first_request: dict[str, dt.date | None] = {}
        for name, d in zip(register["partner_name"], register["requested_on"], strict=True):
            if name not in first_request or (
                d is not None and (first_request[name] is None or d < first_request[name])
            ):
                first_request[name] = d
        names = sorted(first_request)
        rng.shuffle(names)
        chosen = names[:24]
        targets = [(n, first_request[n]) for n in chosen] + [(n, None) for n in CANDIDATE_PARTNERS]
        rng.shuffle(targets)

        band_names = ("lowest", "low", "moderate", "high", "highest")
        bands = list(band_names) + rng.choices(band_names, weights=(1, 2, 3, 4, 3), k=10)
        bands.sort(key=band_names.index)
        passes = sorted([True, False] + [rng.random() < 0.65 for _ in range(13)])

        def take(pool: list, candidate: bool):
            # Candidates not (yet) in the register take the weakest results first.
            return pool.pop(0) if candidate else pool.pop(rng.randrange(len(pool)))

        rows = []
        for i, (name, first) in enumerate(targets):
            framework = "pwo7" if i % 2 == 0 else "nha14"
            if first is not None:
                assessed = first - _days(rng.randint(14, 90))
                if assessed < self.start:
                    assessed = self.date_between(self.start, max(self.start, first))
            else:
                assessed = self.date_between(today - _days(200), today)
            row = {
                "partner_name": name,
                "framework": framework,
                "assessed_on": assessed,
                "assessor": rng.choice(self._ASSESSORS),
            }
            if framework == "pwo7":
                scores = self._pwo_scores(take(bands, first is None)) + [None] * 7
            else:
                scores = self._nha_scores(take(passes, first is None))
            for c, s in enumerate(scores, start=1):
                row[f"c{c}"] = s
            rows.append(row)
        rows.sort(key=lambda r: (r["assessed_on"], r["partner_name"]))
        seq: dict[int, int] = {}
        for row in rows:
            fy = fiscal_year(row["assessed_on"])
            seq[fy] = seq.get(fy, 0) + 1
            row["assessment_id"] = f"{SAMPLE_ID_PREFIX}ASM-{fy}-{seq[fy]:03d}"
        df = pd.DataFrame(
            [{c: r[c] for c in ASSESSMENT_COLUMNS} for r in rows], columns=ASSESSMENT_COLUMNS
        )
        for c in range(1, 15):
            df[f"c{c}"] = df[f"c{c}"].astype("Int64")
        return df

    def _pwo_scores(self, band: str) -> list[int]:
        rng = self.rng
        total = rng.randint(*self._PWO_TOTALS[band])
        scores = [1] * 7
        for _ in range(total - 7):
            i = rng.choice([j for j in range(7) if scores[j] < 5])
            scores[i] += 1
        return scores

    def _nha_scores(self, passed: bool) -> list[int]:
        rng = self.rng
        p = 0.8 if passed else 0.4
        while True:
            scores = [1 if rng.random() < p else 0 for _ in range(14)]
            total = sum(w * s for w, s in zip(self.NHA14_WEIGHTS, scores, strict=True))
            if (total >= 60) == passed:
                return scores

    # -- e-Government -------------------------------------------------------
    EGOV_UNITS: tuple[tuple[str, int, tuple[str, ...]], ...] = (
        # (unit, maturity shift: negative = earlier adoption, items that never apply)
        ("เว็บไซต์หลักของหน่วยงานตัวอย่าง", -1, ("s3_payment",)),
        ("ระบบลงทะเบียนขอเช่าที่อยู่อาศัยออนไลน์", -1, ()),
        ("ระบบชำระค่าเช่าและค่าเช่าซื้อออนไลน์", -1, ("s2_media",)),
        ("ระบบแจ้งซ่อมที่อยู่อาศัย", 0, ("s3_payment",)),
        ("แอปพลิเคชันหน่วยงานตัวอย่างบนมือถือ", 0, ()),
        ("ระบบรับเรื่องร้องเรียนและข้อเสนอแนะ", 0, ("s3_payment",)),
        ("ศูนย์ข้อมูลข่าวสารของราชการ", 1, ("s3_payment", "s4_one_stop")),
        ("ระบบข้อมูลเปิดของหน่วยงาน (Open Data)", 0, ("s3_payment", "s3_end_to_end")),
        ("ระบบตรวจสอบสิทธิ์ผู้มีรายได้น้อย", 0, ("s3_payment",)),
        ("ระบบจองและขายโครงการที่อยู่อาศัย", 0, ()),
        ("ระบบบริการข้อมูลชุมชนและผู้อยู่อาศัย", 1, ("s3_payment",)),
        ("ระบบสมัครงานและสรรหาบุคลากร", 1, ("s3_payment", "s4_exchange")),
    )
    # Weights over the year an item first appears: [≤ first FY, 2nd, 3rd, 4th, never].
    _ADOPTION: dict[str, tuple[int, ...]] = {
        "s2_forms": (85, 10, 5, 0, 0),
        "s2_media": (50, 20, 15, 10, 5),
        "s2_languages": (30, 20, 20, 15, 15),
        "s2_interaction": (65, 20, 10, 5, 0),
        "s3_survey": (45, 25, 15, 10, 5),
        "s3_application": (35, 25, 20, 10, 10),
        "s3_payment": (15, 20, 25, 20, 20),
        "s3_end_to_end": (10, 15, 20, 25, 30),
        "s4_exchange": (10, 15, 25, 25, 25),
        "s4_one_stop": (5, 10, 15, 30, 40),
    }

    def egov(self) -> pd.DataFrame:
        rng, today = self.rng, self.today
        rows = []
        for unit, shift, never in self.EGOV_UNITS:
            first_year = {"s1_information": 0}
            for item, weights in self._ADOPTION.items():
                if item in never:
                    first_year[item] = 99
                    continue
                year = rng.choices(range(5), weights=weights)[0]
                first_year[item] = 99 if year == 4 else min(3, max(0, year + shift))
            for fy_index, fy in enumerate(self.fys):
                assessed = dt.date(fy - 543, 8, 15) + _days(rng.randint(0, 20))
                if assessed > today:
                    continue
                row = {"unit": unit, "assessed_on": assessed}
                for item in EGOV_ITEMS:
                    row[item] = first_year[item] <= fy_index
                rows.append(row)
        df = pd.DataFrame(rows, columns=EGOV_COLUMNS)
        for item in EGOV_ITEMS:
            df[item] = df[item].astype(bool)
        return df


def generate_sample(seed: int = 2568, today: dt.date | None = None) -> SampleData:
    """Build the sample data set for ``หน่วยงานตัวอย่าง``.

    ``seed`` drives a private ``random.Random``; the same ``seed`` and ``today`` give
    identical frames on any machine. ``today`` defaults to :data:`DEFAULT_TODAY`
    (30 Sep 2026), not the calendar date, so the sample is stable over time; pass
    ``datetime.date.today()`` to centre the data on the real date. The data cover the
    four fiscal years ending with the one containing ``today``.
    """
    if today is None:
        today = DEFAULT_TODAY
    if isinstance(today, dt.datetime):
        today = today.date()
    gen = _Gen(seed, today)
    register, history = gen.register()
    surveys = gen.surveys(register)
    assessments = gen.assessments(register)
    egov = gen.egov()
    return SampleData(
        register=register,
        history=history,
        surveys=surveys,
        assessments=assessments,
        egov=egov,
    )
