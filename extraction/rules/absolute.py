"""Absolute dates and periods resolved against the reference date.

4月15日前, 12月底前, 月底前, 年底前, 年内, 本周五前, 下周三, 季度末, 一季度末, 上半年,
明年1月上旬 (→ 10th), 中旬 (→ 20th), 下旬 / 1月份 (→ last day), 春节前.

With a limit word (前, 之前, 以前, 为止, 内) the expression is a `deadline`. Without one it is
a `date`; `period=True` on such a date (a month, part of a month, a quarter …) lets the engine
read "明年1月份提请审定" as a deadline when a directive follows it.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import chinese_calendar

from ..model import TimeBox
from ..workdays import add_months, month_end
from .base import Context, Rule, anchor
from .lexicon import DAY, MONTH, NUM, WEEKDAY, WEEKDAY_OF, parse_day, parse_month, parse_number

_SUFFIX = r"(?P<suffix>之前|以前|前(?!后)|为止|之内|以内|内)?"
# "12月15日（星期二）下午5点前", "12月20日18:00前": what may stand between a day and its 前.
_DAY_TAIL = (r"(?:[（(](?:本周|下周|星期|周)[一二三四五六日天][)）])?"
             r"(?:[（(]\d{1,2}月\d{1,2}[日号][)）])?"
             r"(?:下班|上班|中午|(?:上午|下午|晚上|中午|凌晨)?\d{1,2}(?:[:：]\d{2}|[时点](?:\d{1,2}分|半)?))?")
_YEAR_WORD = r"(?P<yword>明年|次年|来年|下一年|下年|后年|今年|本年|当年)"
_YEAR = rf"(?:(?P<year>\d{{4}}|[〇零一二三四五六七八九]{{4}})年|{_YEAR_WORD})"
_YEAR_OFFSET = {"明年": 1, "次年": 1, "来年": 1, "下一年": 1, "下年": 1, "后年": 2,
                "今年": 0, "本年": 0, "当年": 0}
# 年 not preceded by a number or 每/去/上 …: "年底", "年内" (not "3年内", "去年底", "每年底")
_BARE_YEAR = r"(?<![0-9〇零一二三四五六七八九十两几多个每近去前上])年"
_PART_DAY = {"底": "end", "末": "end", "下旬": "end", "上旬": 10, "初": 10, "中旬": 20, "中": 20}


def _box(match: re.Match, due: date | None, *, period: bool, confirmed: bool = True):
    """The TimeBox of a resolved date: a deadline when a limit word (前, 内 …) follows."""
    if due is None:
        return None
    kind = "deadline" if match.groupdict().get("suffix") else "date"
    return TimeBox(kind, match.start(), match.end(), due=due, confirmed=confirmed, period=period)


def _year_of(match: re.Match, ctx: Context) -> tuple[int | None, bool]:
    """(year, explicit?) — None when the text names no year."""
    groups = match.groupdict()
    if groups.get("year"):
        return parse_number(groups["year"]), True
    if groups.get("yword"):
        offset = _YEAR_OFFSET[groups["yword"]]
        # 今年 is the year of the reference date: like a date with no year, it resolves to the
        # next occurrence (a speech is often read after the year it was given in)
        return (ctx.ref.year + offset, True) if offset else (None, True)
    return None, False


def _day_in(year: int, month: int, day) -> date:
    last = month_end(year, month)
    if day == "end" or day is None:
        return last
    return date(year, month, min(day, last.day))


def _next_occurrence(ctx: Context, year: int | None, month: int, day) -> date:
    if year is not None:
        return _day_in(year, month, day)
    due = _day_in(ctx.ref.year, month, day)
    return due if due >= ctx.ref.date() else _day_in(ctx.ref.year + 1, month, day)


def _month_date(match: re.Match, ctx: Context):
    month = parse_month(match["month"])
    if month is None:
        return None
    year, explicit = _year_of(match, ctx)
    part, day_token = match["part"], match["day"]
    if day_token:
        day = parse_day(day_token)
        if day is None:
            return None
    else:
        day = _PART_DAY.get(part, "end")
    suffix = match["suffix"]
    # "一月内办结" is within one month, not within January: leave it to the relative rule
    if suffix in ("内", "之内", "以内") and not (explicit or day_token or part or match["fen"]):
        return None
    # "3个月" is a length; a month needs no 个 before it
    if ctx.text[max(0, match.start() - 1):match.start()] in ("个", "第"):
        return None
    due = _next_occurrence(ctx, year, month, day)
    period = bool(part or match["fen"] or (explicit and not day_token))
    return _box(match, due, period=period)


def _day_only(match: re.Match, ctx: Context):
    day = parse_day(match["day"])
    if day is None:
        return None
    if ctx.text[max(0, match.start() - 1):match.start()].isdigit():
        return None
    ref = ctx.ref.date()
    prefix = match["mword"]
    if prefix in ("下月", "下个月"):
        base = add_months(ref.replace(day=1), 1)
        return _box(match, _day_in(base.year, base.month, day), period=False)
    if prefix in ("本月", "当月", "这个月"):
        return _box(match, _day_in(ref.year, ref.month, day), period=False)
    if not match["suffix"]:
        return None
    due = _day_in(ref.year, ref.month, day)
    if due < ref:
        base = add_months(ref.replace(day=1), 1)
        due = _day_in(base.year, base.month, day)
    return _box(match, due, period=False)


def _month_part(match: re.Match, ctx: Context):
    ref = ctx.ref.date()
    base = ref.replace(day=1)
    if match["mword"] in ("下月", "下个月"):
        base = add_months(base, 1)
    day = _PART_DAY[match["part"]]
    # "月初交办、月中督查" describe a routine; only 月底/月末 or a named month (下月初) bind
    period = bool(match["mword"]) or match["part"] in ("底", "末")
    return _box(match, _day_in(base.year, base.month, day), period=period)


def _year_part(match: re.Match, ctx: Context):
    year, explicit = _year_of(match, ctx)
    part = match["part"]
    month, day = {"底": (12, "end"), "末": (12, "end"), "中": (6, "end"), "初": (1, "end")}[part]
    due = _next_occurrence(ctx, year, month, day)
    # a bare 年初/年中 ("按照年初分解的任务") is too loose to become a deadline by itself
    return _box(match, due, period=explicit or part in ("底", "末"))


def _within_year(match: re.Match, ctx: Context):
    year, _ = _year_of(match, ctx)
    due = _day_in(year if year is not None else ctx.ref.year, 12, "end")
    return TimeBox("deadline", match.start(), match.end(), due=due, period=True)


def _half_year(match: re.Match, ctx: Context):
    year, _ = _year_of(match, ctx)
    month = 6 if match["half"] == "上" else 12
    return _box(match, _next_occurrence(ctx, year, month, "end"), period=bool(match["part"]))


def _quarter(match: re.Match, ctx: Context):
    year, _ = _year_of(match, ctx)
    if match["q"]:
        q = parse_number(match["q"])
        if q is None or not 1 <= q <= 4:
            return None
        if ctx.text[max(0, match.start() - 1):match.start()] in ("个", "每", "两", "三", "几", "前", "后", "近", "上", "下"):
            return None
    else:
        q = (ctx.ref.month - 1) // 3 + 1
    due = _next_occurrence(ctx, year, q * 3, "end") if match["q"] else month_end(ctx.ref.year, q * 3)
    # "确保一季度实现开门红" is a target; only 季度末/季度底 read as a deadline without 前/内
    return _box(match, due, period=bool(match["part"]))


def _weekday(match: re.Match, ctx: Context):
    ref = ctx.ref.date()
    monday = ref - timedelta(days=ref.weekday())
    word = match["wword"]
    target = 7 if match["wd"] == "末" else WEEKDAY_OF[match["wd"]]
    if word in ("下周", "下星期", "下礼拜"):
        due = monday + timedelta(days=7 + target - 1)
    elif word in ("下下周",):
        due = monday + timedelta(days=14 + target - 1)
    elif word in ("本周", "这周", "本星期", "这星期", "这个星期", "本礼拜"):
        due = monday + timedelta(days=target - 1)
    else:  # 周五前: the next Friday on or after today
        due = monday + timedelta(days=target - 1)
        if due < ref:
            due += timedelta(days=7)
    return _box(match, due, period=match["wd"] == "末")


def _within_week(match: re.Match, ctx: Context):
    ref = ctx.ref.date()
    sunday = ref + timedelta(days=6 - ref.weekday())
    if match["wword"] in ("下周", "下星期"):
        sunday += timedelta(days=7)
    return TimeBox("deadline", match.start(), match.end(), due=sunday, period=True)


def _within_month(match: re.Match, ctx: Context):
    base = ctx.ref.date().replace(day=1)
    if match["mword"] in ("下月", "下个月"):
        base = add_months(base, 1)
    return TimeBox("deadline", match.start(), match.end(), due=month_end(base.year, base.month),
                   period=True)


_HOLIDAY = {"春节": ("Spring Festival", None), "元旦": ("New Year's Day", (1, 1)),
            "国庆": ("National Day", (10, 1)), "国庆节": ("National Day", (10, 1)),
            "五一": ("Labour Day", (5, 1)), "劳动节": ("Labour Day", (5, 1)),
            "清明": ("Tomb-sweeping Day", None), "清明节": ("Tomb-sweeping Day", None),
            "端午": ("Dragon Boat Festival", None), "端午节": ("Dragon Boat Festival", None),
            "中秋": ("Mid-autumn Festival", None), "中秋节": ("Mid-autumn Festival", None)}


def _holiday(match: re.Match, ctx: Context):
    """春节前 → the day before the official holiday begins (chinesecalendar)."""
    name, fixed = _HOLIDAY[match["holiday"]]
    day = ctx.ref.date()
    try:
        for _ in range(400):
            on_holiday, holiday = chinese_calendar.get_holiday_detail(day)
            if on_holiday and holiday == name:
                return _box(match, day - timedelta(days=1), period=False)
            day += timedelta(days=1)
    except NotImplementedError:
        pass
    if fixed is None:
        return None  # a lunar holiday in a year the calendar does not cover yet
    due = _next_occurrence(ctx, None, *fixed) - timedelta(days=1)
    return _box(match, due, period=False, confirmed=False)


def _relative_day(match: re.Match, ctx: Context):
    offset = {"今天": 0, "今日": 0, "当天": 0, "当日": 0, "明天": 1, "明日": 1, "后天": 2,
              "大后天": 3}[match["dword"]]
    return _box(match, ctx.ref.date() + timedelta(days=offset), period=False)


def _after_n(match: re.Match, ctx: Context):
    n = parse_number(match["num"])
    if n is None:
        return None
    ref = ctx.ref.date()
    unit = match["unit"]
    if unit in ("天", "日"):
        due = ref + timedelta(days=n)
    elif unit in ("周", "星期"):
        due = ref + timedelta(weeks=n)
    elif unit == "月":
        due = add_months(ref, n)
    else:
        due = add_months(ref, 12 * n)
    return TimeBox("date", match.start(), match.end(), due=due)


def _bare_period(match: re.Match, ctx: Context):
    """下周, 本月, 下个月, 明年 … — a period; its due is the period's last day."""
    ref = ctx.ref.date()
    word = match["pword"]
    if word in ("本周", "这周", "下周"):
        due = ref + timedelta(days=6 - ref.weekday() + (7 if word == "下周" else 0))
    elif word in ("本月", "这个月", "当月", "下月", "下个月"):
        base = add_months(ref.replace(day=1), 1 if word in ("下月", "下个月") else 0)
        due = month_end(base.year, base.month)
    else:
        due = date(ref.year + _YEAR_OFFSET[word], 12, 31)
    return TimeBox("date", match.start(), match.end(), due=due)


