"""Recording one partner assessment (made on the what-if page), checked as an imported row would be.

It lives beside the scoring (``metrics.assessment``) and its frameworks, and writes through
``loaders.writer``: loaders/ never imports metrics/.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Sequence

import duckdb

from loaders.normalize import normalize_text
from loaders.spec import ASSESSMENTS, FRAMEWORK_RULES, MAX_CRITERIA
from loaders.writer import transaction
from metrics.errors import BilingualError
from metrics.frameworks import FrameworkError, load_framework

ID_PREFIX = "WHATIF"


class AssessmentRefused(BilingualError):
    """An assessment the store will not take: no partner, unknown framework, bad scores."""


def framework_rules(framework: str) -> tuple[int, int, int]:
    """Criterion count and lowest/highest score of a framework: the import's, else its file's."""
    if framework in FRAMEWORK_RULES:
        return FRAMEWORK_RULES[framework]
    if not isinstance(framework, str) or not re.fullmatch(r"[a-z0-9_]+", framework):
        raise AssessmentRefused(f"ไม่รู้จักแบบประเมิน {framework!r}", f"unknown framework {framework!r}")
    try:
        definition = load_framework(framework)
    except FrameworkError as error:
        raise AssessmentRefused(error.th, error.en) from None
    if definition["kind"] == "scored":
        low, high = definition["scale"]["min"], definition["scale"]["max"]
    else:
        low, high = 0, 1
    return len(definition["criteria"]), low, high


def check_scores(framework: str, scores: Sequence[int | bool]) -> list[int]:
    """Scores in criterion order as whole numbers, refused when the count or a value is wrong."""
    count, low, high = framework_rules(framework)
    if isinstance(scores, str | bytes) or not isinstance(scores, Sequence):
        raise AssessmentRefused("คะแนนต้องเป็นรายการตัวเลข", "scores must be a list of numbers")
    if len(scores) != count:
        raise AssessmentRefused(
            f"แบบ {framework} ต้องให้คะแนนครบ {count} เกณฑ์ แต่ได้รับ {len(scores)} เกณฑ์",
            f"framework {framework} needs all {count} criteria scored, got {len(scores)}",
        )
    checked = []
    for number, value in enumerate(scores, start=1):
        if isinstance(value, bool):
            value = int(value)
        if not isinstance(value, int) or not low <= value <= high:
            raise AssessmentRefused(
                f"เกณฑ์ {number}: แบบ {framework} ให้คะแนนได้ {low}–{high} แต่ได้ {value!r}",
                f"C{number}: framework {framework} scores are {low}–{high}, got {value!r}",
            )
        checked.append(value)
    return checked


def new_assessment_id(now: dt.datetime) -> str:
    """An id such as ``WHATIF-20250115-143005-9f2c``: when it was saved, plus a random tail."""
    return f"{ID_PREFIX}-{now:%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"


def save_assessment(
    con: duckdb.DuckDBPyConnection,
    partner_name: str,
    framework: str,
    scores: Sequence[int | bool],
    assessed_on: dt.date | None = None,
    assessor: str | None = None,
    *,
    now: dt.datetime | None = None,
) -> str:
    """Store one assessment in one transaction and return its id; nothing is written if refused."""
    partner = normalize_text(partner_name)
    if partner is None:
        raise AssessmentRefused(
            f"ต้องระบุ{ASSESSMENTS.column('partner_name').th}",
            f"{ASSESSMENTS.column('partner_name').en} is required",
        )
    values = check_scores(framework, scores)
    if len(values) > MAX_CRITERIA:
        raise AssessmentRefused(
            f"ตารางผลการประเมินเก็บได้ไม่เกิน {MAX_CRITERIA} เกณฑ์",
            f"the assessments table holds at most {MAX_CRITERIA} criteria",
        )
    now = now or dt.datetime.now().replace(microsecond=0)
    assessed_on = assessed_on or now.date()
    if isinstance(assessed_on, dt.datetime):
        assessed_on = assessed_on.date()
    criteria = values + [None] * (MAX_CRITERIA - len(values))
    columns = ", ".join(f"c{i}" for i in range(1, MAX_CRITERIA + 1))
    marks = ", ".join("?" * (MAX_CRITERIA + 9))
    with transaction(con) as cur:
        assessment_id = new_assessment_id(now)
        taken = "SELECT count(*) FROM assessments WHERE assessment_id = ?"
        while cur.execute(taken, [assessment_id]).fetchone()[0]:
            assessment_id = new_assessment_id(now)
        cur.execute(
            "INSERT INTO assessments (assessment_id, partner_name, framework, assessed_on, "
            f"assessor, {columns}, upload_id, is_sample, created_at, updated_at) "
            f"VALUES ({marks})",
            [
                assessment_id,
                partner,
                framework,
                assessed_on,
                normalize_text(assessor),
                *criteria,
                None,
                False,
                now,
                now,
            ],
        )
    return assessment_id
