"""Absolute dates and periods resolved against the reference date.

4月15日前, 12月底前, 月底前, 年底前, 年内, 本周五前, 下周三, 下下周, 上周三, 季度末, 一季度末,
前三季度, 上季度, 上半年, 明年1月上旬 (→ 10th), 中旬 (→ 20th), 下旬 / 1月份 (→ last day),
2026.12.20, 2026-12-20, 三月十八, 二〇二七年, 22年底, 去年底, 上个月20号, 20号, 3天后, 未来3天.

With a limit word (前, 之前, 以前, 为止, 内) the expression is a `deadline`. Without one it is
a `date` whose `due` is the last day it names; `period=True` on such a date (a month, part of a
month, a quarter …) lets the engine read "明年1月份提请审定" as a deadline when a directive
follows it.

A date without a year resolves to its next occurrence on or after the reference date. A date
the words pin down (本周五, 本月10日, 上周三, 去年底, an explicit year) is kept as written, and
marked `past` when it lies before the reference date. Years outside 1949–2100 are refused.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from .. import lazy_re as re
from ..model import DayOfMonth, TimeBox
from ..workdays import add_months, add_workdays, month_end
from .base import Context, Produced, Rule, Unreadable, anchor
from .lexicon import (
    DAY,
    MONTH,
    REL_LIMIT,
    TIME_OF_DAY,
    WEEKDAY,
    WEEKDAY_OF,
    YEAR_NUM,
    clock_of,
    group,
    limit_from,
    parse_day,
    parse_month,
    parse_number,
    parse_year,
    sane_year,
)

_SUFFIX = r"(?P<suffix>之前|以前|前(?!后)|为止|之内|以内|内)?"
# "12月15日（星期二）下午5点前", "12月20日18:00前": what may stand between a day and its 前.
_DAY_TAIL = (r"(?:[（(](?:本周|下周|星期|周)[一二三四五六日天][)）])?"
             r"(?:[（(]\d{1,2}月\d{1,2}[日号][)）])?"
             rf"(?:\s?{TIME_OF_DAY}|(?:上午|下午|晚上)?(?:下班|上班)|中午)?")
_YEAR_WORD = (r"(?P<yword>明年|次年|来年|下一年|下年|大后年|后年|今年|本年|当年|去年|上一年|上年|"
              r"大前年|前年)")
_YEAR = rf"(?:(?P<year>{YEAR_NUM})年|{_YEAR_WORD})"
_YEAR_OFFSET = {"明年": 1, "次年": 1, "来年": 1, "下一年": 1, "下年": 1, "后年": 2, "大后年": 3,
                "今年": 0, "本年": 0, "当年": 0, "去年": -1, "上一年": -1, "上年": -1,
                "前年": -2, "大前年": -3}
# 年 not preceded by a number or 每/去/上 …: "年底", "年内" (not "3年内", "去年底", "每年底")
_BARE_YEAR = r"(?<![0-9〇零一二三四五六七八九十百千万两几多个每近去前上今明本当后次来])年"
_PART_DAY: dict[str, DayOfMonth] = {"底": "end", "末": "end", "最后一天": "end", "最后1天": "end", "下旬": "end", "中下旬": "end", "上旬": 10, "初": 10, "中旬": 20,
             "上中旬": 20, "中": 20}
_NEXT_MONTH_WORDS = {"下月": 1, "下个月": 1, "下下个月": 2, "本月": 0, "当月": 0, "这个月": 0, "这月": 0,
                     "上月": -1, "上个月": -1, "上上个月": -2}
_MONTH_WORD = r"(?P<mword>下下个月|下个月|下月|本月|当月|这个月|这月|上上个月|上个月|上月)"


@dataclass(frozen=True)
class _Year:
    year: int | None  # None: no year named (resolve to the next occurrence)
    named: bool       # the text names a year (a number or a word)


def _year_of(match: re.Match[str], ctx: Context, *, literal_this_year: bool) -> _Year:
    """The year a match names. 今年 counts as the reference year only when `literal_this_year`:
    a deadline (今年3月底前) still resolves to the next occurrence, as the scorer's gold does."""
    named = group(match, "year")
    if named:
        year = parse_year(named)
        if not sane_year(year):
            raise Unreadable(f"year out of range: {named}")
        return _Year(year, True)
    word = group(match, "yword")
    if word:
        offset = _YEAR_OFFSET[word]
        if offset < 0:
            ctx.not_in_speech("a past year")
        if offset or literal_this_year:
            return _Year(ctx.ref.year + offset, True)
        return _Year(None, True)
    return _Year(None, False)


