"""Obligation lifecycle writes: confirm, done, close (销号), cancel, trigger, with history.

These functions only write what they are told; deadline arithmetic and nudge planning
live in `scheduler` (see `scheduler.service`), which calls them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from extraction.model import Kind
from storage.models import CANCELLED, CLOSED, DONE, OPEN, PENDING, Obligation, ObligationChange
from storage.outbox import drop_unsent


class TransitionError(ValueError):
    """The obligation is not in a state that allows this change."""


def get_obligation(session: Session, obligation_id: int, *, lock: bool = False) -> Obligation:
    query = select(Obligation).where(col(Obligation.id) == obligation_id)
    if lock:
        query = query.with_for_update()
    row = session.exec(query).first()
    if row is None:
        raise LookupError(f"no obligation {obligation_id}")
    return row


def record_change(session: Session, obligation_id: int, change: str, at: datetime, actor: int | None,
                  detail: dict[str, Any] | None = None) -> None:
    session.add(ObligationChange(obligation_id=obligation_id, at=at, actor=actor, change=change, detail=detail))


def _require(row: Obligation, allowed: tuple[str, ...], change: str) -> None:
    if row.status not in allowed:
        raise TransitionError(f"cannot {change} obligation {row.id} in status {row.status}")


def confirm_obligation(session: Session, row: Obligation, *, at: datetime, by: int | None,
            started_at: datetime | None, due_at: datetime | None, calendar_confirmed: bool = True) -> Obligation:
    """pending → open. `started_at` is when its clock starts (None for an untriggered on_event item)."""
    _require(row, (PENDING,), "confirm")
    row.status = OPEN
    row.confirmed_at, row.confirmed_by = at, by
    row.started_at, row.due_at = started_at, due_at
    row.calendar_confirmed = row.calendar_confirmed and calendar_confirmed
    session.add(row)
    record_change(session, row.id, "confirmed", at, by)
    return row


def start_obligation(session: Session, row: Obligation, *, at: datetime, due_at: datetime | None, by: int | None = None,
          calendar_confirmed: bool = True, cause: str = "triggered") -> Obligation:
    """An on_event obligation's event happened: its clock starts now."""
    _require(row, (OPEN, PENDING), "start")
    row.started_at, row.due_at = at, due_at
    row.calendar_confirmed = row.calendar_confirmed and calendar_confirmed
    session.add(row)
    record_change(session, row.id, cause, at, by, {"due_at": due_at.isoformat() if due_at else None})
    return row


def mark_obligation_done(session: Session, row: Obligation, *, at: datetime, by: int | None) -> Obligation:
    """open → done (办结). Unsent nudges are dropped."""
    _require(row, (OPEN,), "mark done")
    row.status, row.done_at, row.done_by = DONE, at, by
    session.add(row)
    drop_unsent(session, row.id, at, "done")
    record_change(session, row.id, "done", at, by)
    return row


def close_obligation(session: Session, row: Obligation, *, at: datetime, by: int | None) -> Obligation:
    """done (or open) → closed (销号): an admin's sign-off. Never a delete."""
    _require(row, (OPEN, DONE), "close")
    row.status, row.closed_at, row.closed_by = CLOSED, at, by
    if row.done_at is None:
        row.done_at, row.done_by = at, by
    session.add(row)
    drop_unsent(session, row.id, at, "closed")
    record_change(session, row.id, "closed", at, by)
    return row


def cancel_obligation(session: Session, row: Obligation, *, at: datetime, by: int | None,
                      reason: str | None = None) -> Obligation:
    _require(row, (PENDING, OPEN, DONE), "cancel")
    row.status, row.cancelled_at, row.cancelled_by = CANCELLED, at, by
    session.add(row)
    drop_unsent(session, row.id, at, "cancelled")
    record_change(session, row.id, "cancelled", at, by, {"reason": reason} if reason else None)
    return row


def reopen_obligation(session: Session, row: Obligation, *, at: datetime, by: int | None) -> Obligation:
    """done → open again (the sign-off was refused)."""
    _require(row, (DONE,), "reopen")
    row.status, row.done_at, row.done_by = OPEN, None, None
    session.add(row)
    record_change(session, row.id, "reopened", at, by)
    return row


def list_followers(session: Session, obligation_id: int) -> list[Obligation]:
    """on_event obligations waiting for this one's event."""
    return list(session.exec(
        select(Obligation).where(col(Obligation.trigger_id) == obligation_id, col(Obligation.kind) == Kind.ON_EVENT)
    ))


def get_chat_obligation(session: Session, chat_id: int, obligation_id: int) -> Obligation | None:
    """An item by its number, only if it belongs to `chat_id`."""
    row = session.get(Obligation, obligation_id)
    return row if row is not None and row.chat_id == chat_id else None


def list_chat_obligations(session: Session, chat_id: int, *,
                          statuses: Iterable[str] | None = None) -> list[Obligation]:
    """A chat's items (any status unless told), by number."""
    query = select(Obligation).where(col(Obligation.chat_id) == chat_id)
    if statuses is not None:
        query = query.where(col(Obligation.status).in_(list(statuses)))
    return list(session.exec(query.order_by(col(Obligation.id))))


def edit_pending_obligation(session: Session, row: Obligation, *, at: datetime, by: int | None,
                            owner: str | None = None, timebox: dict[str, Any] | None = None,
                            kind: str | None = None, expression: str | None = None) -> Obligation:
    """Correct a pending item before it is confirmed (改时限 / 改责任单位)."""
    _require(row, (PENDING,), "edit")
    detail: dict[str, Any] = {}
    if owner is not None:
        detail["owner"] = [row.owner, owner]
        row.owner = owner
    if timebox is not None:
        detail["timebox"] = [row.timebox, timebox]
        row.timebox = timebox
        row.calendar_confirmed = bool(timebox.get("confirmed", True))
    if kind is not None:
        row.kind = kind
    if expression is not None:
        detail["expression"] = [row.expression, expression]
        row.expression = expression
    session.add(row)
    record_change(session, row.id, "edited", at, by, detail)
    session.flush()
    return row
