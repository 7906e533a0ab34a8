"""APScheduler only wakes the sweeper: catch-up on start, the next slot armed, late wake-ups
still run (APScheduler's default misfire_grace_time of 1 s would silently drop them). The loop
cannot die: a failing next_wake, a slot falling due while a tick runs, a poke during a tick, a
broken scheduler, a lost timer; an outage logs one line; a hung database leaves the event loop free."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import insert
from sqlalchemy.exc import OperationalError

from scheduler.clock import FakeClock
from scheduler.loop import JOB_ID, SweepLoop
from scheduler.sweeper import Sweeper
from storage.db import make_engine, transaction
from storage.migrate import upgrade
from storage.models import Nudge
from tests.scheduler.expected import slot_counts
from tests.scheduler.recording import HandClock, RecordingNotifier, until
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


# ---------------------------------------------------------------------------- the loop cannot die

def _one_item(engine, within=(10, "day")):
    with transaction(engine) as s:
        (row,) = confirmed_items(s, [extracted(within=within)], at=T0)
    return row


def _due_slot(engine, obligation_id: int, slot: str, at) -> None:
    """A slot written by someone else (another process, the bot), due at `at`."""
    with transaction(engine) as s:
        s.execute(insert(Nudge), [{"obligation_id": obligation_id, "slot": slot, "purpose": "overdue",
                                   "planned_at": at, "attempts": 0}])


async def _running(aps_loop: SweepLoop):
    await aps_loop.stop()
    aps_loop.scheduler.shutdown(wait=False)


async def test_a_failing_next_wake_still_arms_a_retry_and_later_slots_go_out(engine):
    row = _one_item(engine)
    clock = HandClock(sh(2026, 3, 9, 9))  # before:3 is due
    notifier = RecordingNotifier()
    sweeper = Sweeper(engine, notifier, clock)
    real_next_wake = sweeper.next_wake
    failures = [OperationalError("SELECT min(nudge.planned_at)", {}, Exception("server closed the connection"))]

    def next_wake():
        if failures:
            raise failures.pop()
        return real_next_wake()

    sweeper.next_wake = next_wake
    aps = AsyncIOScheduler(timezone="UTC")
    aps.start()
    loop = SweepLoop(sweeper, aps, max_idle=3600, retry_base=0.05)
    try:
        result = await loop.start()  # the sweep worked, next_wake() failed right after it
        assert result.messages == 1 and loop.failures == 1
        assert aps.get_job(JOB_ID) is not None and loop.last_delay == 0.05
        clock.set(sh(2026, 3, 11, 9))  # before:1 falls due: only the armed retry can send it
        await until(lambda: len(notifier.sent) == 2 and loop.failures == 0, what="the retry to send before:1")
    finally:
        await _running(loop)
    assert slot_counts(notifier.sent) == {(row.id, "before:3"): 1, (row.id, "before:1"): 1}


async def test_a_slot_falling_due_while_the_tick_runs_is_not_lost(engine, caplog):
    """next_wake() comes back at or before now (the database stalled while a slot fell due):
    the tick must not arm a job that APScheduler then skips because the tick still runs."""
    row = _one_item(engine)
    clock = HandClock(sh(2026, 3, 9, 9))
    notifier = RecordingNotifier()
    sweeper = Sweeper(engine, notifier, clock)
    real_next_wake = sweeper.next_wake

    def stalled_next_wake():
        wake = real_next_wake()
        if wake is not None and len(notifier.sent) == 1:
            clock.set(wake)  # the query took until the next slot was due
        return wake

    sweeper.next_wake = stalled_next_wake
    aps = AsyncIOScheduler(timezone="UTC")
    aps.start()
    loop = SweepLoop(sweeper, aps, max_idle=3600)
    try:
        loop.poke()  # the tick runs from the APScheduler job, as in the bot
        await until(lambda: len(notifier.sent) == 2, what="before:1, due when next_wake() returned")
    finally:
        await _running(loop)
    assert slot_counts(notifier.sent) == {(row.id, "before:3"): 1, (row.id, "before:1"): 1}
    assert "maximum number of running instances" not in caplog.text


async def test_a_poke_during_a_running_tick_is_not_lost(engine, caplog):
    row = _one_item(engine)
    other = _one_item(engine, within=(20, "day"))
    clock = HandClock(sh(2026, 3, 9, 9))
    entered, release = asyncio.Event(), asyncio.Event()

    class SlowNotifier(RecordingNotifier):
        async def send(self, message):
            if not self.sent:
                entered.set()
                await release.wait()  # Telegram is slow: the tick is still sending
            return await super().send(message)

    notifier = SlowNotifier()
    aps = AsyncIOScheduler(timezone="UTC")
    aps.start()
    loop = SweepLoop(Sweeper(engine, notifier, clock), aps, max_idle=3600)
    try:
        loop.poke()
        await asyncio.wait_for(entered.wait(), 20)
        _due_slot(engine, other.id, "snooze:1", clock.now())  # the bot stored a due slot…
        loop.poke()  # …and pokes while the tick still runs
        await asyncio.sleep(0)
        release.set()
        await until(lambda: len(notifier.sent) == 2, what="the poked slot")
    finally:
        await _running(loop)
    assert slot_counts(notifier.sent) == {(row.id, "before:3"): 1, (other.id, "snooze:1"): 1}
    assert "maximum number of running instances" not in caplog.text


async def test_a_poke_from_a_worker_thread_wakes_the_loop(engine):
    """The bot runs its database work (and so its pokes) in worker threads."""
    row = _one_item(engine)
    clock = HandClock(sh(2026, 3, 9, 9))
    notifier = RecordingNotifier()
    aps = AsyncIOScheduler(timezone="UTC")
    aps.start()
    loop = SweepLoop(Sweeper(engine, notifier, clock), aps, max_idle=3600)
    try:
        assert (await loop.start()).messages == 1
        clock.set(sh(2026, 3, 11, 9))
        await asyncio.to_thread(loop.poke)
        await until(lambda: len(notifier.sent) == 2, what="the poked sweep")
    finally:
        await _running(loop)
    assert slot_counts(notifier.sent) == {(row.id, "before:3"): 1, (row.id, "before:1"): 1}


async def test_when_arming_fails_a_plain_timer_stands_in(engine):
    row = _one_item(engine)

    class BrokenScheduler(AsyncIOScheduler):
        def add_job(self, *args, **kwargs):
            raise RuntimeError("job store unavailable")

    clock = HandClock(sh(2026, 3, 9, 9))
    notifier = RecordingNotifier()
    aps = BrokenScheduler(timezone="UTC")
    aps.start()
    loop = SweepLoop(Sweeper(engine, notifier, clock), aps, max_idle=3600)
    try:
        assert (await loop.start()).messages == 1
        clock.set(sh(2026, 3, 11, 9))
        loop.poke()
        await until(lambda: len(notifier.sent) == 2, what="the poke through the fallback timer")
    finally:
        await _running(loop)
    assert slot_counts(notifier.sent) == {(row.id, "before:3"): 1, (row.id, "before:1"): 1}


async def test_the_watchdog_sweeps_when_the_wake_up_is_lost(engine):
    row = _one_item(engine)
    clock = HandClock(sh(2026, 3, 9, 9))
    notifier = RecordingNotifier()
    aps = AsyncIOScheduler(timezone="UTC")
    aps.start()
    loop = SweepLoop(Sweeper(engine, notifier, clock), aps, max_idle=0.2)
    try:
        assert (await loop.start()).messages == 1
        aps.remove_job(JOB_ID)  # the timer is gone (as after APScheduler skipped it)
        clock.set(sh(2026, 3, 11, 9))
        await until(lambda: len(notifier.sent) == 2, what="the watchdog's sweep")
    finally:
        await _running(loop)
    assert loop.watchdog_starts >= 1
    assert slot_counts(notifier.sent) == {(row.id, "before:3"): 1, (row.id, "before:1"): 1}


def _lock_the_database(url: str) -> sqlite3.Connection:
    """Another connection holding SQLite's write lock (a stuck writer)."""
    blocker = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    return blocker


