"""One confirmed item: 办结 (and its follow-ups), 销号, 进展, 稍后提醒, and its details."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlmodel import Session

from bot import messages
from bot.core import protocol, render
from bot.core.controls import strip_controls
from bot.core.protocol import Action, Purpose
from bot.core.reply import Button, Reply
from bot.core.runtime import Runtime
from scheduler import service
from storage import ledger
from storage.db import transaction
from storage.models import DONE, OPEN, Obligation, Status
from storage.obligations import TransitionError, get_chat_obligation, list_followers

MAX_TEXT = 3900  # Telegram's limit is 4096 characters


def _settle(rt: Runtime, *, chat_id: int, obligation_id: int, by: int | None, allowed: tuple[Status, ...],
            change: Callable[..., Obligation], done_text: str) -> Reply:
    """Mark an item done or closed (`change` is the scheduler.service operation) and list its follow-ups."""
    with transaction(rt.engine) as session:
        row = get_chat_obligation(session, chat_id, obligation_id)
        if row is None:
            return Reply(messages.ITEM_NOT_FOUND.format(id=obligation_id))
        if row.status not in allowed:
            return Reply(messages.DONE_ALREADY.format(ref=render.ref(row.id), status=render.status_text(row, rt.now())))
        change(session, row.id, at=rt.now(), by=by, defaults=rt.policy)
        lines = [done_text.format(ref=render.ref(row.id), owner=render.owner_text(row.owner), action=row.action)]
        followers = _follow_ups(session, rt, row.id)
        lines += [line for _, line in followers]
    rt.poke()
    return Reply("\n".join(lines), changed=True, purpose=Purpose.ITEM,
                 obligation_ids=(obligation_id, *(i for i, _ in followers)))


def _follow_ups(session: Session, rt: Runtime, obligation_id: int) -> list[tuple[int, str]]:
    found = []
    for follower in list_followers(session, obligation_id):
        if follower.status == OPEN and follower.due_at is not None:
            found.append((follower.id, messages.DONE_FOLLOW_UP.format(
                ref=render.ref(follower.id), action=follower.action, due=render.when_text(follower.due_at, rt.tz))))
    return found


def mark_done(rt: Runtime, *, chat_id: int, obligation_id: int, by: int | None) -> Reply:
    return _settle(rt, chat_id=chat_id, obligation_id=obligation_id, by=by, allowed=(OPEN,),
                   change=service.mark_done, done_text=messages.DONE_OK)


def close(rt: Runtime, *, chat_id: int, obligation_id: int, by: int | None) -> Reply:
    """销号 (admins only: the adapter checks)."""
    return _settle(rt, chat_id=chat_id, obligation_id=obligation_id, by=by, allowed=(OPEN, DONE),
                   change=service.close, done_text=messages.CLOSE_OK)


def progress_prompt(obligation_id: int) -> Reply:
    return Reply(messages.PROGRESS_PROMPT.format(ref=render.ref(obligation_id)), force_reply=True,
                 purpose=Purpose.PROGRESS, obligation_ids=(obligation_id,))


def add_progress(rt: Runtime, *, chat_id: int, obligation_id: int, by: int | None, text: str) -> Reply:
    with transaction(rt.engine) as session:
        row = get_chat_obligation(session, chat_id, obligation_id)
        if row is None:
            return Reply(messages.ITEM_NOT_FOUND.format(id=obligation_id))
        if row.status != OPEN:
            return Reply(messages.PROGRESS_NOT_OPEN.format(ref=render.ref(row.id),
                                                           status=render.status_text(row, rt.now())))
        service.report_progress(session, row.id, text=strip_controls(text).strip(), at=rt.now(), user_id=by)
    return Reply(messages.PROGRESS_OK.format(ref=render.ref(obligation_id)), changed=True, purpose=Purpose.ITEM,
                 obligation_ids=(obligation_id,))


def snooze_choices(obligation_id: int) -> Reply:
    return Reply(messages.SNOOZE_ASK.format(ref=render.ref(obligation_id)), [[
        Button(messages.BUTTON_SNOOZE_HOUR, protocol.build(Action.SNOOZE, obligation_id, "h")),
        Button(messages.BUTTON_SNOOZE_TOMORROW, protocol.build(Action.SNOOZE, obligation_id, "t")),
    ]], purpose=Purpose.ITEM, obligation_ids=(obligation_id,))


def snooze(rt: Runtime, *, chat_id: int, obligation_id: int, by: int | None, choice: str) -> Reply:
    with transaction(rt.engine) as session:
        row = get_chat_obligation(session, chat_id, obligation_id)
        if row is None:
            return Reply(messages.ITEM_NOT_FOUND.format(id=obligation_id))
        try:
            slot = service.snooze(session, row.id, now=rt.now(), choice=choice, by=by, defaults=rt.policy)
        except TransitionError:
            return Reply(messages.DONE_ALREADY.format(ref=render.ref(row.id), status=render.status_text(row, rt.now())))
    rt.poke()
    when = slot.planned_at.astimezone(rt.tz).strftime("%m-%d %H:%M")
    return Reply(messages.SNOOZE_OK.format(when=when, ref=render.ref(obligation_id)), changed=True,
                 purpose=Purpose.ITEM, obligation_ids=(obligation_id,))


def item_buttons(obligation_id: int) -> list[list[Button]]:
    """✅ 已办结 / 📝 报进展 / ⏰ 稍后提醒 of an open item (under its details and its nudges)."""
    return [[Button(messages.BUTTON_DONE, protocol.build(Action.DONE, obligation_id)),
             Button(messages.BUTTON_PROGRESS, protocol.build(Action.PROGRESS, obligation_id)),
             Button(messages.BUTTON_SNOOZE, protocol.build(Action.SNOOZE, obligation_id))]]


def item_detail(rt: Runtime, *, chat_id: int, obligation_id: int) -> Reply:
    with transaction(rt.engine) as session:
        row = get_chat_obligation(session, chat_id, obligation_id)
        if row is None:
            return Reply(messages.ITEM_NOT_FOUND.format(id=obligation_id))
        config = service.config_for(session, chat_id, rt.policy)
        text = messages.ITEM_DETAIL.format(ref=render.ref(row.id), action=row.action,
                                           owner=render.owner_text(row.owner),
                                           limit=render.item_limit(row, config, rt.now()),
                                           status=render.status_text(row, rt.now()), quote=render.short(row.quote, 300))
        entries = ledger.list_history(session, row.id)
        if entries:
            text += "\n" + messages.ITEM_HISTORY_HEADER
            for entry in entries:
                if entry.what.startswith("nudge:"):
                    what, detail = messages.HISTORY_NUDGE, ""
                else:
                    what = messages.HISTORY_WHAT.get(entry.what, entry.what)
                    said = str((entry.detail or {}).get("text", ""))
                    detail = f"：{render.short(said, 100)}" if entry.what == "progress" else ""
                text += "\n" + messages.ITEM_HISTORY_LINE.format(
                    when=entry.at.astimezone(rt.tz).strftime("%m-%d %H:%M"), what=what, detail=detail)
        buttons = item_buttons(row.id) if row.status == OPEN else []
    return Reply(text[:MAX_TEXT], buttons, purpose=Purpose.ITEM, obligation_ids=(obligation_id,))


_TRAILING = re.compile(r"[\s。.!！,，~～了啦]+$")


def _word(text: str) -> str:
    return _TRAILING.sub("", (text or "").strip()).lower()


def is_done_word(text: str) -> bool:
    return _word(text) in {w.lower() for w in messages.DONE_WORDS}


def is_close_word(text: str) -> bool:
    return _word(text) in messages.CLOSE_WORDS
