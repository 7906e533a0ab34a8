"""Relative limits counted from now: 3天内, 7日内, 一周之内, 3个工作日内, 48小时内, 不出周."""

from __future__ import annotations

from .. import lazy_re as re
from ..model import TimeBox, Unit, Within
from ..workdays import due_after
from .base import Context, Produce, Rule, anchor
from .lexicon import REL_LIMIT, limit_from

# Words just before the number that make it a look back, not a limit: 近3天内, 过去一周内.
_LOOK_BACK = ("近", "最近", "过去", "以往", "此前", "连续", "上", "这", "前", "第", "每")


def _deadline(match: re.Match[str], ctx: Context, n: int, unit: Unit) -> TimeBox:
    due, confirmed = due_after(ctx.ref, n, unit)
    return TimeBox("deadline", match.start(), match.end(), within=Within(n, unit), due=due,
                   confirmed=confirmed)


def _stated(match: re.Match[str], ctx: Context) -> TimeBox | None:
    if match["unit"] == "月" and "个" not in match.group(0) and re.search(
            r"[:：为是]\s*$", ctx.text[match.start():match.start("num")]):
        return None  # 完成时限：12月底前, 时限：6月 name a month (the date rules read it), not 12 months
    limit = limit_from(match)
    if limit is None or limit[0] == 0:
        return None
    return _deadline(match, ctx, *limit)


def _limit(match: re.Match[str], ctx: Context) -> TimeBox | None:
    before = ctx.text[max(0, match.start() - 2):match.start()]
    if before.endswith(_LOOK_BACK):
        return None
    # a four-digit year is a date (2027年内), not a count of years
    if match["num"].isdigit() and len(match["num"]) == 4:
        return None
    # 一季度内 names the first quarter (一个季度内 is a length): the quarter family reads it
    if match["unit"] == "季度" and match["num"] in _QUARTER_NUMBERS and "个" not in match.group(0):
        return None
    return _stated(match, ctx)


_QUARTER_NUMBERS = ("一", "二", "三", "四", "1", "2", "3", "4")


def _fixed(n: int, unit: Unit) -> Produce:
    return lambda match, ctx: _deadline(match, ctx, n, unit)


# "办理时限为5个工作日", "限期3天", "限3日": a limit stated without 内.
_STATED = re.compile(
    rf"(?:时限|期限|限期|限时|限|不超过|不得超过|最长不超过|最多不超过)(?:为|是|[:：])?\s*{REL_LIMIT}"
    r"(?:内|之内|以内)?(?!后|以后|之后)"
)


# "原则上在3个工作日办结": a limit after 在/于 with the verb right behind it and no 内.
_IN_LIMIT = re.compile(
    rf"(?<=[在于])\s*{REL_LIMIT}(?=\s*(?:办结|办理|办完|完成|答复|回复|反馈|处理|报送|上报|报告|送达|作出|提出|整改))"
)

RULES = [
    Rule("stated-limit", _STATED, _stated, anchor("限|超过", 4, 12)),
    Rule("limit-before-verb", _IN_LIMIT, _limit, anchor("[在于]", 0, 16)),
    Rule("limit", re.compile(REL_LIMIT + r"半?的?(?:时间)?(?:之内|以内|内)"), _limit, anchor("内", 16, 1)),
    Rule("not-past-week", re.compile(r"不出周"), _fixed(1, "week")),
    Rule("not-past-month", re.compile(r"不出月"), _fixed(1, "month")),
    Rule("not-overnight", re.compile(r"不过夜"), _fixed(1, "day")),
]
