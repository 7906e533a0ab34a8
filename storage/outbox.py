"""The nudge outbox: planned slots, claims with leases, and the sent/dropped record.

A slot is claimed in the database before it is sent and marked sent after. On PostgreSQL
the claim reads with `FOR UPDATE SKIP LOCKED`, so two processes never claim one slot; on
SQLite every transaction is `BEGIN IMMEDIATE` (see `storage.db`), which serialises claims.
A claim carries a lease: if its claimer dies, the slot becomes claimable again when the
lease runs out.

The outbox is also the record of how far each item's series of slots is planned: its latest
live slot (`planned_through`). A one-off slot (稍后提醒, keyed `SNOOZE_PREFIX`…) is no part of
the series and does not count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Integer, and_, bindparam, case, func, insert, or_, update
from sqlmodel import Session, col, select

from storage.models import Nudge


class Slot(Protocol):
    """A nudge slot as the policy plans it (scheduler.policy.Slot): `key` is unique per obligation."""

    @property
    def key(self) -> str: ...
    @property
    def purpose(self) -> str: ...
    @property
    def planned_at(self) -> datetime: ...
    @property
    def data(self) -> dict[str, Any] | None: ...


UNSETTLED = and_(col(Nudge.sent_at).is_(None), col(Nudge.dropped_at).is_(None))
SNOOZE_PREFIX = "snooze:"  # the key of a one-off slot outside the item's planned series


def latest_planned(obligation_id: Any) -> Any:
    """The latest planned time among an item's live (sent or unsettled) series slots, as a scalar
    subquery: correlated when `obligation_id` is a column (`Obligation.id`), else for that id.
    A dropped slot does not count: a replan (or a 办结, 待审核, 延期) dropped it, so it no longer
    says how far the current schedule is planned."""
    table = Nudge.__table__  # type: ignore[attr-defined]
    return (select(func.max(table.c.planned_at))
            .where(table.c.obligation_id == obligation_id, table.c.dropped_at.is_(None),
                   table.c.slot.not_like(SNOOZE_PREFIX + "%"))
            .scalar_subquery())


def watermark(floor: datetime | None, latest: datetime | None) -> datetime | None:
    """How far an item's slots are planned: the later of its planning floor
    (`Obligation.planned_through`, moved by a replan) and its latest live series slot."""
    return max((t for t in (floor, latest) if t is not None), default=None)


def planned_through(session: Session, obligation_id: int, floor: datetime | None) -> datetime | None:
    """`watermark` for one item, in one query."""
    return watermark(floor, session.execute(select(latest_planned(obligation_id))).scalar())


def add_slots(session: Session, obligation_id: int, slots: Iterable[Slot],
              claim: tuple[str, datetime, datetime] | None = None, claim_before: datetime | None = None) -> int:
    """Insert slots, ignoring any (obligation, slot) already present. Returns how many were new.

    With `claim=(worker, claimed_at, lease_until)`, slots planned at or before `claim_before`
    are inserted already claimed by that worker.
    """
    slots = list(slots)
    if not slots:
        return 0
    existing = set(session.exec(
        select(col(Nudge.slot)).where(col(Nudge.obligation_id) == obligation_id,
                                      col(Nudge.slot).in_([s.key for s in slots]))
    ))
    rows = [_row(obligation_id, s, claim, claim_before) for s in slots if s.key not in existing]
    if rows:  # a slot another process inserted since the check above is skipped, not an error
        session.execute(_insert_ignoring_existing(session), rows)
    return len(rows)


def insert_slots(session: Session, planned: Sequence[tuple[int, Slot]], *,
                 claim: tuple[str, datetime, datetime] | None = None, claim_before: datetime | None = None,
                 returning: bool = False) -> list[tuple[int, int, str]]:
    """Insert many obligations' slots, (obligation_id, slot) pairs, in one statement, skipping any
    already present (no check first: the database skips them). `claim` as in `add_slots`.
    With `returning`, gives (id, obligation_id, slot key) of each row inserted."""
    rows = [_row(obligation_id, s, claim, claim_before) for obligation_id, s in planned]
    if not rows:
        return []
    table = Nudge.__table__  # type: ignore[attr-defined]
    statement = _insert_ignoring_existing(session, table)
    if not returning:
        session.execute(statement, rows)
        return []
    statement = statement.returning(table.c.id, table.c.obligation_id, table.c.slot)
    return [(row.id, row.obligation_id, row.slot) for row in session.execute(statement, rows)]


def _row(obligation_id: int, s: Slot, claim: tuple[str, datetime, datetime] | None,
         claim_before: datetime | None) -> dict[str, Any]:
    row = {"obligation_id": obligation_id, "slot": s.key, "purpose": s.purpose, "planned_at": s.planned_at,
           "data": s.data, "attempts": 0, "claimed_by": None, "claimed_at": None, "lease_until": None}
    if claim is not None and claim_before is not None and s.planned_at <= claim_before:
        row.update(claimed_by=claim[0], claimed_at=claim[1], lease_until=claim[2], attempts=1)
    return row


def _insert_ignoring_existing(session: Session, target: Any = Nudge) -> Any:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert(target).on_conflict_do_nothing(index_elements=["obligation_id", "slot"])
    if dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(target).on_conflict_do_nothing(index_elements=["obligation_id", "slot"])
    return insert(target)


def due_query(now: datetime, limit: int):
    """Ids of claimable slots, oldest first: a range scan of the partial index ix_nudge_due."""
    return (
        select(col(Nudge.id))
        .where(UNSETTLED, col(Nudge.planned_at) <= now,
               or_(col(Nudge.lease_until).is_(None), col(Nudge.lease_until) <= now))
        .order_by(col(Nudge.planned_at))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )


def _claim(now: datetime, worker: str, lease: timedelta, limit: int) -> Any:
    return (update(Nudge).where(col(Nudge.id).in_(due_query(now, limit)))
            .values(claimed_by=worker, claimed_at=now, lease_until=now + lease, attempts=col(Nudge.attempts) + 1))


def claim_due(session: Session, *, now: datetime, worker: str, lease: timedelta, limit: int = 100) -> list[Nudge]:
    """Claim up to `limit` unsettled slots planned at or before `now` whose lease (if any) ran out,
    in one statement (UPDATE … WHERE id IN (the due query) RETURNING); oldest first."""
    statement = (_claim(now, worker, lease, limit).returning(Nudge)
                 .execution_options(synchronize_session=False, populate_existing=True))
    claimed = list(session.scalars(statement))
    claimed.sort(key=lambda n: (n.planned_at, n.id))
    return claimed


class Claimed(Protocol):
    """A claimed slot as `claim_rows` gives it (a result row)."""

    id: int
    obligation_id: int
    slot: str
    purpose: str
    planned_at: datetime
    data: dict[str, Any] | None


def claim_rows(session: Session, *, now: datetime, worker: str, lease: timedelta, limit: int = 100) -> list[Claimed]:
    """`claim_due` for a sweep: the same single statement, giving plain rows rather than ORM
    objects (cheaper to load and to commit), oldest first."""
    table = Nudge.__table__  # type: ignore[attr-defined]
    statement = (
        update(table).where(table.c.id.in_(due_query(now, limit)))
        .values(claimed_by=worker, claimed_at=now, lease_until=now + lease, attempts=table.c.attempts + 1)
        .returning(table.c.id, table.c.obligation_id, table.c.slot, table.c.purpose, table.c.planned_at, table.c.data)
    )
    claimed: list[Any] = list(session.execute(statement))
    claimed.sort(key=lambda n: (n.planned_at, n.id))
    return claimed


def _mark_statement() -> Any:
    table = Nudge.__table__  # type: ignore[attr-defined]
    primary = bindparam("b_primary", type_=Integer)
    return (
        update(table).where(table.c.id.in_(bindparam("b_ids", expanding=True)), table.c.sent_at.is_(None))
        .values(sent_at=bindparam("b_at"), message_id=bindparam("b_message_id"), lease_until=None, dropped_at=None,
                drop_reason=None, covered_by=case((table.c.id == primary, table.c.covered_by), else_=primary))
    )


_MARK_SENT = _mark_statement()  # built once: a delivery's record is the sweep's most frequent statement


def mark_sent(session: Session, nudge_ids: Sequence[int], *, at: datetime, message_id: int | None,
              primary_id: int) -> None:
    """Record a delivered message, in one statement. Slots coalesced into it point at the primary slot."""
    session.execute(_MARK_SENT, {"b_ids": list(nudge_ids), "b_at": at, "b_message_id": message_id,
                                 "b_primary": primary_id})


def release(session: Session, nudge_ids: Sequence[int], *, retry_at: datetime, error: str) -> None:
    """A retryable failure: keep the slots unsettled, claimable again at `retry_at`."""
    session.execute(
        update(Nudge).where(col(Nudge.id).in_(list(nudge_ids)), col(Nudge.sent_at).is_(None))
        .values(lease_until=retry_at, last_error=error)
        .execution_options(synchronize_session=False)
    )


def drop(session: Session, nudge_ids: Sequence[int], *, at: datetime, reason: str, error: str | None = None) -> None:
    session.execute(
        update(Nudge).where(col(Nudge.id).in_(list(nudge_ids)), UNSETTLED)
        .values(dropped_at=at, drop_reason=reason, lease_until=None, last_error=error)
        .execution_options(synchronize_session=False)
    )


def drop_unsent(session: Session, obligation_id: int, at: datetime, reason: str) -> None:
    """The obligation no longer needs nudging (done, closed, cancelled)."""
    session.execute(
        update(Nudge).where(col(Nudge.obligation_id) == obligation_id, UNSETTLED)
        .values(dropped_at=at, drop_reason=reason, lease_until=None)
        .execution_options(synchronize_session=False)
    )


def next_wake(session: Session, now: datetime) -> datetime | None:
    """When the sweeper should next look: the earliest unleased planned time, or the earliest
    lease end among due slots (a crashed claimer's slot is retried then)."""
    planned = session.exec(
        select(func.min(col(Nudge.planned_at))).where(UNSETTLED, col(Nudge.lease_until).is_(None))
    ).first()
    leased = session.exec(
        select(func.min(col(Nudge.lease_until)))
        .where(UNSETTLED, col(Nudge.planned_at) <= now, col(Nudge.lease_until).is_not(None))
    ).first()
    candidates = [t for t in (planned, leased) if t is not None]
    return min(candidates) if candidates else None


def unsettled(session: Session, obligation_id: int) -> list[Nudge]:
    return list(session.exec(
        select(Nudge).where(col(Nudge.obligation_id) == obligation_id, UNSETTLED).order_by(col(Nudge.planned_at))
    ))


def slots_of(session: Session, obligation_id: int) -> list[Nudge]:
    query = (select(Nudge).where(col(Nudge.obligation_id) == obligation_id)
             .order_by(col(Nudge.planned_at), col(Nudge.id)))
    return list(session.exec(query))
