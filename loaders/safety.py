"""Checks on a file before any reader opens it: its size, and an xlsx's zip parts (bombs, not a
workbook). Formulas need no check here: fastexcel returns the values Excel cached, never evaluates.

Nothing the zip directory declares is trusted: every part is inflated here, in chunks, counting
the bytes it really gives, and the count stops at the limits below, so a part that claims 4 KB
but inflates to gigabytes costs at most MAX_UNCOMPRESSED of inflating (in CHUNK-sized pieces, never
held whole) before the file is refused. The same pass reads the cell references of every sheet:
the reader (calamine) builds each sheet as a dense grid, so a 5 KB sheet with a cell in A1 and
one in XFD1048576 would ask for 17 billion cells; a used range over MAX_SHEET_CELLS is refused.
Shared strings are counted where they are used: the reader copies a shared string into every
cell that refers to it, so a 50 KB file whose 400 cells all name one 1 MB string would make
2 GB. The length of every shared string is noted (xl/sharedStrings.xml is inflated first), and
each reference adds its string's length to the same MAX_UNCOMPRESSED budget as the parts, and
to a smaller one of their own (MAX_SHARED_COPIES). A cell whose text is longer than any
spreadsheet program writes (MAX_CELL_BYTES) refuses the file as a CSV cell over 1 MB does.
"""

from __future__ import annotations

import io
import re
import struct
import tomllib
import zipfile
import zlib
from array import array

from loaders.store import PROJECT_ROOT

ZIP_MAGIC = b"PK\x03\x04"
DEFAULT_MAX_MB = 50  # the same as server.maxUploadSize in .streamlit/config.toml
# What all the parts of a workbook may really inflate to, shared-string copies included: a real
# register of 100,000 rows written by openpyxl is 15 MB of xlsx and 222 MB of sheet XML (the
# import then peaks at 744 MB); 200 MB refused it.
MAX_UNCOMPRESSED = 384 * 1024 * 1024
# Of that, the copies of shared strings the reader makes (the costlier bytes: 400 MB of them grew
# the process by 1.9 GB), as before.
MAX_SHARED_COPIES = 200 * 1024 * 1024
# One cell's text (a run of XML without a tag) longer than this refuses the file, like a CSV cell
# over 1 MB: Excel holds at most 32,767 characters in a cell (under 200 KB of XML, escaped Thai
# included); a 190 MB cell made the import peak at 1.14 GB.
MAX_CELL_BYTES = 1024 * 1024
MAX_RATIO = 100  # how much one part may expand (a real sheet: 5–30 times) ...
RATIO_GRACE = 1024 * 1024  # ... once it is bigger than this (tiny parts expand a lot)
MAX_PARTS = 10_000  # parts in one zip (a real workbook has tens)
# Cells of the used ranges of all sheets together (rows x columns, empty ones included): the
# reader holds about 32 bytes per cell, so this bounds it to about 320 MB.
MAX_SHEET_CELLS = 10_000_000
CHUNK = 256 * 1024  # bytes inflated at a time
WORKBOOK_PARTS = ("xl/workbook.xml",)  # xlsx/xlsm (xlsb is refused: its sheets cannot be checked)
_LOCAL_HEADER = struct.Struct("<4s5H3I2H")
# Any "r=" (not only after whitespace): a superset of the references, found faster (a pattern
# that starts with a literal is searched for as a string: 1.4 s -> 0.5 s over 222 MB of XML).
_CELL_REF = re.compile(rb"""r=["']([A-Z]{1,3})([0-9]{1,7})["']""")
_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_OVERLAP = 32  # bytes kept from one chunk to the next so a reference cut in two is still seen
SHARED_STRINGS = "xl/sharedstrings.xml"  # compared lower-cased (the reader's lookup ignores case)
# A cell's start tag and value: <c r="B2" s="1" t="s"><v>17</v> (t="s": a shared string's index).
_VALUE_CELL = re.compile(rb"<(?:\w+:)?c\s([^>]{0,400})>\s*<(?:\w+:)?v>\s*([0-9]{1,10})\s*<")
_SHARED_TYPE = re.compile(rb"""\st\s*=\s*["']s["']""")
_CELL_OVERLAP = 512  # a cell's start tag and value cut in two by a chunk is still seen
_SI_TAG = re.compile(rb"<(/?)(?:\w+:)?si(?=[\s/>])[^>]{0,400}?(/?)>")


def max_upload_mb() -> int:
    """The size limit in MB: server.maxUploadSize of .streamlit/config.toml, else 50."""
    try:
        with (PROJECT_ROOT / ".streamlit" / "config.toml").open("rb") as handle:
            return int(tomllib.load(handle)["server"]["maxUploadSize"])
    except (OSError, KeyError, ValueError, TypeError, tomllib.TOMLDecodeError):
        return DEFAULT_MAX_MB


