"""Running the nudge sweeper inside the bot or the console: its own APScheduler (PTB's
JobQueue treats every job of its scheduler as its own and breaks on foreign ones), started
with the process and drained on the way out so no sweep is cut off mid-send."""

from __future__ import annotations

import asyncio
import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.loop import SweepLoop
from scheduler.notifier import Notifier
from scheduler.sweeper import Sweeper

log = logging.getLogger(__name__)


class DrainableSweepLoop(SweepLoop):
    """A SweepLoop that can wait for its sweep in progress to finish."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._busy = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def tick(self):
        self._busy += 1
        self._idle.clear()
        try:
            return await super().tick()
        finally:
            self._busy -= 1
            if not self._busy:
                self._idle.set()

    async def drain(self, timeout: float = 10.0) -> None:
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            log.warning("a sweep was still running after %.0f s at shutdown", timeout)


def start_sweep(rt, notifier: Notifier, *, max_idle: float = 60.0, **sweeper_options) -> DrainableSweepLoop:
    """Start sweeping for `rt` (a bot.core.runtime.Runtime) from a running event loop; catches up at once."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.start()
    sweeper = Sweeper(rt.engine, notifier, rt.clock, defaults=rt.policy, **sweeper_options)
    loop = DrainableSweepLoop(sweeper, scheduler, max_idle=max_idle)
    rt.sweep_loop = loop
    loop.poke()
    return loop


async def stop_sweep(rt) -> None:
    loop = rt.sweep_loop
    if loop is None:
        return
    rt.sweep_loop = None
    if not loop.scheduler.running:
        return
    # Shutting APScheduler's asyncio executor down cancels its running jobs, even mid-send:
    # stop new wake-ups first, let a wake-up already handed to the executor start, wait for it.
    loop.scheduler.pause()
    for _ in range(3):
        await asyncio.sleep(0)
    await loop.drain()
    loop.scheduler.shutdown(wait=False)
