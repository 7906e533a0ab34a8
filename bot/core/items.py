"""One confirmed item: 已办结 (to review, or done and its follow-ups), 销号, 进展, 稍后提醒,
and the buttons under it. Items are named by their number in the chat."""

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
from bot.core.when import Typed, read_typed
from extraction.normalize import fold
from scheduler import service
from storage.bindings import owners_of_user
from storage.db import transaction
from storage.models import DONE, OPEN, REVIEW, Obligation
from storage.obligations import TransitionError, get_chat_obligation, list_followers

MAX_TEXT = 3900  # Telegram's limit is 4096 characters


def not_found(number: int) -> Reply:
    return Reply(messages.ITEM_NOT_FOUND.format(id=number))


def settled(session: Session, rt: Runtime, row: Obligation, by: int | None, change: Callable[..., Obligation],
            done_text: str) -> Reply:
    """Run `change` (a scheduler.service operation that ends the item) and list the follow-ups it started."""
    change(session, row.id, at=rt.now(), by=by, defaults=rt.policy)
    lines = [done_text.format(ref=render.ref(row.number), owner=render.owner_text(row.owner),
                              action=render.one_line(row.action))]
    followers = follow_ups(session, rt, row.id)
    lines += [line for _, line in followers]
    return Reply("\n".join(lines), changed=True, purpose=Purpose.ITEM,
                 numbers=(row.number, *(n for n, _ in followers)))


def follow_ups(session: Session, rt: Runtime, obligation_id: int) -> list[tuple[int, str]]:
    """(number, line) of the follow-ups whose clocks the item's 办结 started."""
    found = []
    for follower in list_followers(session, obligation_id):
        if follower.status == OPEN and follower.due_at is not None and follower.number is not None:
            found.append((follower.number, messages.DONE_FOLLOW_UP.format(
                ref=render.ref(follower.number), action=render.one_line(follower.action),
                due=render.when_text(follower.due_at, rt.tz))))
    return found


def _refuse_status(row: Obligation, rt: Runtime) -> Reply:
    return Reply(messages.DONE_ALREADY.format(ref=render.ref(row.number), status=render.status_text(row, rt.now())))


def _by_co_owner_only(session: Session, row: Obligation, by: int | None) -> bool:
    """Is the sender bound only to a co-owner of the item (not to its lead)?"""
    if by is None or not row.co_owners:
        return False
    bound = owners_of_user(session, row.chat_id, by)
    return row.owner not in bound and bool(bound & set(row.co_owners))


def mark_done(rt: Runtime, *, chat_id: int, number: int, by: int | None) -> Reply:
    """已办结: with 办结审核 on, the item waits for an admin's 通过 / 退回重办; otherwise it is done
    and its follow-ups start. A co-owner's 已办结 is a progress report: the lead's counts."""
    with transaction(rt.engine) as session:
        row = get_chat_obligation(session, chat_id, number)
        if row is None:
            return not_found(number)
        if row.status != OPEN:
            return _refuse_status(row, rt)
        if _by_co_owner_only(session, row, by):
            text = messages.CO_OWNER_DONE.format(ref=render.ref(number), owner=render.owner_text(row.owner))
            service.report_progress(session, row.id, text=text, at=rt.now(), user_id=by)
            return Reply(text, changed=True, purpose=Purpose.ITEM, numbers=(number,))
        if service.config_for(session, chat_id, rt.policy).review_in(chat_id):
            service.submit_done(session, row.id, at=rt.now(), by=by)
            reply = Reply(messages.REVIEW_SUBMITTED.format(ref=render.ref(number), owner=render.owner_text(row.owner),
                                                           action=render.one_line(row.action)),
                          review_buttons(number), changed=True, purpose=Purpose.ITEM, numbers=(number,))
        else:
            reply = settled(session, rt, row, by, service.mark_done, messages.DONE_OK)
    rt.poke()
    return reply


def close(rt: Runtime, *, chat_id: int, number: int, by: int | None) -> Reply:
    """销号 (admins only: the adapter checks)."""
    with transaction(rt.engine) as session:
        row = get_chat_obligation(session, chat_id, number)
        if row is None:
            return not_found(number)
        if row.status not in (OPEN, REVIEW, DONE):
            return _refuse_status(row, rt)
        reply = settled(session, rt, row, by, service.close, messages.CLOSE_OK)
    rt.poke()
    return reply


def progress_prompt(number: int) -> Reply:
    return Reply(messages.PROGRESS_PROMPT.format(ref=render.ref(number)), force_reply=True,
                 purpose=Purpose.PROGRESS, numbers=(number,))


def add_progress(rt: Runtime, *, chat_id: int, number: int, by: int | None, text: str) -> Reply:
    text = strip_controls(text).strip()
    if not text:  # an empty report would still count as progress (and clear 🟡 滞后) while saying nothing
        return Reply(messages.PROGRESS_EMPTY)
    with transaction(rt.engine) as session:
        row = get_chat_obligation(session, chat_id, number)
        if row is None:
            return not_found(number)
        if row.status != OPEN:
            return Reply(messages.PROGRESS_NOT_OPEN.format(ref=render.ref(number),
                                                           status=render.status_text(row, rt.now())))
        service.report_progress(session, row.id, text=text, at=rt.now(), user_id=by)
    return Reply(messages.PROGRESS_OK.format(ref=render.ref(number)), changed=True, purpose=Purpose.ITEM,
                 numbers=(number,))


