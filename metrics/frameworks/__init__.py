"""Partner-assessment frameworks kept as JSON files in this folder, loaded and checked.

An agency adds its own framework by dropping a ``<id>.json`` file here; no code changes.
A file the engine cannot score correctly is refused with a FrameworkError that names
the field or criterion at fault.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from metrics.errors import BilingualError
from metrics.numbers import exact

FRAMEWORK_FOLDER = Path(__file__).parent
KINDS = ("scored", "weighted_yes_no")
MAX_CRITERIA = 14  # the assessments template has columns c1 … c14
FULL_MARKS = 100
_ID_PATTERN = re.compile(r"^[a-z0-9_]+$")


class FrameworkError(BilingualError):
    """A framework file or dict the engine refuses, naming the field at fault."""


def load_framework(id_or_path: str | Path) -> dict[str, Any]:
    """Load and check a framework by id (``pwo7``) or by the path of a JSON file."""
    if isinstance(id_or_path, Path) or str(id_or_path).endswith(".json") or "/" in str(id_or_path):
        return _read_framework_file(Path(id_or_path))
    framework_id = str(id_or_path).strip()
    path = FRAMEWORK_FOLDER / f"{framework_id}.json"
    if not _ID_PATTERN.match(framework_id) or not path.is_file():
        available = ", ".join(p.stem for p in sorted(FRAMEWORK_FOLDER.glob("*.json")))
        raise FrameworkError(
            f"ไม่พบแบบประเมิน '{framework_id}' (ที่มี: {available})",
            f"no framework named '{framework_id}' (available: {available})",
        )
    framework = _read_framework_file(path)
    if framework["id"] != framework_id:
        raise _error(
            path.name,
            f"id ต้องตรงกับชื่อไฟล์ '{framework_id}' แต่เป็น '{framework['id']}'",
            f"id must match the file name '{framework_id}', got '{framework['id']}'",
        )
    return framework


def list_frameworks(folder: Path | None = None) -> list[dict[str, Any]]:
    """Load every ``*.json`` framework in the folder, sorted by file name."""
    folder = FRAMEWORK_FOLDER if folder is None else folder
    frameworks = []
    for path in sorted(folder.glob("*.json")):
        framework = _read_framework_file(path)
        if framework["id"] != path.stem:
            raise _error(
                path.name,
                f"id ต้องตรงกับชื่อไฟล์ '{path.stem}' แต่เป็น '{framework['id']}'",
                f"id must match the file name '{path.stem}', got '{framework['id']}'",
            )
        frameworks.append(framework)
    return frameworks


def validate_framework(framework: Any, source: str = "framework") -> dict[str, Any]:
    """Check a framework dict and return it, or raise FrameworkError naming the fault."""
    if not isinstance(framework, dict):
        raise _error(source, "ต้องเป็นออบเจกต์ JSON หนึ่งชุด", "must be one JSON object")
    _check_text(framework, "id", source)
    if not _ID_PATTERN.match(framework["id"]):
        raise _error(
            source,
            f"id '{framework['id']}' ใช้ได้เฉพาะ a-z 0-9 และ _",
            f"id '{framework['id']}' may hold only a-z, 0-9 and _",
        )
    _check_label(framework, "name", source)
    kind = framework.get("kind")
    if kind not in KINDS:
        raise _error(
            source,
            f"kind ต้องเป็นหนึ่งใน {', '.join(KINDS)} แต่เป็น {kind!r}",
            f"kind must be one of {', '.join(KINDS)}, got {kind!r}",
        )
    group_keys = _check_groups(framework, source)
    _check_criteria(framework, group_keys, source)
    if kind == "scored":
        _check_scored(framework, source)
    else:
        _check_weighted_yes_no(framework, source)
    return framework


def _read_framework_file(path: Path) -> dict[str, Any]:
    """Read one framework file and check it."""
    if not path.is_file():
        raise _error(path.name, "ไม่พบไฟล์", "file not found")
    try:
        framework = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as error:
        raise _error(
            path.name,
            f"JSON ไม่ถูกต้องที่บรรทัด {error.lineno} คอลัมน์ {error.colno}: {error.msg}",
            f"invalid JSON at line {error.lineno} column {error.colno}: {error.msg}",
        ) from error
    return validate_framework(framework, source=path.name)


def _check_groups(framework: dict[str, Any], source: str) -> list[str]:
    """Check the criterion groups and return their keys in order."""
    groups = framework.get("groups")
    if not isinstance(groups, list) or not groups:
        raise _error(source, "groups ต้องเป็นรายการที่ไม่ว่าง", "groups must be a non-empty list")
    keys: list[str] = []
    for index, group in enumerate(groups):
        where = f"{source}: groups[{index}]"
        if not isinstance(group, dict):
            raise _error(where, "ต้องเป็นออบเจกต์", "must be an object")
        _check_text(group, "key", where)
        if group["key"] in keys:
            raise _error(
                where, f"key '{group['key']}' ซ้ำ", f"duplicate group key '{group['key']}'"
            )
        _check_label(group, "label", f"{where} ({group['key']})")
        keys.append(group["key"])
    return keys


def _check_criteria(framework: dict[str, Any], group_keys: list[str], source: str) -> None:
    """Check the criteria: keys c1…cN in order, unique codes, known groups, labels."""
    criteria = framework.get("criteria")
    if not isinstance(criteria, list) or not criteria:
        raise _error(
            source, "criteria ต้องเป็นรายการที่ไม่ว่าง", "criteria must be a non-empty list"
        )
    if len(criteria) > MAX_CRITERIA:
        raise _error(
            source,
            f"มีเกณฑ์ได้ไม่เกิน {MAX_CRITERIA} ข้อ (คอลัมน์ c1…c{MAX_CRITERIA}) แต่มี {len(criteria)}",
            f"at most {MAX_CRITERIA} criteria (template columns c1…c{MAX_CRITERIA}), "
            f"got {len(criteria)}",
        )
    seen_keys: dict[str, int] = {}
    seen_codes: dict[str, int] = {}
    for index, criterion in enumerate(criteria):
        where = f"{source}: criteria[{index}]"
        if not isinstance(criterion, dict):
            raise _error(where, "ต้องเป็นออบเจกต์", "must be an object")
        _check_text(criterion, "key", where)
        key = criterion["key"]
        if key in seen_keys:
            raise _error(
                where,
                f"key '{key}' ซ้ำกับ criteria[{seen_keys[key]}]",
                f"duplicate criterion key '{key}' (also criteria[{seen_keys[key]}])",
            )
        if key != f"c{index + 1}":
            raise _error(
                where,
                f"key ต้องเป็น 'c{index + 1}' (เกณฑ์เรียง c1…cN) แต่เป็น '{key}'",
                f"key must be 'c{index + 1}' (criteria are keyed c1…cN in order), got '{key}'",
            )
        seen_keys[key] = index
        where = f"{where} ({key})"
        _check_text(criterion, "code", where)
        code = criterion["code"]
        if code in seen_codes:
            raise _error(
                where,
                f"code '{code}' ซ้ำกับ criteria[{seen_codes[code]}]",
                f"duplicate code '{code}' (also criteria[{seen_codes[code]}])",
            )
        seen_codes[code] = index
        if criterion.get("group") not in group_keys:
            raise _error(
                where,
                f"group {criterion.get('group')!r} ไม่อยู่ใน groups ({', '.join(group_keys)})",
                f"group {criterion.get('group')!r} is not one of the groups "
                f"({', '.join(group_keys)})",
            )
        _check_label(criterion, "label", where)
        if "levels" in criterion:
            _check_levels(criterion, where)
    for group_key in group_keys:
        if not any(c["group"] == group_key for c in criteria):
            raise _error(
                source,
                f"กลุ่ม '{group_key}' ไม่มีเกณฑ์ใดเลย",
                f"group '{group_key}' has no criteria",
            )


def _check_levels(criterion: dict[str, Any], where: str) -> None:
    """Check the optional per-answer wording of a criterion ({"0": label, "1": label})."""
    levels = criterion["levels"]
    if not isinstance(levels, dict) or not levels:
        raise _error(where, "levels ต้องเป็นออบเจกต์", "levels must be an object")
    for level in levels:
        _check_label(levels, level, f"{where}: levels")


def _check_scored(framework: dict[str, Any], source: str) -> None:
    """Check a framework whose criteria take a score on a scale and whose result is a band."""
    scale = framework.get("scale")
    if not isinstance(scale, dict):
        raise _error(
            source,
            "แบบ scored ต้องมี scale {min, max}",
            "a scored framework needs scale {min, max}",
        )
    for bound in ("min", "max"):
        value = scale.get(bound)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise _error(
                f"{source}: scale",
                f"{bound} ต้องเป็นจำนวนเต็มไม่ติดลบ แต่เป็น {value!r}",
                f"{bound} must be a whole number, 0 or more, got {value!r}",
            )
    if scale["min"] >= scale["max"]:
        raise _error(
            f"{source}: scale",
            f"min ({scale['min']}) ต้องน้อยกว่า max ({scale['max']})",
            f"min ({scale['min']}) must be below max ({scale['max']})",
        )
    for index, criterion in enumerate(framework["criteria"]):
        if "weight" in criterion:
            raise _error(
                f"{source}: criteria[{index}] ({criterion['key']})",
                "weight ใช้กับแบบ weighted_yes_no เท่านั้น",
                "weight belongs only to a weighted_yes_no framework",
            )
    if "pass_mark" in framework:
        raise _error(
            source,
            "pass_mark ใช้กับแบบ weighted_yes_no เท่านั้น แบบ scored ใช้ bands",
            "pass_mark belongs only to a weighted_yes_no framework; a scored one uses bands",
        )
    _check_bands(framework, source)


def _check_bands(framework: dict[str, Any], source: str) -> None:
    """Check that the bands cover 0–100 without gap or overlap, in rising order."""
    bands = framework.get("bands")
    if not isinstance(bands, list) or not bands:
        raise _error(
            source,
            "แบบ scored ต้องมี bands เป็นรายการที่ไม่ว่าง",
            "a scored framework needs bands, a non-empty list",
        )
    keys: list[str] = []
    for index, band in enumerate(bands):
        where = f"{source}: bands[{index}]"
        if not isinstance(band, dict):
            raise _error(where, "ต้องเป็นออบเจกต์", "must be an object")
        _check_text(band, "key", where)
        if band["key"] in keys:
            raise _error(where, f"key '{band['key']}' ซ้ำ", f"duplicate band key '{band['key']}'")
        keys.append(band["key"])
        where = f"{where} ({band['key']})"
        _check_label(band, "label", where)
        for bound in ("min", "max"):
            _check_number(band, bound, where)
        if exact(band["min"]) >= exact(band["max"]):
            raise _error(
                where,
                f"min ({band['min']}) ต้องน้อยกว่า max ({band['max']})",
                f"min ({band['min']}) must be below max ({band['max']})",
            )
    if exact(bands[0]["min"]) != 0:
        raise _error(
            f"{source}: bands[0] ({bands[0]['key']})",
            f"ช่วงแรกต้องเริ่มที่ 0 แต่เริ่มที่ {bands[0]['min']}",
            f"the first band must start at 0, got {bands[0]['min']}",
        )
    if exact(bands[-1]["max"]) != FULL_MARKS:
        raise _error(
            f"{source}: bands[{len(bands) - 1}] ({bands[-1]['key']})",
            f"ช่วงสุดท้ายต้องจบที่ 100 แต่จบที่ {bands[-1]['max']}",
            f"the last band must end at 100, got {bands[-1]['max']}",
        )
    for lower, upper in zip(bands, bands[1:], strict=False):
        ends, starts = exact(lower["max"]), exact(upper["min"])
        if ends < starts:
            raise _error(
                f"{source}: bands",
                f"ช่วงขาดระหว่าง '{lower['key']}' (จบที่ {lower['max']}) "
                f"และ '{upper['key']}' (เริ่มที่ {upper['min']})",
                f"gap between '{lower['key']}' (ends at {lower['max']}) "
                f"and '{upper['key']}' (starts at {upper['min']})",
            )
        if ends > starts:
            raise _error(
                f"{source}: bands",
                f"ช่วงซ้อนกันระหว่าง '{lower['key']}' (จบที่ {lower['max']}) "
                f"และ '{upper['key']}' (เริ่มที่ {upper['min']})",
                f"overlap between '{lower['key']}' (ends at {lower['max']}) "
                f"and '{upper['key']}' (starts at {upper['min']})",
            )


def _check_weighted_yes_no(framework: dict[str, Any], source: str) -> None:
    """Check a framework of yes/no criteria whose weights sum to 100, with a pass mark."""
    total = 0
    for index, criterion in enumerate(framework["criteria"]):
        where = f"{source}: criteria[{index}] ({criterion['key']})"
        _check_number(criterion, "weight", where)
        if exact(criterion["weight"]) <= 0:
            raise _error(
                where,
                f"weight ต้องมากกว่า 0 แต่เป็น {criterion['weight']}",
                f"weight must be above 0, got {criterion['weight']}",
            )
        total += exact(criterion["weight"])
    if total != FULL_MARKS:
        raise _error(
            f"{source}: criteria",
            f"น้ำหนักรวมต้องเท่ากับ 100 แต่รวมได้ {float(total):g}",
            f"weights must sum to 100, they sum to {float(total):g}",
        )
    _check_number(framework, "pass_mark", source)
    if not 0 < exact(framework["pass_mark"]) <= FULL_MARKS:
        raise _error(
            source,
            f"pass_mark ต้องมากกว่า 0 และไม่เกิน 100 แต่เป็น {framework['pass_mark']}",
            f"pass_mark must be above 0 and at most 100, got {framework['pass_mark']}",
        )
    if "bands" in framework or "scale" in framework:
        raise _error(
            source,
            "bands และ scale ใช้กับแบบ scored เท่านั้น",
            "bands and scale belong only to a scored framework",
        )


def _check_text(holder: Mapping[str, Any], field: str, where: str) -> None:
    """Require a non-empty text field."""
    value = holder.get(field)
    if not isinstance(value, str) or not value.strip():
        raise _error(
            where,
            f"{field} ต้องเป็นข้อความที่ไม่ว่าง" if field in holder else f"ไม่มี {field}",
            f"{field} must be non-empty text" if field in holder else f"{field} is missing",
        )


def _check_label(holder: Mapping[str, Any], field: str, where: str) -> None:
    """Require a {"th": ..., "en": ...} label with both languages filled in."""
    label = holder.get(field)
    if not isinstance(label, dict):
        raise _error(
            where,
            f"{field} ต้องเป็น {{\"th\": ..., \"en\": ...}}" if field in holder else f"ไม่มี {field}",
            f'{field} must be {{"th": ..., "en": ...}}'
            if field in holder
            else f"{field} is missing",
        )
    for language in ("th", "en"):
        _check_text(label, language, f"{where}: {field}")


def _check_number(holder: Mapping[str, Any], field: str, where: str) -> None:
    """Require a finite JSON number (not a boolean, not text)."""
    value = holder.get(field)
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or (isinstance(value, float) and not math.isfinite(value))
    ):
        raise _error(
            where,
            f"{field} ต้องเป็นตัวเลข แต่เป็น {value!r}" if field in holder else f"ไม่มี {field}",
            f"{field} must be a number, got {value!r}" if field in holder else f"{field} is missing",
        )


def _error(where: str, th: str, en: str) -> FrameworkError:
    """Build a FrameworkError that starts with where the fault is."""
    return FrameworkError(f"{where}: {th}", f"{where}: {en}")
