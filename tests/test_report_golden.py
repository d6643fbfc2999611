"""The report on the sample data, kept as files: a move of a query between modules changes no figure.

The files were written before issue 12 reorganised metrics/ by subject (and checked
byte for byte against ``python -m metrics report`` after each step). When the sample data
itself changes on purpose, rewrite them with ``LINKAGE_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from loaders.sample import load_sample
from loaders.store import open_store
from metrics.report import build_report
from metrics.report_cli import _json_default

GOLDEN = Path(__file__).parent / "golden"
# (fiscal year, method, today) -> file
CASES = {
    (None, "mean", dt.date(2026, 9, 30)): "report_sample_all_mean.json",
    (2568, "top2", dt.date(2025, 3, 15)): "report_sample_2568_top2.json",
    (2569, "mean", dt.date(2026, 9, 30)): "report_sample_2569_mean.json",
}


@pytest.fixture(scope="module")
def sample_con(tmp_path_factory: pytest.TempPathFactory):
    """The sample loaded as on a first start at a fixed moment (upload stamps are dates too)."""
    con = open_store(tmp_path_factory.mktemp("golden") / "sample.duckdb")
    load_sample(con, now=dt.datetime(2026, 9, 30, 12, 0, 0))
    yield con
    con.close()


@pytest.mark.parametrize(("fiscal_year", "method", "today"), list(CASES))
def test_report_on_the_sample_is_unchanged(sample_con, fiscal_year, method, today):
    report = build_report(sample_con, fiscal_year=fiscal_year, today=today, method=method)
    text = json.dumps(report, ensure_ascii=False, default=_json_default)
    path = GOLDEN / CASES[(fiscal_year, method, today)]
    if os.environ.get("LINKAGE_UPDATE_GOLDEN"):
        path.write_text(text + "\n", encoding="utf-8")
    assert text + "\n" == path.read_text(encoding="utf-8")
