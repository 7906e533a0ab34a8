"""Bare lengths of time (三天, 两个月, 一个星期, 48小时): `duration`, reported by timex only."""

from __future__ import annotations

from .. import lazy_re as re
from ..model import TimeBox, Within
from .base import Context, Produced, Rule
from .lexicon import REL_LIMIT, limit_from


def _duration(match: re.Match[str], ctx: Context) -> Produced:
    if match["num"].isdigit() and len(match["num"]) == 4:
        return None
    limit = limit_from(match)
    if limit is None or limit[0] == 0 or match["unit"] == "工作":
        return None
    return TimeBox("duration", match.start(), match.end(), within=Within(*limit))


RULES = [Rule("duration", re.compile(REL_LIMIT), _duration, timex_only=True),
         Rule("quarter-hour", re.compile(r"(?P<n>[一三两二1-3])刻钟"),
              lambda m, ctx: TimeBox("duration", m.start(), m.end(),
                                     within=Within({"一": 15, "1": 15, "两": 30, "二": 30, "2": 30,
                                                    "三": 45, "3": 45}[m["n"]], "minute")),
              timex_only=True)]
