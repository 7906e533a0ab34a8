"""APScheduler only wakes the sweeper: catch-up on start, the next slot armed, late wake-ups
still run (APScheduler's default misfire_grace_time of 1 s would silently drop them)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.clock import FakeClock
from scheduler.loop import JOB_ID, SweepLoop
from scheduler.sweeper import Sweeper
from storage.db import transaction
from tests.scheduler.recording import RecordingNotifier
from tests.storage.factories import confirmed_items, extracted, sh

T0 = sh(2026, 3, 2, 10)


class WallPacedClock(FakeClock):
    """Fake "now", but real waits as long as the fake time difference (like a system clock)."""

    def real_seconds_until(self, when):
        return max(0.0, (when - self.now()).total_seconds())


class SignallingNotifier(RecordingNotifier):
    def __init__(self):
        super().__init__()
        self.delivered = asyncio.Event()

    async def send(self, message):
        message_id = await super().send(message)
        self.delivered.set()
        return message_id


async def test_start_catches_up_then_arms_the_next_slot(engine):
    with transaction(engine) as s:
        confirmed_items(s, [extracted(within=(10, "day")), extracted(owner="市住建局", within=(20, "day"))], at=T0)
    clock = WallPacedClock(sh(2026, 3, 9, 12))  # the first item's 3-day nudge (09:00) was missed
    notifier = RecordingNotifier()
    aps = AsyncIOScheduler(timezone="UTC")
    aps.start(paused=True)
    loop = SweepLoop(Sweeper(engine, notifier, clock), aps, max_idle=10**8)
    before = datetime.now(UTC)
    result = await loop.start()
    assert result.messages == 1 and notifier.sent[0].caught_up
    job = aps.get_job(JOB_ID)
    expected = before + (sh(2026, 3, 11, 9) - clock.now())  # the next slot: the 1-day nudge
    assert abs((job.next_run_time - expected).total_seconds()) < 5
    assert job.misfire_grace_time is None and job.coalesce
    aps.shutdown(wait=False)


async def test_a_late_wake_up_still_sweeps(engine):
    with transaction(engine) as s:
        confirmed_items(s, [extracted(within=(10, "day"))], at=T0)
    clock = WallPacedClock(sh(2026, 3, 9, 9))
    notifier = SignallingNotifier()
    aps = AsyncIOScheduler(timezone="UTC")
    aps.start(paused=True)
    loop = SweepLoop(Sweeper(engine, notifier, clock), aps, max_idle=3600)
    loop.poke()
    # The event loop was blocked for an hour (suspended VM, long GC): the job fires very late.
    aps.modify_job(JOB_ID, next_run_time=datetime.now(UTC) - timedelta(hours=1))
    aps.resume()
    await asyncio.wait_for(notifier.delivered.wait(), timeout=10)
    assert [m.purpose for m in notifier.sent] == ["before_due"]
    aps.shutdown(wait=False)
