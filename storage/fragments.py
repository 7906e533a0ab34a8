"""Speech fragments inside the merge window: stored as they arrive, read and deleted together
when the speech is taken, so a process dying inside the window loses nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func
from sqlmodel import Session, col, select

from storage.models import SpeechFragment


def add_fragment(session: Session, *, chat_id: int, user_id: int, chat_type: str, message_id: int, text: str,
                 at: datetime) -> SpeechFragment:
    row = SpeechFragment(chat_id=chat_id, user_id=user_id, chat_type=chat_type, message_id=message_id, text=text,
                         received_at=at)
    session.add(row)
    session.flush()
    return row


def list_fragments(session: Session, chat_id: int, user_id: int) -> list[SpeechFragment]:
    """One sender's waiting fragments in one chat, in arrival order."""
    return list(session.exec(select(SpeechFragment).where(col(SpeechFragment.chat_id) == chat_id,
                                                          col(SpeechFragment.user_id) == user_id)
                             .order_by(col(SpeechFragment.id))))


def drop_fragments(session: Session, chat_id: int, user_id: int, *, through_id: int) -> int:
    """Delete the fragments that were read (ids up to `through_id`); later ones wait for the next read."""
    result = session.execute(delete(SpeechFragment).where(col(SpeechFragment.chat_id) == chat_id,
                                                          col(SpeechFragment.user_id) == user_id,
                                                          col(SpeechFragment.id) <= through_id))
    return cast(CursorResult[Any], result).rowcount or 0


def list_waiting_senders(session: Session) -> list[tuple[int, int]]:
    """(chat_id, user_id) of every sender with fragments still waiting (after a restart)."""
    query = (select(col(SpeechFragment.chat_id), col(SpeechFragment.user_id))
             .group_by(col(SpeechFragment.chat_id), col(SpeechFragment.user_id))
             .order_by(func.min(col(SpeechFragment.id))))
    return [(chat_id, user_id) for chat_id, user_id in session.exec(query)]
