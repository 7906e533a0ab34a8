"""Where an item's clock starts and when it is due.

Decided once: a relative limit (5个工作日内) counts from the item's
confirmation (交办), not from the speech's date; so does a limit counted from the receipt of
this very document (收到通知之日起, 本方案印发之日起), since the units receive it when it is
handed out. A limit after another event waits for that event (`scheduler.service.record_event`); a limit
before an event (会前三天) waits for the event's date and counts back from it. The due time
is computed when the clock starts, in `due_on_start`, and stored in `Obligation.due_at`; every
view reads the stored value (`expected_due`), and an approved extension replaces it.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session

from extraction.model import Kind, TimeBox
from scheduler import policy
from scheduler.config import PolicyConfig
from scheduler.workdays import WorkdayCalendar
from storage.chaining import follows_done_event
from storage.models import OPEN, PENDING, Obligation, Speech
from storage.progress import list_reports

# The receipt of this very document: its clock starts when the items are handed out (confirmed).
RECEIPT_EVENT = re.compile(r"收到|接到|收悉|接收|^本.{0,8}(印发|下发|发布|公布|出台)|^(通知|文件|方案)(印发|下发)")


def is_receipt_event(event: str | None) -> bool:
    """收到通知, 接到本通知, 本方案印发 …: the event is this document reaching the units."""
    return event is not None and RECEIPT_EVENT.search(event) is not None


def starts_at_confirmation(row: Obligation) -> bool:
    """Does the item's clock start when it is confirmed (a deadline, a recurrence, or a
    receipt-counted limit)?"""
    if row.kind in (Kind.DEADLINE, Kind.RECURRING):
        return True
    return row.kind == Kind.ON_EVENT and is_receipt_event(row.timebox.get("event"))


def waits_for_event(row: Obligation) -> bool:
    """待触发: an on_event item whose event has not been recorded (nor will start it by itself)."""
    if row.kind != Kind.ON_EVENT or row.started_at is not None or starts_at_confirmation(row):
        return False
    return not (row.trigger_id is not None and follows_done_event(row.timebox.get("event")))


def counts_back(row: Obligation) -> bool:
    """A limit before an event (会前三天): the event's date is needed, not just that it happened."""
    return row.kind == Kind.ON_EVENT and bool(row.timebox.get("before"))


def due_on_start(row: Obligation, started_at: datetime, config: PolicyConfig,
                 event_at: datetime | None = None) -> policy.Due:
    """The one place an item's due time is computed, when its clock starts at `started_at`
    (a limit before an event counts back from `event_at`)."""
    box = policy.timebox_from_json(row.timebox)
    if row.kind == Kind.RECURRING:
        return policy.Due(None, box.confirmed)
    if box.before and row.kind == Kind.ON_EVENT:
        return due_before_event(box, event_at or started_at, config)
    return policy.resolve_due(box, started_at, config)


def expected_due(row: Obligation, config: PolicyConfig, now: datetime) -> datetime | None:
    """When `row` is due (the stored due time), or, still pending, would be if confirmed `now`;
    None without a fixed limit (a recurrence, or an event not yet recorded)."""
    if row.due_at is not None or row.status != PENDING or not starts_at_confirmation(row):
        return row.due_at
    return due_on_start(row, now, config).at


def recurring_state(session: Session, row: Obligation, config: PolicyConfig,
                    now: datetime) -> tuple[date | None, date | None]:
    """(the next report due day, the last period's due day when that period passed without a
    report) of a recurring item; (None, None) for any other. A missed period makes the item
    overdue (derived, never stored)."""
    every = policy.timebox_from_json(row.timebox).every
    if row.kind != Kind.RECURRING or every is None:
        return None, None
    started = row.started_at or now
    speech = session.get(Speech, row.speech_id)
    reference = speech.reference_date if speech else started.astimezone(config.tz).date()
    today = now.astimezone(config.tz).date()
    found = list(policy.periods(every, reference, started, today, config))
    if not found:
        return None, None
    upcoming = found[-1].due if found[-1].due >= today else None
    finished = [p for p in found if p.due < today]
    if not finished or row.status != OPEN:
        return upcoming, None
    last = finished[-1]
    closes = datetime.combine(last.due + timedelta(days=1), time(0, 0), config.tz)
    reported = any(last.start <= r.reported_at < closes for r in list_reports(session, row.id))
    return upcoming, None if reported else last.due


def due_before_event(box: TimeBox, event_at: datetime, config: PolicyConfig = PolicyConfig()) -> policy.Due:
    """A limit before an event (会前三天, 提前2小时): the event's time counted back. A day count
    ends at the end of that day; working days skip rest days (Mon–Fri assumed, and said, for a
    year the official calendar does not cover)."""
    if box.within is None:
        return policy.Due(event_at, box.confirmed)
    n, unit = box.within.n, box.within.unit
    if unit in ("minute", "hour"):
        return policy.Due(event_at - timedelta(**{unit + "s": n}), box.confirmed)
    day = event_at.astimezone(config.tz).date()
    confirmed = box.confirmed
    if unit == "workday":
        workdays = WorkdayCalendar()
        for _ in range(n):
            day = workdays.on_or_before(day - timedelta(days=1))
            confirmed = confirmed and workdays.covers(day)
    else:
        days = {"day": 1, "week": 7, "month": 30, "quarter": 91, "year": 365}.get(unit, 1)
        day -= timedelta(days=n * days)
    return policy.Due(datetime.combine(day, policy.END_OF_DAY, config.tz).astimezone(UTC), confirmed)
