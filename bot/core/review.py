"""办结审核: an admin's 通过 (the item is done, its follow-ups start) or 退回重办 (with a reason
the owner is told; the item is open again and its reminders resume)."""

from __future__ import annotations

from bot import messages
from bot.core import render
from bot.core.controls import strip_controls
from bot.core.items import not_found, settled
from bot.core.protocol import Purpose
from bot.core.reply import Reply
from bot.core.runtime import Runtime
from scheduler import service
from storage.bindings import users_for_owners
from storage.db import transaction
from storage.models import REVIEW, Obligation
from storage.obligations import get_chat_obligation


def _not_in_review(row: Obligation, rt: Runtime) -> Reply:
    return Reply(messages.NOT_IN_REVIEW.format(ref=render.ref(row.number), status=render.status_text(row, rt.now())))


def approve(rt: Runtime, *, chat_id: int, number: int, by: int | None) -> Reply:
    with transaction(rt.engine) as session:
        row = get_chat_obligation(session, chat_id, number)
        if row is None:
            return not_found(number)
        if row.status != REVIEW:
            return _not_in_review(row, rt)
        reply = settled(session, rt, row, by, service.approve, messages.APPROVED_OK)
    rt.poke()
    return reply


def return_prompt(rt: Runtime, *, chat_id: int, number: int) -> Reply:
    with transaction(rt.engine) as session:
        row = get_chat_obligation(session, chat_id, number)
        if row is None:
            return not_found(number)
        if row.status != REVIEW:
            return _not_in_review(row, rt)
    return Reply(messages.RETURN_PROMPT.format(ref=render.ref(number)), force_reply=True,
                 purpose=Purpose.RETURN_REASON, numbers=(number,))


def return_item(rt: Runtime, *, chat_id: int, number: int, by: int | None, reason: str) -> Reply:
    """退回重办 with `reason`: the owner's bound users (and who reported it done) are mentioned."""
    reason = strip_controls(reason).strip()[:500]
    if not reason:
        return Reply(messages.RETURN_NEEDS_REASON)
    with transaction(rt.engine) as session:
        row = get_chat_obligation(session, chat_id, number)
        if row is None:
            return not_found(number)
        if row.status != REVIEW:
            return _not_in_review(row, rt)
        reporter = row.done_by
        service.return_for_rework(session, row.id, at=rt.now(), by=by, reason=reason, defaults=rt.policy)
        owners = users_for_owners(session, chat_id, [row.owner or "", *(row.co_owners or [])])
        mentions = tuple(dict.fromkeys([*owners, *([reporter] if reporter else [])]))
        text = messages.RETURNED_OK.format(ref=render.ref(number), owner=render.owner_text(row.owner),
                                           action=render.one_line(row.action), reason=reason)
    rt.poke()
    return Reply(text, changed=True, purpose=Purpose.ITEM, numbers=(number,), mention_user_ids=mentions)
