"""Every KPI of the four processes (DOMAIN.md §3) declared as data, in Thai and English.

The code that computes (``metrics.kpis``) and the pages that draw never hard-code a label,
a target or an explanation: they read them here. A KPI's ``measure`` names how it is computed:

- ``milestone``: a dated step of process 6.1 recorded per fiscal year (``metrics.targets``);
- ``register_count``: a count of linkages from the register, judged against a per-fiscal-year
  target the user sets ("per action plan"); it also carries a conversion rate;
- ``register_rate``: a percentage of linkages from the register, judged against a percent;
- ``satisfaction``: a survey score (``metrics.satisfaction``) against its percent target.

A register KPI carries its SQL on its definition (``register``), the way a dbt metric
carries its filter: what a linkage must satisfy to be counted, the population a rate is
taken over, and the date that places a linkage in a fiscal year. ``metrics.kpis`` only
assembles them into queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from metrics import lifecycle
from metrics.filters import reference_date_sql

Text = dict[str, str]  # {"th": ..., "en": ...}

# The four processes of the manual (DOMAIN.md §3); the UI names each one by the label
# ch_process_<number>. A KPI's kind (in_process, output, outcome) is named by scorecard_kind_<kind>.
PROCESSES = ("6.1", "6.2", "6.3", "6.4")

# A KPI result's statuses and their words: metrics/lifecycle.json (kpi_result_statuses).

# Satisfaction targets per survey process (percent); outbound (6.2) has none unless a user sets
# one. Each is stored and overridden per fiscal year under its target id.
SATISFACTION_TARGET_IDS: dict[str, str] = {
    "manual_review": "manual_satisfaction",
    "outbound": "outbound_satisfaction",
    "inbound": "inbound_satisfaction",
    "cancellation": "cancellation_satisfaction",
}
SATISFACTION_TARGETS: dict[str, float | None] = {
    "manual_review": 80.0,
    "outbound": None,
    "inbound": 70.0,
    "cancellation": 80.0,
}
SATISFACTION_PROCESS_NUMBERS: dict[str, str] = {
    "manual_review": "6.1",
    "outbound": "6.2",
    "inbound": "6.3",
    "cancellation": "6.4",
}

# Milestones recorded per fiscal year (and, for cancellation reports, optionally per linkage).
# Each is named in labels/catalog.toml by milestone_<id>.
MILESTONES: tuple[str, ...] = (
    "memo_sent",
    "needs_report",
    "register_updated",
    "manual_completed",
    "plan_completed",
    "manual_published",
    "cancellation_reported",
)


# ---------------------------------------------------------------- register predicates

REF_DATE = reference_date_sql()

# What a register row says about how far a linkage got (a date filled, or a status at or past).
# The status sets are those of metrics/lifecycle.json.
REQUESTED_SQL = f"(requested_on IS NOT NULL OR status <> '{lifecycle.IDENTIFIED}')"
ANSWERED_SQL = (
    "(responded_on IS NOT NULL OR linked_on IS NOT NULL OR in_use_on IS NOT NULL OR status IN "
    f"({lifecycle.sql_list(lifecycle.ANSWERED_STATUSES)}))"
)
REVIEWED_SQL = f"({ANSWERED_SQL} OR status = '{lifecycle.UNDER_REVIEW}')"
APPROVED_SQL = (
    "(mou_signed_on IS NOT NULL OR linked_on IS NOT NULL OR in_use_on IS NOT NULL OR status IN "
    f"({lifecycle.sql_list(lifecycle.APPROVED_OR_LATER_STATUSES)}))"
)
LINKED_SQL = (
    "(linked_on IS NOT NULL OR in_use_on IS NOT NULL OR status IN "
    f"({lifecycle.sql_list(lifecycle.LIVE_STATUSES)}))"
)
IN_USE_SQL = f"(in_use_on IS NOT NULL OR status = '{lifecycle.IN_USE}')"
# KPI 6.4's population: linkages ended as of the day judged, cancelled or at the end of their
# agreement (lifecycle.json, issue 13); the SQL takes that day as its one `?` parameter. An
# ended linkage is dated by its cancellation, else by its agreement's expiry.
ENDED_SQL = lifecycle.ENDED_SQL
CANCEL_DATE = lifecycle.end_date_sql(REF_DATE)
# The register says it ended: cancelled with date and reason, or expired with its end date.
ENDED_RECORDED_SQL = (
    f"((status = '{lifecycle.CANCELLED}' AND cancelled_on IS NOT NULL "
    "AND cancel_reason IS NOT NULL) "
    f"OR (status = '{lifecycle.EXPIRED}' "
    f"AND coalesce(cancelled_on, {lifecycle.EXPIRY_COLUMN}) IS NOT NULL))"
)
PER_LINKAGE_REPORT = (
    "linkage_id IN (SELECT linkage_id FROM milestones "
    "WHERE milestone_id = 'cancellation_reported' AND linkage_id IS NOT NULL)"
)


@dataclass(frozen=True)
class RegisterCount:
    """A 6.2 count: linkages (or partners) reaching a stage, dated in the period."""

    counted: str  # SQL: the linkage reached the stage
    date: str  # SQL: when it did (places it in a fiscal year)
    distinct: str | None = None  # count distinct values of this column instead of rows
    rate: tuple[str, str] | None = None  # (reached, out of) over the period's requests


@dataclass(frozen=True)
class RegisterRate:
    """A percentage: of the linkages in a population dated in the period, those counted."""

    population: str  # SQL; each `?` in it is the day judged (``as of``)
    counted: str  # SQL; "" when built from the store (``metrics.kpis._counted``)
    date: str
    direction: str | None


@dataclass(frozen=True)
class KpiDefinition:
    """One KPI: who it belongs to, what it is called, how it is computed and judged."""

    id: str
    process: str  # "6.1" … "6.4"
    kind: str  # in_process | output | outcome
    name: Text
    explanation: Text  # one line: how the value is computed
    unit: str  # date | count | percent
    target: float | None  # default target (percent or count); None = none until a user sets one
    target_text: Text  # the target as the manual words it
    measure: str  # milestone | register_count | register_rate | satisfaction
    deadline_month: int | None = None  # calendar month inside the fiscal year; None = on each event
    at_risk_days: int | None = None  # "deadline near": this many days or fewer before it
    target_editable: bool = True
    survey_process: str | None = None  # satisfaction KPIs: the survey's process key
    # register KPIs: what is counted, over which population, dated by which column
    register: RegisterCount | RegisterRate | None = None
    # who answers for it: the "ผู้รับผิดชอบ" column of the process's KPI table (seed 002)
    responsible: Text | None = None

    def label(self, lang: str = "th") -> str:
        """The KPI's name in a language."""
        return self.name.get(lang, self.name["en"])


