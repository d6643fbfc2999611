"""Helpers for the operations and comparisons page tests: a register-only store, AppTest plumbing."""

from __future__ import annotations

import base64
import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from labels import label
from loaders.importer import import_bytes
from loaders.store import open_store
from tests import apptest

TODAY = dt.date.today()


def _day(offset: int) -> str:
    """An ISO date `offset` days from today (so late and expiring rows stay late and expiring)."""
    return (TODAY + dt.timedelta(days=offset)).isoformat()


REGISTER_HEADER = (
    "linkage_id,partner_name,partner_type,ministry,direction,dataset,method,classification,"
    "personal_data,status,requested_on,responded_on,mou_signed_on,linked_on,in_use_on,"
    "cancelled_on,cancel_reason,mou_expires_on,integration_level,standardization_level"
)
# R2 waits 45 days (late at 30), R3 10 days; R1's MOU is due in 60 days, R5's expired 5 days ago.
REGISTER_ROWS = [
    f"R1,กรมการปกครอง,government,กระทรวงมหาดไทย,outbound,ทะเบียนราษฎร,gdx,confidential,yes,in_use,"
    f"2024-10-01,2024-11-01,2024-11-15,2025-01-15,2025-03-01,,,{_day(60)},high,high",
    f"R2,กรมสรรพากร,government,กระทรวงการคลัง,inbound,ข้อมูลภาษี,rest,internal,no,requested,"
    f"{_day(-45)},,,,,,,,low,high",
    f"R3,การประปานครหลวง,state_enterprise,กระทรวงมหาดไทย,inbound,ข้อมูลผู้ใช้น้ำ,file,public,yes,"
    f"under_review,{_day(-10)},,,,,,,,high,low",
    "R4,บริษัท ตัวอย่าง จำกัด,private,,outbound,ข้อมูลเครดิต,soap,internal,no,cancelled,"
    "2024-01-10,2024-02-01,,2024-03-01,,2025-02-01,breach,,low,low",
    f"R5,กรมที่ดิน,government,กระทรวงมหาดไทย,outbound,ข้อมูลโฉนด,db_link,public,no,linked,"
    f"2024-05-01,2024-06-01,2024-06-15,2024-09-01,,,,{_day(-5)},,",
]


def register_csv(rows: list[str]) -> bytes:
    """The register as CSV bytes."""
    return ("\n".join([REGISTER_HEADER, *rows]) + "\n").encode("utf-8")


@pytest.fixture
def register_only_store(empty_store: Path) -> Path:
    """A store holding only a register, uploaded twice (R5's method changed in between)."""
    con = open_store(empty_store)
    import_bytes(con, register_csv(REGISTER_ROWS), "register_v1.csv", "register")
    changed = [*REGISTER_ROWS[:4], REGISTER_ROWS[4].replace(",db_link,", ",rest,")]
    import_bytes(con, register_csv(changed), "register_v2.csv", "register")
    con.close()
    return empty_store


def open_page(page: str, *, lang: str = "th", params: dict[str, Any] | None = None) -> AppTest:
    """The dashboard switched to `page`, caches from earlier tests cleared."""
    return apptest.open_page(page, lang=lang, params=params)


def open_section(at: AppTest, key: str, label_key: str, lang: str = "th") -> AppTest:
    """Open a section tab of the page (ui.shell.sections: only the open one is drawn), rerun."""
    at.session_state[f"section_{key}"] = label(label_key, lang)
    at.run()
    assert not at.exception, at.exception
    return at


def metrics_shown(at: AppTest) -> dict[str, str]:
    """Every metric on the page, label → value as shown."""
    return {m.label: m.value for m in at.metric}


def all_text(at: AppTest) -> str:
    """Every piece of text the page drew."""
    parts = [
        e.value for e in (*at.markdown, *at.caption, *at.info, *at.warning, *at.success, *at.error)
    ]
    parts += [e.value for e in (*at.title, *at.subheader)]
    return "\n".join(str(p) for p in parts)


def figure(at: AppTest, key: str) -> dict[str, Any]:
    """The Plotly figure (as JSON) of the chart with this key."""
    for element in at.get("plotly_chart"):
        if getattr(element, "key", None) == key or key in str(element.proto.id):
            return json.loads(element.proto.spec)
    raise KeyError(key)


def values(array: Any) -> list[Any]:
    """A trace's data array as a list (Plotly sends numbers as base64 typed arrays)."""
    if isinstance(array, dict) and "bdata" in array:
        decoded = np.frombuffer(base64.b64decode(array["bdata"]), dtype=array["dtype"])
        return decoded.tolist()
    return list(array)


def select_point(at: AppTest, key: str, *customdata: Any) -> AppTest:
    """Click a bar or point of a chart (its selection state) and rerun."""
    at.session_state[key] = {
        "selection": {
            "points": [{"customdata": list(customdata), "point_index": 0, "curve_number": 0}],
            "point_indices": [0],
            "box": [],
            "lasso": [],
        }
    }
    at.run()
    assert not at.exception, at.exception
    return at


def tables(at: AppTest) -> list[pd.DataFrame]:
    """Every table on the page as a DataFrame (styled ones unwrapped)."""
    frames = []
    for element in at.dataframe:
        value = element.value
        frames.append(value.data if hasattr(value, "data") else value)
    return frames