def _is_deadline(match: re.Match[str]) -> bool:
    return bool(group(match, "suffix"))


def _clock(match: re.Match[str]) -> tuple[str | None, int]:
    if group(match, "hh"):
        clock = clock_of(match)
        if clock:
            return clock
    return None, 0


def _box(match: re.Match[str], ctx: Context, due: date | None, *, period: bool, confirmed: bool = True,
         kind: str | None = None) -> TimeBox | None:
    """The TimeBox of a resolved date: a deadline when a limit word (前, 内 …) follows."""
    if due is None:
        return None
    if not sane_year(due.year):
        raise Unreadable(f"date out of range: {due}")
    due_time, offset = _clock(match)
    kind = kind or ("deadline" if _is_deadline(match) else "date")
    if offset and kind == "deadline":
        due_time = None  # 12月31日24时前: by the end of that day
    else:
        due += timedelta(days=offset)
    return TimeBox(kind, match.start(), match.end(), due=due, confirmed=confirmed, period=period,
                   due_time=due_time, past=due < ctx.ref.date())


def _day_in(year: int, month: int, day: DayOfMonth | None) -> tuple[date, bool]:
    """(the day, does it exist): an impossible day (2月30日) is clamped to the month's end."""
    last = month_end(year, month)
    if day == "end" or day is None:
        return last, True
    return date(year, month, min(day, last.day)), day <= last.day


def _resolve(ctx: Context, year: _Year, month: int, day: DayOfMonth | None) -> tuple[date, bool]:
    """A month and day in the named year, else at their next occurrence on or after the ref."""
    if year.year is not None:
        return _day_in(year.year, month, day)
    due, exists = _day_in(ctx.ref.year, month, day)
    return (due, exists) if due >= ctx.ref.date() else _day_in(ctx.ref.year + 1, month, day)


# ---------------------------------------------------------------- month and day

# A day without 日/号 (三月十八, 3月18): Chinese numerals not running on, or digits at a clause end.
_BARE_DAY_END = (r"(?:(?<=[一二三四五六七八九十])(?![\d零〇一二两三四五六七八九十百千万亿个%.年月日号点时:：])"
                 r"|(?<=\d)(?=\s*(?:$|[，。、；,;)）])))")


def _month_date(match: re.Match[str], ctx: Context) -> Produced:
    month = parse_month(match["month"])
    if month is None:
        return None
    deadline = _is_deadline(match)
    year = _year_of(match, ctx, literal_this_year=not deadline)
    part, day_token = match["part"], match["day"]
    day: DayOfMonth | None
    if day_token:
        day = parse_day(day_token)
        if day is None:
            return None
    else:
        day = _PART_DAY.get(part, "end")
    suffix = match["suffix"]
    # "一月内办结" is within one month, not within January: leave it to the relative rule
    if suffix in ("内", "之内", "以内") and not (year.named or day_token or part or match["fen"]):
        return None
    # "在一月中迟到…": 一月中 without 旬 is "in one month", not mid-January
    if match["month"] == "一" and part == "中" and not year.named:
        return None
    # "3个月" is a length; a month needs no 个 before it
    if ctx.text[max(0, match.start() - 1):match.start()] in ("个", "第"):
        return None
    due, exists = _resolve(ctx, year, month, day)
    period = bool(part or match["fen"] or (year.named and not day_token))
    return _box(match, ctx, due, period=period and (year.year is None or year.year >= ctx.ref.year),
                confirmed=exists)


def _dotted_month_day(match: re.Match[str], ctx: Context) -> Produced:
    """12.31前: the next December 31st."""
    due, exists = _resolve(ctx, _Year(None, False), int(match["month"]), int(match["day"]))
    return _box(match, ctx, due, period=False, confirmed=exists)


def _numeric_date(match: re.Match[str], ctx: Context) -> Produced:
    """2026.12.20, 2026-12-20, 2026/12/20."""
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    if not sane_year(year) or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    due, exists = _day_in(year, month, day)
    return _box(match, ctx, due, period=False, confirmed=exists)


def _day_only(match: re.Match[str], ctx: Context) -> Produced:
    """本月25日前, 下月10日前, 上个月20号, 25日前 (the next 25th)."""
    day = parse_day(match["day"])
    if day is None:
        return None
    ref = ctx.ref.date()
    word = match["mword"]
    if word:
        if _NEXT_MONTH_WORDS[word] < 0:
            ctx.not_in_speech("a past month")
        base = add_months(ref.replace(day=1), _NEXT_MONTH_WORDS[word])
        due, exists = _day_in(base.year, base.month, day)
        return _box(match, ctx, due, period=False, confirmed=exists)
    if not match["suffix"]:
        return None
    due, _ = _day_in(ref.year, ref.month, day)
    if due < ref:
        base = add_months(ref.replace(day=1), 1)
        due, _ = _day_in(base.year, base.month, day)
    return _box(match, ctx, due, period=False)


