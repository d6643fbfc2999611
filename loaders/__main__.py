"""Command line: `python -m loaders import FILE --kind ... [--db ...]`, `backup`, `restore BACKUP`,
`snapshot --agency CODE --name NAME --out DIR` (Parquet for a ministry's roll-up).

Importing into a store that still holds the sample data removes the sample in the same
transaction (after a backup of the database file); `--keep-sample` keeps it beside the real rows.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable
from pathlib import Path

import duckdb

from auth import audit
from loaders import backup as backups
from loaders.importer import check_file, commit, compare
from loaders.reader import FileRefused
from loaders.sample import sample_file_name, sample_workbooks
from loaders.snapshot import (
    SNAPSHOT_ACTION,
    SnapshotError,
    audit_detail,
    check_agency,
    check_name,
    write_snapshot,
)
from loaders.spec import KINDS
from loaders.store import StoreError, default_db_path, open_store

EXIT_OK = 0
SAMPLE_FOLDER = Path(__file__).resolve().parent.parent / "data" / "sample"
EXIT_REFUSED = 2


def _print(obj: dict[str, object]) -> None:
    """Print one JSON object (Thai kept readable)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")


def _refusal(kind: str | None, th: str, en: str, code: str) -> dict[str, object]:
    """The JSON of a file refused as a whole."""
    return {
        "kind": kind,
        "accepted": 0,
        "rejected": 0,
        "errors": [],
        "refused": True,
        "code": code,
        "message": f"{th} — {en}",
        "message_th": th,
        "message_en": en,
    }


def _say_waiting() -> Callable[[float], None]:
    """A callback telling the user, once, that the store is busy and we are waiting."""
    said = False

    def say(waited: float) -> None:
        nonlocal said
        if not said:
            sys.stderr.write(
                "ฐานข้อมูลกำลังถูกใช้งานโดยโปรแกรมอื่น กำลังรอ… / "
                "the database is in use by another process; waiting…\n"
            )
            said = True

    return say


def cmd_import(args: argparse.Namespace) -> int:
    """Import one file and print the outcome as JSON."""
    path = Path(args.file)
    if args.kind is not None:
        args.kind = args.kind.strip().lower()
    if args.kind is not None and args.kind not in KINDS:
        allowed = ", ".join(KINDS)
        _print(
            _refusal(
                args.kind,
                f"ไม่รู้จักชนิดไฟล์ {args.kind} ใช้ได้: {allowed}",
                f"unknown kind {args.kind}; expected one of {allowed}",
                "unknown_kind",
            )
        )
        return EXIT_REFUSED
    try:
        data = path.read_bytes()
    except OSError as exc:
        _print(_refusal(args.kind, f"เปิดไฟล์ไม่ได้: {exc}", f"cannot open the file: {exc}", "io"))
        return EXIT_REFUSED
    try:
        validated, sha = check_file(data, path.name, args.kind)
    except FileRefused as exc:
        _print(_refusal(args.kind, exc.th, exc.en, exc.code))
        return EXIT_REFUSED
    try:
        con = open_store(args.db or default_db_path(), wait=args.wait, on_wait=_say_waiting())
    except StoreError as exc:
        _print(_refusal(args.kind, exc.th, exc.en, "store"))
        return EXIT_REFUSED
    try:
        prev = compare(con, validated, path.name, sha)
        remove = prev.sample_loaded and not args.keep_sample
        result = commit(con, prev, uploaded_by=args.user, source="cli", remove_sample=remove)
    except (StoreError, duckdb.Error) as exc:
        # The upload's transaction was rolled back: nothing of this file is stored.
        th = getattr(exc, "th", f"บันทึกลงฐานข้อมูลไม่สำเร็จ ไม่มีข้อมูลใดถูกบันทึก: {exc}")
        en = getattr(exc, "en", f"could not write to the database; nothing was stored: {exc}")
        _print(_refusal(args.kind or validated.kind.key, th, en, "store"))
        return EXIT_REFUSED
    finally:
        con.close()
    if prev.sample_loaded:
        sys.stderr.write(_sample_note(result.sample_removed))
    _print(result.as_dict())
    return EXIT_OK


