"""Helpers for loader tests: build spreadsheets and CSV text the way agency staff leave them."""

from __future__ import annotations

import contextlib
import csv
import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import openpyxl

# English headers of the register, as TEMPLATES.md §1 lists them (not read from the code).
REGISTER_EN = {
    "linkage_id": "Linkage ID",
    "partner_name": "Partner agency",
    "partner_type": "Partner type",
    "direction": "Direction",
    "dataset": "Dataset",
    "method": "Method",
    "classification": "Classification",
    "personal_data": "Personal data",
    "mou_signed_on": "MOU signed on",
    "mou_expires_on": "MOU expires on",
    "status": "Status",
    "requested_on": "Requested on",
    "responded_on": "Responded on",
    "linked_on": "Linked on",
    "cancelled_on": "Cancelled on",
    "cancel_reason": "Cancellation reason",
    "notes": "Notes",
}
REGISTER_TH = {
    "linkage_id": "รหัสการเชื่อมโยง",
    "partner_name": "หน่วยงานคู่เชื่อมโยง",
    "partner_type": "ประเภทหน่วยงาน",
    "direction": "ทิศทางการเชื่อมโยง",
    "dataset": "ชุดข้อมูล",
    "method": "วิธีการเชื่อมโยง",
    "classification": "ชั้นข้อมูล",
    "personal_data": "ข้อมูลส่วนบุคคล",
    "mou_signed_on": "วันที่ลงนาม",
    "mou_expires_on": "วันที่สิ้นสุดข้อตกลง",
    "status": "สถานะ",
    "requested_on": "วันที่ยื่นคำขอ",
    "responded_on": "วันที่ได้รับผลพิจารณา",
    "linked_on": "วันที่เชื่อมโยงสำเร็จ",
    "cancelled_on": "วันที่ยกเลิก",
    "cancel_reason": "เหตุผลการยกเลิก",
    "notes": "หมายเหตุ",
}


def xlsx_bytes(
    rows: Iterable[Sequence[object]],
    *,
    merge: str | None = None,
    extra_sheets: dict[str, list[list[object]]] | None = None,
) -> bytes:
    """An .xlsx workbook whose first sheet holds `rows` from A1 (None = empty cell)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ข้อมูล"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    if merge:
        ws.merge_cells(merge)
    for name, sheet_rows in (extra_sheets or {}).items():
        other = wb.create_sheet(name)
        for row in sheet_rows:
            other.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def csv_bytes(rows: Iterable[Sequence[object]], *, encoding: str = "utf-8") -> bytes:
    """CSV text of `rows` (comma separated, quoted when needed) in the given encoding."""
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue().encode(encoding)


def register_record(linkage_id: str, **values: object) -> dict[str, object]:
    """A valid register row (English keys) with the given fields overridden."""
    record: dict[str, object] = {
        "linkage_id": linkage_id,
        "partner_name": "กรมการปกครอง",
        "partner_type": "หน่วยงานภาครัฐ",
        "direction": "ขอข้อมูลจากหน่วยงานอื่น",
        "dataset": "ข้อมูลทะเบียนราษฎร",
        "method": "REST API",
        "classification": "ลับ",
        "personal_data": "มี",
        "mou_signed_on": "1 ต.ค. 2567",
        "mou_expires_on": "30 ก.ย. 2568",
        "status": "ใช้งานข้อมูลแล้ว",
        "requested_on": "15/08/2567",
        "responded_on": "20/09/2567",
        "linked_on": None,
        "cancelled_on": None,
        "cancel_reason": None,
        "notes": None,
    }
    record.update(values)
    return record


def register_rows(
    records: list[dict[str, object]],
    *,
    lang: str = "th",
    titles: Sequence[str] = ("ทะเบียนการเชื่อมโยงข้อมูล ปีงบประมาณ 2568",),
    blank_rows: int = 1,
) -> list[list[object]]:
    """Title rows, blank rows, the header row, then one row per record (columns of REGISTER_*)."""
    headers = REGISTER_TH if lang == "th" else REGISTER_EN
    keys = list(headers)
    rows: list[list[object]] = [[t] for t in titles]
    rows += [[] for _ in range(blank_rows)]
    rows.append([headers[k] for k in keys])
    rows += [[rec.get(k) for k in keys] for rec in records]
    return rows


def cli_import(path: Path, data: bytes, name: str, tmp_path: Path) -> tuple[int, dict]:
    """`python -m loaders import` of these bytes as a register (in this process), with its JSON."""
    from loaders import __main__ as cli

    file = tmp_path / name
    file.write_bytes(data)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["import", str(file), "--kind", "register", "--db", str(path)])
    return code, json.loads(out.getvalue())


def rows_xlsx(rows: list[list[object]]) -> bytes:
    """A workbook whose first sheet holds `rows` from A1."""
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rows_csv(rows: list[list[object]]) -> bytes:
    """UTF-8 CSV text of `rows`."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")
