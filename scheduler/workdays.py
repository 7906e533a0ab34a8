"""Chinese working days (with 调休 make-up days), on extraction's official calendar.

chinesecalendar only covers the years up to its release (2026 for 1.11); for a later year it
raises NotImplementedError. Then Monday–Friday is assumed and the answer is marked unconfirmed,
never a crash.
"""

from __future__ import annotations

from datetime import date, timedelta

from extraction import workdays as official


class WorkdayCalendar:
    def __init__(self) -> None:
        self.assumed_years: set[int] = set()  # years answered with the Mon–Fri fallback

    def is_workday(self, day: date) -> bool:
        work, known = official.is_workday(day)
        if not known:
            self.assumed_years.add(day.year)
        return work

    def covers(self, day: date) -> bool:
        return official.is_workday(day)[1]

    def add_workdays(self, day: date, n: int) -> date:
        """The n-th working day after `day` (n ≥ 1); `day` itself does not count."""
        step = 1 if n >= 0 else -1
        remaining = abs(n)
        while remaining:
            day += timedelta(days=step)
            if self.is_workday(day):
                remaining -= 1
        return day

    def on_or_after(self, day: date) -> date:
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def on_or_before(self, day: date) -> date:
        while not self.is_workday(day):
            day -= timedelta(days=1)
        return day
