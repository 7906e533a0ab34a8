"""Chinese wording of a time box, as the bot and the CLI show it (时限 column)."""

from __future__ import annotations

from extraction.model import Every, Kind, TimeBox, Within

_UNIT = {"minute": "分钟", "hour": "小时", "day": "天", "workday": "个工作日", "week": "周",
         "month": "个月", "quarter": "个季度", "year": "年"}
_EVERY_UNIT = {"day": "天", "week": "周", "month": "月", "quarter": "季度", "year": "年"}
_WEEKDAY = "一二三四五六日"


def within_text(within: Within) -> str:
    if within.n == 0 and within.unit == "day":
        return "当天"
    return f"{within.n}{_UNIT[within.unit]}"


def every_text(every: Every) -> str:
    unit = _EVERY_UNIT[every.unit]
    text = f"每{unit}" if every.n == 1 else f"每{every.n}{'个' if every.unit in ('month', 'quarter') else ''}{unit}"
    if every.month_of_year:
        text += f"{every.month_of_year}月"
    if every.weekday:
        text += _WEEKDAY[every.weekday - 1]
    if every.day_of_month == "end":
        text += "底" if every.unit != "quarter" else "末"
    elif every.day_of_month:
        text += f"{every.day_of_month}日"
    if every.day_of_month or every.weekday:
        text += "前"
    return text


def timebox_text(box: TimeBox) -> str:
    """"2026-11-26（3天内）", "每月10日前", "办结后1天内" …"""
    if box.kind == Kind.RECURRING and box.every:
        return every_text(box.every)
    if box.kind == Kind.ON_EVENT and box.within:
        limit = within_text(box.within)
        return f"{box.event or '事件'}前{limit}" if box.before else f"{box.event or '事件'}后{limit}内"
    parts = []
    if box.due:
        parts.append(box.due.isoformat())
    if box.within:
        parts.append(f"（{within_text(box.within)}内）")
    return "".join(parts)
