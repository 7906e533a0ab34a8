"""The nudge policy: a pure function from an obligation to its nudge slots.

Nothing here touches the database or the clock. `slots()` yields `Slot`s in planned order
(possibly forever: overdue nudges and recurring prompts go on until the item is done or
closed); the caller materialises only the ones it needs.

Defaults (all in `PolicyConfig`):
- deadline: a nudge 3 and 1 days before the due day at 09:00 (moved back to a working day;
  only when the limit is long enough), a closure prompt (是否已办结) on the due day at 16:00,
  then an overdue nudge every working day at 09:00 — the escalation ladder: from the 1st
  overdue working day (the owner's bound users), the admins told on the 3rd (`ESCALATE`), the
  item named in the next 通报 from the 7th (`NOTICE`), each step one slot;
- recurring: a report prompt each period (每10天 → every 10 days from the reference date;
  每月10日前 → 3 days before the 10th); the sender skips it when that period's report came;
- on_event: nothing until the event is recorded; then it is a deadline counted from the event
  (or, for a limit before an event — 会前三天 — counted back from the event's date).
The due time is computed once, when the clock starts (`scheduler.service`), and stored; the
slots follow the stored due time (`Subject.due_at`), so an approved extension moves them.
No message is planned in quiet hours (21:00–08:00 by default). Defaults live in `scheduler.config`.
"""

from __future__ import annotations

import calendar as month_calendar
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from extraction.model import Every, Kind, TimeBox, Within
from extraction.workdays import period_end
from scheduler.config import PolicyConfig as PolicyConfig
from scheduler.config import parse_clock
from scheduler.workdays import WorkdayCalendar


class Purpose(StrEnum):
    """What a nudge is for. The bot renders the Chinese text for each."""

    BEFORE_DUE = "before_due"
    CLOSURE_PROMPT = "closure_prompt"  # 是否已办结
    OVERDUE = "overdue"
    ESCALATE = "escalate"  # the ladder's second step: the chat's admins are told
    REPORT_PROMPT = "report_prompt"
    NOTICE = "notice"  # the ladder's third step: the item is named in the next 通报


# The escalation ladder's steps held back while an item is snoozed.
LADDER_PURPOSES: tuple[str, ...] = ("escalate", "notice")


BEFORE_DUE, CLOSURE_PROMPT, OVERDUE = Purpose.BEFORE_DUE, Purpose.CLOSURE_PROMPT, Purpose.OVERDUE
ESCALATE, REPORT_PROMPT, NOTICE = Purpose.ESCALATE, Purpose.REPORT_PROMPT, Purpose.NOTICE
PURPOSES = tuple(Purpose)

END_OF_DAY = time(23, 59, 59)


@dataclass(frozen=True)
class Subject:
    """What the policy needs to know about an obligation."""

    kind: str  # deadline | recurring | on_event
    timebox: TimeBox
    reference_date: date  # the speech's date: 每10天 counts from it
    started_at: datetime | None  # when the clock started (confirmation, or the event); None = not yet
    due_at: datetime | None = None  # the stored due time in force (None: computed from the time box)
    round: int = 0  # the schedule was laid anew this many times (extension, 退回重办): fresh slot keys


@dataclass(frozen=True)
class Slot:
    key: str  # unique per obligation, stable across runs: the outbox's idempotency key
    purpose: str
    planned_at: datetime  # aware, UTC
    data: dict[str, Any] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Due:
    at: datetime | None
    confirmed: bool = True  # False when a working-day count used the Mon–Fri fallback


def timebox_from_json(data: dict[str, Any]) -> TimeBox:
    """Rebuild the extraction TimeBox stored as JSON in the ledger."""
    within = Within(**data["within"]) if data.get("within") else None
    every = Every(**data["every"]) if data.get("every") else None
    due = date.fromisoformat(data["due"]) if data.get("due") else None
    return TimeBox(kind=data.get("kind", ""), start=0, end=0, within=within, due=due, every=every,
                   event=data.get("event"), before=bool(data.get("before")), confirmed=data.get("confirmed", True),
                   due_time=data.get("due_time"))


# ---------------------------------------------------------------- due dates

def resolve_due(box: TimeBox, started_at: datetime | None, config: PolicyConfig = PolicyConfig()) -> Due:
    """When the obligation is due, as an aware datetime (end of the due day unless a time is
    named). A limit counted in days or longer ends as the Civil Code counts it (arts. 201, 203:
    from the next day; a last day off work moves to the next working day), by the one function
    extraction reads limits with (`extraction.workdays.period_end`)."""
    tz = config.tz
    clock_time = parse_clock(box.due_time) if box.due_time else END_OF_DAY
    if box.due is not None:
        return Due(datetime.combine(box.due, clock_time, tz).astimezone(UTC), box.confirmed)
    if box.within is None or started_at is None:
        return Due(None, box.confirmed)
    n, unit = box.within.n, box.within.unit
    if unit in ("minute", "hour"):
        return Due(started_at + timedelta(**{unit + "s": n}), box.confirmed)
    day, official = period_end(started_at.astimezone(tz).date(), n, unit)
    return Due(datetime.combine(day, clock_time, tz).astimezone(UTC), box.confirmed and official)


