"""What every export shares: its file name (agency, content, data date) and its audit entry."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import duckdb

from auth import audit

AGENCY_SETTING = "agency_name"  # settings key; LINKAGE_AGENCY overrides it
EXPORT_ACTION = "export"  # the audit action of every export
_UNSAFE = re.compile(r"[^\w\u0e00-\u0e7f\-.]+")  # Thai marks are not \w


def agency_name(con: duckdb.DuckDBPyConnection) -> str | None:
    """The agency's name for file names: $LINKAGE_AGENCY, else the settings, else none."""
    if name := os.environ.get("LINKAGE_AGENCY", "").strip():
        return name
    row = (
        con.cursor()
        .execute("SELECT value FROM settings WHERE key = ?", [AGENCY_SETTING])
        .fetchone()
    )
    return row[0].strip() if row and row[0] and row[0].strip() else None


def export_name(content: str, data_date: dt.date, extension: str, agency: str | None = None) -> str:
    """``<agency>_<content>_<YYYY-MM-DD>.<ext>`` with only letters, digits, ``-``, ``_``, ``.``.

    Without an agency the name starts with the content (``briefing_2568_2026-12-02.pptx``).
    """
    parts = [agency, content, data_date.isoformat()]
    stem = "_".join(_UNSAFE.sub("-", p).strip("-._") for p in parts if p)
    return f"{stem[:120]}.{extension.lstrip('.')}"


def write_private(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only (0600), replacing any file of that name."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    os.chmod(path, 0o600)


def record_export(
    con: duckdb.DuckDBPyConnection, actor: str, role: str, content: str, detail: dict[str, Any]
) -> None:
    """One audit entry: who exported which content, to which file, with which filters."""
    audit.record(con, actor, role, EXPORT_ACTION, {"content": content, **detail})


def filters_detail(filters: Any) -> dict[str, Any]:
    """The filters in force as JSON-ready data for the audit trail (unset ones left out)."""
    values = {name: getattr(filters, name) for name in filters.__dataclass_fields__}
    return {
        k: list(v) if isinstance(v, tuple) else v for k, v in values.items() if v not in (None, ())
    }
