"""A time of day on its own: 下午3点, 15:30, 晚上8点半, 今晚8点, 明早9点前 (timex only).

It names a moment of the reference day (今晚 today, 明早/明晚 tomorrow); `due_time` carries the
clock. Times after a date (明天下午3点, 12月20日18:00前) are read by the date rules themselves.
"""

from __future__ import annotations

from datetime import timedelta

from .. import lazy_re as re
from ..model import TimeBox
from .base import Context, Produced, Rule, anchor
from .lexicon import TIME_OF_DAY, clock_of

_TOMORROW = ("明早", "明晚")


def _clock(match: re.Match[str], ctx: Context) -> Produced:
    explicit = match["ampm"] or match["mm"] or match["mm2"] or match["mhalf"] or match["mq"] or match["sharp"]
    # a bare "3点" is a clock only before 前 or at the end: "3点意见" is three points
    if not explicit and not match["suffix"] and ctx.text[match.end():].strip():
        return None
    clock = clock_of(match)
    if clock is None:
        return None
    time, offset = clock
    offset += 1 if match["ampm"] in _TOMORROW else 0
    due = ctx.ref.date() + timedelta(days=offset)
    kind = "deadline" if match["suffix"] else "date"
    return TimeBox(kind, match.start(), match.end(), due=due, due_time=time)


RULES = [
    Rule("clock", re.compile(rf"(?<![\d:：]){TIME_OF_DAY}(?![\d:：])(?P<sharp>整)?(?P<suffix>之前|以前|前(?!后))?"), _clock,
         anchor(r"[点时:：]", 8, 8), timex_only=True),
]
