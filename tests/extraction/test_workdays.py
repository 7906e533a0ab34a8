"""Working days on the official calendar, with 调休 and the uncovered-year fallback."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from extraction.workdays import add_workdays, due_after, is_workday, period_end


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(date(2026, 2, 14), (True, True), id="saturday-make-up-workday-2026-02-14"),
        pytest.param(date(2026, 10, 5), (False, True), id="national-day-monday-2026-10-05"),
        pytest.param(date(2026, 11, 23), (True, True), id="ordinary-monday"),
        pytest.param(date(2026, 11, 28), (False, True), id="ordinary-saturday"),
        pytest.param(date(2027, 1, 4), (True, False), id="uncovered-2027-monday-assumed"),
        pytest.param(date(2027, 1, 2), (False, False), id="uncovered-2027-saturday-assumed"),
    ],
)
def test_is_workday(day, expected):
    assert is_workday(day) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        pytest.param(date(2026, 9, 30), 1, (date(2026, 10, 8), True), id="over-national-day-week"),
        pytest.param(date(2026, 2, 13), 1, (date(2026, 2, 14), True), id="into-make-up-saturday"),
        pytest.param(date(2026, 11, 27), 2, (date(2026, 12, 1), True), id="over-a-weekend"),
        pytest.param(date(2026, 12, 30), 3, (date(2027, 1, 4), False), id="into-uncovered-year"),
        pytest.param(date(2026, 11, 23), 0, (date(2026, 11, 23), True), id="zero"),
    ],
)
def test_add_workdays(start, n, expected):
    assert add_workdays(start, n) == expected


@pytest.mark.parametrize(
    ("start", "n", "unit", "expected"),
    [
        # art. 201: the start day is not counted
        pytest.param(date(2026, 11, 23), 3, "day", date(2026, 11, 26), id="start-day-not-counted"),
        # art. 203: a last day on a holiday moves to the next working day
        pytest.param(date(2026, 9, 28), 5, "day", date(2026, 10, 8), id="last-day-in-national-day"),
        pytest.param(date(2026, 11, 23), 5, "day", date(2026, 11, 30), id="last-day-on-saturday"),
        pytest.param(date(2026, 1, 31), 1, "month", date(2026, 2, 28), id="month-end-clamped-onto-make-up-saturday"),
        pytest.param(date(2026, 3, 31), 1, "month", date(2026, 4, 30), id="month-end-clamped"),
        pytest.param(date(2026, 11, 23), 1, "week", date(2026, 11, 30), id="one-week"),
        pytest.param(date(2026, 11, 23), 1, "quarter", date(2027, 2, 23), id="one-quarter"),
    ],
)
def test_period_end(start, n, unit, expected):
    assert period_end(start, n, unit)[0] == expected


def test_hours_are_counted_from_the_reference_time():
    assert due_after(datetime(2026, 11, 23, 20, 0), 6, "hour") == (date(2026, 11, 24), True)


def _walked(start: date, n: int) -> tuple[date, bool]:
    """The day-by-day count the table replaces, straight on chinesecalendar."""
    from datetime import timedelta

    import chinese_calendar

    day, confirmed = start, True
    while n > 0:
        day += timedelta(days=1)
        try:
            work = chinese_calendar.is_workday(day)
        except NotImplementedError:
            work, confirmed = day.weekday() < 5, False
        n -= work
    return day, confirmed


def test_table_counting_agrees_with_a_day_by_day_walk():
    """Random starts from before the calendar to after it, counts up to a thousand (seeded)."""
    import random
    from datetime import timedelta

    rng = random.Random(20261123)
    for _ in range(3000):
        start = date(2001, 1, 1) + timedelta(days=rng.randrange(365 * 30))
        n = rng.choice([1, 2, 3, 5, 7, 10, 20, rng.randrange(1, 1001)])
        assert add_workdays(start, n) == _walked(start, n), (start, n)


def test_a_thousand_working_days_past_the_calendar():
    day, confirmed = add_workdays(date(2026, 11, 23), 1000)
    assert (day, confirmed) == _walked(date(2026, 11, 23), 1000)
    assert not confirmed and day.weekday() < 5


def test_before_the_calendar_monday_to_friday_is_assumed():
    assert is_workday(date(2003, 10, 1)) == (True, False)
    # 2003-12-31 is assumed, 2004-01-01 (元旦) is on the calendar
    assert add_workdays(date(2003, 12, 30), 2) == (date(2004, 1, 2), False)
    assert add_workdays(date(2003, 12, 31), 1) == (date(2004, 1, 2), True)
