"""Recurrences: 每10天报送一次, 每两个月, 每月, 每月10日前, 每月5日、20日前 (one per day),
每周一, 每半月, 按月/按季度/按年, 每季度末, 一月一调度, 次月10日内 (monthly, by the 10th),
每年1月10日前 / 次年3月底前 (yearly, with month and day), 每天.
"""

from __future__ import annotations

from .. import lazy_re as re
from ..model import DayOfMonth, Every, Period, TimeBox
from .base import Context, Produced, Rule, Unreadable, anchor
from .lexicon import (
    CJK,
    DAY,
    MONTH,
    NUM,
    TIME_OF_DAY,
    WEEKDAY,
    WEEKDAY_OF,
    clock_of,
    parse_day,
    parse_month,
    parse_number,
    sane_limit,
)

# unit word -> (n multiplier, unit)
_PERIOD: dict[str, tuple[int, Period]] = {
    "天": (1, "day"), "日": (1, "day"), "工作日": (1, "day"), "周": (1, "week"),
    "星期": (1, "week"), "礼拜": (1, "week"), "旬": (10, "day"), "月": (1, "month"),
    "季度": (1, "quarter"), "季": (1, "quarter"), "年": (1, "year"), "年度": (1, "year"),
    "半月": (15, "day"), "半个月": (15, "day"), "半年": (6, "month"),
}
_LIST_SEP = r"[、,，和及与]"
_SUFFIX = r"(?P<suffix>之前|以前|前|之内|以内|内)?"


def _box(match: re.Match[str], every: Every, end: int | None = None, due_time: str | None = None) -> TimeBox:
    if not sane_limit(every.n, every.unit):
        raise Unreadable(f"period out of range: every {every.n} {every.unit}")
    return TimeBox("recurring", match.start(), match.end() if end is None else end, every=every,
                   due_time=due_time)


# A clock time inside a list ("每天上午8点前、下午5点前"), without named groups.
_CLOCK = (r"(?:上午|下午|晚上|中午|早上|早晨|凌晨|傍晚|早|晚)?(?:[01]?\d|2[0-4]|十[一二]?|[一二三四五六七八九])"
          r"(?:[:：][0-5]\d|[点时](?:半|[0-5]?\d分)?)(?:之前|以前|前)?")
_CLOCK_PARTS = re.compile(TIME_OF_DAY)


def _times(token: str) -> list[str]:
    times = []
    for part in _CLOCK_PARTS.finditer(token):
        clock = clock_of(part) if part["hh"] else None
        if clock and clock[1] == 0:
            times.append(clock[0])
    return times


def _split_days(token: str) -> list[int] | None:
    days = [parse_day(d) for d in re.split(r"[日号]?" + _LIST_SEP, token.rstrip("日号"))]
    found = [d for d in days if d is not None]
    return found if days and len(found) == len(days) else None


_MONTH_PART: dict[str, DayOfMonth] = {"上旬": 10, "中旬": 20, "下旬": "end"}


