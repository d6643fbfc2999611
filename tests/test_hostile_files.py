"""Hostile files (issue 10, points 1, 2 and 14): zip bombs whose headers lie, sheets whose used
range is a bomb, files whose every row is invalid, encodings that are not supported, linkage IDs
that differ only in case, full-width formula characters. Every file is built here."""

from __future__ import annotations

import csv
import io
import random
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from loaders import safety
from loaders import validate as validate_module
from loaders.export import safe_cell, to_csv, to_xlsx
from loaders.importer import check_file, import_bytes
from loaders.reader import FileRefused
from loaders.store import open_store
from tests.fingerprint import file_sha256
from tests.sheets import cli_import, rows_csv, rows_xlsx

HEADERS = ["รหัสการเชื่อมโยง", "หน่วยงานคู่เชื่อมโยง", "ทิศทางการเชื่อมโยง", "ชุดข้อมูล", "สถานะ"]
GOOD_ROW = ["HOST-001", "กรมทดสอบ", "outbound", "ข้อมูลทดสอบ", "requested"]
CLAIMED = 4096  # what a lying part says it inflates to
MB = 1024 * 1024


_xlsx = rows_xlsx
_csv = rows_csv


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
    code, printed = cli_import(store, data, "bomb.xlsx", tmp_path)
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
    code, printed = cli_import(store, data, "far.xlsx", tmp_path)
    assert (code, printed["code"]) == (2, "too_large")
    assert file_sha256(store) == before


def test_a_sheet_with_a_far_cell_inside_the_limit_is_read():
    data = _far_cell_sheet("AA2000")  # 2,000 rows x 27 columns
    validated, _ = check_file(data, "register.xlsx", "register")
    assert validated.accepted_count == 1


