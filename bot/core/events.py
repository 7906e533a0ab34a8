"""待触发: an item counted from an event that is not this document's receipt (会后3天内,
发生险情后2小时内) waits until someone records the event — now (今天已发生), or at a typed
time (会议时间 12月15日上午9点); a limit before an event (会前三天) needs the event's date."""

from __future__ import annotations

from datetime import time

from bot import messages
from bot.core import render
from bot.core.controls import strip_controls
from bot.core.items import not_found
from bot.core.protocol import Purpose
from bot.core.reply import Reply
from bot.core.runtime import Runtime
from bot.core.timebox_text import timebox_text
from bot.core.when import read_moment
from scheduler import policy, service
from storage.db import transaction
from storage.obligations import get_chat_obligation


def _event_name(row_timebox: dict) -> str:
    return str(row_timebox.get("event") or messages.LIMIT_EVENT_FALLBACK)


def event_prompt(rt: Runtime, *, chat_id: int, number: int) -> Reply:
    with transaction(rt.engine) as session:
        row = get_chat_obligation(session, chat_id, number)
        if row is None:
            return not_found(number)
        if not service.waits_for_event(row):
            return Reply(messages.EVENT_NOT_WAITING.format(ref=render.ref(number)))
        event = _event_name(row.timebox)
    return Reply(messages.EVENT_PROMPT.format(ref=render.ref(number), event=event), force_reply=True,
                 purpose=Purpose.EVENT_TIME, numbers=(number,))


def record(rt: Runtime, *, chat_id: int, number: int, by: int | None, text: str = "") -> Reply:
    """The event happened now (no text), or happens / happened at the time `text` names."""
    text = strip_controls(text).strip()
    event_at = None
    if text:
        event_at = read_moment(text, rt.now(), rt.tz, default_time=time(0, 0))
        if event_at is None:
            return Reply(messages.EVENT_NOT_UNDERSTOOD.format(text=render.short(text, 40)))
    with transaction(rt.engine) as session:
        row = get_chat_obligation(session, chat_id, number)
        if row is None:
            return not_found(number)
        ref = render.ref(number)
        if not service.waits_for_event(row):
            return Reply(messages.EVENT_NOT_WAITING.format(ref=ref))
        event = _event_name(row.timebox)
        if service.counts_back(row) and event_at is None:
            return Reply(messages.EVENT_NEEDS_DATE.format(ref=ref, event=event, number=number))
        service.record_event(session, row.id, at=rt.now(), by=by, event_at=event_at, defaults=rt.policy)
        when = render.when_text(event_at or rt.now(), rt.tz)
        reply = Reply(messages.EVENT_OK.format(ref=ref, event=timebox_text(policy.timebox_from_json(row.timebox)),
                                               when=when, due=render.when_text(row.due_at, rt.tz)),
                      changed=True, purpose=Purpose.ITEM, numbers=(number,))
    rt.poke()
    return reply
