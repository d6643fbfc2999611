"""Commands ``report``, ``target`` and ``milestone`` of ``python -m metrics``.

``add_commands`` declares them on the main parser's subparsers and ``HANDLERS`` maps each
to its function; each prints one JSON object and returns the exit code (0, or 2 when the
input or the database is refused). The UI calls the same ``metrics.targets`` functions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from metrics.fiscal import BE_OFFSET
from metrics.kpi_registry import MILESTONES, TARGET_IDS
from metrics.numbers import THAI_DIGITS

if TYPE_CHECKING:
    import duckdb

# duckdb, pandas and the loaders are imported inside the handlers, so that other commands
# (``score``) start as fast as before.
METHOD_CHOICES = ("mean", "top2")

EXIT_OK = 0
EXIT_REFUSED = 2


class CommandError(Exception):
    """A refused command line value, with its message in Thai and English."""

    def __init__(self, th: str, en: str) -> None:
        super().__init__(f"{th} / {en}")
        self.th = th
        self.en = en


def fiscal_year_arg(text: str) -> int:
    """A fiscal year from the command line: BE (2568), Thai digits, or CE (2025 → 2568)."""
    cleaned = text.translate(THAI_DIGITS).strip()
    if not cleaned.isdigit():
        raise argparse.ArgumentTypeError(f"not a year: {text!r} (use a BE year such as 2568)")
    year = int(cleaned)
    if 1900 <= year < 2400:
        year += BE_OFFSET
    if not 2400 <= year <= 2700:
        raise argparse.ArgumentTypeError(f"not a plausible fiscal year: {text!r}")
    return year


def date_arg(text: str) -> dt.date:
    """A date from the command line: ISO, BE or Thai forms (15 ส.ค. 2567, 15/08/2567, ...)."""
    from loaders.normalize import parse_date

    try:
        day = parse_date(text)
    except Exception as error:  # the loaders' CellError carries a bilingual message
        raise argparse.ArgumentTypeError(str(error)) from None
    if day is None:
        raise argparse.ArgumentTypeError("empty date")
    return day


def _add_db(command: argparse.ArgumentParser) -> None:
    """The --db option every command shares."""
    command.add_argument(
        "--db", help="DuckDB file (default: $LINKAGE_DB, else data/linkage.duckdb)"
    )


def add_commands(commands: Any) -> None:
    """Declare ``report``, ``target {set,clear,list}`` and ``milestone {set,clear,list}``."""
    report = commands.add_parser(
        "report",
        help="every KPI, satisfaction and e-Gov figure as one JSON object",
        description="Print the report of TEMPLATES.md §5 as one JSON object.",
    )
    _add_db(report)
    report.add_argument("--fy", type=fiscal_year_arg, help="fiscal year (BE), e.g. 2568")
    report.add_argument("--today", type=date_arg, help="judge deadlines as of this day")
    report.add_argument("--method", choices=METHOD_CHOICES, default="mean")

    target = commands.add_parser("target", help="per-fiscal-year KPI targets")
    actions = target.add_subparsers(dest="action", required=True, metavar="ACTION")
    set_ = actions.add_parser("set", help="set one KPI's target for a fiscal year")
    set_.add_argument("--fy", type=fiscal_year_arg, required=True)
    set_.add_argument("--kpi", required=True, help=f"one of {', '.join(TARGET_IDS)}")
    set_.add_argument("--value", required=True, help="count or percent")
    set_.add_argument("--note")
    clear = actions.add_parser("clear", help="remove a target (back to the default)")
    clear.add_argument("--fy", type=fiscal_year_arg, required=True)
    clear.add_argument("--kpi", required=True)
    listing = actions.add_parser("list", help="list stored targets")
    listing.add_argument("--fy", type=fiscal_year_arg)
    for command in (set_, clear, listing):
        _add_db(command)

    milestone = commands.add_parser("milestone", help="dated milestones of process 6.1")
    actions = milestone.add_subparsers(dest="action", required=True, metavar="ACTION")
    set_ = actions.add_parser("set", help="record the day a milestone was done")
    set_.add_argument("--fy", type=fiscal_year_arg, help="default: the fiscal year of --done-on")
    set_.add_argument("--id", required=True, dest="milestone_id", help=", ".join(MILESTONES))
    set_.add_argument("--done-on", required=True, type=date_arg)
    set_.add_argument("--linkage", help="for cancellation_reported: the cancelled linkage")
    set_.add_argument("--note")
    clear = actions.add_parser("clear", help="remove a recorded milestone")
    clear.add_argument("--fy", type=fiscal_year_arg, required=True)
    clear.add_argument("--id", required=True, dest="milestone_id")
    clear.add_argument("--linkage")
    listing = actions.add_parser("list", help="list recorded milestones")
    listing.add_argument("--fy", type=fiscal_year_arg)
    for command in (set_, clear, listing):
        _add_db(command)


@contextmanager
def _store(args: argparse.Namespace) -> Iterator[duckdb.DuckDBPyConnection]:
    """The store named by --db (or LINKAGE_DB, or the default), closed afterwards."""
    from loaders.store import default_db_path, open_store

    con = open_store(args.db or default_db_path())
    try:
        yield con
    finally:
        con.close()


def _print(payload: Any) -> None:
    """One JSON object on one line, Thai readable, dates as ISO text."""
    print(json.dumps(payload, ensure_ascii=False, default=_json_default))


def _json_default(value: Any) -> Any:
    """Dates, timestamps and numpy scalars for json.dumps."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return str(value)


