"""Commands ``briefing`` and ``publish`` of ``python -m metrics``: files that leave the dashboard.

Each writes its file(s) owner-readable only, records an ``export`` entry in the audit trail
(the login name, role ``cli``) and prints one JSON object. ``--out`` of ``briefing`` is a
``.pptx`` or ``.pdf`` file, or a folder (the file is then named agency_content_date).
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from metrics.report_cli import (
    EXIT_OK,
    METHOD_CHOICES,
    CommandError,
    _add_db,
    _guarded,
    _print,
    _store,
    date_arg,
    fiscal_year_arg,
)

CLI_ROLE = "cli"
FORMATS = ("pptx", "pdf")


def add_commands(commands: Any) -> None:
    """Declare ``briefing`` and ``publish``."""
    briefing = commands.add_parser("briefing", help="the executive briefing as PPTX or PDF")
    _add_db(briefing)
    briefing.add_argument(
        "--fy", type=fiscal_year_arg, help="fiscal year (BE); default as the scorecard"
    )
    briefing.add_argument("--lang", choices=("th", "en"), default="th")
    briefing.add_argument("--today", type=date_arg, help="judge deadlines as of this day")
    briefing.add_argument("--method", choices=METHOD_CHOICES, default="mean")
    briefing.add_argument("--out", required=True, help="FILE.pptx, FILE.pdf, or a folder")
    briefing.add_argument("--format", choices=FORMATS, help="with a folder --out (default pptx)")
    publish = commands.add_parser("publish", help="the public register: CSV, xlsx, DCAT JSON")
    _add_db(publish)
    publish.add_argument("--out", required=True, help="folder to write linkages_public.* into")
    publish.add_argument("--today", type=date_arg, help="the data date written in the metadata")


def _actor() -> str:
    """The login name recorded in the audit trail."""
    try:
        return getpass.getuser()
    except Exception:  # no login name (a container without a passwd entry)
        return "unknown"


def _target(out: str, fmt: str | None, name: Callable[[str], str]) -> tuple[Path, str]:
    """The file to write and its format, from --out (and --format for a folder)."""
    path = Path(out)
    if path.is_dir():
        chosen = fmt or "pptx"
        return path / name(chosen), chosen
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise CommandError(
            f"--out ต้องลงท้ายด้วย .pptx หรือ .pdf หรือเป็นโฟลเดอร์ แต่ได้ {out!r}",
            f"--out must end in .pptx or .pdf, or be a folder; got {out!r}",
        )
    return path, suffix


def run_briefing(args: argparse.Namespace) -> int:
    """Build the briefing and write it; print where, how long it took and what it covers."""
    from metrics.briefing import build_briefing
    from metrics.briefing_pdf import briefing_pdf
    from metrics.briefing_pptx import briefing_pptx
    from metrics.exports import agency_name, export_name, record_export, write_private
    from metrics.register import default_fiscal_year

    started = time.perf_counter()
    today = args.today or dt.date.today()
    with _store(args) as con:
        fy, _ = default_fiscal_year(con, chosen=args.fy, today=today)
        agency = agency_name(con)
        path, fmt = _target(
            args.out, args.format, lambda ext: export_name(f"briefing_{fy}", today, ext, agency)
        )
        briefing = build_briefing(
            con, fiscal_year=fy, today=today, method=args.method, lang=args.lang
        )
        data = briefing_pptx(briefing) if fmt == "pptx" else briefing_pdf(briefing)
        write_private(path, data)
        detail = {"file": path.name, "format": fmt, "fiscal_year": fy, "lang": args.lang,
                  "method": args.method, "filters": {"fiscal_year": fy}}  # fmt: skip
        record_export(con, _actor(), CLI_ROLE, "briefing", detail)
    _print({**detail, "path": str(path), "bytes": len(data), "slides": len(briefing.slides) + 1,
            "sample": briefing.sample, "seconds": round(time.perf_counter() - started, 2)})  # fmt: skip
    return EXIT_OK


def run_publish(args: argparse.Namespace) -> int:
    """Write the public register's three files; print them and what the rule did."""
    from metrics.exports import agency_name, record_export, write_private
    from metrics.publish import FILE_STEM, load_rule, public_rows, publish_files

    today = args.today or dt.date.today()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with _store(args) as con:
        rule = load_rule()
        files = publish_files(con, agency=agency_name(con), today=today, rule=rule)
        for name, data in files.items():
            write_private(out / name, data)
        published = public_rows(con, rule)
        counts = {k: published[k] for k in ("open", "restricted", "counted")}
        detail = {"files": sorted(files), "data_date": today.isoformat(), **counts}
        record_export(con, _actor(), CLI_ROLE, "public_register", detail)
    _print({**detail, "folder": str(out), "stem": FILE_STEM})
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "briefing": _guarded(run_briefing),
    "publish": _guarded(run_publish),
}
