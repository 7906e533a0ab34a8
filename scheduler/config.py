"""How a chat's items are handled: one typed config owns every default and its parsing.

`PolicyConfig()` holds the built-in defaults; the deployment's settings (DUBAN_TIMEZONE,
DUBAN_QUIET_HOURS, DUBAN_NUDGE_TIME, DUBAN_REMINDER_OFFSETS_DAYS) replace them once at start
(`bot.settings.Settings.policy()`); a chat's stored overrides (`storage.models.ChatSettings`,
NULL = not overridden) are laid over that with `with_overrides`. Clock strings, quiet hours,
reminder offsets and "this week" are parsed and computed here and nowhere else.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Asia/Shanghai"
_CLOCK = re.compile(r"^\s*(\d{1,2})[:：](\d{2})\s*$")
_DASHES = str.maketrans({"－": "-", "—": "-", "–": "-", "~": "-", "～": "-", "至": "-"})
NO_QUIET_HOURS = ("", "none", "off", "无", "关")


# 9点, 9点30, 9点半, 9时30分, 下午4点 (as people type a time in a setting)
_CLOCK_WORDS = re.compile(r"^\s*(上午|早上|中午|下午|晚上)?\s*(\d{1,2})\s*[点时]\s*(?:(\d{1,2})\s*分?|(半))?\s*$")
_AFTERNOON = ("中午", "下午", "晚上")


def parse_clock(text: str) -> time:
    """"9:00" / "09:00" / "9：00" / "9点30" / "9点半" / "下午4点" → a time; ValueError for anything else."""
    text = unicodedata.normalize("NFKC", text)  # full-width digits
    match = _CLOCK.match(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
    else:
        words = _CLOCK_WORDS.match(text)
        if not words:
            raise ValueError("expected a clock time HH:MM")
        hour = int(words.group(2))
        minute = 30 if words.group(4) else int(words.group(3) or 0)
        if words.group(1) in _AFTERNOON and hour < 12:
            hour += 12
    if hour > 23 or minute > 59:
        raise ValueError("expected a clock time HH:MM")
    return time(hour, minute)


def format_clock(moment: time) -> str:
    return moment.strftime("%H:%M")


def parse_quiet_hours(text: str) -> tuple[time, time]:
    """"21:00-08:00" → (21:00, 08:00); "off" → (00:00, 00:00), i.e. no quiet hours."""
    text = text.strip().translate(_DASHES)
    if text.lower() in NO_QUIET_HOURS:
        return time(0, 0), time(0, 0)
    start, sep, end = text.partition("-")
    if not sep:
        raise ValueError("expected HH:MM-HH:MM")
    return parse_clock(start), parse_clock(end)


def parse_days_before(text: str, *, most: int = 60) -> tuple[int, ...]:
    """"3,1" / "1 7 3" / "3、1" → (7, 3, 1): distinct whole days, largest first."""
    parts = [p for p in re.split(r"[,，、;\s]+", text.strip().strip("[]")) if p]
    if not parts or not all(p.isdigit() and 0 <= int(p) <= most for p in parts):
        raise ValueError(f"expected whole days from 0 to {most}, e.g. 3,1")
    return tuple(sorted({int(p) for p in parts}, reverse=True))


def parse_limit_days(text: str, *, most: int = 365) -> int:
    """"15" / "15天" → 15: the default limit offered for a vague one."""
    digits = text.strip().removesuffix("天").removesuffix("日").strip()
    if not digits.isdigit() or not 1 <= int(digits) <= most:
        raise ValueError(f"expected whole days from 1 to {most}, e.g. 15")
    return int(digits)


WEEKDAY_WORDS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "1": 0, "2": 1, "3": 2,
                 "4": 3, "5": 4, "6": 5, "7": 6}
_WEEKLY = re.compile(r"^\s*(?:周|星期|礼拜)?([一二三四五六日天1-7])\s*(\d{1,2}[:：]\d{2})?\s*$")


def parse_ladder(text: str, *, most: int = 60) -> tuple[int, int, int]:
    """"1,3,7" / "1 3 7" → (1, 3, 7): the overdue working day of each escalation step, rising."""
    parts = [p for p in re.split(r"[,，、;/\s]+", text.strip()) if p]
    if len(parts) != 3 or not all(p.isdigit() and 1 <= int(p) <= most for p in parts):
        raise ValueError(f"expected three working days from 1 to {most}, e.g. 1,3,7")
    first, second, third = (int(p) for p in parts)
    if not first < second < third:
        raise ValueError("expected three rising days, e.g. 1,3,7")
    return first, second, third


def parse_weekly(text: str) -> tuple[int, time | None]:
    """"周一 09:00" / "星期五17:30" / "1" → (weekday, clock time or None); Monday is 0."""
    match = _WEEKLY.match(text)
    if not match:
        raise ValueError("expected a weekday and a time, e.g. 周一 09:00")
    return WEEKDAY_WORDS[match.group(1)], parse_clock(match.group(2)) if match.group(2) else None


def parse_window_days(text: str, *, most: int = 90) -> int:
    """"3" / "3天" → 3; 0 turns the grade off."""
    digits = text.strip().removesuffix("天").removesuffix("日").strip()
    if not digits.isdigit() or int(digits) > most:
        raise ValueError(f"expected whole days from 0 to {most}")
    return int(digits)


def parse_timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError("unknown time zone") from None


class Overrides(Protocol):
    """A chat's stored overrides (storage.models.ChatSettings): None means "not overridden"."""

    timezone: str | None
    quiet_start: str | None
    quiet_end: str | None
    nudge_time: str | None
    closure_time: str | None
    days_before: list[int] | None
    auto_confirm: bool | None
    admin_user_ids: list[int] | None
    review: bool | None
    default_limit_days: int | None
    warning_days: int | None
    stagnation_days: int | None
    ladder_days: list[int] | None
    bulletin: bool | None
    bulletin_weekday: int | None
    bulletin_time: str | None


