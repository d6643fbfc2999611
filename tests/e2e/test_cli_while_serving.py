"""A scheduled command-line import while `streamlit run` has the same database open."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.e2e.conftest import ROOT, wait_for_app

pytestmark = pytest.mark.browser


def _metric(page, label: str) -> str:
    """The value shown under a metric label."""
    block = page.locator("[data-testid='stMetric']").filter(has_text=label).first
    return block.locator("[data-testid='stMetricValue']").inner_text().strip()


def test_cli_import_lands_and_dashboard_shows_it(server, page, tmp_path):
    page.goto(f"{server['url']}/")
    wait_for_app(page, "ภาพรวมการเชื่อมโยงข้อมูล")
    before = int(_metric(page, "การเชื่อมโยงทั้งหมด").replace(",", ""))
    csv = tmp_path / "register.csv"
    csv.write_text(
        "รหัสการเชื่อมโยง,หน่วยงานคู่เชื่อมโยง,ทิศทางการเชื่อมโยง,ชุดข้อมูล,สถานะ\n"
        "CLI-001,กรมตัวอย่างนำเข้า,outbound,ข้อมูลทดสอบ,requested\n"
        "CLI-002,กรมตัวอย่างนำเข้า,inbound,ข้อมูลทดสอบ,linked\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        # --keep-sample: the later browser tests run on the sample this server loaded.
        [
            sys.executable,
            "-m",
            "loaders",
            "import",
            str(csv),
            "--db",
            str(server["db"]),
            "--keep-sample",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["accepted"] == 2
    page.reload()
    wait_for_app(page, "ภาพรวมการเชื่อมโยงข้อมูล")
    assert int(_metric(page, "การเชื่อมโยงทั้งหมด").replace(",", "")) == before + 2
