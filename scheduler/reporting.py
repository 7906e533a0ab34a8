"""A recurring item's reporting periods as the office's views count them: the next period's due
day and how many periods in a row, up to the last finished one, passed without a report.
Derived from the stored reports, never stored; pure (the caller passes the report times)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from extraction.model import Every
from scheduler import policy
from scheduler.config import PolicyConfig


@dataclass(frozen=True)
class PeriodState:
    upcoming: date | None  # the due day of the period now running (or the next one)
    missed: int  # finished periods in a row, up to the last one, without a report


def period_state(every: Every, reference: date, started_at: datetime, reported: Iterable[datetime],
                 now: datetime, config: PolicyConfig) -> PeriodState:
    """The state at `now` of a recurrence counted from `reference`, running since `started_at`.
    A period is reported when a report came within it (from its start to the end of its due day)."""
    today = now.astimezone(config.tz).date()
    found = list(policy.periods(every, reference, started_at, today, config))
    if not found:
        return PeriodState(None, 0)
    upcoming = found[-1].due if found[-1].due >= today else None
    times = sorted(reported)
    missed = 0
    for period in reversed([p for p in found if p.due < today]):
        closes = datetime.combine(period.due + timedelta(days=1), time(0, 0), config.tz)
        if any(period.start <= at < closes for at in times):
            break
        missed += 1
    return PeriodState(upcoming, missed)
