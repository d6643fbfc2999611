"""The briefing as a PDF for A4 print: one landscape page per slide, Thai shaped by HarfBuzz.

fpdf2 draws the text with the shipped Sarabun (``static/fonts``, OFL) and shapes it with
uharfbuzz, so vowels and tone marks stack as they should; the charts are drawn as bars and
lines with their numbers written beside them (a printed page has no hover).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fpdf import FPDF

from metrics.briefing import CELL_COLOURS, Briefing, Chart, Slide, Table, number
from metrics.briefing_text import say

FONT_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
FONT = "Sarabun"
PAGE_W, PAGE_H, MARGIN = 297.0, 210.0, 12.0
INK, MUTED, SAMPLE_RED = (34, 34, 34), (85, 85, 85), (179, 38, 30)


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    """``#1f5aa6`` (or ``#888``) as an (r, g, b) tuple."""
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


class BriefingPdf(FPDF):
    """A4 landscape pages with the footer and the sample banner on each."""

    def __init__(self, briefing: Briefing) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.briefing = briefing
        self.add_font(FONT, "", str(FONT_DIR / "Sarabun-Regular.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "Sarabun-Bold.ttf"))
        self.set_text_shaping(use_shaping_engine=True, script="thai", language="tha")
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_title(f"{briefing.title} · {briefing.subtitle}")
        self.set_lang("th" if briefing.lang == "th" else "en")

    def _render_styled_text_line(self, text_line: Any, *args: Any, **kwargs: Any) -> bool:
        """Each line of text inside an ``/ActualText`` span of what was meant.

        HarfBuzz moves Thai marks (a tone mark left of its vowel in the bold face), and text
        extractors then split or reorder them; the span gives readers, copy and paste and
        ``pdftotext`` the text as written. (fpdf2 2.8's one drawing method for a line.)
        """
        text = "".join(fragment.string for fragment in text_line.fragments)
        if not text.strip():
            return super()._render_styled_text_line(text_line, *args, **kwargs)
        self._out(f"/Span <</ActualText <FEFF{text.encode('utf-16-be').hex().upper()}>>> BDC")
        try:
            return super()._render_styled_text_line(text_line, *args, **kwargs)
        finally:
            self._out("EMC")

    def header(self) -> None:
        """The sample banner, top right, while the sample is loaded."""
        if self.briefing.sample:
            self.set_font(FONT, "B", 12)
            self.set_text_color(*SAMPLE_RED)
            self.set_xy(PAGE_W / 2, 4)
            self.cell(PAGE_W / 2 - MARGIN, 7, say("sample", self.briefing.lang), align="R")

    def footer(self) -> None:
        """Data date, fiscal year and filters, and the page number."""
        self.set_font(FONT, "", 9)
        self.set_text_color(*MUTED)
        self.set_xy(MARGIN, PAGE_H - 10)
        self.cell(PAGE_W - 2 * MARGIN - 15, 6, self.briefing.footer)
        self.cell(15, 6, str(self.page_no()), align="R")

    def write_lines(self, lines: list[str], size: float, *, bold: bool = False) -> None:
        """Lines of text from the current position down."""
        self.set_font(FONT, "B" if bold else "", size)
        self.set_text_color(*INK)
        for line in lines:
            self.set_x(MARGIN)
            self.multi_cell(PAGE_W - 2 * MARGIN, size * 0.5, line, new_x="LMARGIN", new_y="NEXT")


def _legend(pdf: BriefingPdf, chart: Chart, x: float, y: float, w: float) -> float:
    """Series colours and names in rows within the width; returns the y below them."""
    pdf.set_font(FONT, "", 8)
    start = x
    for (name, _), colour in zip(chart.series, chart.colours, strict=False):
        if x + pdf.get_string_width(name) + 8 > start + w and x > start:
            x, y = start, y + 5.5
        pdf.set_fill_color(*_rgb(colour))
        pdf.rect(x, y + 1.2, 3, 3, style="F")
        pdf.set_xy(x + 4, y)
        width = pdf.get_string_width(name) + 3
        pdf.cell(width, 5.5, name)
        x += width + 5
    return y + 6.5


def _chart_title(pdf: BriefingPdf, chart: Chart, x: float, y: float, w: float) -> float:
    """The chart's title and legend; returns the y where the drawing starts."""
    pdf.set_font(FONT, "B", 11)
    pdf.set_text_color(*INK)
    pdf.set_xy(x, y)
    pdf.multi_cell(w, 5.5, chart.title, new_x="LMARGIN", new_y="NEXT")
    return _legend(pdf, chart, x, pdf.get_y(), w) if len(chart.series) > 1 else pdf.get_y() + 1


def draw_bars(pdf: BriefingPdf, chart: Chart, box: tuple[float, float, float, float]) -> None:
    """Horizontal bars, one group per category (stacked: one bar), each with its number."""
    x, y, w, h = box
    top = _chart_title(pdf, chart, x, y, w)
    stacked = chart.kind == "stacked"
    per_category = 1 if stacked else len(chart.series)
    rows = len(chart.categories) * per_category
    row_h = min(7.0, (y + h - top) / max(rows + len(chart.categories) * 0.4, 1))
    label_w, number_w = w * 0.36, 16.0
    sums = [
        sum(v or 0 for _, vs in chart.series for v in [vs[i]]) for i in range(len(chart.categories))
    ]
    values = [v for _, vs in chart.series for v in vs if v is not None]
    scale = (w - label_w - number_w - 2) / max([1.0, *(sums if stacked else values)])
    pdf.set_font(FONT, "", min(8.5, row_h * 2.1))
    for index, category in enumerate(chart.categories):
        pdf.set_text_color(*INK)
        pdf.set_xy(x, top)
        pdf.cell(label_w - 2, row_h, _fit(pdf, category, label_w - 3), align="R")
        left = x + label_w
        for s_index, (_, series_values) in enumerate(chart.series):
            value = series_values[index]
            pdf.set_fill_color(*_rgb(chart.colours[s_index % len(chart.colours)]))
            width = (value or 0) * scale
            if width > 0:
                pdf.rect(left, top + row_h * 0.15, width, row_h * 0.7, style="F")
            if stacked:
                left += width
            else:
                pdf.set_xy(left + width + 1, top)
                pdf.cell(number_w, row_h, number(value))
                top += row_h
        if stacked:
            pdf.set_xy(left + 1, top)
            pdf.cell(number_w * 2, row_h, " / ".join(number(vs[index]) for _, vs in chart.series))
            top += row_h
        top += row_h * 0.4


def draw_line(pdf: BriefingPdf, chart: Chart, box: tuple[float, float, float, float]) -> None:
    """Lines over the categories, every point's number written above it."""
    x, y, w, h = box
    top = _chart_title(pdf, chart, x, y, w)
    left, bottom, right = x + 8, y + h - 10, x + w - 4
    values = [v for _, vs in chart.series for v in vs if v is not None]
    high = max([1.0, *values]) * 1.12
    step = (right - left) / max(len(chart.categories), 1)
    pdf.set_draw_color(*MUTED)
    pdf.set_line_width(0.2)
    pdf.line(left, bottom, right, bottom)
    pdf.line(left, top + 2, left, bottom)
    pdf.set_font(FONT, "", 7)
    pdf.set_text_color(*INK)
    for index, category in enumerate(chart.categories):
        pdf.set_xy(left + index * step, bottom + 1)
        pdf.multi_cell(step, 3.5, category, align="C", max_line_height=3.5)
    for s_index, (_, series_values) in enumerate(chart.series):
        colour = _rgb(chart.colours[s_index % len(chart.colours)])
        pdf.set_draw_color(*colour)
        pdf.set_fill_color(*colour)
        pdf.set_line_width(0.6)
        points = [
            (left + (i + 0.5) * step, bottom - v / high * (bottom - top - 4))
            for i, v in enumerate(series_values)
            if v is not None
        ]
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            pdf.line(x0, y0, x1, y1)
        labelled = [v for v in series_values if v is not None]
        for (px, py), value in zip(points, labelled, strict=True):
            pdf.circle(px, py, 0.9, style="F")
            if s_index == 0 or (px, py) == points[-1]:
                pdf.set_xy(px - step / 2, py - 4.5)
                pdf.cell(step, 3.5, number(value), align="C")
    pdf.set_line_width(0.2)


def draw_table(pdf: BriefingPdf, table: Table, box: tuple[float, float, float, float]) -> None:
    """A table; a row with a status gets the scorecard's colours in its last cell."""
    x, y, w, h = box
    row_h = min(8.0, h / (len(table.rows) + 1))
    size = min(10.0, row_h * 2.2)
    widths = _column_widths(pdf, table, w, size)
    pdf.set_draw_color(200, 200, 200)
    for r_index, row in enumerate([table.columns, *table.rows]):
        fill = table.fills[r_index - 1] if r_index and table.fills else None
        pdf.set_font(FONT, "B" if r_index == 0 else "", size)
        left = x
        for c_index, (text, width) in enumerate(zip(row, widths, strict=True)):
            colours = CELL_COLOURS.get(fill) if fill and c_index == len(row) - 1 else None
            pdf.set_fill_color(*(_rgb(colours[0]) if colours else (255, 255, 255)))
            pdf.set_text_color(*(_rgb(colours[1]) if colours else INK))
            pdf.set_xy(left, y + r_index * row_h)
            pdf.cell(width, row_h, _fit(pdf, text, width - 2), border=1, fill=True)
            left += width


def _column_widths(pdf: BriefingPdf, table: Table, w: float, size: float) -> list[float]:
    """Each column as wide as its widest cell; the widest column gives way when too wide."""
    pdf.set_font(FONT, "B", size)
    widths = [
        max(pdf.get_string_width(text) for text in [c, *(r[i] for r in table.rows)]) + 3
        for i, c in enumerate(table.columns)
    ]
    widest = widths.index(max(widths))
    widths[widest] -= sum(widths) - w  # it shrinks to fit, or takes the room left over
    return widths


def _fit(pdf: BriefingPdf, text: str, width: float) -> str:
    """The text cut with "…" so that it fits the width in the current font (binary search)."""
    if pdf.get_string_width(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if pdf.get_string_width(text[:middle] + "…") <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low] + "…"


def draw_slide(pdf: BriefingPdf, content: Slide) -> None:
    """One page: title, lines, then charts and table side by side."""
    pdf.add_page()
    pdf.set_xy(MARGIN, 11)
    pdf.write_lines([content.title], 18, bold=True)
    pdf.set_y(pdf.get_y() + 1)
    pdf.write_lines(content.lines, 11)
    top, bottom = pdf.get_y() + 3, PAGE_H - 13
    parts = [*content.charts, *([content.table] if content.table is not None else [])]
    if not parts:
        return
    gap, width = 8.0, PAGE_W - 2 * MARGIN
    if content.table is not None and content.charts:
        widths = [(width - gap) * 0.36, (width - gap) * 0.64]
    else:
        widths = [(width - gap * (len(parts) - 1)) / len(parts)] * len(parts)
    left = MARGIN
    for part, part_w in zip(parts, widths, strict=False):
        box = (left, top, part_w, bottom - top)
        if isinstance(part, Table):
            draw_table(pdf, part, box)
        elif part.kind == "line":
            draw_line(pdf, part, box)
        else:
            draw_bars(pdf, part, box)
        left += part_w + gap


def briefing_pdf(briefing: Briefing) -> bytes:
    """The briefing as the bytes of a PDF file (A4 landscape, a cover then one page a slide)."""
    pdf = BriefingPdf(briefing)
    pdf.add_page()
    pdf.set_xy(MARGIN, 30)
    pdf.write_lines([briefing.title], 24, bold=True)
    pdf.write_lines([briefing.subtitle], 16)
    pdf.set_y(pdf.get_y() + 6)
    contents = [f"{n}. {s.title}" for n, s in enumerate(briefing.slides, start=1)]
    pdf.write_lines([say("contents", briefing.lang), *contents], 14)
    for content in briefing.slides:
        draw_slide(pdf, content)
    return bytes(pdf.output())