def _refuse(th: str, en: str, code: str) -> Exception:
    """A FileRefused (imported here: the reader imports this module)."""
    from loaders.reader import FileRefused

    return FileRefused(th, en, code=code)


def check_size(data: bytes, limit_mb: int | None = None) -> None:
    """Refuse a file over the size limit."""
    limit_mb = limit_mb or max_upload_mb()
    if len(data) > limit_mb * 1024 * 1024:
        size = len(data) / (1024 * 1024)
        raise _refuse(
            f"ไฟล์ใหญ่เกินไป ({size:,.1f} MB) ขนาดสูงสุดที่รับได้คือ {limit_mb} MB "
            "กรุณาแบ่งไฟล์หรือลบแถว/ชีตที่ไม่ใช้",
            f"the file is too large ({size:,.1f} MB); the limit is {limit_mb} MB. "
            "Split it or remove unused rows and sheets",
            "too_large",
        )


def _damaged(detail: str) -> Exception:
    """The refusal of a damaged or inconsistent zip."""
    return _refuse(
        "ไฟล์ Excel นี้เสียหายหรือไม่ครบ (อาจดาวน์โหลดหรือคัดลอกมาไม่สมบูรณ์) กรุณาบันทึกไฟล์ใหม่จาก Excel",
        f"this Excel file is damaged or incomplete ({detail}); save it again from Excel",
        "unreadable",
    )


def long_cell(code: str, where: str = "") -> Exception:
    """The refusal of a file with a cell longer than MAX_CELL_BYTES (CSV or xlsx)."""
    limit = MAX_CELL_BYTES // 1024
    place = f" ({where})" if where else ""
    return _refuse(
        f"มีช่องข้อมูลที่ยาวเกิน {limit:,} KB{place} ไฟล์นี้ไม่ใช่ทะเบียนหรือแบบสำรวจ",
        f"a cell holds more than {limit:,} KB of text{place}; "
        "this file is not a register or survey",
        code,
    )


class _TextRun:
    """The bytes since the last tag ("<"): a cell's text. Within one CHUNK two tags are never
    MAX_CELL_BYTES apart, so only a run across pieces needs counting."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.run = 0

    def feed(self, piece: bytes) -> None:
        first = piece.find(b"<")
        if first >= 0 and self.run + first > MAX_CELL_BYTES:
            raise long_cell("too_large", self.where)
        self.run = self.run + len(piece) if first < 0 else len(piece) - piece.rfind(b"<") - 1
        if self.run > MAX_CELL_BYTES:
            raise long_cell("too_large", self.where)


def _bomb(where: str, budget: int | None = None) -> Exception:
    """The refusal of a workbook that inflates too far (a zip bomb)."""
    limit = (budget or MAX_UNCOMPRESSED) // (1024 * 1024)
    return _refuse(
        f"ไฟล์ Excel นี้ขยายใหญ่เกินกว่าจะเปิดได้อย่างปลอดภัย ({where}: อัตราขยายเกิน {MAX_RATIO} เท่า "
        f"หรือรวมทุกส่วนเกิน {limit} MB) จึงไม่เปิด กรุณาลบชีตหรือแถวที่ไม่ใช้ หรือบันทึกเป็น CSV",
        f"this Excel file expands too far to be opened safely ({where}: over {MAX_RATIO} times "
        f"its size, or over {limit} MB for all its parts), so it is not opened; remove unused "
        "sheets or rows, or save it as CSV",
        "zip_bomb",
    )


def _column_number(letters: bytes) -> int:
    """A column's number from its letters (A = 1, XFD = 16384)."""
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


class _SheetExtent:
    """The used range of one sheet, from the cell references seen while it is inflated."""

    def __init__(self, shared: array | None = None) -> None:
        self.rows = 0  # highest row number, or row elements counted (rows without a number)
        self.row_tags = 0
        self.columns = 0
        self._tail = b""
        self._shared = shared if shared is not None else array("Q")
        self.shared_bytes = 0  # lengths of the shared strings its cells refer to, summed
        self._cell_tail = b""

    def feed(self, chunk: bytes) -> None:
        """Read the references of one inflated piece of the sheet's XML."""
        text = self._tail + chunk
        skip = len(self._tail)
        for match in _CELL_REF.finditer(text):
            self.columns = max(self.columns, _column_number(match.group(1)))
            self.rows = max(self.rows, int(match.group(2)))
        self.row_tags += sum(1 for m in _ROW_TAG.finditer(text) if m.end() > skip)
        self._tail = text[-_OVERLAP:]
        text = self._cell_tail + chunk
        skip = len(self._cell_tail)
        for match in _VALUE_CELL.finditer(text):
            if match.end() > skip and _SHARED_TYPE.search(match.group(1)):
                index = int(match.group(2))
                if index < len(self._shared):
                    self.shared_bytes += self._shared[index]
        self._cell_tail = text[-_CELL_OVERLAP:]

    @property
    def cells(self) -> int:
        """Cells of the dense grid a reader builds for this sheet."""
        return max(self.rows, self.row_tags) * max(self.columns, 1)


