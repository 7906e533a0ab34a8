"""A 通报's content from the ledger's rows: which items are new, done, overdue, waiting … in a period.

The rows' grades must be worked out at `now` (`grade.regraded`). Owners are in name order (音序),
items by number: a 通报 lists, it never ranks (the 2024 rules against formalism forbid rankings).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.core.report.model import FINISHED, Grade, LedgerRow, OwnerTally, Period, ReportData, Stage
from bot.core.report.wording import owner_key


def _sorted(rows: Iterable[LedgerRow]) -> tuple[LedgerRow, ...]:
    return tuple(sorted(rows, key=lambda row: row.number))


def is_overdue(row: LedgerRow) -> bool:
    """Open and past its deadline (an item awaiting review is listed as such, not as overdue)."""
    return row.stage == Stage.OPEN and row.grade == Grade.OVERDUE


def tally(rows: Iterable[LedgerRow], period: Period) -> tuple[OwnerTally, ...]:
    """Per lead owner, in name order: done in the period on time / late, and still open or overdue now.
    Owners with nothing to count are left out."""
    counts: dict[str | None, list[int]] = {}
    for row in rows:
        if row.stage in FINISHED:
            if not period.holds(row.done_at or row.closed_at):
                continue
            slot = 1 if row.on_time is False else 0
        elif row.stage == Stage.CANCELLED:
            continue
        else:
            slot = 3 if is_overdue(row) else 2
        counts.setdefault(row.owner, [0, 0, 0, 0])[slot] += 1
    return tuple(OwnerTally(owner, *counts[owner]) for owner in sorted(counts, key=owner_key))


def summarise(rows: Iterable[LedgerRow], period: Period, now: datetime,
              escalated: Iterable[int] = ()) -> ReportData:
    """The 通报 for `period`, drawn at `now` (in the office's time zone). `escalated` are the numbers of
    the items the escalation ladder puts into this 通报 (its day-7 step)."""
    live = _sorted(row for row in rows if row.stage != Stage.CANCELLED)
    done = [row for row in live if row.stage in FINISHED and period.holds(row.done_at or row.closed_at)]
    wanted = set(escalated)
    return ReportData(
        period=period,
        generated_at=now,
        rows=live,
        new=_sorted(row for row in live if period.holds(row.assigned_at)),
        done_on_time=_sorted(row for row in done if row.on_time is not False),
        done_late=_sorted(row for row in done if row.on_time is False),
        overdue=tuple(sorted((row for row in live if is_overdue(row)),
                             key=lambda row: (owner_key(row.owner), row.number))),
        review=_sorted(row for row in live if row.stage == Stage.REVIEW),
        waiting=_sorted(row for row in live if row.stage == Stage.WAITING),
        missed=_sorted(row for row in live if row.stage == Stage.OPEN and row.missed_reports > 0),
        escalated=_sorted(row for row in live if row.number in wanted),
        tallies=tally(live, period),
    )
