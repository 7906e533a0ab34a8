"""What a reminder says beyond the scheduler's message: the item's number in its chat, the
lead and co-owners, everyone to mention (the bound users of the lead, the co-owners and the
members of a collective owner), a recurring item's next due day. Both notifiers use it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from bot.core import render
from scheduler import service
from scheduler.notifier import NudgeMessage
from storage.bindings import users_for_owners
from storage.db import transaction
from storage.models import OPEN, Obligation


@dataclass(frozen=True)
class About:
    number: int
    owners: str  # 市人社局（牵头）、市财政局（配合）
    mention_user_ids: tuple[int, ...]
    buttons: bool  # the item is still open: show its buttons
    extend: bool  # … and may still ask for an extension


def about(engine: Engine, message: NudgeMessage) -> About:
    with transaction(engine) as session:
        row = session.get(Obligation, message.obligation_id)
        if row is None:
            return About(message.obligation_id, render.owner_text(message.owner), message.mention_user_ids, False,
                         False)
        bound = users_for_owners(session, row.chat_id, [row.owner or "", *(row.co_owners or [])])
        mentions = tuple(dict.fromkeys([*bound, *message.mention_user_ids]))
        extend = row.due_at is not None and message.planned_at < row.due_at
        return About(row.number or row.id, render.owners_text(row.owner, row.co_owners), mentions,
                     row.status == OPEN, extend and not service.waits_for_event(row))
