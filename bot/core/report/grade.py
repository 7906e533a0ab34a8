"""An item's colour (issue 11 §1), from its dates and stage alone: pure, `now` passed in.

- ✅ done: done or closed.
- ⏳ waiting: counted from an event that has not happened (待触发).
- 🔴 overdue: open and past its deadline (an approved extension's date, else the original).
- 🟡 behind: a recurring item with a period's report missed; or a long item (no deadline, or more
  than the stagnation window between its assignment and its deadline) with no progress report
  (nor assignment) within the stagnation window; never a follow-up whose clock has not started
  (办结后1天内… while its predecessor is not done: nothing is asked of its owner yet).
- 🔵 due soon: its deadline's day is at most the warning window's days away.
- otherwise no colour (open).

A recurring item is never 🔴 by a period's date: a period that passes without a report is a
missed report (🟡). An item awaiting review (待审核) is judged when the owner said it was done:
🔴 if that was after the deadline, else no colour — the office's review time is not the unit's delay.
Days are calendar days in `now`'s time zone (pass `now` in the office's time zone).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from bot.core.report.model import FINISHED, Grade, LedgerRow, Stage, Windows
from extraction.model import Kind


def _day(moment: datetime, now: datetime) -> date:
    return moment.astimezone(now.tzinfo).date()


def days_overdue(due: datetime | None, now: datetime) -> int:
    """Calendar days since the deadline's day (0 before it, and on the day itself)."""
    if due is None or due >= now:
        return 0
    return max((now.date() - _day(due, now)).days, 0)


def grade(*, stage: Stage, now: datetime, due: datetime | None, assigned_at: datetime | None = None,
          last_progress_at: datetime | None = None, done_at: datetime | None = None, recurring: bool = False,
          missed_reports: int = 0, windows: Windows = Windows(), started: bool = True) -> Grade:
    """The colour of one item at `now` (see the module's docstring for the rules)."""
    if stage in FINISHED:
        return Grade.DONE
    if stage == Stage.WAITING:
        return Grade.WAITING
    if stage == Stage.REVIEW:
        claimed = done_at or now
        return Grade.OVERDUE if due is not None and claimed > due else Grade.OPEN
    if stage != Stage.OPEN:  # cancelled: nothing to flag
        return Grade.OPEN
    if recurring:
        if missed_reports > 0:
            return Grade.BEHIND
    elif due is not None and due < now:
        return Grade.OVERDUE
    elif started and _stagnant(now, due, assigned_at, last_progress_at, windows.stagnation_days):
        return Grade.BEHIND
    if (due is not None and due >= now and windows.warning_days > 0
            and (_day(due, now) - now.date()).days <= windows.warning_days):
        return Grade.DUE_SOON
    return Grade.OPEN


def _stagnant(now: datetime, due: datetime | None, assigned_at: datetime | None,
              last_progress_at: datetime | None, days: int) -> bool:
    if days <= 0 or assigned_at is None:
        return False
    long_item = due is None or (_day(due, now) - _day(assigned_at, now)).days > days
    last = max(assigned_at, last_progress_at) if last_progress_at else assigned_at
    return long_item and (now.date() - _day(last, now)).days >= days


def grade_row(row: LedgerRow, now: datetime, windows: Windows = Windows()) -> Grade:
    """The colour of a ledger row at `now`, from its own fields (its `grade` is ignored)."""
    return grade(stage=row.stage, now=now, due=row.due, assigned_at=row.assigned_at,
                 last_progress_at=row.progress_at, done_at=row.done_at, recurring=row.kind == Kind.RECURRING,
                 missed_reports=row.missed_reports, windows=windows, started=row.started)


def regraded(rows: Iterable[LedgerRow], now: datetime, windows: Windows = Windows()) -> list[LedgerRow]:
    """The rows with their `grade` worked out at `now`."""
    return [replace(row, grade=grade_row(row, now, windows)) for row in rows]
