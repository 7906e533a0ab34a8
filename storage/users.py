"""Telegram users seen in allowed chats: the name a mention shows, the id behind an @username."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import KnownUser

MAX_NAME = 200


def remember_user(session: Session, user_id: int, *, username: str | None, full_name: str | None,
                  at: datetime) -> KnownUser:
    """Insert or update one user (an @username moves to whoever holds it now)."""
    username = username.lower().lstrip("@")[:64] if username else None
    if username:
        for other in session.exec(select(KnownUser).where(col(KnownUser.username) == username,
                                                          col(KnownUser.user_id) != user_id)):
            other.username = None
            session.add(other)
    row = session.get(KnownUser, user_id)
    if row is None:
        row = KnownUser(user_id=user_id, updated_at=at)
    row.username = username or row.username
    row.full_name = (full_name or "")[:MAX_NAME] or row.full_name
    row.updated_at = at
    session.add(row)
    session.flush()
    return row


def find_user_id(session: Session, username: str) -> int | None:
    query = select(col(KnownUser.user_id)).where(col(KnownUser.username) == username.lower().lstrip("@"))
    return session.exec(query).first()


def get_display_names(session: Session, user_ids: Iterable[int]) -> dict[int, str]:
    ids = set(user_ids)
    if not ids:
        return {}
    rows = session.exec(select(KnownUser).where(col(KnownUser.user_id).in_(ids)))
    return {row.user_id: row.full_name for row in rows if row.full_name}
