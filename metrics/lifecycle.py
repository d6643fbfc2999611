"""The linkage lifecycle and the KPI statuses as one vocabulary, read from ``lifecycle.json``.

The file declares the register's statuses in lifecycle order with their outcome group
(open, live, refused, ended), the named status sets the figures use, the outcome buckets of
the comparison charts, the operation-model quadrants, and the KPI statuses with their words
and colours. It is checked field by field on load; a file the code cannot use is refused
with a LifecycleError naming the field at fault.

This is the only module that spells a status: every other module takes the names below.
The status keys are the published values of TEMPLATES.md (``loaders.spec.STATUSES``), so
the file must list exactly those, in the same order. Imports: ``loaders.spec`` (which imports
nothing) and ``metrics.checks``; loaders may import this module without a cycle.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from loaders.spec import CANCEL_REASONS, DATE, LEVELS, REGISTER
from loaders.spec import STATUSES as SPEC_STATUSES
from metrics.checks import (
    DefinitionError,
    fault,
    read_json,
    refused_as,
    require_label,
    require_list,
    require_object,
    require_text,
)

LIFECYCLE_FILE = Path(__file__).with_name("lifecycle.json")
SET_NAMES = (
    "open_request",
    "answered",
    "approved_or_later",
    "kpi_6_4_ended",
    "mou_not_followed",
)
BADGE_NAMES = ("red", "orange", "yellow", "blue", "green", "violet", "gray", "grey", "primary")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

Text = dict[str, str]


class LifecycleError(DefinitionError):
    """A lifecycle file the code refuses, naming the field at fault."""


def load_lifecycle(path: Path = LIFECYCLE_FILE) -> dict[str, Any]:
    """Read and check a lifecycle file."""
    with refused_as(LifecycleError):
        data = read_json(path)
        return validate_lifecycle(data, source=path.name)


def validate_lifecycle(data: Any, source: str = "lifecycle") -> dict[str, Any]:
    """Check a lifecycle dict and return it, or raise LifecycleError naming the fault."""
    with refused_as(LifecycleError):
        require_object(data, source)
        groups = _keys(require_list(data, "outcome_groups", source), f"{source}: outcome_groups")
        statuses = _check_statuses(data, groups, source)
        sets = data.get("status_sets")
        require_object(sets, f"{source}: status_sets")
        if sorted(sets) != sorted(SET_NAMES):
            raise fault(
                f"{source}: status_sets",
                f"ต้องมีชุด {', '.join(SET_NAMES)} พอดี แต่มี {', '.join(sets)}",
                f"must hold exactly the sets {', '.join(SET_NAMES)}, got {', '.join(sets)}",
            )
        for name, entry in sets.items():
            require_object(entry, f"{source}: status_sets.{name}")
            _status_list(entry, statuses, f"{source}: status_sets.{name}")
        _check_ended_by_expiry(data, groups, source)
        _check_comparison_outcomes(data, groups, source)
        _check_quadrants(data, source)
        _check_kpi_statuses(data, source)
    return data


def _keys(entries: list[Any], where: str) -> list[str]:
    """The unique ``key`` of each object in a list."""
    keys: list[str] = []
    for index, entry in enumerate(entries):
        require_object(entry, f"{where}[{index}]")
        key = require_text(entry, "key", f"{where}[{index}]")
        if key in keys:
            raise fault(f"{where}[{index}]", f"key '{key}' ซ้ำ", f"duplicate key '{key}'")
        keys.append(key)
    return keys


def _status_list(holder: dict[str, Any], statuses: list[str], where: str) -> list[str]:
    """A list of known statuses, without repeats, in lifecycle order."""
    listed = require_list(holder, "statuses", where)
    unknown = [s for s in listed if s not in statuses]
    if unknown:
        raise fault(where, f"ไม่รู้จักสถานะ {unknown}", f"unknown statuses {unknown}")
    if listed != sorted(set(listed), key=statuses.index):
        raise fault(
            where,
            "ต้องเรียงตามลำดับสถานะและไม่ซ้ำ",
            "statuses must be unique and in lifecycle order",
        )
    return listed


def _check_statuses(data: dict[str, Any], groups: list[str], source: str) -> list[str]:
    """Every published status, in TEMPLATES.md order, with a known group, date and limit."""
    where = f"{source}: statuses"
    entries = require_list(data, "statuses", source)
    keys = _keys(entries, where)
    if keys != list(SPEC_STATUSES):
        raise fault(
            where,
            f"ต้องเป็นสถานะตาม TEMPLATES.md ตามลำดับ: {', '.join(SPEC_STATUSES)}",
            f"must be the statuses of TEMPLATES.md in order: {', '.join(SPEC_STATUSES)}",
        )
    dates = {c.key for c in REGISTER.columns if c.type == DATE}
    for index, entry in enumerate(entries):
        at = f"{where}[{index}] ({entry['key']})"
        if entry.get("outcome") not in groups:
            raise fault(
                at,
                f"outcome ต้องเป็นหนึ่งใน {', '.join(groups)}",
                f"outcome must be one of {', '.join(groups)}, got {entry.get('outcome')!r}",
            )
        if entry.get("date_column") is not None and entry["date_column"] not in dates:
            raise fault(
                at,
                f"date_column ต้องเป็นคอลัมน์วันที่ของทะเบียน แต่เป็น {entry['date_column']!r}",
                f"date_column must be a register date column, got {entry['date_column']!r}",
            )
        days = entry.get("stuck_after_days")
        if days is not None and (isinstance(days, bool) or not isinstance(days, int) or days < 1):
            raise fault(
                at,
                "stuck_after_days ต้องเป็นจำนวนเต็มบวกหรือ null",
                f"stuck_after_days must be a positive whole number or null, got {days!r}",
            )
    unused = [g for g in groups if g not in {e["outcome"] for e in entries}]
    if unused:
        raise fault(where, f"ไม่มีสถานะในกลุ่ม {unused}", f"no status in the groups {unused}")
    return keys


def _check_ended_by_expiry(data: dict[str, Any], groups: list[str], source: str) -> None:
    """When a live agreement's expiry ends it: a register date, known groups, a known reason."""
    where = f"{source}: ended_by_expiry"
    entry = data.get("ended_by_expiry")
    require_object(entry, where)
    dates = {c.key for c in REGISTER.columns if c.type == DATE}
    if entry.get("expiry_column") not in dates:
        raise fault(
            where,
            "expiry_column ต้องเป็นคอลัมน์วันที่ของทะเบียน",
            f"expiry_column must be a register date column, got {entry.get('expiry_column')!r}",
        )
    outcomes = require_list(entry, "while_outcomes", where)
    if not outcomes or not set(outcomes) <= set(groups):
        raise fault(
            where,
            f"while_outcomes ต้องเป็นกลุ่มใน {', '.join(groups)}",
            f"while_outcomes must be groups among {', '.join(groups)}, got {outcomes!r}",
        )
    if entry.get("exit_reason") not in CANCEL_REASONS:
        raise fault(
            where,
            f"exit_reason ต้องเป็นหนึ่งใน {', '.join(CANCEL_REASONS)}",
            f"exit_reason must be one of {', '.join(CANCEL_REASONS)}, "
            f"got {entry.get('exit_reason')!r}",
        )


