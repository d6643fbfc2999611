"""Tables out as .xlsx (openpyxl) and CSV, with cells that spreadsheets would run as formulas made safe."""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Their full-width and small forms (＝ ＋ － ＠, ﹦ ﹢ ﹣ ﹫) and the minus sign: spreadsheets that
# fold compatibility characters read them as the ASCII ones (NFKC maps all but the minus sign).
_FORMULA_LOOKALIKE = ("\u2212",)
# What comes before a cell's first visible character: whitespace, and the characters that take
# no space yet are not whitespace (zero-width space, joiners, word joiner, byte-order mark).
_LEADING = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]*")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; other values pass.

    Judged on its first visible character: a spreadsheet that trims cells on import (LibreOffice's
    "trim spaces", Excel's TRIM in a sheet fed by the CSV) would otherwise turn " =1+1" or a
    no-break space before "=" into a formula."""
    if isinstance(value, str):
        value = _ILLEGAL_XML.sub("", value)
        if value.startswith(FORMULA_START):
            return "'" + value
        visible = value[_LEADING.match(value).end() :]
        if visible.startswith(FORMULA_START + _FORMULA_LOOKALIKE) or (
            visible and unicodedata.normalize("NFKC", visible[0]).startswith(FORMULA_START)
        ):
            return "'" + value
    return value


def _plain(value: object) -> object:
    """A pandas cell as a value openpyxl writes (None for missing)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        return value.item()
    return value


def to_xlsx(sheets: dict[str, pd.DataFrame]) -> bytes:
    """Frames as sheets of one workbook, header row bold and frozen, text made formula-safe."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, frame in sheets.items():
        title = _SHEET_NAME_BAD.sub(" ", str(name))[:31] or "Sheet"
        ws = wb.create_sheet(title)
        ws.append([safe_cell(str(c)) for c in frame.columns])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in frame.itertuples(index=False, name=None):
            ws.append([safe_cell(_plain(v)) for v in row])
        ws.freeze_panes = "A2"
        for i, col in enumerate(frame.columns, start=1):
            sample = [str(col)] + [str(v) for v in frame.iloc[:200, i - 1].tolist()]
            width = min(max(len(s) for s in sample) + 2, 60)
            ws.column_dimensions[get_column_letter(i)].width = max(width, 8)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, (dt.date, dt.datetime)):
                    cell.number_format = "yyyy-mm-dd"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_csv(frame: pd.DataFrame) -> bytes:
    """A frame as UTF-8 CSV with a BOM (Excel opens Thai correctly), text made formula-safe."""
    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(safe_cell)
    safe.columns = [safe_cell(str(c)) for c in safe.columns]
    return safe.to_csv(index=False).encode("utf-8-sig")
