"""Festivals: 春节前, 国庆节前, 元旦后, “五一”前, 中秋节, 明年春节前, 节前, 节后, 节前一天, 春节前一周.

Festival days come from calendars, never from a typed table of dates: the lunar ones (春节,
元宵, 端午, 中秋, 除夕) from `lunardate`, 清明 from chinesecalendar's solar terms, the rest are
fixed days. `X前` is due the day before the festival (the next one still ahead of the reference
date, so 国庆节前 read on 10-03 means next year's), `X前N天` N days before it; `X后` is the first
working day after the official holiday (on the official calendar, else the day after the
festival, unconfirmed). A bare name (春节) is the festival day itself, timex only.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from chinese_calendar import get_solar_terms
from lunardate import LunarDate

from .. import lazy_re as re
from ..model import Every, TimeBox
from ..workdays import next_workday_on_or_after, official_holiday, period_end
from .base import Context, Produced, Rule, Unreadable, anchor
from .lexicon import NUM, REL_LIMIT, YEAR_NUM, limit_from, parse_number, parse_year, sane_year

_LUNAR = {"春节": (1, 1), "元宵": (1, 15), "端午": (5, 5), "七夕": (7, 7), "中秋": (8, 15), "重阳": (9, 9),
          "腊八": (12, 8), "小年": (12, 23)}
# Festivals on a solar term: (term, the Gregorian days it falls between).
_TERMS = {"清明": ((4, 1), (4, 10)), "冬至": ((12, 15), (12, 31))}
_FIXED = {"元旦": (1, 1), "五一": (5, 1), "国庆": (10, 1)}
# chinesecalendar's name of the official holiday a festival opens
_OFFICIAL = {"春节": "Spring Festival", "元旦": "New Year's Day", "五一": "Labour Day",
             "国庆": "National Day", "清明": "Tomb-sweeping Day", "端午": "Dragon Boat Festival",
             "中秋": "Mid-autumn Festival"}
_ALIASES = {"元旦节": "元旦", "五一节": "五一", "劳动节": "五一", "五一劳动节": "五一", "国庆节": "国庆", "清明节": "清明", "端午节": "端午",
            "中秋节": "中秋", "元宵节": "元宵", "重阳节": "重阳", "新年": "元旦", "农历新年": "春节",
            "七夕节": "七夕", "腊八节": "腊八", "冬至节": "冬至", "年": "春节", "大年初一": "春节",
            "大年三十": "除夕", "年三十": "除夕", "大年夜": "除夕"}
# The statutory holidays "节前"/"节后" (no name) may refer to.
_STATUTORY = ("元旦", "春节", "清明", "五一", "端午", "中秋", "国庆")

_NAME = (r"(?P<name>五一劳动节|五一节|劳动节|国庆节|国庆|元旦节|元旦|春节|农历新年|除夕|清明节|清明|五一|端午节|端午|"
         r"中秋节|中秋|元宵节|元宵|重阳节|七夕节|七夕|腊八节|腊八|冬至节|冬至|小年|大年初一|大年三十|年三十|大年夜)")
# 年前 / 年后 alone: before / after the Spring Festival (not 三年前, 多年后, 当年前, 成年后).
_NEW_YEAR = r"(?<![\d〇零一二两三四五六七八九十百千万几多数半个今明去前后每本当同近往历全该上下早晚其那这此某成干新来周青老中少童壮学丰荒])(?P<ny>年)"
_YEAR = r"(?:(?P<year>" + YEAR_NUM + r")年|(?P<yword>明年|今年|去年|来年|后年|前年))"
_YEAR_OFFSET = {"明年": 1, "来年": 1, "今年": 0, "去年": -1, "后年": 2, "前年": -2}


@lru_cache(maxsize=512)
def festival(name: str, year: int) -> date:
    """The day of a festival in a Gregorian year (1949–2100)."""
    name = _ALIASES.get(name, name)
    if name in _FIXED:
        return date(year, *_FIXED[name])
    if name == "除夕":
        return festival("春节", year) - timedelta(days=1)
    if name in _TERMS:
        (m1, d1), (m2, d2) = _TERMS[name]
        for day, term in get_solar_terms(date(year, m1, d1), date(year, m2, d2)):
            if term == name:
                found: date = day
                return found
        raise Unreadable(f"no {name} in {year}")
    month, day = _LUNAR[name]
    if month == 12:  # the twelfth lunar month of `year` mostly falls in the next Gregorian year
        solar: date = LunarDate(year, month, day).to_solar_date()
        if solar.year != year:
            solar = LunarDate(year - 1, month, day).to_solar_date()
        return solar
    lunar: date = LunarDate(year, month, day).to_solar_date()
    return lunar


def _occurrence(name: str, ctx: Context, year: int | None, *, after: date) -> date:
    """The festival in `year`, else its first occurrence later than `after`."""
    if year is not None:
        return festival(name, year)
    for candidate in (ctx.ref.year - 1, ctx.ref.year, ctx.ref.year + 1):
        day = festival(name, candidate)
        if day > after:
            return day
    return festival(name, ctx.ref.year + 2)


def _holiday_end(name: str, day: date) -> tuple[date, bool]:
    """The first working day after the festival's official holiday, and whether it is official."""
    official = _OFFICIAL.get(_ALIASES.get(name, name))
    if official is None or official_holiday(day) != official:
        nxt, known = next_workday_on_or_after(day + timedelta(days=1))
        return nxt, False
    while official_holiday(day) == official:  # a holiday lasts at most a few days
        day += timedelta(days=1)
    return next_workday_on_or_after(day)


