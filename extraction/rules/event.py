"""Limits counted from an event the text names.

After it (X后/之后/之日起/起/当日/次日): 办结后1天内报告销号, 收到通知之日起5个工作日内,
批转之后1个月内, 会后2天内印发, 交办当日, 会议次日.
Up to it (before=True): 会前三天报送, 出发前2个工作日报告, 会前15分钟, 提前2天报备.
"""

from __future__ import annotations

from .. import lazy_re as re
from ..model import Every, Period, TimeBox, Within
from .base import Context, Produced, Rule, anchor
from .lexicon import REL_LIMIT, Limit, limit_from

# The event is read backwards from the connector, over at most this many characters.
_EVENT_WINDOW = 12
# Characters that make 后/前 part of a word, not an event boundary (今后, 最后, 然后, 前后 …).
_NOT_EVENT_END = set("今最然此先之以其落随滞背善而前年月日天周底末旬度季")
# A festival before 后 is a date (春节后一周内), read by the festival family.
_FESTIVAL_END = re.compile(r"(?:春节|元旦|国庆|五一|劳动节|清明|端午|中秋|元宵|节假日|节日|节)$")
_EVENT_ALIASES = {"会": "会议", "会议": "会议"}


# One lead word (or pause) before the event: the event starts after the last one that leaves it
# at least two characters, so a lead character inside the event's own words (申请, 需要, 存在)
# does not cut it away.
_LEAD_WORD = re.compile(r"原则上|一般|应当|必须|务必|确保|力争|争取|应(?!急|用|对|届|聘)|自(?!然|治|查|行|主|身|愿|动)|"
                        r"经(?!济|营|费|开|信|侦|贸|发|销)|[均都也要须需请并在于从由待凡的，,、。；;：:\s]")
_PAUSE = set("，,、。；;：: \n\t")
_LEAD_NOUN = re.compile(r"^(?:事项|工作|问题|任务|材料)")


def _event_before(ctx: Context, end: int) -> str | None:
    """The event named just before offset `end` (exclusive)."""
    prefix = ctx.text[max(0, end - _EVENT_WINDOW):end]
    cut = 0
    for lead in _LEAD_WORD.finditer(prefix):
        if lead.end() == len(prefix) and lead.group(0) in _PAUSE:
            return None  # "…，后": no event before the connector
        if len(prefix) - lead.end() >= 2:
            cut = lead.end()
    event = _LEAD_NOUN.sub("", prefix[cut:])
    if not event or event[-1] in _NOT_EVENT_END or not re.fullmatch(r"[\u4e00-\u9fff]+", event):
        return None
    return event


_SAME: dict[str, Limit] = {"当日": (0, "day"), "当天": (0, "day"), "即": (0, "day"), "当即": (0, "day"), "即时": (0, "day"), "即刻": (0, "day"),
         "次日": (1, "day"), "第二天": (1, "day"), "翌日": (1, "day"), "第二个工作日": (1, "workday"),
         "下一个工作日": (1, "workday"), "次一工作日": (1, "workday")}


def _limit(match: re.Match[str]) -> Limit | None:
    if match["same"]:
        return _SAME[match["later"] or match["same"]]
    return limit_from(match)


_PERIODIC_EVENT = re.compile(r"每(?:个)?(?P<unit>季度|季|月|年度|年|周|半年)")
_PERIOD_UNIT: dict[str, tuple[int, Period]] = {"季度": (1, "quarter"), "季": (1, "quarter"), "月": (1, "month"), "年度": (1, "year"),
                "年": (1, "year"), "周": (1, "week"), "半年": (6, "month")}
_REL = (rf"(?:{REL_LIMIT}半?(?:时间)?(?:之内|以内|内)?|(?P<same>当日|当天|次日|第二天|翌日|当即|即时|即刻)"
        r"(?:或(?P<later>次日|第二天|翌日|第二个工作日|下一个工作日|次一工作日))?)")

_AFTER = re.compile(
    rf"(?P<conn>之后|以后|后|之日起|之时起|起)[，,]?(?:的|要|须|应|即|请)?(?:在|于)?{_REL}")


# "收到通知次日起": the event is what comes before 次日/当日.
_DAY_OF_EVENT = re.compile(r"(?:之|的)?(?:次日|当日|当天|翌日)$")


