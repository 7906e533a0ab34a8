"""延期申请: an owner asks (a reply "申请延期 12月30日 原因…", the ⏳ button, /extend) before the
due time; an admin approves or refuses with buttons. The ledger keeps the original date."""

from __future__ import annotations

from bot import messages
from bot.core import protocol, render
from bot.core.controls import strip_controls
from bot.core.items import not_found
from bot.core.protocol import Action, Purpose
from bot.core.reply import Button, Reply
from bot.core.runtime import Runtime
from bot.core.when import split_moment
from extraction.normalize import fold
from scheduler import service
from storage.bindings import users_for_owners
from storage.db import transaction
from storage.extensions import PENDING_REQUEST, get_request, list_requests
from storage.models import OPEN, Obligation
from storage.obligations import TransitionError, get_chat_obligation


def extend_prompt(number: int) -> Reply:
    return Reply(messages.EXTEND_PROMPT.format(ref=render.ref(number)), force_reply=True,
                 purpose=Purpose.EXTENSION, numbers=(number,))


def request(rt: Runtime, *, chat_id: int, number: int, by: int | None, text: str) -> Reply:
    """The owner's request: "12月30日 原因" (a leading 申请延期 is allowed)."""
    text = strip_controls(text).strip()
    for word in messages.EXTENSION_WORDS:
        if fold(text[:len(word)]) == word:  # 申請延期 too (fold is one for one)
            text = text[len(word):].strip()
    if not text:
        return Reply(messages.EXTEND_USAGE)
    due, reason = split_moment(text, rt.now(), rt.tz)
    if due is None:
        return Reply(messages.EXTEND_NOT_UNDERSTOOD.format(text=render.short(text, 40)))
    with transaction(rt.engine) as session:
        row = get_chat_obligation(session, chat_id, number)
        if row is None:
            return not_found(number)
        ref = render.ref(number)
        if row.status != OPEN:  # under review, done, closed: nothing to extend
            return Reply(messages.EXTEND_NOT_OPEN.format(ref=ref, status=messages.STATUS.get(row.status, row.status)))
        if row.due_at is None:
            return Reply(messages.EXTEND_NO_DUE.format(ref=ref))
        current = render.when_text(row.due_at, rt.tz)
        if rt.now() >= row.due_at:
            return Reply(messages.EXTEND_TOO_LATE.format(ref=ref, due=current))
        if due <= row.due_at:
            return Reply(messages.EXTEND_NOT_LATER.format(to=render.when_text(due, rt.tz), due=current))
        try:
            asked = service.request_extension(session, row.id, due=due, reason=reason[:500], at=rt.now(), by=by)
        except (TransitionError, ValueError):
            return Reply(messages.EXTEND_TOO_LATE.format(ref=ref, due=current))
        text = messages.EXTEND_REQUESTED.format(ref=ref, owner=render.owner_text(row.owner),
                                                action=render.one_line(row.action),
                                                due=current, to=render.when_text(due, rt.tz),
                                                reason=reason or "—")
        buttons = [[Button(messages.BUTTON_EXTEND_YES, protocol.build(Action.EXTENSION_YES, asked.id)),
                    Button(messages.BUTTON_EXTEND_NO, protocol.build(Action.EXTENSION_NO, asked.id))]]
    return Reply(text, buttons, changed=True, purpose=Purpose.ITEM, numbers=(number,))


def decide(rt: Runtime, *, chat_id: int, request_id: int, approved: bool, by: int | None) -> Reply:
    """同意延期 / 不同意 (admins only: the adapter checks)."""
    with transaction(rt.engine) as session:
        asked = get_request(session, request_id)
        row = session.get(Obligation, asked.obligation_id) if asked is not None else None
        if asked is None or row is None or row.chat_id != chat_id:
            return Reply(messages.EXTEND_DECIDED)
        if asked.status != PENDING_REQUEST:
            return Reply(messages.EXTEND_DECIDED)
        original = render.when_text(row.due_at, rt.tz)
        try:
            _asked, row = service.decide_extension(session, request_id, approved=approved, at=rt.now(), by=by,
                                                   defaults=rt.policy)
        except TransitionError:
            return Reply(messages.DONE_ALREADY.format(ref=render.ref(row.number),
                                                      status=render.status_text(row, rt.now())))
        ref = render.ref(row.number)
        if approved:
            text = messages.EXTEND_APPROVED.format(ref=ref, original=original, to=render.when_text(row.due_at, rt.tz))
        else:
            text = messages.EXTEND_REFUSED.format(ref=ref, due=original)
        mentions = users_for_owners(session, chat_id, [row.owner or "", *(row.co_owners or [])])
        if asked.requested_by is not None:
            mentions = tuple(dict.fromkeys([*mentions, asked.requested_by]))
        number = row.number
    rt.poke()
    return Reply(text, changed=True, purpose=Purpose.ITEM, numbers=(number,) if number else (),
                 mention_user_ids=mentions)


def decide_latest(rt: Runtime, *, chat_id: int, number: int, approved: bool, by: int | None) -> Reply:
    """The console's 同意延期 N / 不同意延期 N: the item's latest undecided request."""
    with transaction(rt.engine) as session:
        row = get_chat_obligation(session, chat_id, number)
        if row is None:
            return not_found(number)
        waiting = [r for r in list_requests(session, row.id) if r.status == PENDING_REQUEST]
    if not waiting:  # none asked for, or each already decided
        return Reply(messages.EXTEND_NONE_WAITING.format(ref=render.ref(number)))
    return decide(rt, chat_id=chat_id, request_id=waiting[-1].id, approved=approved, by=by)
