"""Reading a spreadsheet (xlsx, xls, csv): find the header row under title rows and the kind."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

import fastexcel
import pandas as pd
import pyarrow as pa

from loaders.normalize import header_key
from loaders.safety import MAX_CELL_BYTES, check_upload, long_cell
from loaders.spec import KINDS, Kind

HEADER_SEARCH_ROWS = 30
# Cells up to this size are read (validation rejects text over Excel's 32,767 characters with
# a reason); a larger one means the file is not a register at all, and it is refused whole.
csv.field_size_limit(MAX_CELL_BYTES)  # the same limit as an xlsx cell's
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"
# An .xlsx saved with a password is an OLE container holding an "EncryptedPackage" stream.
ENCRYPTED_MARK = "EncryptedPackage".encode("utf-16-le")


class FileRefused(ValueError):
    """A file refused as a whole (unreadable, no header, required column missing)."""

    def __init__(self, th: str, en: str, *, code: str = "refused") -> None:
        super().__init__(en)
        self.th = th
        self.en = en
        self.code = code


@dataclass
class RawTable:
    """A sheet's data rows as text under template keys, with Excel row numbers."""

    kind: Kind
    table: pa.Table  # one string column per template key present (null for an empty cell)
    excel_rows: list[int]  # row number as Excel (or a text editor) shows it, per data row
    header_row: int
    sheet: str | None = None
    unknown_columns: list[str] = field(default_factory=list)
    duplicate_columns: list[str] = field(default_factory=list)

    @property
    def frame(self) -> pd.DataFrame:
        """The data rows as a pandas frame of str or None (built on demand)."""
        return text_frame(self.table)


def text_frame(table: pa.Table) -> pd.DataFrame:
    """An Arrow table of strings as a pandas frame of Python str or None."""
    return pd.DataFrame(
        {
            name: pd.Series(col.to_pylist(), dtype=object)
            for name, col in zip(table.column_names, table.columns, strict=True)
        },
        index=pd.RangeIndex(table.num_rows),
    )


def _header_lookup() -> dict[str, dict[str, str]]:
    """Per kind: reduced header spelling -> column key (Thai, English, key and aliases)."""
    lookup: dict[str, dict[str, str]] = {}
    for kind in KINDS.values():
        names: dict[str, str] = {}
        for col in kind.columns:
            for spelling in (col.th, col.en, col.key, *col.aliases):
                names[header_key(spelling)] = col.key
        lookup[kind.key] = names
    return lookup


HEADERS = _header_lookup()


def _grid_from_excel(data: bytes) -> list[tuple[str | None, pa.Table]]:
    """Every visible sheet of a workbook as a table of text cells, row i = Excel row i + 1."""
    try:
        reader = fastexcel.read_excel(data)
    except Exception as exc:  # fastexcel raises its own error classes for broken files
        raise FileRefused(
            f"อ่านไฟล์ Excel นี้ไม่ได้ (ไฟล์อาจเสียหายหรือไม่ใช่สเปรดชีต): {exc}",
            f"cannot read this Excel file (damaged or not a spreadsheet): {exc}",
            code="unreadable",
        ) from exc
    sheets = []
    for name in reader.sheet_names:
        try:
            sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
            if sheet.visible != "visible":
                continue
            batch = sheet.to_arrow()
        except Exception as exc:
            raise FileRefused(
                f"อ่านชีต {name} ไม่ได้: {exc}",
                f"cannot read sheet {name}: {exc}",
                code="unreadable",
            ) from exc
        columns = [
            col if col.type == pa.string() else col.cast(pa.string()) for col in batch.columns
        ]
        sheets.append((name, pa.table(columns, names=[str(i) for i in range(len(columns))])))
    return sheets


# Byte order marks of encodings that are refused (checked before UTF-16's, which UTF-32-LE's
# begins with).
_UNSUPPORTED_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"+/v": "UTF-7",
    b"\xf7\x64\x4c": "UTF-1",
    b"\xdd\x73\x66\x73": "UTF-EBCDIC",
    b"\x0e\xfe\xff": "SCSU",
    b"\xfb\xee\x28": "BOCU-1",
    b"\x84\x31\x95\x33": "GB18030",
}
# Shift and escape bytes: ISO-2022-JP, -KR, -CN and other 7-bit encodings switch character sets
# with them. Read as UTF-8 they would pass and be stored as garbage.
_ESCAPES = re.compile("[\x0e\x0f\x1b]")
# Thai UTF-8 read once as Latin-1 or Windows-1252 and saved again: "ก" becomes "à¸\x81".
_THAI_MOJIBAKE = re.compile("à[\u00b8\u00b9]")


