"""Limits counted from an event the text names.

After it (X后/之后/之日起/起/当日/次日): 办结后1天内报告销号, 收到通知之日起5个工作日内,
批转之后1个月内, 会后2天内印发, 交办当日, 会议次日.
Up to it (before=True): 会前三天报送, 出发前2个工作日报告, 会前15分钟, 提前2天报备.
"""

from __future__ import annotations

import re

from ..model import Every, TimeBox, Within
from .base import Context, Rule
from .lexicon import NUM, REL_LIMIT, limit_of

# The event is read backwards from the connector, over at most this many characters.
_EVENT_WINDOW = 12
# Words that end a clause prefix before the event itself: "原则上要在批转之后" → 批转.
_LEAD = re.compile(
    r"(?s)^.*(?:原则上|一般|均|都|也|要|须|需|应当|应|必须|务必|请|并|在|于|自|从|由|待|经|凡|的|，|,|、|。|；|;|：|:|\s)"
    r"(?:事项|工作|问题|任务|材料)?"
)
# Characters that make 后/前 part of a word, not an event boundary (今后, 最后, 然后, 前后 …).
_NOT_EVENT_END = set("今最然此先之以其落随滞背善而前年月日天周底末旬度")
_EVENT_ALIASES = {"会": "会议", "会议": "会议"}


def _event_before(ctx: Context, end: int) -> str | None:
    """The event named just before offset `end` (exclusive)."""
    prefix = ctx.text[max(0, end - _EVENT_WINDOW):end]
    event = _LEAD.sub("", prefix)
    if not event or event[-1] in _NOT_EVENT_END or not re.fullmatch(r"[\u4e00-\u9fff]+", event):
        return None
    return event


def _limit(match: re.Match) -> tuple[int, str] | None:
    if match["same"]:
        return (0, "day") if match["same"] in ("当日", "当天", "即") else (1, "day")
    return limit_of(match["num"], match["unit"])


_PERIODIC_EVENT = re.compile(r"每(?:个)?(?P<unit>季度|季|月|年度|年|周|半年)")
_PERIOD_UNIT = {"季度": (1, "quarter"), "季": (1, "quarter"), "月": (1, "month"), "年度": (1, "year"),
                "年": (1, "year"), "周": (1, "week"), "半年": (6, "month")}
_REL = rf"(?:{REL_LIMIT}半?(?:时间)?(?:之内|以内|内)?|(?P<same>当日|当天|次日|第二天|即))"

_AFTER = re.compile(
    rf"(?P<conn>之后|以后|后|之日起|之时起|起)[，,]?(?:的|要|须|应|即|请)?(?:在|于)?{_REL}")


def _after(match: re.Match, ctx: Context):
    event = _event_before(ctx, match.start())
    if event is None or event.endswith(("之日", "之时")):
        return None
    limit = _limit(match)
    if limit is None:
        return None
    period = _PERIODIC_EVENT.match(event)
    if period:  # 每季度结束后10日内: a report due after every period, i.e. a recurrence
        return TimeBox("recurring", match.start() - len(event), match.end(),
                       every=Every(*_PERIOD_UNIT[period["unit"]]))
    return TimeBox("on_event", match.start() - len(event), match.end(), within=Within(*limit),
                   event=_EVENT_ALIASES.get(event, event))


# 交办当日办结, 会议次日报送: a same-day / next-day limit right after an event verb.
_SAME_DAY = re.compile(r"(?P<ev>交办|收到|接到|受理|办结|召开|结束|发生|下发|印发|批转|会议|签收)(?P<same>当日|当天|次日|第二天)")


def _same_day(match: re.Match, ctx: Context):
    limit = (0, "day") if match["same"] in ("当日", "当天") else (1, "day")
    return TimeBox("on_event", match.start(), match.end(), within=Within(*limit),
                   event=_EVENT_ALIASES.get(match["ev"], match["ev"]))


_BEFORE = re.compile(
    rf"(?P<ev>会议|开会|上会|会|出发|出差|出访|出国|出境|离开|离岗|外出|活动|召开|举办|报到|休假|请假|节)前"
    rf"(?P<num>{NUM}|半)\s*个?\s*(?P<unit>工作日|小时|分钟|天|日|周)(?:之内|以内|内)?"
)


def _before(match: re.Match, ctx: Context):
    limit = limit_of(match["num"], match["unit"])
    if limit is None:
        return None
    return TimeBox("on_event", match.start(), match.end(), within=Within(*limit),
                   event=_EVENT_ALIASES.get(match["ev"], match["ev"]), before=True)


_AHEAD = re.compile(rf"提前(?P<num>{NUM}|半)\s*个?\s*(?P<unit>工作日|小时|分钟|天|日|周|月)")


def _ahead(match: re.Match, ctx: Context):
    limit = limit_of(match["num"], match["unit"])
    if limit is None:
        return None
    # the event is what the notice is ahead of: 提前3天请假报备 → 请假
    following = re.match(r"[\u4e00-\u9fff]{1,4}", ctx.text[match.end():match.end() + 4])
    event = following.group(0)[:2] if following else None
    return TimeBox("on_event", match.start(), match.end(), within=Within(*limit), event=event,
                   before=True)


RULES = [
    Rule("after-event", _AFTER, _after),
    Rule("same-day-after-event", _SAME_DAY, _same_day),
    Rule("before-event", _BEFORE, _before),
    Rule("ahead-of-event", _AHEAD, _ahead),
]
