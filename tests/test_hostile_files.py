"""Hostile files (issue 10, points 1, 2 and 14): zip bombs whose headers lie, sheets whose used
range is a bomb, files whose every row is invalid, encodings that are not supported, linkage IDs
that differ only in case, full-width formula characters. Every file is built here."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest

from loaders import __main__ as cli
from loaders import safety
from loaders.importer import check_file, import_bytes
from loaders.reader import FileRefused
from loaders.store import open_store
from tests.fingerprint import file_sha256

HEADERS = ["รหัสการเชื่อมโยง", "หน่วยงานคู่เชื่อมโยง", "ทิศทางการเชื่อมโยง", "ชุดข้อมูล", "สถานะ"]
GOOD_ROW = ["HOST-001", "กรมทดสอบ", "outbound", "ข้อมูลทดสอบ", "requested"]
CLAIMED = 4096  # what a lying part says it inflates to
MB = 1024 * 1024


def _xlsx(rows: list[list[object]]) -> bytes:
    """A workbook whose first sheet holds `rows` from A1."""
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _csv(rows: list[list[object]]) -> bytes:
    """UTF-8 CSV text of `rows`."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8")


def _deflate(pieces, count: int) -> tuple[bytes, int, int]:
    """Raw deflate of `pieces` repeated `count` times, streamed: (stream, crc, inflated size)."""
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    out, crc, size = [], 0, 0
    for _ in range(count):
        for piece in pieces:
            out.append(squeeze.compress(piece))
            crc = zlib.crc32(piece, crc)
            size += len(piece)
    out.append(squeeze.flush())
    return b"".join(out), crc, size


