"""Waking the sweeper with APScheduler (3.11): its own AsyncIOScheduler, or PTB's
`application.job_queue.scheduler`, which is one.

Only one date job exists, re-armed after every sweep for the next planned slot (capped, so
slots written by another process are noticed). Nothing is pickled into a job store: the
outbox in the database is the schedule. `misfire_grace_time=None` because APScheduler's
default of 1 s silently drops a one-off job that fires late (a busy loop, a suspended VM).
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.base import BaseScheduler

from scheduler.sweeper import Sweeper, SweepResult

log = logging.getLogger(__name__)
JOB_ID = "duban-sweep"


class SweepLoop:
    def __init__(self, sweeper: Sweeper, scheduler: BaseScheduler, *, max_idle: float = 60.0):
        self.sweeper, self.scheduler, self.max_idle = sweeper, scheduler, max_idle
        self.sweeps = 0
        self.last_result: SweepResult | None = None
        self._lock = asyncio.Lock()

    async def start(self) -> SweepResult:
        """Catch up (every unsent slot whose time has passed, coalesced per obligation), then arm."""
        result = await self.tick()
        return result

    async def tick(self) -> SweepResult:
        async with self._lock:
            try:
                result = await self.sweeper.sweep()
                self.sweeps += 1
                self.last_result = result
            except Exception:
                log.exception("sweep failed; retrying soon")
                result = SweepResult()
                self._arm(min(self.max_idle, 5.0))
                return result
            self.arm()
            return result

    def arm(self) -> float:
        """Schedule the next wake-up; returns the delay in real seconds."""
        wake = self.sweeper.next_wake()
        delay = self.max_idle if wake is None else min(self.max_idle, self.sweeper.clock.real_seconds_until(wake))
        self._arm(delay)
        return delay

    def poke(self) -> None:
        """Something changed (e.g. the bot confirmed a speech): sweep now."""
        self._arm(0.0)

    def _arm(self, delay: float) -> None:
        run_date = datetime.now(UTC) + timedelta(seconds=max(0.0, delay))
        self.scheduler.add_job(self.tick, "date", run_date=run_date, id=JOB_ID, replace_existing=True,
                               misfire_grace_time=None, coalesce=True, max_instances=1)