def _sample_note(removed: dict[str, int] | None) -> str:
    """The line telling the user the store held the sample data, and what became of it."""
    if removed is None:
        return (
            "ฐานข้อมูลมีข้อมูลตัวอย่างอยู่ และยังคงไว้ (--keep-sample) ข้อมูลที่นำเข้าไม่ถูกเทียบหรือรวมกับข้อมูลตัวอย่าง / "
            "the database holds the sample data, kept (--keep-sample); the imported rows were "
            "never matched with sample rows\n"
        )
    n = sum(removed.values())
    return (
        f"ฐานข้อมูลมีข้อมูลตัวอย่างอยู่ ลบข้อมูลตัวอย่าง {n} แถวพร้อมการนำเข้านี้แล้ว (สำรองไฟล์ฐานข้อมูลไว้ก่อน) / "
        f"the database held the sample data: removed its {n} rows in the same transaction "
        "(the database file was backed up first)\n"
    )


def _report(args: argparse.Namespace, obj: dict[str, object], text: str) -> None:
    """Print an outcome as one JSON object (--json) or as a clear bilingual line."""
    if args.json:
        _print(obj)
    else:
        sys.stdout.write(text + "\n")


def _store_refusal(args: argparse.Namespace, exc: StoreError) -> int:
    """Report a refused backup or restore and return its exit code."""
    obj = {"ok": False, "busy": exc.busy, "message_th": exc.th, "message_en": exc.en}
    if args.json:
        _print(obj)
    else:
        sys.stderr.write(f"{exc.th}\n{exc.en}\n")
    return EXIT_REFUSED


def cmd_backup(args: argparse.Namespace) -> int:
    """Back up the database now (or list its backups with --list)."""
    db = Path(args.db or default_db_path())
    if args.list:
        found = backups.list_backups(db)
        lines = [f"{b.modified:%Y-%m-%d %H:%M:%S}  {b.size:>12,}  {b.path}" for b in found]
        _report(
            args,
            {"ok": True, "database": str(db), "backups": [b.as_dict() for b in found]},
            "\n".join(lines) or f"ไม่มีไฟล์สำรองของ {db} / no backups of {db}",
        )
        return EXIT_OK
    try:
        made = backups.make_backup(db, args.label, wait=args.wait, actor=_current_user())
    except StoreError as exc:
        return _store_refusal(args, exc)
    _report(
        args,
        {"ok": True, "database": str(db), "backup": str(made.path), "size": made.size},
        f"สำรองฐานข้อมูลไว้ที่ {made.path} / backed up to {made.path}",
    )
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Replace the database by a backup (the current file is backed up first)."""
    db = Path(args.db or default_db_path())
    try:
        outcome = backups.restore(Path(args.backup), db, wait=args.wait, actor=_current_user())
    except StoreError as exc:
        return _store_refusal(args, exc)
    saved = outcome["previous_saved_as"]
    text = f"กู้คืน {db} จาก {args.backup} แล้ว / restored {db} from {args.backup}"
    if saved:
        text += f"\nไฟล์เดิมสำรองไว้ที่ {saved} / the previous file was saved as {saved}"
    _report(args, {"ok": True, **outcome}, text)
    return EXIT_OK


def _current_user() -> str:
    """The login name for the upload log, or an empty string where the system has none."""
    try:
        return getpass.getuser()
    except Exception:  # no USER/LOGNAME and no passwd entry (containers, CI)
        return ""


def cmd_sample_files(args: argparse.Namespace) -> int:
    """Copy the four shipped sample spreadsheets, the ones the dashboard loads on first start."""
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    for kind, data in sample_workbooks().items():
        (folder / sample_file_name(kind)).write_bytes(data)
        print(folder / sample_file_name(kind))
    return EXIT_OK


def _snapshot_refusal(exc: StoreError, code: str = "snapshot") -> int:
    """Print a refused snapshot as JSON (stdout) and its reason (stderr); exit 2."""
    _print({"ok": False, "code": code, "message_th": exc.th, "message_en": exc.en})
    sys.stderr.write(f"{exc.th}\n{exc.en}\n")
    return EXIT_REFUSED


def cmd_snapshot(args: argparse.Namespace) -> int:
    """Write the agency's store as Parquet (Hive layout) with a manifest; print it as JSON."""
    try:
        check_agency(args.agency)
        check_name(args.name)
    except SnapshotError as exc:
        return _snapshot_refusal(exc, "invalid")
    try:
        con = open_store(args.db or default_db_path(), wait=args.wait, on_wait=_say_waiting())
    except StoreError as exc:
        return _snapshot_refusal(exc, "store")
    try:
        # The agency's figures ride along, so a roll-up need not compute its report (the
        # command line is where loaders and metrics meet; loaders' modules never import metrics).
        from metrics.agency_ranking import snapshot_figures

        made = write_snapshot(con, args.out, args.agency, args.name, figures=snapshot_figures)
        audit.record(con, _current_user(), backups.CLI_ROLE, SNAPSHOT_ACTION, audit_detail(made))
    except StoreError as exc:
        return _snapshot_refusal(exc)
    except duckdb.Error as exc:
        th = f"เขียนสำเนาไม่สำเร็จ: {exc}"
        return _snapshot_refusal(StoreError(th, f"the snapshot failed: {exc}"))
    finally:
        con.close()
    _print(made.as_dict())
    return EXIT_OK


