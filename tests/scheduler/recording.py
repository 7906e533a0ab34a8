"""For in-process tests: a Notifier that records messages (and can be told to fail), a clock
the test moves by hand, and a bounded wait on progress."""

from __future__ import annotations

import asyncio
import itertools

from scheduler.clock import FakeClock
from scheduler.notifier import NudgeMessage


class RecordingNotifier:
    def __init__(self):
        self.sent: list[NudgeMessage] = []
        self.failures: list[Exception] = []  # raised, in order, by the next sends
        self._ids = itertools.count(1000)

    async def send(self, message: NudgeMessage) -> int:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(message)
        return next(self._ids)

    def purposes(self) -> list[tuple[int, str]]:
        return [(m.obligation_id, m.purpose) for m in self.sent]


class HandClock(FakeClock):
    """Fake time moved by the test: a due slot is now, a future one an hour away in real time
    (so only a retry, a poke or the watchdog can send it before the test ends)."""

    def real_seconds_until(self, when):
        return 0.0 if when <= self.now() else 3600.0


async def until(predicate, timeout: float = 20.0, what: str = "condition") -> None:
    """Wait on progress: poll `predicate` while the event loop runs (bounded, generous)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        await asyncio.sleep(0.01)
