"""What a reminder says beyond the scheduler's message: the item's number in its chat, its
colour (🔴 🟡 🔵 …, as every view shows it), the lead and co-owners, everyone to mention (the
bound users of the lead, the co-owners and the members of a collective owner), and the
escalation ladder's steps it carries. Both notifiers use it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine

from bot import messages
from bot.core import render
from bot.core.ledger_rows import ledger_row
from scheduler import policy, service
from scheduler.config import PolicyConfig
from scheduler.notifier import NudgeMessage
from storage.bindings import users_for_owners
from storage.db import transaction
from storage.models import OPEN, Obligation

_ROUND = re.compile(r"^r\d+:")


@dataclass(frozen=True)
class About:
    number: int
    owners: str  # 市人社局（牵头）、市财政局（配合）
    mention_user_ids: tuple[int, ...]
    buttons: bool  # the item is still open: show its buttons
    extend: bool  # … and may still ask for an extension
    mark: str = ""  # the item's colour when the reminder was due


def steps(message: NudgeMessage) -> frozenset[str]:
    """The ladder's purposes among the slots a message covers (escalate: tell the admins; notice:
    named in the next 通报), whichever of them the sweeper made the message's own purpose."""
    found = {_ROUND.sub("", key).partition(":")[0] for key in message.slots} | {message.purpose}
    return frozenset(found & set(policy.LADDER_PURPOSES)) | (frozenset({policy.ESCALATE}) if message.escalate
                                                              else frozenset())


def about(engine: Engine, message: NudgeMessage, defaults: PolicyConfig | None = None) -> About:
    with transaction(engine) as session:
        row = session.get(Obligation, message.obligation_id)
        if row is None:
            return About(message.obligation_id, render.owner_text(message.owner), message.mention_user_ids, False,
                         False)
        bound = users_for_owners(session, row.chat_id, [row.owner or "", *(row.co_owners or [])])
        mentions = tuple(dict.fromkeys([*bound, *message.mention_user_ids]))
        extend = row.due_at is not None and message.planned_at < row.due_at
        config = service.config_for(session, row.chat_id, defaults)
        graded = ledger_row(session, row.chat_id, row.number, config, message.planned_at)
        mark = messages.GRADE_MARK[graded.grade] if graded is not None else ""
        return About(row.number or row.id, render.owners_text(row.owner, row.co_owners), mentions,
                     row.status == OPEN, extend and not service.waits_for_event(row), mark)