class _SharedStrings:
    """The length (bytes of XML) of every shared string, in order, from the inflated pieces."""

    def __init__(self) -> None:
        self.lengths: array = array("Q")
        self._tail = b""
        self._offset = 0  # position in the part of the first byte of self._tail
        self._open: int | None = None

    def feed(self, chunk: bytes) -> None:
        """Note the <si> elements that end in this piece."""
        text = self._tail + chunk
        skip = len(self._tail)
        for match in _SI_TAG.finditer(text):
            if match.end() <= skip:
                continue
            where = self._offset + match.start()
            if match.group(2):  # <si/>: an empty string
                self.lengths.append(0)
            elif not match.group(1):
                self._open = where
            elif self._open is not None:
                self.lengths.append(self._offset + match.end() - self._open)
                self._open = None
        keep = text[-_OVERLAP:]
        self._offset += len(text) - len(keep)
        self._tail = keep


def _read_stored(
    data: memoryview,
    part: zipfile.ZipInfo,
    begin: int,
    budget: int,
    sink: _SheetExtent | _SharedStrings | None,
    run: _TextRun | None,
) -> int:
    """Check an uncompressed part in chunks (its size, budget and checksum); returns its size."""
    size = part.compress_size
    if begin + size > len(data) or size != part.file_size:
        raise _damaged(f"part {part.filename[:80]} is cut short")
    if size > budget:
        raise _bomb(part.filename[:80])
    crc = 0
    for offset in range(begin, begin + size, CHUNK):
        piece = bytes(data[offset : min(offset + CHUNK, begin + size)])
        crc = zlib.crc32(piece, crc)
        if sink is not None:
            run.feed(piece)
            sink.feed(piece)
    if crc != part.CRC:
        raise _damaged(f"part {part.filename[:80]} fails its checksum")
    return size


def _inflate_part(
    data: memoryview, part: zipfile.ZipInfo, budget: int, shared: array | None = None
) -> tuple[int, int, int | _SharedStrings]:
    """Inflate one part in chunks, counting its real bytes; returns (inflated, cells, shared):
    for a sheet, the bytes of the shared strings its cells refer to; for the shared strings
    part, their lengths.

    Stops with a refusal as soon as the part passes `budget` or the ratio limit; nothing it
    declares (sizes, where its data ends) is trusted, and no more than CHUNK is held at once.
    """
    start = part.header_offset
    header = bytes(data[start : start + _LOCAL_HEADER.size])
    if len(header) < _LOCAL_HEADER.size or header[:4] != ZIP_MAGIC:
        raise _damaged(f"part {part.filename[:80]} has no local header")
    name_length, extra_length = _LOCAL_HEADER.unpack(header)[-2:]
    begin = start + _LOCAL_HEADER.size + name_length + extra_length
    if part.flag_bits & 0x1:
        raise _damaged(f"part {part.filename[:80]} is encrypted")
    sheet = _SheetExtent(shared) if part.filename.lower().startswith("xl/worksheets/") else None
    strings = _SharedStrings() if part.filename.lower() == SHARED_STRINGS else None
    sink = sheet or strings
    run = _TextRun(part.filename[:80]) if sink is not None else None
    if part.compress_type == zipfile.ZIP_STORED:
        size = _read_stored(data, part, begin, budget, sink, run)
        return size, sheet.cells if sheet else 0, _found(sheet, strings)
    if part.compress_type != zipfile.ZIP_DEFLATED:
        raise _damaged(f"part {part.filename[:80]} uses compression method {part.compress_type}")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    inflated = crc = 0
    fed = begin
    pending: bytes | memoryview = b""
    try:
        while not inflater.eof:
            if not pending:
                if fed >= len(data):
                    raise _damaged(f"part {part.filename[:80]} is cut short")
                pending = data[fed : fed + CHUNK]
                fed += len(pending)
            piece = inflater.decompress(pending, CHUNK)
            pending = inflater.unconsumed_tail
            inflated += len(piece)
            crc = zlib.crc32(piece, crc)
            consumed = fed - begin - len(pending)
            if inflated > budget or (
                inflated > RATIO_GRACE and inflated > MAX_RATIO * max(consumed, 1)
            ):
                raise _bomb(part.filename[:80])
            if sink is not None:
                run.feed(piece)
                sink.feed(piece)
    except zlib.error as exc:
        raise _damaged(f"part {part.filename[:80]}: {exc}") from exc
    # What the directory declares must be what is there: readers that trust it (or not) then
    # see the same bytes as this check did.
    if inflated != part.file_size or crc != part.CRC:
        raise _damaged(f"part {part.filename[:80]} is not the size or checksum it declares")
    return inflated, sheet.cells if sheet else 0, _found(sheet, strings)


