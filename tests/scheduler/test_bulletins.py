"""When a chat's weekly 通报 falls due (scheduler.bulletins.due_times) and the settings it reads."""

from __future__ import annotations

from datetime import time

import pytest

from scheduler.bulletins import due_times
from scheduler.config import PolicyConfig, parse_ladder, parse_weekly
from tests.storage.factories import sh


@pytest.mark.parametrize(("now", "config", "latest", "following"), [
    pytest.param(sh(2026, 11, 30, 8, 59), PolicyConfig(), sh(2026, 11, 23, 9), sh(2026, 11, 30, 9),
                 id="monday-before-nine-last-weeks-is-latest"),
    pytest.param(sh(2026, 11, 30, 9), PolicyConfig(), sh(2026, 11, 30, 9), sh(2026, 12, 7, 9),
                 id="monday-at-nine-due-now"),
    pytest.param(sh(2026, 12, 3, 15), PolicyConfig(bulletin_weekday=4, bulletin_time=time(17, 30)),
                 sh(2026, 11, 27, 17, 30), sh(2026, 12, 4, 17, 30), id="friday-afternoon-setting"),
    pytest.param(sh(2026, 12, 1, 12), PolicyConfig(bulletin_time=time(22, 0)), sh(2026, 12, 1, 8),
                 sh(2026, 12, 8, 8), id="a-time-in-quiet-hours-moves-to-their-end"),
])
def test_due_times(now, config, latest, following):
    assert due_times(now, config) == (latest, following)


def test_off_means_never():
    assert due_times(sh(2026, 11, 30, 9), PolicyConfig(bulletin=False)) == (None, None)


@pytest.mark.parametrize(("text", "expected"), [("1,3,7", (1, 3, 7)), ("2 4 10", (2, 4, 10)), ("1、2、3", (1, 2, 3))])
def test_parse_ladder(text, expected):
    assert parse_ladder(text) == expected


@pytest.mark.parametrize("text", ["3,1,7", "1,3", "0,3,7", "1,3,x"])
def test_parse_ladder_refuses(text):
    with pytest.raises(ValueError):
        parse_ladder(text)


@pytest.mark.parametrize(("text", "expected"), [("周一 09:00", (0, time(9, 0))), ("星期五17:30", (4, time(17, 30))),
                                                ("周日", (6, None))])
def test_parse_weekly(text, expected):
    assert parse_weekly(text) == expected
