"""Running the nudge sweeper inside the bot or the console: its own APScheduler (PTB's
JobQueue treats every job of its scheduler as its own and breaks on foreign ones), started
with the process and drained on the way out so no sweep is cut off mid-send."""

from __future__ import annotations

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.loop import SweepLoop
from scheduler.notifier import Notifier
from scheduler.sweeper import Sweeper


def start_sweep(rt, notifier: Notifier, *, max_idle: float = 60.0, **sweeper_options) -> SweepLoop:
    """Start sweeping for `rt` (a bot.runtime.Runtime) from a running event loop; catches up at once."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.start()
    loop = SweepLoop(Sweeper(rt.engine, notifier, rt.clock, **sweeper_options), scheduler, max_idle=max_idle)
    rt.sweep_loop = loop
    loop.poke()
    return loop


async def stop_sweep(rt) -> None:
    loop = rt.sweep_loop
    if loop is None:
        return
    rt.sweep_loop = None
    # Arm nothing more and let a sweep in progress finish before the scheduler goes: shutting
    # APScheduler's executor down would cancel whatever it still runs.
    await loop.stop()
    if loop.scheduler.running:
        loop.scheduler.shutdown(wait=False)