def _bare_day(match: re.Match[str], ctx: Context) -> Produced:
    """20号, 5日: the next such day (a month without that day is skipped)."""
    day = parse_day(match["day"])
    if day is None:
        return None
    base = ctx.ref.date().replace(day=1)
    for months in range(13):
        first = add_months(base, months)
        if day <= month_end(first.year, first.month).day:
            due = first.replace(day=day)
            if due >= ctx.ref.date():
                return _box(match, ctx, due, period=False)
    return None


def _month_part(match: re.Match[str], ctx: Context) -> Produced:
    ref = ctx.ref.date()
    word = match["mword"]
    if word and _NEXT_MONTH_WORDS[word] < 0:
        ctx.not_in_speech("a past month")
    base = add_months(ref.replace(day=1), _NEXT_MONTH_WORDS[word] if word else 0)
    due, _ = _day_in(base.year, base.month, _PART_DAY[match["part"]])
    # "月初交办、月中督查" describe a routine; only 月底/月末 or a named month (下月初) bind
    period = bool(word) and match["part"] != "中" or match["part"] in ("底", "末")
    return _box(match, ctx, due, period=period)


def _same_day_of_year(match: re.Match[str], ctx: Context) -> TimeBox | None:
    """明年的今天: the reference day in the year named (Feb 29 clamped)."""
    year = _year_of(match, ctx, literal_this_year=True)
    if year.year is None:
        return None
    ref = ctx.ref.date()
    due, _ = _day_in(year.year, ref.month, ref.day)
    return _box(match, ctx, due, period=False)


def _week_of_month(match: re.Match[str], ctx: Context) -> TimeBox | None:
    """12月第一周: days 1–7 of the month (the second week 8–14 …); 最后一周 its last seven days."""
    month = parse_month(match["month"])
    if month is None:
        return None
    year = _year_of(match, ctx, literal_this_year=True)
    end, _ = _resolve(ctx, year, month, "end")
    if match["lastw"]:
        return _box(match, ctx, end, period=True)
    nth = parse_number(match["nth"])
    if nth is None:
        return None
    return _box(match, ctx, date(end.year, month, min(7 * nth, end.day)), period=True)


def _half_month(match: re.Match[str], ctx: Context) -> TimeBox | None:
    """上半月 (to the 15th) / 下半月 (to the month's end), of this or the named month."""
    ref = ctx.ref.date()
    if match["m"]:
        month = parse_month(match["m"])
        if month is None:
            return None
        due, _ = _resolve(ctx, _Year(None, False), month, 15 if match["half"] == "上" else "end")
        return _box(match, ctx, due, period=True)
    base = add_months(ref.replace(day=1), _NEXT_MONTH_WORDS[match["mword"]] if match["mword"] else 0)
    due, _ = _day_in(base.year, base.month, 15 if match["half"] == "上" else "end")
    return _box(match, ctx, due, period=True)


def _look_back(match: re.Match[str], ctx: Context) -> TimeBox | None:
    """近三天, 最近一周, 过去一个月: a period ending today."""
    if limit_from(match) is None:
        return None
    return _box(match, ctx, ctx.ref.date(), period=False)


# Seasons by the calendar's months: 春 March–May, 夏 June–August, 秋 September–November, 冬
# December–February (its end falls in the next year).
_SEASON_END: dict[str, tuple[int, DayOfMonth]] = {"春": (5, 31), "夏": (8, 31), "秋": (11, 30), "冬": (2, "end")}


def _season(match: re.Match[str], ctx: Context) -> TimeBox | None:
    month, day = _SEASON_END[match["season"]]
    year = _year_of(match, ctx, literal_this_year=True)
    if year.year is not None:
        due, _ = _day_in(year.year + (1 if match["season"] == "冬" else 0), month, day)
    else:
        due, _ = _resolve(ctx, _Year(None, False), month, day)
    return _box(match, ctx, due, period=True)


