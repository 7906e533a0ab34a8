"""How far an item's slots are planned is read from the outbox (its latest live series slot, or
the floor a replan set when later), not written by the sweep: the cases where that reading
could go wrong — a replan whose first slot falls at the dropped slot's time, a snooze slot ahead
of an item's first slots, a database whose items still carry the watermark the sweep once wrote."""

from __future__ import annotations

import pytest

from scheduler import service
from storage import outbox
from storage.db import transaction
from storage.models import Obligation
from tests.storage.factories import confirmed_items, extracted, sh

T0 = sh(2026, 3, 2, 10)  # Monday



def _unsettled(engine, obligation_id):
    with transaction(engine) as s:
        return sorted(n.slot for n in outbox.unsettled(s, obligation_id))


async def test_a_returned_item_is_reminded_at_the_time_its_dropped_reminder_had(any_engine, sweeper, notifier, clock):
    """The next reminder was planned for Monday 09:00, then dropped when the owner said 已办结;
    退回重办 on Friday evening lays a new round whose first reminder is that same Monday 09:00:
    the dropped slot must not count as planned, and nothing before the return is sent."""
    with transaction(any_engine) as s:
        (row,) = confirmed_items(s, [extracted(within=(10, "day"))], at=T0)
    clock.set(sh(2026, 3, 13, 9))  # Friday: first overdue working day
    assert (await sweeper.sweep()).messages == 1
    assert _unsettled(any_engine, row.id) == ["overdue:2026-03-16"]
    with transaction(any_engine) as s:
        service.submit_done(s, row.id, at=sh(2026, 3, 13, 10), by=101)
        service.return_for_rework(s, row.id, at=sh(2026, 3, 13, 20), by=1, reason="材料不全")
    assert _unsettled(any_engine, row.id) == ["r1:overdue:2026-03-16"]
    clock.set(sh(2026, 3, 16, 9))
    assert (await sweeper.sweep()).messages == 1
    last = notifier.sent[-1]
    assert last.slots == ("r1:overdue:2026-03-16",) and not last.caught_up
    assert _unsettled(any_engine, row.id) == ["r1:escalate:2026-03-17", "r1:overdue:2026-03-17"]


async def test_a_snooze_slot_does_not_hide_the_slots_of_an_event_recorded_before_it(any_engine, sweeper, notifier,
                                                                                   clock):
    """稍后提醒 (until tomorrow 09:00) on an item still waiting for its event, then the event: its
    limit ends today at 12:30, before the snooze slot, and is still reminded on time."""
    with transaction(any_engine) as s:
        (row,) = confirmed_items(s, [extracted("on_event", within=(2, "hour"), event="发生险情")], at=T0)
        service.snooze(s, row.id, now=T0, choice="tomorrow", by=101)
        service.record_event(s, row.id, at=sh(2026, 3, 2, 10, 30), by=101)
    clock.set(sh(2026, 3, 2, 12, 30))
    assert (await sweeper.sweep()).messages == 1
    assert notifier.purposes() == [(row.id, "closure_prompt")]


async def test_items_carrying_the_watermark_the_sweep_used_to_write_are_planned_as_before(any_engine, sweeper,
                                                                                          notifier, clock):
    """Before, every sweep wrote `planned_through` (the latest planned slot); such a value is
    now read as a floor, and agrees with the outbox."""
    with transaction(any_engine) as s:
        (row,) = confirmed_items(s, [extracted(within=(10, "day"))], at=T0)
        (first,) = outbox.unsettled(s, row.id)
        s.get(Obligation, row.id).planned_through = first.planned_at
    for day in (9, 11):
        clock.set(sh(2026, 3, day, 9))
        assert (await sweeper.sweep()).messages == 1
    assert [m.slots for m in notifier.sent] == [("before:3",), ("before:1",)]
    assert _unsettled(any_engine, row.id) == ["closure"]
    with transaction(any_engine) as s:
        assert s.get(Obligation, row.id).planned_through == first.planned_at  # the sweep wrote no watermark


@pytest.mark.parametrize("undo", ["return_for_rework", "reopen"])
async def test_a_recurring_item_returned_or_reopened_is_prompted_again(any_engine, sweeper, notifier, clock, undo):
    """每10天报送进展: the owner says 已办结 and the next report prompt is dropped; 退回重办 (or
    reopening a done item) lays the series anew, and its next period's prompt goes out."""
    from extraction.model import Every

    with transaction(any_engine) as s:
        (row,) = confirmed_items(s, [extracted("recurring", every=Every(10, "day"))], at=T0)
        service.submit_done(s, row.id, at=sh(2026, 3, 3, 10), by=101)
        if undo == "reopen":
            service.approve(s, row.id, at=sh(2026, 3, 3, 11), by=1)
            getattr(service, undo)(s, row.id, at=sh(2026, 3, 3, 12), by=1)
        else:
            getattr(service, undo)(s, row.id, at=sh(2026, 3, 3, 12), by=1, reason="未按期报送")
    waiting = _unsettled(any_engine, row.id)
    assert waiting, "nothing is planned after the series was laid anew"
    clock.set(sh(2026, 4, 30, 9))
    assert (await sweeper.sweep()).messages >= 1
    assert notifier.purposes()[-1] == (row.id, "report_prompt")