# ---------------------------------------------------------------- slots

def slots(subject: Subject, config: PolicyConfig = PolicyConfig(),
          workdays: WorkdayCalendar | None = None) -> Iterator[Slot]:
    """All nudge slots of an obligation in planned order. May be infinite."""
    workdays = workdays or WorkdayCalendar()
    # A schedule laid anew (extension, 退回重办, reopen) gets fresh keys, so the slots of the
    # earlier round that were dropped do not stand in for the new ones.
    prefix = f"r{subject.round}:" if subject.round else ""
    series = _series(subject, config, workdays)
    for slot in series:
        yield Slot(prefix + slot.key, slot.purpose, slot.planned_at, slot.data) if prefix else slot


def _series(subject: Subject, config: PolicyConfig, workdays: WorkdayCalendar) -> Iterator[Slot]:
    if subject.kind == Kind.RECURRING:
        yield from _recurring(subject, config, workdays)
        return
    if subject.started_at is None:  # an on_event item waiting for its event
        return
    due_at = subject.due_at or resolve_due(subject.timebox, subject.started_at, config).at
    if due_at is None:
        return
    yield from _deadline(due_at, subject, config, workdays)


def _at(day: date, clock_time: time, config: PolicyConfig) -> datetime:
    return datetime.combine(day, clock_time, config.tz).astimezone(UTC)


def outside_quiet_hours(moment: datetime, config: PolicyConfig) -> datetime:
    """`moment`, or the end of the quiet hours it falls in."""
    local = moment.astimezone(config.tz)
    start, end = config.quiet_start, config.quiet_end
    clock = local.time()
    if start == end:
        return moment
    if start > end:  # crosses midnight, e.g. 21:00–08:00
        if clock >= start:
            return _at(local.date() + timedelta(days=1), end, config)
        if clock < end:
            return _at(local.date(), end, config)
        return moment
    if start <= clock < end:
        return _at(local.date(), end, config)
    return moment


def quiet_until(moment: datetime, config: PolicyConfig) -> datetime | None:
    """When the quiet hours around `moment` end, or None if `moment` is not in them."""
    shifted = outside_quiet_hours(moment, config)
    return shifted if shifted != moment else None


def _deadline(due_at: datetime, subject: Subject, config: PolicyConfig, workdays: WorkdayCalendar) -> Iterator[Slot]:
    started = subject.started_at
    assert started is not None
    local_due = due_at.astimezone(config.tz)
    due_day = local_due.date()
    start_day = started.astimezone(config.tz).date()
    first: list[Slot] = []
    seen_times: set[datetime] = set()
    for days in config.days_before:
        day = due_day - timedelta(days=days)
        if config.before_on_workdays:
            day = workdays.on_or_before(day)
        planned = outside_quiet_hours(_at(day, config.nudge_time, config), config)
        # Only when the limit is long enough: strictly after the day the clock started.
        if day <= start_day or planned <= started or planned >= due_at or planned in seen_times:
            continue
        seen_times.add(planned)
        first.append(Slot(f"before:{days}", BEFORE_DUE, planned, {"days_before": days}))
    has_clock_time = subject.timebox.due_time is not None or (
        subject.timebox.within is not None and subject.timebox.within.unit in ("minute", "hour"))
    # Working hours: a day's deadline on a rest day (12月5日前, a Saturday) is asked about on the
    # last working day before it, unless the clock started after that hour; a limit in hours is
    # asked at its hour, whatever the day.
    closure = due_at if has_clock_time else min(_at(due_day, config.closure_time, config), due_at)
    if not has_clock_time and not workdays.is_workday(due_day):
        last_workday = _at(workdays.on_or_before(due_day), config.closure_time, config)
        if last_workday > started:
            closure = last_workday
    closure = outside_quiet_hours(max(closure, started), config)
    first.append(Slot("closure", CLOSURE_PROMPT, closure))
    yield from sorted(first, key=lambda s: s.planned_at)

    owners_day, admins, notice = config.ladder_days
    day, count = due_day, 0
    while True:
        day = workdays.add_workdays(day, 1)
        count += 1
        if count < owners_day:
            continue
        planned = outside_quiet_hours(_at(day, config.overdue_time, config), config)
        data: dict[str, Any] = {"workdays_overdue": count, "due_at": due_at.isoformat()}
        if not workdays.covers(day):
            data["calendar_confirmed"] = False
        step = {**data, "ladder": 1} if count == owners_day else data
        yield Slot(f"overdue:{day.isoformat()}", OVERDUE, planned, step)
        if count == admins:
            yield Slot(f"escalate:{day.isoformat()}", ESCALATE, planned, {**data, "ladder": 2})
        if count == notice:
            yield Slot(f"notice:{day.isoformat()}", NOTICE, planned, {**data, "ladder": 3})


