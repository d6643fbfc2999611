"""One vocabulary for the linkage lifecycle (issue 12, step 1): metrics/lifecycle.json.

The statuses, their outcome groups, the named status sets, the quadrants and the KPI statuses
are declared once; a lifecycle status spelled as a quoted literal anywhere else in metrics/,
ui/ or pages/ fails here, unless the allow-list below names it with the reason it must stay.
"""

from __future__ import annotations

import copy
import io
import json
import re
import tokenize
from collections import Counter

import pytest

from loaders.spec import STATUSES as SPEC_STATUSES
from metrics import lifecycle
from metrics.lifecycle import LifecycleError, validate_lifecycle
from tests.conftest import ROOT

SCANNED = ("metrics", "ui", "pages")
VOCABULARY_MODULE = ROOT / "metrics" / "lifecycle.py"

# (file, word): (times, why it must stay). The same word with another meaning.
ALLOWED: dict[tuple[str, str], tuple[int, str]] = {
    ("metrics/pipeline.py", "expired"): (
        4,
        "MOU expiry band key and mou_expiry_summary field (published in the report JSON)",
    ),
    ("pages/operations.py", "expired"): (3, "MOU expiry summary field"),
    ("ui/theme.py", "expired"): (1, "MOU expiry band key: the colour of an expired MOU's row"),
    ("pages/operations.py", "rejected"): (2, "uploads table column: rows an upload refused"),
    ("pages/import.py", "rejected"): (1, "upload outcome field: rows an upload refused"),
}


def _quoted_statuses() -> Counter:
    """(file, status) -> how often the status is spelled as a quoted literal in code."""
    words = "|".join(map(re.escape, SPEC_STATUSES))
    pattern = re.compile(r"""(['"])(""" + words + r""")\1""")
    found: Counter = Counter()
    for folder in SCANNED:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == VOCABULARY_MODULE:
                continue
            source = path.read_text(encoding="utf-8")
            for token in tokenize.generate_tokens(io.StringIO(source).readline):
                if token.type == tokenize.STRING:
                    for match in pattern.finditer(token.string):
                        found[(path.relative_to(ROOT).as_posix(), match.group(2))] += 1
    return found


def test_no_status_is_spelled_outside_the_vocabulary():
    found = _quoted_statuses()
    unexpected = {k: n for k, n in found.items() if n != ALLOWED.get(k, (0, ""))[0]}
    stale = {k: v for k, v in ALLOWED.items() if found.get(k, 0) != v[0]}
    assert not unexpected, (
        f"status spelled outside metrics/lifecycle.py (import it from there): {unexpected}"
    )
    assert not stale, f"allow-list out of date: {stale}"


def test_the_statuses_are_the_published_ones_in_order():
    assert lifecycle.STATUSES == tuple(SPEC_STATUSES)
    assert set(lifecycle.OUTCOME_OF.values()) == set(lifecycle.OUTCOME_GROUPS)
    assert lifecycle.ENDED_STATUSES == (lifecycle.CANCELLED, lifecycle.EXPIRED)
    assert lifecycle.LIVE_STATUSES == (lifecycle.LINKED, lifecycle.IN_USE)


def test_kpi_6_4_counts_the_whole_ended_group():
    """Issue 13: 6.4 covers cancellation or end of agreement, so both ended statuses, and a
    live linkage whose agreement lapsed (the ended_by_expiry entry of the file)."""
    assert lifecycle.KPI_ENDED_STATUSES == lifecycle.ENDED_STATUSES
    assert lifecycle.LAPSED_WHILE_STATUSES == lifecycle.LIVE_STATUSES
    assert lifecycle.EXPIRY_COLUMN == "mou_expires_on"


@pytest.mark.parametrize(
    ("field", "value"),
    [("expiry_column", "notes"), ("while_outcomes", ["gone"]), ("exit_reason", "tired")],
)
def test_a_wrong_ended_by_expiry_entry_is_refused(field, value):
    data = copy.deepcopy(lifecycle.VOCABULARY)
    data["ended_by_expiry"][field] = value
    with pytest.raises(LifecycleError, match=field):
        validate_lifecycle(data)


def test_one_thai_word_for_met():
    """Every satisfaction table says "met" in the KPI vocabulary's word (ui/tables.py)."""
    import pandas as pd

    from ui import tables

    scores = pd.DataFrame(
        {"process": ["inbound"], "respondent_group": ["all"], "score": [85.0], "target": [80.0],
         "responses": [40], "margin_of_error": [3.0], "status": ["met"]}
    )  # fmt: skip
    verdicts = tables.satisfaction_table(scores).iloc[:, 6]
    assert list(verdicts) == [lifecycle.KPI_DISPLAY_STATUSES["met"]["th"]]


def test_comparison_buckets_cover_every_status_once():
    listed = [s for statuses in lifecycle.COMPARISON_OUTCOME_STATUSES.values() for s in statuses]
    assert sorted(listed) == sorted(lifecycle.STATUSES)


def _file() -> dict:
    return json.loads(lifecycle.LIFECYCLE_FILE.read_text(encoding="utf-8"))


def _without_first_status(data):
    del data["statuses"][0]


def _renamed_status(data):
    data["statuses"][1]["key"] = "request_made"


def _unknown_group(data):
    data["statuses"][0]["outcome"] = "paused"


def _bad_date_column(data):
    data["statuses"][1]["date_column"] = "partner_name"


def _bad_stuck_days(data):
    data["statuses"][0]["stuck_after_days"] = 0


def _unknown_set_member(data):
    data["status_sets"]["open_request"]["statuses"].append("waiting")


def _set_out_of_order(data):
    data["status_sets"]["open_request"]["statuses"].reverse()


def _missing_set(data):
    del data["status_sets"]["answered"]


def _group_not_bucketed(data):
    data["comparison_outcomes"][2]["groups"] = ["ended"]


def _quadrant_twice(data):
    data["quadrants"][1]["standardization"] = "high"


def _bad_colour(data):
    data["kpi_display_statuses"][0]["chart"] = "red"


def _bad_badge(data):
    data["kpi_display_statuses"][0]["badge"] = "pink"


def _unknown_result_status(data):
    data["kpi_result_statuses"]["statuses"].append("excellent")


def _missing_label(data):
    del data["kpi_display_statuses"][3]["label"]["th"]


@pytest.mark.parametrize(
    "spoil",
    [
        _without_first_status,
        _renamed_status,
        _unknown_group,
        _bad_date_column,
        _bad_stuck_days,
        _unknown_set_member,
        _set_out_of_order,
        _missing_set,
        _group_not_bucketed,
        _quadrant_twice,
        _bad_colour,
        _bad_badge,
        _unknown_result_status,
        _missing_label,
    ],
)
def test_a_spoiled_file_is_refused_naming_the_field(spoil):
    data = copy.deepcopy(_file())
    validate_lifecycle(copy.deepcopy(data))  # the shipped file is accepted
    spoil(data)
    with pytest.raises(LifecycleError, match="lifecycle"):
        validate_lifecycle(data)
