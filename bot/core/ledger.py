"""台账 views: /list [责任单位] [逾期|本周] and /overdue."""

from __future__ import annotations

from sqlmodel import Session

from bot import messages
from bot.core import render
from bot.core.protocol import Purpose
from bot.core.reply import Reply
from bot.core.runtime import Runtime
from extraction.model import Kind
from scheduler import service
from storage import ledger
from storage.db import transaction
from storage.models import Obligation

MAX_TEXT = 3900  # Telegram's limit is 4096 characters
OVERDUE_WORDS = ("逾期", "已逾期", "overdue")
WEEK_WORDS = ("本周", "week")


def _lines(session: Session, rt: Runtime, chat_id: int, rows: list[Obligation]) -> list[str]:
    now, config = rt.now(), service.config_for(session, chat_id, rt.policy)
    return [messages.LIST_ITEM.format(ref=render.ref(r.number), owner=render.owners_text(r.owner, r.co_owners),
                                      action=r.action, limit=render.item_limit(session, r, config, now),
                                      status=render.item_status(session, r, config, now))
            for r in rows]


def _overdue(session: Session, rt: Runtime, chat_id: int, owner: str | None) -> list[Obligation]:
    """Items past their due time, and recurring items whose last period passed without a report."""
    now, config = rt.now(), service.config_for(session, chat_id, rt.policy)
    rows = ledger.list_overdue(session, chat_id, now, owner=owner)
    missed = [r for r in ledger.list_open(session, chat_id, owner=owner)
              if r.kind == Kind.RECURRING and service.recurring_state(session, r, config, now)[1] is not None]
    return rows + missed


def _list_reply(title: str, rows: list[Obligation], lines: list[str]) -> Reply:
    if not lines:
        return Reply(messages.LIST_EMPTY)
    text = messages.LIST_HEADER.format(title=title, count=len(lines))
    shown: list[int] = []
    for row, line in zip(rows, lines):
        if len(text) + len(line) + 100 > MAX_TEXT:
            text += "\n" + messages.LIST_TRUNCATED.format(more=len(lines) - len(shown))
            break
        text += "\n" + line
        shown.append(row.number or 0)
    return Reply(text, purpose=Purpose.ITEM, numbers=tuple(shown))


def list_items(rt: Runtime, *, chat_id: int, args: list[str]) -> Reply:
    """/list [责任单位] [逾期|本周]"""
    owner, mode = None, None
    for word in args:
        if word in OVERDUE_WORDS:
            mode = "overdue"
        elif word in WEEK_WORDS:
            mode = "week"
        elif word:
            owner = word
    with transaction(rt.engine) as session:
        if mode == "overdue":
            rows, title = _overdue(session, rt, chat_id, owner), messages.LIST_TITLE_OVERDUE
        elif mode == "week":
            start, end = service.config_for(session, chat_id, rt.policy).week_bounds(rt.now())
            rows = [r for r in ledger.list_due_between(session, chat_id, start, end)
                    if owner is None or r.owner == owner]
            title = messages.LIST_TITLE_WEEK
        else:
            rows, title = ledger.list_open(session, chat_id, owner=owner), messages.LIST_TITLE_ALL
        if owner:
            title = f"{owner}，{title}"
        return _list_reply(title, rows, _lines(session, rt, chat_id, rows))


def overdue_items(rt: Runtime, *, chat_id: int) -> Reply:
    return list_items(rt, chat_id=chat_id, args=[OVERDUE_WORDS[0]])
