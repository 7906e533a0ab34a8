"""Waking the sweeper with APScheduler (3.11): an AsyncIOScheduler of its own (the bot's, or
`scheduler.run`'s). The loop must never stop while the process lives.

Only one date job exists, re-armed after every tick for the next planned slot (capped by
`max_idle`, so slots written by another process are noticed). Nothing is pickled into a job
store: the outbox in the database is the schedule. `misfire_grace_time=None` because
APScheduler's default of 1 s silently drops a one-off job that fires late (a busy loop, a
suspended VM).

Why it cannot die:
- The job does not run the sweep itself: it starts a tick as its own task and returns at once.
  So a job armed for "now" while a tick is still running never meets APScheduler's
  `max_instances` ("maximum number of running instances reached", after which a date job is
  gone); it queues one more tick behind the running one.
- A tick sweeps again at once while `next_wake()` is already due (a slot fell due while it ran).
- Whatever a tick raises (the sweep, `next_wake`, the database), the next wake-up is armed with
  back-off (doubling from `retry_base` up to `retry_max`, at most `max_idle`). If arming itself
  fails, a plain event-loop timer stands in for the job.
- A watchdog task starts a tick if none ran within the longest idle interval.
- Database work runs in worker threads (see `scheduler.sweeper`): a hung database delays
  nudges, not the event loop.

Logging: an outage is one warning with its reason (no traceback for a database error), then
one short line per retry at INFO, then one warning when sweeps succeed again.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.base import BaseScheduler

from scheduler.sweeper import Sweeper, SweepResult
from storage.db import one_line, unavailable_reason

log = logging.getLogger(__name__)
JOB_ID = "duban-sweep"


class SweepLoop:
    def __init__(self, sweeper: Sweeper, scheduler: BaseScheduler, *, max_idle: float = 60.0,
                 retry_base: float = 1.0, retry_max: float = 60.0, watchdog: float | None = None,
                 max_rounds: int = 10):
        self.sweeper, self.scheduler, self.max_idle = sweeper, scheduler, max_idle
        self.retry_base, self.retry_max = retry_base, min(retry_max, max_idle)
        # No tick within this long (real seconds) means the timer was lost: the watchdog sweeps.
        self.watchdog_interval = watchdog if watchdog is not None else max(max_idle, self.retry_max)
        self.max_rounds = max_rounds  # sweeps in one tick while slots keep falling due
        self.sweeps = 0  # successful ticks
        self.failed_ticks = 0
        self.failures = 0  # consecutive failed ticks (the current outage)
        self.watchdog_starts = 0
        self.last_result: SweepResult | None = None
        self.last_delay: float | None = None  # real seconds to the wake-up armed last
        self._lock = asyncio.Lock()
        self._busy = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._queued = False  # a spawned tick waits for the lock: further wake-ups join it
        self._tasks: set[asyncio.Task[None]] = set()
        self._watchdog: asyncio.Task[None] | None = None
        self._fallback: asyncio.TimerHandle | None = None
        self._stopped = False
        self._loop: asyncio.AbstractEventLoop | None = None  # the event loop the timers run on
        self._last_tick = self._tick_started = time.monotonic()
        self._outage_since = 0.0
        self._last_reason = ""
        self._long_tick_logged = False

    async def start(self) -> SweepResult:
        """Catch up (every unsent slot whose time has passed, coalesced per obligation), then arm."""
        return await self.tick()

    async def tick(self) -> SweepResult:
        """Sweep until nothing is due, then arm the next wake-up. Never raises (but for
        cancellation): a failure is logged and retried with back-off."""
        with self._activity():
            async with self._lock:
                return await self._tick_locked()

    @property
    def busy(self) -> bool:
        """A tick is running or waiting to run."""
        return bool(self._busy or self._tasks)

    def poke(self) -> None:
        """Something changed (e.g. the bot confirmed a speech): sweep now. May be called from a
        worker thread (the bot runs its database work in threads): the event loop then arms."""
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if self._loop is not None and running is not self._loop:
            self._loop.call_soon_threadsafe(self._arm, 0.0)
        else:
            self._arm(0.0)

    async def drain(self, timeout: float = 10.0) -> None:
        """Wait until no tick runs or waits to run."""
        try:
            async with asyncio.timeout(timeout):
                while self._tasks or self._busy:
                    if self._tasks:
                        await asyncio.wait(set(self._tasks))
                    else:
                        await self._idle.wait()
        except TimeoutError:
            log.warning("a sweep was still running after %.0f s at shutdown", timeout)

    async def stop(self, timeout: float = 10.0) -> None:
        """Arm nothing more, stop the watchdog, let a running sweep finish (it is never cut off
        mid-send). The caller shuts its scheduler down afterwards."""
        self._stopped = True
        if self._fallback is not None:
            self._fallback.cancel()
        if self._watchdog is not None:
            self._watchdog.cancel()
        try:
            self.scheduler.remove_job(JOB_ID)
        except Exception:  # no job armed, or the scheduler is already down
            pass
        await self.drain(timeout)

    # ------------------------------------------------------------------ ticks

    async def _tick_locked(self) -> SweepResult:
        result = SweepResult()
        self._tick_started = time.monotonic()
        try:
            for _ in range(self.max_rounds):
                result.add(await self.sweeper.sweep())
                wake = await asyncio.to_thread(self.sweeper.next_wake)
                if wake is None or wake > self.sweeper.clock.now():
                    break
            delay = self._delay_until(wake)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            delay = self._failed(error)
        else:
            self._succeeded()
            self.last_result = result
        finally:
            self._last_tick = time.monotonic()
            self._long_tick_logged = False
        self._arm(delay)
        return result

    def _delay_until(self, wake: datetime | None) -> float:
        if wake is None:
            return self.max_idle
        if wake <= self.sweeper.clock.now():
            return 0.0  # still due after max_rounds sweeps: go again after whatever else is waiting
        return min(self.max_idle, self.sweeper.clock.real_seconds_until(wake))

    def _failed(self, error: Exception) -> float:
        self.failures += 1
        self.failed_ticks += 1
        delay: float = min(self.retry_base * 2 ** min(self.failures - 1, 30), self.retry_max)
        database = unavailable_reason(error)
        reason = database or f"{type(error).__name__}: {one_line(error)}"
        if self.failures == 1:
            self._outage_since = time.monotonic()
            # A database outage needs its reason only; anything else is a bug: show it once.
            log.warning("sweep failed: %s; retrying in %.1f s", reason, delay, exc_info=database is None)
        elif reason != self._last_reason:
            log.info("sweep failed again (%d): %s; next try in %.1f s", self.failures, reason, delay)
        else:
            log.info("sweep failed again (%d); next try in %.1f s", self.failures, delay)
        self._last_reason = reason
        return delay

    def _succeeded(self) -> None:
        self.sweeps += 1
        if self.failures:
            log.warning("sweep recovered after %d failed attempt(s) in %.0f s", self.failures,
                        time.monotonic() - self._outage_since)
        self.failures = 0
        self._last_reason = ""

    @contextmanager
    def _activity(self) -> Iterator[None]:
        self._busy += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._busy -= 1
            if not self._busy:
                self._idle.set()

    # ------------------------------------------------------------------ waking up

    def _arm(self, delay: float) -> None:
        if self._stopped:
            return
        delay = max(0.0, delay)
        self.last_delay = delay
        try:
            self._loop = asyncio.get_running_loop()
        except RuntimeError:
            pass
        self._start_watchdog()
        if self._fallback is not None:
            self._fallback.cancel()
            self._fallback = None
        run_date = datetime.now(UTC) + timedelta(seconds=delay)
        try:
            self.scheduler.add_job(self._fire, "date", run_date=run_date, id=JOB_ID, replace_existing=True,
                                   misfire_grace_time=None, coalesce=True, max_instances=1)
        except Exception as error:
            log.warning("could not arm the sweep job (%s: %s); using a plain timer", type(error).__name__,
                        one_line(error))
            try:
                self._fallback = asyncio.get_running_loop().call_later(delay, self._spawn)
            except RuntimeError:  # no running event loop: the next poke or the watchdog arms it
                pass

    async def _fire(self) -> None:
        """The APScheduler job: hand the sweep to a task of its own and return at once."""
        self._spawn()

    def _spawn(self) -> None:
        if self._stopped or self._queued:
            return
        self._queued = True
        task = asyncio.get_running_loop().create_task(self._spawned_tick(), name="duban-sweep")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _spawned_tick(self) -> None:
        with self._activity():
            try:
                async with self._lock:
                    self._queued = False
                    await self._tick_locked()
            finally:
                self._queued = False

    def _start_watchdog(self) -> None:
        if self._watchdog is not None and not self._watchdog.done():
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._watchdog = loop.create_task(self._watch(), name="duban-sweep-watchdog")

    async def _watch(self) -> None:
        interval = max(self.watchdog_interval, 0.05)
        while not self._stopped:
            await asyncio.sleep(interval)
            try:
                now = time.monotonic()
                idle = now - self._last_tick
                if self._busy or self._tasks:
                    running = now - self._tick_started
                    if running > max(10 * interval, 30.0) and not self._long_tick_logged:
                        self._long_tick_logged = True
                        log.warning("a sweep has been running for %.0f s (is the database hung?)", running)
                    continue
                if idle > interval + 1.0:
                    self.watchdog_starts += 1
                    log.warning("no sweep for %.0f s: the wake-up was lost; sweeping now", idle)
                    self._spawn()
            except Exception:  # the watchdog itself must not die
                log.exception("sweep watchdog error")