def _refuse(th: str, en: str) -> int:
    """Report a refusal on stderr and as ``{"error": ...}`` on stdout; exit 2."""
    print(f"{th} / {en}", file=sys.stderr)
    _print({"error": f"{th} / {en}", "error_th": th, "error_en": en})
    return EXIT_REFUSED


def _guarded(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Turn refused inputs and unusable databases into exit code 2 with a clear message."""

    def handler(args: argparse.Namespace) -> int:
        from loaders.store import StoreError
        from metrics.targets import TargetError

        try:
            return run(args)
        except StoreError as error:
            return _refuse(error.th, error.en)
        except (TargetError, CommandError) as error:
            return _refuse(error.th, error.en)

    handler.__doc__ = run.__doc__
    return handler


def run_report(args: argparse.Namespace) -> int:
    """Print the report JSON."""
    from metrics.report import build_report

    with _store(args) as con:
        _print(build_report(con, fiscal_year=args.fy, today=args.today, method=args.method))
    return EXIT_OK


def run_target(args: argparse.Namespace) -> int:
    """Set, clear or list per-fiscal-year targets."""
    from metrics.targets import clear_target, list_targets, set_target

    with _store(args) as con:
        if args.action == "set":
            text = str(args.value).translate(THAI_DIGITS).replace(",", "").strip()
            try:
                value = float(text)
            except ValueError:
                raise CommandError(
                    f"เป้าหมายต้องเป็นตัวเลข แต่ได้ {args.value!r}",
                    f"the target must be a number, got {args.value!r}",
                ) from None
            _print(
                set_target(con, fiscal_year=args.fy, kpi_id=args.kpi, target=value, note=args.note)
            )
        elif args.action == "clear":
            removed = clear_target(con, fiscal_year=args.fy, kpi_id=args.kpi)
            _print({"fiscal_year": args.fy, "kpi_id": args.kpi, "removed": removed})
        else:
            frame = list_targets(con, fiscal_year=args.fy)
            frame = frame.astype(object).where(frame.notna(), None)
            _print({"targets": frame.to_dict("records")})
    return EXIT_OK


def run_milestone(args: argparse.Namespace) -> int:
    """Set, clear or list milestones."""
    from metrics.targets import clear_milestone, list_milestones, set_milestone

    with _store(args) as con:
        if args.action == "set":
            _print(
                set_milestone(
                    con,
                    milestone_id=args.milestone_id,
                    done_on=args.done_on,
                    fiscal_year=args.fy,
                    linkage_id=args.linkage,
                    note=args.note,
                )
            )
        elif args.action == "clear":
            removed = clear_milestone(
                con, fiscal_year=args.fy, milestone_id=args.milestone_id, linkage_id=args.linkage
            )
            _print({"fiscal_year": args.fy, "milestone_id": args.milestone_id, "removed": removed})
        else:
            frame = list_milestones(con, fiscal_year=args.fy)
            frame = frame.astype(object).where(frame.notna(), None)
            _print({"milestones": frame.to_dict("records")})
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "report": _guarded(run_report),
    "target": _guarded(run_target),
    "milestone": _guarded(run_milestone),
}
