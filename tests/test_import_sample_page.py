"""The upload page while the sample data is loaded: it says so, counts against real rows only,
and by default removes the sample in the same step as the import (issue 17)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from auth.audit import entries
from labels import label
from loaders.store import open_store
from tests.apptest import open_page
from tests.conftest import SAMPLE_ROWS

# Two real linkages; the second uses an ID of a sample linkage (ตัวอย่าง-LNK-2566-001).
REGISTER_CSV = (
    "รหัสการเชื่อมโยง,หน่วยงานคู่เชื่อมโยง,ทิศทางการเชื่อมโยง,ชุดข้อมูล,สถานะ\n"
    "LNK-2566-001,กรมจริง,outbound,ข้อมูลจริง,requested\n"
    "ตัวอย่าง-LNK-2566-001,กรมจริง,inbound,ข้อมูลจริง,linked\n"
).encode()


def _text(key: str, **values: object) -> str:
    """A label in Thai (the default language)."""
    return label(key, "th", **values)


def _upload_page() -> AppTest:
    """The upload page with a real register chosen, while the sample is loaded."""
    at = open_page("pages/import.py", check=False)
    at.file_uploader(key="upload_file").upload("real.csv", REGISTER_CSV, "text/csv")
    return at.run()


def _counts(path) -> tuple[int, int, int]:
    """Real linkages, sample linkages, sample history rows in the store."""
    con = open_store(path)
    try:
        return con.execute(
            "SELECT count(*) FILTER (NOT is_sample), count(*) FILTER (is_sample), "
            "(SELECT count(*) FROM linkage_history WHERE is_sample) FROM linkages"
        ).fetchone()
    finally:
        con.close()


def _metric(at: AppTest, key: str) -> str:
    """The value of the preview metric labelled by `key`."""
    return next(m.value for m in at.metric if m.label == _text(key))


def test_preview_says_the_sample_is_loaded_and_counts_real_rows_only(seeded_store):
    at = _upload_page()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    held = sum(SAMPLE_ROWS.values())
    assert _text("up_sample_loaded", n=f"{held:,}") in warnings
    assert "ตัวอย่าง-LNK-2566-001" in warnings  # the sample-style ID is pointed out
    # Both rows are new: neither matched a sample linkage, and no sample linkage is "absent".
    assert (_metric(at, "m_added"), _metric(at, "m_changed"), _metric(at, "m_absent")) == (
        "2",
        "0",
        "0",
    )
    assert at.checkbox(key="upload_remove_sample").value is True  # offered, as the default


def test_import_removes_the_sample_in_the_same_step_by_default(seeded_store):
    sample_history = _counts(seeded_store)[2]
    assert sample_history > 0
    at = _upload_page()
    at.button(key="btn_import").click().run()
    assert not at.exception
    assert _counts(seeded_store) == (2, 0, 0)
    assert list(seeded_store.parent.glob("*.bak-*-before-sample-removal"))
    successes = " ".join(s.value for s in at.success)
    held = sum(SAMPLE_ROWS.values())
    assert _text("sample_removed", n=held) in successes
    con = open_store(seeded_store)
    actions = set(entries(con)["action"])
    con.close()
    assert {"sample_removed", "upload"} <= actions


def test_unticked_the_sample_stays_beside_the_real_rows(seeded_store):
    before = _counts(seeded_store)
    at = _upload_page()
    at.checkbox(key="upload_remove_sample").uncheck().run()
    assert _text("up_sample_stays") in [c.value for c in at.caption]
    at.button(key="btn_import").click().run()
    assert not at.exception
    assert _counts(seeded_store) == (2, before[1], before[2])
    assert not list(seeded_store.parent.glob("*.bak-*-before-sample-removal"))


@pytest.mark.usefixtures("empty_store")
def test_no_sample_no_notice_and_no_offer():
    at = _upload_page()
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning)
    assert _text("up_sample_loaded", n=0)[:20] not in warnings
    assert not [c for c in at.checkbox if c.key == "upload_remove_sample"]
