"""Running the nudge sweeper inside the bot or the console: its own APScheduler (PTB's
JobQueue treats every job of its scheduler as its own and breaks on foreign ones), started
with the process and drained on the way out so no sweep is cut off mid-send. The same loop
publishes the weekly 通报 when a publisher is given (scheduler.rounds)."""

from __future__ import annotations

from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.core.runtime import Runtime
from scheduler.bulletins import Bulletins, Publisher
from scheduler.loop import SweepLoop
from scheduler.notifier import Notifier
from scheduler.rounds import OfficeSweeper


def start_sweep(rt: Runtime, notifier: Notifier, *, max_idle: float = 60.0, publisher: Publisher | None = None,
                **sweeper_options: Any) -> SweepLoop:
    """Start sweeping for `rt` from a running event loop; catches up at once. The sweeper plans
    with the deployment's policy (`rt.policy`) under each chat's overrides."""
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.start()
    sweeper = OfficeSweeper(rt.engine, notifier, rt.clock, defaults=rt.policy, **sweeper_options)
    if publisher is not None:
        sweeper.bulletins = Bulletins(rt.engine, publisher, rt.clock, worker=sweeper.worker, defaults=rt.policy)
    loop = SweepLoop(sweeper, scheduler, max_idle=max_idle)
    rt.sweep_loop = loop
    loop.poke()
    return loop


async def stop_sweep(rt: Runtime) -> None:
    loop = rt.sweep_loop
    if loop is None:
        return
    rt.sweep_loop = None
    # Arm nothing more and let a sweep in progress finish before the scheduler goes: shutting
    # APScheduler's executor down would cancel whatever it still runs.
    await loop.stop()
    if loop.scheduler.running:
        loop.scheduler.shutdown(wait=False)