def _every(match: re.Match[str], ctx: Context) -> Produced:
    num = match["num"]
    if num == "一" and match["unit"] in ("天", "日", "月", "年", "周"):
        if match["gap"]:  # 每隔一天: every other day
            mult, unit = _PERIOD[match["unit"]]
            return _box(match, Every(2 * mult, unit))
        return None  # 每一天, 每一月: "every single day", rhetoric rather than a period
    n = parse_number(num) if num else 1
    if not n:
        return None
    mult, unit = _PERIOD[match["unit"]]
    n *= mult
    if match["times"] and unit == "day" and n == 1:  # 每天上午8点前、下午5点前: one per time
        times = _times(match["times"])
        if times:
            return [_box(match, Every(n, unit), due_time=t) for t in times]
    weekdays = match["wd"]
    if weekdays == "一" and ctx.text[match.end("wd"):match.end("wd") + 1] in ("次", "回", "遍", "轮"):
        return _box(match, Every(n, unit), end=match.start("wd"))  # 每周一次: weekly, not Mondays
    if unit == "week" and weekdays:
        weekday_list = [WEEKDAY_OF[d[-1]] for d in re.split(_LIST_SEP, weekdays) if d]
        times = _times(match["wclock"]) if match["wclock"] else []
        return [_box(match, Every(n, unit, weekday=d), due_time=times[0] if times else None) for d in weekday_list]
    if unit == "month" and match["dom"]:
        days = _split_days(match["dom"])
        if days is None:
            return None
        return [_box(match, Every(n, unit, day_of_month=d)) for d in days]
    if unit == "month" and match["dph"]:  # 每月X日前: a template that leaves the day open
        return _box(match, Every(n, unit))
    if unit == "month" and match["mpart"]:
        return _box(match, Every(n, unit, day_of_month=_MONTH_PART[match["mpart"]]))
    if unit == "month" and match["mend"]:
        return _box(match, Every(n, unit, day_of_month="end"))
    if unit == "year" and match["mlist"]:  # 每年1、4、7、10月8日前: one day in months spread evenly
        parsed = [parse_month(re.sub(r"月份?$", "", m)) for m in re.split(_LIST_SEP, match["mlist"]) if m]
        months = [m for m in parsed if m is not None]
        if len(months) != len(parsed) or len(set(months)) != len(months):
            return None
        list_day: DayOfMonth | None = "end" if match["lend"] else (parse_day(match["ldom"]) if match["ldom"] else None)
        months.sort()
        steps = {b - a for a, b in zip(months, months[1:])} | {months[0] + 12 - months[-1]}
        if len(steps) == 1 and n == 1:
            step = steps.pop()
            return _box(match, Every(1, "quarter", day_of_month=list_day) if step == 3
                        else Every(step, "month", day_of_month=list_day))
        return [_box(match, Every(n, unit, month_of_year=m, day_of_month=list_day)) for m in months]
    if unit == "year" and match["moy"]:
        month = parse_month(match["moy"])
        if month is None:
            return None
        day: DayOfMonth | None = "end" if match["yend"] else (parse_day(match["ydom"]) if match["ydom"] else None)
        return _box(match, Every(n, unit, month_of_year=month, day_of_month=day))
    if unit == "year" and match["yearend"]:
        return _box(match, Every(n, unit, month_of_year=12, day_of_month="end"))
    if unit == "quarter" and match["qend"]:
        return _box(match, Every(n, unit, day_of_month="end"))
    if unit == "quarter" and match["qdom"]:  # 每季度第一个月10日前, 每季度最后一个月的30日前
        day = parse_day(match["qdom"])
        return None if day is None else _box(match, Every(n, unit, day_of_month=day))
    return _box(match, Every(n, unit))


_EVERY = re.compile(
    rf"(?:每(?:逢)?|逢(?=周|星期|礼拜))(?P<gap>隔)?(?P<num>{NUM})?(?:个)?"
    r"(?P<unit>半个月|半月|半年|工作日|天|日|旬|年度|年|季度|季|星期|礼拜|周|月)"
    rf"(?:(?<=周|期|拜)(?:周|星期|礼拜)?(?P<wd>{WEEKDAY}(?:{_LIST_SEP}(?:周|星期)?{WEEKDAY})*)(?P<wclock>{_CLOCK})?"
    rf"|(?<=月)(?P<mpart>上旬|中旬|下旬)"
    rf"|(?<=月)的?(?P<dom>{DAY}[日号]?(?:{_LIST_SEP}{DAY}[日号]?)*[日号])"
    r"|(?<=月)的?\s*(?P<dph>[xX×某])\s*[日号]"
    rf"|(?<=月)的?月?(?P<mend>底|末|最后一天|最后一个工作日)"
    r"|(?<=月|周)的?(?P<wday>第一个工作日|首个工作日|第1个工作日|最后一个工作日)"
    r"|(?:(?<=年)|(?<=年度))的?第?(?P<yq>[一二三四1-4])季度"
    r"|(?:(?<=年)|(?<=年度))的?(?P<yhalf>[上下]半年)"
    rf"|(?:(?<=年)|(?<=年度))的?(?P<mlist>{MONTH}(?:月份?)?(?:{_LIST_SEP}{MONTH}(?:月份?)?)+)月份?"
    rf"(?:的?(?P<ldom>{DAY})[日号]|(?P<lend>底|末))?"
    rf"|(?:(?<=年)|(?<=年度))的?(?P<moy>{MONTH})月份?(?:(?P<ydom>{DAY})[日号]|(?P<yend>底|末))?"
    rf"|(?:(?<=季)|(?<=季度))的?(?P<qend>末|底|最后一天|最后1天)(?!月)"
    rf"|(?:(?<=季)|(?<=季度))的?(?:第一个月|首月|第1个月|最后一个月|末月|第三个月|最后1个月)的?(?P<qdom>{DAY})[日号]"
    rf"|(?:(?<=天)|(?<=日))(?P<times>{_CLOCK}(?:[、和及,，]?{_CLOCK})*)"
    rf"|(?:(?<=年)|(?<=年度))年?(?P<yearend>底|末))?{_SUFFIX}"
)