@dataclass(frozen=True)
class PolicyConfig:
    tz: ZoneInfo = ZoneInfo(DEFAULT_TIMEZONE)
    days_before: tuple[int, ...] = (3, 1)
    nudge_time: time = time(9, 0)  # before-due and overdue nudges
    closure_time: time = time(16, 0)  # 是否已办结 on the due day
    # The escalation ladder, in overdue working days: (1) overdue reminders begin, mentioning the
    # owner's bound users in the group; (3) the admins are told (privately where they started the
    # bot, else mentioned in the group); (7) the item is named in the next 通报.
    ladder_days: tuple[int, int, int] = (1, 3, 7)
    report_lead_days: int = 3  # 每月10日前: prompt this many days before the 10th
    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)
    before_on_workdays: bool = True  # a before-nudge on a rest day moves to the working day before
    auto_confirm: bool = False  # a speech's items are confirmed as they arrive
    admin_user_ids: tuple[int, ...] = ()  # told on escalation, may confirm and close
    # 办结审核: an owner's 已办结 waits for an admin's 通过 / 退回重办. None: on in groups, off in
    # private chats (`review_in`).
    review: bool | None = None
    default_limit_days: int = 15  # offered for a vague limit (尽快, 抓紧, 适时)
    warning_days: int = 3  # 🔵 due within this many calendar days (0: off)
    stagnation_days: int = 10  # 🟡 a long item without progress this many days (0: off)
    bulletin: bool = True  # the weekly 通报 to each chat with items
    bulletin_weekday: int = 0  # Monday
    bulletin_time: time = time(9, 0)

    @property
    def overdue_time(self) -> time:
        return self.nudge_time

    def review_in(self, chat_id: int) -> bool:
        """Is 办结审核 on in this chat? Telegram's group ids are negative, private chats positive."""
        return self.review if self.review is not None else chat_id < 0

    @property
    def has_quiet_hours(self) -> bool:
        return self.quiet_start != self.quiet_end

    def with_overrides(self, row: Overrides | None) -> PolicyConfig:
        """This config with a chat's stored overrides laid over it."""
        if row is None:
            return self
        changes: dict[str, object] = {}
        if row.timezone is not None:
            changes["tz"] = ZoneInfo(row.timezone)
        for name in ("quiet_start", "quiet_end", "nudge_time", "closure_time"):
            value = getattr(row, name)
            if value is not None:
                changes[name] = parse_clock(value)
        if row.days_before is not None:
            changes["days_before"] = tuple(sorted({int(d) for d in row.days_before if int(d) > 0}, reverse=True))
        if row.auto_confirm is not None:
            changes["auto_confirm"] = bool(row.auto_confirm)
        if row.admin_user_ids is not None:
            changes["admin_user_ids"] = tuple(int(i) for i in row.admin_user_ids)
        if row.review is not None:
            changes["review"] = bool(row.review)
        if row.default_limit_days is not None:
            changes["default_limit_days"] = int(row.default_limit_days)
        for name in ("warning_days", "stagnation_days", "bulletin_weekday"):
            value = getattr(row, name)
            if value is not None:
                changes[name] = int(value)
        if row.ladder_days is not None and len(row.ladder_days) == 3:
            changes["ladder_days"] = tuple(int(d) for d in row.ladder_days)
        if row.bulletin is not None:
            changes["bulletin"] = bool(row.bulletin)
        if row.bulletin_time is not None:
            changes["bulletin_time"] = parse_clock(row.bulletin_time)
        return replace(self, **changes) if changes else self  # type: ignore[arg-type]

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)

    def week_bounds(self, now: datetime) -> tuple[datetime, datetime]:
        """本周: from this Monday 00:00 to next Monday 00:00, local time."""
        local = self.local(now)
        monday = datetime.combine(local.date() - timedelta(days=local.weekday()), time(0, 0), self.tz)
        return monday, monday + timedelta(days=7)
