"""Recurrences: 每10天报送一次, 每两个月, 每月, 每月10日前, 每月5日、20日前 (one per day),
每周一, 每半月, 按月/按季度/按年, 每季度末, 一月一调度, 次月10日内 (monthly, by the 10th),
每年1月10日前 / 次年3月底前 (yearly, with month and day), 每天.
"""

from __future__ import annotations

import re

from ..model import Every, TimeBox
from .base import Context, Rule
from .lexicon import DAY, MONTH, NUM, WEEKDAY, WEEKDAY_OF, parse_day, parse_month, parse_number

# unit word -> (n multiplier, unit)
_PERIOD = {
    "天": (1, "day"), "日": (1, "day"), "工作日": (1, "day"), "周": (1, "week"),
    "星期": (1, "week"), "礼拜": (1, "week"), "旬": (10, "day"), "月": (1, "month"),
    "季度": (1, "quarter"), "季": (1, "quarter"), "年": (1, "year"), "年度": (1, "year"),
    "半月": (15, "day"), "半个月": (15, "day"), "半年": (6, "month"),
}
_LIST_SEP = r"[、,，和及与]"
_SUFFIX = r"(?P<suffix>之前|以前|前|之内|以内|内)?"


def _box(match: re.Match, every: Every, end: int | None = None) -> TimeBox:
    return TimeBox("recurring", match.start(), match.end() if end is None else end, every=every)


def _split_days(token: str) -> list[int] | None:
    days = [parse_day(d) for d in re.split(r"[日号]?" + _LIST_SEP, token.rstrip("日号"))]
    return None if not days or None in days else days


def _every(match: re.Match, ctx: Context):
    num = match["num"]
    if num == "一" and match["unit"] in ("天", "日", "月", "年", "周"):
        return None  # 每一天, 每一月: "every single day", rhetoric rather than a period
    n = parse_number(num) if num else 1
    if not n:
        return None
    mult, unit = _PERIOD[match["unit"]]
    n *= mult
    weekdays = match["wd"]
    if weekdays == "一" and ctx.text[match.end("wd"):match.end("wd") + 1] in ("次", "回", "遍", "轮"):
        return _box(match, Every(n, unit), end=match.start("wd"))  # 每周一次: weekly, not Mondays
    if unit == "week" and weekdays:
        days = [WEEKDAY_OF[d[-1]] for d in re.split(_LIST_SEP, weekdays) if d]
        return [_box(match, Every(n, unit, weekday=d)) for d in days]
    if unit == "month" and match["dom"]:
        days = _split_days(match["dom"])
        if days is None:
            return None
        return [_box(match, Every(n, unit, day_of_month=d)) for d in days]
    if unit == "month" and match["mpart"]:
        return _box(match, Every(n, unit, day_of_month={"上旬": 10, "中旬": 20, "下旬": "end"}[match["mpart"]]))
    if unit == "month" and match["mend"]:
        return _box(match, Every(n, unit, day_of_month="end"))
    if unit == "year" and match["moy"]:
        month = parse_month(match["moy"])
        if month is None:
            return None
        day = "end" if match["yend"] else (parse_day(match["ydom"]) if match["ydom"] else None)
        return _box(match, Every(n, unit, month_of_year=month, day_of_month=day))
    if unit == "year" and match["yearend"]:
        return _box(match, Every(n, unit, month_of_year=12, day_of_month="end"))
    if unit == "quarter" and match["qend"]:
        return _box(match, Every(n, unit, day_of_month="end"))
    return _box(match, Every(n, unit))


_EVERY = re.compile(
    rf"每(?:隔)?(?P<num>{NUM})?(?:个)?"
    r"(?P<unit>半个月|半月|半年|工作日|天|日|旬|年度|年|季度|季|星期|礼拜|周|月)"
    rf"(?:(?<=周|期|拜)(?P<wd>{WEEKDAY}(?:{_LIST_SEP}(?:周|星期)?{WEEKDAY})*)"
    rf"|(?<=月)(?P<mpart>上旬|中旬|下旬)"
    rf"|(?<=月)(?P<dom>{DAY}[日号]?(?:{_LIST_SEP}{DAY}[日号]?)*[日号])"
    rf"|(?<=月)(?P<mend>底|末)"
    rf"|(?:(?<=年)|(?<=年度))(?P<moy>{MONTH})月份?(?:(?P<ydom>{DAY})[日号]|(?P<yend>底|末))?"
    rf"|(?:(?<=季)|(?<=季度))(?P<qend>末|底)"
    rf"|(?:(?<=年)|(?<=年度))年?(?P<yearend>底|末))?{_SUFFIX}"
)

_BY = re.compile(r"按(?P<unit>半年|年度|年|季度|季|月度|月|旬|周|日|天)(?![度份]|计划|目标|任务|预算|指标|安排|要求|增|递|提高|下降|减少|上升)")
_BY_UNIT = {"月度": "月", "日": "天"}


def _by(match: re.Match, ctx: Context):
    word = _BY_UNIT.get(match["unit"], match["unit"])
    mult, unit = _PERIOD[word]
    return _box(match, Every(mult, unit))


# 一月一调度, 一周一通报, 一季一考核, 一月一次
_ONE_PER = re.compile(r"一(?P<unit>天|日|周|月|季|年)一(?P<what>次|[\u4e00-\u9fff])")


def _one_per(match: re.Match, ctx: Context):
    # 一年一度 (an adjective), 一年一季 / 一月一周 (two periods), 一个一样 …
    if match["what"] in "度样个是些批点天日周月季年":
        return None
    mult, unit = _PERIOD[match["unit"]]
    end = match.end() if match["what"] == "次" else match.start("what")
    return _box(match, Every(mult, unit), end=end)


_NEXT_MONTH = re.compile(rf"次月(?:(?P<dom>{DAY})[日号]|(?P<mend>底|末)){_SUFFIX}")


def _next_month(match: re.Match, ctx: Context):
    if match["mend"]:
        return _box(match, Every(1, "month", day_of_month="end"))
    day = parse_day(match["dom"])
    return None if day is None else _box(match, Every(1, "month", day_of_month=day))


_NEXT_YEAR = re.compile(rf"次年(?:度)?(?P<moy>{MONTH})月份?(?:(?P<ydom>{DAY})[日号]|(?P<yend>底|末))?"
                        r"(?P<suffix>之前|以前|前)")


def _next_year(match: re.Match, ctx: Context):
    month = parse_month(match["moy"])
    if month is None:
        return None
    day = "end" if match["yend"] or not match["ydom"] else parse_day(match["ydom"])
    return _box(match, Every(1, "year", month_of_year=month, day_of_month=day))


RULES = [
    Rule("every", _EVERY, _every),
    Rule("by-period", _BY, _by),
    Rule("one-per-period", _ONE_PER, _one_per),
    Rule("next-month", _NEXT_MONTH, _next_month),
    Rule("next-year", _NEXT_YEAR, _next_year),
]