_BY = re.compile(r"按(?P<unit>半年|年度|年|季度|季|月度|月|旬|周|日|天)(?![度份]|计划|目标|任务|预算|指标|安排|要求|增|递|提高|下降|减少|上升)")
_BY_UNIT = {"月度": "月", "日": "天"}


def _by(match: re.Match[str], ctx: Context) -> Produced:
    word = _BY_UNIT.get(match["unit"], match["unit"])
    mult, unit = _PERIOD[word]
    return _box(match, Every(mult, unit))


# 一月一调度, 一周一通报, 一季一考核, 一月一次, 三天一报, 两周一调度
_ONE_PER = re.compile(
    rf"(?<![每隔第近前后上下这本])(?P<num>{NUM})个?(?P<unit>天|日|周|星期|月|季度|季|年)一(?P<what>次|[\u4e00-\u9fff])")


def _one_per(match: re.Match[str], ctx: Context) -> Produced:
    # 一年一度 (an adjective), 一年一季 / 一月一周 (two periods), 一天一个样, 三年一大步 …; 百年一遇 (a
    # flood's return period)
    if match["what"] in "度样个是些批点天日周月季年大小新步遇":
        return None
    n = parse_number(match["num"])
    if not n:
        return None
    mult, unit = _PERIOD[match["unit"]]
    end = match.end() if match["what"] == "次" else match.start("what")
    return _box(match, Every(n * mult, unit), end=end)


# 三个月召开一次, 半个月通报一次, 两周调度一次: a period and "once" without 每.
_COUNT_ONCE = re.compile(
    rf"(?<![每隔第近前后上下这本])(?P<num>{NUM}|半)个?(?P<unit>天|日|周|星期|月|季度|年)"
    r"(?P<mid>[\u4e00-\u9fff]{0,5}?)(?:一|1)(?:次|回)"
)
_HALF_PERIOD: dict[str, tuple[int, Period]] = {"月": (15, "day"), "年": (6, "month")}


def _count_once(match: re.Match[str], ctx: Context) -> Produced:
    if re.search(r"[内后前来以至到超少多过的中共间]|时间|期间", match["mid"]):
        return None  # 三个月内完成一次, 用两个月时间开展一次: a window, not a period
    if match["num"] == "半":
        if match["unit"] not in _HALF_PERIOD:
            return None
        return _box(match, Every(*_HALF_PERIOD[match["unit"]]))
    n = parse_number(match["num"])
    if not n:
        return None
    mult, unit = _PERIOD[match["unit"]]
    return _box(match, Every(n * mult, unit))


# "…，月开展一次督查": a clause opening on a period and ending in once, its 每 dropped by the page.
_BARE_PERIOD_ONCE = re.compile(r"(?<=[，,、；;])(?P<unit>月|周|季度|季|旬)(?P<mid>[\u4e00-\u9fff]{1,4}?)(?:一|1)(?:次|回)")


def _bare_period_once(match: re.Match[str], ctx: Context) -> Produced:
    if re.search(r"[内后前底末份度初中均]", match["mid"]):  # 月底前…一次, 月均…一次
        return None
    return _box(match, Every(*_PERIOD[match["unit"]]))


