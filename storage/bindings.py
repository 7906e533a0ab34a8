"""Owner bindings: which Telegram users or chat answer for an owner name in a chat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import OwnerBinding


def bind_owner(session: Session, chat_id: int, owner: str, *, at: datetime, user_id: int | None = None,
               target_chat_id: int | None = None, by: int | None = None) -> OwnerBinding:
    """Bind `owner` to a user or a chat (idempotent)."""
    if (user_id is None) == (target_chat_id is None):
        raise ValueError("bind exactly one of user_id or target_chat_id")
    same_user = col(OwnerBinding.user_id) == user_id if user_id is not None else col(OwnerBinding.user_id).is_(None)
    query = select(OwnerBinding).where(col(OwnerBinding.chat_id) == chat_id, col(OwnerBinding.owner) == owner,
                                       same_user,
                                       col(OwnerBinding.target_chat_id) == target_chat_id if target_chat_id is not None
                                       else col(OwnerBinding.target_chat_id).is_(None))
    existing = session.exec(query).first()
    if existing is not None:
        return existing
    binding = OwnerBinding(chat_id=chat_id, owner=owner, user_id=user_id, target_chat_id=target_chat_id,
                           created_at=at, created_by=by)
    session.add(binding)
    session.flush()
    return binding


def unbind_owner(session: Session, chat_id: int, owner: str) -> int:
    rows = list(session.exec(select(OwnerBinding).where(col(OwnerBinding.chat_id) == chat_id,
                                                        col(OwnerBinding.owner) == owner)))
    for row in rows:
        session.delete(row)
    return len(rows)


@dataclass(frozen=True)
class Targets:
    user_ids: tuple[int, ...]
    chat_ids: tuple[int, ...]


def targets_for(session: Session, chat_id: int, owner: str | None) -> Targets:
    if owner is None:
        return Targets((), ())
    rows = list(session.exec(select(OwnerBinding).where(col(OwnerBinding.chat_id) == chat_id,
                                                        col(OwnerBinding.owner) == owner)
                             .order_by(col(OwnerBinding.id))))
    return Targets(tuple(r.user_id for r in rows if r.user_id is not None),
                   tuple(r.target_chat_id for r in rows if r.target_chat_id is not None))


def list_bindings(session: Session, chat_id: int) -> list[OwnerBinding]:
    return list(session.exec(select(OwnerBinding).where(col(OwnerBinding.chat_id) == chat_id)
                             .order_by(col(OwnerBinding.owner), col(OwnerBinding.id))))
