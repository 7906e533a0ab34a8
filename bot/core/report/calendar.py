"""`/ics`: open items as an iCalendar feed (icalendar), so officials see them in their own calendar.

Each open item with a deadline is one event: all-day on its day when the deadline is a day's end,
else at its time (an instant, no end). Each recurring item is one all-day series from its current
period's date, with an RRULE from its recurrence: every n days, weeks (BYDAY), months or quarters
(BYMONTHDAY, -1 for the last day) or years (BYMONTH). UIDs are stable (`uid_prefix` + the item's
number), so a re-imported feed updates the events instead of doubling them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from icalendar import Calendar, Event

from bot import messages
from bot.core.report.model import LedgerRow, Stage
from bot.core.report.wording import due_text, owner_text, ref
from extraction.model import Every

PRODID = "-//Duban//Duban//ZH"
END_OF_DAY = time(23, 59, 59)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
FREQUENCY = {"day": "DAILY", "week": "WEEKLY", "month": "MONTHLY", "quarter": "MONTHLY", "year": "YEARLY"}


def _month_end(day: date) -> bool:
    return (day + timedelta(days=1)).month != day.month


def rrule_of(every: Every, start: date) -> dict[str, str | int]:
    """The RRULE of a recurrence whose series starts on `start`, as icalendar takes it."""
    rule: dict[str, str | int] = {"FREQ": FREQUENCY[every.unit],
                            "INTERVAL": every.n * 3 if every.unit == "quarter" else every.n}
    if every.unit == "week" and every.weekday:
        rule["BYDAY"] = WEEKDAYS[every.weekday - 1]
    if every.unit in ("month", "quarter", "year"):
        if every.unit == "year" and every.month_of_year:
            rule["BYMONTH"] = every.month_of_year
        if every.day_of_month == "end" or (every.day_of_month is None and start.day > 28 and _month_end(start)):
            rule["BYMONTHDAY"] = -1  # the last day of every month, 28th to 31st
        elif every.day_of_month is not None:
            rule["BYMONTHDAY"] = every.day_of_month
    return rule


def first_day(every: Every, today: date) -> date:
    """The first day on or after `today` the recurrence falls on (when the item names no period date)."""
    text = ";".join(f"{key}={value}" for key, value in rrule_of(every, today).items())
    start = datetime.combine(today, time())
    following = rrulestr(text, dtstart=start).after(start, inc=True)
    return following.date() if following else today


def for_owner(row: LedgerRow, owner: str) -> bool:
    """The item concerns `owner` (a part of its name): as lead or as a co-owner."""
    return any(owner in name for name in (row.owner or "", *row.co_owners))


def _description(row: LedgerRow, tz: ZoneInfo) -> str:
    lines = [messages.ICS_OWNER.format(owner=owner_text(row.owner))]
    if row.co_owners:
        lines.append(messages.ICS_CO_OWNERS.format(owners="、".join(row.co_owners)))
    lines.append(messages.ICS_LIMIT.format(limit=due_text(row, tz)))
    if row.source_title:
        source = row.source_title + (f"（{row.source_date.isoformat()}）" if row.source_date else "")
        lines.append(messages.ICS_SOURCE.format(source=source))
    if row.quote:
        lines.append(messages.ICS_QUOTE.format(quote=row.quote))
    return "\n".join(lines)


def _event(row: LedgerRow, tz: ZoneInfo, now: datetime, uid_prefix: str) -> Event | None:
    if row.every is not None:
        start = row.due.astimezone(tz).date() if row.due else first_day(row.every, now.astimezone(tz).date())
        event = _new(row, tz, now, uid_prefix, start, start + timedelta(days=1))
        event.add("rrule", rrule_of(row.every, start))
        return event
    if row.due is None:
        return None  # waiting for an event, or no fixed limit: nothing to put on a day
    local = row.due.astimezone(tz)
    if local.time().replace(microsecond=0) == END_OF_DAY:
        return _new(row, tz, now, uid_prefix, local.date(), local.date() + timedelta(days=1))
    return _new(row, tz, now, uid_prefix, local, None)


def _new(row: LedgerRow, tz: ZoneInfo, now: datetime, uid_prefix: str, start: date | datetime,
         end: date | None) -> Event:
    return Event.new(uid=f"{uid_prefix}-{row.number}@duban", stamp=now, start=start, end=end,
                     summary=messages.ICS_SUMMARY.format(ref=ref(row), owner=owner_text(row.owner), task=row.task),
                     description=_description(row, tz))


def calendar_ics(rows: Iterable[LedgerRow], *, now: datetime, tz: ZoneInfo, uid_prefix: str,
                 owner: str | None = None) -> bytes:
    """The .ics bytes of the open items in `rows` (only `owner`'s when given). `uid_prefix` names the
    chat (e.g. chat-1001), so items of two chats never share a UID."""
    name = messages.ICS_CALENDAR_NAME_OWNER.format(owner=owner) if owner else messages.ICS_CALENDAR_NAME
    calendar = Calendar.new(prodid=PRODID, name=name, uid=f"{uid_prefix}@duban")
    calendar.add("x-wr-timezone", tz.key)
    for row in rows:
        if row.stage != Stage.OPEN or (owner and not for_owner(row, owner)):
            continue
        event = _event(row, tz, now, uid_prefix)
        if event is not None:
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return bytes(calendar.to_ical())