# 双周调度, 隔周召开, 双月通报, 隔日上报
_ALTERNATE = re.compile(r"(?P<word>双周|隔周|双月|隔月|隔日|隔天)(?![末刊内前后报纸])")
_ALTERNATE_EVERY: dict[str, tuple[int, Period]] = {"双周": (2, "week"), "隔周": (2, "week"), "双月": (2, "month"), "隔月": (2, "month"),
                                                     "隔日": (2, "day"), "隔天": (2, "day")}


def _alternate(match: re.Match[str], ctx: Context) -> Produced:
    return _box(match, Every(*_ALTERNATE_EVERY[match["word"]]))


# 实行日报制度, “周报”制度, 建立月报机制: a reporting routine named by its period.
_ROUTINE = re.compile(
    r"(?:(?P<pre>实行|执行|建立|落实|坚持|实施|推行)[“\"「『]?)?(?P<p>日|周|旬|月|季|年)报"
    r"(?![纸刊社])(?:[”\"」』]?(?P<post>制度|制|机制))?"
)
_ROUTINE_EVERY: dict[str, tuple[int, Period]] = {"日": (1, "day"), "周": (1, "week"), "旬": (10, "day"), "月": (1, "month"),
                                                   "季": (1, "quarter"), "年": (1, "year")}


def _routine(match: re.Match[str], ctx: Context) -> Produced:
    if not (match["pre"] or match["post"]):
        return None  # 人民日报, 月报表: a name, not a routine
    return _box(match, Every(*_ROUTINE_EVERY[match["p"]]))


# 周调度、月通报、季考核: a period and a supervision verb.
_PERIOD_VERB = re.compile(
    r"(?P<p>周|旬|月|季|日)(?P<verb>调度|通报|考核|督查|督办|点评|讲评|例会|会商|研判|汇报|排名|小结|巡查|盘点)")
# What makes 周/月 … part of another word: 本周, 上月, 四周, 岁月, 工作日, 节日 …
_NOT_PERIOD_BEFORE = set("本上下当这每前后个一二三四五六七八九十两几半满岁正元年第今明去次同逐隔双按整全该数近多首末周月日季0123456789")
_DAY_PERIOD_BEFORE = set("行展立持实推、，,和及与“\" \n")


# A routine only binds when the clause puts it in place: 实行周调度, 建立月通报、季考核制度
# (not "就是经济运行季调度机制", which names one).
_PUT_IN_PLACE = re.compile(r"(?:实行|建立|坚持|落实|开展|推行|实施|执行|采取|进行|健全|完善)[^，,。；;：:！？\n]{0,12}$")


def _period_verb(match: re.Match[str], ctx: Context) -> Produced:
    before = ctx.text[match.start() - 1] if match.start() else ""
    if re.match(CJK, before) and not _PUT_IN_PLACE.search(ctx.text, max(0, match.start() - 14), match.start()):
        return None
    if before in _NOT_PERIOD_BEFORE:
        return None
    if match["p"] == "日" and before and before not in _DAY_PERIOD_BEFORE:
        return None
    return _box(match, Every(*_ROUTINE_EVERY[match["p"]]))


# 月后3日前, 季后15日内, 次季度首月10日前: a day in the month after each period.
_AFTER_PERIOD = re.compile(
    rf"(?<![个\d零〇一二两三四五六七八九十半])(?:(?P<month>月)后|(?P<quarter>季度?)后|次季度?(?:首月|第一个月))"
    rf"(?P<dom>{DAY})[日号](?:之前|以前|前|之内|以内|内)?"
)


def _after_period(match: re.Match[str], ctx: Context) -> Produced:
    day = parse_day(match["dom"])
    if day is None:
        return None
    return _box(match, Every(1, "month" if match["month"] else "quarter", day_of_month=day))


# 次月10日前, 次季度15日内, 次月（季度）十五日内 (月报 by the 15th of the next month, 季报 of the
# next quarter): a day in the period after each one.
_NEXT_MONTH = re.compile(rf"次(?P<unit>月|季度|季)(?:[(（](?P<alt>季度|季|月)[)）])?"
                         rf"(?:(?P<dom>{DAY})[日号]|(?P<mend>底|末)|(?P<mstart>初|上旬)){_SUFFIX}")