def _add_snapshot(sub: argparse._SubParsersAction) -> None:
    """Declare `snapshot`."""
    snap = sub.add_parser(
        "snapshot", help="write the store as Parquet (agency=CODE/table=NAME/) with a manifest"
    )
    snap.add_argument("--db", help="DuckDB file (default: $LINKAGE_DB or data/linkage.duckdb)")
    snap.add_argument("--agency", required=True, help="agency code: letters, digits, - and _")
    snap.add_argument("--name", required=True, help="the agency's name (Thai), for the manifest")
    snap.add_argument(
        "--out", required=True, help="folder of snapshots (several agencies share it)"
    )
    snap.add_argument(
        "--wait", type=float, default=60.0, help="seconds to wait while another process writes"
    )
    snap.set_defaults(handler=cmd_snapshot)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `python -m loaders`."""
    parser = argparse.ArgumentParser(prog="python -m loaders", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    imp = sub.add_parser("import", help="import a register, survey, assessment or e-Gov file")
    imp.add_argument("file", help="the .xlsx or .csv file")
    imp.add_argument(
        "--kind",
        metavar="{" + ",".join(KINDS) + "}",
        help="what the file holds (detected from headers if omitted)",
    )
    imp.add_argument("--db", help="DuckDB file (default: $LINKAGE_DB or data/linkage.duckdb)")
    imp.add_argument(
        "--wait",
        type=float,
        default=60.0,
        help="seconds to wait while another process (e.g. the dashboard) writes the database",
    )
    imp.add_argument("--user", default=_current_user(), help="who is importing (for the log)")
    imp.add_argument(
        "--keep-sample",
        action="store_true",
        help="if the database still holds the sample data, keep it (by default the first import "
        "removes it in the same transaction, after a backup); imported rows never match sample rows",
    )
    imp.set_defaults(handler=cmd_import)
    db_help = "DuckDB file (default: $LINKAGE_DB or data/linkage.duckdb)"
    bak = sub.add_parser("backup", help="copy the database to a dated backup beside it")
    bak.add_argument("--db", help=db_help)
    bak.add_argument(
        "--label",
        default="manual",
        help="word added to the backup's name (letters, digits, - and _; at most 40)",
    )
    bak.add_argument("--list", action="store_true", help="list the backups instead")
    bak.add_argument(
        "--wait", type=float, default=60.0, help="seconds to wait while another process writes"
    )
    bak.add_argument("--json", action="store_true", help="print one JSON object")
    bak.set_defaults(handler=cmd_backup)
    res = sub.add_parser("restore", help="replace the database by a backup (current one saved)")
    res.add_argument("backup", help="the backup file (see `backup --list`)")
    res.add_argument("--db", help=db_help)
    res.add_argument(
        "--wait",
        type=float,
        default=0.0,
        help="seconds to wait for another process to let go (default: refuse at once)",
    )
    res.add_argument("--json", action="store_true", help="print one JSON object")
    res.set_defaults(handler=cmd_restore)
    smp = sub.add_parser("sample-files", help="write the sample spreadsheets (data/sample/)")
    smp.add_argument("folder", nargs="?", default=str(SAMPLE_FOLDER))
    smp.set_defaults(handler=cmd_sample_files)
    _add_snapshot(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