def _bare_xun(match: re.Match[str], ctx: Context) -> TimeBox | None:
    """上旬 / 中旬 / 下旬 alone: that part of this month, or of the next when it has passed."""
    ref = ctx.ref.date()
    due, _ = _day_in(ref.year, ref.month, _PART_DAY[match["part"]])
    if due < ref:
        base = add_months(ref.replace(day=1), 1)
        due, _ = _day_in(base.year, base.month, _PART_DAY[match["part"]])
    return _box(match, ctx, due, period=False)


def _range_day(day: str | None, part: str | None) -> DayOfMonth | None:
    if day:
        return parse_day(day)
    return _PART_DAY[part] if part else "end"


def _date_range(match: re.Match[str], ctx: Context) -> TimeBox | None:
    """明年1月至3月, 1-3月, 12月上旬至中旬, 2027年1月1日至6月30日: the period; due is its end."""
    month1 = parse_month(match["m1"])
    month2 = parse_month(match["m2"]) if match["m2"] else month1
    if month1 is None or month2 is None or (match["m2"] is None and not (match["d2"] or match["p2"])):
        return None
    day2 = _range_day(match["d2"], match["p2"])
    if day2 is None:
        return None
    year = _year_of(match, ctx, literal_this_year=True)
    if match["year2"]:
        parsed_year = parse_year(match["year2"])
        if parsed_year is None or not sane_year(parsed_year):
            raise Unreadable(f"year out of range: {match['year2']}")
        end_year = parsed_year
    elif year.year is not None:
        end_year = year.year + (1 if month2 < month1 else 0)
    else:  # the next period that has not ended yet
        end_year = ctx.ref.year
        if _day_in(end_year, month2, day2)[0] < ctx.ref.date():
            end_year += 1
    due, _ = _day_in(end_year, month2, day2)
    return _box(match, ctx, due, period=True)


def _bare_month(match: re.Match[str], ctx: Context) -> Produced:
    """下个月, 上个月, 本月: the month; due is its last day."""
    base = add_months(ctx.ref.date().replace(day=1), _NEXT_MONTH_WORDS[match["mword"]])
    return _box(match, ctx, month_end(base.year, base.month), period=False, kind="date")


# ---------------------------------------------------------------- years, halves, quarters

def _year_part(match: re.Match[str], ctx: Context) -> Produced:
    deadline = _is_deadline(match)
    year = _year_of(match, ctx, literal_this_year=not deadline)
    part = match["part"]
    month = {"底": 12, "末": 12, "尾": 12, "中": 6, "初": 1}[part]
    due, _ = _resolve(ctx, year, month, "end")
    # a bare 年初/年中 ("按照年初分解的任务") is too loose to become a deadline by itself
    period = (year.named or part in ("底", "末", "尾")) and due >= ctx.ref.date()
    return _box(match, ctx, due, period=period)


def _within_year(match: re.Match[str], ctx: Context) -> Produced:
    year = _year_of(match, ctx, literal_this_year=True)
    due, _ = _day_in(year.year if year.year is not None else ctx.ref.year, 12, "end")
    return _box(match, ctx, due, period=True, kind="deadline")


def _whole_year(match: re.Match[str], ctx: Context) -> Produced:
    """2027年, 二〇二七年, 八六年, 去年: the year; due is its last day."""
    year = _year_of(match, ctx, literal_this_year=True)
    if year.year is None:
        return None
    return _box(match, ctx, date(year.year, 12, 31), period=False, kind="date")


def _half_year(match: re.Match[str], ctx: Context) -> Produced:
    year = _year_of(match, ctx, literal_this_year=not _is_deadline(match))
    month = 6 if match["half"] == "上" else 12
    due, _ = _resolve(ctx, year, month, "end")
    return _box(match, ctx, due, period=bool(match["part"]) and due >= ctx.ref.date())


_QUARTER_WORDS = {"本": 0, "当": 0, "这个": 0, "这": 0, "本个": 0, "上": -1, "上个": -1, "上一": -1,
                  "上一个": -1, "上上个": -2, "下": 1, "下个": 1, "下一": 1, "下一个": 1, "下下个": 2}


def _quarter_end(year: int, q: int) -> date:
    return month_end(year, q * 3)