def snooze_choices(number: int) -> Reply:
    return Reply(messages.SNOOZE_ASK.format(ref=render.ref(number)), [[
        Button(messages.BUTTON_SNOOZE_HOUR, protocol.build(Action.SNOOZE, number, "h")),
        Button(messages.BUTTON_SNOOZE_TOMORROW, protocol.build(Action.SNOOZE, number, "t")),
        Button(messages.BUTTON_SNOOZE_AT, protocol.build(Action.SNOOZE, number, protocol.SNOOZE_AT)),
    ]], purpose=Purpose.ITEM, numbers=(number,))


def snooze_prompt(number: int) -> Reply:
    return Reply(messages.SNOOZE_AT_PROMPT.format(ref=render.ref(number)), force_reply=True,
                 purpose=Purpose.SNOOZE_TIME, numbers=(number,))


def snooze_at(rt: Runtime, *, chat_id: int, number: int, by: int | None, text: str) -> Reply:
    """稍后提醒 at a typed time (明天下午3点, 12月15日9点, Dec 15 5pm); a date alone means the
    chat's reminder time that day."""
    text = strip_controls(text).strip()
    typed = read_typed(text, rt.now(), rt.tz)
    if typed is None:
        return Reply(messages.SNOOZE_AT_NOT_UNDERSTOOD.format(text=render.short(text, 40)))
    return snooze(rt, chat_id=chat_id, number=number, by=by, choice="at", typed=typed)


def snooze(rt: Runtime, *, chat_id: int, number: int, by: int | None, choice: str, typed: Typed | None = None) -> Reply:
    with transaction(rt.engine) as session:
        row = get_chat_obligation(session, chat_id, number)
        if row is None:
            return not_found(number)
        until = None
        if typed is not None:
            until = typed.at(rt.tz, service.config_for(session, chat_id, rt.policy).nudge_time)
            if until <= rt.now():
                return Reply(messages.SNOOZE_AT_PAST.format(when=render.when_text(until, rt.tz)))
        try:
            slot = service.snooze(session, row.id, now=rt.now(), choice=choice, by=by, defaults=rt.policy,
                                  until=until)
        except TransitionError:
            return _refuse_status(row, rt)
    rt.poke()
    when = slot.planned_at.astimezone(rt.tz).strftime("%m-%d %H:%M")
    return Reply(messages.SNOOZE_OK.format(when=when, ref=render.ref(number)), changed=True,
                 purpose=Purpose.ITEM, numbers=(number,))


def item_buttons(number: int, *, extend: bool = True) -> list[list[Button]]:
    """✅ 已办结 / 📝 报进展 / ⏰ 稍后提醒 (and ⏳ 申请延期) of an open item (under its details and its nudges)."""
    row = [Button(messages.BUTTON_DONE, protocol.build(Action.DONE, number)),
           Button(messages.BUTTON_PROGRESS, protocol.build(Action.PROGRESS, number)),
           Button(messages.BUTTON_SNOOZE, protocol.build(Action.SNOOZE, number))]
    rows = [row]
    if extend:
        rows.append([Button(messages.BUTTON_EXTEND, protocol.build(Action.EXTEND, number))])
    return rows


def review_buttons(number: int) -> list[list[Button]]:
    """通过 / 退回重办 of an item awaiting review (admins only)."""
    ref = f"#{number}"
    return [[Button(messages.BUTTON_APPROVE.format(ref=ref), protocol.build(Action.APPROVE, number)),
             Button(messages.BUTTON_RETURN.format(ref=ref), protocol.build(Action.RETURN, number))]]


def event_buttons(row: Obligation) -> list[list[Button]]:
    """今天已发生 / 填写时间 of an item waiting for its event (a limit before an event asks for the date only)."""
    number = row.number or 0
    ref = f"#{number}"
    ask = Button(messages.BUTTON_EVENT_ASK.format(ref=ref), protocol.build(Action.EVENT_ASK, number))
    if service.counts_back(row):
        return [[ask]]
    return [[Button(messages.BUTTON_EVENT_NOW.format(ref=ref), protocol.build(Action.EVENT_NOW, number)), ask]]


def buttons_for(row: Obligation, now_ok_to_extend: bool) -> list[list[Button]]:
    """The buttons an item shows in its state."""
    if row.number is None:
        return []
    if row.status == REVIEW:
        return review_buttons(row.number)
    if row.status != OPEN:
        return []
    if service.waits_for_event(row):
        return event_buttons(row)
    return item_buttons(row.number, extend=now_ok_to_extend and row.due_at is not None)


_TRAILING = re.compile(r"[\s。.!！,，~～了啦]+$")


def _word(text: str) -> str:
    """A one-word reply as the word lists hold it: traditional and full-width forms folded (已辦結 → 已办结)."""
    return _TRAILING.sub("", fold((text or "").strip())).lower()


def is_done_word(text: str) -> bool:
    return _word(text) in {w.lower() for w in messages.DONE_WORDS}


def is_close_word(text: str) -> bool:
    return _word(text) in messages.CLOSE_WORDS


def is_extension_request(text: str) -> bool:
    return fold((text or "").strip()).startswith(messages.EXTENSION_WORDS)

