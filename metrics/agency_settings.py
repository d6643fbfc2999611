"""Numbers the manuals do not give: the agency's own settings, per fiscal year (BE).

The manuals set the KPIs and their targets; they do not say after how many days a request is
late, when a stage is stuck, which MOU expiry windows to watch, or within how many days a
cancellation must be reported. Those are the agency's own choices ("ค่าที่หน่วยงานกำหนด"):
declared here with the product's default, stored per fiscal year in ``agency_settings``,
read back with the default where none is stored. Pages show them as set by the agency,
never as the manual's rule. Every write goes through ``loaders.writer``; the editor
(``ui.settings_editor``) audits it like a target edit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

from loaders.writer import transaction
from metrics.lifecycle import STUCK_LIMITS
from metrics.mou_procedure import MOU_STEPS
from metrics.targets import TargetError, _check_fiscal_year, _now


@dataclass(frozen=True)
class Setting:
    """One number the agency sets: its id, default and allowed range (whole days). Its name is
    the label catalog's (``ui.settings_editor.setting_label``)."""

    id: str
    default: int
    low: int = 1
    high: int = 3650


STUCK_PREFIX = "stuck_after_days."  # + a lifecycle status: that stage's day limit
MOU_STEP_PREFIX = "mou_step_days."  # + an MOU sub-stage (metrics/mou_procedure.py): its limit

SETTINGS: tuple[Setting, ...] = (
    Setting("cancellation_report_days", 30, low=0),
    Setting("late_after_days", 30),
    Setting("mou_window_near", 90),
    Setting("mou_window_far", 180),
    *(Setting(f"{STUCK_PREFIX}{status}", days) for status, days in STUCK_LIMITS.items()),
    *(Setting(f"{MOU_STEP_PREFIX}{step}", days) for step, (_, _, days) in MOU_STEPS.items()),
)
SETTING_BY_ID: dict[str, Setting] = {s.id: s for s in SETTINGS}
DEFAULTS: dict[str, int] = {s.id: s.default for s in SETTINGS}


def _setting(setting_id: str) -> Setting:
    """The declared setting, or a TargetError naming the known ones."""
    if setting_id not in SETTING_BY_ID:
        raise TargetError(
            f"ไม่รู้จักค่าที่หน่วยงานกำหนด {setting_id!r}",
            f"unknown agency setting {setting_id!r}; expected one of {', '.join(SETTING_BY_ID)}",
        )
    return SETTING_BY_ID[setting_id]


def set_setting(
    con: duckdb.DuckDBPyConnection,
    *,
    fiscal_year: int,
    setting_id: str,
    value: Any,
    updated_by: str = "",
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Store (replacing any earlier) one setting for one fiscal year: a whole number in range."""
    _check_fiscal_year(fiscal_year)
    setting = _setting(setting_id)
    if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
        raise TargetError(
            f"ต้องเป็นจำนวนเต็ม แต่ได้ {value!r}", f"must be a whole number, got {value!r}"
        )
    if not setting.low <= int(value) <= setting.high:
        raise TargetError(
            f"ต้องอยู่ระหว่าง {setting.low} ถึง {setting.high} แต่ได้ {value!r}",
            f"must be between {setting.low} and {setting.high}, got {value!r}",
        )
    with transaction(con) as cur:
        cur.execute(
            "DELETE FROM agency_settings WHERE fiscal_year = ? AND setting_id = ?",
            [fiscal_year, setting_id],
        )
        cur.execute(
            "INSERT INTO agency_settings VALUES (?, ?, ?, ?, ?)",
            [fiscal_year, setting_id, float(int(value)), updated_by, _now(now)],
        )
    return {"fiscal_year": fiscal_year, "setting_id": setting_id, "value": int(value)}


def clear_setting(con: duckdb.DuckDBPyConnection, *, fiscal_year: int, setting_id: str) -> int:
    """Remove a fiscal year's value of one setting (back to the default); rows removed."""
    _setting(setting_id)
    where = "WHERE fiscal_year = ? AND setting_id = ?"
    with transaction(con) as cur:
        removed = cur.execute(
            f"SELECT count(*) FROM agency_settings {where}", [fiscal_year, setting_id]
        ).fetchone()[0]
        cur.execute(f"DELETE FROM agency_settings {where}", [fiscal_year, setting_id])
    return int(removed)


def stored_settings(con: duckdb.DuckDBPyConnection, *, fiscal_year: int | None) -> dict[str, int]:
    """The settings stored for a fiscal year (empty when none or no year)."""
    if fiscal_year is None:
        return {}
    rows = (
        con.cursor()
        .execute(
            "SELECT setting_id, value FROM agency_settings WHERE fiscal_year = ?",
            [int(fiscal_year)],
        )
        .fetchall()
    )
    return {key: int(value) for key, value in rows if key in SETTING_BY_ID}


def settings_for(con: duckdb.DuckDBPyConnection, *, fiscal_year: int | None) -> dict[str, int]:
    """Every setting in force for a fiscal year: the stored value, else the default."""
    return {**DEFAULTS, **stored_settings(con, fiscal_year=fiscal_year)}


def stuck_limits(settings: dict[str, int]) -> dict[str, int]:
    """Per-stage day limits (status -> days) out of a ``settings_for`` answer."""
    return {status: settings[f"{STUCK_PREFIX}{status}"] for status in STUCK_LIMITS}


def mou_step_limits(settings: dict[str, int]) -> dict[str, int]:
    """Per MOU sub-stage day limits (step -> days) out of a ``settings_for`` answer."""
    return {step: settings[f"{MOU_STEP_PREFIX}{step}"] for step in MOU_STEPS}


def settings_table(con: duckdb.DuckDBPyConnection, *, fiscal_year: int) -> pd.DataFrame:
    """One row per setting for a fiscal year: id, value in force, default, whether stored,
    and who stored it when (blank for a default)."""
    rows = (
        con.cursor()
        .execute(
            "SELECT setting_id, value, updated_by, updated_at FROM agency_settings "
            "WHERE fiscal_year = ?",
            [int(fiscal_year)],
        )
        .fetchall()
    )
    stored = {key: (int(value), by, at) for key, value, by, at in rows}
    return pd.DataFrame(
        [
            {
                "setting_id": s.id,
                "value": stored.get(s.id, (s.default,))[0],
                "default": s.default,
                "stored": s.id in stored,
                "updated_by": stored[s.id][1] if s.id in stored else None,
                "updated_at": stored[s.id][2] if s.id in stored else None,
            }
            for s in SETTINGS
        ]
    )
