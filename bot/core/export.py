"""/export: the chat's ledger (督办台账) as an .xlsx workbook (openpyxl), every status included."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from bot import messages
from bot.core import render
from bot.core.runtime import Runtime
from scheduler import service
from storage.db import transaction
from storage.models import CANCELLED, PENDING
from storage.obligations import list_chat_obligations
from storage.progress import list_reports_by_obligation
from storage.speeches import get_speeches

WIDTHS = (8, 40, 18, 24, 10, 30, 60, 50, 18)


def _speech_title(text: str, received_at: datetime, rt: Runtime) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = first if len(first) <= 40 else first[:38] + "……"
    return f"{received_at.astimezone(rt.tz).date().isoformat()} {first}".strip()


def ledger_rows(rt: Runtime, chat_id: int) -> list[list[object]]:
    """One row per item that was confirmed (pending and deleted-before-confirmation items are left out)."""
    now = rt.now()
    with transaction(rt.engine) as session:
        config = service.config_for(session, chat_id, rt.policy)
        rows = [r for r in list_chat_obligations(session, chat_id)
                if r.status != PENDING and not (r.status == CANCELLED and r.confirmed_at is None)]
        speeches = get_speeches(session, [r.speech_id for r in rows])
        progress = list_reports_by_obligation(session, [r.id for r in rows])
        out = []
        for row in rows:
            speech = speeches.get(row.speech_id)
            reports = "\n".join(f"{p.reported_at.astimezone(rt.tz).strftime('%Y-%m-%d')} {p.text}"
                                for p in progress.get(row.id, []))
            out.append([
                row.id, row.action, render.owner_text(row.owner), render.item_limit(row, config, now),
                render.status_text(row, now),
                _speech_title(speech.text, speech.received_at, rt) if speech else "", row.quote, reports,
                row.done_at.astimezone(rt.tz).strftime("%Y-%m-%d %H:%M") if row.done_at else "",
            ])
        return out


def workbook_bytes(rows: list[list]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = messages.EXPORT_SHEET
    sheet.append(list(messages.EXPORT_HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export(rt: Runtime, chat_id: int) -> tuple[str, bytes, str]:
    """(file name, xlsx bytes, caption)."""
    rows = ledger_rows(rt, chat_id)
    local = rt.now().astimezone(rt.tz)
    return (messages.EXPORT_FILENAME.format(day=local.strftime("%Y%m%d")), workbook_bytes(rows),
            messages.EXPORT_CAPTION.format(count=len(rows), when=local.strftime("%Y-%m-%d %H:%M")))
