"""Per-chat settings: quiet hours, reminder offsets, auto-confirm, admins."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from storage.models import ChatSettings

EDITABLE = {"timezone", "quiet_start", "quiet_end", "nudge_time", "closure_time", "days_before", "auto_confirm",
            "admin_user_ids"}


def get_settings(session: Session, chat_id: int) -> ChatSettings:
    """The chat's settings, or the defaults (not stored) when it has none."""
    row = session.get(ChatSettings, chat_id)
    return row if row is not None else ChatSettings(chat_id=chat_id)


def update_settings(session: Session, chat_id: int, *, at: datetime, **changes) -> ChatSettings:
    unknown = set(changes) - EDITABLE
    if unknown:
        raise ValueError(f"unknown settings: {sorted(unknown)}")
    row = session.get(ChatSettings, chat_id) or ChatSettings(chat_id=chat_id)
    for key, value in changes.items():
        setattr(row, key, list(value) if isinstance(value, (list, tuple)) else value)
    row.updated_at = at
    session.add(row)
    session.flush()
    return row
