"""The import contract of TEMPLATES.md as data: kinds, columns, headers, types and allowed values."""

from __future__ import annotations

from dataclasses import dataclass, field

# Column types.
TEXT = "text"
ENUM = "enum"
DATE = "date"
BOOL = "bool"
INT = "int"


@dataclass(frozen=True)
class Column:
    """One column of a template: its key, headers, type, and rules."""

    key: str
    th: str
    en: str
    type: str = TEXT
    required: bool = False
    # enum: English key -> Thai labels (the first is the canonical label)
    values: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # int: inclusive range allowed (per kind rules may narrow it further)
    min_value: int | None = None
    max_value: int | None = None
    # extra header spellings (already in use in agencies) that also match
    aliases: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        """Header in the given language."""
        return self.th if lang == "th" else self.en

    def value_label(self, key: str, lang: str) -> str:
        """Display label of an enum key in the given language (the key itself if unknown)."""
        if key not in self.values:
            return key
        if lang == "th":
            return self.values[key][0]
        return ENGLISH_LABELS.get(key) or key.replace("_", " ").capitalize()


@dataclass(frozen=True)
class Kind:
    """One spreadsheet kind: its columns and identity."""

    key: str
    th: str
    en: str
    columns: tuple[Column, ...]
    id_columns: tuple[str, ...]
    table: str

    def column(self, key: str) -> Column:
        """The column with this key."""
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(key)

    @property
    def keys(self) -> list[str]:
        """Column keys in template order."""
        return [c.key for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        """Keys of columns a file must have."""
        return [c.key for c in self.columns if c.required]

    def label(self, lang: str) -> str:
        """Name of the kind in the given language."""
        return self.th if lang == "th" else self.en


YES_NO = "yes/no"

# English display names where the key, humanised, would read badly.
ENGLISH_LABELS = {
    "rest": "REST API",
    "soap": "SOAP",
    "gdx": "GDX",
    "db_link": "Database link",
    "realtime": "Real time",
    "on_request": "On request",
    "mou_signed": "MOU signed",
    "in_use": "In use",
    "top_secret": "Top secret",
    "purpose_unmet": "Purpose not met",
    "no_longer_needed": "No longer needed or contract ended",
    "new_provider": "A new provider exists",
    "provider_withdrew": "Provider withdrew",
    "manual_review": "Manual review (6.1)",
    "pwo7": "PWO 7 criteria (1–5)",
    "nha14": "NHA 14 criteria (weighted yes/no)",
    "law": "Legal authority",
    "contract": "Contract",
    "public_task": "Public task",
    "vital_interest": "Vital interest",
    "legitimate_interest": "Legitimate interest",
}

PARTNER_TYPES = {
    "government": ("หน่วยงานภาครัฐ", "ภาครัฐ", "ส่วนราชการ", "หน่วยงานรัฐ"),
    "state_enterprise": ("รัฐวิสาหกิจ",),
    "private": ("เอกชน", "ภาคเอกชน"),
}
DIRECTIONS = {
    "outbound": ("ขอข้อมูลจากหน่วยงานอื่น", "ขอข้อมูล"),
    "inbound": ("หน่วยงานอื่นขอข้อมูล", "ให้ข้อมูล"),
}
METHODS = {
    "rest": ("REST API", "REST", "API"),
    "soap": ("SOAP",),
    "file": ("ไฟล์", "File", "File transfer"),
    "gdx": ("GDX",),
    "db_link": ("เชื่อมฐานข้อมูล", "Database link", "DB link"),
    "other": ("อื่น ๆ", "อื่นๆ", "อื่น"),
}
FREQUENCIES = {
    "realtime": ("ทันที", "เรียลไทม์", "real time"),
    "daily": ("รายวัน",),
    "weekly": ("รายสัปดาห์",),
    "monthly": ("รายเดือน",),
    "quarterly": ("รายไตรมาส",),
    "yearly": ("รายปี",),
    "on_request": ("ตามคำขอ", "on request"),
}
CLASSIFICATIONS = {
    "public": ("เปิดเผย", "ข้อมูลสาธารณะ"),
    "internal": ("ใช้ภายใน", "ชั้นเผยแพร่ภายในองค์กร", "ข้อมูลใช้ภายใน"),
    "confidential": ("ลับ",),
    "secret": ("ลับมาก",),
    "top_secret": ("ลับที่สุด",),
}
STATUSES = {
    "identified": ("ระบุคู่เชื่อมโยง",),
    "requested": ("ยื่นคำขอ",),
    "under_review": ("อยู่ระหว่างพิจารณา",),
    "approved": ("อนุมัติ",),
    "rejected": ("ไม่อนุมัติ",),
    "mou_signed": ("ลงนามแล้ว",),
    "developing": ("อยู่ระหว่างพัฒนา",),
    "testing": ("ทดสอบ",),
    "linked": ("เชื่อมโยงสำเร็จ",),
    "in_use": ("ใช้งานข้อมูลแล้ว",),
    "cancelled": ("ยกเลิก",),
    "expired": ("สิ้นสุดข้อตกลง",),
}
CANCEL_REASONS = {
    "breach": ("ผิดข้อกำหนด",),
    "purpose_unmet": ("ไม่เป็นไปตามวัตถุประสงค์",),
    "no_longer_needed": ("ไม่มีความต้องการแล้วหรือสัญญาสิ้นสุด", "ไม่มีความต้องการแล้ว", "สัญญาสิ้นสุด"),
    "new_provider": ("มีผู้ให้บริการใหม่",),
    "provider_withdrew": ("ผู้ให้บริการขอยกเลิก",),
}
LEVELS = {"high": ("สูง",), "low": ("ต่ำ",)}
# The bases of the Personal Data Protection Act B.E. 2562, s. 24 (TEMPLATES.md §1a).
LEGAL_BASES = {
    "consent": ("ความยินยอมของเจ้าของข้อมูล", "ความยินยอม"),
    "law": ("อำนาจตามกฎหมาย", "กฎหมาย"),
    "contract": ("สัญญา",),
    "public_task": ("ภารกิจของรัฐ",),
    "vital_interest": ("ประโยชน์สำคัญต่อชีวิต",),
    "legitimate_interest": ("ประโยชน์โดยชอบด้วยกฎหมาย",),
}
PROCESSES = {
    "manual_review": ("ทบทวนคู่มือ", "6.1"),
    "outbound": ("เชื่อมโยงกับหน่วยงานภายนอก", "6.2"),
    "inbound": ("ขอข้อมูล/แลกเปลี่ยนข้อมูล", "6.3", "ขอข้อมูล", "แลกเปลี่ยนข้อมูล"),
    "cancellation": ("ยกเลิกการเชื่อมโยง", "6.4"),
}
RESPONDENT_GROUPS = {
    "internal": ("ภายในองค์กร", "ภายใน"),
    "external": ("ภายนอกองค์กร", "ภายนอก"),
}
FRAMEWORKS = {
    "pwo7": ("แบบ 7 ข้อ (คะแนน 1–5)", "แบบ 7 ข้อ", "7 ข้อ", "อคส."),
    "nha14": ("แบบ 14 ข้อ (0/1 ถ่วงน้ำหนัก)", "แบบ 14 ข้อ", "14 ข้อ", "กคช."),
}

MAX_QUESTIONS = 20
MAX_CRITERIA = 14

REGISTER = Kind(
    key="register",
    th="ทะเบียนการเชื่อมโยงข้อมูล",
    en="Linkage register",
    table="linkages",
    id_columns=("linkage_id",),
    columns=(
        Column("linkage_id", "รหัสการเชื่อมโยง", "Linkage ID", required=True),
        Column("partner_name", "หน่วยงานคู่เชื่อมโยง", "Partner agency", required=True),
        Column("partner_type", "ประเภทหน่วยงาน", "Partner type", ENUM, values=PARTNER_TYPES),
        Column("ministry", "กระทรวง", "Ministry"),
        Column("direction", "ทิศทางการเชื่อมโยง", "Direction", ENUM, True, DIRECTIONS),
        Column("dataset", "ชุดข้อมูล", "Dataset", required=True),
        Column("data_owner_unit", "หน่วยงานเจ้าของข้อมูล", "Data owner unit"),
        Column("purpose", "วัตถุประสงค์", "Purpose"),
        Column("method", "วิธีการเชื่อมโยง", "Method", ENUM, values=METHODS),
        Column("frequency", "ความถี่", "Frequency", ENUM, values=FREQUENCIES),
        Column("classification", "ชั้นข้อมูล", "Classification", ENUM, values=CLASSIFICATIONS),
        Column("personal_data", "ข้อมูลส่วนบุคคล", "Personal data", BOOL),
        Column("mou_ref", "เลขที่บันทึกข้อตกลง", "MOU reference"),
        Column("mou_signed_on", "วันที่ลงนาม", "MOU signed on", DATE),
        Column("mou_expires_on", "วันที่สิ้นสุดข้อตกลง", "MOU expires on", DATE),
        Column("status", "สถานะ", "Status", ENUM, True, STATUSES),
        Column("requested_on", "วันที่ยื่นคำขอ", "Requested on", DATE),
        Column("responded_on", "วันที่ได้รับผลพิจารณา", "Responded on", DATE),
        Column("linked_on", "วันที่เชื่อมโยงสำเร็จ", "Linked on", DATE),
        Column("in_use_on", "วันที่เริ่มใช้งานข้อมูล", "In use since", DATE),
        Column("cancelled_on", "วันที่ยกเลิก", "Cancelled on", DATE),
        Column(
            "cancel_reason", "เหตุผลการยกเลิก", "Cancellation reason", ENUM, values=CANCEL_REASONS
        ),
        Column("owner_notified_on", "วันที่แจ้งเจ้าของข้อมูล", "Owner notified on", DATE),
        Column("integration_level", "ระดับการบูรณาการ", "Integration level", ENUM, values=LEVELS),
        Column(
            "standardization_level",
            "ระดับมาตรฐานกระบวนการ",
            "Standardization level",
            ENUM,
            values=LEVELS,
        ),
        Column("notes", "หมายเหตุ", "Notes"),
        *(
            # Contract version 2 (TEMPLATES.md §1a): approvals, legal basis, MOU procedure.
            Column(
                "legal_basis",
                "ฐานในการประมวลผลข้อมูลส่วนบุคคล",
                "Legal basis",
                ENUM,
                values=LEGAL_BASES,
            ),
            Column("consent_doc_ref", "เลขที่หนังสือแสดงความยินยอม", "Consent document"),
            Column("critical_data", "ข้อมูลสำคัญหรือข้อมูลความมั่นคง", "Important or security data", BOOL),
            Column("mou_drafted_on", "วันที่จัดทำร่างบันทึกข้อตกลง", "MOU drafted on", DATE),
            Column("legal_reviewed_on", "วันที่ฝ่ายกฎหมายตรวจร่าง", "Legal review on", DATE),
            Column("mou_approved_on", "วันที่ผู้บริหารอนุมัติให้ลงนาม", "MOU approved on", DATE),
            Column("cdo_approved_on", "วันที่ผู้บริหารข้อมูลระดับสูง (CDO) อนุมัติ", "CDO approved on", DATE),
            Column(
                "dpo_approved_on",
                "วันที่คณะกรรมการคุ้มครองข้อมูลส่วนบุคคลอนุมัติ",
                "DPO committee approved on",
                DATE,
            ),
            Column(
                "council_approved_on",
                "วันที่คณะกรรมการธรรมาภิบาลข้อมูลเห็นชอบ",
                "Data governance council approved on",
                DATE,
            ),
        ),
        Column(
            "cancellation_reported_on",
            "วันที่รายงานผลการยกเลิก",
            "Cancellation reported on",
            DATE,
        ),
    ),
)

# Register columns the store gained in schema version 6 (contract v2, TEMPLATES.md §1a).
REGISTER_V6_KEYS = (
    "legal_basis",
    "consent_doc_ref",
    "critical_data",
    "mou_drafted_on",
    "legal_reviewed_on",
    "mou_approved_on",
    "cdo_approved_on",
    "dpo_approved_on",
    "council_approved_on",
    "cancellation_reported_on",
)

SURVEYS = Kind(
    key="surveys",
    th="แบบสำรวจความพึงพอใจ",
    en="Satisfaction survey",
    table="survey_responses",
    id_columns=("response_id",),
    columns=(
        Column("response_id", "รหัสแบบสอบถาม", "Response ID", required=True),
        Column("process", "กระบวนการ", "Process", ENUM, True, PROCESSES),
        Column("linkage_id", "รหัสการเชื่อมโยง", "Linkage ID"),
        Column("respondent_group", "กลุ่มผู้ตอบ", "Respondent group", ENUM, values=RESPONDENT_GROUPS),
        Column("answered_on", "วันที่ตอบ", "Answered on", DATE, required=True),
        *(
            Column(f"q{i}", f"ข้อ {i}", f"Q{i}", INT, min_value=1, max_value=5)
            for i in range(1, MAX_QUESTIONS + 1)
        ),
        Column("comment", "ข้อเสนอแนะ", "Comment"),
    ),
)

ASSESSMENTS = Kind(
    key="assessments",
    th="การประเมินหน่วยงานคู่เชื่อมโยง",
    en="Partner assessment",
    table="assessments",
    id_columns=("assessment_id",),
    columns=(
        Column("assessment_id", "รหัสการประเมิน", "Assessment ID", required=True),
        Column("partner_name", "หน่วยงานที่ประเมิน", "Partner agency", required=True),
        Column("framework", "แบบประเมิน", "Framework", ENUM, True, FRAMEWORKS),
        Column("assessed_on", "วันที่ประเมิน", "Assessed on", DATE),
        Column("assessor", "ผู้ประเมิน", "Assessor"),
        *(
            Column(f"c{i}", f"เกณฑ์ {i}", f"C{i}", INT, min_value=0, max_value=5)
            for i in range(1, MAX_CRITERIA + 1)
        ),
    ),
)

EGOV_ITEMS = (
    ("s1_information", "ข้อมูลพื้นฐาน", "S1 information"),
    ("s2_forms", "แบบฟอร์มดาวน์โหลด", "S2 downloadable forms"),
    ("s2_media", "ภาพเคลื่อนไหวหรือเสียง", "S2 audio/video"),
    ("s2_languages", "มากกว่าหนึ่งภาษา", "S2 multiple languages"),
    ("s2_interaction", "การสื่อสารสองทาง", "S2 two-way interaction"),
    ("s3_survey", "สำรวจความคิดเห็นออนไลน์", "S3 online survey"),
    ("s3_application", "ยื่นคำร้องออนไลน์", "S3 online application"),
    ("s3_payment", "ชำระเงินออนไลน์", "S3 online payment"),
    ("s3_end_to_end", "ธุรกรรมครบวงจร", "S3 end-to-end transaction"),
    ("s4_exchange", "แลกเปลี่ยนข้อมูลอัตโนมัติ", "S4 automatic data exchange"),
    ("s4_one_stop", "บริการเบ็ดเสร็จ ณ จุดเดียว", "S4 one-stop service"),
)

EGOV = Kind(
    key="egov",
    th="การประเมินระดับรัฐบาลอิเล็กทรอนิกส์",
    en="e-Government stage assessment",
    table="egov_assessments",
    id_columns=("unit", "assessed_on"),
    columns=(
        Column("unit", "หน่วยงาน/เว็บไซต์", "Unit or website", required=True),
        Column("assessed_on", "วันที่ประเมิน", "Assessed on", DATE),
        *(Column(key, th, en, BOOL) for key, th, en in EGOV_ITEMS),
    ),
)

KINDS: dict[str, Kind] = {k.key: k for k in (REGISTER, SURVEYS, ASSESSMENTS, EGOV)}

# Framework criterion counts and score ranges (TEMPLATES.md §3).
FRAMEWORK_RULES = {"pwo7": (7, 1, 5), "nha14": (14, 0, 1)}


def get_kind(key: str) -> Kind:
    """The kind with this key, or a ValueError naming the allowed ones."""
    try:
        return KINDS[key]
    except KeyError:
        raise ValueError(f"unknown kind {key!r}; expected one of {', '.join(KINDS)}") from None
