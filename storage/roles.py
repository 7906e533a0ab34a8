"""Roles an admin grants in a chat. 督查员 (INSPECTOR) may confirm, edit and close items like an admin."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import ChatRole

INSPECTOR = "inspector"


def grant_role(session: Session, chat_id: int, user_id: int, *, at: datetime, by: int | None,
          role: str = INSPECTOR) -> tuple[ChatRole, bool]:
    """Grant `role` (idempotent). Returns (row, created)."""
    existing = session.exec(select(ChatRole).where(col(ChatRole.chat_id) == chat_id, col(ChatRole.user_id) == user_id,
                                                   col(ChatRole.role) == role)).first()
    if existing is not None:
        return existing, False
    row = ChatRole(chat_id=chat_id, user_id=user_id, role=role, granted_by=by, granted_at=at)
    session.add(row)
    session.flush()
    return row, True


def revoke_role(session: Session, chat_id: int, user_id: int, role: str = INSPECTOR) -> int:
    rows = list(session.exec(select(ChatRole).where(col(ChatRole.chat_id) == chat_id, col(ChatRole.user_id) == user_id,
                                                    col(ChatRole.role) == role)))
    for row in rows:
        session.delete(row)
    return len(rows)


def has_role(session: Session, chat_id: int, user_id: int, role: str = INSPECTOR) -> bool:
    query = select(col(ChatRole.id)).where(col(ChatRole.chat_id) == chat_id, col(ChatRole.user_id) == user_id,
                                           col(ChatRole.role) == role)
    return session.exec(query).first() is not None


def list_role_holders(session: Session, chat_id: int, role: str = INSPECTOR) -> list[int]:
    query = (select(col(ChatRole.user_id)).where(col(ChatRole.chat_id) == chat_id, col(ChatRole.role) == role)
             .order_by(col(ChatRole.id)))
    return list(session.exec(query))
