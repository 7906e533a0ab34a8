"""Holding an item's escalation back while it is snoozed (稍后提醒 is not ignoring): its unsent
ladder slots planned within the snooze move to the snooze's end, keeping their keys (so each
is still sent once)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col

from storage.models import Nudge


def hold_slots(session: Session, obligation_id: int, purposes: Sequence[str], *, start: datetime,
               until: datetime) -> int:
    """Move the item's unsent slots of `purposes` planned in [start, until) to `until`. Returns how many."""
    result = session.execute(
        update(Nudge).where(col(Nudge.obligation_id) == obligation_id, col(Nudge.purpose).in_(list(purposes)),
                            col(Nudge.sent_at).is_(None), col(Nudge.dropped_at).is_(None),
                            col(Nudge.planned_at) >= start, col(Nudge.planned_at) < until)
        .values(planned_at=until, lease_until=None)
        .execution_options(synchronize_session=False))
    return int(result.rowcount)  # type: ignore[attr-defined]
