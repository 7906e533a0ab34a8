"""Lazy materialisation: which of an item's nudge slots go into the outbox now.

An open obligation always has every slot planned up to now plus its next future one(s) in the
outbox, never its whole (possibly endless) series. `new_slots` is that rule for one item (pure);
`materialise_many` applies it to many items of a sweep batch in one INSERT.

How far an item is planned is not written anywhere: it is its latest live slot in the outbox, or
the floor a replan set when that is later (`storage.outbox.watermark`). So planning writes slots
only, and the INSERT that plans them is also the record of having planned them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from sqlmodel import Session

from scheduler import policy
from scheduler.policy import PolicyConfig, Subject
from scheduler.workdays import WorkdayCalendar
from storage import outbox
from storage.due_items import DueItem
from storage.models import Obligation


def subject(row: Obligation | DueItem, reference_date: date) -> Subject:
    """What the policy needs to know about `row` (its speech's date given)."""
    return Subject(kind=row.kind, timebox=policy.timebox_from_json(row.timebox), reference_date=reference_date,
                   started_at=row.started_at, due_at=row.due_at, round=row.replans)


def new_slots(subject: Subject, config: PolicyConfig, through: datetime | None, now: datetime,
              workdays: WorkdayCalendar | None = None) -> list[policy.Slot]:
    """The slots of `subject` planned after `through` (all when None) up to `now`, and the next
    future one(s): those sharing the first planned time after `now`."""
    new: list[policy.Slot] = []
    future_at: datetime | None = None
    for slot in policy.slots(subject, config, workdays or WorkdayCalendar()):
        if future_at is not None and slot.planned_at != future_at:
            break
        if through is not None and slot.planned_at <= through:
            continue
        new.append(slot)
        if slot.planned_at > now and future_at is None:
            future_at = slot.planned_at
    return new


class Plannable(Protocol):
    """What planning reads of an item: `storage.due_items.DueItem` (its `planned_through` is the
    watermark read from the outbox, see `storage.outbox.watermark`)."""

    id: int
    planned_through: datetime | None


def needs_planning(through: datetime | None, now: datetime) -> bool:
    """Has an (open) item planned `through` then slots to add at `now`? Not while its next future slot is waiting."""
    return through is None or through <= now


def materialise_many(session: Session, items: Sequence[tuple[Plannable, Subject, PolicyConfig]], now: datetime,
                     claim: tuple[str, datetime] | None = None) -> dict[int, list[tuple[int, policy.Slot]]]:
    """Materialise many open items at `now` in one statement, the INSERT of their new slots (the
    watermark moves with it; it is also moved on the items given, for the caller).
    With `claim=(worker, lease_until)` the slots already due are inserted claimed by that worker;
    returns, per obligation id, those claimed slots with their ids (a slot another process
    inserted first is not among them)."""
    workdays = WorkdayCalendar()
    planned: list[tuple[int, policy.Slot]] = []
    for row, subject, config in items:
        if not needs_planning(row.planned_through, now):
            continue
        fresh = new_slots(subject, config, row.planned_through, now, workdays)
        if not fresh:
            continue
        planned += [(row.id, slot) for slot in fresh]
        row.planned_through = max(s.planned_at for s in fresh)
    if not planned:
        return {}
    inserted = outbox.insert_slots(session, planned, claim=(claim[0], now, claim[1]) if claim else None,
                                   claim_before=now, returning=claim is not None)
    by_key = {(obligation_id, slot.key): slot for obligation_id, slot in planned}
    claimed: dict[int, list[tuple[int, policy.Slot]]] = {}
    for nudge_id, obligation_id, key in inserted:
        slot = by_key[(obligation_id, key)]
        if slot.planned_at <= now:
            claimed.setdefault(obligation_id, []).append((nudge_id, slot))
    return claimed