_NEXT_UNIT: dict[str, Period] = {"月": "month", "季度": "quarter", "季": "quarter"}


def _next_month(match: re.Match[str], ctx: Context) -> Produced:
    # 次月初 / 次月上旬: by the 10th of the next month
    day: DayOfMonth | None = "end" if match["mend"] else 10 if match["mstart"] else parse_day(match["dom"])
    if day is None:
        return None
    units = [_NEXT_UNIT[match["unit"]]] + ([_NEXT_UNIT[match["alt"]]] if match["alt"] else [])
    return [_box(match, Every(1, unit, day_of_month=day)) for unit in dict.fromkeys(units)]


# 次年3月底前, 翌年1月10日前, 年后1月10日前 (after the reporting year), 当年12月31日前 (within it):
# a date fixed relative to each year reported on.
_NEXT_YEAR = re.compile(rf"(?:次年|翌年|当年|(?<![\d〇零一二三四五六七八九十百千今明去前后本当同上下该每干几多两])年后)"
                        rf"(?:度)?(?P<moy>{MONTH})月份?(?:(?P<ydom>{DAY})[日号]|(?P<yend>底|末))?"
                        r"(?P<suffix>之前|以前|前)")


def _next_year(match: re.Match[str], ctx: Context) -> Produced:
    month = parse_month(match["moy"])
    if month is None:
        return None
    day: DayOfMonth | None = "end" if match["yend"] or not match["ydom"] else parse_day(match["ydom"])
    return _box(match, Every(1, "year", month_of_year=month, day_of_month=day))


# 每晚, 每天早上: a part of every day.
_EVERY_PART = re.compile(rf"每(?P<part>晚|早|夜|晨)(?![餐饭])(?:{_CLOCK})?")
# 一周两次, 一个月三次: a count per period still sets the period to act in.
_TIMES_PER = re.compile(
    rf"(?<![\d零〇一二两三四五六七八九十第近前后上下这本每])一个?(?P<unit>周|星期|月|季度|年|天)(?:{NUM})次")
# 天天, 周周, 月月, 年年: every day … (a speech's "天天讲、月月抓" is emphasis, so timex only).
_DOUBLED = re.compile(r"(?P<unit>天|周|月|年)(?P=unit)")


def _per(match: re.Match[str], ctx: Context) -> TimeBox:
    mult, unit = _PERIOD[match["unit"]]
    return _box(match, Every(mult, unit))


RULES = [
    Rule("every", _EVERY, _every),
    Rule("every-part-of-day", _EVERY_PART, lambda m, ctx: _box(m, Every(1, "day"))),
    Rule("times-per-period", _TIMES_PER, _per, anchor("次", 8, 1), timex_only=True),
    Rule("doubled-period", _DOUBLED, _per, timex_only=True),
    Rule("by-period", _BY, _by),
    # 逐月 alone reads as monthly; in a speech "逐月、逐季、逐年" is emphasis, not a schedule
    Rule("each-period", re.compile(r"逐(?P<unit>月|季度|季|年|周|日)(?![度份]|增|递|提高|下降|减少|上升)"), _by,
         timex_only=True),
    Rule("one-per-period", _ONE_PER, _one_per, anchor("一", 8, 2)),
    Rule("count-once", _COUNT_ONCE, _count_once, anchor("[一1][次回]", 16, 2)),
    Rule("bare-period-once", _BARE_PERIOD_ONCE, _bare_period_once, anchor("[一1][次回]", 8, 2)),
    Rule("alternate", _ALTERNATE, _alternate),
    Rule("routine-report", _ROUTINE, _routine, anchor("报", 8, 6)),
    Rule("period-verb", _PERIOD_VERB, _period_verb),
    Rule("after-period", _AFTER_PERIOD, _after_period, anchor("后|首月|第一个月", 4, 8)),
    Rule("next-month", _NEXT_MONTH, _next_month),
    Rule("next-year", _NEXT_YEAR, _next_year),
]
