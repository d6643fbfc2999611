"""The briefing as PDF: A4 pages rendered to PNG (pdftoppm) and their text read back (pdftotext).

poppler-utils is installed by scripts/test. The text of every page must hold what was meant,
Thai tone marks and vowels in place (HarfBuzz moves marks; the ActualText spans keep the text).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from loaders.store import open_store
from metrics.briefing import build_briefing
from metrics.briefing_pdf import briefing_pdf
from metrics.briefing_text import say

TODAY = dt.date(2026, 12, 2)
TOOLS = ("pdftoppm", "pdftotext", "pdfinfo", "pdffonts")


def squeeze(text: str) -> str:
    """Text without whitespace (lines wrap where the page ends them)."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def tools() -> None:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    assert not missing, f"install poppler-utils (scripts/test does): {missing}"


def page_text(pdf: Path, page: int) -> str:
    """pdftotext of one page."""
    return subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True, check=True, text=True,
    ).stdout  # fmt: skip


def expected_on_pages(briefing) -> list[list[str]]:
    """What each page must say: cover, then per slide its title, lines, charts and table."""
    every = [briefing.footer, *([say("sample", briefing.lang)] if briefing.sample else [])]
    pages = [[briefing.title, briefing.subtitle, *(s.title for s in briefing.slides), *every]]
    for slide in briefing.slides:
        wanted = [slide.title, *slide.lines, *every]
        for chart in slide.charts:
            wanted += [chart.title, *chart.categories]
            wanted += [name for name, _ in chart.series] if len(chart.series) > 1 else []
        if slide.table is not None:
            wanted += slide.table.columns
            wanted += [row[0] for row in slide.table.rows]
            wanted += [row[-1] for row in slide.table.rows if len(row[-1]) < 12]
        pages.append(wanted)
    return pages


@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_page_renders_on_a4_and_reads_back_as_meant(seeded_store, tmp_path, tools, lang):
    briefing = build_briefing(open_store(seeded_store), fiscal_year=2568, today=TODAY, lang=lang)
    assert briefing.sample
    pdf = tmp_path / "briefing.pdf"
    pdf.write_bytes(briefing_pdf(briefing))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True).stdout
    assert re.search(r"Pages:\s+7\b", info)
    assert "841.89 x 595.28 pts (A4)" in info  # landscape A4, printable as it is
    fonts = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, check=True, text=True
    ).stdout
    assert "+Sarabun " in fonts and "+SarabunBold " in fonts  # embedded subsets

    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == 7
    for image in images:
        gray = Image.open(image).convert("L")
        assert gray.size[0] > gray.size[1]  # landscape
        dark = sum(gray.histogram()[:128])
        assert dark > 500, f"{image.name} is nearly blank"

    for number, wanted in enumerate(expected_on_pages(briefing), start=1):
        text = page_text(pdf, number)
        assert "\ufffd" not in text
        got = squeeze(text)
        missing = [w for w in wanted if squeeze(w) not in got]
        assert not missing, f"page {number} lacks {missing}"


def test_thai_marks_come_back_in_place(seeded_store, tmp_path, tools):
    briefing = build_briefing(open_store(seeded_store), fiscal_year=2568, today=TODAY)
    pdf = tmp_path / "briefing.pdf"
    pdf.write_bytes(briefing_pdf(briefing))
    cover, kpis = page_text(pdf, 1), page_text(pdf, 2)
    # Tone mark over an upper vowel (ชี้), sara am (สำ, กำ), a mark on a tall consonant (ป้).
    assert "สรุปผลการเชื่อมโยงข้อมูลสำหรับผู้บริหาร" in cover
    assert "ตัวชี้วัดของ 4 กระบวนการ" in kpis
    assert "ใกล้ครบกำหนด ยังไม่บรรลุ" in kpis and "ไม่บรรลุเป้าหมาย" in kpis
    assert "ข้อมูล ณ 2 ธ.ค. 2569 · ปีงบประมาณ 2568 · ไม่มีตัวกรอง" in kpis
