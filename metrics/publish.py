"""The public register: the agency's live and ended linkages as it may publish them.

The redaction rule is data (``publish_rule.json``, shown to the admin before export): rows
of an open classification show every published column; other rows (and rows with personal
data) show only the partner, the purpose class, the dates and the state — or, when the rule
says ``count``, are left out and counted. Columns the rule lists under ``never`` are never
read, and no column outside ``columns`` leaves. ``publish`` writes ``linkages_public.csv``,
``.xlsx`` and ``.json`` (DCAT-style metadata a CKAN portal can take as a dataset).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from loaders.export import to_csv, to_xlsx
from loaders.sample import sample_loaded
from metrics.briefing_text import say
from metrics.exports import write_private
from metrics.lifecycle import CANCELLED, LIVE_STATUSES

RULE_FILE = Path(__file__).with_name("publish_rule.json")
FILE_STEM = "linkages_public"
# What the rule may do with a row it does not show in full (restricted.treatment).
TREATMENTS = ("limited", "count")
# Register columns the published ones are made from; a column the store lacks stays empty.
SOURCES = {
    "partner_name": "partner_name",
    "partner_type": "partner_type",
    "purpose": "purpose",
    "purpose_class": "purpose_class",
    "dataset": "dataset",
    "direction": "direction",
    "method": "method",
    "frequency": "frequency",
    "legal_basis_class": "legal_basis",  # the PDPA s. 24 basis (contract v2), a class key
}


def load_rule(path: Path = RULE_FILE) -> dict[str, Any]:
    """The redaction rule (see the module docstring)."""
    rule = json.loads(Path(path).read_text(encoding="utf-8"))
    if rule["restricted"]["treatment"] not in TREATMENTS:
        raise ValueError("restricted.treatment must be 'limited' or 'count'")
    return rule


def _stored_columns(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The linkages table's columns."""
    return {row[0] for row in con.cursor().execute("DESCRIBE linkages").fetchall()}


def _source_rows(con: duckdb.DuckDBPyConnection, rule: dict[str, Any]) -> pd.DataFrame:
    """The linkages in a published status, with only the columns the rule may read."""
    stored = _stored_columns(con)
    wanted = {k: v for k, v in SOURCES.items() if v in stored and v not in rule["never"]}
    select = [f'"{column}" AS "{key}"' for key, column in wanted.items()]
    statuses = list(rule["statuses"])
    sql = f"""
        SELECT {", ".join(select)}, classification AS _class, personal_data AS _personal,
               status AS _status, linked_on AS start_date,
               CASE WHEN status = ? THEN cancelled_on ELSE mou_expires_on END AS end_date
        FROM linkages WHERE status IN ({", ".join("?" for _ in statuses)})
        ORDER BY partner_name, dataset, linked_on
    """
    frame = con.cursor().execute(sql, [CANCELLED, *statuses]).df()
    for key in SOURCES:
        if key not in frame:
            frame[key] = None
    return frame


