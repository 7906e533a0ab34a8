"""The spans a 通报 covers: this week, last week (the Monday 通报), this month, everything.

Weeks start on Monday at 00:00 in `now`'s time zone (pass `now` in the office's time zone).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import messages
from bot.core.report.model import Period
from bot.core.report.wording import day_text


def _midnight(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def _last_day(end: datetime) -> datetime:
    """The last day a span ending at `end` (exclusive) covers."""
    return end - timedelta(microseconds=1)


def this_week(now: datetime) -> Period:
    start = _midnight(now) - timedelta(days=now.weekday())
    label = messages.REPORT_PERIOD_WEEK.format(start=day_text(start), end=day_text(start + timedelta(days=6)))
    return Period(label, start, now)


def last_week(now: datetime) -> Period:
    """The whole week before `now`'s: what the Monday 通报 reports."""
    end = _midnight(now) - timedelta(days=now.weekday())
    start = end - timedelta(days=7)
    label = messages.REPORT_PERIOD_LAST_WEEK.format(start=day_text(start), end=day_text(_last_day(end)))
    return Period(label, start, end)


def this_month(now: datetime) -> Period:
    start = _midnight(now).replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    label = messages.REPORT_PERIOD_MONTH.format(start=day_text(start), end=day_text(_last_day(following)))
    return Period(label, start, now)


def everything(now: datetime) -> Period:
    return Period(messages.REPORT_PERIOD_ALL.format(end=day_text(now)), None, now)


PERIODS = {"本周": this_week, "上周": last_week, "本月": this_month, "全部": everything}


def period_named(word: str, now: datetime) -> Period | None:
    """本周 (also when `word` is empty), 上周, 本月 or 全部; None for any other word."""
    make = PERIODS.get(word.strip() or "本周")
    return make(now) if make else None
