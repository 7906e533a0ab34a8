"""Users who started the bot in a private chat (/start there): only they can be written to
privately, e.g. by the escalation ladder's message to the admins."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import PrivateStart


def record_start(session: Session, user_id: int, *, at: datetime) -> bool:
    """Remember that `user_id` started the bot privately. Returns True the first time."""
    if session.get(PrivateStart, user_id) is not None:
        return False
    session.add(PrivateStart(user_id=user_id, started_at=at))
    session.flush()
    return True


def forget_start(session: Session, user_id: int) -> None:
    """The user blocked the bot: write to them privately no more."""
    row = session.get(PrivateStart, user_id)
    if row is not None:
        session.delete(row)


def started_among(session: Session, user_ids: Iterable[int]) -> list[int]:
    """Those of `user_ids` who started the bot privately, in the order given."""
    ids = list(dict.fromkeys(user_ids))
    if not ids:
        return []
    found = set(session.exec(select(col(PrivateStart.user_id)).where(col(PrivateStart.user_id).in_(ids))))
    return [i for i in ids if i in found]