def _shared_string_sheet(string_bytes: int, references: int) -> bytes:
    """A workbook whose sheet refers `references` times to one shared string of about
    `string_bytes` (deflating about 20 times); the sheet comes before the strings, as Excel
    writes them."""
    letters = random.Random(0).choices(b"abcdefghijklmnopqrstuvwxyz", k=string_bytes // 30)
    text = b"".join(b"x" * 29 + bytes([letter]) for letter in letters)
    heads = "".join(f"<si><t>{h}</t></si>" for h in HEADERS).encode()
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    sst = f'<sst xmlns="{main}">'.encode() + heads + b"<si><t>" + text + b"</t></si></sst>"
    cells = "".join(f'<c r="{c}1" t="s"><v>{i}</v></c>' for i, c in enumerate("ABCDE"))
    rows = f'<row r="1">{cells}</row>' + "".join(
        f'<row r="{r}"><c r="D{r}" s="0" t="s"><v>5</v></c></row>' for r in range(2, references + 2)
    )
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
        f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet '
        'name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
        f'Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
        f'Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{rows}</sheetData>'
        "</worksheet>",
        "xl/sharedStrings.xml": sst,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in parts.items():
            archive.writestr(name, body)
    return out.getvalue()


def test_one_shared_string_named_by_many_cells_is_counted_at_every_cell(store, tmp_path):
    # 50 KB on disk: the reader would copy the 600 KB string into each of 400 cells (a 1 MB one
    # in 400 cells took about 2 GB of process memory before this check).
    data = _shared_string_sheet(600 * 1024, 400)
    assert len(data) < 100_000
    refusal = _refusal(data)
    assert refusal.code == "zip_bomb" and "shared strings" in refusal.en
    assert f"{safety.MAX_SHARED_COPIES // MB} MB" in refusal.en  # their own budget, named
    before = file_sha256(store)
    code, printed = cli_import(store, data, "shared.xlsx", tmp_path)
    assert (code, printed["code"]) == (2, "zip_bomb")
    assert file_sha256(store) == before


def test_shared_strings_inside_the_budget_are_read(monkeypatch):
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED", 2 * MB)
    safety.check_upload(_shared_string_sheet(64 * 1024, 20), "register.xlsx")  # 1.3 MB of copies
    with pytest.raises(FileRefused):
        safety.check_upload(_shared_string_sheet(64 * 1024, 40), "register.xlsx")  # 2.6 MB
    validated, _ = check_file(_shared_string_sheet(100, 3), "register.xlsx", "register")
    assert validated.rejected_count == 3  # read: rows without an ID are rejected, not refused


@pytest.mark.parametrize("where", ["shared", "inline"])
def test_a_cell_longer_than_a_spreadsheet_holds_refuses_the_file(where, store, tmp_path):
    # Excel keeps at most 32,767 characters in a cell; a 190 MB one used to be read (1.14 GB).
    # 3 bytes a character: just over the limit (varied letters: a repeated one would trip the
    # expansion ratio first)
    text = "".join(
        random.Random(1).choices(
            "กขคงจฉชซญดตถทนบปผพฟภมยรลวศสหอฮ", k=safety.MAX_CELL_BYTES // 3 + 10
        )
    )
    if where == "shared":
        data = _shared_string_sheet(len(text.encode()), 1)
    else:
        rows = [HEADERS, GOOD_ROW, ["LONG-1", "PLACEHOLDER", "outbound", "ชุด", "requested"]]
        data = _with_cell_xml(_xlsx(rows), "PLACEHOLDER", text)
    refusal = _refusal(data)
    assert refusal.code == "too_large" and "1,024 KB" in refusal.en and "1,024 KB" in refusal.th
    before = file_sha256(store)
    code, printed = cli_import(store, data, "long.xlsx", tmp_path)
    assert (code, printed["code"]) == (2, "too_large")
    assert file_sha256(store) == before


def test_a_csv_cell_over_the_same_limit_refuses_the_file():
    long = "x" * (safety.MAX_CELL_BYTES + 1)
    refusal = _refusal(_csv([HEADERS, ["LONG-3", long, "outbound", "ชุด", "requested"]]), "r.csv")
    assert refusal.code == "unreadable" and "1,024 KB" in refusal.en and "1,024 KB" in refusal.th


def test_a_long_cell_within_excels_limit_is_read():
    rows = [HEADERS, GOOD_ROW, ["LONG-2", "PLACEHOLDER", "outbound", "ชุด", "requested"]]
    data = _with_cell_xml(_xlsx(rows), "PLACEHOLDER", "ก" * 32_767)  # Excel's most: 98 KB
    safety.check_upload(data, "register.xlsx")


def test_a_real_workbook_passes_every_check():
    data = _xlsx([["ทะเบียนการเชื่อมโยงข้อมูล ปีงบประมาณ 2568"], HEADERS, GOOD_ROW])
    safety.check_upload(data, "register.xlsx")
    validated, _ = check_file(data, "register.xlsx", "register")
    assert validated.accepted_count == 1


# --- 2. files whose every row is invalid ------------------------------------------------------------
def _invalid_rows(count: int) -> list[list[str]]:
    """Register rows each wrong twice (direction and status)."""
    return [[f"BAD-{i:05d}", "กรม", "sideways", "ชุด", "lost"] for i in range(count)]


def test_reasons_are_capped_and_the_rest_counted(store, tmp_path):
    assert validate_module.MAX_REASONS == 10_000
    data = _csv([HEADERS, GOOD_ROW, *_invalid_rows(5_001)])  # 10,002 reasons, 5,001 rows
    validated, _ = check_file(data, "bad.csv", "register")
    assert (validated.accepted_count, validated.rejected_count) == (1, 5_001)
    assert validated.total_errors == 10_002
    # Whole rows only: 5,000 rows of two reasons, the last row counted, not listed.
    assert len(validated.errors) == 10_000 and len(validated.rejected) == 5_000
    assert validated.not_listed == 1
    assert validated.errors[-1].row == 5_002  # header row 1, good row 2, bad rows from 3
    code, printed = cli_import(store, data, "bad.csv", tmp_path)
    assert code == 0
    assert (printed["rejected"], len(printed["errors"])) == (5_001, 10_000)
    assert printed["rejected_not_listed"] == 1 and printed["errors_total"] == 10_002
    assert "1 more rows rejected, not listed" in printed["note_en"]
    assert "ไม่ได้แสดงรายการ" in printed["note_th"]
    con = open_store(store)
    stored = con.execute("SELECT count(*) FROM upload_rejections").fetchone()[0]
    (rejected,) = con.execute("SELECT rejected FROM uploads ORDER BY upload_id DESC").fetchone()
    con.close()
    assert stored == 10_000 and rejected == 5_001


def test_a_small_cap_keeps_whole_rows_in_row_order(monkeypatch):
    monkeypatch.setattr(validate_module, "MAX_REASONS", 5)
    data = _csv([HEADERS, *_invalid_rows(40)])
    validated, _ = check_file(data, "bad.csv", "register")
    assert [(e.row, e.column) for e in validated.errors] == [
        (2, "direction"),
        (2, "status"),
        (3, "direction"),
        (3, "status"),
    ]
    assert validated.rejected["row"].tolist() == [2, 3]
    assert (validated.rejected_count, validated.not_listed) == (40, 38)


def test_one_id_repeated_on_every_row_names_only_a_few_rows():
    # Each reason used to name every other row: 20,000 rows made 400 million row numbers.
    rows = [["DUP-1", "กรม", "outbound", "ชุด", "requested"]] * 20_000
    validated, _ = check_file(_csv([HEADERS, *rows]), "dup.csv", "register")
    assert validated.rejected_count == 20_000 and validated.accepted_count == 0
    first = validated.errors[0]
    assert (
        first.message_en
        == "Linkage ID repeats in row 3, 4, 5, 6, 7 and 19,994 more rows of the same file"
    )
    assert "และอีก 19,994 แถว" in first.message_th
    assert max(len(e.message_en) for e in validated.errors) < 200


def test_a_rejected_value_is_stored_and_shown_cut_to_200_characters(store, tmp_path):
    long_value = "ก" * 5_000
    data = _csv([HEADERS, ["LONG-1", "กรม", long_value, "ชุด", "requested"]])
    validated, _ = check_file(data, "long.csv", "register")
    [error] = validated.errors
    assert error.value == "ก" * 200 + "…"
    code, printed = cli_import(store, data, "long.csv", tmp_path)
    assert printed["errors"][0]["value"] == "ก" * 200 + "…"
    con = open_store(store)
    (value,) = con.execute("SELECT value FROM upload_rejections").fetchone()
    con.close()
    assert value == "ก" * 200 + "…"


# --- 14. encodings, IDs that differ in case, full-width formula characters ----------------------------
def _text(rows: list[list[str]]) -> str:
    """CSV text of `rows`."""
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue()


@pytest.mark.parametrize(
    "data",
    [
        _text([HEADERS, GOOD_ROW]).encode("utf-32"),  # with its byte order mark (LE)
        b"\x00\x00\xfe\xff" + _text([HEADERS, GOOD_ROW]).encode("utf-32-be"),
        _text([HEADERS, GOOD_ROW]).encode("utf-32-le"),  # no byte order mark
        b"+/v8" + _text([HEADERS, GOOD_ROW]).encode("utf-7"),
    ],
    ids=["utf-32", "utf-32-be", "utf-32 without bom", "utf-7"],
)
def test_unsupported_encodings_are_refused_as_such(data, store, tmp_path):
    refusal = _refusal(data, "register.csv")
    assert refusal.code == "encoding", refusal.en
    assert "encoding is not supported" in refusal.en and "ไม่รองรับการเข้ารหัสอักขระ" in refusal.th
    before = file_sha256(store)
    code, printed = cli_import(store, data, "register.csv", tmp_path)
    assert (code, printed["code"]) == (2, "encoding")
    assert file_sha256(store) == before


ENGLISH_HEADERS = ["Linkage ID", "Partner agency", "Direction", "Dataset", "Status"]


@pytest.mark.parametrize(
    ("codec", "partner"),
    [("iso-2022-jp", "東京都庁"), ("iso2022_jp_2", "東京都庁"), ("iso-2022-kr", "서울시청")],
)
def test_escape_sequence_encodings_are_refused_never_stored(codec, partner, store, tmp_path):
    data = _text([ENGLISH_HEADERS, ["JP-1", partner, "outbound", "data", "requested"]])
    data = data.encode(codec)
    assert data.isascii()  # 7-bit: it would pass as UTF-8 and be stored with its escapes
    refusal = _refusal(data, "register.csv")
    assert refusal.code == "encoding" and "ISO-2022-JP" in refusal.en
    before = file_sha256(store)
    assert cli_import(store, data, "register.csv", tmp_path)[0] == 2
    assert file_sha256(store) == before


def test_thai_garbled_by_a_wrong_code_page_is_refused():
    garbled = _text([HEADERS, GOOD_ROW]).encode("utf-8").decode("latin-1").encode("utf-8")
    refusal = _refusal(garbled, "register.csv")
    assert refusal.code == "encoding" and "à¸" in refusal.en


def _with_cell_xml(data: bytes, placeholder: str, xml_text: str) -> bytes:
    """A workbook with a cell's text replaced in the XML (for characters openpyxl refuses)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename).replace(placeholder.encode(), xml_text.encode())
            dst.writestr(item, body)
    return out.getvalue()


@pytest.mark.parametrize(
    "xml_text",
    ["_x001B_$B%G!&lt;%?_x001B_(B", "à¸à¸£à¸¡", "กรม\ufffd"],
    ids=["iso-2022-jp escapes", "thai read as latin-1", "replacement character"],
)
def test_garbage_characters_in_a_workbook_cell_reject_the_row(xml_text):
    rows = [HEADERS, GOOD_ROW, ["JP-2", "PLACEHOLDER", "outbound", "ชุด", "requested"]]
    data = _with_cell_xml(_xlsx(rows), "PLACEHOLDER", xml_text)
    validated, _ = check_file(data, "register.xlsx", "register")
    assert validated.accepted_count == 1
    [error] = validated.errors
    assert error.column == "partner_name" and "encoding" in error.message_en
    assert "รหัสอักขระ" in error.message_th


def test_ids_that_differ_in_case_and_spaces_are_one_linkage_in_a_file():
    rows = [
        ["DUP-1", "กรม", "outbound", "ชุด", "requested"],
        [" dup-1 ", "กรม", "inbound", "ชุด", "requested"],
    ]
    validated, _ = check_file(_csv([HEADERS, *rows]), "dup.csv", "register")
    assert validated.accepted_count == 0
    by_row = {e.row: e for e in validated.errors}
    assert set(by_row) == {2, 3}
    assert "repeats in row 2" in by_row[3].message_en
    assert "letter case" in by_row[3].message_en and "ตัวพิมพ์" in by_row[3].message_th


def test_an_id_in_full_width_letters_is_the_same_linkage(tmp_path):
    rows = [
        ["DUP-1", "กรม", "outbound", "ชุด", "requested"],
        ["ＤＵＰ－１", "กรม", "inbound", "ชุด", "requested"],
    ]
    validated, _ = check_file(_csv([HEADERS, *rows]), "dup.csv", "register")
    assert validated.accepted_count == 0
    assert "repeats in row 2" in {e.row: e for e in validated.errors}[3].message_en
    con = open_store(tmp_path / "linkage.duckdb")
    import_bytes(con, _csv([HEADERS, rows[0]]), "a.csv")
    result = import_bytes(
        con, _csv([HEADERS, ["ｄｕｐ－１", "กรม", "outbound", "ชุด", "approved"]]), "b.csv"
    ).as_dict()
    stored = con.execute("SELECT linkage_id, status FROM linkages").fetchall()
    con.close()
    assert (result["added"], result["changed"]) == (0, 1)
    assert stored == [("DUP-1", "approved")]


def test_an_id_that_differs_in_case_updates_the_stored_linkage(tmp_path):
    path = tmp_path / "linkage.duckdb"
    con = open_store(path)
    import_bytes(con, _csv([HEADERS, ["DUP-1", "กรม", "outbound", "ชุด", "requested"]]), "a.csv")
    result = import_bytes(
        con, _csv([HEADERS, ["dup-1 ", "กรม", "outbound", "ชุด", "approved"]]), "b.csv"
    ).as_dict()
    rows = con.execute("SELECT linkage_id, status FROM linkages").fetchall()
    history = con.execute(
        "SELECT DISTINCT linkage_id FROM linkage_history ORDER BY linkage_id"
    ).fetchall()
    con.close()
    assert (result["added"], result["changed"]) == (0, 1)
    assert rows == [("DUP-1", "approved")]
    assert history == [("DUP-1",)]


@pytest.mark.parametrize(
    "text",
    [
        '＝HYPERLINK("http://evil.example")',
        "＋1",
        "－1",
        "＠SUM(A1)",
        "﹦1",
        "−1",
        " =1+1",
        "\u00a0=HYPERLINK(1)",
        "\u3000+1",
        "\n=1",
        "\u200b=1",
        " \ufeff @A1",
    ],
)
def test_full_width_formula_characters_are_made_safe_on_export(text):
    assert safe_cell(text) == "'" + text
    [[cell]] = _read_back(to_xlsx({"s": pd.DataFrame({"v": [text]})}))
    assert cell == "'" + text
    exported = to_csv(pd.DataFrame({"v": [text]})).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(exported)))[1] == ["'" + text]


def _read_back(data: bytes) -> list[list[object]]:
    """The data rows (below the header) of the first sheet of a workbook."""
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
