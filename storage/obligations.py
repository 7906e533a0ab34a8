"""Obligation lifecycle writes: confirm, done, close (销号), cancel, trigger, with history.

These functions only write what they are told; deadline arithmetic and nudge planning
live in `scheduler` (see `scheduler.service`), which calls them.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, col, select

from extraction.model import Kind
from storage.models import CANCELLED, CLOSED, DONE, MERGED, OPEN, PENDING, REVIEW, Obligation, ObligationChange
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


class Bulk:
    """Changes to many obligations written in a few statements (a confirmation of thousands of
    items): each row's new values are set on it at once (as loaded, not dirty) and written by
    `write` in one UPDATE per set of columns, the history in one INSERT, in the order recorded.
    The functions below take `bulk=` to write through one instead of row by row."""

    def __init__(self, session: Session):
        self.session = session
        self._values: dict[int, tuple[Obligation, dict[str, Any]]] = {}
        self._changes: list[dict[str, Any]] = []

    def set(self, row: Obligation, **values: Any) -> None:
        for key, value in values.items():
            set_committed_value(row, key, value)
        self._values.setdefault(row.id, (row, {}))[1].update(values)

    def record(self, obligation_id: int, change: str, at: datetime, actor: int | None,
               detail: dict[str, Any] | None = None) -> None:
        self._changes.append({"obligation_id": obligation_id, "at": at, "actor": actor, "change": change,
                              "detail": detail})

    def write(self) -> None:
        table = Obligation.__table__  # type: ignore[attr-defined]
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row_id, (_, values) in self._values.items():
            keys = tuple(sorted(values))
            groups.setdefault(keys, []).append({"b_id": row_id, **{f"b_{k}": values[k] for k in keys}})
        for keys, params in groups.items():
            statement = update(table).where(table.c.id == bindparam("b_id")).values(
                {k: bindparam(f"b_{k}", type_=table.c[k].type) for k in keys})
            self.session.execute(statement, params)
        if self._changes:
            self.session.execute(insert(ObligationChange.__table__), self._changes)  # type: ignore[attr-defined]
        self._values, self._changes = {}, []


def _set(session: Session, bulk: Bulk | None, row: Obligation, **values: Any) -> None:
    if bulk is not None:
        bulk.set(row, **values)
        return
    for key, value in values.items():
        setattr(row, key, value)
    session.add(row)


def record_change(session: Session, obligation_id: int, change: str, at: datetime, actor: int | None,
                  detail: dict[str, Any] | None = None, *, bulk: Bulk | None = None) -> None:
    if bulk is not None:
        bulk.record(obligation_id, change, at, actor, detail)
        return
    session.add(ObligationChange(obligation_id=obligation_id, at=at, actor=actor, change=change, detail=detail))


def _require(row: Obligation, allowed: tuple[str, ...], change: str) -> None:
    if row.status not in allowed:
        raise TransitionError(f"cannot {change} obligation {row.id} in status {row.status}")


def confirm_obligation(session: Session, row: Obligation, *, at: datetime, by: int | None,
                       started_at: datetime | None, due_at: datetime | None, calendar_confirmed: bool = True,
                       bulk: Bulk | None = None) -> Obligation:
    """pending → open. `started_at` is when its clock starts (None for an untriggered on_event item)."""
    _require(row, (PENDING,), "confirm")
    _set(session, bulk, row, status=OPEN, confirmed_at=at, confirmed_by=by, started_at=started_at, due_at=due_at,
         calendar_confirmed=row.calendar_confirmed and calendar_confirmed)
    record_change(session, row.id, "confirmed", at, by, bulk=bulk)
    return row


def start_obligation(session: Session, row: Obligation, *, at: datetime, due_at: datetime | None, by: int | None = None,
                     calendar_confirmed: bool = True, cause: str = "triggered", bulk: Bulk | None = None) -> Obligation:
    """An on_event obligation's event happened: its clock starts now."""
    _require(row, (OPEN, PENDING), "start")
    _set(session, bulk, row, started_at=at, due_at=due_at,
         calendar_confirmed=row.calendar_confirmed and calendar_confirmed)
    record_change(session, row.id, cause, at, by, {"due_at": due_at.isoformat() if due_at else None}, bulk=bulk)
    return row


def mark_obligation_done(session: Session, row: Obligation, *, at: datetime, by: int | None) -> Obligation:
    """open → done (办结). Unsent nudges are dropped."""
    _require(row, (OPEN,), "mark done")
    row.status, row.done_at, row.done_by = DONE, at, by
    session.add(row)
    drop_unsent(session, row.id, at, "done")
    record_change(session, row.id, "done", at, by)
    return row


def submit_obligation(session: Session, row: Obligation, *, at: datetime, by: int | None) -> Obligation:
    """open → review (待审核): the owner said 已办结; an admin approves or returns it. Unsent
    nudges are dropped (nobody is chased while the admins review)."""
    _require(row, (OPEN,), "submit")
    row.status, row.done_at, row.done_by = REVIEW, at, by
    session.add(row)
    drop_unsent(session, row.id, at, "review")
    record_change(session, row.id, "submitted", at, by)
    return row