def _year_of(match: re.Match[str], ctx: Context) -> int | None:
    if match["year"]:
        year = parse_year(match["year"])
        if not sane_year(year):
            raise Unreadable(f"year out of range: {match['year']}")
        return year
    if match["yword"]:
        return ctx.ref.year + _YEAR_OFFSET[match["yword"]]
    return None


def _name(match: re.Match[str], ctx: Context) -> str:
    if match["name"]:
        return match["name"]
    if match.groupdict().get("ny"):
        return "春节"
    # 节前 / 节后 without a name: the next statutory holiday
    ref = ctx.ref.date()
    return min(_STATUTORY, key=lambda n: _occurrence(n, ctx, None, after=ref))


def _box(match: re.Match[str], ctx: Context, kind: str, due: date, confirmed: bool = True) -> TimeBox:
    if not sane_year(due.year):
        raise Unreadable(f"date out of range: {due}")
    return TimeBox(kind, match.start(), match.end(), due=due, confirmed=confirmed,
                   past=due < ctx.ref.date())


def _before(match: re.Match[str], ctx: Context) -> Produced:
    if match["each"]:  # 每年春节前: before the festival every year
        return TimeBox("recurring", match.start(), match.end(), every=Every(1, "year"))
    name = _name(match, ctx)
    ref = ctx.ref.date()
    days = 1
    if match["num"]:
        n = parse_number(match["num"])
        if n is None or not 1 <= n <= 60:
            return None
        days = n * (7 if match["unit"] in ("周", "星期") else 1)
    # the festival whose "before" is still ahead: 国庆节前 read on 10-03 is next year's
    day = _occurrence(name, ctx, _year_of(match, ctx), after=ref + timedelta(days=days - 1))
    return _box(match, ctx, "deadline", day - timedelta(days=days))


def _after(match: re.Match[str], ctx: Context) -> Produced:
    name = _name(match, ctx)
    ref = ctx.ref.date()
    day = _occurrence(name, ctx, _year_of(match, ctx), after=ref - timedelta(days=8))
    back, confirmed = _holiday_end(name, day)
    if match["unit"] and not match["first"]:  # 春节后一周内, 节后3个工作日内: a limit counted from the return to work
        limit = limit_from(match)
        if limit is None or limit[1] in ("hour", "minute"):
            return None
        due, known = period_end(back - timedelta(days=1), *limit)
        return TimeBox("deadline", match.start(), match.end(), within=None, due=due,
                       confirmed=confirmed and known, past=due < ref)
    return _box(match, ctx, "date", back, confirmed)


def _day_of(match: re.Match[str], ctx: Context) -> Produced:
    year = _year_of(match, ctx)
    day = _occurrence(match["name"], ctx, year, after=ctx.ref.date() - timedelta(days=1))
    return _box(match, ctx, "date", day)


