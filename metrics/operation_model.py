"""The DGA guidance for each service operation-model quadrant, read from ``quadrant_guidance.json``.

Seed 004 (DGA architecture, 2.2 and 2.3.1) says, per quadrant, what it means and how such
services are run. The file holds that in Thai (as the document words it) and English; it is
checked on load against the quadrants of ``lifecycle.json`` (every quadrant once, no other),
and a file the code cannot use is refused with a GuidanceError naming the field at fault.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
from metrics.lifecycle import QUADRANTS, Text

GUIDANCE_FILE = Path(__file__).with_name("quadrant_guidance.json")


class GuidanceError(DefinitionError):
    """A guidance file the code refuses, naming the field at fault."""


def validate_guidance(data: Any, source: str = "quadrant_guidance") -> dict[str, Any]:
    """Check a guidance dict: one entry per quadrant, each with source, meaning and practices."""
    with refused_as(GuidanceError):
        require_object(data, source)
        entries = require_list(data, "quadrants", source)
        keys = []
        for index, entry in enumerate(entries):
            where = f"{source}: quadrants[{index}]"
            require_object(entry, where)
            keys.append(require_text(entry, "key", where))
            require_label(entry, "source", where)
            require_label(entry, "meaning", where)
            for number, practice in enumerate(require_list(entry, "practices", where)):
                require_object(practice, f"{where}: practices[{number}]")
                for language in ("th", "en"):
                    require_text(practice, language, f"{where}: practices[{number}]")
        if sorted(keys) != sorted(QUADRANTS):
            raise fault(
                f"{source}: quadrants",
                f"ต้องมีทุกรูปแบบ ({', '.join(QUADRANTS)}) รูปแบบละหนึ่งรายการ",
                f"must hold every quadrant ({', '.join(QUADRANTS)}) once, got {', '.join(keys)}",
            )
    return data


def load_guidance(path: Path = GUIDANCE_FILE) -> dict[str, Any]:
    """Read and check a guidance file."""
    with refused_as(GuidanceError):
        data = read_json(path)
        return validate_guidance(data, source=path.name)


_GUIDANCE = {entry["key"]: entry for entry in load_guidance()["quadrants"]}


def quadrant_guidance(key: str, lang: str = "th") -> dict[str, Any]:
    """One quadrant's guidance in a language: name, source, meaning and practices (list)."""
    entry = _GUIDANCE[key]
    pick: dict[str, Text] = {"name": QUADRANTS[key], **{k: entry[k] for k in ("source", "meaning")}}
    return {k: v.get(lang, v["en"]) for k, v in pick.items()} | {
        "practices": [p.get(lang, p["en"]) for p in entry["practices"]]
    }


def guidance_table(lang: str = "th") -> list[dict[str, Any]]:
    """Every quadrant's guidance in the quadrants' order."""
    return [{"quadrant": key, **quadrant_guidance(key, lang)} for key in QUADRANTS]