# The "ผู้รับผิดชอบ" (responsible) column of each KPI table of NHA ISMS-PCD-ITD-017 §6 (seed 002),
# as the manual words it. ทส. is the IT department (ฝ่ายเทคโนโลยีสารสนเทศ); วช. the unit the
# manual's 6.1 step 4 pairs with it ("ทส.ร่วมกับ วช."). Rows 2 and 3 of 6.1's in-process table
# leave the cell blank (the table runs over a page break); they take the table's other rows'.
_IT: Text = {"th": "ทส.", "en": "IT department (ทส.)"}
_IT_BLANK: Text = {
    "th": "ทส. (คู่มือเว้นว่าง ตามแถวอื่นของตาราง)",
    "en": "IT department (ทส.; blank in the manual, as the table's other rows)",
}
_IT_DEPT: Text = {"th": "ฝ่าย ทส.", "en": "IT department (ฝ่าย ทส.)"}
_IT_AND_OWNER: Text = {
    "th": "ฝ่าย ทส. และเจ้าของชุดข้อมูล",
    "en": "IT department (ฝ่าย ทส.) and the dataset owner",
}
_IT_AND_ACADEMIC: Text = {"th": "ฝ่าย ทส./ฝ่าย วช.", "en": "IT department and วช. (ฝ่าย ทส./ฝ่าย วช.)"}