# "审核后于2月7日前报送": N月 followed by a day (or 底, 上旬 …) names a month, not a length.
_MONTH_NAMED = re.compile(r"\s*(?:[\d一二三四五六七八九十]{1,3}\s*[日号]|底|末|初|上旬|中旬|下旬|份)")


def _after(match: re.Match[str], ctx: Context) -> Produced:
    if match["unit"] == "月" and _MONTH_NAMED.match(ctx.text, match.end()):
        return None
    end = match.start()
    if match["conn"] in ("起", "之日起"):
        day_of = _DAY_OF_EVENT.search(ctx.text, max(0, end - 4), end)
        if day_of:
            end = day_of.start()
    event = _event_before(ctx, end)
    if event is None or event.endswith(("之日", "之时")) or _FESTIVAL_END.search(event):
        return None
    limit = _limit(match)
    if limit is None:
        return None
    period = _PERIODIC_EVENT.match(event)
    if period:  # 每季度结束后10日内: a report due after every period, i.e. a recurrence
        return TimeBox("recurring", end - len(event), match.end(),
                       every=Every(*_PERIOD_UNIT[period["unit"]]))
    return TimeBox("on_event", end - len(event), match.end(), within=Within(*limit),
                   event=_EVENT_ALIASES.get(event, event))


# 交办当日办结, 会议次日报送: a same-day / next-day limit right after an event verb.
_SAME_DAY = re.compile(r"(?P<ev>交办|收到|接到|受理|办结|召开|结束|发生|下发|印发|批转|会议|签收|到期|届满|期满)"
                       r"(?P<same>当日|当天|次日|第二天|翌日|当即|即时)")


def _same_day(match: re.Match[str], ctx: Context) -> Produced:
    limit = _SAME[match["same"]]
    return TimeBox("on_event", match.start(), match.end(), within=Within(*limit),
                   event=_EVENT_ALIASES.get(match["ev"], match["ev"]))


_BEFORE = re.compile(
    rf"(?P<ev>会议|开会|上会|会|出发|出差|出访|出国|出境|离开|离岗|外出|活动|召开|举办|报到|休假|请假)前"
    rf"{REL_LIMIT}(?:之内|以内|内)?"
)


# 到期前3天, 开学前一周, 换届前三个月: N before any two-character event (not a date or a festival).
_BEFORE_ANY = re.compile(rf"(?P<ev>[\u4e00-\u9fff]{{2}})前{REL_LIMIT}(?:之内|以内|内)?")
_NOT_BEFORE_EVENT = re.compile(
    r"^(?:目前|当前|此前|之前|以前|事前|提前|先前|日前|眼前|面前|跟前|生前|空前|元旦|国庆|五一|清明|端午|中秋|元宵|除夕)$"
    r"|[年月日周天节底末初旬季午晚夕个两几数半十百千万零〇一二三四五六七八九提]$")  # …提前: ahead-of-event


_NOT_EVENT_START = set("于在的将至须要应请并需和与及或从自为按对把由每")


def _before_any(match: re.Match[str], ctx: Context) -> Produced:
    ev = match["ev"]
    if _NOT_BEFORE_EVENT.search(ev) or _FESTIVAL_END.search(ev) or ev[0] in _NOT_EVENT_START or ev[1] == "会":
        return None  # 于会前三天: the meeting rule reads 会前三天
    return _before(match, ctx, any_unit=True)


def _before(match: re.Match[str], ctx: Context, *, any_unit: bool = False) -> Produced:
    if match["unit"] in ("季度", "年") or match["unit"] == "月" and not any_unit:
        return None
    limit = limit_from(match)
    if limit is None:
        return None
    return TimeBox("on_event", match.start(), match.end(), within=Within(*limit),
                   event=_EVENT_ALIASES.get(match["ev"], match["ev"]), before=True)


_AHEAD = re.compile(rf"提前(?:至少|不少于)?{REL_LIMIT}")


