"""Plain-text Chinese rendering of ledger items and nudges, shared by Telegram and the console.

Functions here return plain text (no HTML); the Telegram adapter escapes it. All wording
comes from `bot.messages`.
"""

from __future__ import annotations

from datetime import datetime, time, timezone
from zoneinfo import ZoneInfo

from bot import messages
from bot.timebox_text import timebox_text
from scheduler import policy
from scheduler.notifier import NudgeMessage

DEFAULT_TZ = ZoneInfo("Asia/Shanghai")
END_OF_DAY = time(23, 59, 59)


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
    if kind == "deadline" and due_at is not None:
        text = when_text(due_at, tz)
    else:
        text = timebox_text(box) or messages.NO_DUE
    if expression and expression != text:
        text += f"　“{expression}”"
    if not box.confirmed:
        text += messages.UNCONFIRMED_CALENDAR
    return text


def nudge_body(message: NudgeMessage, tz: ZoneInfo = DEFAULT_TZ, now: datetime | None = None) -> str:
    """The text of a nudge without mentions (the adapter adds those in its own markup)."""
    fields = {"ref": ref(message.obligation_id), "owner": owner_text(message.owner), "action": message.action,
              "due": when_text(message.due_at, tz)}
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
    if message.caught_up:
        text += "\n" + messages.NUDGE_CAUGHT_UP
    return text


def utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)
