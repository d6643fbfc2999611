"""Field checks shared by the data files the engines read (frameworks, e-Gov stages)."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from metrics.errors import BilingualError


class DefinitionError(BilingualError):
    """A definition file the engine refuses; the message starts with where the fault is."""


def fault(where: str, th: str, en: str) -> DefinitionError:
    """Build a DefinitionError that starts with where the fault is."""
    return DefinitionError(f"{where}: {th}", f"{where}: {en}")


def read_json(path: Path) -> Any:
    """A definition file's JSON; invalid JSON is a fault naming the file and the line."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as error:
        raise fault(
            Path(path).name,
            f"JSON ไม่ถูกต้องที่บรรทัด {error.lineno}: {error.msg}",
            f"invalid JSON at line {error.lineno}: {error.msg}",
        ) from error


@contextmanager
def refused_as(error_class: type[DefinitionError]) -> Iterator[None]:
    """Re-raise any DefinitionError inside the block as the caller's own error class."""
    try:
        yield
    except DefinitionError as error:
        if isinstance(error, error_class):
            raise
        raise error_class(error.th, error.en) from None


def require_object(value: Any, where: str) -> None:
    """Require a JSON object."""
    if not isinstance(value, dict):
        raise fault(where, "ต้องเป็นออบเจกต์ JSON", "must be a JSON object")


def require_list(holder: Mapping[str, Any], field: str, where: str) -> list[Any]:
    """Require a non-empty list field and return it."""
    value = holder.get(field)
    if not isinstance(value, list) or not value:
        raise fault(
            where,
            f"{field} ต้องเป็นรายการที่ไม่ว่าง" if field in holder else f"ไม่มี {field}",
            f"{field} must be a non-empty list" if field in holder else f"{field} is missing",
        )
    return value


def require_text(holder: Mapping[str, Any], field: str, where: str) -> str:
    """Require a non-empty text field and return it."""
    value = holder.get(field)
    if not isinstance(value, str) or not value.strip():
        raise fault(
            where,
            f"{field} ต้องเป็นข้อความที่ไม่ว่าง" if field in holder else f"ไม่มี {field}",
            f"{field} must be non-empty text" if field in holder else f"{field} is missing",
        )
    return value


def require_label(holder: Mapping[str, Any], field: str, where: str) -> None:
    """Require a {"th": ..., "en": ...} label with both languages filled in."""
    label = holder.get(field)
    if not isinstance(label, dict):
        raise fault(
            where,
            f'{field} ต้องเป็น {{"th": ..., "en": ...}}' if field in holder else f"ไม่มี {field}",
            f'{field} must be {{"th": ..., "en": ...}}'
            if field in holder
            else f"{field} is missing",
        )
    for language in ("th", "en"):
        require_text(label, language, f"{where}: {field}")


def require_number(holder: Mapping[str, Any], field: str, where: str) -> None:
    """Require a finite JSON number (not a boolean, not text)."""
    value = holder.get(field)
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or (isinstance(value, float) and not math.isfinite(value))
    ):
        raise fault(
            where,
            f"{field} ต้องเป็นตัวเลข แต่เป็น {value!r}" if field in holder else f"ไม่มี {field}",
            f"{field} must be a number, got {value!r}"
            if field in holder
            else f"{field} is missing",
        )
