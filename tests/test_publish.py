"""The public register (issue 15): the redaction rule, the three files, the metadata schema."""

from __future__ import annotations

import datetime as dt
import io
import json
import stat

import jsonschema
import openpyxl
import pandas as pd
import pytest

from auth.audit import entries
from loaders.store import open_store
from metrics.__main__ import main
from metrics.publish import RULE_FILE, load_rule, public_rows, publish_files, rule_lines
from tests.metrics_fixtures import import_at

SCHEMA = json.loads((RULE_FILE.parent / "publish_schema.json").read_text(encoding="utf-8"))
TODAY = dt.date(2026, 12, 2)
HEADER = (
    "linkage_id,partner_name,partner_type,direction,dataset,purpose,method,frequency,status,"
    "classification,personal_data,linked_on,mou_expires_on,cancelled_on,cancel_reason,mou_ref,"
    "notes,data_owner_unit,legal_basis"
)
# P1 public, live; P2 public but with personal data; S1 secret, live; C1 confidential, ended;
# R1 requested (not yet a linkage: never published). Restricted strings are marked ZZ.
ROWS = """\
P1,Open Partner,government,outbound,Bus routes,Plan housing,gdx,daily,linked,public,no,2025-01-15,2029-01-15,,,MOU-P1-ZZ,note-P1-ZZ,unit-P1-ZZ,law
P2,People Partner,government,inbound,ZZ-citizen-list,ZZ-personal-purpose,rest,daily,in_use,public,yes,2025-02-01,2028-02-01,,,MOU-P2-ZZ,note-P2-ZZ,unit-P2-ZZ,consent
S1,Secret Partner,government,outbound,ZZ-secret-dataset,ZZ-secret-purpose,db_link,realtime,linked,secret,no,2024-11-01,2027-11-01,,,MOU-S1-ZZ,note-S1-ZZ,unit-S1-ZZ,public_task
C1,Closed Partner,state_enterprise,inbound,ZZ-conf-dataset,ZZ-conf-purpose,file,monthly,cancelled,confidential,no,2024-10-10,2026-10-10,2025-06-30,purpose_unmet,MOU-C1-ZZ,note-C1-ZZ,unit-C1-ZZ,contract
R1,ZZ-Requested Partner,government,outbound,ZZ-requested,ZZ-req-purpose,gdx,daily,requested,public,no,,,,,,,,
"""


@pytest.fixture
def store(tmp_path):
    """A store holding the five rows above."""
    path = tmp_path / "linkage.duckdb"
    con = open_store(path)
    import_at(con, (HEADER + "\n" + ROWS).encode(), "register", dt.datetime(2025, 8, 1, 9, 0))
    return con, path


def file_texts(files: dict[str, bytes]) -> dict[str, str]:
    """Every file as text: the CSV and JSON decoded, the workbook's cells joined."""
    book = openpyxl.load_workbook(io.BytesIO(files["linkages_public.xlsx"]), read_only=True)
    cells = [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
    return {
        "csv": files["linkages_public.csv"].decode("utf-8-sig"),
        "json": files["linkages_public.json"].decode("utf-8"),
        "xlsx": "\n".join(cells),
    }


def test_no_restricted_field_of_a_restricted_row_leaves(store):
    con, _ = store
    files = publish_files(con, agency="กคช.", today=TODAY)
    for kind, text in file_texts(files).items():
        assert "ZZ" not in text, f"restricted text in the {kind} file"
    rows = pd.read_csv(io.BytesIO(files["linkages_public.csv"]), encoding="utf-8-sig", dtype=str)
    assert list(rows["partner_name"]) == [
        "Closed Partner", "Open Partner", "People Partner", "Secret Partner"
    ]  # fmt: skip
    by_partner = rows.set_index("partner_name")
    full = by_partner.loc["Open Partner"]
    assert (full["dataset"], full["purpose"], full["method"], full["detail"]) == (
        "Bus routes", "Plan housing", "gdx", "full"
    )  # fmt: skip
    assert full["legal_basis_class"] == "law"  # the register's legal basis (contract v2)
    for partner in ("People Partner", "Secret Partner", "Closed Partner"):
        limited = by_partner.loc[partner]
        assert limited["detail"] == "limited"
        for column in ("dataset", "purpose", "direction", "method", "frequency", "partner_type",
                       "legal_basis_class"):  # fmt: skip
            assert pd.isna(limited[column]), (partner, column)
    closed = by_partner.loc["Closed Partner"]
    assert (closed["start_date"], closed["end_date"], closed["state"]) == (
        "2024-10-10", "2025-06-30", "ended"
    )  # fmt: skip
    assert set(rows.columns) == {c["key"] for c in load_rule()["columns"]}


def test_the_metadata_is_valid_dcat_style_json_in_thai_and_english(store):
    con, _ = store
    meta = json.loads(publish_files(con, agency="กคช.", today=TODAY)["linkages_public.json"])
    jsonschema.validate(meta, SCHEMA)
    assert meta["publisher"]["name"]["th"] == "กคช."
    assert meta["title"]["th"] and meta["title"]["en"] == "Public register of data linkages"
    assert meta["temporal"] == {"start": "2024-10-10", "end": "2029-01-15"}
    assert meta["modified"] == "2026-12-02" and meta["sample_data"] is False
    assert meta["redaction"]["rows_full"] == 1 and meta["redaction"]["rows_limited"] == 3
    broken = {**meta, "title": {"th": "ทะเบียน"}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA)


def test_a_count_rule_leaves_restricted_rows_out_and_counts_them(store, tmp_path):
    con, _ = store
    rule = load_rule()
    rule["restricted"]["treatment"] = "count"
    published = public_rows(con, rule)
    assert list(published["rows"]["partner_name"]) == ["Open Partner"]
    assert (published["open"], published["restricted"], published["counted"]) == (1, 0, 3)
    files = publish_files(con, agency=None, today=TODAY, rule=rule)
    assert "Secret Partner" not in file_texts(files)["csv"]
    meta = json.loads(files["linkages_public.json"])
    assert meta["redaction"]["rows_counted_not_listed"] == 3
    jsonschema.validate(meta, SCHEMA)


def test_the_rule_reads_in_both_languages():
    thai, english = rule_lines(load_rule(), "th"), rule_lines(load_rule(), "en")
    assert len(thai) == len(english) == 5
    assert "หน่วยงานคู่เชื่อมโยง" in thai[2] and "Partner agency" in english[2]


def test_the_command_writes_three_owner_only_files_and_audits(store, tmp_path, capsys):
    _, path = store
    out = tmp_path / "public"
    code = main(["publish", "--db", str(path), "--out", str(out), "--today", "2026-12-02"])
    printed = json.loads(capsys.readouterr().out)
    assert code == 0 and (printed["open"], printed["restricted"]) == (1, 3)
    names = sorted(p.name for p in out.iterdir())
    assert names == ["linkages_public.csv", "linkages_public.json", "linkages_public.xlsx"]
    for file in out.iterdir():
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
    trail = entries(open_store(path), action="export")
    detail = json.loads(trail["detail"][0])
    assert detail["content"] == "public_register" and detail["data_date"] == "2026-12-02"
    assert trail["role"][0] == "cli"