_PER_ACTION_PLAN = {"th": "ตามแผนปฏิบัติการ", "en": "per action plan"}
_ON_EACH_REQUEST = {"th": "ทุกคำขอ (ร้อยละ 100)", "en": "on each request (100 %)"}

KPIS: tuple[KpiDefinition, ...] = (
    # 6.1 Annual review of the integration manual
    KpiDefinition(
        id="memo_sent",
        process="6.1",
        responsible=_IT,
        kind="in_process",
        name={
            "th": "ส่งบันทึกแจ้งหน่วยงานทบทวนความต้องการเชื่อมโยงข้อมูล",
            "en": "Memo asking units to review their linkage needs sent",
        },
        explanation={
            "th": "บรรลุเมื่อบันทึกหมุดหมาย memo_sent ของปีงบประมาณลงวันที่ไม่เกิน 31 มี.ค.; ค่า = วันที่ส่ง",
            "en": "Met when the fiscal year's memo_sent milestone is dated on or before 31 March; value = that date",
        },
        unit="date",
        target=None,
        target_text={
            "th": "ภายในเดือนมีนาคม อย่างน้อยปีละ 1 ครั้ง",
            "en": "by March, at least once a year",
        },
        measure="milestone",
        deadline_month=3,
        at_risk_days=30,
        target_editable=False,
    ),
    KpiDefinition(
        id="needs_report",
        process="6.1",
        responsible=_IT_BLANK,
        kind="in_process",
        name={
            "th": "รายงานความต้องการเชื่อมโยงใหม่และผลการเชื่อมโยงข้อมูลปัจจุบัน",
            "en": "Report of new linkage needs and current linkage results",
        },
        explanation={
            "th": "บรรลุเมื่อบันทึกหมุดหมาย needs_report ของปีงบประมาณลงวันที่ไม่เกิน 30 มิ.ย.; ค่า = วันที่รายงาน",
            "en": "Met when the fiscal year's needs_report milestone is dated on or before 30 June; value = that date",
        },
        unit="date",
        target=None,
        target_text={"th": "ภายในเดือนมิถุนายน", "en": "by June"},
        measure="milestone",
        deadline_month=6,
        at_risk_days=30,
        target_editable=False,
    ),
    KpiDefinition(
        id="register_updated",
        process="6.1",
        responsible=_IT_BLANK,
        kind="in_process",
        name={
            "th": "ทบทวน/ปรับปรุงทะเบียนการเชื่อมโยงข้อมูล",
            "en": "Linkage register reviewed/updated",
        },
        explanation={
            "th": "บรรลุเมื่อมีการนำเข้าไฟล์ทะเบียน หรือบันทึกหมุดหมาย register_updated ระหว่าง 1 ต.ค.–30 ก.ย. ของปีงบประมาณ; ค่า = วันที่ล่าสุด",
            "en": "Met when a register file was uploaded, or the register_updated milestone is dated, between 1 Oct and 30 Sep of the fiscal year; value = the latest such date",
        },
        unit="date",
        target=None,
        target_text={"th": "ภายในเดือนกันยายน", "en": "by September"},
        measure="milestone",
        deadline_month=9,
        at_risk_days=30,
        target_editable=False,
    ),
    KpiDefinition(
        id="manual_completed",
        process="6.1",
        responsible=_IT,
        kind="output",
        name={
            "th": "จัดทำคู่มือการบูรณาการเชื่อมโยงข้อมูลแล้วเสร็จ",
            "en": "Integration manual completed",
        },
        explanation={
            "th": "บรรลุเมื่อบันทึกหมุดหมาย manual_completed ของปีงบประมาณลงวันที่ไม่เกิน 30 ก.ย.; ค่า = วันที่แล้วเสร็จ",
            "en": "Met when the fiscal year's manual_completed milestone is dated on or before 30 September; value = that date",
        },
        unit="date",
        target=None,
        target_text={"th": "ภายในเดือนกันยายน", "en": "by September"},
        measure="milestone",
        deadline_month=9,
        at_risk_days=30,
        target_editable=False,
    ),
    KpiDefinition(
        id="plan_completed",
        process="6.1",
        responsible=_IT,
        kind="output",
        name={
            "th": "จัดทำแผนการบูรณาการเชื่อมโยงข้อมูลแล้วเสร็จ",
            "en": "Integration plan completed",
        },
        explanation={
            "th": "บรรลุเมื่อบันทึกหมุดหมาย plan_completed ของปีงบประมาณลงวันที่ไม่เกิน 30 ก.ย.; ค่า = วันที่แล้วเสร็จ",
            "en": "Met when the fiscal year's plan_completed milestone is dated on or before 30 September; value = that date",
        },
        unit="date",
        target=None,
        target_text={"th": "ภายในเดือนกันยายน", "en": "by September"},
        measure="milestone",
        deadline_month=9,
        at_risk_days=30,
        target_editable=False,
    ),
    KpiDefinition(
        id="manual_published",
        process="6.1",
        responsible=_IT,
        kind="outcome",
        name={
            "th": "ประกาศหรือเผยแพร่คู่มือ (เว็บไซต์หรือจัดงาน)",
            "en": "Manual published (web or event)",
        },
        explanation={
            "th": "บรรลุเมื่อบันทึกหมุดหมาย manual_published ลงวันที่ภายในปีงบประมาณ (ปีละ 1 ครั้ง); ค่า = วันที่เผยแพร่",
            "en": "Met when the manual_published milestone is dated inside the fiscal year (once a year); value = that date",
        },
        unit="date",
        target=None,
        target_text={"th": "ปีละ 1 ครั้ง", "en": "once a year"},
        measure="milestone",
        deadline_month=9,
        at_risk_days=30,
        target_editable=False,
    ),
    KpiDefinition(
        id="manual_satisfaction",
        process="6.1",
        responsible=_IT,
        kind="outcome",
        name={"th": "ความพึงพอใจต่อการจัดทำคู่มือ", "en": "Satisfaction with the manual"},
        explanation={
            "th": "คะแนนแบบสำรวจกระบวนการ manual_review ที่ตอบในช่วงเวลา: ค่าเฉลี่ยทุกคำตอบ ÷ 5 × 100 (หรือสัดส่วนคำตอบ 4–5); ช่องว่างไม่นับ",
            "en": "Survey score of process manual_review answered in the period: mean of all answers ÷ 5 × 100 (or share of answers 4–5); blanks ignored",
        },
        unit="percent",
        target=80.0,
        target_text={"th": "ไม่น้อยกว่าร้อยละ 80", "en": "≥ 80 %"},
        measure="satisfaction",
        survey_process="manual_review",
    ),
    # 6.2 Linking with an external agency (outbound)
    KpiDefinition(
        id="partners_listed",
        process="6.2",
        responsible=_IT_DEPT,
        kind="in_process",
        name={
            "th": "ได้รายชื่อหน่วยงานที่ต้องการเชื่อมโยงข้อมูล",
            "en": "List of agencies to link obtained",
        },
        explanation={
            "th": "จำนวนหน่วยงานคู่เชื่อมโยง (ไม่ซ้ำ) ของการเชื่อมโยงขาออกที่วันที่อ้างอิง (วันยื่นคำขอ หรือวันแรกที่มี) อยู่ในปีงบประมาณ เทียบเป้าตามแผนปฏิบัติการ",
            "en": "Distinct partners of outbound linkages whose reference date (requested_on, else the first date filled) falls in the fiscal year, against the action-plan target",
        },
        unit="count",
        target=None,
        target_text=_PER_ACTION_PLAN,
        measure="register_count",
        register=RegisterCount(counted="TRUE", date=REF_DATE, distinct="partner_name"),
        deadline_month=9,
        at_risk_days=90,
    ),
    KpiDefinition(
        id="requests_answered",
        process="6.2",
        responsible=_IT_DEPT,
        kind="output",
        name={
            "th": "คำขอเชื่อมโยงได้รับผลพิจารณาจากเจ้าของข้อมูล",
            "en": "Link requests answered by the data owner",
        },
        explanation={
            "th": "จำนวนการเชื่อมโยงขาออกที่ได้รับผลพิจารณา (มีวันที่ได้รับผลพิจารณา หรือสถานะตั้งแต่อนุมัติ/ไม่อนุมัติขึ้นไป) ในปีงบประมาณ; อัตรา = ได้รับผล ÷ คำขอที่ยื่นในปีงบประมาณ",
            "en": "Outbound linkages answered (responded_on filled, or status approved/rejected or later) in the fiscal year; rate = answered ÷ outbound requests made in the fiscal year",
        },
        unit="count",
        target=None,
        target_text=_PER_ACTION_PLAN,
        measure="register_count",
        register=RegisterCount(
            counted=ANSWERED_SQL,
            date=f"coalesce(responded_on, {REF_DATE})",
            rate=(ANSWERED_SQL, REQUESTED_SQL),
        ),
        deadline_month=9,
        at_risk_days=90,
    ),
    KpiDefinition(
        id="linkages_achieved",
        process="6.2",
        responsible=_IT_DEPT,
        kind="output",
        name={
            "th": "เชื่อมโยงข้อมูลได้ตามความต้องการ (ได้รับชุดข้อมูล)",
            "en": "Linkages achieved as required (dataset delivered)",
        },
        explanation={
            "th": "จำนวนการเชื่อมโยงขาออกที่เชื่อมโยงสำเร็จ (มีวันที่เชื่อมโยงสำเร็จ หรือสถานะ linked/in_use) ในปีงบประมาณ; อัตรา = สำเร็จ ÷ ที่ได้รับอนุมัติ ของคำขอในปีงบประมาณ",
            "en": "Outbound linkages live (linked_on filled, or status linked/in_use) in the fiscal year; rate = linked ÷ approved among the fiscal year's outbound requests",
        },
        unit="count",
        target=None,
        target_text=_PER_ACTION_PLAN,
        measure="register_count",
        register=RegisterCount(
            counted=LINKED_SQL,
            date=f"coalesce(linked_on, in_use_on, {REF_DATE})",
            rate=(LINKED_SQL, APPROVED_SQL),
        ),
        deadline_month=9,
        at_risk_days=90,
    ),
    KpiDefinition(
        id="data_in_use",
        process="6.2",
        responsible=_IT_DEPT,
        kind="outcome",
        name={
            "th": "นำข้อมูลที่เชื่อมโยงไปใช้งาน (จัดทำโปรแกรมหรือแดชบอร์ด)",
            "en": "Linked data put to use (program or dashboard built on it)",
        },
        explanation={
            "th": "จำนวนการเชื่อมโยงขาออกที่เริ่มใช้งานข้อมูล (มีวันที่เริ่มใช้งาน หรือสถานะ in_use) ในปีงบประมาณ; อัตรา = ใช้งาน ÷ เชื่อมโยงสำเร็จ ของคำขอในปีงบประมาณ",
            "en": "Outbound linkages in use (in_use_on filled, or status in_use) in the fiscal year; rate = in use ÷ linked among the fiscal year's outbound requests",
        },
        unit="count",
        target=None,
        target_text=_PER_ACTION_PLAN,
        measure="register_count",
        register=RegisterCount(
            counted=IN_USE_SQL,
            date=f"coalesce(in_use_on, {REF_DATE})",
            rate=(IN_USE_SQL, LINKED_SQL),
        ),
        deadline_month=9,
        at_risk_days=90,
    ),
    # 6.3 Information request / exchange (inbound)
    KpiDefinition(
        id="approval_requested",
        process="6.3",
        responsible=_IT_AND_OWNER,
        kind="in_process",
        name={
            "th": "ขออนุมัติการเชื่อมโยงหรือชุดข้อมูล",
            "en": "Linkage/dataset approval requested",
        },
        explanation={
            "th": "ร้อยละของคำขอขาเข้า (ยื่นในปีงบประมาณ) ที่เข้าสู่การพิจารณาอนุมัติแล้ว (สถานะอยู่ระหว่างพิจารณาขึ้นไป หรือมีวันที่ได้รับผลพิจารณา)",
            "en": "Percent of inbound requests made in the fiscal year that went to approval (status under_review or later, or responded_on filled)",
        },
        unit="percent",
        target=100.0,
        target_text=_ON_EACH_REQUEST,
        measure="register_rate",
        register=RegisterRate(REQUESTED_SQL, REVIEWED_SQL, REF_DATE, "inbound"),
    ),
    KpiDefinition(
        id="inbound_linked",
        process="6.3",
        responsible=_IT_DEPT,
        kind="output",
        name={"th": "เชื่อมโยงข้อมูลสำเร็จ", "en": "Linkage succeeded"},
        explanation={
            "th": "ร้อยละของการเชื่อมโยงขาเข้าที่ได้รับอนุมัติ (อนุมัติในปีงบประมาณ) ที่เชื่อมโยงสำเร็จแล้ว (มีวันที่เชื่อมโยงสำเร็จ หรือสถานะ linked/in_use)",
            "en": "Percent of inbound linkages approved in the fiscal year (status approved or later) that are live (linked_on filled, or status linked/in_use)",
        },
        unit="percent",
        target=100.0,
        target_text={"th": "ทุกการอนุมัติ (ร้อยละ 100)", "en": "on each approval (100 %)"},
        measure="register_rate",
        register=RegisterRate(
            APPROVED_SQL, LINKED_SQL, f"coalesce(responded_on, {REF_DATE})", "inbound"
        ),
    ),
    KpiDefinition(
        id="inbound_satisfaction",
        process="6.3",
        responsible=_IT_DEPT,
        kind="outcome",
        name={"th": "ความพึงพอใจในการเชื่อมโยง", "en": "Satisfaction with the linkage"},
        explanation={
            "th": "คะแนนแบบสำรวจกระบวนการ inbound ที่ตอบในช่วงเวลา: ค่าเฉลี่ยทุกคำตอบ ÷ 5 × 100 (หรือสัดส่วนคำตอบ 4–5); ช่องว่างไม่นับ",
            "en": "Survey score of process inbound answered in the period: mean of all answers ÷ 5 × 100 (or share of answers 4–5); blanks ignored",
        },
        unit="percent",
        target=70.0,
        target_text={"th": "ไม่น้อยกว่าร้อยละ 70", "en": "≥ 70 %"},
        measure="satisfaction",
        survey_process="inbound",
    ),
    # 6.4 Cancellation / end of agreement
    KpiDefinition(
        id="owner_notified",
        process="6.4",
        responsible=_IT_AND_ACADEMIC,
        kind="in_process",
        name={
            "th": "แจ้งยกเลิกให้หน่วยงานเจ้าของข้อมูลรับทราบ",
            "en": "Data owner notified of cancellation",
        },
        explanation={
            "th": "ร้อยละของการเชื่อมโยงที่ยกเลิกหรือสิ้นสุดข้อตกลงในปีงบประมาณ (สถานะยกเลิก/สิ้นสุดข้อตกลง มีวันที่ยกเลิก หรือข้อตกลงหมดอายุแล้วแต่ยังใช้งานอยู่) ที่มีวันที่แจ้งเจ้าของข้อมูล",
            "en": "Percent of linkages ended in the fiscal year (status cancelled or expired, cancelled_on filled, or mou_expires_on passed while still live; dated by cancelled_on, else the expiry) with owner_notified_on filled",
        },
        unit="percent",
        target=100.0,
        target_text={"th": "ทุกการยกเลิก (ร้อยละ 100)", "en": "on each cancellation (100 %)"},
        measure="register_rate",
        register=RegisterRate(ENDED_SQL, "owner_notified_on IS NOT NULL", CANCEL_DATE, None),
    ),
    KpiDefinition(
        id="cancellation_recorded",
        process="6.4",
        responsible=_IT_AND_ACADEMIC,
        kind="in_process",
        name={
            "th": "ยกเลิกสำเร็จและปรับปรุงทะเบียนการเชื่อมโยง",
            "en": "Cancellation done and register updated",
        },
        explanation={
            "th": "ร้อยละของการเชื่อมโยงที่ยกเลิกหรือสิ้นสุดข้อตกลงในปีงบประมาณ ที่ทะเบียนบันทึกครบ: สถานะ cancelled พร้อมวันที่ยกเลิกและเหตุผลการยกเลิก หรือสถานะ expired พร้อมวันที่สิ้นสุด",
            "en": "Percent of linkages ended in the fiscal year whose register row is complete: status cancelled with cancelled_on and cancel_reason filled, or status expired with its end date",
        },
        unit="percent",
        target=100.0,
        target_text={
            "th": "อย่างน้อยปีละ 1 ครั้ง หรือเมื่อมีการเปลี่ยนแปลง (ร้อยละ 100)",
            "en": "at least yearly or on change (100 %)",
        },
        measure="register_rate",
        register=RegisterRate(ENDED_SQL, ENDED_RECORDED_SQL, CANCEL_DATE, None),
    ),
    KpiDefinition(
        id="cancellation_reported",
        process="6.4",
        responsible=_IT_AND_ACADEMIC,
        kind="output",
        name={
            "th": "รายงานผลการยกเลิกให้หน่วยงานที่เกี่ยวข้อง",
            "en": "Cancellation reported to the units concerned",
        },
        explanation={
            "th": "ร้อยละของการเชื่อมโยงที่ยกเลิกหรือสิ้นสุดข้อตกลงในปีงบประมาณ ที่รายงานผลภายในจำนวนวันที่หน่วยงานกำหนด (วันที่รายงานผลการยกเลิกของรายการนั้น) หรือ เมื่อทะเบียนไม่มีคอลัมน์นี้ ที่มีหมุดหมาย cancellation_reported ของรายการนั้นหรือของปีงบประมาณลงวันที่ไม่ก่อนวันยกเลิก",
            "en": "Percent of linkages ended in the fiscal year reported within the days your agency set (each row's cancellation_reported_on); for a register without that column, covered by a cancellation_reported milestone: one for that linkage, or the fiscal year's dated on or after the end",
        },
        unit="percent",
        target=100.0,
        target_text={"th": "ทุกการยกเลิก (ร้อยละ 100)", "en": "on each cancellation (100 %)"},
        measure="register_rate",
        register=RegisterRate(ENDED_SQL, "", CANCEL_DATE, None),
    ),
    KpiDefinition(
        id="cancellation_satisfaction",
        process="6.4",
        responsible=_IT_DEPT,
        kind="outcome",
        name={"th": "ความพึงพอใจในการยกเลิกการเชื่อมโยง", "en": "Satisfaction with the cancellation"},
        explanation={
            "th": "คะแนนแบบสำรวจกระบวนการ cancellation ที่ตอบในช่วงเวลา: ค่าเฉลี่ยทุกคำตอบ ÷ 5 × 100 (หรือสัดส่วนคำตอบ 4–5); ช่องว่างไม่นับ",
            "en": "Survey score of process cancellation answered in the period: mean of all answers ÷ 5 × 100 (or share of answers 4–5); blanks ignored",
        },
        unit="percent",
        target=80.0,
        target_text={"th": "ไม่น้อยกว่าร้อยละ 80", "en": "≥ 80 %"},
        measure="satisfaction",
        survey_process="cancellation",
    ),
)

KPI_BY_ID: dict[str, KpiDefinition] = {kpi.id: kpi for kpi in KPIS}

# Ids a per-fiscal-year target may be stored under: every KPI with an editable target,
# plus the satisfaction target of 6.2 (a survey process without a KPI of its own).
TARGET_IDS: tuple[str, ...] = (
    *(kpi.id for kpi in KPIS if kpi.target_editable),
    "outbound_satisfaction",
)


def get_kpi(kpi_id: str) -> KpiDefinition:
    """The KPI with this id, or a ValueError naming the known ones."""
    try:
        return KPI_BY_ID[kpi_id]
    except KeyError:
        raise ValueError(
            f"unknown KPI {kpi_id!r}; expected one of {', '.join(KPI_BY_ID)}"
        ) from None