def _encoding_refused(name: str) -> FileRefused:
    """The refusal of text in an encoding this importer does not read."""
    return FileRefused(
        f"ไม่รองรับการเข้ารหัสอักขระของไฟล์นี้ ({name}) กรุณาบันทึกเป็น CSV UTF-8 หรือ .xlsx",
        f"this file's text encoding is not supported ({name}); save it as CSV UTF-8 or .xlsx",
        code="encoding",
    )


def _check_encoding(data: bytes) -> None:
    """Refuse, by their marks, encodings that would be misread (UTF-32, ISO-2022-JP, ...)."""
    for bom, name in _UNSUPPORTED_BOMS.items():
        if data.startswith(bom):
            raise _encoding_refused(name)
    head = data[:4096]
    if not data.startswith((b"\xff\xfe", b"\xfe\xff")) and head.count(0) * 4 > len(head):
        # Most bytes zero: UTF-16 or UTF-32 text without a byte order mark.
        raise _encoding_refused("UTF-16/UTF-32 without a byte order mark")


def _decode_text(data: bytes) -> str:
    """CSV bytes as text: UTF-16 with BOM (Excel's Unicode text), UTF-8 (BOM or not), else cp874.

    UTF-32, escape-sequence encodings (ISO-2022-JP ...) and Thai garbled by a wrong code page are
    refused with "encoding not supported", never decoded into garbage and stored.
    """
    _check_encoding(data)
    text = _decode_supported(data)
    if _THAI_MOJIBAKE.search(text):
        raise _encoding_refused("Thai text garbled by a wrong code page, shown as à¸…")
    if _ESCAPES.search(text):
        raise _encoding_refused("ISO-2022-JP or another encoding with escape sequences")
    return text


def _decode_supported(data: bytes) -> str:
    """The text of CSV bytes in one of the supported encodings."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "cp874"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(
        "อ่านไฟล์ CSV ไม่ได้: ไม่ใช่ข้อความ UTF-8 หรือ TIS-620",
        "cannot read the CSV file: it is neither UTF-8 nor TIS-620 text",
        code="unreadable",
    )


def _grid_from_csv(data: bytes) -> list[tuple[str | None, pa.Table]]:
    """A CSV file as a table of text cells, row i = line i + 1."""
    _check_encoding(data)
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused(
            "ไฟล์นี้ไม่ใช่สเปรดชีตหรือ CSV",
            "this file is not a spreadsheet or CSV",
            code="unreadable",
        )
    text = _decode_text(data)
    try:
        sniffed = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|").delimiter
    except csv.Error:
        sniffed = ","
    # The sniffer can be fooled (semicolons inside every row's text): offer the comma reading
    # too, and let the header search pick the grid whose header it recognises.
    return [(None, _csv_grid(text, d)) for d in dict.fromkeys((sniffed, ","))]


def _csv_grid(text: str, delimiter: str) -> pa.Table:
    """CSV text split on one delimiter, as a table of text cells."""
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        if "field limit" in str(exc):
            raise long_cell("unreadable") from exc
        raise FileRefused(
            f"อ่านไฟล์ CSV ไม่ได้: {exc}", f"cannot read the CSV file: {exc}", code="unreadable"
        ) from exc
    width = max((len(r) for r in rows), default=0)
    columns = [
        pa.array([(r[i] or None) if i < len(r) else None for r in rows], pa.string())
        for i in range(width)
    ]
    return pa.table(columns, names=[str(i) for i in range(width)])


def read_grid(data: bytes, file_name: str = "") -> list[tuple[str | None, pa.Table]]:
    """The file's sheets as text grids, choosing the reader by content, not by name."""
    if not data:
        raise FileRefused("ไฟล์ว่างเปล่า", "the file is empty", code="unreadable")
    check_upload(data, file_name)  # size, zip bombs, not a workbook: before any reader opens it
    if data.startswith(OLE_MAGIC) and ENCRYPTED_MARK in data:
        raise FileRefused(
            "ไฟล์นี้ตั้งรหัสผ่านไว้ กรุณาเปิดใน Excel เอารหัสผ่านออก แล้วบันทึกใหม่ก่อนนำเข้า",
            "this workbook is password-protected; open it in Excel, remove the password, "
            "save it and import it again",
            code="encrypted",
        )
    if data.startswith(ZIP_MAGIC) or data.startswith(OLE_MAGIC):
        return _grid_from_excel(data)
    if file_name.lower().endswith((".xlsx", ".xlsm", ".xls")):
        raise FileRefused(
            "ไฟล์นี้ใช้นามสกุล Excel แต่เนื้อหาไม่ใช่ไฟล์ Excel",
            "this file has an Excel name but its content is not an Excel workbook",
            code="unreadable",
        )
    return _grid_from_csv(data)


