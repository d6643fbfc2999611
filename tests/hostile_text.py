"""Hostile text for tests: payloads put into every text column of every kind and every URL filter.

Each payload would, if rendered instead of shown as written, make a link, an image (a request
to another host), HTML, LaTeX, an emoji or a Streamlit directive, or a very long label.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from loaders.importer import import_bytes
from loaders.spec import KINDS, TEXT
from loaders.store import open_store

EVIL_HOST = "evil.example"
PAYLOADS = (
    '<a href="https://evil.example/phish">ministry link</a>',
    "<b>bold</b><br><i>italic</i>",
    "[Session expired](https://evil.example/login)",
    "![x](https://evil.example/p.png)",
    '<img src="https://evil.example/i.png" onerror="alert(1)">',
    "javascript:alert(1)",
    "[js](javascript:alert(1))",
    "$\\frac{1}{2}$ costs $5",
    ":x: :red[alarm] :material/warning:",
    "https://evil.example/bare www.evil.example",
    "&lt;b&gt;entity&amp;",
    "long " + "ยาวมาก " * 400,
)
# The first characters of each payload: what a page shows when it shows the payload as written.
MARKERS = tuple(p[:12] for p in PAYLOADS)
FILE_NAME = "[report](https://evil.example/f) <b>.csv"
TODAY = "2025-03-01"


def text_columns(kind: str) -> list[str]:
    """The free-text columns of a kind (every one gets a payload)."""
    return [c.key for c in KINDS[kind].columns if c.type == TEXT]


def _csv(rows: list[dict[str, object]]) -> bytes:
    """Rows as CSV bytes (quotes, commas and line breaks inside values kept)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def register_rows() -> list[dict[str, object]]:
    """One linkage per payload, every text column holding it; live, in progress and cancelled."""
    rows = []
    for i, payload in enumerate(PAYLOADS):
        row: dict[str, object] = {key: payload for key in text_columns("register")}
        row["linkage_id"] = f"{payload[:40]} #{i}"
        row |= {
            "partner_type": "government",
            "direction": "outbound" if i % 2 else "inbound",
            "method": "rest",
            "classification": "public",
            "personal_data": "no",
            "status": ("in_use", "requested", "cancelled")[i % 3],
            "requested_on": "2024-10-01",
            "responded_on": "2024-11-01" if i % 3 != 1 else "",
            "linked_on": "2025-01-15" if i % 3 == 0 else "",
            "in_use_on": "2025-02-01" if i % 3 == 0 else "",
            "cancelled_on": "2025-02-01" if i % 3 == 2 else "",
            "cancel_reason": "breach" if i % 3 == 2 else "",
            "mou_expires_on": "2025-12-31",
        }
        rows.append(row)
    return rows


def survey_rows() -> list[dict[str, object]]:
    """One answer per payload, linked to that payload's linkage."""
    rows = []
    for i, payload in enumerate(PAYLOADS):
        row: dict[str, object] = {key: payload for key in text_columns("surveys")}
        row |= {
            "response_id": f"{payload[:40]} #{i}",
            "linkage_id": f"{payload[:40]} #{i}",
            "process": ("outbound", "inbound")[i % 2],
            "respondent_group": ("internal", "external")[i % 2],
            "answered_on": "2025-02-15",
            **{f"q{q}": 4 for q in range(1, 6)},
        }
        rows.append(row)
    return rows


def assessment_rows() -> list[dict[str, object]]:
    """One 7-criterion assessment per payload (the what-if page lists these partners)."""
    rows = []
    for i, payload in enumerate(PAYLOADS):
        row: dict[str, object] = {key: payload for key in text_columns("assessments")}
        row |= {
            "assessment_id": f"{payload[:40]} #{i}",
            "framework": "pwo7",
            "assessed_on": "2025-02-01",
            **{f"c{c}": 3 for c in range(1, 8)},
        }
        rows.append(row)
    return rows


def egov_rows() -> list[dict[str, object]]:
    """One e-Gov unit per payload, stages part done."""
    items = [c.key for c in KINDS["egov"].columns if c.type == "bool"]
    rows = []
    for i, payload in enumerate(PAYLOADS):
        row: dict[str, object] = {key: payload for key in text_columns("egov")}
        row["assessed_on"] = "2025-02-01"
        row |= {item: "yes" if (n + i) % 2 else "no" for n, item in enumerate(items)}
        rows.append(row)
    return rows


def build_hostile_store(path: Path) -> Path:
    """A store whose every text column of every kind holds the payloads (sample data removed)."""
    from loaders.sample import SAMPLE_STATE_KEY

    con = open_store(path)
    con.execute(
        "INSERT INTO settings VALUES (?, 'removed', current_timestamp::TIMESTAMP)",
        [SAMPLE_STATE_KEY],
    )
    for kind, rows in (
        ("register", register_rows()),
        ("surveys", survey_rows()),
        ("assessments", assessment_rows()),
        ("egov", egov_rows()),
    ):
        result = import_bytes(con, _csv(rows), FILE_NAME, kind, uploaded_by="<b>uploader</b>")
        summary = result.as_dict()
        assert summary["accepted"] == len(rows), f"{kind}: {summary['errors']}"
    con.close()
    return path
