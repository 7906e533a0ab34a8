"""/export: the chat's 台账 as an .xlsx workbook — the ledger sheet as offices file it
(`report.ledger_xlsx`: 序号, 事项来源, 工作任务, 责任单位, 完成时限, 进展情况, 状态 with its colour,
办结/销号日期; every confirmed item, read through `bot.core.ledger_rows`) and a 办理经过 sheet
with every state change, report and reminder: who and when."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from bot import messages
from bot.core.detail import history_lines
from bot.core.ledger_rows import ledger_rows
from bot.core.report.ledger_xlsx import ledger_workbook, workbook_bytes
from bot.core.runtime import Runtime
from scheduler import service
from storage.db import transaction
from storage.obligations import get_chat_obligation

HISTORY_WIDTHS = (8, 18, 18, 16, 60)


def export(rt: Runtime, chat_id: int) -> tuple[str, bytes, str]:
    """(file name, xlsx bytes, caption)."""
    now = rt.now()
    with transaction(rt.engine) as session:
        config = service.config_for(session, chat_id, rt.policy)
        rows = ledger_rows(session, chat_id, config, now)
        history: list[list[object]] = []
        for row in rows:
            item = get_chat_obligation(session, chat_id, row.number)
            if item is not None:
                history += [[row.number, at.astimezone(config.tz).strftime("%Y-%m-%d %H:%M"), what, who, said]
                            for at, what, who, said in history_lines(session, item.id, config.tz)]
    book = ledger_workbook(rows, now=now, tz=config.tz)
    sheet = book.create_sheet(messages.EXPORT_HISTORY_SHEET)
    sheet.append(list(messages.EXPORT_HISTORY_HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in history:
        sheet.append(line)
        for cell in sheet[sheet.max_row]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(HISTORY_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    local = now.astimezone(config.tz)
    return (messages.EXPORT_FILENAME.format(day=local.strftime("%Y%m%d")), workbook_bytes(book),
            messages.EXPORT_CAPTION.format(count=len(rows), when=local.strftime("%Y-%m-%d %H:%M")))