def _check_comparison_outcomes(data: dict[str, Any], groups: list[str], source: str) -> None:
    """Buckets of the comparison charts: labelled, together covering each group once."""
    where = f"{source}: comparison_outcomes"
    entries = require_list(data, "comparison_outcomes", source)
    _keys(entries, where)
    covered: list[str] = []
    for index, entry in enumerate(entries):
        require_label(entry, "label", f"{where}[{index}]")
        covered.extend(require_list(entry, "groups", f"{where}[{index}]"))
    if sorted(covered) != sorted(groups):
        raise fault(
            where,
            "ต้องครอบคลุมทุกกลุ่มผลลัพธ์ กลุ่มละครั้งเดียว",
            f"must cover every outcome group exactly once, got {covered}",
        )


def _check_quadrants(data: dict[str, Any], source: str) -> None:
    """The four quadrants, each one (integration, standardization) pair of levels."""
    where = f"{source}: quadrants"
    entries = require_list(data, "quadrants", source)
    _keys(entries, where)
    pairs = []
    for index, entry in enumerate(entries):
        require_label(entry, "label", f"{where}[{index}]")
        for axis in ("integration", "standardization"):
            if entry.get(axis) not in LEVELS:
                raise fault(
                    f"{where}[{index}]",
                    f"{axis} ต้องเป็นหนึ่งใน {', '.join(LEVELS)}",
                    f"{axis} must be one of {', '.join(LEVELS)}, got {entry.get(axis)!r}",
                )
        pairs.append((entry["integration"], entry["standardization"]))
    if sorted(pairs) != sorted((i, s) for i in LEVELS for s in LEVELS):
        raise fault(
            where,
            "ต้องมีทุกคู่ระดับ คู่ละหนึ่งช่อง",
            "must hold every pair of levels, one quadrant each",
        )


