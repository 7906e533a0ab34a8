"""/export: the chat's ledger (督办台账) as an .xlsx workbook (openpyxl), every status included:
the ledger sheet (an item's number in the chat, and at the end its original and approved due
dates when it was extended) and a 办理经过 sheet with every state change, who and when."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from bot import messages
from bot.core import render
from bot.core.detail import history_lines
from bot.core.runtime import Runtime
from scheduler import service
from storage.db import transaction
from storage.models import CANCELLED, MERGED, PENDING
from storage.obligations import list_chat_obligations
from storage.progress import list_reports_by_obligation
from storage.speeches import get_speeches

WIDTHS = (8, 40, 18, 24, 10, 30, 60, 50, 18, 18, 18)
HISTORY_WIDTHS = (8, 18, 18, 16, 60)


def _speech_title(text: str, received_at: datetime, rt: Runtime) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = first if len(first) <= 40 else first[:38] + "……"
    return f"{received_at.astimezone(rt.tz).date().isoformat()} {first}".strip()


def ledger_rows(rt: Runtime, chat_id: int) -> list[list[object]]:
    """One row per item that was confirmed (pending and deleted-before-confirmation items are left out)."""
    return _tables(rt, chat_id)[0]


def _tables(rt: Runtime, chat_id: int) -> tuple[list[list[object]], list[list[object]]]:
    """(ledger rows, history rows)."""
    now = rt.now()
    with transaction(rt.engine) as session:
        config = service.config_for(session, chat_id, rt.policy)
        rows = [r for r in list_chat_obligations(session, chat_id)
                if r.status not in (PENDING, MERGED) and not (r.status == CANCELLED and r.confirmed_at is None)]
        speeches = get_speeches(session, [r.speech_id for r in rows])
        progress = list_reports_by_obligation(session, [r.id for r in rows])
        out, history = [], []
        for row in rows:
            speech = speeches.get(row.speech_id)
            reports = "\n".join(f"{p.reported_at.astimezone(rt.tz).strftime('%Y-%m-%d')} {p.text}"
                                for p in progress.get(row.id, []))
            extended = row.original_due_at is not None
            out.append([
                row.number, row.action, render.owners_text(row.owner, row.co_owners),
                render.item_limit(session, row, config, now), render.item_status(session, row, config, now),
                _speech_title(speech.text, speech.received_at, rt) if speech else "", row.quote, reports,
                row.done_at.astimezone(rt.tz).strftime("%Y-%m-%d %H:%M") if row.done_at else "",
                render.when_text(row.original_due_at, rt.tz) if extended else "",
                render.when_text(row.due_at, rt.tz) if extended else "",
            ])
            history += [[row.number, at.astimezone(rt.tz).strftime("%Y-%m-%d %H:%M"), what, who, said]
                        for at, what, who, said in history_lines(session, row.id, rt.tz)]
        return out, history


def _fill(sheet: Any, header: tuple[str, ...], rows: list[list], widths: tuple[int, ...]) -> None:
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"


def workbook_bytes(rows: list[list], history: list[list] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = messages.EXPORT_SHEET
    _fill(sheet, (*messages.EXPORT_HEADER, *messages.EXPORT_DUE_COLUMNS), rows, WIDTHS)
    if history is not None:
        _fill(book.create_sheet(messages.EXPORT_HISTORY_SHEET), messages.EXPORT_HISTORY_HEADER, history,
              HISTORY_WIDTHS)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export(rt: Runtime, chat_id: int) -> tuple[str, bytes, str]:
    """(file name, xlsx bytes, caption)."""
    rows, history = _tables(rt, chat_id)
    local = rt.now().astimezone(rt.tz)
    return (messages.EXPORT_FILENAME.format(day=local.strftime("%Y%m%d")), workbook_bytes(rows, history),
            messages.EXPORT_CAPTION.format(count=len(rows), when=local.strftime("%Y-%m-%d %H:%M")))
