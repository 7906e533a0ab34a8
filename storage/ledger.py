"""Read-only ledger queries (台账). The ledger is a query, not a table; overdue is derived."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from storage.models import (
    CANCELLED,
    MERGED,
    OPEN,
    PENDING,
    REVIEW,
    Nudge,
    Obligation,
    ObligationChange,
    ProgressReport,
    Speech,
)


def list_open(session: Session, chat_id: int, *, owner: str | None = None) -> list[Obligation]:
    """Open items of a chat (and those awaiting review), soonest due first (items without a due
    date last)."""
    query = select(Obligation).where(col(Obligation.chat_id) == chat_id, col(Obligation.status).in_([OPEN, REVIEW]))
    if owner is not None:
        query = query.where(col(Obligation.owner) == owner)
    query = query.order_by(col(Obligation.due_at).is_(None), col(Obligation.due_at), col(Obligation.number))
    return list(session.exec(query))


def count_pending(session: Session, chat_id: int) -> int:
    """Items of a chat read from a speech and still waiting for confirmation (not in the ledger yet)."""
    query = select(func.count()).select_from(Obligation).where(col(Obligation.chat_id) == chat_id,
                                                               col(Obligation.status) == PENDING)
    return int(session.exec(query).one())


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


@dataclass(frozen=True)
class LedgerEntry:
    """One confirmed item with what every view of it needs: its speech and its progress reports."""

    obligation: Obligation
    speech: Speech | None
    reports: tuple[ProgressReport, ...]  # oldest first


def list_ledger(session: Session, chat_id: int, *, numbers: list[int] | None = None) -> list[LedgerEntry]:
    """The chat's confirmed items (pending, merged and never-confirmed ones left out), by number,
    each with its speech and reports: three queries, whatever the number of items."""
    confirmed = or_(col(Obligation.status) != CANCELLED, col(Obligation.confirmed_at).is_not(None))
    query = select(Obligation).where(col(Obligation.chat_id) == chat_id,
                                     col(Obligation.status).not_in([PENDING, MERGED]), confirmed)
    if numbers is not None:
        query = query.where(col(Obligation.number).in_(numbers))
    rows = list(session.exec(query.order_by(col(Obligation.number), col(Obligation.id))))
    speech_ids = sorted({row.speech_id for row in rows})
    speeches = {s.id: s for s in session.exec(select(Speech).where(col(Speech.id).in_(speech_ids)))} if rows else {}
    reports: dict[int, list[ProgressReport]] = {row.id: [] for row in rows}
    if rows:
        found = select(ProgressReport).where(col(ProgressReport.obligation_id).in_(list(reports)))
        for report in session.exec(found.order_by(col(ProgressReport.reported_at), col(ProgressReport.id))):
            reports[report.obligation_id].append(report)
    return [LedgerEntry(row, speeches.get(row.speech_id), tuple(reports[row.id])) for row in rows]


def sent_step_numbers(session: Session, chat_id: int, purpose: str, before: datetime) -> list[int]:
    """Numbers of the chat's open items with a slot of `purpose` sent before `before` (e.g. the
    escalation ladder's last step: named in the 通报)."""
    query = (select(col(Obligation.number)).join(Nudge, col(Nudge.obligation_id) == col(Obligation.id))
             .where(col(Obligation.chat_id) == chat_id, col(Obligation.status) == OPEN,
                    col(Nudge.purpose) == purpose, col(Nudge.sent_at).is_not(None), col(Nudge.sent_at) <= before)
             .distinct())
    return sorted(session.exec(query))