def _zip(parts: list[tuple[str, bytes, int, int, int, int]]) -> bytes:
    """A zip built by hand from (name, deflate stream, crc, size, claimed size, claimed compressed).

    The claimed sizes go into both the local header and the central directory, as a hostile
    file would write them.
    """
    out = io.BytesIO()
    central = []
    for name, stream, crc, _size, claimed, claimed_compressed in parts:
        offset = out.tell()
        raw = name.encode()
        fields = (20, 0, 8, 0, 0x21, crc, claimed_compressed, claimed, len(raw), 0)
        out.write(b"PK\x03\x04" + struct.pack("<5H3I2H", *fields) + raw + stream)
        central.append(
            b"PK\x01\x02"
            + struct.pack(
                "<6H3I5H2I",
                20,
                20,
                0,
                8,
                0,
                0x21,
                crc,
                claimed_compressed,
                claimed,
                len(raw),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + raw
        )
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    out.write(
        b"PK\x05\x06"
        + struct.pack("<4H2IH", 0, 0, len(parts), len(parts), len(directory), start, 0)
    )
    return out.getvalue()


def _workbook_with(name: str, stream: bytes, crc: int, size: int, **claims: int) -> bytes:
    """A real workbook's parts with one part (new or replacing) given by its deflate stream."""
    parts = []
    with zipfile.ZipFile(io.BytesIO(_xlsx([HEADERS, GOOD_ROW]))) as src:
        for item in src.infolist():
            if item.filename == name:
                continue
            body = src.read(item.filename)
            packed, part_crc, part_size = _deflate([body], 1)
            parts.append((item.filename, packed, part_crc, part_size, part_size, len(packed)))
    claimed = claims.get("claimed", size)
    parts.append((name, stream, crc, size, claimed, claims.get("claimed_compressed", len(stream))))
    return _zip(parts)


@pytest.fixture(scope="module")
def zeros_256mb() -> tuple[bytes, int, int]:
    """256 MB of zeros as one deflate stream (about 260 KB), built once."""
    return _deflate([bytes(MB)], 256)


def _lying(stream_crc_size, name: str, *, both: bool = False) -> bytes:
    """A workbook whose part `name` claims 4 KB (and, with `both`, 4 KB compressed too)."""
    stream, _crc, size = stream_crc_size
    # The checksum of the 4 KB it claims: a reader that trusted the size would find it right.
    crc = zlib.crc32(bytes(CLAIMED))
    claims = {"claimed": CLAIMED}
    if both:
        claims["claimed_compressed"] = CLAIMED
    return _workbook_with(name, stream, crc, size, **claims)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store file holding one good register row."""
    path = tmp_path / "linkage.duckdb"
    con = open_store(path)
    import_bytes(con, _csv([HEADERS, GOOD_ROW]), "good.csv", "register")
    con.execute("CHECKPOINT")
    con.close()
    return path


def _cli_import(path: Path, data: bytes, name: str, tmp_path: Path) -> tuple[int, dict]:
    """`python -m loaders import` of these bytes (in this process), with its JSON."""
    file = tmp_path / name
    file.write_bytes(data)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = cli.main(["import", str(file), "--kind", "register", "--db", str(path)])
    return code, json.loads(out.getvalue())


def _refusal(data: bytes, name: str = "register.xlsx") -> FileRefused:
    """The refusal of a file, with the memory the checks allocated while refusing it."""
    with pytest.raises(FileRefused) as refused:
        check_file(data, name, "register")
    assert refused.value.th and refused.value.en
    return refused.value


# --- 1. zip bombs whose headers lie ---------------------------------------------------------------
@pytest.mark.parametrize("both", [False, True], ids=["size lies", "both sizes lie"])
@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/media/image1.png"])
def test_lying_header_bomb_is_refused_while_inflating(zeros_256mb, part, both, store, tmp_path):
    data = _lying(zeros_256mb, part, both=both)
    assert len(data) < 400 * 1024
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.getinfo(part).file_size == CLAIMED  # the directory lies
    tracemalloc.start()
    try:
        refusal = _refusal(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refusal.code == "zip_bomb", refusal.en
    assert str(safety.MAX_RATIO) in refusal.en and "MB" in refusal.th
    # Inflated in chunks and stopped early: never the 256 MB, never even a few chunks at once.
    assert peak < 8 * MB, peak
    before = file_sha256(store)
    code, printed = _cli_import(store, data, "bomb.xlsx", tmp_path)
    assert (code, printed["refused"], printed["code"]) == (2, True, "zip_bomb")
    assert file_sha256(store) == before


def test_total_inflated_size_is_counted_not_declared(monkeypatch):
    # Parts that each stay under the ratio limit but together pass the total: counted as read.
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED", 2 * MB)
    text = bytes(range(256)) * 4096  # 1 MB that barely compresses
    stream, crc, size = _deflate([text], 3)
    data = _workbook_with("xl/media/image1.bin", stream, crc, size, claimed=size)
    assert _refusal(data).code == "zip_bomb"


def test_a_part_larger_than_it_declares_is_refused_under_the_limits():
    stream, crc, size = _deflate([b"<x/>" * 25_000], 1)  # 100 KB claimed as 4 KB
    data = _workbook_with("xl/media/image1.bin", stream, crc, size, claimed=CLAIMED)
    refusal = _refusal(data)
    assert refusal.code == "unreadable" and "declares" in refusal.en


def test_a_part_whose_checksum_lies_is_refused():
    stream, crc, size = _deflate([b"<x/>" * 1000], 1)
    data = _workbook_with("xl/media/image1.bin", stream, crc ^ 1, size)
    assert _refusal(data).code == "unreadable"


def test_too_many_parts_are_refused_before_the_directory_is_read(monkeypatch):
    monkeypatch.setattr(safety, "MAX_PARTS", 5)
    assert _refusal(_xlsx([HEADERS, GOOD_ROW])).code == "unreadable"


def _far_cell_sheet(ref: str) -> bytes:
    """A real workbook whose sheet also holds one cell at `ref` (a used range bomb)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_xlsx([HEADERS, GOOD_ROW]))) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                row = ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
                far = f'<row r="{row}"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row>'
                body = body.replace(b"</sheetData>", far.encode() + b"</sheetData>")
            dst.writestr(item.filename, body)
    return out.getvalue()


def test_a_used_range_bomb_is_refused_before_the_reader_builds_it(store, tmp_path):
    # Two cells, A1 and XFD1048576: the reader would build 17 billion cells and abort the process.
    data = _far_cell_sheet("XFD1048576")
    assert len(data) < 10_000
    refusal = _refusal(data)
    assert refusal.code == "too_large"
    assert f"{safety.MAX_SHEET_CELLS:,}" in refusal.en
    before = file_sha256(store)
    code, printed = _cli_import(store, data, "far.xlsx", tmp_path)
    assert (code, printed["code"]) == (2, "too_large")
    assert file_sha256(store) == before


def test_a_sheet_with_a_far_cell_inside_the_limit_is_read():
    data = _far_cell_sheet("AA2000")  # 2,000 rows x 27 columns
    validated, _ = check_file(data, "register.xlsx", "register")
    assert validated.accepted_count == 1


def test_a_real_workbook_passes_every_check():
    data = _xlsx([["ทะเบียนการเชื่อมโยงข้อมูล ปีงบประมาณ 2568"], HEADERS, GOOD_ROW])
    safety.check_upload(data, "register.xlsx")
    validated, _ = check_file(data, "register.xlsx", "register")
    assert validated.accepted_count == 1
