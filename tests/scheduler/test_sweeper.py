"""The sweeper in-process, with a fake clock: catch-up, coalescing, quiet hours, retries,
follow-ups, snoozes, skipped report prompts, lazy materialisation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import func, select

from extraction.model import Every
from scheduler import service
from scheduler.notifier import PermanentSendError, RetryableSendError
from scheduler.sweeper import Sweeper, SweepResult
from storage import outbox
from storage.bindings import bind_owner
from storage.chat_settings import update_chat_settings
from storage.db import DatabaseUnavailable, transaction
from storage.models import Nudge
from tests.storage.factories import CHAT, SHANGHAI, confirmed_items, extracted, sh

T0 = sh(2026, 3, 2, 10)  # Monday



def _slots(engine, obligation_id):
    with transaction(engine) as s:
        return [(n.slot, n.sent_at is not None, n.drop_reason) for n in outbox.slots_of(s, obligation_id)]


async def test_each_slot_is_sent_at_its_time(any_engine, sweeper, notifier, clock):
    with transaction(any_engine) as s:
        (row,) = confirmed_items(s, [extracted(within=(10, "day"))], at=T0)
        bind_owner(s, CHAT, "市人社局", user_id=101, at=T0)
    assert (await sweeper.sweep()).messages == 0
    assert sweeper.next_wake() == sh(2026, 3, 9, 9)
    clock.set(sh(2026, 3, 9, 9))
    await sweeper.sweep()
    clock.set(sh(2026, 3, 11, 9, 0))
    await sweeper.sweep()
    clock.set(sh(2026, 3, 12, 16, 0))
    await sweeper.sweep()
    assert [m.purpose for m in notifier.sent] == ["before_due", "before_due", "closure_prompt"]
    assert notifier.sent[0].mention_user_ids == (101,) and not notifier.sent[0].caught_up
    clock.set(sh(2026, 3, 13, 9, 0))
    await sweeper.sweep()
    last = notifier.sent[-1]
    assert (last.purpose, last.escalate, last.workdays_overdue) == ("overdue", False, 1)  # the ladder's 1st step
    assert last.slots == ("overdue:2026-03-13",)
    clock.set(sh(2026, 3, 16, 9, 0))
    await sweeper.sweep()
    clock.set(sh(2026, 3, 17, 9, 0))  # Fri 13th, Mon 16th, Tue 17th: the 3rd overdue working day
    await sweeper.sweep()
    last = notifier.sent[-1]
    assert (last.purpose, last.escalate, last.workdays_overdue) == ("overdue", True, 3)
    assert last.slots == ("overdue:2026-03-17", "escalate:2026-03-17")


async def test_lazy_materialisation_keeps_one_future_slot(any_engine, sweeper, clock):
    with transaction(any_engine) as s:
        (row,) = confirmed_items(s, [extracted(within=(10, "day"))], at=T0)
    assert _slots(any_engine, row.id) == [("before:3", False, None)]
    clock.set(sh(2026, 3, 20, 10))  # Friday, a week overdue
    await sweeper.sweep()
    with transaction(any_engine) as s:
        rows = outbox.slots_of(s, row.id)
        unsettled = [n for n in rows if n.sent_at is None and n.dropped_at is None]
    # only the next time's slots are waiting: the 7th overdue working day's reminder and the ladder's last step
    assert [n.slot for n in unsettled] == ["overdue:2026-03-23", "notice:2026-03-23"]


async def test_catch_up_after_downtime_is_one_message_per_obligation(any_engine, sweeper, notifier, clock):
    with transaction(any_engine) as s:
        a, b = confirmed_items(s, [extracted(within=(10, "day")), extracted(owner="市住建局", within=(2, "day"))],
                               at=T0)
    clock.set(sh(2026, 3, 18, 10))  # the process was down for over two weeks
    result = await sweeper.sweep()
    assert result.messages == 2
    by_obligation = {m.obligation_id: m for m in notifier.sent}
    late = by_obligation[a.id]
    assert late.caught_up and late.purpose == "overdue" and late.workdays_overdue == 4 and late.escalate
    assert late.slots[:3] == ("before:3", "before:1", "closure")
    assert "overdue:2026-03-18" in late.slots
    with transaction(any_engine) as s:
        sent = s.exec(select(func.count()).select_from(Nudge).where(Nudge.sent_at.is_not(None))).one()
        messages = s.exec(select(func.count(func.distinct(Nudge.message_id)))).one()
    assert messages == 2 and sent == len(late.slots) + len(by_obligation[b.id].slots)
    assert (await sweeper.sweep()).messages == 0  # nothing left due: no flood


async def test_no_catch_up_during_quiet_hours(any_engine, sweeper, notifier, clock):
    with transaction(any_engine) as s:
        confirmed_items(s, [extracted(within=(10, "day"))], at=T0)
    clock.set(sh(2026, 3, 9, 23, 30))  # restarted at night, a nudge is overdue
    result = await sweeper.sweep()
    assert result.messages == 0 and result.deferred == 1
    assert sweeper.next_wake() == sh(2026, 3, 10, 8, 0)
    clock.set(sh(2026, 3, 10, 8, 0))
    assert (await sweeper.sweep()).messages == 1


async def test_done_drops_pending_and_starts_follow_up(any_engine, sweeper, notifier, clock):
    with transaction(any_engine) as s:
        main, follow = confirmed_items(s, [
            extracted(within=(10, "day")),
            extracted("on_event", action="报告销号", within=(1, "day"), event="办结"),
        ], at=T0)
    assert _slots(any_engine, follow.id) == []  # nothing until the event
    with transaction(any_engine) as s:
        service.mark_done(s, main.id, at=sh(2026, 3, 4, 15), by=101)
    assert _slots(any_engine, main.id) == [("before:3", False, "done")]
    clock.set(sh(2026, 3, 5, 16))
    await sweeper.sweep()
    assert notifier.purposes() == [(follow.id, "closure_prompt")]  # due one day after 办结
    clock.set(sh(2026, 3, 9, 9))
    await sweeper.sweep()
    assert notifier.purposes()[1:] == [(follow.id, "overdue")]  # 03-06 and 03-09 coalesced
    assert notifier.sent[1].caught_up and notifier.sent[1].slots == \
        ("overdue:2026-03-06", "overdue:2026-03-09")


async def test_report_prompt_skipped_when_the_report_came(any_engine, sweeper, notifier, clock):
    with transaction(any_engine) as s:
        (row,) = confirmed_items(s, [extracted("recurring", every=Every(10, "day"), action="报送进展")], at=T0)
        service.report_progress(s, row.id, text="本期进展", at=sh(2026, 3, 11, 17), user_id=101)
    clock.set(sh(2026, 3, 12, 9))
    result = await sweeper.sweep()
    assert result.messages == 0 and result.dropped == 1
    clock.set(sh(2026, 3, 20, 9))
    await sweeper.sweep()
    assert [(m.purpose, m.period_due) for m in notifier.sent] == [("report_prompt", "2026-03-22")]


async def test_retryable_error_backs_off_then_sends(any_engine, sweeper, notifier, clock):
    with transaction(any_engine) as s:
        (row,) = confirmed_items(s, [extracted(within=(10, "day"))], at=T0)
    notifier.failures = [RetryableSendError("429", retry_after=timedelta(minutes=3)), OSError("network")]
    clock.set(sh(2026, 3, 9, 9))
    assert (await sweeper.sweep()).retried == 1
    assert sweeper.next_wake() == sh(2026, 3, 9, 9, 3)
    clock.set(sh(2026, 3, 9, 9, 3))
    assert (await sweeper.sweep()).retried == 1  # second failure: backoff doubles to 2 minutes
    assert sweeper.next_wake() == sh(2026, 3, 9, 9, 5)
    clock.set(sh(2026, 3, 9, 9, 5))
    assert (await sweeper.sweep()).messages == 1
    with transaction(any_engine) as s:
        (first,) = [n for n in outbox.slots_of(s, row.id) if n.slot == "before:3"]
    assert first.attempts == 3 and first.message_id is not None


async def test_permanent_error_drops_the_slot(any_engine, sweeper, notifier, clock):
    with transaction(any_engine) as s:
        (row,) = confirmed_items(s, [extracted(within=(10, "day"))], at=T0)
    notifier.failures = [PermanentSendError("Forbidden: bot was blocked")]
    clock.set(sh(2026, 3, 9, 9))
    assert (await sweeper.sweep()).failed == 1
    assert _slots(any_engine, row.id)[0] == ("before:3", False, "failed")


async def test_crashed_claimer_is_retried_after_its_lease(any_engine, notifier, clock):
    with transaction(any_engine) as s:
        confirmed_items(s, [extracted(within=(10, "day"))], at=T0)
    clock.set(sh(2026, 3, 9, 9))
    crashed = Sweeper(any_engine, notifier, clock, worker="crashed", lease=timedelta(minutes=5))
    assert crashed._claim(SweepResult())  # claimed, then "killed" before sending
    other = Sweeper(any_engine, notifier, clock, worker="other", lease=timedelta(minutes=5))
    assert (await other.sweep()).messages == 0
    clock.advance(minutes=5)
    assert (await other.sweep()).messages == 1
    assert len(notifier.sent) == 1


async def test_snooze_is_a_slot_like_any_other(any_engine, sweeper, notifier, clock):
    with transaction(any_engine) as s:
        (row,) = confirmed_items(s, [extracted(within=(10, "day"))], at=T0)
    clock.set(sh(2026, 3, 12, 16))
    await sweeper.sweep()
    with transaction(any_engine) as s:
        slot = service.snooze(s, row.id, now=clock.now(), choice="hour", by=101)
    assert slot.planned_at == sh(2026, 3, 12, 17)
    clock.set(sh(2026, 3, 12, 17))
    await sweeper.sweep()
    assert [m.slots for m in notifier.sent][-1] == (slot.key,)
    assert notifier.sent[-1].purpose == "closure_prompt"


async def test_closed_item_is_never_nudged_again(any_engine, sweeper, notifier, clock):
    with transaction(any_engine) as s:
        (row,) = confirmed_items(s, [extracted(within=(10, "day"))], at=T0)
        service.close(s, row.id, at=T0 + timedelta(hours=1), by=1)
    clock.set(sh(2026, 4, 30, 10))
    assert (await sweeper.sweep()).messages == 0
    assert sweeper.next_wake() is None


async def test_chat_settings_change_the_plan(any_engine, sweeper, notifier, clock):
    with transaction(any_engine) as s:
        update_chat_settings(s, CHAT, at=T0, days_before=[5], nudge_time="10:30", admin_user_ids=[9])
        (row,) = confirmed_items(s, [extracted(within=(10, "day"))], at=T0)
    assert sweeper.next_wake() == sh(2026, 3, 6, 10, 30)
    clock.set(sh(2026, 3, 6, 10, 30))
    await sweeper.sweep()
    assert notifier.sent[0].admin_user_ids == (9,)
    assert notifier.sent[0].planned_at.astimezone(SHANGHAI).hour == 10


async def test_a_send_the_database_could_not_record_is_recorded_first_and_never_repeated(any_engine, notifier, clock):
    with transaction(any_engine) as s:
        a, b = confirmed_items(s, [extracted(within=(10, "day")), extracted(owner="市住建局", within=(10, "day"))],
                               at=T0)
    clock.set(sh(2026, 3, 9, 9))  # both before:3 slots are due, one batch
    sweeper = Sweeper(any_engine, notifier, clock, worker="a", lease=timedelta(minutes=5))
    real_mark = sweeper._mark

    def mark_fails_once(*args):
        sweeper._mark = real_mark
        raise DatabaseUnavailable("server closed the connection unexpectedly")

    sweeper._mark = mark_fails_once
    with pytest.raises(DatabaseUnavailable):
        await sweeper.sweep()
    assert len(notifier.sent) == 1  # the first went out; the batch stopped with the database gone
    other = Sweeper(any_engine, notifier, clock, worker="b", lease=timedelta(minutes=5))
    assert (await other.sweep()).messages == 0  # both are still leased to "a"
    result = await sweeper.sweep()  # the database is back: record, release, then send the second
    assert result.messages == 1
    clock.advance(minutes=10)  # long after the lease: nothing is sent twice
    assert (await other.sweep()).messages == 0 and (await sweeper.sweep()).messages == 0
    assert sorted(m.obligation_id for m in notifier.sent) == sorted([a.id, b.id])
    with transaction(any_engine) as s:
        sent = {n.obligation_id: n.message_id for n in s.exec(select(Nudge).where(Nudge.slot == "before:3"))}
    assert set(sent.values()) == {1000, 1001}  # each slot carries the id of the message that went out
