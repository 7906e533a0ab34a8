"""`/export`: the 台账 as offices file it (openpyxl), one row per item in number order.

Columns 序号, 事项来源, 工作任务, 责任单位 (lead and co-owners), 完成时限 (original and approved),
进展情况 (the latest report and its date), 状态 (its colour as the cell's fill), 办结/销号日期. The
header row is frozen and repeated on every printed page; A4 landscape, fitted to the page's width.
"""

from __future__ import annotations

import io
import math
import unicodedata
from collections.abc import Iterable
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from bot import messages
from bot.core.report.model import Grade, LedgerRow, Stage
from bot.core.report.wording import owner_text, recurrence_text, status_text, when_text

WIDTHS = (7, 26, 42, 22, 24, 36, 16, 18)  # in characters, one per column of LEDGER_HEADER
# The fill of the 状态 cell: the colours of 🔴 🟡 🔵 ✅ ⏳, light enough to print and read black text on.
FILLS = {Grade.OVERDUE: "FFC7CE", Grade.BEHIND: "FFEB9C", Grade.DUE_SOON: "BDD7EE", Grade.DONE: "C6EFCE",
         Grade.WAITING: "E7E6E6"}
HEADER_FILL = "D9D9D9"
STATUS_COLUMN = 7  # 状态
LINE_POINTS = 15  # the height of one line of 11-point text
_thin = Side(style="thin", color="808080")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)


def _day(moment: datetime | None, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).date().isoformat() if moment else ""


def _source(row: LedgerRow) -> str:
    if row.source_date is None:
        return row.source_title
    return messages.LEDGER_SOURCE.format(title=row.source_title, date=row.source_date.isoformat())


def _owners(row: LedgerRow) -> str:
    if not row.co_owners:
        return owner_text(row.owner)
    return "\n".join((messages.LEDGER_LEAD.format(owner=owner_text(row.owner)),
                      messages.LEDGER_CO_OWNERS.format(owners="、".join(row.co_owners))))


def _limit(row: LedgerRow, tz: ZoneInfo) -> str:
    if row.every is not None:
        lines = [recurrence_text(row)]
        if row.original_due:
            lines.append(messages.LEDGER_DUE_PERIOD.format(date=when_text(row.original_due, tz)))
        return "\n".join(lines)
    if row.approved_due is not None:
        return "\n".join((messages.LEDGER_DUE_ORIGINAL.format(date=when_text(row.original_due, tz)),
                          messages.LEDGER_DUE_APPROVED.format(date=when_text(row.approved_due, tz))))
    if row.original_due is not None:
        return when_text(row.original_due, tz)
    return row.limit_text or messages.NO_DUE


def _progress(row: LedgerRow, tz: ZoneInfo) -> str:
    if not row.progress_text:
        return ""
    if row.progress_at is None:
        return row.progress_text
    return messages.LEDGER_PROGRESS.format(date=_day(row.progress_at, tz), text=row.progress_text)


def _finished(row: LedgerRow, tz: ZoneInfo) -> str:
    lines = []
    if row.done_at and row.stage in (Stage.DONE, Stage.CLOSED):
        lines.append(messages.LEDGER_DONE.format(date=_day(row.done_at, tz)))
    if row.closed_at and row.stage == Stage.CLOSED:
        lines.append(messages.LEDGER_CLOSED.format(date=_day(row.closed_at, tz)))
    return "\n".join(lines)


def _columns(text: str) -> int:
    """Columns a text takes in a cell: a Chinese character is two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def row_height(values: list[object]) -> float:
    """Points for a row whose wrapped cells all show in full (spreadsheets do not fit a row's height to
    wrapped text when they open a file)."""
    lines = 1
    for value, width in zip(values, WIDTHS):
        wrapped = sum(max(math.ceil(_columns(line) / (width - 1)), 1) for line in str(value or "").split("\n"))
        lines = max(lines, wrapped)
    return lines * LINE_POINTS + 3


def ledger_values(row: LedgerRow, now: datetime, tz: ZoneInfo) -> list[object]:
    """One row of the sheet, in the order of `messages.LEDGER_HEADER`."""
    return [row.number, _source(row), row.task, _owners(row), _limit(row, tz), _progress(row, tz),
            status_text(row, now.astimezone(tz)), _finished(row, tz)]


def ledger_xlsx(rows: Iterable[LedgerRow], *, now: datetime, tz: ZoneInfo) -> bytes:
    """The .xlsx bytes of the 台账; the rows' grades must be worked out at `now`."""
    return workbook_bytes(ledger_workbook(rows, now=now, tz=tz))


def workbook_bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def ledger_workbook(rows: Iterable[LedgerRow], *, now: datetime, tz: ZoneInfo) -> Workbook:
    """The 台账 as a workbook of one sheet (a caller may add sheets before saving it)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = messages.LEDGER_SHEET
    sheet.append(list(messages.LEDGER_HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = BORDER
    ordered = sorted(rows, key=lambda row: row.number)
    for row in ordered:
        values = ledger_values(row, now, tz)
        sheet.append(values)
        sheet.row_dimensions[sheet.max_row].height = row_height(values)
        cells = sheet[sheet.max_row]
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = BORDER
        cells[0].alignment = Alignment(horizontal="center", vertical="top")
        fill = FILLS.get(row.grade)
        if fill:
            cells[STATUS_COLUMN - 1].fill = PatternFill("solid", fgColor=fill)
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    last = get_column_letter(len(WIDTHS))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{last}{max(sheet.max_row, 2)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as needed
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.6
    sheet.oddHeader.center.text = messages.LEDGER_PRINT_HEADER
    sheet.oddFooter.center.text = messages.LEDGER_PRINT_FOOTER
    return book