RULES = [
    Rule("month-date", re.compile(
        rf"{_YEAR}?(?P<month>{MONTH})月(?P<fen>份)?(?:(?P<day>{DAY})[日号]{_DAY_TAIL}|(?P<part>上旬|中旬|下旬|底|末|初|中(?!心|央|旬)))?{_SUFFIX}"),
        _month_date, anchor("月", 10, 20)),
    Rule("day-of-month", re.compile(
        rf"(?P<mword>本月|当月|这个月|下月|下个月)?(?P<day>{DAY})[日号]{_DAY_TAIL}"
        rf"(?P<suffix>之前|以前|前|为止|(?<=月..)内|(?<=月...)内)?"), _day_only, anchor("[日号]", 8, 16)),
    Rule("month-part", re.compile(
        rf"(?:(?P<mword>本月|当月|这个月|下月|下个月)|月)(?P<part>底|末|上旬|中旬|下旬|初){_SUFFIX}"),
        _month_part),
    Rule("year-part", re.compile(
        rf"(?:{_YEAR}年?|{_BARE_YEAR})(?P<part>底|末|中(?!心|央|期)|初){_SUFFIX}"), _year_part, anchor("年[底末中初]", 8, 4)),
    Rule("within-year", re.compile(rf"(?:{_YEAR}|{_BARE_YEAR})度?(?:之内|以内|内)"), _within_year, anchor("年", 8, 4)),
    Rule("half-year", re.compile(rf"{_YEAR}?(?P<half>[上下])半年(?:(?P<part>末|底))?{_SUFFIX}"),
         _half_year, anchor("半年", 9, 4)),
    Rule("quarter", re.compile(
        rf"{_YEAR}?(?:第?(?P<q>[一二三四1-4])季度|(?:本|当|这个)季度|季度(?=末|底)|季(?=末|底))"
        rf"(?P<part>末|底)?{_SUFFIX}"), _quarter, anchor("季", 9, 5)),
    Rule("weekday", re.compile(
        rf"(?P<wword>下下周|下周|本周|这周|下星期|本星期|这星期|这个星期|下礼拜|本礼拜|周|星期|礼拜)(?P<wd>{WEEKDAY}|末){_DAY_TAIL}{_SUFFIX}"),
        _weekday),
    Rule("within-week", re.compile(r"(?P<wword>本周|这周|下周|下星期)(?:之内|以内|内)"), _within_week),
    Rule("within-month", re.compile(r"(?P<mword>本月|当月|下月|下个月)(?:之内|以内|内)"), _within_month),
    Rule("holiday", re.compile(
        r"(?P<holiday>春节|元旦|国庆节?|五一|劳动节|清明节?|端午节?|中秋节?)[”\"]?(?P<suffix>之前|以前|前(?!后))"), _holiday),
    Rule("relative-day", re.compile(rf"(?P<dword>大后天|后天|明天|明日|今天|今日){_DAY_TAIL}(?P<suffix>之前|以前|前(?!后))?"),
         _relative_day),
    Rule("after-n", re.compile(rf"(?P<num>{NUM})\s*个?(?P<unit>天|日|周|星期|月|年)(?:之后|以后|后)"), _after_n, anchor("后", 10, 1),
         timex_only=True),
    Rule("bare-period", re.compile(r"(?P<pword>下周|本周|这周|下个月|下月|本月|这个月|明年|后年|今年)"),
         _bare_period, timex_only=True),
]
