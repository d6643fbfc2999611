"""The DGA guidance per operation-model quadrant (seed 004, 2.2 and 2.3.1), kept as data."""

from __future__ import annotations

import copy
import json

import pytest

from metrics.lifecycle import QUADRANTS
from metrics.operation_model import (
    GUIDANCE_FILE,
    GuidanceError,
    guidance_table,
    quadrant_guidance,
    validate_guidance,
)


def test_every_quadrant_has_its_meaning_and_practices_in_both_languages():
    for lang in ("th", "en"):
        table = guidance_table(lang)
        assert [row["quadrant"] for row in table] == list(QUADRANTS)
        for row in table:
            assert row["name"] == QUADRANTS[row["quadrant"]][lang]
            assert row["meaning"] and row["source"] and len(row["practices"]) >= 3
    coordination = quadrant_guidance("coordination", "th")
    assert "One Stop Service" in coordination["meaning"]
    assert "2.3.1.2" in coordination["source"]
    assert "Shared Transaction Data" in quadrant_guidance("unification", "th")["meaning"]
    assert quadrant_guidance("replication", "en")["practices"][0].startswith("The same service")


def test_a_file_missing_a_quadrant_or_a_language_is_refused():
    data = json.loads(GUIDANCE_FILE.read_text(encoding="utf-8"))
    short = copy.deepcopy(data)
    short["quadrants"].pop()
    with pytest.raises(GuidanceError, match="every quadrant"):
        validate_guidance(short)
    no_english = copy.deepcopy(data)
    del no_english["quadrants"][0]["meaning"]["en"]
    with pytest.raises(GuidanceError, match=r"quadrants\[0\]: meaning"):
        validate_guidance(no_english)