def _check_kpi_statuses(data: dict[str, Any], source: str) -> None:
    """Display statuses with words and colours; result statuses among them."""
    where = f"{source}: kpi_display_statuses"
    entries = require_list(data, "kpi_display_statuses", source)
    keys = _keys(entries, where)
    for index, entry in enumerate(entries):
        at = f"{where}[{index}] ({entry['key']})"
        require_label(entry, "label", at)
        cell = entry.get("cell")
        colours = [
            *(cell if isinstance(cell, list) and len(cell) == 2 else [None]),
            entry.get("chart"),
        ]
        if not all(isinstance(c, str) and _COLOUR.match(c) for c in colours):
            raise fault(
                at,
                "cell ต้องเป็น [พื้น, ตัวอักษร] และ chart เป็นสี #rrggbb",
                "cell must be [background, text] and chart a #rrggbb colour",
            )
        if entry.get("badge") not in BADGE_NAMES:
            raise fault(
                at,
                f"badge ต้องเป็นหนึ่งใน {', '.join(BADGE_NAMES)}",
                f"badge must be one of {', '.join(BADGE_NAMES)}, got {entry.get('badge')!r}",
            )
    result = data.get("kpi_result_statuses")
    require_object(result, f"{source}: kpi_result_statuses")
    listed = require_list(result, "statuses", f"{source}: kpi_result_statuses")
    if len(set(listed)) != len(listed) or not set(listed) <= set(keys):
        raise fault(
            f"{source}: kpi_result_statuses",
            "ต้องเป็นสถานะแสดงผลที่ไม่ซ้ำกัน",
            f"must be distinct display statuses, got {listed}",
        )


VOCABULARY = load_lifecycle()
_STATUS_ENTRIES = {entry["key"]: entry for entry in VOCABULARY["statuses"]}


def _status(key: str) -> str:
    """A status named in code below, checked against the file."""
    if key not in _STATUS_ENTRIES:
        raise LifecycleError(f"ไม่มีสถานะ {key}", f"no status {key} in {LIFECYCLE_FILE.name}")
    return key


# ---------------------------------------------------------------- the lifecycle

STATUSES: tuple[str, ...] = tuple(_STATUS_ENTRIES)  # in lifecycle order
IDENTIFIED = _status("identified")
REQUESTED = _status("requested")
UNDER_REVIEW = _status("under_review")
APPROVED = _status("approved")
REJECTED = _status("rejected")
MOU_SIGNED = _status("mou_signed")
DEVELOPING = _status("developing")
TESTING = _status("testing")
LINKED = _status("linked")
IN_USE = _status("in_use")
CANCELLED = _status("cancelled")
EXPIRED = _status("expired")

OUTCOME_GROUPS: tuple[str, ...] = tuple(g["key"] for g in VOCABULARY["outcome_groups"])
OUTCOME_OF: dict[str, str] = {key: entry["outcome"] for key, entry in _STATUS_ENTRIES.items()}


def statuses_in(*groups: str) -> tuple[str, ...]:
    """The statuses of the given outcome groups, in lifecycle order."""
    unknown = [g for g in groups if g not in OUTCOME_GROUPS]
    if unknown:
        raise ValueError(f"unknown outcome groups {unknown}")
    return tuple(s for s in STATUSES if OUTCOME_OF[s] in groups)


OPEN_STATUSES = statuses_in("open")
LIVE_STATUSES = statuses_in("live")
ENDED_STATUSES = statuses_in("ended")  # cancelled and expired


def status_set(name: str) -> tuple[str, ...]:
    """A named status set of the file (``open_request``, ``answered`` …), in lifecycle order."""
    return tuple(VOCABULARY["status_sets"][name]["statuses"])


OPEN_REQUEST_STATUSES = status_set("open_request")
ANSWERED_STATUSES = status_set("answered")
APPROVED_OR_LATER_STATUSES = status_set("approved_or_later")
# KPI 6.4 and the exit reasons: cancelled or expired by status (issue 13) ...
KPI_ENDED_STATUSES = status_set("kpi_6_4_ended")
# ... or still live with an agreement that lapsed before the day judged (ended_by_expiry).
_EXPIRY = VOCABULARY["ended_by_expiry"]
EXPIRY_COLUMN: str = _EXPIRY["expiry_column"]
LAPSED_WHILE_STATUSES = statuses_in(*_EXPIRY["while_outcomes"])
EXPIRY_EXIT_REASON: str = _EXPIRY["exit_reason"]
MOU_NOT_FOLLOWED_STATUSES = status_set("mou_not_followed")

