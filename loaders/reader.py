"""Reading a spreadsheet (xlsx, xls, csv): find the header row under title rows and the kind."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import fastexcel
import pandas as pd

from loaders.normalize import header_key
from loaders.spec import KINDS, Kind

HEADER_SEARCH_ROWS = 30
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"


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
    frame: pd.DataFrame  # one column per template key present, values str or None
    excel_rows: list[int]  # row number as Excel (or a text editor) shows it, per frame row
    header_row: int
    sheet: str | None = None
    unknown_columns: list[str] = field(default_factory=list)
    duplicate_columns: list[str] = field(default_factory=list)


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


def _grid_from_excel(data: bytes) -> list[tuple[str | None, pd.DataFrame]]:
    """Every visible sheet of a workbook as a frame of text cells, row i = Excel row i + 1."""
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
        except Exception as exc:
            raise FileRefused(
                f"อ่านชีต {name} ไม่ได้: {exc}",
                f"cannot read sheet {name}: {exc}",
                code="unreadable",
            ) from exc
        if not sheet.visible == "visible":
            continue
        frame = sheet.to_arrow().to_pandas(types_mapper=None)
        frame.columns = range(frame.shape[1])
        sheets.append((name, frame.astype(object).where(frame.notna(), None)))
    return sheets


def _decode_text(data: bytes) -> str:
    """CSV bytes as text: UTF-16 with BOM (Excel's Unicode text), UTF-8 (BOM or not), else cp874."""
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


def _grid_from_csv(data: bytes) -> list[tuple[str | None, pd.DataFrame]]:
    """A CSV file as a frame of text cells, row i = line i + 1."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileRefused(
            "ไฟล์นี้ไม่ใช่สเปรดชีตหรือ CSV",
            "this file is not a spreadsheet or CSV",
            code="unreadable",
        )
    text = _decode_text(data)
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FileRefused(
            f"อ่านไฟล์ CSV ไม่ได้: {exc}", f"cannot read the CSV file: {exc}", code="unreadable"
        ) from exc
    width = max((len(r) for r in rows), default=0)
    frame = pd.DataFrame([r + [None] * (width - len(r)) for r in rows], dtype=object)
    frame = frame.where(frame.notna() & (frame != ""), None)
    return [(None, frame)]


def read_grid(data: bytes, file_name: str = "") -> list[tuple[str | None, pd.DataFrame]]:
    """The file's sheets as text grids, choosing the reader by content, not by name."""
    if not data:
        raise FileRefused("ไฟล์ว่างเปล่า", "the file is empty", code="unreadable")
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
        key = names.get(header_key(cell))
        if key is not None:
            found[pos] = key
    return found


def _best_header(frame: pd.DataFrame, kinds: list[Kind]) -> tuple[Kind, int, dict[int, str]] | None:
    """The (kind, row, columns) whose header row matches the most template columns."""
    best: tuple[int, float, Kind, int, dict[int, str]] | None = None
    limit = min(len(frame), HEADER_SEARCH_ROWS)
    for row in range(limit):
        cells = frame.iloc[row].tolist()
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


def read_table(data: bytes, file_name: str = "", kind: str | None = None) -> RawTable:
    """Read a file into a RawTable of the given kind, or of the kind its headers show."""
    kinds = [KINDS[kind]] if kind else list(KINDS.values())
    grids = read_grid(data, file_name)
    best = None
    for sheet_name, frame in grids:
        found = _best_header(frame, kinds)
        if found and (best is None or len(set(found[2].values())) > len(set(best[2][2].values()))):
            best = (sheet_name, frame, found)
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
    sheet_name, frame, (found_kind, header_row, positions) = best
    missing = [k for k in found_kind.required_columns if k not in positions.values()]
    if missing:
        cols = [found_kind.column(k) for k in missing]
        raise FileRefused(
            "ไม่มีคอลัมน์ที่จำเป็น: " + ", ".join(f"{c.th} ({c.en})" for c in cols),
            "required column missing: " + ", ".join(f"{c.en} ({c.th})" for c in cols),
            code="missing_column",
        )
    header_cells = frame.iloc[header_row].tolist()
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
    body = frame.iloc[header_row + 1 :]
    # A second header row right under the first (Thai above English) is not data.
    skip = 0
    names = HEADERS[found_kind.key]
    for row in range(min(3, len(body))):
        cells = body.iloc[row].tolist()
        if sum(c is not None for c in cells) == 0:
            continue
        if len(set(_match_row(cells, names).values())) >= max(2, len(columns) // 2):
            skip = row + 1
        else:
            break
    body = body.iloc[skip:]
    data_frame = pd.DataFrame(
        {key: body[pos].to_numpy() for key, pos in columns.items()}, dtype=object
    )
    excel_rows = [i + 1 for i in range(header_row + 1 + skip, len(frame))]
    return RawTable(
        kind=found_kind,
        frame=data_frame,
        excel_rows=excel_rows,
        header_row=header_row + 1,
        sheet=sheet_name,
        unknown_columns=unknown,
        duplicate_columns=duplicates,
    )
