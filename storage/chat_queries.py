"""Queries and small writes the bot needs on top of the ledger: chat migration, the item a
bot message is about, editing a pending item, and the rows of a chat's export.

Kept apart from the other storage modules (owned by the scheduler/storage work) so the bot
can grow without touching them; everything here goes through the same models.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from storage.models import (
    PENDING,
    ChatSettings,
    Nudge,
    Obligation,
    ObligationChange,
    OwnerBinding,
    ProgressReport,
    Speech,
)
from storage.obligations import TransitionError, record_change


def migrate_chat(session: Session, old_chat_id: int, new_chat_id: int) -> int:
    """A group became a supergroup: move every row of `old_chat_id` to `new_chat_id`.
    Returns how many obligations moved. Idempotent."""
    if old_chat_id == new_chat_id:
        return 0
    moved = session.execute(
        update(Obligation).where(Obligation.chat_id == old_chat_id).values(chat_id=new_chat_id)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.execute(update(Speech).where(Speech.chat_id == old_chat_id).values(chat_id=new_chat_id)
                    .execution_options(synchronize_session=False))
    session.execute(update(OwnerBinding).where(OwnerBinding.chat_id == old_chat_id).values(chat_id=new_chat_id)
                    .execution_options(synchronize_session=False))
    session.execute(update(OwnerBinding).where(OwnerBinding.target_chat_id == old_chat_id)
                    .values(target_chat_id=new_chat_id).execution_options(synchronize_session=False))
    old = session.get(ChatSettings, old_chat_id)
    if old is not None and session.get(ChatSettings, new_chat_id) is None:
        copy = ChatSettings(**{k: getattr(old, k) for k in ChatSettings.model_fields if k != "chat_id"},
                            chat_id=new_chat_id)
        session.add(copy)
        session.delete(old)
    session.flush()
    session.expire_all()
    return moved or 0


def obligation_for_message(session: Session, chat_id: int, message_id: int) -> Obligation | None:
    """The item a sent nudge (by its Telegram message id) was about."""
    query = (select(Obligation).join(Nudge, Nudge.obligation_id == Obligation.id)
             .where(Nudge.message_id == message_id, Obligation.chat_id == chat_id))
    return session.exec(query).first()


def get_in_chat(session: Session, chat_id: int, obligation_id: int) -> Obligation | None:
    """An item by its number, only if it belongs to `chat_id`."""
    row = session.get(Obligation, obligation_id)
    return row if row is not None and row.chat_id == chat_id else None


def edit_pending(session: Session, row: Obligation, *, at: datetime, by: int | None, owner: str | None = None,
                 timebox: dict[str, Any] | None = None, kind: str | None = None,
                 expression: str | None = None) -> Obligation:
    """Correct a pending item before it is confirmed (改时限 / 改责任单位)."""
    if row.status != PENDING:
        raise TransitionError(f"obligation {row.id} is {row.status}, not pending")
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


def chat_obligations(session: Session, chat_id: int, *, statuses: Iterable[str] | None = None) -> list[Obligation]:
    """A chat's items (any status unless told), by number."""
    query = select(Obligation).where(Obligation.chat_id == chat_id)
    if statuses is not None:
        query = query.where(Obligation.status.in_(list(statuses)))
    return list(session.exec(query.order_by(Obligation.id)))


def progress_by_obligation(session: Session, obligation_ids: Iterable[int]) -> dict[int, list[ProgressReport]]:
    ids = list(obligation_ids)
    found: dict[int, list[ProgressReport]] = {i: [] for i in ids}
    if not ids:
        return found
    query = (select(ProgressReport).where(ProgressReport.obligation_id.in_(ids))
             .order_by(ProgressReport.reported_at, ProgressReport.id))
    for report in session.exec(query):
        found[report.obligation_id].append(report)
    return found


def speeches_by_id(session: Session, speech_ids: Iterable[int]) -> dict[int, Speech]:
    ids = list(set(speech_ids))
    if not ids:
        return {}
    return {s.id: s for s in session.exec(select(Speech).where(Speech.id.in_(ids)))}


def sent_nudges(session: Session, obligation_id: int) -> list[Nudge]:
    """Delivered messages of an item (coalesced slots count once)."""
    query = select(Nudge).where(Nudge.obligation_id == obligation_id, Nudge.sent_at.is_not(None),
                                (Nudge.covered_by.is_(None)) | (Nudge.covered_by == Nudge.id))
    return list(session.exec(query.order_by(Nudge.sent_at, Nudge.id)))


def chat_bindings(session: Session, chat_id: int) -> list[OwnerBinding]:
    return list(session.exec(select(OwnerBinding).where(OwnerBinding.chat_id == chat_id)
                             .order_by(OwnerBinding.owner, OwnerBinding.id)))


def latest_activity(session: Session) -> datetime | None:
    """The latest time anything was recorded (changes, progress, sent nudges), e.g. so a simulated
    clock never restarts behind the ledger."""
    from sqlalchemy import func

    times = [session.exec(select(func.max(ObligationChange.at))).first(),
             session.exec(select(func.max(ProgressReport.reported_at))).first(),
             session.exec(select(func.max(Nudge.sent_at))).first()]
    found = [t for t in times if t is not None]
    return max(found) if found else None