def occurrences(every: Every, reference: date) -> Iterator[date]:
    """The due days of a recurrence, strictly after the reference date."""
    n = max(1, every.n)
    if every.unit == "day":
        k = 1
        while True:
            yield reference + timedelta(days=n * k)
            k += 1
    if every.unit == "week":
        if every.weekday:
            first = reference + timedelta(days=(every.weekday - 1 - reference.weekday()) % 7 or 7)
        else:
            first = reference + timedelta(weeks=n)
        k = 0
        while True:
            yield first + timedelta(weeks=n * k)
            k += 1
    step, anchor_months = {"month": (1, None), "quarter": (3, (3, 6, 9, 12)), "year": (12, None)}[every.unit]
    day_of_month = every.day_of_month
    if every.unit == "quarter" and isinstance(day_of_month, int):
        anchor_months = (1, 4, 7, 10)  # 每季度N日: the N-th of each quarter's first month
    month_of_year = every.month_of_year or reference.month

    def in_month(year: int, month: int) -> date:
        last = month_calendar.monthrange(year, month)[1]
        if day_of_month == "end" or (day_of_month is None and anchor_months):
            return date(year, month, last)
        return date(year, month, min(day_of_month or reference.day, last))

    year, month = reference.year, reference.month
    if every.unit == "year":
        month = month_of_year
    elif anchor_months:
        while month not in anchor_months:
            month += 1
            if month > 12:
                year, month = year + 1, 1
    candidate = in_month(year, month)
    while candidate <= reference:
        year, month = divmod(year * 12 + month - 1 + step, 12)
        month += 1
        candidate = in_month(year, month)
    while True:
        yield candidate
        for _ in range(n):
            year, month = divmod(year * 12 + month - 1 + step, 12)
            month += 1
        candidate = in_month(year, month)


@dataclass(frozen=True)
class Period:
    """One reporting period of a recurring item: a report is due by the end of `due`."""

    start: datetime  # aware: the period opens
    due: date


def periods(every: Every, reference: date, started_at: datetime, until: date,
            config: PolicyConfig = PolicyConfig()) -> Iterator[Period]:
    """The reporting periods of a recurrence from its start, up to the first one due on or after `until`."""
    period_start = started_at
    start_day = started_at.astimezone(config.tz).date()
    for due_day in occurrences(every, reference):
        if due_day < start_day:
            continue
        yield Period(period_start, due_day)
        if due_day >= until:
            return
        period_start = _at(due_day + timedelta(days=1), time(0, 0), config)


def _recurring(subject: Subject, config: PolicyConfig, workdays: WorkdayCalendar) -> Iterator[Slot]:
    every = subject.timebox.every
    if every is None or subject.started_at is None:
        return
    started = subject.started_at
    start_day = started.astimezone(config.tz).date()
    period_start = started
    for due_day in occurrences(every, subject.reference_date):
        prompt_day = due_day
        if subject.timebox.before and config.report_lead_days:
            prompt_day = due_day - timedelta(days=config.report_lead_days)
        if config.before_on_workdays:
            prompt_day = workdays.on_or_before(prompt_day)
        period_floor = period_start.astimezone(config.tz).date()
        if prompt_day < period_floor:
            prompt_day = min(due_day, max(period_floor, start_day))
        planned = outside_quiet_hours(_at(prompt_day, config.nudge_time, config), config)
        next_period = _at(due_day + timedelta(days=1), time(0, 0), config)
        if due_day < start_day:
            period_start = max(period_start, next_period)
            continue
        if planned < started:
            planned = outside_quiet_hours(started, config)
        yield Slot(f"report:{due_day.isoformat()}", REPORT_PROMPT, planned,
                   {"period_start": period_start.isoformat(), "period_due": due_day.isoformat()})
        period_start = next_period


def snooze_until(now: datetime, choice: str, config: PolicyConfig = PolicyConfig()) -> datetime:
    """稍后提醒: 'hour' → in an hour, 'tomorrow' → tomorrow at the nudge time; never in quiet hours."""
    if choice == "hour":
        return outside_quiet_hours(now + timedelta(hours=1), config)
    if choice == "tomorrow":
        tomorrow = now.astimezone(config.tz).date() + timedelta(days=1)
        return outside_quiet_hours(_at(tomorrow, config.nudge_time, config), config)
    raise ValueError(f"unknown snooze choice {choice!r}")
