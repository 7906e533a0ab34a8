"""Plain-text Chinese rendering of ledger items and nudges, shared by Telegram and the console.

Functions here return plain text (no HTML); the Telegram adapter escapes it. All wording
comes from `bot.messages`.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot import messages
from bot.core.timebox_text import timebox_text
from extraction.model import Kind
from scheduler import policy, service
from scheduler.config import PolicyConfig
from scheduler.notifier import NudgeMessage
from storage import ledger
from storage.models import Obligation

DEFAULT_TZ = PolicyConfig().tz
END_OF_DAY = time(23, 59, 59)
QUOTE_CHARS = 80


def short(text: str, limit: int = QUOTE_CHARS) -> str:
    """`text` on one line, cut to `limit` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 2] + "……"


def status_text(row: Obligation, now: datetime) -> str:
    if ledger.is_overdue(row, now):
        return messages.STATUS_OVERDUE
    return messages.STATUS.get(row.status, row.status)


def ref(obligation_id: int) -> str:
    return messages.ITEM_REF.format(id=obligation_id)


def owner_text(owner: str | None) -> str:
    return owner or messages.UNKNOWN_OWNER


def when_text(moment: datetime | None, tz: ZoneInfo = DEFAULT_TZ) -> str:
    """2026-11-26, or 2026-11-26 15:00 when the time of day matters."""
    if moment is None:
        return messages.NO_DUE
    local = moment.astimezone(tz)
    if local.time().replace(microsecond=0) == END_OF_DAY:
        return local.date().isoformat()
    return local.strftime("%Y-%m-%d %H:%M")


def limit_text(kind: str, timebox: dict, due_at: datetime | None, expression: str = "",
               tz: ZoneInfo = DEFAULT_TZ) -> str:
    """时限 column: the resolved date (when there is one) and the words it came from."""
    box = policy.timebox_from_json(timebox)
    if kind == Kind.DEADLINE and due_at is not None:
        text = when_text(due_at, tz)
    else:
        text = timebox_text(box) or messages.NO_DUE
    if expression and expression != text:
        text += f"　“{expression}”"
    if not box.confirmed:
        text += messages.UNCONFIRMED_CALENDAR
    return text


def item_limit(row: Obligation, config: PolicyConfig, now: datetime) -> str:
    """An item's 时限 as every view shows it (a pending one as if confirmed `now`)."""
    return limit_text(row.kind, row.timebox, service.expected_due(row, config, now), row.expression, config.tz)


def nudge_body(message: NudgeMessage, tz: ZoneInfo = DEFAULT_TZ, *, buttons: bool = True,
               caught_up_note: bool = True) -> str:
    """The text of a nudge without mentions (the adapter adds those in its own markup). Without
    `buttons` (the console) it says what to type instead of what to tap."""
    number = message.obligation_id
    fields = {"ref": ref(number), "owner": owner_text(message.owner), "action": message.action,
              "due": when_text(message.due_at, tz),
              "answer": messages.ANSWER_BUTTONS if buttons else messages.ANSWER_CONSOLE.format(id=number),
              "report": messages.REPORT_BUTTONS if buttons else messages.REPORT_CONSOLE.format(id=number)}
    purpose = message.purpose
    if purpose == policy.BEFORE_DUE:
        planned = message.planned_at.astimezone(tz).date()
        days = (message.due_at.astimezone(tz).date() - planned).days if message.due_at else 0
        text = messages.NUDGE_BEFORE_DUE.format(days=max(days, 0), **fields)
    elif purpose == policy.CLOSURE_PROMPT:
        text = messages.NUDGE_CLOSURE_PROMPT.format(**fields)
    elif purpose in (policy.OVERDUE, policy.ESCALATE):
        if message.workdays_overdue:
            text = messages.NUDGE_OVERDUE.format(workdays=message.workdays_overdue, **fields)
        else:
            text = messages.NUDGE_OVERDUE_NO_COUNT.format(**fields)
    elif purpose == policy.REPORT_PROMPT:
        if message.period_due:
            text = messages.NUDGE_REPORT_PROMPT.format(period_due=message.period_due, **fields)
        else:
            text = messages.NUDGE_REPORT_PROMPT_NO_DAY.format(**fields)
    else:  # an unknown purpose still reaches the owner
        text = messages.NUDGE_CLOSURE_PROMPT.format(**fields)
    if not message.calendar_confirmed:
        text += messages.UNCONFIRMED_CALENDAR
    quote = message.quote if len(message.quote) <= 200 else message.quote[:198] + "……"
    text += "\n" + messages.NUDGE_QUOTE.format(quote=quote)
    if message.caught_up and caught_up_note:
        text += "\n" + messages.NUDGE_CAUGHT_UP
    return text