def _quarter(match: re.Match[str], ctx: Context) -> Produced:
    ref = ctx.ref.date()
    year = _year_of(match, ctx, literal_this_year=not _is_deadline(match))
    current = (ref.month - 1) // 3 + 1
    if match["q"] or match["first"]:
        q = parse_number(match["q"]) if match["q"] else 1
        if q is None or not 1 <= q <= 4:
            return None
        if ctx.text[max(0, match.start() - 1):match.start()] in ("个", "每", "两", "三", "几", "前", "后", "近", "上", "下"):
            return None
        if year.year is not None:
            due = _quarter_end(year.year, q)
        else:
            due = _quarter_end(ref.year, q)
            if due < ref:
                due = _quarter_end(ref.year + 1, q)
    elif match["qword"]:
        if _QUARTER_WORDS[match["qword"]] < 0:
            ctx.not_in_speech("a past quarter")
        index = ref.year * 4 + current - 1 + _QUARTER_WORDS[match["qword"]]
        due = _quarter_end(index // 4, index % 4 + 1)
    else:
        due = _quarter_end(ref.year, current)
    # "确保一季度实现开门红" is a target; only 季度末/季度底 read as a deadline without 前/内
    return _box(match, ctx, due, period=bool(match["part"]) and due >= ref)


def _first_quarters(match: re.Match[str], ctx: Context) -> Produced:
    """前三季度, 今年前两个季度: the first N quarters of the year; due is the N-th's last day."""
    n = parse_number(match["qn"])
    if n is None or not 1 <= n <= 4:
        return None
    year = _year_of(match, ctx, literal_this_year=True)
    return _box(match, ctx, _quarter_end(year.year or ctx.ref.year, n), period=False)


# ---------------------------------------------------------------- weeks and days

_WEEK_OFFSET = {"次周": 1, "当周": 0, "下下周": 2, "下下星期": 2, "下下个星期": 2, "下下个礼拜": 2, "下下个周": 2, "下个周": 1, "这个周": 0, "上个周": -1, "下周": 1, "下星期": 1, "下礼拜": 1, "下个星期": 1,
                "下个礼拜": 1, "本周": 0, "这周": 0, "本星期": 0, "这星期": 0, "这个星期": 0,
                "本礼拜": 0, "这礼拜": 0, "这个礼拜": 0, "上周": -1, "上星期": -1, "上礼拜": -1,
                "上个星期": -1, "上个礼拜": -1, "上上周": -2, "上上星期": -2}
_WEEK_WORD = ("(?P<wword>次周|当周|下下个星期|下下个礼拜|下下个周|下下周|下下星期|下个星期|下个礼拜|下个周|这个周|上个周|下周|下星期|下礼拜|本周|这周|本星期|这星期|"
              "这个星期|本礼拜|这礼拜|这个礼拜|上上周|上上星期|上个星期|上个礼拜|上周|上星期|上礼拜)")


def _weekday(match: re.Match[str], ctx: Context) -> Produced:
    ref = ctx.ref.date()
    monday = ref - timedelta(days=ref.weekday())
    word = match["wword"]
    # 周末: its Sunday; 下周初: its Tuesday (the first days of the week)
    target = {"末": 7, "初": 2}.get(match["wd"]) or WEEKDAY_OF[match["wd"]]
    if word:
        if _WEEK_OFFSET[word] < 0:
            ctx.not_in_speech("a past week")
        due = monday + timedelta(days=7 * _WEEK_OFFSET[word] + target - 1)
    else:  # 周五前: the next Friday on or after today
        due = monday + timedelta(days=target - 1)
        if due < ref:
            due += timedelta(days=7)
    return _box(match, ctx, due, period=match["wd"] == "末" and due >= ref)


def _weekday_range(match: re.Match[str], ctx: Context) -> Produced:
    """下周一到周三: the range's last day."""
    ref = ctx.ref.date()
    monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=_WEEK_OFFSET[match["wword"]] if match["wword"] else 0)
    first, last = WEEKDAY_OF[match["wd1"]], WEEKDAY_OF[match["wd2"]]
    if last <= first:
        return None
    return _box(match, ctx, monday + timedelta(days=last - 1), period=False)


def _day_range(match: re.Match[str], ctx: Context) -> Produced:
    """12月1日至10日, 3月5日-8日: the range's last day."""
    month, first, last = parse_month(match["month"]), parse_day(match["d1"]), parse_day(match["d2"])
    if month is None or first is None or last is None or last <= first:
        return None
    year = _year_of(match, ctx, literal_this_year=not _is_deadline(match))
    due, exists = _resolve(ctx, year, month, last)
    return _box(match, ctx, due, period=False, confirmed=exists)


def _within_week(match: re.Match[str], ctx: Context) -> Produced:
    ref = ctx.ref.date()
    sunday = ref + timedelta(days=6 - ref.weekday() + 7 * _WEEK_OFFSET[match["wword"]])
    return _box(match, ctx, sunday, period=True, kind="deadline")


