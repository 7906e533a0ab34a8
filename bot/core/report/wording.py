"""How a ledger row's fields read in Chinese, shared by the 通报, the .ics feed and the xlsx 台账."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot import messages
from bot.core import render
from bot.core.report.grade import days_overdue
from bot.core.report.model import Grade, LedgerRow, Stage
from bot.core.timebox_text import every_text


def owner_key(owner: str | None) -> tuple[int, bytes]:
    """Name order for owners (音序): GB2312 lists its common characters by pinyin, so its byte order
    is the usual order of a Chinese list of units. An item without an owner comes last."""
    if owner is None:
        return (1, b"")
    return (0, owner.encode("gb18030"))


def owner_text(owner: str | None) -> str:
    return render.owner_text(owner)


def ref(row: LedgerRow) -> str:
    return render.ref(row.number)


def day_text(moment: date) -> str:
    """11月23日"""
    return messages.REPORT_DAY.format(month=moment.month, day=moment.day)


def date_text(moment: date) -> str:
    """2026年11月23日"""
    return messages.REPORT_DATE.format(year=moment.year, month=moment.month, day=moment.day)


def when_text(moment: datetime | None, tz: ZoneInfo) -> str:
    """2026-11-26, or 2026-11-26 15:00 when the time of day matters."""
    return render.when_text(moment, tz)


def recurrence_text(row: LedgerRow) -> str:
    return every_text(row.every) if row.every else row.limit_text


def due_text(row: LedgerRow, tz: ZoneInfo) -> str:
    """The date the item is judged on, else its limit in words (每月10日前, 办结后1天内)."""
    if row.every is not None:
        text = every_text(row.every)
        return f"{text}，{messages.LEDGER_DUE_PERIOD.format(date=when_text(row.due, tz))}" if row.due else text
    if row.approved_due is not None:
        return messages.DUE_EXTENDED.format(date=when_text(row.approved_due, tz))
    if row.due is not None:
        return when_text(row.due, tz)
    return row.limit_text or messages.NO_DUE


def status_text(row: LedgerRow, now: datetime) -> str:
    """办理中, 已逾期3天, 临期（还有2天）, 滞后（12天无进展）, 待审核, 已办结 …"""
    if row.stage != Stage.OPEN:
        return messages.STAGE_TEXT[row.stage]
    if row.grade == Grade.OVERDUE:
        return messages.STATUS_OVERDUE_DAYS.format(days=days_overdue(row.due, now))
    if row.grade == Grade.BEHIND:
        if row.missed_reports:
            return messages.REPORT_STATUS_MISSED.format(missed=row.missed_reports)
        last = max(filter(None, (row.assigned_at, row.progress_at)), default=None)
        days = (now.date() - last.astimezone(now.tzinfo).date()).days if last else 0
        return messages.STATUS_STAGNANT.format(days=days)
    if row.grade == Grade.DUE_SOON and row.due is not None:
        days = (row.due.astimezone(now.tzinfo).date() - now.date()).days
        return messages.STATUS_DUE_TODAY if days <= 0 else messages.STATUS_DUE_SOON.format(days=days)
    return messages.STAGE_TEXT[row.stage]


def marked_status(row: LedgerRow, now: datetime) -> str:
    """The status with its colour's mark: 🔴 已逾期3天."""
    mark = messages.GRADE_MARK[row.grade]
    return f"{mark} {status_text(row, now)}" if mark else status_text(row, now)