def _match_row(cells: list[object], names: dict[str, str]) -> dict[int, str]:
    """Which cells of a row are headers of a kind: column position -> key."""
    found: dict[int, str] = {}
    for pos, cell in enumerate(cells):
        if cell is None:
            continue
        reduced = header_key(cell)
        key = names.get(reduced)
        if key is None:
            key = names.get(_HEADER_EXTRAS.sub("", reduced))
        if key is not None:
            found[pos] = key
    return found


# What staff add around a header: a required mark (*), a running number (1.), a note in
# brackets ("วันที่ลงนาม (วว/ดด/ปปปป)"). Applied to reduced headers (no whitespace).
_HEADER_EXTRAS = re.compile(r"^\d{1,2}[.)]|\*|[(\[（][^)\]）]*[)\]）]$")


def _top_rows(grid: pa.Table, limit: int) -> list[list[object]]:
    """The first `limit` rows of a grid as Python lists."""
    head = grid.slice(0, limit)
    columns = [col.to_pylist() for col in head.columns]
    return [list(row) for row in zip(*columns, strict=True)] if columns else []


def _best_header(
    rows: list[list[object]], kinds: list[Kind]
) -> tuple[Kind, int, dict[int, str]] | None:
    """The (kind, row, columns) whose header row matches the most template columns."""
    best: tuple[int, float, Kind, int, dict[int, str]] | None = None
    for row, cells in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if sum(c is not None for c in cells) < 2:
            continue
        for kind in kinds:
            found = _match_row(cells, HEADERS[kind.key])
            matched = len(set(found.values()))
            if matched < 2:
                continue
            share = matched / len(kind.columns)
            candidate = (matched, share, kind, row, found)
            if best is None or (matched, share) > (best[0], best[1]):
                best = candidate
    if best is None:
        return None
    return best[2], best[3], best[4]


def _first_data_row(
    top: list[list[object]], header_row: int, names: dict[str, str], column_count: int
) -> int:
    """The grid row data starts on: a second header row right under the first (Thai above
    English) is not data."""
    first = header_row + 1
    for offset, cells in enumerate(top[header_row + 1 : header_row + 4], start=1):
        if all(c is None for c in cells):
            continue
        if len(set(_match_row(cells, names).values())) < max(2, column_count // 2):
            break
        first = header_row + 1 + offset
    return first


def read_table(data: bytes, file_name: str = "", kind: str | None = None) -> RawTable:
    """Read a file into a RawTable of the given kind, or of the kind its headers show."""
    kinds = [KINDS[kind]] if kind else list(KINDS.values())
    grids = read_grid(data, file_name)
    best = None
    for sheet_name, grid in grids:
        top = _top_rows(grid, HEADER_SEARCH_ROWS + 4)
        found = _best_header(top, kinds)
        if found and (best is None or len(set(found[2].values())) > len(set(best[3][2].values()))):
            best = (sheet_name, grid, top, found)
    if best is None:
        expected = (
            ", ".join(c.th for c in kinds[0].columns if c.required)
            if kind
            else "รหัสการเชื่อมโยง, หน่วยงานคู่เชื่อมโยง, สถานะ ..."
        )
        raise FileRefused(
            f"ไม่พบแถวหัวตารางที่รู้จักใน {HEADER_SEARCH_ROWS} แถวแรก (ควรมีหัวคอลัมน์เช่น {expected}) "
            "กรุณาใช้แม่แบบที่ดาวน์โหลดจากหน้านำเข้าข้อมูล",
            f"no recognisable header row in the first {HEADER_SEARCH_ROWS} rows; "
            "use the template from the upload page",
            code="no_header",
        )
    sheet_name, grid, top, (found_kind, header_row, positions) = best
    missing = [k for k in found_kind.required_columns if k not in positions.values()]
    if missing:
        cols = [found_kind.column(k) for k in missing]
        raise FileRefused(
            "ไม่มีคอลัมน์ที่จำเป็น: " + ", ".join(f"{c.th} ({c.en})" for c in cols),
            "required column missing: " + ", ".join(f"{c.en} ({c.th})" for c in cols),
            code="missing_column",
        )
    header_cells = top[header_row]
    columns: dict[str, int] = {}
    duplicates: list[str] = []
    for pos, key in positions.items():
        if key in columns:
            duplicates.append(key)
            continue
        columns[key] = pos
    unknown = [
        str(header_cells[p])
        for p, c in enumerate(header_cells)
        if c is not None and p not in positions
    ]
    first = _first_data_row(top, header_row, HEADERS[found_kind.key], len(columns))
    body = grid.slice(first)
    table = pa.table([body.column(pos) for pos in columns.values()], names=list(columns))
    excel_rows = list(range(first + 1, grid.num_rows + 1))
    return RawTable(
        kind=found_kind,
        table=table,
        excel_rows=excel_rows,
        header_row=header_row + 1,
        sheet=sheet_name,
        unknown_columns=unknown,
        duplicate_columns=duplicates,
    )
