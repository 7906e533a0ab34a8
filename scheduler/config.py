"""How a chat's items are handled: one typed config owns every default and its parsing.

`PolicyConfig()` holds the built-in defaults; the deployment's settings (DUBAN_TIMEZONE,
DUBAN_QUIET_HOURS, DUBAN_NUDGE_TIME, DUBAN_REMINDER_OFFSETS_DAYS) replace them once at start
(`bot.settings.Settings.policy()`); a chat's stored overrides (`storage.models.ChatSettings`,
NULL = not overridden) are laid over that with `with_overrides`. Clock strings, quiet hours,
reminder offsets and "this week" are parsed and computed here and nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_TIMEZONE = "Asia/Shanghai"
_CLOCK = re.compile(r"^\s*(\d{1,2})[:：](\d{2})\s*$")
_DASHES = str.maketrans({"－": "-", "—": "-", "–": "-", "~": "-", "～": "-", "至": "-"})
NO_QUIET_HOURS = ("", "none", "off", "无", "关")


def parse_clock(text: str) -> time:
    """"9:00" / "09:00" / "9：00" → time(9, 0); ValueError for anything else."""
    match = _CLOCK.match(text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError("expected a clock time HH:MM")
    return time(int(match.group(1)), int(match.group(2)))


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


@dataclass(frozen=True)
class PolicyConfig:
    tz: ZoneInfo = ZoneInfo(DEFAULT_TIMEZONE)
    days_before: tuple[int, ...] = (3, 1)
    nudge_time: time = time(9, 0)  # before-due and overdue nudges
    closure_time: time = time(16, 0)  # 是否已办结 on the due day
    escalate_after_workdays: int = 1  # escalate on this overdue working day …
    escalate_every_workdays: int = 5  # … and every this many after it (0: once)
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
        return replace(self, **changes) if changes else self  # type: ignore[arg-type]

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)

    def week_bounds(self, now: datetime) -> tuple[datetime, datetime]:
        """本周: from this Monday 00:00 to next Monday 00:00, local time."""
        local = self.local(now)
        monday = datetime.combine(local.date() - timedelta(days=local.weekday()), time(0, 0), self.tz)
        return monday, monday + timedelta(days=7)
