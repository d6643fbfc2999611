"""e-Government online-service stages (KU-INOVA, after the UN survey): completion and score.

The stages, their weights and sub-items come from ``egov_stages.json``; a revised scheme
needs a new file, not new code. Every function takes the definition as an argument
(default: that file), so each is a function of its arguments only.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from fractions import Fraction
from functools import lru_cache
from pathlib import Path
from typing import Any

from metrics.checks import (
    DefinitionError,
    fault,
    refused_as,
    require_label,
    require_list,
    require_number,
    require_object,
    require_text,
)
from metrics.errors import BilingualError
from metrics.numbers import exact, round_half_up

DEFINITION_FILE = Path(__file__).with_name("egov_stages.json")
FULL_MARKS = 100

UnitRow = Mapping[str, Any]  # sub-item key -> True/False/None, plus "unit" and other columns
StageCompletion = Mapping[str, Any]  # stage key ("I" … "IV") -> percent 0–100


class EgovError(BilingualError):
    """Unit answers or stage figures the e-Gov scoring cannot take."""


class EgovStagesError(DefinitionError):
    """A stage definition file the engine refuses, naming the field at fault."""


def load_stage_definition(path: Path | None = None) -> dict[str, Any]:
    """Load and check a stage definition file (default: ``metrics/egov_stages.json``)."""
    path = DEFINITION_FILE if path is None else path
    with refused_as(EgovStagesError):
        try:
            definition = json.loads(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise fault(path.name, "ไม่พบไฟล์", "file not found") from None
        except json.JSONDecodeError as error:
            raise fault(
                path.name,
                f"JSON ไม่ถูกต้องที่บรรทัด {error.lineno}: {error.msg}",
                f"invalid JSON at line {error.lineno}: {error.msg}",
            ) from None
    return validate_stage_definition(definition, source=path.name)


def validate_stage_definition(definition: Any, source: str = "egov_stages.json") -> dict[str, Any]:
    """Check a stage definition (unique keys, labels, weights summing to 100) and return it."""
    with refused_as(EgovStagesError):
        require_object(definition, source)
        stage_keys: list[str] = []
        item_keys: set[str] = set()
        total_weight = Fraction(0)
        for index, stage in enumerate(require_list(definition, "stages", source)):
            where = f"{source}: stages[{index}]"
            require_object(stage, where)
            key = require_text(stage, "key", where)
            if key in stage_keys:
                raise fault(where, f"key '{key}' ซ้ำ", f"duplicate stage key '{key}'")
            stage_keys.append(key)
            where = f"{where} ({key})"
            require_label(stage, "name", where)
            require_number(stage, "weight", where)
            if stage["weight"] <= 0:
                raise fault(
                    where,
                    f"weight ต้องมากกว่า 0 แต่เป็น {stage['weight']}",
                    f"weight must be above 0, got {stage['weight']}",
                )
            total_weight += exact(stage["weight"])
            for item_index, item in enumerate(require_list(stage, "items", where)):
                item_where = f"{where}: items[{item_index}]"
                require_object(item, item_where)
                item_key = require_text(item, "key", item_where)
                if item_key in item_keys:
                    raise fault(
                        item_where, f"key '{item_key}' ซ้ำ", f"duplicate sub-item key '{item_key}'"
                    )
                item_keys.add(item_key)
                require_label(item, "label", f"{item_where} ({item_key})")
        if total_weight != FULL_MARKS:
            raise fault(
                f"{source}: stages",
                f"น้ำหนักรวมต้องเท่ากับ 100 แต่รวมได้ {float(total_weight):g}",
                f"stage weights must sum to 100, they sum to {float(total_weight):g}",
            )
        for index, row in enumerate(definition.get("reference_rows", [])):
            where = f"{source}: reference_rows[{index}]"
            require_object(row, where)
            require_label(row, "source", where)
            require_object(row.get("stages"), f"{where}: stages")
            for key in stage_keys:
                require_number(row["stages"], key, f"{where}: stages")
    return definition


def unit_stage_completion(
    unit_row: UnitRow, *, definition: Mapping[str, Any] | None = None
) -> dict[str, float]:
    """Percent of each stage's sub-items one unit provides; blank or missing counts as not."""
    return {key: float(value) for key, value in _unit_exact(unit_row, definition).items()}


def group_completion(
    units: Sequence[UnitRow], *, definition: Mapping[str, Any] | None = None
) -> dict[str, float]:
    """Each stage's completion averaged over a group of units (unrounded percent)."""
    return {
        key: float(value)
        for key, value in group_completion_exact(units, definition=definition).items()
    }


def group_completion_exact(
    units: Sequence[UnitRow], *, definition: Mapping[str, Any] | None = None
) -> dict[str, Fraction]:
    """Each stage's completion averaged over a group, as exact fractions (score these).

    A float mean such as 72.9166… can round a score like 49.125 down to 49.12; scoring the
    exact means keeps the half-up rounding right.
    """
    if not units:
        raise EgovError("ไม่มีหน่วยงานให้หาค่าเฉลี่ย", "no units to average")
    completions = [_unit_exact(unit, definition) for unit in units]
    return {
        stage["key"]: sum(c[stage["key"]] for c in completions) / len(units)
        for stage in _stages(definition)
    }


