"""The 通报 as text (issue 11 §3): what was assigned and done in the period, what is overdue by owner,
what awaits review or an event, which recurring reports were missed, and the ladder's day-7 items.

Every number is counted from the `ReportData` it prints, so the text cannot disagree with its lists.
Owners are in name order (音序) and items by number: a 通报 names what is late, it never ranks.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from zoneinfo import ZoneInfo

from bot import messages
from bot.core import render
from bot.core.report.grade import days_overdue
from bot.core.report.model import FINISHED, LedgerRow, ReportData, Stage
from bot.core.report.wording import (
    date_text,
    day_text,
    due_text,
    owner_key,
    owner_text,
    recurrence_text,
    ref,
)

TASK_CHARS = 40  # a task is cut to this many characters in a 通报 line


@dataclass(frozen=True)
class Section:
    """One numbered part of the 通报: its title (with its counts) and its lines."""

    title: str
    lines: tuple[str, ...]
    # lines that head a group (an owner, 待审核：): the Word document sets them apart
    headings: frozenset[str] = frozenset()


def _tz(data: ReportData) -> ZoneInfo:
    tz = data.generated_at.tzinfo
    return tz if isinstance(tz, ZoneInfo) else render.DEFAULT_TZ


def _task(row: LedgerRow) -> str:
    return render.short(row.task, TASK_CHARS)


def _item(row: LedgerRow, tz: ZoneInfo) -> str:
    return messages.REPORT_ITEM.format(ref=ref(row), owner=owner_text(row.owner), task=_task(row),
                                       due=due_text(row, tz))


def _done_late(row: LedgerRow, tz: ZoneInfo) -> str:
    done = day_text(row.done_at.astimezone(tz)) if row.done_at else ""
    return messages.REPORT_ITEM_LATE.format(ref=ref(row), owner=owner_text(row.owner), task=_task(row),
                                            due=due_text(row, tz), done=done)


def headline(data: ReportData) -> str:
    """The first lines: the title and the state of every item at the time of drawing."""
    rows = data.rows
    now = data.generated_at
    when = f"{date_text(now)} {now:%H:%M}"
    return "\n".join((
        messages.REPORT_HEAD.format(period=data.period.label),
        messages.REPORT_AS_OF.format(
            when=when, total=len(rows), open=sum(row.stage == Stage.OPEN for row in rows),
            overdue=len(data.overdue), review=len(data.review), waiting=len(data.waiting),
            done=sum(row.stage in FINISHED for row in rows)),
    ))


def sections(data: ReportData) -> list[Section]:
    """The 通报's numbered parts, in order; the ladder's part only when it names an item."""
    tz = _tz(data)
    now = data.generated_at
    parts: list[tuple[str, list[str], set[str]]] = []

    parts.append((messages.REPORT_SECTION_NEW.format(count=len(data.new)), [_item(r, tz) for r in data.new], set()))

    done_lines: list[str] = []
    done_heads: set[str] = set()
    if data.done_on_time:
        done_heads.add(messages.REPORT_ON_TIME_LABEL)
        done_lines += [messages.REPORT_ON_TIME_LABEL] + [_item(r, tz) for r in data.done_on_time]
    if data.done_late:
        done_heads.add(messages.REPORT_LATE_LABEL)
        done_lines += [messages.REPORT_LATE_LABEL] + [_done_late(r, tz) for r in data.done_late]
    parts.append((messages.REPORT_SECTION_DONE.format(
        count=len(data.done_on_time) + len(data.done_late), on_time=len(data.done_on_time),
        late=len(data.done_late)), done_lines, done_heads))

    overdue_lines: list[str] = []
    overdue_heads: set[str] = set()
    by_owner = sorted(data.overdue, key=lambda row: (owner_key(row.owner), row.number))
    for owner, group in groupby(by_owner, key=lambda row: row.owner):
        items = list(group)
        head = messages.REPORT_OWNER_OVERDUE.format(
            owner=owner_text(owner), count=len(items),
            refs=messages.REPORT_REF_SEPARATOR.join(ref(row) for row in items))
        overdue_heads.add(head)
        overdue_lines.append(head)
        overdue_lines += [messages.REPORT_ITEM_OVERDUE.format(ref=ref(row), task=_task(row), due=due_text(row, tz),
                                                              days=days_overdue(row.due, now)) for row in items]
    parts.append((messages.REPORT_SECTION_OVERDUE.format(count=len(data.overdue)), overdue_lines, overdue_heads))

    pending_lines: list[str] = []
    pending_heads: set[str] = set()
    if data.review:
        pending_heads.add(messages.REPORT_REVIEW_LABEL)
        pending_lines.append(messages.REPORT_REVIEW_LABEL)
        pending_lines += [messages.REPORT_ITEM_REVIEW.format(
            ref=ref(row), owner=owner_text(row.owner), task=_task(row),
            done=day_text(row.done_at.astimezone(tz)) if row.done_at else "") for row in data.review]
    if data.waiting:
        pending_heads.add(messages.REPORT_WAITING_LABEL)
        pending_lines.append(messages.REPORT_WAITING_LABEL)
        pending_lines += [messages.REPORT_ITEM_WAITING.format(
            ref=ref(row), owner=owner_text(row.owner), task=_task(row), limit=due_text(row, tz))
            for row in data.waiting]
    parts.append((messages.REPORT_SECTION_PENDING.format(review=len(data.review), waiting=len(data.waiting)),
                  pending_lines, pending_heads))

    parts.append((messages.REPORT_SECTION_MISSED.format(count=len(data.missed)), [
        messages.REPORT_ITEM_MISSED.format(ref=ref(row), owner=owner_text(row.owner), task=_task(row),
                                           recurrence=recurrence_text(row), missed=row.missed_reports)
        for row in data.missed], set()))

    if data.escalated:
        parts.append((messages.REPORT_SECTION_ESCALATED.format(count=len(data.escalated)), [
            messages.REPORT_ITEM_ESCALATED.format(ref=ref(row), owner=owner_text(row.owner), task=_task(row),
                                                  due=due_text(row, tz), days=days_overdue(row.due, now))
            for row in data.escalated], set()))

    numerals = messages.REPORT_NUMERALS
    return [Section(messages.REPORT_SECTION.format(numeral=numerals[index], title=title), tuple(lines),
                    frozenset(heads))
            for index, (title, lines, heads) in enumerate(parts)]


def bulletin_text(data: ReportData) -> str:
    """The 通报 as one plain text (the adapters split it if it is too long for one message)."""
    blocks = [headline(data)]
    for section in sections(data):
        blocks.append("\n".join((section.title, *(section.lines or (messages.REPORT_NONE,)))))
    return "\n\n".join(blocks)
