"""A chat's settings row: its overrides of the deployment's policy (NULL = not overridden).
The defaults and their meaning live in scheduler.config.PolicyConfig."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session

from storage.models import ChatSettings

EDITABLE = {"timezone", "quiet_start", "quiet_end", "nudge_time", "closure_time", "days_before", "auto_confirm",
            "admin_user_ids", "review", "default_limit_days", "warning_days", "stagnation_days", "ladder_days",
            "bulletin", "bulletin_weekday", "bulletin_time"}


def get_chat_settings(session: Session, chat_id: int) -> ChatSettings | None:
    """The chat's stored overrides, or None when it has none."""
    return session.get(ChatSettings, chat_id)


def update_chat_settings(session: Session, chat_id: int, *, at: datetime, **changes: Any) -> ChatSettings:
    """Store overrides (None clears one: the chat follows the default again)."""
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
