"""Injected time. The scheduler never calls datetime.now() itself."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware."""

    def real_seconds_until(self, when: datetime) -> float:
        """How long to really wait (in wall-clock seconds) until the clock shows `when`."""


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def real_seconds_until(self, when: datetime) -> float:
        return max(0.0, (when - self.now()).total_seconds())


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self, start: datetime):
        if start.tzinfo is None:
            raise ValueError("FakeClock needs an aware datetime")
        self._now = start

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when

    def advance(self, delta: timedelta | None = None, **kwargs: float) -> datetime:
        self._now += delta if delta is not None else timedelta(**kwargs)
        return self._now

    def real_seconds_until(self, when: datetime) -> float:
        return 0.0


class ScaledClock:
    """Simulated time running `speed` times faster than the wall clock, anchored so that the
    simulated time `sim_epoch` corresponds to the wall-clock instant `real_epoch` (Unix seconds).
    Several processes given the same anchors agree on the time, so a restarted process
    continues where the killed one stopped."""

    def __init__(self, sim_epoch: datetime, real_epoch: float, speed: float):
        self.sim_epoch, self.real_epoch, self.speed = sim_epoch, real_epoch, speed

    def now(self) -> datetime:
        return self.sim_epoch + timedelta(seconds=(time.time() - self.real_epoch) * self.speed)

    def real_seconds_until(self, when: datetime) -> float:
        return max(0.0, (when - self.now()).total_seconds() / self.speed)


class OffsetClock:
    """The wall clock, moved ahead by hand (the console's 快进): time runs at its real pace from
    wherever the last jump left it."""

    def __init__(self, offset: timedelta = timedelta(0)):
        self.offset = offset

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def move_to(self, when: datetime) -> None:
        """Jump forward so that it is now `when` (never backwards)."""
        self.offset += max(timedelta(0), when - self.now())

    def real_seconds_until(self, when: datetime) -> float:
        return max(0.0, (when - self.now()).total_seconds())
