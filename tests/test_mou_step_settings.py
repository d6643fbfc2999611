"""The MOU procedure's day limits are the agency's settings per fiscal year (issue 13.6, 13.5)."""

from __future__ import annotations

import datetime as dt

from loaders.store import open_store
from metrics.agency_settings import (
    DEFAULTS,
    MOU_STEP_PREFIX,
    mou_step_limits,
    set_setting,
    settings_for,
)
from metrics.mou_procedure import MOU_STEPS, mou_step_rows, mou_step_summary

TODAY = dt.date(2026, 9, 30)
FY = 2569


def test_every_mou_step_has_a_setting_whose_default_is_the_procedures():
    for step, (*_, days) in MOU_STEPS.items():
        assert DEFAULTS[f"{MOU_STEP_PREFIX}{step}"] == days


def test_a_shorter_limit_set_by_the_agency_makes_more_mous_late_and_stuck(seeded_store):
    con = open_store(seeded_store)
    try:
        before = mou_step_summary(con, today=TODAY).set_index("step")
        set_setting(
            con,
            fiscal_year=FY,
            setting_id=f"{MOU_STEP_PREFIX}legal_review",
            value=1,
            updated_by="t",
        )
        limits = mou_step_limits(settings_for(con, fiscal_year=FY))
        assert limits["legal_review"] == 1
        after = mou_step_summary(con, today=TODAY, limits=limits).set_index("step")
        stuck = mou_step_rows(con, today=TODAY, stuck_only=True, limits=limits.items())
    finally:
        con.close()
    assert after.loc["legal_review", "limit_days"] == 1
    assert after.loc["legal_review", "late"] > before.loc["legal_review", "late"]
    assert after.loc["legal_review", "stuck"] >= before.loc["legal_review", "stuck"]
    # the other steps keep their defaults
    for step in MOU_STEPS:
        if step != "legal_review":
            assert after.loc[step].equals(before.loc[step])
    waiting = after.loc["legal_review", "waiting"]
    assert (stuck["step"] == "legal_review").sum() == waiting  # every waiting one is over 1 day