def _ahead(match: re.Match[str], ctx: Context) -> Produced:
    if match["unit"] in ("季度", "年"):
        return None
    limit = limit_from(match)
    if limit is None:
        return None
    # the event is what the notice is ahead of: 提前3天请假报备 → 请假
    following = re.match(r"[\u4e00-\u9fff]{1,4}", ctx.text[match.end():match.end() + 4])
    event = following.group(0)[:2] if following else None
    return TimeBox("on_event", match.start(), match.end(), within=Within(*limit), event=event,
                   before=True)


# "应于当日办结", "当即办理", "当日或第二个工作日移交": a same-day / next-day limit with no event
# named right before it (the engine ties it to a trigger earlier in the sentence).
_SAME_LIMIT = re.compile(
    r"(?:(?<=[于在])|(?<=应|须|要|需|均|并|即|可)|(?<=必须|务必)|(?<=原则上))"
    r"(?P<same>当日|当天|次日|第二天|翌日|第二个工作日|下一个工作日|次一工作日)"
    r"(?:或(?P<later>次日|第二天|翌日|第二个工作日|下一个工作日|次一工作日))?(?:之内|以内|内)?"
    r"|(?:(?<=应|须|要|并|均)|(?<=必须|务必))(?P<now>当即)(?:[（(](?:当日|当天)[)）])?"
    r"|(?P<now2>当即)[（(](?:当日|当天)[)）]"
    r"|(?P<instant>即时)(?=办|处|报|回|答|受|转|移|录|登|反|告)"
)


def _same_limit(match: re.Match[str], ctx: Context) -> Produced:
    word = match["later"] or match["same"] or match["now"] or match["now2"] or match["instant"]
    return TimeBox("deadline", match.start(), match.end(), within=Within(*_SAME[word]))


# "接到交办件的7个工作日内", "收到申请材料的5日内", "收到工单的当日": the event joined to its
# limit by 的.
_OF_EVENT = re.compile(
    r"(?P<ev>(?:接到|收到|接收|受理|签收|交办|转办|立案|发现|发生|受到)[\u4e00-\u9fff]{0,8}?)"
    rf"(?:之日|当日)?(?:后)?的\s*(?:{REL_LIMIT}(?:之内|以内|内)|(?P<same>当日|当天|次日|第二天|翌日)(?!起|开始))"
)


def _of_event(match: re.Match[str], ctx: Context) -> Produced:
    limit = _SAME[match["same"]] if match["same"] else limit_from(match)
    if limit is None:
        return None
    return TimeBox("on_event", match.start(), match.end(), within=Within(*limit), event=match["ev"])


# "应在答复诉求人的当天", "于会议结束的次日": the event is the clause between 在/于 and 的.
_AT_EVENT_DAY = re.compile(
    r"(?:(?<=应在)|(?<=须在)|(?<=要在)|(?<=应于)|(?<=须于)|(?<=要于)|(?<=并在)|(?<=并于))"
    r"(?P<ev>[\u4e00-\u9fff“”]{2,12}?)的(?P<same>当日|当天|次日|第二天|翌日)(?!起|开始)"
)
_NOT_AN_EVENT = re.compile(r"[年月日周天时]$|^(?:本|当|同|每|规定|要求)")


def _at_event_day(match: re.Match[str], ctx: Context) -> TimeBox | None:
    if _NOT_AN_EVENT.search(match["ev"]):
        return None  # 在规定时间的当天, 在本周的次日: a date, not an event
    return TimeBox("on_event", match.start(), match.end(), within=Within(*_SAME[match["same"]]),
                   event=match["ev"])


RULES = [
    Rule("same-day-limit", _SAME_LIMIT, _same_limit, anchor("当日|当天|次日|第二|翌日|当即|即时|下一个工作日|次一工作日", 4, 16)),
    Rule("event-of-limit", _OF_EVENT, _of_event, anchor("内|当日|当天|次日|第二天|翌日", 30, 3)),
    Rule("event-day", _AT_EVENT_DAY, _at_event_day, anchor("当日|当天|次日|第二天|翌日", 16, 2)),
    Rule("after-event", _AFTER, _after, reaches_back=True),
    Rule("same-day-after-event", _SAME_DAY, _same_day),
    Rule("before-event", _BEFORE, _before),
    Rule("before-any-event", _BEFORE_ANY, _before_any, anchor("前", 2, 12)),
    Rule("ahead-of-event", _AHEAD, _ahead),
]
