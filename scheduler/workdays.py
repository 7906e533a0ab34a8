"""Chinese working days (with 调休 make-up days) from chinesecalendar.

chinesecalendar only covers the years up to its release (2026 for 1.11); for a later year it
raises NotImplementedError. Then Monday–Friday is assumed and the answer is marked unconfirmed,
never a crash.
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar


class WorkdayCalendar:
    def __init__(self) -> None:
        self.assumed_years: set[int] = set()  # years answered with the Mon–Fri fallback

    def is_workday(self, day: date) -> bool:
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            self.assumed_years.add(day.year)
            return day.weekday() < 5

    def covers(self, day: date) -> bool:
        try:
            chinese_calendar.is_workday(day)
            return True
        except NotImplementedError:
            return False

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