def public_rows(
    con: duckdb.DuckDBPyConnection, rule: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The published table and what the rule did: ``{"rows", "open", "restricted", "counted"}``."""
    rule = rule or load_rule()
    frame = _source_rows(con, rule)
    is_open = frame["_class"].isin(rule["open_classes"])
    if rule["restrict_personal_data"]:
        is_open &= ~frame["_personal"].fillna(False).astype(bool)
    frame["state"] = frame["_status"].map(lambda s: "live" if s in LIVE_STATUSES else "ended")
    frame["detail"] = is_open.map({True: "full", False: "limited"})
    columns = [c["key"] for c in rule["columns"]]
    hidden = [c for c in columns if c not in rule["restricted"]["shown"] and c != "detail"]
    frame = frame.astype(object)
    frame.loc[~is_open, hidden] = None
    counted = 0
    if rule["restricted"]["treatment"] == "count":
        counted = int((~is_open).sum())
        frame = frame[is_open]
    for column in ("start_date", "end_date"):
        frame[column] = frame[column].map(
            lambda d: None if d is None or pd.isna(d) else pd.Timestamp(d).date().isoformat()
        )
    return {
        "rows": frame[columns]
        .reset_index(drop=True)
        .where(frame[columns].notna().reset_index(drop=True), None),
        "open": int(is_open.sum()),
        "restricted": int((~is_open).sum()) - counted,
        "counted": counted,
    }


def rule_lines(rule: dict[str, Any], lang: str) -> list[str]:
    """The rule in words, for the admin to read before exporting."""
    shown = ", ".join(_column_name(rule, k, lang) for k in rule["restricted"]["shown"])
    every = ", ".join(c[lang] for c in rule["columns"])
    lines = [
        say("pub_rule_statuses", lang, statuses=", ".join(rule["statuses"])),
        say("pub_rule_open", lang, classes=", ".join(rule["open_classes"]), columns=every),
        say(f"pub_rule_{rule['restricted']['treatment']}", lang, columns=shown),
    ]
    if rule["restrict_personal_data"]:
        lines.append(say("pub_rule_personal", lang))
    lines.append(say("pub_rule_never", lang, columns=", ".join(rule["never"])))
    return lines


def _column_name(rule: dict[str, Any], key: str, lang: str) -> str:
    """A published column's name in `lang`."""
    return next((c[lang] for c in rule["columns"] if c["key"] == key), key)


def metadata(
    published: dict[str, Any],
    rule: dict[str, Any],
    *,
    agency: str | None,
    today: dt.date,
    sample: bool,
    sizes: dict[str, int],
) -> dict[str, Any]:
    """DCAT-style dataset metadata in Thai and English (``publish_schema.json``)."""
    rows: pd.DataFrame = published["rows"]
    dates = [d for column in ("start_date", "end_date") for d in rows[column] if isinstance(d, str)]
    publisher = agency or say("pub_publisher_unnamed", "th")
    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/"},
        "@type": "dcat:Dataset",
        "identifier": FILE_STEM,
        "title": {lang: say("pub_title", lang) for lang in ("th", "en")},
        "description": {
            lang: say("pub_description", lang) + (" " + say("sample", lang) if sample else "")
            for lang in ("th", "en")
        },
        "publisher": {
            "name": {"th": publisher, "en": agency or say("pub_publisher_unnamed", "en")}
        },
        "license": rule["license"],
        "temporal": {"start": min(dates) if dates else None, "end": max(dates) if dates else None},
        "issued": today.isoformat(),
        "modified": today.isoformat(),
        "language": ["th", "en"],
        "keyword": {"th": ["การเชื่อมโยงข้อมูล", "ทะเบียน"], "en": ["data linkage", "register"]},
        "distribution": [
            {"title": f"{FILE_STEM}.{ext}", "mediaType": media, "byteSize": sizes[ext]}
            for ext, media in MEDIA_TYPES.items()
        ],
        "dataDictionary": [
            {"name": c["key"], "title": {"th": c["th"], "en": c["en"]}} for c in rule["columns"]
        ],
        "redaction": {
            "rule": {
                k: rule[k]
                for k in (
                    "statuses",
                    "open_classes",
                    "restrict_personal_data",
                    "restricted",
                    "never",
                )
            },
            "rows_full": published["open"],
            "rows_limited": published["restricted"],
            "rows_counted_not_listed": published["counted"],
        },
        "sample_data": sample,
    }


MEDIA_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def publish_files(
    con: duckdb.DuckDBPyConnection,
    *,
    agency: str | None,
    today: dt.date,
    rule: dict[str, Any] | None = None,
) -> dict[str, bytes]:
    """The three files' bytes by name: the CSV, the workbook and the metadata JSON."""
    rule = rule or load_rule()
    published = public_rows(con, rule)
    files = {
        f"{FILE_STEM}.csv": to_csv(published["rows"]),
        f"{FILE_STEM}.xlsx": to_xlsx({FILE_STEM: published["rows"]}),
    }
    sizes = {ext: len(files[f"{FILE_STEM}.{ext}"]) for ext in MEDIA_TYPES}
    meta = metadata(
        published, rule, agency=agency, today=today, sample=sample_loaded(con), sizes=sizes
    )
    files[f"{FILE_STEM}.json"] = json.dumps(meta, ensure_ascii=False, indent=2).encode("utf-8")
    return files


def publish(
    con: duckdb.DuckDBPyConnection, out_dir: Path, *, agency: str | None, today: dt.date
) -> list[Path]:
    """Write the three files into `out_dir` (created if needed), owner-readable only."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in publish_files(con, agency=agency, today=today).items():
        write_private(out_dir / name, data)
        written.append(out_dir / name)
    return written


def publish_zip(files: dict[str, bytes]) -> bytes:
    """The three files in one zip (the Administration page's download)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()