def _during(match: re.Match[str], ctx: Context) -> Produced:
    """国庆期间, 春节假期: the last day of the official holiday (the festival day off the calendar)."""
    name = match["name"]
    day = _occurrence(name, ctx, _year_of(match, ctx), after=ctx.ref.date() - timedelta(days=10))
    official = _OFFICIAL.get(_ALIASES.get(name, name))
    if official is None or official_holiday(day) != official:
        return _box(match, ctx, "date", day, confirmed=official is None)
    while official_holiday(day + timedelta(days=1)) == official:
        day += timedelta(days=1)
    return _box(match, ctx, "date", day)


_LUNAR_MONTH = {"正": 1, "冬": 11, "腊": 12}


def _lunar_date(match: re.Match[str], ctx: Context) -> Produced:
    """农历八月十五, 正月初八, 腊月二十三: the next such lunar day."""
    month_token, day_token = match["lmonth"], match["lday"]
    if not (match["lunar"] or month_token in _LUNAR_MONTH or day_token.startswith("初")):
        return None  # 八月十五 alone is a Gregorian date
    month = _LUNAR_MONTH.get(month_token) or parse_number(month_token)
    day = parse_number(day_token[1:]) if day_token.startswith("初") else parse_number(day_token.replace("廿", "二十"))
    if not month or not day or not 1 <= month <= 12 or not 1 <= day <= 30:
        return None
    ref = ctx.ref.date()
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            solar, exists = LunarDate(year, month, day).to_solar_date(), True
        except ValueError:  # a 30th in a 29-day lunar month
            solar, exists = LunarDate(year, month, day - 1).to_solar_date(), False
        if solar >= ref:
            return TimeBox("deadline" if match["suffix"] else "date", match.start(), match.end(),
                           due=solar, confirmed=exists)
    return None


# 节前 alone must not be the tail of another word: 环节前, 季节前, 细节前, 春节前 (named).
_BARE = r"(?<![环季关细章调礼音情使时气名变脱枝小本该此各第一二三四五六七八九十春中过佳假])节"

# Every festival match holds a festival's name or 节 (or 年前/年后), after at most a year (2026年,
# 明年, 每年): the rules run only around those words, not at every 前 or 后 of a speech.
_AROUND_NAME = anchor(_NAME + "|节", 12, 48)

RULES = [
    Rule("holiday-before", re.compile(
        rf"(?:(?P<each>每年)|{_YEAR})?(?:{_NAME}[”\"」]?(?:节日|放假|假期)?|{_BARE}|(?P<none>节假日)|{_NEW_YEAR})"
        rf"(?:之前|以前|前)(?:(?P<num>{NUM})个?(?P<unit>天|日|周|星期))?(?!后)"), _before,
        anchor(_NAME + "|节|年(?:之|以)?前", 12, 24)),
    Rule("holiday-after", re.compile(
        rf"{_YEAR}?(?:{_NAME}[”\"」]?|{_BARE}|(?P<none>节假日)|{_NEW_YEAR})(?:假期)?(?:之后|以后|后)"
        rf"(?:(?P<first>(?:上班)?的?(?:第一个工作日|首个工作日|第一天|首日))|{REL_LIMIT}(?:之内|以内|内))?"),
        _after, anchor(_NAME + "|节|年(?:假期)?(?:之|以)?后", 12, 36)),
    Rule("holiday-period", re.compile(
        rf"{_YEAR}?{_NAME}[”\"」]?(?:小长假|长假|假期|黄金周|期间)(?:期间)?"), _during,
        anchor("假|黄金周|期间", 20, 6)),
    Rule("lunar-date", re.compile(
        r"(?P<lunar>农历|阴历)?(?P<lmonth>正|冬|腊|十[一二]|[一二三四五六七八九十]|1[0-2]|[1-9])月"
        r"(?P<lday>初[一二三四五六七八九十]|二十[一二三四五六七八九]?|廿[一二三四五六七八九]?|三十|十[一二三四五六七八九]?"
        r"|[一二三四五六七八九])(?:[日号])?(?P<suffix>之前|以前|前(?!后))?"), _lunar_date, anchor("月", 6, 12), timex_only=True),
    Rule("holiday", re.compile(rf"{_YEAR}?{_NAME}(?!前(?!后)|后|之|以|期间|假期)"), _day_of, _AROUND_NAME,
         timex_only=True),
]
