"""What the confirmation list points out about an item before anything is planned (⚠️), and
the buttons that fix it: no owner, a vague limit (尽快, 抓紧: the chat's default limit is
offered), waiting for an event, a limit already past, a repeat of an open item (merged by
default), and the item a follow-up is chained to."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot import messages
from bot.core import protocol, render
from bot.core.protocol import Action
from bot.core.reply import Button
from bot.core.timebox_text import within_text
from extraction.model import Kind
from scheduler import policy, service
from scheduler.config import PolicyConfig
from storage.chaining import follows_done_event
from storage.models import Obligation

VAGUE_WORDS = ("尽快", "抓紧", "适时", "尽早", "及时", "从速", "抓紧时间")


def is_vague(row: Obligation) -> bool:
    """A deadline without a date or a count (尽快完成): only the words say it is urgent."""
    box = row.timebox
    return row.kind == Kind.DEADLINE and not (box.get("due") or box.get("within") or box.get("every"))


def is_past(row: Obligation, config: PolicyConfig, now: datetime) -> bool:
    if row.timebox.get("past"):
        return True
    due = service.expected_due(row, config, now)
    return due is not None and due < now


def flags(session: Session, row: Obligation, config: PolicyConfig, now: datetime) -> list[str]:
    """The ⚠️ / ⏳ / ↳ lines shown under a pending item."""
    number = row.number or 0
    found = []
    if not row.owner:
        found.append(messages.FLAG_NO_OWNER)
    if is_vague(row):
        found.append(messages.FLAG_VAGUE.format(days=config.default_limit_days))
    box = policy.timebox_from_json(row.timebox)
    if row.kind == Kind.ON_EVENT:
        event = box.event or messages.LIMIT_EVENT_FALLBACK
        if follows_done_event(box.event):
            trigger = session.get(Obligation, row.trigger_id) if row.trigger_id is not None else None
            if trigger is not None:
                found.append(messages.FLAG_CHAIN.format(ref=f"#{number}", trigger=f"#{trigger.number}"))
            else:
                found.append(messages.FLAG_CHAIN_NONE.format(event=event))
        elif service.starts_at_confirmation(row):
            found.append(messages.FLAG_RECEIPT)
        elif box.before and box.within is not None:
            found.append(messages.FLAG_WAITING_BEFORE.format(event=event, limit=within_text(box.within)))
        else:
            found.append(messages.FLAG_WAITING.format(event=event, number=number))
    if is_past(row, config, now):
        due = box.due.isoformat() if box.due else render.when_text(service.expected_due(row, config, now), config.tz)
        found.append(messages.FLAG_PAST.format(due=due))
    if row.duplicate_of is not None:
        into = session.get(Obligation, row.duplicate_of)
        if into is not None:
            found.append(messages.FLAG_DUPLICATE.format(ref=f"#{into.number}", owner=render.owner_text(into.owner),
                                                        action=render.short(into.action, 40)))
    return found


def flag_buttons(row: Obligation, config: PolicyConfig) -> list[Button]:
    """按默认时限 / 不合并 / 改前序 where they apply."""
    number = row.number or 0
    ref = f"#{number}"
    found = []
    if is_vague(row):
        found.append(Button(messages.BUTTON_DEFAULT_LIMIT.format(days=config.default_limit_days, ref=ref),
                            protocol.build(Action.DEFAULT_LIMIT, number)))
    if row.duplicate_of is not None:
        found.append(Button(messages.BUTTON_KEEP.format(ref=ref), protocol.build(Action.KEEP, number)))
    if row.kind == Kind.ON_EVENT and follows_done_event(row.timebox.get("event")):
        found.append(Button(messages.BUTTON_CHAIN.format(ref=ref), protocol.build(Action.EDIT_CHAIN, number)))
    return found
