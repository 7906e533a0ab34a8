"""Working days and period counting on the official calendar.

The official calendar (chinesecalendar) knows statutory holidays and the make-up working
days of 调休, but only for the years its release covers; for a later year it raises
NotImplementedError. Then we fall back to Monday–Friday and report the result as
unconfirmed instead of failing.

Period counting follows the Civil Code (民法典): art. 201, the day the period starts is not
counted; art. 203, a last day that falls on a statutory rest day (法定休假日, weekends and
holidays) moves to the first working day after it.

The calendar is turned once (lazily) into a sorted table of the covered years' working days,
so counting N working days is a binary search inside the covered years and whole-week jumps
outside them: never a walk day by day.
"""

from __future__ import annotations

import calendar
from bisect import bisect_left, bisect_right
from datetime import date, datetime, timedelta
from functools import lru_cache

from chinese_calendar import constants as _official


class _Table:
    """The official working days of the covered years, as sorted ordinals."""

    def __init__(self) -> None:
        years = {day.year for day in _official.holidays}
        self.first_year, self.last_year = min(years), max(years)
        self.first = date(self.first_year, 1, 1).toordinal()
        self.last = date(self.last_year, 12, 31).toordinal()
        rest = {day.toordinal() for day in _official.holidays}
        make_up = {day.toordinal() for day in _official.workdays}
        self.work = bytearray(self.last - self.first + 1)
        ordinals = []
        for ordinal in range(self.first, self.last + 1):
            weekday = (ordinal + 6) % 7  # date.fromordinal(o).weekday()
            if ordinal in make_up or (weekday < 5 and ordinal not in rest):
                self.work[ordinal - self.first] = 1
                ordinals.append(ordinal)
        self.ordinals = ordinals

    def covers(self, ordinal: int) -> bool:
        return self.first <= ordinal <= self.last


@lru_cache(maxsize=1)
def _table() -> _Table:
    return _Table()


def covered_years() -> tuple[int, int]:
    """(first, last) year of the official calendar."""
    table = _table()
    return table.first_year, table.last_year


def is_workday(day: date) -> tuple[bool, bool]:
    """(is it a working day, is the answer from the official calendar)."""
    table = _table()
    ordinal = day.toordinal()
    if table.covers(ordinal):
        return bool(table.work[ordinal - table.first]), True
    return day.weekday() < 5, False


def _mon_fri_after(day: date, n: int) -> date:
    """The n-th Monday–Friday after `day` (n ≥ 1), in whole-week jumps."""
    weekday = day.weekday()
    if weekday > 4:  # counting from a weekend is counting from its Friday
        day -= timedelta(days=weekday - 4)
        weekday = 4
    weeks, rest = divmod(n, 5)
    day += timedelta(weeks=weeks)
    if rest:
        day += timedelta(days=rest + (2 if weekday + rest > 4 else 0))
    return day


def _mon_fri_between(after: date, until: date) -> int:
    """How many Monday–Friday days lie in (after, until]."""
    def upto(day: date) -> int:  # Mon–Fri days from a fixed Monday up to `day`
        weeks, rest = divmod(day.toordinal() - 1, 7)  # ordinal 1 (0001-01-01) is a Monday
        return weeks * 5 + min(rest + 1, 5)
    return max(0, upto(until) - upto(after))


def next_workday_on_or_after(day: date) -> tuple[date, bool]:
    table = _table()
    ordinal = day.toordinal()
    if table.covers(ordinal):
        i = bisect_left(table.ordinals, ordinal)
        if i < len(table.ordinals):
            return date.fromordinal(table.ordinals[i]), True
        day = date.fromordinal(table.last + 1)  # past the calendar's last working day
    if day.weekday() > 4:
        day += timedelta(days=7 - day.weekday())
        if table.covers(day.toordinal()):  # a weekend just before the calendar starts
            return next_workday_on_or_after(day)[0], False
    return day, False


def add_workdays(start: date, n: int) -> tuple[date, bool]:
    """The n-th working day after `start` (start itself not counted); n=0 gives start."""
    if n <= 0:
        return start, True
    table = _table()
    day, left, confirmed = start, n, True
    if day.toordinal() < table.first - 1:  # before the calendar: Mon–Fri, unconfirmed
        confirmed = False
        boundary = date.fromordinal(table.first - 1)
        available = _mon_fri_between(day, boundary)
        if left <= available:
            return _mon_fri_after(day, left), False
        left -= available
        day = boundary
    if day.toordinal() < table.last:
        i = bisect_right(table.ordinals, day.toordinal())
        if i + left - 1 < len(table.ordinals):
            return date.fromordinal(table.ordinals[i + left - 1]), confirmed
        left -= len(table.ordinals) - i
        day = date.fromordinal(table.last)
    return _mon_fri_after(day, left), False


@lru_cache(maxsize=4096)
def _days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def add_months(start: date, months: int) -> date:
    """Same day `months` later, clamped to the month's last day (1月31日 + 1个月 = 2月28日)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, _days_in_month(year, month)))


def period_end(start: date, n: int, unit: str) -> tuple[date, bool]:
    """Last day of a period of n units counted from `start` (Civil Code arts. 201, 203).

    Returns (date, confirmed). Hours and minutes are not handled here (see `due_after`).
    """
    if unit == "workday":
        return add_workdays(start, n)
    if unit == "day":
        end = start + timedelta(days=n)
    elif unit == "week":
        end = start + timedelta(weeks=n)
    elif unit in ("month", "quarter", "year"):
        end = add_months(start, n * {"month": 1, "quarter": 3, "year": 12}[unit])
    else:
        raise ValueError(f"not a calendar unit: {unit}")
    if n == 0:
        return end, True
    return next_workday_on_or_after(end)


def month_end(year: int, month: int) -> date:
    return date(year, month, _days_in_month(year, month))


@lru_cache(maxsize=4096)  # one speech counts the same limits from the same moment many times
def due_after(ref: datetime, n: int, unit: str) -> tuple[date, bool]:
    """The due date of a limit of n units counted from `ref` (a datetime)."""
    if unit == "hour":
        return (ref + timedelta(hours=n)).date(), True
    if unit == "minute":
        return (ref + timedelta(minutes=n)).date(), True
    return period_end(ref.date(), n, unit)


def official_holiday(day: date) -> str | None:
    """The statutory holiday (chinesecalendar's English name) `day` belongs to, if covered."""
    name: str | None = _official.holidays.get(day)
    return name
