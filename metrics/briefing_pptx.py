"""The briefing as PowerPoint: native, editable charts (python-pptx), Sarabun, 16:9.

Every slide carries the footer (data date, fiscal year, filters) and, while the sample is
loaded, a red "sample data" banner. Thai runs are set in the complex-script font slot too
(``a:cs``), which is the one PowerPoint uses for Thai.
"""

from __future__ import annotations

import io

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from metrics.briefing import CELL_COLOURS, Briefing, Chart, Slide, Table
from metrics.briefing_text import say

FONT = "Sarabun"
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.4)
SAMPLE_RED = RGBColor(0xB3, 0x26, 0x1E)
CHART_TYPES = {
    "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "bar": XL_CHART_TYPE.BAR_CLUSTERED,
    "stacked": XL_CHART_TYPE.BAR_STACKED,
    "line": XL_CHART_TYPE.LINE_MARKERS,
}


def rgb(hex_colour: str) -> RGBColor:
    """``#1f5aa6`` (or ``#888``) as an RGBColor."""
    value = hex_colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return RGBColor.from_string(value.upper())


def set_font(font: object, size: float | None = None, bold: bool = False) -> None:
    """Sarabun in the Latin and the complex-script (Thai) slots of a run's or a chart's font."""
    font.name = FONT  # type: ignore[attr-defined]
    if size is not None:
        font.size = Pt(size)  # type: ignore[attr-defined]
    font.bold = bold  # type: ignore[attr-defined]
    properties = font._element if hasattr(font, "_element") else font._rPr  # type: ignore[attr-defined]
    for tag in ("a:ea", "a:cs"):
        slot = properties.find(qn(tag))
        if slot is None:
            slot = properties.makeelement(qn(tag), {})
            properties.append(slot)
        slot.set("typeface", FONT)


def text_box(slide: object, left: int, top: int, width: int, height: int, lines: list[str],
             *, size: float, bold: bool = False, colour: RGBColor | None = None) -> None:  # fmt: skip
    """A text box of one paragraph per line."""
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame  # type: ignore[attr-defined]
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        set_font(run.font, size, bold)
        if colour is not None:
            run.font.color.rgb = colour


def frame_slide(presentation: Presentation, briefing: Briefing, title: str) -> object:
    """A blank slide with its title, the footer and (on sample data) the sample banner."""
    slide = presentation.slides.add_slide(presentation.slide_layouts[6])
    text_box(
        slide, MARGIN, Inches(0.25), WIDTH - 2 * MARGIN, Inches(0.7), [title], size=26, bold=True
    )
    text_box(slide, MARGIN, HEIGHT - Inches(0.45), WIDTH - 2 * MARGIN, Inches(0.35),
             [briefing.footer], size=11, colour=RGBColor(0x55, 0x55, 0x55))  # fmt: skip
    if briefing.sample:
        text_box(slide, WIDTH - Inches(5.4), Inches(0.1), Inches(5.0), Inches(0.4),
                 [say("sample", briefing.lang)], size=13, bold=True, colour=SAMPLE_RED)  # fmt: skip
    return slide


def add_chart(slide: object, chart: Chart, box: tuple[int, int, int, int]) -> None:
    """One native chart: its categories, series and series colours, Sarabun throughout."""
    data = CategoryChartData(number_format="#,##0.##")
    data.categories = chart.categories
    for name, values in chart.series:
        data.add_series(name, values)
    frame = slide.shapes.add_chart(CHART_TYPES[chart.kind], *box, data)  # type: ignore[attr-defined]
    graphic = frame.chart
    graphic.has_title = True
    graphic.chart_title.text_frame.text = chart.title
    set_font(graphic.chart_title.text_frame.paragraphs[0].runs[0].font, 14, True)
    set_font(graphic.font, 11)
    graphic.has_legend = len(chart.series) > 1
    if graphic.has_legend:
        graphic.legend.position = XL_LEGEND_POSITION.BOTTOM
        graphic.legend.include_in_layout = False
    if chart.kind == "stacked":
        graphic.plots[0].overlap = 100
    for series, colour in zip(graphic.series, chart.colours, strict=False):
        if chart.kind == "line":
            series.format.line.color.rgb = rgb(colour)
            series.smooth = False
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = rgb(colour)


