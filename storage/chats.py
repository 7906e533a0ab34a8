"""A chat as a whole: moving every row of a group that became a supergroup."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlmodel import Session, col

from storage.models import ChatSequence, ChatSettings, Obligation, OwnerBinding, OwnerMember, SentMessage, Speech


def migrate_chat(session: Session, old_chat_id: int, new_chat_id: int) -> int:
    """A group became a supergroup: move every row of `old_chat_id` to `new_chat_id`.
    Returns how many obligations moved. Idempotent."""
    if old_chat_id == new_chat_id:
        return 0
    moved = cast(CursorResult[Any], session.execute(
        update(Obligation).where(col(Obligation.chat_id) == old_chat_id).values(chat_id=new_chat_id)
        .execution_options(synchronize_session=False)
    )).rowcount
    for model in (Speech, OwnerBinding, OwnerMember, SentMessage):
        session.execute(update(model).where(col(model.chat_id) == old_chat_id).values(chat_id=new_chat_id)
                        .execution_options(synchronize_session=False))
    session.execute(update(OwnerBinding).where(col(OwnerBinding.target_chat_id) == old_chat_id)
                    .values(target_chat_id=new_chat_id).execution_options(synchronize_session=False))
    old = session.get(ChatSettings, old_chat_id)
    if old is not None and session.get(ChatSettings, new_chat_id) is None:
        copy = ChatSettings(**{k: getattr(old, k) for k in ChatSettings.model_fields if k != "chat_id"},
                            chat_id=new_chat_id)
        session.add(copy)
        session.delete(old)
    sequence = session.get(ChatSequence, old_chat_id)
    if sequence is not None and session.get(ChatSequence, new_chat_id) is None:
        session.add(ChatSequence(chat_id=new_chat_id, last_number=sequence.last_number))
        session.delete(sequence)
    session.flush()
    session.expire_all()
    return moved or 0