def _within_month(match: re.Match[str], ctx: Context) -> Produced:
    """本月内, 下个月之内, 月内 (this month)."""
    base = add_months(ctx.ref.date().replace(day=1), _NEXT_MONTH_WORDS[match["mword"]] if match["mword"] else 0)
    return _box(match, ctx, month_end(base.year, base.month), period=True, kind="deadline")


_DAY_WORDS = {"今天": 0, "今日": 0, "当天": 0, "当日": 0, "次日": 1, "翌日": 1, "第二天": 1, "第二日": 1, "明天": 1, "明日": 1, "后天": 2, "大后天": 3, "昨天": -1,
              "昨日": -1, "前天": -2, "大前天": -3,
              # a part of the day named with it: 今晚, 明早, 昨夜
              "今早": 0, "今晨": 0, "今晚": 0, "今夜": 0, "明早": 1, "明晨": 1, "明晚": 1, "昨晚": -1, "昨夜": -1}


_EVENING = ("今晚", "今夜", "明晚", "昨晚", "昨夜")


def _relative_day(match: re.Match[str], ctx: Context) -> Produced:
    if _DAY_WORDS[match["dword"]] < 0:
        ctx.not_in_speech("a past day")
    box = _box(match, ctx, ctx.ref.date() + timedelta(days=_DAY_WORDS[match["dword"]]), period=False)
    if box and box.due_time and match["dword"] in _EVENING and not match["ampm"] and box.due_time < "12:00":
        box = replace(box, due_time=f"{int(box.due_time[:2]) + 12:02d}{box.due_time[2:]}")  # 今晚8点
    return box


def _shift(ref: datetime, n: int, unit: str, sign: int = 1) -> date | None:
    """ref moved by n units (hours and minutes move the clock)."""
    if unit in ("hour", "minute"):
        return (ref + sign * timedelta(**{unit + "s": n})).date()
    day = ref.date()
    if unit == "day":
        return day + sign * timedelta(days=n)
    if unit == "week":
        return day + sign * timedelta(weeks=n)
    if unit == "workday":
        return add_workdays(day, n)[0] if sign > 0 else None
    return add_months(day, sign * n * {"month": 1, "quarter": 3, "year": 12}[unit])


def _after_n(match: re.Match[str], ctx: Context) -> Produced:
    """3天后, 两个月以后, 5小时后, 未来3天, 过两周: the day that many units from now."""
    if not match["lead"] and match["tail"] not in ("之后", "以后", "后"):
        return None
    if match["num"].isdigit() and len(match["num"]) == 4:
        return None
    limit = limit_from(match)
    if limit is None:
        return None
    box = _box(match, ctx, _shift(ctx.ref, *limit), period=False, kind="date")
    if box is not None and limit[1] in ("hour", "minute"):  # 3小时后: the clock moves too
        moment = ctx.ref + timedelta(**{limit[1] + "s": limit[0]})
        box = replace(box, due_time=moment.strftime("%H:%M"))
    return box


def _ago_n(match: re.Match[str], ctx: Context) -> Produced:
    """3天前, 两个月以前: the day that many units ago (past)."""
    if match["num"].isdigit() and len(match["num"]) == 4:
        return None
    if ctx.text[max(0, match.start() - 2):match.start()].endswith(("提", "会", "节", "到期")):
        return None
    limit = limit_from(match)
    if limit is None:
        return None
    return _box(match, ctx, _shift(ctx.ref, *limit, sign=-1), period=False, kind="date")


def _bare_period(match: re.Match[str], ctx: Context) -> Produced:
    """下周, 下下周, 上周, 明年 … — a period; its due is the period's last day."""
    ref = ctx.ref.date()
    word = match["pword"]
    if word in _WEEK_OFFSET:
        due = ref + timedelta(days=6 - ref.weekday() + 7 * _WEEK_OFFSET[word])
    else:
        due = date(ref.year + _YEAR_OFFSET[word], 12, 31)
    return _box(match, ctx, due, period=False, kind="date")


def _period_to_finish(match: re.Match[str], ctx: Context) -> TimeBox | None:
    """本周完成, 下月报送: a week or month named right before finishing a task — by its end."""
    ref = ctx.ref.date()
    word = match["fword"]
    if word in _WEEK_OFFSET:
        due = ref + timedelta(days=6 - ref.weekday() + 7 * _WEEK_OFFSET[word])
    else:
        base = add_months(ref.replace(day=1), _NEXT_MONTH_WORDS[word])
        due = month_end(base.year, base.month)
    return _box(match, ctx, due, period=False, kind="deadline")