def add_table(slide: object, table: Table, box: tuple[int, int, int, int], size: float) -> None:
    """A native table; a row with a status gets the scorecard's cell colours in its last cell."""
    shape = slide.shapes.add_table(len(table.rows) + 1, len(table.columns), *box)  # type: ignore[attr-defined]
    grid = shape.table
    for col, heading in enumerate(table.columns):
        _cell(grid.cell(0, col), heading, size, bold=True)
    for row_index, row in enumerate(table.rows, start=1):
        fill = table.fills[row_index - 1] if table.fills else None
        for col, value in enumerate(row):
            colours = CELL_COLOURS.get(fill) if fill and col == len(row) - 1 else None
            _cell(grid.cell(row_index, col), value, size, colours=colours)
    for row in grid.rows:
        row.height = Emu(int(box[3] / (len(table.rows) + 1)))
    lengths = [
        max(len(text) for text in [c, *(r[i] for r in table.rows)])
        for i, c in enumerate(table.columns)
    ]
    for column, length in zip(grid.columns, lengths, strict=True):
        column.width = Emu(int(box[2] * max(length, 5) / sum(max(n, 5) for n in lengths)))


def _cell(cell: object, text: str, size: float, *, bold: bool = False,
          colours: tuple[str, str] | None = None) -> None:  # fmt: skip
    """Fill one table cell with text (and a background and ink colour)."""
    cell.text = ""  # type: ignore[attr-defined]
    cell.margin_top = cell.margin_bottom = Emu(0)  # type: ignore[attr-defined]
    run = cell.text_frame.paragraphs[0].add_run()  # type: ignore[attr-defined]
    run.text = text
    set_font(run.font, size, bold)
    if colours:
        cell.fill.solid()  # type: ignore[attr-defined]
        cell.fill.fore_color.rgb = rgb(colours[0])  # type: ignore[attr-defined]
        run.font.color.rgb = rgb(colours[1])


def title_slide(presentation: Presentation, briefing: Briefing) -> None:
    """The cover: title, fiscal year and data date, what follows."""
    slide = frame_slide(presentation, briefing, briefing.title)
    text_box(
        slide, MARGIN, Inches(1.3), WIDTH - 2 * MARGIN, Inches(0.6), [briefing.subtitle], size=20
    )
    contents = [f"{n}. {s.title}" for n, s in enumerate(briefing.slides, start=1)]
    text_box(slide, MARGIN, Inches(2.2), WIDTH - 2 * MARGIN, Inches(4.2),
             [say("contents", briefing.lang), *contents], size=16)  # fmt: skip


def body_slide(presentation: Presentation, briefing: Briefing, content: Slide) -> None:
    """One content slide: its lines under the title, then its charts and table side by side."""
    slide = frame_slide(presentation, briefing, content.title)
    top = Inches(1.0)
    if content.lines:
        height = Inches(0.32) * len(content.lines)
        text_box(slide, MARGIN, top, WIDTH - 2 * MARGIN, height, content.lines, size=13)
        top += height + Inches(0.1)
    bottom = HEIGHT - Inches(0.55)
    parts = len(content.charts) + (content.table is not None)
    if not parts:
        return
    gap = Inches(0.25)
    if content.table is not None and content.charts:
        widths = [int((WIDTH - 2 * MARGIN - gap) * 0.38), int((WIDTH - 2 * MARGIN - gap) * 0.62)]
    else:
        widths = [int((WIDTH - 2 * MARGIN - gap * (parts - 1)) / parts)] * parts
    left = MARGIN
    boxes = []
    for width in widths:
        boxes.append((left, top, width, bottom - top))
        left += width + gap
    for chart, box in zip(content.charts, boxes, strict=False):
        add_chart(slide, chart, box)
    if content.table is not None:
        size = 9 if len(content.table.rows) > 10 else 12
        add_table(slide, content.table, boxes[-1], size)


def briefing_pptx(briefing: Briefing) -> bytes:
    """The briefing as the bytes of a .pptx file."""
    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = WIDTH, HEIGHT
    presentation.core_properties.title = f"{briefing.title} · {briefing.subtitle}"
    presentation.core_properties.language = "th-TH" if briefing.lang == "th" else "en-US"
    title_slide(presentation, briefing)
    for content in briefing.slides:
        body_slide(presentation, briefing, content)
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()