def _found(sheet: _SheetExtent | None, strings: _SharedStrings | None) -> int | _SharedStrings:
    """What a part adds besides its size: a sheet's shared-string bytes, or the strings."""
    if strings is not None:
        return strings
    return sheet.shared_bytes if sheet else 0


def _workbook_parts(data: bytes) -> list[zipfile.ZipInfo]:
    """The zip directory's parts; refuses a damaged zip, an .xlsb or a zip with no workbook."""
    if data.count(b"PK\x01\x02") > MAX_PARTS:
        raise _damaged(f"more than {MAX_PARTS:,} parts")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise _damaged(str(exc)[:200]) from exc
    except NotImplementedError as exc:
        raise _damaged(str(exc)[:200]) from exc
    names = {part.filename for part in parts}
    if "xl/workbook.bin" in names:
        raise _refuse(
            "ไม่รองรับไฟล์ Excel แบบไบนารี (.xlsb) กรุณาบันทึกเป็น .xlsx หรือ CSV",
            "binary Excel workbooks (.xlsb) are not supported; save it as .xlsx or CSV",
            "unreadable",
        )
    if not names.intersection(WORKBOOK_PARTS):
        raise _refuse(
            "ไฟล์นี้เป็นไฟล์บีบอัด (zip) แต่ไม่ใช่สมุดงาน Excel",
            "this file is a zip archive, not an Excel workbook",
            "unreadable",
        )
    return parts


def check_workbook(data: bytes) -> None:
    """Refuse a zip that is damaged, holds no workbook, or would expand too far (a zip bomb).

    Every part is inflated here in chunks (see the module's docstring); the zip directory's
    declared sizes are compared with what is really there, never used as limits.
    """
    parts = _workbook_parts(data)
    view = memoryview(data)
    total = cells = copies = 0
    shared = array("Q")
    # The shared strings first: a sheet's references are counted with their lengths.
    for part in sorted(parts, key=lambda p: p.filename.lower() != SHARED_STRINGS):
        if part.is_dir():
            continue
        inflated, sheet_cells, found = _inflate_part(view, part, MAX_UNCOMPRESSED - total, shared)
        total += inflated
        cells += sheet_cells
        if isinstance(found, _SharedStrings):
            if not shared:
                shared.extend(found.lengths)
                continue
            # Several parts of that name (cases differ): a reference costs the longest.
            for index, length in enumerate(found.lengths):
                if index < len(shared):
                    shared[index] = max(shared[index], length)
                else:
                    shared.append(length)
        elif found:
            total += found  # the copies of shared strings the reader would make
            copies += found
            if total > MAX_UNCOMPRESSED or copies > MAX_SHARED_COPIES:
                budget = MAX_SHARED_COPIES if copies > MAX_SHARED_COPIES else None
                raise _bomb(f"{part.filename[:80]} (shared strings)", budget)
        if cells > MAX_SHEET_CELLS:
            raise _refuse(
                f"ช่วงข้อมูลของชีตในไฟล์นี้ใหญ่เกิน {MAX_SHEET_CELLS:,} ช่อง (นับรวมช่องว่างระหว่างข้อมูล) "
                "มักเกิดจากมีข้อมูลหรือรูปแบบหลงอยู่ไกลจากตาราง กรุณาลบแถวและคอลัมน์ว่างที่ต่อจากข้อมูล "
                "แล้วบันทึกใหม่ หรือบันทึกเป็น CSV",
                f"the used range of this file's sheets is over {MAX_SHEET_CELLS:,} cells "
                "(empty cells between data included), usually a stray cell far from the table; "
                "delete the empty rows and columns after your data and save again, or save as CSV",
                "too_large",
            )


def check_upload(data: bytes, file_name: str = "") -> None:
    """Every check made before a file is read: size, then an xlsx's zip directory."""
    check_size(data)
    if data.startswith(ZIP_MAGIC):
        check_workbook(data)
