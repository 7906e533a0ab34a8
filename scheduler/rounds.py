"""The sweeper the bot runs: nudges from the outbox, then any weekly 通报 that fell due — one
loop and one timer (`scheduler.loop.SweepLoop`) wake both, at the earlier of their next times."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from scheduler.bulletins import Bulletins
from scheduler.sweeper import Sweeper, SweepResult


class OfficeSweeper(Sweeper):
    def __init__(self, *args: Any, bulletins: Bulletins | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bulletins = bulletins

    async def sweep(self, max_batches: int = 1000) -> SweepResult:
        result = await super().sweep(max_batches)
        if self.bulletins is not None:
            await self.bulletins.run()
        return result

    def next_wake(self) -> datetime | None:
        wakes = [super().next_wake()]
        if self.bulletins is not None:
            wakes.append(self.bulletins.next_wake())
        found = [wake for wake in wakes if wake is not None]
        return min(found) if found else None
