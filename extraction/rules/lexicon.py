"""Regex fragments and word → value tables shared by the rule families."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

from .. import lazy_re as re
from ..model import Unit
from ..numerals import DECIMAL, NUM, YEAR_NUM, parse_decimal, parse_number, parse_year

__all__ = ["NUM", "DECIMAL", "YEAR_NUM", "parse_number", "parse_year", "REL_LIMIT", "UNIT_OF",
           "HALF_OF", "MONTH", "DAY", "WEEKDAY", "WEEKDAY_OF", "parse_month", "parse_day",
           "limit_of", "limit_from", "group", "sane_limit", "sane_year", "CJK", "TIME_OF_DAY", "clock_of",
           "FIRST_YEAR", "LAST_YEAR"]

CJK = r"[\u4e00-\u9fff]"

# Years a speech may name (dates outside are refused at extraction, not at confirmation).
FIRST_YEAR, LAST_YEAR = 1949, 2100

# "3天内", "两个工作日内", "一周之内", "48小时内", "3个工作内" (a common slip), "半个月内",
# "1.5小时内", "一个半小时", "1~2天", "3至5个工作日".
# Group names: num (and num2, the upper end of a range), half, unit.
REL_LIMIT = (
    rf"(?:(?P<num>{DECIMAL}|半)(?:\s*[~～\-–—至到]\s*(?P<num2>{DECIMAL}))?)\s*(?:个)?(?P<half>(?<=个)半)?\s*"
    r"(?P<unit>工作日|工作天|工作(?=(?:之|以)?内)|自然日|日历日|小时|钟头|分钟|天|日|周|星期|礼拜|月|季度|年)"
    r"(?P<half_after>(?<=[天日年])半(?![天日年月周时个钟分工拉小]))?"
)

Limit = tuple[int, Unit]  # n units: (3, "workday")

UNIT_OF: dict[str, Unit] = {
    "工作日": "workday", "工作天": "workday", "工作": "workday",
    "小时": "hour", "钟头": "hour", "分钟": "minute",
    "天": "day", "日": "day", "自然日": "day", "日历日": "day", "周": "week", "星期": "week", "礼拜": "week",
    "月": "month", "季度": "quarter", "年": "year",
}

# What "半" of a unit is, in a whole number of a smaller unit.
HALF_OF: dict[str, Limit] = {"hour": (30, "minute"), "day": (12, "hour"), "week": (84, "hour"),
           "month": (15, "day"), "quarter": (45, "day"), "year": (6, "month")}
# An exact step down to a smaller unit, for fractions (1.5小时 → 90分钟).
_SMALLER: dict[str, Limit] = {"year": (12, "month"), "quarter": (3, "month"), "week": (7, "day"),
            "day": (24, "hour"), "hour": (60, "minute")}
# The longest limit or period read: ten years, in each unit.
_MAX = {"minute": 10 * 366 * 24 * 60, "hour": 10 * 366 * 24, "day": 3660, "workday": 2610,
        "week": 522, "month": 120, "quarter": 40, "year": 10}


def sane_limit(n: int, unit: str) -> bool:
    return 0 <= n <= _MAX[unit]


def sane_year(year: int | None) -> bool:
    return year is not None and FIRST_YEAR <= year <= LAST_YEAR


def _whole(value: Fraction, unit: Unit) -> Limit | None:
    """value units as a whole number of the same or an exactly smaller unit; None if none is."""
    while value.denominator != 1:
        if unit not in _SMALLER:
            return None
        factor, unit = _SMALLER[unit]
        value *= factor
    return int(value), unit


@lru_cache(maxsize=4096)
def limit_of(num: str, unit_word: str, half: bool = False) -> Limit | None:
    """(n, unit) for a number token and a unit word; None when it is not a sane limit."""
    unit = UNIT_OF[unit_word]
    if num == "半":
        if unit not in HALF_OF:
            return None
        return HALF_OF[unit]
    value = parse_decimal(num)
    if value is None:
        return None
    if half:  # 一个半小时
        if value.denominator != 1:
            return None
        if unit == "month":  # 一个半月: 半个月 is 15 days by convention, so 45 days
            days = int(value) * 30 + 15
            return (days, "day") if sane_limit(days, "day") else None
        value += Fraction(1, 2)
    if unit == "workday" and value.denominator != 1:
        return None
    limit = _whole(value, unit)
    if limit is None or not sane_limit(*limit):
        return None
    return limit


def group(match: re.Match[str], name: str) -> str | None:
    """match[name], or None when the pattern has no group of that name (match.groupdict().get(name)
    without building the dict of every group)."""
    return match[name] if name in match.re.groupindex else None


def limit_from(match: re.Match[str]) -> Limit | None:
    """The limit a REL_LIMIT match states; a range (1~2天) gives its upper end."""
    upper = group(match, "num2")
    num = upper or match["num"]
    if upper:
        low, high = parse_decimal(match["num"]), parse_decimal(upper)
        if low is None or high is None or low >= high:
            return None
    return limit_of(num, match["unit"], bool(group(match, "half") or group(match, "half_after")))


MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九元正])"
DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|卅一?|二十[一二三四五六七八九]?|廿[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
WEEKDAY = r"[一二三四五六日天1-7]"
WEEKDAY_OF = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "日": 7, "天": 7,
              "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7}


def parse_month(token: str) -> int | None:
    if token in ("元", "正"):
        return 1
    n = parse_number(token)
    return n if n is not None and 1 <= n <= 12 else None


def parse_day(token: str) -> int | None:
    n = parse_number(token)
    return n if n is not None and 1 <= n <= 31 else None


# A clock time: 下午3点, 15:30, 晚上8点半, 上午10时30分, 12时, 17:00. Groups: ampm, hh, mm, mhalf.
_HOUR = r"(?:[01]?\d|2[0-4]|十[一二]?|二十[一二三四]?|[零一二两三四五六七八九])"
TIME_OF_DAY = (
    r"(?P<ampm>上午|下午|晚上|中午|凌晨|早上|早晨|傍晚|夜里|夜间|晚|早|今晚|明早|明晚)?"
    rf"(?:(?P<hh>{_HOUR})(?:[:：](?P<mm>[0-5]\d)(?:[:：][0-5]\d)?"
    r"|[点时](?:(?P<mhalf>半)|(?P<mq>一刻|三刻)|(?P<mm2>[0-5]?\d|[一二三四五]?十[一二三四五六七八九]?|[一二三四五六七八九])分)?))"
)
_PM = ("下午", "晚上", "傍晚", "夜里", "夜间", "晚", "今晚", "明晚")


def clock_of(match: re.Match[str]) -> tuple[str, int] | None:
    """("HH:MM", day offset) of a TIME_OF_DAY match; None when it names no valid time."""
    if not group(match, "hh"):
        return None
    hour = parse_number(match["hh"])
    if hour is None or hour > 24:
        return None
    minute = 0
    if group(match, "mm"):
        minute = int(match["mm"])
    elif group(match, "mm2"):
        minute = parse_number(match["mm2"]) or 0
    elif group(match, "mhalf"):
        minute = 30
    elif group(match, "mq"):
        minute = 15 if match["mq"] == "一刻" else 45
    if minute > 59:
        return None
    ampm = group(match, "ampm")
    if ampm in _PM and hour < 12:
        hour += 12
    elif ampm == "中午" and hour < 6:
        hour += 12
    elif ampm in _PM and ampm not in ("下午", "傍晚") and hour == 12:
        hour = 24  # 晚上12点
    if hour == 24:
        return "00:00", 1  # midnight at the end of the day
    return f"{hour:02d}:{minute:02d}", 0
