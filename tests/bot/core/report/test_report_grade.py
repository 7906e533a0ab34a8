"""grade(): an item's colour from its dates, stage, last progress and the chat's windows (issue 11 §1)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.report.grade import days_overdue, grade, grade_row
from bot.core.report.model import Grade, Stage, Windows
from tests.bot.core.report.rows import EXPECTED_GRADES, NOW, TZ, day, ledger, row

DAY = timedelta(days=1)


@dataclass(frozen=True)
class Case:
    id: str
    expected: Grade
    stage: Stage = Stage.OPEN
    due: datetime | None = None
    assigned_at: datetime | None = None
    last_progress_at: datetime | None = None
    done_at: datetime | None = None
    recurring: bool = False
    missed_reports: int = 0
    windows: Windows = field(default_factory=Windows)
    now: datetime = NOW
    started: bool = True


def ago(days: int) -> datetime:
    return NOW - days * DAY


def end_in(days: int) -> datetime:
    """The end of the day `days` days from NOW (Monday 2026-11-23 09:00)."""
    return day(11, 23) + days * DAY


CASES = [
    Case("done", Grade.DONE, Stage.DONE, due=ago(5), done_at=ago(1)),
    Case("closed", Grade.DONE, Stage.CLOSED, due=ago(5)),
    Case("waiting for its event", Grade.WAITING, Stage.WAITING),
    Case("cancelled has nothing to flag", Grade.OPEN, Stage.CANCELLED, due=ago(3)),
    Case("past the deadline", Grade.OVERDUE, due=ago(1), assigned_at=ago(20)),
    Case("past the deadline by a minute", Grade.OVERDUE, due=NOW - timedelta(minutes=1)),
    Case("deadline later today", Grade.DUE_SOON, due=end_in(0), assigned_at=ago(2)),
    Case("three days away is inside the window", Grade.DUE_SOON, due=end_in(3), assigned_at=ago(1)),
    Case("four days away is outside it", Grade.OPEN, due=end_in(4), assigned_at=ago(1)),
    Case("a wider window of 7 days", Grade.DUE_SOON, due=end_in(6), assigned_at=ago(1),
         windows=Windows(warning_days=7)),
    Case("warning window 0 is off", Grade.OPEN, due=end_in(1), assigned_at=ago(1), windows=Windows(warning_days=0)),
    Case("long item without progress for 10 days", Grade.BEHIND, due=end_in(30), assigned_at=ago(10)),
    Case("long item, 9 days without progress", Grade.OPEN, due=end_in(30), assigned_at=ago(9)),
    Case("long item with recent progress", Grade.OPEN, due=end_in(30), assigned_at=ago(40), last_progress_at=ago(3)),
    Case("long item, last progress 12 days ago", Grade.BEHIND, due=end_in(30), assigned_at=ago(40),
         last_progress_at=ago(12)),
    Case("a shorter stagnation window of 5 days", Grade.BEHIND, due=end_in(30), assigned_at=ago(5),
         windows=Windows(stagnation_days=5)),
    Case("stagnation window 0 is off", Grade.OPEN, due=end_in(30), assigned_at=ago(60),
         windows=Windows(stagnation_days=0)),
    Case("no deadline, stagnating", Grade.BEHIND, due=None, assigned_at=ago(15)),
    Case("no deadline, fresh", Grade.OPEN, due=None, assigned_at=ago(2)),
    Case("a follow-up whose predecessor is not done is not behind", Grade.OPEN, due=None, assigned_at=ago(40),
         started=False),
    Case("no assignment date: stagnation cannot be judged", Grade.OPEN, due=end_in(30)),
    Case("behind outranks due soon", Grade.BEHIND, due=end_in(1), assigned_at=ago(12)),
    Case("overdue outranks behind", Grade.OVERDUE, due=ago(1), assigned_at=ago(40)),
    Case("recurring, a report missed", Grade.BEHIND, due=end_in(20), recurring=True, missed_reports=1,
         assigned_at=ago(60)),
    Case("recurring, period due soon", Grade.DUE_SOON, due=end_in(2), recurring=True, assigned_at=ago(60)),
    Case("recurring, period far off", Grade.OPEN, due=end_in(12), recurring=True, assigned_at=ago(60)),
    Case("recurring is never red by a period's date", Grade.OPEN, due=ago(1), recurring=True, assigned_at=ago(60)),
    Case("review, reported done in time", Grade.OPEN, Stage.REVIEW, due=ago(2), done_at=ago(3)),
    Case("review, reported done late", Grade.OVERDUE, Stage.REVIEW, due=ago(5), done_at=ago(3)),
    Case("review without a date, past due", Grade.OVERDUE, Stage.REVIEW, due=ago(1)),
    Case("the day is the office's: 3 days in Shanghai", Grade.DUE_SOON, due=day(11, 26),
         now=datetime(2026, 11, 23, 4, 0, tzinfo=TZ), assigned_at=ago(1)),
    Case("the same instant read in UTC is 4 days", Grade.OPEN, due=day(11, 26),
         now=datetime(2026, 11, 22, 20, 0, tzinfo=ZoneInfo("UTC")), assigned_at=ago(1)),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_grade(case: Case):
    assert grade(stage=case.stage, now=case.now, due=case.due, assigned_at=case.assigned_at,
                 last_progress_at=case.last_progress_at, done_at=case.done_at, recurring=case.recurring,
                 missed_reports=case.missed_reports, windows=case.windows, started=case.started) == case.expected


def test_case_ids_are_unique():
    assert len({case.id for case in CASES}) == len(CASES)


def test_an_approved_extension_moves_the_date_an_item_is_judged_on():
    late = row(1, "市财政局", "任务", original_due=ago(2), assigned_at=ago(5))
    assert grade_row(late, NOW) == Grade.OVERDUE
    extended = row(1, "市财政局", "任务", original_due=ago(2), approved_due=end_in(10), assigned_at=ago(5))
    assert grade_row(extended, NOW) == Grade.OPEN
    assert grade_row(extended, NOW + 11 * DAY) == Grade.OVERDUE


def test_done_on_time_is_judged_on_the_approved_date_when_there_is_one():
    done = row(1, "市财政局", "任务", Stage.DONE, original_due=ago(5), done_at=ago(2))
    assert done.on_time is False
    assert row(1, "市财政局", "任务", Stage.DONE, original_due=ago(5), approved_due=ago(1), done_at=ago(2)).on_time
    assert row(1, "市财政局", "任务", Stage.OPEN, original_due=ago(5)).on_time is None


def test_the_sample_ledger_has_every_colour():
    grades = {r.number: r.grade for r in ledger()}
    assert grades == EXPECTED_GRADES
    assert set(grades.values()) == set(Grade)


@pytest.mark.parametrize(("due", "expected"), [(ago(0) + DAY, 0), (day(11, 23), 0), (day(11, 22), 1),
                                                (day(11, 10), 13)], ids=["future", "today", "yesterday", "13 days"])
def test_days_overdue_counts_calendar_days(due, expected):
    assert days_overdue(due, NOW) == expected