def egov_score(stages: StageCompletion, *, definition: Mapping[str, Any] | None = None) -> float:
    """Weighted e-Gov score: Σ weight × stage completion ÷ 100, rounded to 2 decimals."""
    return round_half_up(_score_exact(stages, definition))


def reference_rows(*, definition: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """The published benchmark rows (UN 2012, KU-INOVA 2013) with their score recomputed."""
    rows = []
    for row in _definition(definition).get("reference_rows", []):
        benchmark = copy.deepcopy(row)
        benchmark["score"] = egov_score(row["stages"], definition=definition)
        rows.append(benchmark)
    return rows


def what_if(
    stages: StageCompletion,
    overrides: StageCompletion,
    *,
    definition: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Score a scenario where some stages reach other completions.

    Returns ``{"stages": {stage: percent}, "baseline": score, "score": score, "gain": points}``.
    """
    known = [stage["key"] for stage in _stages(definition)]
    unknown = [key for key in overrides if key not in known]
    if unknown:
        raise EgovError(
            f"ไม่รู้จักระดับ {', '.join(map(str, unknown))} (มี {', '.join(known)})",
            f"unknown stage {', '.join(map(str, unknown))} (stages: {', '.join(known)})",
        )
    scenario = {key: overrides.get(key, stages.get(key)) for key in known}
    baseline = _score_exact(stages, definition)
    changed = _score_exact(scenario, definition)
    return {
        "stages": {key: float(exact(value)) for key, value in scenario.items()},
        "baseline": round_half_up(baseline),
        "score": round_half_up(changed),
        "gain": round_half_up(changed - baseline),
    }


def missing_items_ranked(
    units: Sequence[UnitRow], unit_name: str, *, definition: Mapping[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Sub-items one unit lacks, each with the points it would add to the group score.

    A sub-item is worth weight × its share of the stage ÷ number of units in the group.
    Returns ``[{"stage", "stage_name", "key", "label", "points"}]``, most points first.
    """
    matches = [unit for unit in units if str(unit.get("unit", "")).strip() == unit_name.strip()]
    if len(matches) != 1:
        raise EgovError(
            f"หน่วยงาน '{unit_name}' ปรากฏ {len(matches)} ครั้งในกลุ่ม (ต้องมี 1 แถว)",
            f"unit '{unit_name}' appears {len(matches)} times in the group (one row needed)",
        )
    unit_row = matches[0]
    missing = []
    for stage in _stages(definition):
        share = Fraction(1, len(stage["items"]))
        points = exact(stage["weight"]) * share / len(units)
        for item in stage["items"]:
            if not _is_provided(unit_row.get(item["key"])):
                missing.append((points, stage, item))
    missing.sort(key=lambda entry: -entry[0])  # stable: ties keep the stage and item order
    return [
        {
            "stage": stage["key"],
            "stage_name": copy.deepcopy(stage["name"]),
            "key": item["key"],
            "label": copy.deepcopy(item["label"]),
            "points": round_half_up(points),
        }
        for points, stage, item in missing
    ]


def _unit_exact(unit_row: UnitRow, definition: Mapping[str, Any] | None) -> dict[str, Fraction]:
    """Exact percent of each stage's sub-items provided by one unit."""
    return {
        stage["key"]: Fraction(
            100 * sum(_is_provided(unit_row.get(item["key"])) for item in stage["items"]),
            len(stage["items"]),
        )
        for stage in _stages(definition)
    }


def _score_exact(stages: StageCompletion, definition: Mapping[str, Any] | None) -> Fraction:
    """Exact weighted score, refusing a missing stage or a completion outside 0–100."""
    total = Fraction(0)
    for stage in _stages(definition):
        value = stages.get(stage["key"])
        if (
            not isinstance(value, int | float | Fraction)
            or isinstance(value, bool)
            or value != value
            or not 0 <= value <= FULL_MARKS
        ):
            raise EgovError(
                f"ระดับ {stage['key']} ต้องมีค่าร้อยละ 0–100 แต่ได้ {value!r}",
                f"stage {stage['key']} needs a percent from 0 to 100, got {value!r}",
            )
        total += exact(stage["weight"]) * exact(value) / FULL_MARKS
    return total


def _is_provided(answer: Any) -> bool:
    """True only for a yes; None, NaN and pandas.NA count as not provided."""
    if answer is None:
        return False
    if isinstance(answer, str):  # "no" would read as true: the loader must give booleans
        raise EgovError(
            f"คำตอบต้องเป็นจริง/เท็จ ไม่ใช่ข้อความ {answer!r}",
            f"an answer must be true/false, not the text {answer!r}",
        )
    try:
        return bool(answer) and bool(answer == answer)
    except TypeError:  # pandas.NA refuses bool()
        return False


def _stages(definition: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """The stage list of the given definition, or of the default file."""
    return _definition(definition)["stages"]


def _definition(definition: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """The given definition, or the default file's (read once)."""
    return _default_definition() if definition is None else definition


@lru_cache(maxsize=1)
def _default_definition() -> dict[str, Any]:
    """The shipped stage definition; internal and never handed out unless copied."""
    return load_stage_definition()
