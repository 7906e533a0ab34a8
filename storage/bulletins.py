"""The weekly 通报's record: one row per chat and period, written (claimed, with a lease) before
the 通报 is sent and marked sent after, so each period's 通报 goes out once — also when the
process restarts on the morning it is due. A claim whose lease ran out unsent (the process died
before sending) may be taken again."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from storage.models import CANCELLED, MERGED, PENDING, Bulletin, Obligation


def first_confirmed(session: Session) -> dict[int, datetime]:
    """Each chat with a confirmed item, and when its first item was confirmed (a chat's 通报 is due
    only after that)."""
    query = (select(col(Obligation.chat_id), func.min(col(Obligation.confirmed_at)))
             .where(col(Obligation.confirmed_at).is_not(None),
                    col(Obligation.status).not_in([PENDING, MERGED, CANCELLED]))
             .group_by(col(Obligation.chat_id)).order_by(col(Obligation.chat_id)))
    return {chat_id: first for chat_id, first in session.exec(query) if first is not None}


def claim(session: Session, chat_id: int, period: str, *, planned_at: datetime, now: datetime, worker: str,
          lease: timedelta) -> Bulletin | None:
    """Claim the chat's 通报 of `period` for `worker`; None when it was sent or another holds it."""
    row = session.exec(select(Bulletin).where(col(Bulletin.chat_id) == chat_id,
                                              col(Bulletin.period) == period).with_for_update()).first()
    if row is None:
        row = Bulletin(chat_id=chat_id, period=period, planned_at=planned_at, claimed_by=worker, claimed_at=now,
                       lease_until=now + lease, attempts=1)
        try:
            with session.begin_nested():
                session.add(row)
                session.flush()
        except IntegrityError:  # another process wrote it first
            return None
        return row
    if row.sent_at is not None or (row.lease_until is not None and row.lease_until > now):
        return None
    taken = session.execute(
        update(Bulletin).where(col(Bulletin.id) == row.id, col(Bulletin.sent_at).is_(None),
                               col(Bulletin.attempts) == row.attempts)
        .values(claimed_by=worker, claimed_at=now, lease_until=now + lease, attempts=row.attempts + 1)
        .execution_options(synchronize_session=False))
    if not taken.rowcount:  # type: ignore[attr-defined]
        return None
    session.expire(row)
    return row


def mark_sent(session: Session, bulletin_id: int, *, at: datetime, message_id: int | None) -> None:
    session.execute(update(Bulletin).where(col(Bulletin.id) == bulletin_id)
                    .values(sent_at=at, message_id=message_id, lease_until=None)
                    .execution_options(synchronize_session=False))


def release(session: Session, bulletin_id: int, *, retry_at: datetime, error: str) -> None:
    """Not sent (a retryable failure): claimable again at `retry_at`."""
    session.execute(update(Bulletin).where(col(Bulletin.id) == bulletin_id, col(Bulletin.sent_at).is_(None))
                    .values(lease_until=retry_at, last_error=error)
                    .execution_options(synchronize_session=False))


def give_up(session: Session, bulletin_id: int, *, at: datetime, error: str) -> None:
    """It will never go out (the bot was removed from the chat): record it as settled."""
    session.execute(update(Bulletin).where(col(Bulletin.id) == bulletin_id)
                    .values(sent_at=at, lease_until=None, last_error=error)
                    .execution_options(synchronize_session=False))


def sent_periods(session: Session, chat_id: int) -> list[str]:
    query = select(col(Bulletin.period)).where(col(Bulletin.chat_id) == chat_id, col(Bulletin.sent_at).is_not(None))
    return sorted(session.exec(query.order_by(col(Bulletin.period))))


def pending_retry(session: Session) -> datetime | None:
    """The earliest time a released, unsent 通报 may be tried again (None: nothing waits)."""
    return session.exec(select(func.min(col(Bulletin.lease_until))).where(col(Bulletin.sent_at).is_(None))).first()