# The register date that says when a linkage reached a status (absent: only the history knows).
STAGE_DATE_COLUMNS: dict[str, str] = {
    key: entry["date_column"] for key, entry in _STATUS_ENTRIES.items() if entry["date_column"]
}
# Days a linkage may stay in a stage before it counts as stuck (product decision, editable).
STUCK_LIMITS: dict[str, int] = {
    key: entry["stuck_after_days"]
    for key, entry in _STATUS_ENTRIES.items()
    if entry["stuck_after_days"] is not None
}
# Statuses a linkage rests in for good (never "stuck"): those without a stuck limit.
FINAL_STATUSES: tuple[str, ...] = tuple(s for s in STATUSES if s not in STUCK_LIMITS)


def sql_list(statuses: tuple[str, ...] | list[str]) -> str:
    """Statuses as an SQL list body: ``'linked', 'in_use'`` (keys are checked plain words)."""
    for status in statuses:
        _status(status)
    return ", ".join(f"'{status}'" for status in statuses)


# ---------------------------------------------------------------- ended (KPI 6.4)

# A live linkage whose agreement expired before the day given as its one `?` parameter:
# ended by the manual's rule, yet the register still says live (a finding to act on).
LAPSED_SQL = (
    f"(status IN ({sql_list(LAPSED_WHILE_STATUSES)}) AND {EXPIRY_COLUMN} < CAST(? AS DATE))"
)
# Ended as the register records it (no parameter): cancelled or expired, or a cancellation
# date. Ended as of the day given as ENDED_SQL's one `?`: that, or lapsed while live.
ENDED_ON_RECORD_SQL = f"(status IN ({sql_list(KPI_ENDED_STATUSES)}) OR cancelled_on IS NOT NULL)"
ENDED_SQL = f"({ENDED_ON_RECORD_SQL} OR {LAPSED_SQL})"


def end_date_sql(fallback: str) -> str:
    """When an ended linkage ended: its cancellation date, else (not cancelled) its expiry.

    `fallback` is the SQL date used when neither is filled (the reference date).
    """
    return (
        f"coalesce(cancelled_on, CASE WHEN status <> '{CANCELLED}' THEN {EXPIRY_COLUMN} END, "
        f"{fallback})"
    )


# The exit reason an ended linkage counts under: its own, else (ended by its agreement's
# expiry, not cancelled) the reason that covers a contract's end; NULL otherwise.
EXIT_REASON_SQL = (
    f"coalesce(cancel_reason, CASE WHEN status <> '{CANCELLED}' AND cancelled_on IS NULL "
    f"THEN '{EXPIRY_EXIT_REASON}' END)"
)

# ---------------------------------------------------------------- comparison buckets

COMPARISON_OUTCOMES: dict[str, Text] = {
    entry["key"]: dict(entry["label"]) for entry in VOCABULARY["comparison_outcomes"]
}
COMPARISON_OUTCOME_STATUSES: dict[str, tuple[str, ...]] = {
    entry["key"]: statuses_in(*entry["groups"]) for entry in VOCABULARY["comparison_outcomes"]
}

# ---------------------------------------------------------------- operation-model quadrants

QUADRANTS: dict[str, Text] = {
    entry["key"]: dict(entry["label"]) for entry in VOCABULARY["quadrants"]
}
QUADRANT_LEVELS: dict[str, tuple[str, str]] = {
    entry["key"]: (entry["integration"], entry["standardization"])
    for entry in VOCABULARY["quadrants"]
}
QUADRANT_SQL = (
    "CASE\n"
    + "".join(
        f"    WHEN integration_level = '{integration}' AND standardization_level = "
        f"'{standardization}' THEN '{key}'\n"
        for key, (integration, standardization) in QUADRANT_LEVELS.items()
    )
    + "END"
)

# ---------------------------------------------------------------- KPI statuses

# A KPI result's status, in the order of the report's kpi_summary.
KPI_RESULT_STATUSES: tuple[str, ...] = tuple(VOCABULARY["kpi_result_statuses"]["statuses"])
# Display statuses, most urgent first (the order legends and counts use), with their words.
KPI_DISPLAY_STATUSES: dict[str, Text] = {
    entry["key"]: dict(entry["label"]) for entry in VOCABULARY["kpi_display_statuses"]
}
# Cell background and text; the status word is always shown too.
KPI_CELL_COLOURS: dict[str, tuple[str, str]] = {
    entry["key"]: tuple(entry["cell"]) for entry in VOCABULARY["kpi_display_statuses"]
}
KPI_CHART_COLOURS: dict[str, str] = {
    entry["key"]: entry["chart"] for entry in VOCABULARY["kpi_display_statuses"]
}
KPI_BADGE_COLOURS: dict[str, str] = {
    entry["key"]: entry["badge"] for entry in VOCABULARY["kpi_display_statuses"]
}
