"""The shipped sample spreadsheets: what the dashboard loads on first start, importable as they are."""

from __future__ import annotations

import io

import openpyxl
import pytest

from loaders.importer import check_file
from loaders.sample import (
    KIND_ORDER,
    ensure_sample,
    load_sample,
    remove_sample,
    sample_file_name,
    sample_loaded,
    sample_workbooks,
)
from loaders.sample_data import generate_sample
from loaders.store import open_store
from tests.conftest import ROOT

SHIPPED = ROOT / "data" / "sample"


def _cells(data: bytes) -> list[tuple]:
    """Every cell value of a workbook's first sheet (file bytes differ by their timestamps)."""
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("kind", KIND_ORDER)
def test_shipped_file_is_what_the_generator_writes(kind):
    shipped = (SHIPPED / sample_file_name(kind)).read_bytes()
    assert _cells(shipped) == _cells(sample_workbooks()[kind]), (
        "data/sample is stale: run python -m loaders sample-files"
    )


@pytest.mark.parametrize("kind", KIND_ORDER)
def test_shipped_file_imports_without_a_rejected_row(kind):
    sample = generate_sample()
    expected = {
        "register": len(sample.register),
        "surveys": len(sample.surveys),
        "assessments": len(sample.assessments),
        "egov": len(sample.egov),
    }[kind]
    validated, _ = check_file((SHIPPED / sample_file_name(kind)).read_bytes(), "x.xlsx")
    assert validated.kind.key == kind  # detected from the Thai headers under the title row
    assert (validated.accepted_count, validated.rejected_count) == (expected, 0)


def test_sample_loads_once_is_flagged_and_removed_in_one_action(tmp_path):
    path = tmp_path / "linkage.duckdb"
    con = open_store(path)
    assert ensure_sample(con) is True
    assert sample_loaded(con)
    assert con.execute("SELECT count(*) FROM linkages WHERE NOT is_sample").fetchone() == (0,)
    assert ensure_sample(con) is False  # never twice
    removed = remove_sample(con)
    assert removed["linkages"] == len(generate_sample().register)
    assert not sample_loaded(con)
    assert ensure_sample(con) is False  # removed stays removed, even though the store is empty
    assert list(tmp_path.glob("linkage.duckdb.bak-*before-sample-removal*"))


def test_real_rows_survive_sample_removal(tmp_path):
    con = open_store(tmp_path / "linkage.duckdb")
    load_sample(con)
    from loaders.importer import import_bytes

    csv = (
        "รหัสการเชื่อมโยง,หน่วยงานคู่เชื่อมโยง,ทิศทางการเชื่อมโยง,ชุดข้อมูล,สถานะ\n"
        "REAL-1,กรมจริง,outbound,ข้อมูลจริง,requested\n"
    ).encode()
    import_bytes(con, csv, "real.csv", "register")
    remove_sample(con)
    assert con.execute("SELECT linkage_id FROM linkages").fetchall() == [("REAL-1",)]
