"""Saving a planner's assessment: checked like an imported row, one transaction, nothing on refusal."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from loaders.store import open_store
from metrics.assessment_store import AssessmentRefused, save_assessment
from metrics.partners import assessment_history

NOW = dt.datetime(2025, 1, 15, 14, 30, 5)


@pytest.fixture
def con():
    """An empty in-memory store."""
    connection = open_store(":memory:")
    yield connection
    connection.close()


def _count(con) -> int:
    """How many assessments are stored."""
    return con.execute("SELECT count(*) FROM assessments").fetchone()[0]


def test_a_pwo7_assessment_is_stored_with_its_scores(con):
    assessment_id = save_assessment(
        con,
        "  กรมการปกครอง\u200b ",
        "pwo7",
        [4, 4, 3, 4, 3, 4, 3],
        dt.date(2025, 1, 10),
        "ฝ่ายนโยบายและแผน",
        now=NOW,
    )
    assert re.fullmatch(r"WHATIF-20250115-143005-[0-9a-f]{4}", assessment_id)
    row = con.execute(
        "SELECT partner_name, framework, assessed_on, assessor, c1, c2, c3, c4, c5, c6, c7, c8, "
        "c14, upload_id, is_sample, created_at FROM assessments WHERE assessment_id = ?",
        [assessment_id],
    ).fetchone()
    assert row == (
        "กรมการปกครอง",  # spaces and the zero-width space normalised away, as an import does
        "pwo7",
        dt.date(2025, 1, 10),
        "ฝ่ายนโยบายและแผน",
        4,
        4,
        3,
        4,
        3,
        4,
        3,
        None,
        None,
        None,
        False,
        NOW,
    )


def test_an_nha14_assessment_takes_booleans_and_defaults_to_today(con):
    answers = [True] * 6 + [False] * 8
    assessment_id = save_assessment(con, "กรมสรรพากร", "nha14", answers, now=NOW)
    row = con.execute(
        "SELECT assessed_on, assessor, c1, c6, c7, c14 FROM assessments WHERE assessment_id = ?",
        [assessment_id],
    ).fetchone()
    assert row == (dt.date(2025, 1, 15), None, 1, 1, 0, 0)


def test_the_saved_assessment_is_scored_in_the_partners_history(con):
    save_assessment(con, "กรมสรรพากร", "pwo7", [4, 4, 3, 4, 3, 4, 3], dt.date(2025, 1, 10))
    save_assessment(con, "กรมสรรพากร", "nha14", [1] * 5 + [0] * 9, dt.date(2025, 2, 1))
    history = assessment_history(con, "กรมสรรพากร")
    # 25 of 35 = 71.43 % (high); 15+10+20+5+5 = 55 (below the pass mark of 60)
    assert history["percent"].tolist() == [71.43, 55.0]
    assert history["outcome"].tolist() == ["high", "fail"]
    assert history["source"].tolist() == ["planner", "planner"]


def test_two_saves_in_the_same_second_get_different_ids(con):
    ids = {save_assessment(con, "กรมสรรพากร", "nha14", [0] * 14, now=NOW) for _ in range(5)}
    assert len(ids) == 5


@pytest.mark.parametrize(
    ("partner", "framework", "scores", "fragment_en", "fragment_th"),
    [
        ("กรมสรรพากร", "pwo7", [4, 4, 3, 4, 3, 4], "needs all 7 criteria scored, got 6", "ครบ 7"),
        ("กรมสรรพากร", "pwo7", [4] * 8, "needs all 7 criteria scored, got 8", "ครบ 7"),
        ("กรมสรรพากร", "nha14", [1] * 13, "needs all 14 criteria scored, got 13", "ครบ 14"),
        ("กรมสรรพากร", "pwo7", [4, 4, 3, 4, 3, 4, 6], "C7: framework pwo7 scores are 1–5", "1–5"),
        ("กรมสรรพากร", "pwo7", [0, 4, 3, 4, 3, 4, 3], "C1: framework pwo7 scores are 1–5", "1–5"),
        ("กรมสรรพากร", "nha14", [2] + [0] * 13, "C1: framework nha14 scores are 0–1", "0–1"),
        ("กรมสรรพากร", "pwo7", [4, 4.5, 3, 4, 3, 4, 3], "C2: framework pwo7", "1–5"),
        ("กรมสรรพากร", "pwo7", [4, None, 3, 4, 3, 4, 3], "C2: framework pwo7", "1–5"),
        ("กรมสรรพากร", "pwo7", "4443434", "scores must be a list", "รายการตัวเลข"),
        ("  \u200b ", "pwo7", [4, 4, 3, 4, 3, 4, 3], "Partner agency is required", "ต้องระบุ"),
        ("กรมสรรพากร", "abc9", [1] * 7, "no framework named 'abc9'", "ไม่พบแบบประเมิน"),
        ("กรมสรรพากร", "../pwo7.json", [4] * 7, "unknown framework", "ไม่รู้จัก"),
    ],
)
def test_bad_input_is_refused_in_both_languages_and_nothing_is_written(
    con, partner, framework, scores, fragment_en, fragment_th
):
    save_assessment(con, "กรมที่ดิน", "nha14", [1] * 14)
    with pytest.raises(AssessmentRefused) as caught:
        save_assessment(con, partner, framework, scores)
    assert fragment_en in caught.value.en
    assert fragment_th in caught.value.th
    assert _count(con) == 1


class _FailingInsert:
    """A connection whose cursors pass every statement through except the INSERT, which fails."""

    def __init__(self, con) -> None:
        self.con = con

    def cursor(self):
        """A cursor that refuses INSERT statements."""
        real = self.con.cursor()

        class Cursor:
            def execute(self, sql, *args):
                if sql.lstrip().upper().startswith("INSERT"):
                    raise RuntimeError("disk full")
                return real.execute(sql, *args)

            def close(self):
                real.close()

        return Cursor()


def test_a_failed_insert_is_rolled_back_and_leaves_no_row(con):
    with pytest.raises(RuntimeError, match="disk full"):
        save_assessment(_FailingInsert(con), "กรมสรรพากร", "pwo7", [4] * 7)
    assert _count(con) == 0
    # No transaction was left open: the next save commits normally.
    save_assessment(con, "กรมสรรพากร", "pwo7", [4] * 7)
    assert _count(con) == 1
