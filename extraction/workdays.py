"""Working days and period counting on the official calendar.

The official calendar (chinesecalendar) knows statutory holidays and the make-up working
days of 调休, but only for the years its release covers; for a later year it raises
NotImplementedError. Then we fall back to Monday–Friday and report the result as
unconfirmed instead of failing.

Period counting follows the Civil Code (民法典): art. 201, the day the period starts is not
counted; art. 203, a last day that falls on a statutory rest day (法定休假日, weekends and
holidays) moves to the first working day after it.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

import chinese_calendar


def is_workday(day: date) -> tuple[bool, bool]:
    """(is it a working day, is the answer from the official calendar)."""
    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:
        return day.weekday() < 5, False


def next_workday_on_or_after(day: date) -> tuple[date, bool]:
    confirmed = True
    while True:
        work, known = is_workday(day)
        confirmed &= known
        if work:
            return day, confirmed
        day += timedelta(days=1)


def add_workdays(start: date, n: int) -> tuple[date, bool]:
    """The n-th working day after `start` (start itself not counted); n=0 gives start."""
    day, confirmed, left = start, True, n
    while left > 0:
        day += timedelta(days=1)
        work, known = is_workday(day)
        confirmed &= known
        if work:
            left -= 1
    return day, confirmed


def add_months(start: date, months: int) -> date:
    """Same day `months` later, clamped to the month's last day (1月31日 + 1个月 = 2月28日)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


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
    return date(year, month, calendar.monthrange(year, month)[1])


def due_after(ref, n: int, unit: str) -> tuple[date, bool]:
    """The due date of a limit of n units counted from `ref` (a datetime)."""
    from datetime import timedelta as _td

    if unit == "hour":
        return (ref + _td(hours=n)).date(), True
    if unit == "minute":
        return (ref + _td(minutes=n)).date(), True
    return period_end(ref.date(), n, unit)
