"""The office's documents: the 通报 (`/report [本周|本月|全部|上周] [docx]` and the weekly one the
scheduler publishes), the calendar feed (`/ics [责任单位]`) and the 台账 workbook's rows — all
drawn from `bot.core.ledger_rows`, rendered by `bot.core.report`."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot import messages
from bot.core.ledger import no_such_owner
from bot.core.ledger_rows import ledger_rows
from bot.core.reply import Reply
from bot.core.report.bulletin import bulletin_text
from bot.core.report.bulletin_docx import bulletin_docx
from bot.core.report.calendar import calendar_ics
from bot.core.report.chart import report_chart
from bot.core.report.model import Period, ReportData
from bot.core.report.period import last_week, period_named, this_week
from bot.core.report.summary import summarise
from bot.core.runtime import Runtime
from scheduler import policy, service
from scheduler.config import PolicyConfig
from storage.db import transaction
from storage.ledger import sent_step_numbers

DOCX_WORDS = ("docx", "word", "文档", "文件")
MAX_MESSAGE = 4000  # Telegram's limit is 4096 characters


def report_data(session: Session, chat_id: int, config: PolicyConfig, period: Period, now: datetime) -> ReportData:
    """The 通报 of `period` drawn at `now`: every confirmed item graded, and the items the
    escalation ladder's last step named (open ones whose step was sent by now)."""
    rows = ledger_rows(session, chat_id, config, now)
    escalated = sent_step_numbers(session, chat_id, policy.NOTICE, now)
    return summarise(rows, period, now.astimezone(config.tz), escalated=escalated)


def _day(data: ReportData) -> str:
    return data.generated_at.strftime("%Y%m%d")


def bulletin_reply(data: ReportData, *, docx: bool = False) -> Reply:
    """The 通报 as a message with its chart as a photo, or as a Word document."""
    png = report_chart(data)
    if docx:
        return Reply(messages.REPORT_DOCX_CAPTION.format(period=data.period.label),
                     document=(messages.REPORT_DOCX_FILENAME.format(day=_day(data)), bulletin_docx(data, png)))
    return Reply(bulletin_text(data), photo=(messages.REPORT_CHART_FILENAME.format(day=_day(data)), png),
                 photo_caption=messages.CHART_TITLE.format(period=data.period.label))


def report(rt: Runtime, *, chat_id: int, args: list[str]) -> Reply:
    """/report [本周|本月|全部|上周] [docx]"""
    docx = any(word.lower() in DOCX_WORDS for word in args)
    words = [word for word in args if word.lower() not in DOCX_WORDS]
    now = rt.now()
    with transaction(rt.engine) as session:
        config = service.config_for(session, chat_id, rt.policy)
        period = period_named(words[0] if words else "", now.astimezone(config.tz))
        if period is None or len(words) > 1:
            return Reply(messages.REPORT_USAGE)
        data = report_data(session, chat_id, config, period, now)
    return bulletin_reply(data, docx=docx)


def scheduled(rt: Runtime, chat_id: int) -> Reply:
    """The weekly 通报: on a Monday it covers the week before, on another day the week so far."""
    now = rt.now()
    with transaction(rt.engine) as session:
        config = service.config_for(session, chat_id, rt.policy)
        local = now.astimezone(config.tz)
        period = last_week(local) if local.weekday() == 0 else this_week(local)
        data = report_data(session, chat_id, config, period, now)
    return bulletin_reply(data)


def ics(rt: Runtime, *, chat_id: int, args: list[str]) -> Reply:
    """/ics [责任单位]: open items' deadlines and recurring series as an .ics file."""
    owner = " ".join(args).strip() or None
    now = rt.now()
    with transaction(rt.engine) as session:
        config = service.config_for(session, chat_id, rt.policy)
        rows = ledger_rows(session, chat_id, config, now)
    unknown = no_such_owner(rows, owner) if owner else None
    if unknown is not None:  # not an empty calendar file for a typo
        return Reply(unknown)
    data = calendar_ics(rows, now=now, tz=config.tz, uid_prefix=f"chat-{chat_id}", owner=owner)
    count = data.count(b"BEGIN:VEVENT")
    name = messages.ICS_FILENAME.format(day=now.astimezone(config.tz).strftime("%Y%m%d"))
    caption = (messages.ICS_CAPTION_OWNER.format(owner=owner, count=count) if owner
               else messages.ICS_CAPTION.format(count=count))
    return Reply(caption, document=(name, data))


def split_text(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """A long text in parts of at most `limit` characters, cut between lines (a line longer than
    that is cut where it must)."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                parts.append(current)
                current = ""
            parts.append(line[:limit])
            line = line[limit:]
        if current and len(current) + 1 + len(line) > limit:
            parts.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current or not parts:
        parts.append(current)
    return parts
