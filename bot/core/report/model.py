"""What the office's views are drawn from: plain, frozen values the integration maps ledger rows into.

Nothing here reads the database, the clock or the settings. Datetimes are timezone-aware; the
renderers show them in the office's time zone (`tz` arguments, `ReportData.generated_at`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from extraction.model import Every, Kind


class Grade(StrEnum):
    """An item's colour (issue 11 §1). Marks and names are in `bot.messages.GRADE_MARK` / `GRADE_NAME`."""

    OVERDUE = "overdue"  # 🔴 past its deadline
    BEHIND = "behind"  # 🟡 a long item without progress, or a recurring report missed
    DUE_SOON = "due_soon"  # 🔵 due within the chat's warning window
    DONE = "done"  # ✅ done or closed
    WAITING = "waiting"  # ⏳ waiting for its event (待触发)
    OPEN = "open"  # no colour: open and on track (and anything else with nothing to flag)


# `/list` and the 通报 sort 🔴 → 🟡 → 🔵 → the rest.
GRADE_ORDER: tuple[Grade, ...] = (Grade.OVERDUE, Grade.BEHIND, Grade.DUE_SOON, Grade.OPEN, Grade.WAITING,
                                  Grade.DONE)


class Stage(StrEnum):
    """Where an item is in the 督办 cycle, as the views need it (the integration maps storage's status)."""

    OPEN = "open"  # 办理中 (also after 退回重办)
    WAITING = "waiting"  # 待触发: counted from an event that has not happened yet
    REVIEW = "review"  # 待审核: the owner said 已办结, an admin has not approved yet
    DONE = "done"  # 已办结
    CLOSED = "closed"  # 已销号
    CANCELLED = "cancelled"  # 已撤销 (after confirmation)


FINISHED = frozenset({Stage.DONE, Stage.CLOSED})


@dataclass(frozen=True)
class Windows:
    """A chat's warning and stagnation windows, in calendar days (0 turns that grade off)."""

    warning_days: int = 3
    stagnation_days: int = 10


@dataclass(frozen=True)
class LedgerRow:
    """One confirmed item as every view shows it."""

    number: int  # the item's number in its chat (#N)
    task: str  # 工作任务 (the action)
    owner: str | None  # the lead 责任单位
    stage: Stage
    grade: Grade  # from `grade.grade_row` (or `grade.grade`) at the time the view is drawn
    kind: Kind = Kind.DEADLINE
    co_owners: tuple[str, ...] = ()
    source_title: str = ""  # the speech's title (its first line)
    source_date: date | None = None  # when the speech was given or received
    assigned_at: datetime | None = None  # 交办: when the item was confirmed (its clock's start)
    original_due: datetime | None = None  # the deadline as set (a recurring item's current period)
    approved_due: datetime | None = None  # an approved extension's date (延期)
    every: Every | None = None  # a recurring item's recurrence
    limit_text: str = ""  # the 时限 in words when there is no date (办结后1天内, 收到通知后5日内)
    progress_text: str = ""  # the latest progress report (进展)
    progress_at: datetime | None = None
    done_at: datetime | None = None  # when the owner reported it done (for REVIEW: the claim)
    closed_at: datetime | None = None  # 销号
    missed_reports: int = 0  # periods of a recurring item that passed without a report
    quote: str = ""  # the words of the speech it came from
    started: bool = True  # its clock runs; False: a follow-up waiting for its predecessor's 办结

    @property
    def due(self) -> datetime | None:
        """The date the item is judged on: the approved extension's, else the original."""
        return self.approved_due or self.original_due

    @property
    def on_time(self) -> bool | None:
        """Done by its deadline? None while not done, or when it had no deadline."""
        if self.done_at is None or self.due is None:
            return None
        return self.done_at <= self.due


@dataclass(frozen=True)
class Period:
    """The span a 通报 covers: [start, end); `start` None means from the beginning (全部)."""

    label: str  # 本周（11月23日—11月29日）, shown in the title
    start: datetime | None
    end: datetime

    def holds(self, moment: datetime | None) -> bool:
        return moment is not None and (self.start is None or moment >= self.start) and moment < self.end


@dataclass(frozen=True)
class OwnerTally:
    """One owner's bar in the chart: items done in the period (on time / late) and open now."""

    owner: str | None
    done_on_time: int = 0
    done_late: int = 0
    open: int = 0  # open and not overdue (also waiting for an event, or awaiting review)
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.open + self.overdue


@dataclass(frozen=True)
class ReportData:
    """Everything a 通报 says, already sorted (owners by name, items by number)."""

    period: Period
    generated_at: datetime  # in the office's time zone; every date in the 通报 is shown in it
    rows: tuple[LedgerRow, ...]  # every confirmed item the counts below were taken from
    new: tuple[LedgerRow, ...] = ()  # assigned within the period
    done_on_time: tuple[LedgerRow, ...] = ()  # done (or closed) within the period, by its deadline
    done_late: tuple[LedgerRow, ...] = ()
    overdue: tuple[LedgerRow, ...] = ()  # open and past the deadline now, grouped by owner when shown
    review: tuple[LedgerRow, ...] = ()  # 待审核
    waiting: tuple[LedgerRow, ...] = ()  # 待触发
    missed: tuple[LedgerRow, ...] = ()  # recurring items with reports missed
    escalated: tuple[LedgerRow, ...] = ()  # the ladder's day-7 step: named in this 通报
    tallies: tuple[OwnerTally, ...] = field(default=())  # the chart's bars, owners in name order
