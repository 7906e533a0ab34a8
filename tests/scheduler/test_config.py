"""Clock times as people type them in a setting (/settings 提醒时间 …, 免打扰 …)."""

from __future__ import annotations

from datetime import time

import pytest

from scheduler.config import parse_clock, parse_quiet_hours


@pytest.mark.parametrize(("typed", "expected"), [
    ("9:00", time(9, 0)), ("09:30", time(9, 30)), ("9：30", time(9, 30)), ("９:３０", time(9, 30)),
    ("9点", time(9, 0)), ("9点30", time(9, 30)), ("9点30分", time(9, 30)), ("9点半", time(9, 30)),
    ("9时30分", time(9, 30)), ("上午9点", time(9, 0)), ("下午4点", time(16, 0)), ("晚上8点半", time(20, 30)),
    ("中午12点", time(12, 0)), ("下午16点", time(16, 0)),
], ids=lambda v: str(v))
def test_a_clock_time_is_read(typed, expected):
    assert parse_clock(typed) == expected


@pytest.mark.parametrize("typed", ["25:00", "9:60", "9点61", "九点", "下午", "", "9", "明天9点", "9点钟以后"])
def test_what_is_not_a_clock_time_is_refused(typed):
    with pytest.raises(ValueError):
        parse_clock(typed)


def test_quiet_hours_take_the_same_forms():
    assert parse_quiet_hours("晚上9点-8点") == (time(21, 0), time(8, 0))