RULES = [
    Rule("period-to-finish", re.compile(
        r"(?P<fword>本周|这周|下周|本月|这个月|下个月|下月)(?:内)?"
        r"(?=(?:要|须|必须|务必|争取)?(?:全部|全面|基本)?(?:完成|办结|报送|上报|提交|到位|整改到位|办完))"),
        _period_to_finish),
    Rule("month-date", re.compile(
        rf"{_YEAR}?(?P<month>{MONTH})月(?P<fen>份)?(?:(?P<day>{DAY})(?:[日号]|{_BARE_DAY_END}){_DAY_TAIL}"
        rf"|(?P<part>上中旬|中下旬|上旬|中旬|下旬|底|末|初|中(?!心|央|旬)))?{_SUFFIX}"),
        _month_date, anchor("月", 12, 24)),
    # 12.31前: a month and day with a dot, only before 前 (12.31 alone is a number)
    Rule("dotted-month-day", re.compile(
        r"(?<![\d.])(?P<month>1[0-2]|0?[1-9])\.(?P<day>3[01]|[12]\d|0?[1-9])(?![\d.])(?P<suffix>之前|以前|前)"),
        _dotted_month_day, anchor(r"\d\.\d", 3, 6)),
    Rule("numeric-date", re.compile(
        rf"(?<![\d.])(?P<year>\d{{4}})(?P<sep>[./-])(?P<month>\d{{1,2}})(?P=sep)(?P<day>\d{{1,2}})(?![\d.])"
        rf"[日号]?{_DAY_TAIL}{_SUFFIX}"), _numeric_date, anchor(r"\d[./-]\d", 6, 40)),
    Rule("day-of-month", re.compile(
        rf"(?:{_MONTH_WORD}的?)?(?P<day>{DAY})[日号]{_DAY_TAIL}"
        rf"(?P<suffix>之前|以前|前|为止|(?<=月..)内|(?<=月...)内)?"), _day_only, anchor("[日号]", 8, 24)),
    Rule("bare-day", re.compile(rf"(?<![月\d零〇一二两三四五六七八九十])(?P<day>{DAY})[日号]{_DAY_TAIL}"), _bare_day,
         anchor("[日号]", 3, 24), timex_only=True),
    Rule("month-part", re.compile(
        rf"(?:{_MONTH_WORD}的?|(?<![0-9〇零一二三四五六七八九十元正个每])月)"
        rf"(?P<part>底|末|最后一天|最后1天|上旬|中旬|下旬|初|中(?![心央旬层间期秋华国共小])){_SUFFIX}"),
        _month_part, anchor("月", 8, 10)),
    Rule("bare-month", re.compile(_MONTH_WORD), _bare_month, timex_only=True),
    Rule("year-part", re.compile(
        rf"(?:{_YEAR}年?|{_BARE_YEAR}|岁(?=[末尾]))(?P<part>底|末|尾|中(?!心|央|期)|初){_SUFFIX}"),
        _year_part, anchor("[年岁][底末尾中初]", 8, 4)),
    Rule("within-year", re.compile(rf"(?:{_YEAR}|{_BARE_YEAR})度?(?:之内|以内|内)"), _within_year,
         anchor("年", 8, 4)),
    Rule("whole-year", re.compile(rf"(?:(?P<year>{YEAR_NUM})年度?|{_YEAR_WORD})"), _whole_year,
         anchor("年", 8, 2), timex_only=True),
    Rule("half-year", re.compile(rf"{_YEAR}?(?P<half>[上下])半年(?:(?P<part>末|底))?{_SUFFIX}"),
         _half_year, anchor("半年", 9, 4)),
    Rule("quarter", re.compile(
        rf"{_YEAR}?(?:第?(?P<q>[一二三四1-4])季度|(?P<first>首)季度?(?![节])|(?P<qword>上上个|下下个|上一个|下一个|上个|下个|上一|下一|这个|本|当|这|上|下)季度"
        rf"|季度(?=末|底)|季(?=末|底))(?P<part>末|底)?{_SUFFIX}"), _quarter, anchor("季", 9, 5)),
    Rule("first-quarters", re.compile(rf"{_YEAR}?前(?P<qn>[一二三两1-3])个?季度"), _first_quarters,
         anchor("季度", 9, 2)),
    Rule("weekday", re.compile(rf"(?<![每隔逢])(?:{_WEEK_WORD}(?:的?(?:周|星期|礼拜))?|周|星期|礼拜)(?P<wd>{WEEKDAY}|末|(?<=周)初){_DAY_TAIL}{_SUFFIX}"),
         _weekday, anchor("周|星期|礼拜", 5, 24)),
    Rule("weekday-range", re.compile(
        rf"(?:{_WEEK_WORD}|(?<![每隔])(?:周|星期|礼拜))(?P<wd1>{WEEKDAY})(?:到|至|~|～|-|—)(?:周|星期|礼拜)?(?P<wd2>{WEEKDAY})"),
        _weekday_range, anchor("到|至|~|～|-|—", 6, 4)),
    Rule("day-range", re.compile(
        rf"{_YEAR}?(?P<month>{MONTH})月(?P<d1>{DAY})[日号]?(?:到|至|~|～|-|—)(?P<d2>{DAY})[日号]{_SUFFIX}"),
        _day_range, anchor("到|至|~|～|-|—", 14, 6)),
    Rule("date-range", re.compile(
        rf"{_YEAR}?(?<![\d.])(?P<m1>{MONTH})月?(?:(?P<d1>{DAY})[日号]|(?P<p1>上旬|中旬|下旬|初))?(?:到|至|~|～|-|—|－)"
        rf"(?:(?P<year2>{YEAR_NUM})年)?(?:(?P<m2>{MONTH})月(?:份)?)?(?:(?P<d2>{DAY})[日号]|(?P<p2>上旬|中旬|下旬|底|末))?"
        rf"{_SUFFIX}"), _date_range, anchor("到|至|~|～|-|—|－", 14, 16)),
    Rule("same-day-of-year", re.compile(rf"{_YEAR}的?(?:今天|今日|这一天|这天)"), _same_day_of_year, anchor("今天|今日|这一?天", 6, 1),
         timex_only=True),
    Rule("week-of-month", re.compile(rf"{_YEAR}?(?P<month>{MONTH})月(?:的)?(?:第(?P<nth>[一二三四五1-5])|(?P<lastw>最后一))(?:个)?(?:周|星期|礼拜)"),
         _week_of_month, anchor("周|星期|礼拜", 12, 2), timex_only=True),
    Rule("half-month", re.compile(rf"(?:{_MONTH_WORD}|(?P<m>{MONTH})月)?(?P<half>上|下)半(?:个)?月"), _half_month,
         anchor("半", 8, 3), timex_only=True),
    Rule("look-back", re.compile(rf"(?:最近|近|过去)\s*{REL_LIMIT}(?:来|以来|里)?(?!之?内|以内)"), _look_back, anchor("近|过去", 2, 12),
         timex_only=True),
    Rule("season", re.compile(rf"{_YEAR}?的?(?P<season>春|夏|秋|冬)(?:天|季)"), _season, anchor("[春夏秋冬][天季]", 8, 1),
         timex_only=True),
    Rule("bare-xun", re.compile(r"(?<![月\w])(?P<part>上旬|中旬|下旬)"), _bare_xun, timex_only=True),
    Rule("within-week", re.compile(rf"{_WEEK_WORD}(?:之内|以内|内)"), _within_week),
    Rule("within-month", re.compile(rf"(?:{_MONTH_WORD}|(?<![\d〇零一二两三四五六七八九十百个半每本当这上下岁正元])月)(?:之内|以内|内)"),
         _within_month),
    Rule("relative-day", re.compile(
        rf"(?P<dword>大后天|后天|明天|明日|今天|今日|当天|当日|次日|翌日|第二天|第二日|大前天|前天|昨天|昨日|今早|今晨|今晚|今夜|"
        rf"明早|明晨|明晚|昨晚|昨夜){_DAY_TAIL}(?P<suffix>之前|以前|前(?!后)|之内|以内|内)?"),
        _relative_day),
    Rule("after-n", re.compile(
        rf"(?P<lead>未来|今后|接下来的?|再过|(?<![超经不通度越])过)?\s*{REL_LIMIT}(?P<tail>之后|以后|后|里|之内|以内|内)?"),
        _after_n, anchor("后|未来|过|接下来", 16, 16), timex_only=True),
    Rule("ago-n", re.compile(rf"{REL_LIMIT}(?:之前|以前|前)(?!后)"), _ago_n, anchor("前", 16, 2),
         timex_only=True),
    Rule("bare-period", re.compile(
        r"(?P<pword>次周|下下周|上上周|下周|本周|这周|上周|下个星期|下星期|下礼拜|下个礼拜|这个星期|本星期|这星期|"
        r"上个星期|上星期|上礼拜|上个礼拜|明年|后年|今年|去年|前年|大前年|大后年)"),
        _bare_period, timex_only=True),
]
