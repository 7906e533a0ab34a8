"""/item N: an item's details and its whole history (who did what, when), and the history
lines the export's 办理经过 sheet shares."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import messages
from bot.core import render
from bot.core.items import MAX_TEXT, buttons_for, not_found
from bot.core.ledger_rows import ledger_row
from bot.core.protocol import Purpose
from bot.core.reply import Reply
from bot.core.report.wording import marked_status
from bot.core.runtime import Runtime
from scheduler import service
from storage import ledger, users
from storage.db import transaction
from storage.obligations import get_chat_obligation
from storage.speeches import get_speech


def history_lines(session: Session, obligation_id: int, tz: ZoneInfo) -> list[tuple[datetime, str, str, str]]:
    """(when, what, who, detail) of every change, report and reminder of an item, oldest first."""
    entries = ledger.list_history(session, obligation_id)
    names = users.get_display_names(session, [e.actor for e in entries if e.actor is not None])
    lines = []
    for entry in entries:
        detail = entry.detail or {}
        who = (names.get(entry.actor) or str(entry.actor)) if entry.actor is not None else ""
        if entry.what.startswith("nudge:"):
            what, said = messages.HISTORY_NUDGE, ""
        else:
            what = messages.HISTORY_WHAT.get(entry.what, entry.what)
            said = _detail(session, entry.what, detail, tz)
        lines.append((entry.at, what, who, said))
    return lines


def _detail(session: Session, what: str, detail: dict, tz: ZoneInfo) -> str:
    if what == "progress":
        return render.short(str(detail.get("text", "")), 100)
    if what in ("returned", "extension_requested") and detail.get("reason"):
        return render.short(str(detail["reason"]), 100)
    if what == "extended" and detail.get("to"):
        return messages.HISTORY_EXTENDED.removeprefix("：").format(
            to=render.when_text(datetime.fromisoformat(detail["to"]), tz))
    if what == "mentioned":
        when = ""
        if detail.get("speech_id"):
            try:
                when = get_speech(session, int(detail["speech_id"])).received_at.astimezone(tz).date().isoformat()
            except LookupError:
                when = ""
        return messages.HISTORY_MENTIONED.removeprefix("：").format(
            when=when, quote=render.short(str(detail.get("quote", "")), 60))
    return ""


def item_detail(rt: Runtime, *, chat_id: int, number: int) -> Reply:
    with transaction(rt.engine) as session:
        row = get_chat_obligation(session, chat_id, number)
        if row is None:
            return not_found(number)
        config, now = service.config_for(session, chat_id, rt.policy), rt.now()
        graded = ledger_row(session, chat_id, number, config, now)  # None while pending or merged
        status = (marked_status(graded, now.astimezone(config.tz)) if graded is not None
                  else render.item_status(session, row, config, now))
        text = messages.ITEM_DETAIL.format(ref=render.ref(number), action=render.one_line(row.action),
                                           owner=render.owners_text(row.owner, row.co_owners),
                                           limit=render.item_limit(session, row, config, now), status=status,
                                           quote=render.short(row.quote, 300))
        lines = history_lines(session, row.id, rt.tz)
        if lines:
            text += "\n" + messages.ITEM_HISTORY_HEADER
            for at, what, who, said in lines:
                text += "\n" + messages.ITEM_HISTORY_LINE.format(
                    when=at.astimezone(rt.tz).strftime("%m-%d %H:%M"), what=what,
                    detail=(f"：{said}" if said else "") + (messages.HISTORY_BY.format(who=who) if who else ""))
        buttons = buttons_for(row, row.due_at is not None and now < row.due_at)
    return Reply(text[:MAX_TEXT], buttons, purpose=Purpose.ITEM, numbers=(number,))