async def test_an_outage_is_one_warning_then_short_lines_then_one_recovery_line(sqlite_url, caplog):
    upgrade(sqlite_url)
    setup = make_engine(sqlite_url)
    row = _one_item(setup)
    engine = make_engine(sqlite_url, lock_timeout=0.05)
    clock = HandClock(sh(2026, 3, 9, 9))
    notifier = RecordingNotifier()
    aps = AsyncIOScheduler(timezone="UTC")
    aps.start(paused=True)  # the test runs each tick itself
    loop = SweepLoop(Sweeper(engine, notifier, clock), aps, max_idle=60, retry_base=1.0)
    blocker = _lock_the_database(sqlite_url)
    caplog.set_level(logging.INFO, logger="scheduler")
    delays = []
    try:
        for _ in range(8):
            assert (await loop.tick()).messages == 0
            delays.append(loop.last_delay)
        blocker.rollback()
        assert (await loop.tick()).messages == 1
    finally:
        blocker.close()
        await _running(loop)
        engine.dispose()
        setup.dispose()
    assert delays == [1, 2, 4, 8, 16, 32, 60, 60]
    records = [r for r in caplog.records if r.name.startswith("scheduler")]
    warnings = [r.getMessage() for r in records if r.levelno >= logging.WARNING]
    assert len(warnings) == 2, warnings
    assert warnings[0] == "sweep failed: database is locked; retrying in 1.0 s"
    assert warnings[1].startswith("sweep recovered after 8 failed attempt(s)")
    retries = [r.getMessage() for r in records if r.levelno == logging.INFO and "failed again" in r.getMessage()]
    assert len(retries) == 7 and all(len(line) < 60 for line in retries), retries
    assert not any(r.exc_info for r in records) and "Traceback" not in caplog.text
    assert slot_counts(notifier.sent) == {(row.id, "before:3"): 1}


async def test_a_hung_database_does_not_freeze_the_event_loop(sqlite_url):
    upgrade(sqlite_url)
    setup = make_engine(sqlite_url)
    row = _one_item(setup)
    engine = make_engine(sqlite_url, lock_timeout=30)  # the sweep waits up to 30 s for the lock
    notifier = RecordingNotifier()
    aps = AsyncIOScheduler(timezone="UTC")
    aps.start(paused=True)
    loop = SweepLoop(Sweeper(engine, notifier, HandClock(sh(2026, 3, 9, 9))), aps, max_idle=3600)
    blocker = _lock_the_database(sqlite_url)
    try:
        tick = asyncio.create_task(loop.tick())
        await until(lambda: loop.busy, what="the tick to start")
        for _ in range(20):  # the event loop keeps turning while the sweep waits on the database
            await asyncio.sleep(0.01)
        assert not tick.done()
        blocker.rollback()
        assert (await tick).messages == 1
    finally:
        blocker.close()
        await _running(loop)
        engine.dispose()
        setup.dispose()
    assert slot_counts(notifier.sent) == {(row.id, "before:3"): 1} and loop.failures == 0
