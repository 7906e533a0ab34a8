"""Plain-text Chinese rendering of ledger items and nudges, shared by Telegram and the console.

Functions here return plain text (no HTML); the Telegram adapter escapes it. All wording
comes from `bot.messages`.
"""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot import messages
from bot.core.timebox_text import timebox_text, within_text
from extraction.model import Kind
from scheduler import policy, service
from scheduler.config import PolicyConfig
from scheduler.notifier import NudgeMessage
from scheduler.workdays import WorkdayCalendar
from storage import ledger
from storage.models import MERGED, OPEN, Obligation

DEFAULT_TZ = PolicyConfig().tz
END_OF_DAY = time(23, 59, 59)
QUOTE_CHARS = 80


def one_line(text: str) -> str:
    """`text` on one line: runs of whitespace (a table row's tabs, line breaks) become one space."""
    return " ".join(text.split())


def short(text: str, limit: int = QUOTE_CHARS) -> str:
    """`text` on one line, cut to `limit` characters."""
    text = one_line(text)
    return text if len(text) <= limit else text[: limit - 2] + "……"


def status_text(row: Obligation, now: datetime) -> str:
    """The status without what needs the ledger (a missed report period, the item merged into)."""
    if ledger.is_overdue(row, now):
        return messages.STATUS_OVERDUE
    if row.status == OPEN and service.waits_for_event(row):
        return messages.STATUS_WAITING
    return messages.STATUS.get(row.status, row.status)


def item_status(session: Session, row: Obligation, config: PolicyConfig, now: datetime) -> str:
    """An item's status as every view shows it: 待触发, 待审核, 已逾期 (also a recurring item
    whose last period passed without a report), 已并入#12 …"""
    if row.status == MERGED and row.duplicate_of is not None:
        into = session.get(Obligation, row.duplicate_of)
        if into is not None and into.number is not None:
            return messages.STATUS_MERGED.format(ref=ref(into.number))
    if row.kind == Kind.RECURRING and row.status == OPEN:
        _next, missed = service.recurring_state(session, row, config, now)
        if missed is not None:
            return messages.STATUS_MISSED.format(due=missed.isoformat())
    return status_text(row, now)


def ref(number: int | None) -> str:
    """【#3】: an item as people name it (its number in the chat)."""
    return messages.ITEM_REF.format(id=number)


def owner_text(owner: str | None) -> str:
    return owner or messages.UNKNOWN_OWNER


def owners_text(owner: str | None, co_owners: list[str] | None) -> str:
    """The lead and the co-owners: 市人社局（牵头）、市财政局（配合）."""
    if not co_owners:
        return owner_text(owner)
    return "、".join([messages.OWNER_LEAD.format(owner=owner_text(owner)),
                     messages.OWNER_CO.format(owners="、".join(co_owners))])


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


def item_limit(session: Session, row: Obligation, config: PolicyConfig, now: datetime) -> str:
    """An item's 时限 as every view shows it (a pending one as if confirmed `now`): a recurring
    item's next due day, an item waiting for its event, an approved extension's original date."""
    box = policy.timebox_from_json(row.timebox)
    if row.status == OPEN and service.waits_for_event(row):
        if box.before and box.within is not None:
            event = box.event or messages.LIMIT_EVENT_FALLBACK
            return messages.LIMIT_WAITING_BEFORE.format(event=event, limit=within_text(box.within))
        return messages.LIMIT_WAITING.format(event=timebox_text(box))
    text = limit_text(row.kind, row.timebox, service.expected_due(row, config, now), row.expression, config.tz)
    if row.kind == Kind.RECURRING and row.status == OPEN:
        upcoming, _missed = service.recurring_state(session, row, config, now)
        if upcoming is not None:
            text += messages.LIMIT_NEXT.format(due=upcoming.isoformat())
    elif row.kind == Kind.ON_EVENT and row.due_at is not None:
        text = when_text(row.due_at, config.tz) + "　" + text
    if row.original_due_at is not None:
        text += messages.LIMIT_EXTENDED.format(original=when_text(row.original_due_at, config.tz))
    return text


def nudge_body(message: NudgeMessage, tz: ZoneInfo = DEFAULT_TZ, *, buttons: bool = True,
               caught_up_note: bool = True, number: int | None = None, owners: str | None = None,
               mark: str = "", notice: bool = False) -> str:
    """The text of a nudge without mentions (the adapter adds those in its own markup), naming
    the item by `number` (its number in the chat; bot.core.nudges) and its lead and co-owners.
    Without `buttons` (the console) it says what to type instead of what to tap. `mark` is the
    item's colour (🔴 …); `notice`: the ladder's last step, the item goes into the next 通报."""
    number = number if number is not None else message.obligation_id
    fields = {"ref": ref(number), "owner": owners or owner_text(message.owner), "action": one_line(message.action),
              "due": when_text(message.due_at, tz),
              "answer": messages.ANSWER_BUTTONS if buttons else messages.ANSWER_CONSOLE.format(id=number),
              "report": messages.REPORT_BUTTONS if buttons else messages.REPORT_CONSOLE.format(id=number)}
    purpose = message.purpose
    if purpose == policy.BEFORE_DUE:
        planned = message.planned_at.astimezone(tz).date()
        days = (message.due_at.astimezone(tz).date() - planned).days if message.due_at else 0
        text = messages.NUDGE_BEFORE_DUE.format(days=max(days, 0), **fields)
    elif purpose == policy.CLOSURE_PROMPT:
        due_day = message.due_at.astimezone(tz).date() if message.due_at else None
        early = due_day is not None and message.planned_at.astimezone(tz).date() < due_day \
            and not WorkdayCalendar().is_workday(due_day)  # asked on the last working day before
        text = (messages.NUDGE_CLOSURE_PROMPT_REST_DAY if early else messages.NUDGE_CLOSURE_PROMPT).format(**fields)
    elif purpose in (policy.OVERDUE, policy.ESCALATE, policy.NOTICE):
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
    if mark:  # after the first line's words: ⚠️ 已逾期【#3】🔴
        head, newline, rest = text.partition("\n")
        text = f"{head} {mark}{newline}{rest}"
    if not message.calendar_confirmed:
        text += messages.UNCONFIRMED_CALENDAR
    if notice:
        text += "\n" + messages.NUDGE_NOTICE.format(workdays=message.workdays_overdue or "")
    quote = short(message.quote, 200)
    text += "\n" + messages.NUDGE_QUOTE.format(quote=quote)
    if message.caught_up and caught_up_note:
        text += "\n" + messages.NUDGE_CAUGHT_UP
    return text
