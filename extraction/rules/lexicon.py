"""Regex fragments and word → value tables shared by the rule families."""

from __future__ import annotations

from ..numerals import NUM, parse_number

__all__ = ["NUM", "parse_number", "REL_LIMIT", "UNIT_OF", "HALF_OF", "MONTH", "DAY",
           "WEEKDAY", "WEEKDAY_OF", "parse_month", "parse_day", "limit_of", "CJK"]

CJK = r"[\u4e00-\u9fff]"

# "3天内", "两个工作日内", "一周之内", "48小时内", "3个工作内" (a common slip), "半个月内".
# Group names: num, unit; the optional 内 is required by callers that need it.
REL_LIMIT = (
    rf"(?P<num>{NUM}|半)\s*(?:个)?\s*"
    r"(?P<unit>工作日|工作天|工作(?=(?:之|以)?内)|小时|钟头|分钟|天|日|周|星期|礼拜|月|季度|年)"
)

UNIT_OF = {
    "工作日": "workday", "工作天": "workday", "工作": "workday",
    "小时": "hour", "钟头": "hour", "分钟": "minute",
    "天": "day", "日": "day", "周": "week", "星期": "week", "礼拜": "week",
    "月": "month", "季度": "quarter", "年": "year",
}

# What "半" of a unit is, in a whole number of a smaller unit.
HALF_OF = {"hour": (30, "minute"), "day": (12, "hour"), "week": (3, "day"),
           "month": (15, "day"), "quarter": (45, "day"), "year": (6, "month")}


def limit_of(num: str, unit_word: str) -> tuple[int, str] | None:
    """(n, unit) for a number token and a unit word; None when it is not a limit."""
    unit = UNIT_OF[unit_word]
    if num == "半":
        if unit == "workday":
            return None
        return HALF_OF[unit]
    n = parse_number(num)
    if n is None or n > 1000:
        return None
    return n, unit


MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九元正])"
DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
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
