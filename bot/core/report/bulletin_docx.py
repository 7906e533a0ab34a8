"""`/report docx`: the 通报 as a Word document an office can edit and forward (python-docx).

A4 with the margins of official documents (GB/T 9704), the title, the period and the date, the
headline, each section as a heading (Word's Heading 1, so the navigation pane lists them) with its
lines, the table of each owner's counts (the chart's numbers), and the chart itself.
"""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle

from bot import messages
from bot.core.report.bulletin import headline, sections
from bot.core.report.model import OwnerTally, ReportData
from bot.core.report.wording import date_text, owner_text

LATIN = "Times New Roman"
TITLE_FONT = "方正小标宋简体"  # the usual faces of a 通报; Word substitutes where one is missing
HEADING_FONT = "黑体"
GROUP_FONT = "楷体"
BODY_FONT = "仿宋"
BODY_PT = 16  # 三号
TABLE_PT = 12  # 小四
CHART_WIDTH = Cm(15.5)
TABLE_WIDTHS = (Cm(4.6), Cm(2.2), Cm(2.2), Cm(2.2), Cm(2.2), Cm(2.2))  # 责任单位 and five counts


def _fonts(style: BaseStyle, east_asian: str, size: int, *, bold: bool = False) -> None:
    """Set a style's faces (Latin and East Asian, dropping the template's theme fonts), size and colour."""
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for name in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(name), None)
    fonts.set(qn("w:ascii"), LATIN)
    fonts.set(qn("w:hAnsi"), LATIN)
    fonts.set(qn("w:eastAsia"), east_asian)
    font = style.font  # type: ignore[attr-defined]  # paragraph styles have a font
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = RGBColor(0, 0, 0)


def _styled(document: WordDocument) -> None:
    styles = document.styles
    _fonts(styles["Normal"], BODY_FONT, BODY_PT)
    _fonts(styles["Title"], TITLE_FONT, 22)
    title_pr = styles["Title"].element.pPr
    for border in title_pr.findall(qn("w:pBdr")):
        title_pr.remove(border)
    styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _fonts(styles["Heading 1"], HEADING_FONT, BODY_PT)
    _fonts(styles["Heading 2"], GROUP_FONT, BODY_PT)
    for name in ("Heading 1", "Heading 2"):
        styles[name].paragraph_format.space_before = Pt(8)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def _tally_table(document: WordDocument, tallies: tuple[OwnerTally, ...]) -> None:
    header = messages.REPORT_DOCX_TABLE_HEADER
    table = document.add_table(rows=1, cols=len(header))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, TABLE_WIDTHS):
        column.width = width
    totals = [0, 0, 0, 0, 0]
    rows: list[list[str]] = [list(header)]
    for tally in tallies:
        counts = [tally.done_on_time, tally.done_late, tally.open, tally.overdue, tally.total]
        totals = [a + b for a, b in zip(totals, counts)]
        rows.append([owner_text(tally.owner), *map(str, counts)])
    rows.append([messages.REPORT_DOCX_TABLE_TOTAL, *map(str, totals)])
    for index, values in enumerate(rows):
        cells = table.rows[0].cells if index == 0 else table.add_row().cells
        for column, (cell, value) in enumerate(zip(cells, values)):
            cell.width = TABLE_WIDTHS[column]
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(value)
            run.font.size = Pt(TABLE_PT)
            run.font.bold = index in (0, len(rows) - 1)
            if column:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def bulletin_docx(data: ReportData, chart_png: bytes | None) -> bytes:
    """The .docx bytes; `chart_png` (`chart.report_chart(data)`) is embedded after the table."""
    document = Document()
    _styled(document)
    document.add_paragraph(messages.REPORT_TITLE, style="Title")
    period = document.add_paragraph(data.period.label)
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dated = document.add_paragraph(messages.REPORT_DOCX_DATE.format(date=date_text(data.generated_at)))
    dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for line in headline(data).splitlines()[1:]:
        document.add_paragraph(line).paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    for section in sections(data):
        document.add_heading(section.title, level=1)
        for line in section.lines or (messages.REPORT_NONE,):
            if line in section.headings:
                document.add_heading(line, level=2)
            else:
                document.add_paragraph(line)
    if data.tallies:
        document.add_heading(messages.REPORT_DOCX_TABLE_TITLE, level=1)
        _tally_table(document, data.tallies)
    if chart_png:
        document.add_picture(io.BytesIO(chart_png), width=CHART_WIDTH)
        document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        caption = document.add_paragraph(messages.REPORT_DOCX_CHART_CAPTION)
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
