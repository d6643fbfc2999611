"""Thai fiscal calendar and the shared filters: boundaries worked out by hand, SQL equals Python."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.store import open_store
from metrics.filters import Filters, linkage_where, period_bounds
from metrics.fiscal import (
    be_to_ce,
    ce_to_be,
    current_fiscal_year,
    deadline_in_fiscal_year,
    fiscal_year,
    fiscal_year_end,
    fiscal_year_label,
    fiscal_year_range,
    fiscal_year_sql,
    fiscal_year_start,
    quarter,
    quarter_label,
    quarter_range,
    quarter_sql,
)

D = dt.date


def test_be_and_ce_years():
    assert be_to_ce(2568) == 2025
    assert ce_to_be(2025) == 2568


@pytest.mark.parametrize(
    ("day", "fy"),
    [
        (D(2024, 9, 30), 2567),
        (D(2024, 10, 1), 2568),
        (D(2024, 12, 31), 2568),
        (D(2025, 1, 1), 2568),
        (D(2025, 9, 30), 2568),
        (D(2025, 10, 1), 2569),
    ],
)
def test_fiscal_year_turns_on_1_october(day, fy):
    assert fiscal_year(day) == fy


def test_fiscal_year_range_of_2568():
    assert fiscal_year_start(2568) == D(2024, 10, 1)
    assert fiscal_year_end(2568) == D(2025, 9, 30)
    assert fiscal_year_range(2568) == (D(2024, 10, 1), D(2025, 9, 30))


@pytest.mark.parametrize(
    ("day", "q"),
    [
        (D(2024, 10, 1), 1),
        (D(2024, 12, 31), 1),
        (D(2025, 1, 1), 2),
        (D(2025, 3, 31), 2),
        (D(2025, 4, 1), 3),
        (D(2025, 6, 30), 3),
        (D(2025, 7, 1), 4),
        (D(2025, 9, 30), 4),
    ],
)
def test_quarters(day, q):
    assert quarter(day) == q


def test_quarter_ranges_of_2568():
    assert quarter_range(2568, 1) == (D(2024, 10, 1), D(2024, 12, 31))
    assert quarter_range(2568, 2) == (D(2025, 1, 1), D(2025, 3, 31))
    assert quarter_range(2568, 3) == (D(2025, 4, 1), D(2025, 6, 30))
    assert quarter_range(2568, 4) == (D(2025, 7, 1), D(2025, 9, 30))
    with pytest.raises(ValueError):
        quarter_range(2568, 5)


def test_deadlines_inside_a_fiscal_year():
    assert deadline_in_fiscal_year(2568, 3) == D(2025, 3, 31)
    assert deadline_in_fiscal_year(2568, 6) == D(2025, 6, 30)
    assert deadline_in_fiscal_year(2568, 9) == D(2025, 9, 30)
    assert deadline_in_fiscal_year(2568, 12) == D(2024, 12, 31)
    assert deadline_in_fiscal_year(2567, 2) == D(2024, 2, 29)  # leap year


def test_current_fiscal_year_uses_the_callers_day():
    assert current_fiscal_year(D(2025, 9, 30)) == 2568
    assert current_fiscal_year(D(2025, 10, 1)) == 2569


def test_labels():
    assert fiscal_year_label(2568, "th") == "ปีงบประมาณ 2568"
    assert fiscal_year_label(2568, "en") == "FY 2568"
    assert quarter_label(1, "th") == "ไตรมาส 1"
    assert quarter_label(1, "en") == "Q1"
    assert quarter_label(2, "en", with_months=True) == "Q2 (Jan–Mar)"
    assert quarter_label(4, "th", with_months=True) == "ไตรมาส 4 (ก.ค.–ก.ย.)"


@settings(max_examples=25, deadline=None)
@given(st.lists(st.dates(D(1990, 1, 1), D(2100, 12, 31)), min_size=1, max_size=50))
def test_sql_fiscal_year_and_quarter_match_python(days):
    con = duckdb.connect()
    con.register("days", pd.DataFrame({"d": pd.Series(days, dtype="object")}))
    rows = con.execute(
        f"SELECT CAST(d AS DATE), {fiscal_year_sql('CAST(d AS DATE)')}, "
        f"{quarter_sql('CAST(d AS DATE)')} FROM days"
    ).fetchall()
    for day, fy, q in rows:
        assert (fy, q) == (fiscal_year(day), quarter(day))


def _insert(con, linkage_id, requested_on, **extra):
    """One linkage with the given request date and attributes."""
    cols = {"linkage_id": linkage_id, "partner_name": "P", "dataset": "d", "status": "requested"}
    cols |= {"direction": "outbound", "requested_on": requested_on, **extra}
    con.execute(
        f"INSERT INTO linkages ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        list(cols.values()),
    )


def _ids(con, filters):
    where, params = linkage_where(filters)
    return sorted(
        r[0]
        for r in con.execute(f"SELECT linkage_id FROM linkages WHERE {where}", params).fetchall()
    )


def test_filters_cut_the_fiscal_year_between_30_september_and_1_october():
    con = open_store(":memory:")
    _insert(con, "sep30", D(2025, 9, 30))
    _insert(con, "oct01", D(2025, 10, 1))
    _insert(con, "oct01_2024", D(2024, 10, 1))
    assert _ids(con, Filters(fiscal_year=2568)) == ["oct01_2024", "sep30"]
    assert _ids(con, Filters(fiscal_year=2569)) == ["oct01"]
    assert _ids(con, Filters(fiscal_year=2568, quarter=1)) == ["oct01_2024"]
    assert _ids(con, Filters(fiscal_year=2568, quarter=4)) == ["sep30"]
    assert _ids(con, Filters(quarter=1)) == ["oct01", "oct01_2024"]  # Q1 of any year
    assert _ids(con, Filters()) == ["oct01", "oct01_2024", "sep30"]
    assert period_bounds(Filters(fiscal_year=2568)) == (D(2024, 10, 1), D(2025, 9, 30))


def test_filters_by_attributes_with_one_or_several_keys():
    con = open_store(":memory:")
    _insert(con, "a", D(2025, 1, 1), direction="inbound", classification="secret")
    _insert(con, "b", D(2025, 1, 1), classification="public", personal_data=True)
    _insert(con, "c", D(2025, 1, 1), classification="internal", ministry="มหาดไทย")
    assert _ids(con, Filters(direction="inbound")) == ["a"]
    assert _ids(con, Filters(classification=("public", "internal"))) == ["b", "c"]
    assert _ids(con, Filters(classification=())) == ["a", "b", "c"]  # nothing chosen = all
    assert _ids(con, Filters(personal_data=True)) == ["b"]
    assert _ids(con, Filters(personal_data=False)) == ["a", "c"]  # blank counts as no
    assert _ids(con, Filters(ministry="มหาดไทย")) == ["c"]


def test_filter_values_are_parameters_never_sql():
    where, params = linkage_where(Filters(ministry="x' OR '1'='1", fiscal_year=2568))
    assert "x'" not in where
    assert "x' OR '1'='1" in params


def test_filters_are_hashable_for_caching():
    assert hash(Filters(fiscal_year=2568, direction=("inbound",))) == hash(
        Filters(fiscal_year=2568, direction=("inbound",))
    )
    assert Filters().replace(fiscal_year=2569).fiscal_year == 2569
