"""Read-only ledger queries (台账). The ledger is a query, not a table; overdue is derived."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from storage.models import OPEN, REVIEW, Nudge, Obligation, ObligationChange, ProgressReport


def list_open(session: Session, chat_id: int, *, owner: str | None = None) -> list[Obligation]:
    """Open items of a chat (and those awaiting review), soonest due first (items without a due
    date last)."""
    query = select(Obligation).where(col(Obligation.chat_id) == chat_id, col(Obligation.status).in_([OPEN, REVIEW]))
    if owner is not None:
        query = query.where(col(Obligation.owner) == owner)
    query = query.order_by(col(Obligation.due_at).is_(None), col(Obligation.due_at), col(Obligation.number))
    return list(session.exec(query))


def list_overdue(session: Session, chat_id: int, now: datetime, *, owner: str | None = None) -> list[Obligation]:
    """Open items whose due time has passed."""
    query = select(Obligation).where(
        col(Obligation.chat_id) == chat_id, col(Obligation.status) == OPEN, col(Obligation.due_at).is_not(None),
        col(Obligation.due_at) < now,
    )
    if owner is not None:
        query = query.where(col(Obligation.owner) == owner)
    return list(session.exec(query.order_by(col(Obligation.due_at), col(Obligation.id))))


def list_due_between(session: Session, chat_id: int, start: datetime, end: datetime) -> list[Obligation]:
    """Open items due in [start, end), e.g. this week."""
    query = select(Obligation).where(
        col(Obligation.chat_id) == chat_id, col(Obligation.status) == OPEN, col(Obligation.due_at) >= start,
        col(Obligation.due_at) < end,
    )
    return list(session.exec(query.order_by(col(Obligation.due_at), col(Obligation.id))))


def is_overdue(row: Obligation, now: datetime) -> bool:
    return row.status == OPEN and row.due_at is not None and row.due_at < now


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    what: str  # a change (imported/confirmed/done/…), "progress" or "nudge:<purpose>"
    actor: int | None
    detail: dict[str, Any] | None


def list_history(session: Session, obligation_id: int) -> list[HistoryEntry]:
    """Everything that happened to an item, oldest first: changes, progress reports, sent nudges."""
    entries = [
        HistoryEntry(c.at, c.change, c.actor, c.detail)
        for c in session.exec(select(ObligationChange).where(col(ObligationChange.obligation_id) == obligation_id))
    ]
    entries += [
        HistoryEntry(p.reported_at, "progress", p.user_id, {"text": p.text})
        for p in session.exec(select(ProgressReport).where(col(ProgressReport.obligation_id) == obligation_id))
    ]
    sent = select(Nudge).where(col(Nudge.obligation_id) == obligation_id, col(Nudge.sent_at).is_not(None),
                               or_(col(Nudge.covered_by).is_(None), col(Nudge.covered_by) == col(Nudge.id)))
    entries += [
        HistoryEntry(n.sent_at, f"nudge:{n.purpose}", None, {"slot": n.slot, "message_id": n.message_id})
        for n in session.exec(sent) if n.sent_at is not None
    ]
    return sorted(entries, key=lambda e: e.at)


def latest_activity(session: Session) -> datetime | None:
    """The latest time anything was recorded (changes, progress, sent nudges), e.g. so a console's
    clock never restarts behind the ledger."""
    times = [session.exec(select(func.max(col(ObligationChange.at)))).first(),
             session.exec(select(func.max(col(ProgressReport.reported_at)))).first(),
             session.exec(select(func.max(col(Nudge.sent_at)))).first()]
    found = [t for t in times if t is not None]
    return max(found) if found else None
