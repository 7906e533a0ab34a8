"""What every handler needs, built once in the entry point: database, clock, limits, the
sweep loop to poke. Stored in `application.bot_data["runtime"]`; the console holds one too."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from scheduler.clock import Clock, SystemClock
from scheduler.loop import SweepLoop

DEFAULT_MERGE_WINDOW = 3.0  # seconds: one sender's consecutive messages within this form one speech


@dataclass
class Runtime:
    engine: Engine
    clock: Clock = field(default_factory=SystemClock)
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Asia/Shanghai"))
    admins: frozenset[int] = frozenset()  # DUBAN_ADMINS: admins in every allowed chat
    allowed_chats: frozenset[int] = frozenset()  # DUBAN_ALLOWED_CHATS: empty = every chat
    max_document_bytes: int = 20 * 1024 * 1024
    merge_window: float = DEFAULT_MERGE_WINDOW
    group_speech_min_chars: int = 80  # in groups, unforwarded text shorter than this is chat, not a speech
    sweep_loop: SweepLoop | None = None
    # Deployment-wide defaults (DUBAN_QUIET_HOURS, DUBAN_NUDGE_TIME, …) written to a chat's settings
    # row when its first speech arrives; /settings changes them per chat afterwards.
    chat_defaults: dict = field(default_factory=dict)
    # Users seen in allowed chats: @username → id and id → display name (for /bind and mentions).
    user_ids: dict[str, int] = field(default_factory=dict)
    user_names: dict[int, str] = field(default_factory=dict)

    def now(self) -> datetime:
        return self.clock.now()

    def local_now(self) -> datetime:
        """Naive local time: the `ref` extraction expects."""
        return self.now().astimezone(self.tz).replace(tzinfo=None)

    def poke(self) -> None:
        """The schedule changed: let the sweeper look now."""
        if self.sweep_loop is not None:
            self.sweep_loop.poke()

    def remember_user(self, user_id: int, username: str | None, name: str | None) -> None:
        if username:
            self.user_ids[username.lower()] = user_id
        if name:
            self.user_names[user_id] = name

    def chat_allowed(self, chat_id: int, user_id: int | None = None, private: bool = False) -> bool:
        if not self.allowed_chats or chat_id in self.allowed_chats:
            return True
        return private and user_id is not None and user_id in self.admins