def approve_obligation(session: Session, row: Obligation, *, at: datetime, by: int | None) -> Obligation:
    """review → done: the admin accepted the owner's 已办结 (done_at stays when the owner said it)."""
    _require(row, (REVIEW,), "approve")
    row.status = DONE
    session.add(row)
    record_change(session, row.id, "approved", at, by)
    return row


def return_obligation(session: Session, row: Obligation, *, at: datetime, by: int | None, reason: str) -> Obligation:
    """review → open (退回重办), with the reason the owner is told."""
    _require(row, (REVIEW,), "return")
    row.status, row.done_at, row.done_by = OPEN, None, None
    session.add(row)
    record_change(session, row.id, "returned", at, by, {"reason": reason})
    return row


def extend_obligation(session: Session, row: Obligation, *, at: datetime, by: int | None,
                      due_at: datetime) -> Obligation:
    """An approved extension (延期): the item is due at `due_at`; the first limit is kept in
    `original_due_at`. Unsent nudges are dropped (the caller plans anew)."""
    _require(row, (OPEN,), "extend")
    if row.original_due_at is None:
        row.original_due_at = row.due_at
    detail = {"from": row.due_at.isoformat() if row.due_at else None, "to": due_at.isoformat()}
    row.due_at = due_at
    session.add(row)
    drop_unsent(session, row.id, at, "extended")
    record_change(session, row.id, "extended", at, by, detail)
    return row


def merge_obligation(session: Session, row: Obligation, into: Obligation, *, at: datetime, by: int | None,
                     speech_id: int, bulk: Bulk | None = None) -> Obligation:
    """A pending item repeating the open item `into` becomes a mention in `into`'s history."""
    _require(row, (PENDING,), "merge")
    _set(session, bulk, row, status=MERGED, duplicate_of=into.id, cancelled_at=at, cancelled_by=by)
    record_change(session, row.id, "merged", at, by, {"into": into.number}, bulk=bulk)
    record_change(session, into.id, "mentioned", at, by,
                  {"speech_id": speech_id, "number": row.number, "quote": row.quote[:500]}, bulk=bulk)
    return row


def close_obligation(session: Session, row: Obligation, *, at: datetime, by: int | None) -> Obligation:
    """done (or open, or awaiting review) → closed (销号): an admin's sign-off. Never a delete."""
    _require(row, (OPEN, REVIEW, DONE), "close")
    row.status, row.closed_at, row.closed_by = CLOSED, at, by
    if row.done_at is None:
        row.done_at, row.done_by = at, by
    session.add(row)
    drop_unsent(session, row.id, at, "closed")
    record_change(session, row.id, "closed", at, by)
    return row


def cancel_obligation(session: Session, row: Obligation, *, at: datetime, by: int | None,
                      reason: str | None = None) -> Obligation:
    _require(row, (PENDING, OPEN, REVIEW, DONE), "cancel")
    row.status, row.cancelled_at, row.cancelled_by = CANCELLED, at, by
    session.add(row)
    drop_unsent(session, row.id, at, "cancelled")
    record_change(session, row.id, "cancelled", at, by, {"reason": reason} if reason else None)
    return row


def reopen_obligation(session: Session, row: Obligation, *, at: datetime, by: int | None) -> Obligation:
    """done (or awaiting review) → open again (the sign-off was refused)."""
    _require(row, (DONE, REVIEW), "reopen")
    row.status, row.done_at, row.done_by = OPEN, None, None
    session.add(row)
    record_change(session, row.id, "reopened", at, by)
    return row


def list_followers(session: Session, obligation_id: int) -> list[Obligation]:
    """on_event obligations waiting for this one's event."""
    return list(session.exec(
        select(Obligation).where(col(Obligation.trigger_id) == obligation_id, col(Obligation.kind) == Kind.ON_EVENT)
    ))


def get_chat_obligation(session: Session, chat_id: int, number: int) -> Obligation | None:
    """An item of `chat_id` by its number in that chat (what people see: #3)."""
    return session.exec(select(Obligation).where(col(Obligation.chat_id) == chat_id,
                                                 col(Obligation.number) == number)).first()


def list_chat_obligations(session: Session, chat_id: int, *,
                          statuses: Iterable[str] | None = None) -> list[Obligation]:
    """A chat's items (any status unless told), by number."""
    query = select(Obligation).where(col(Obligation.chat_id) == chat_id)
    if statuses is not None:
        query = query.where(col(Obligation.status).in_(list(statuses)))
    return list(session.exec(query.order_by(col(Obligation.number), col(Obligation.id))))


def set_trigger(session: Session, row: Obligation, trigger: Obligation | None, *, at: datetime,
                by: int | None) -> Obligation:
    """Chain a pending follow-up (办结后…) to the item whose 办结 starts it (None: to no item)."""
    _require(row, (PENDING,), "chain")
    row.trigger_id = trigger.id if trigger is not None else None
    session.add(row)
    record_change(session, row.id, "edited", at, by, {"trigger": trigger.number if trigger else None})
    return row


def clear_duplicate(session: Session, row: Obligation, *, at: datetime, by: int | None) -> Obligation:
    """不合并: a pending item is kept as an item of its own."""
    _require(row, (PENDING,), "keep")
    row.duplicate_of = None
    session.add(row)
    record_change(session, row.id, "edited", at, by, {"duplicate_of": None})
    return row


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
