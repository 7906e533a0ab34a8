"""What every handler needs, built once in the entry point: database, clock, limits, the
sweep loop to poke. Stored in `application.bot_data["runtime"]`; the console holds one too."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Engine

from bot.documents.worker import DocumentLimits
from scheduler.clock import Clock, SystemClock
from scheduler.config import PolicyConfig
from scheduler.loop import SweepLoop

DEFAULT_MERGE_WINDOW = 3.0  # seconds: one sender's consecutive messages within this form one speech
DEFAULT_MAX_ITEMS = 300  # obligations listed from one speech


@dataclass
class Runtime:
    engine: Engine
    clock: Clock = field(default_factory=SystemClock)
    # The deployment's policy (DUBAN_TIMEZONE, DUBAN_QUIET_HOURS, DUBAN_NUDGE_TIME, …); a chat's
    # /settings overrides are laid over it (scheduler.service.config_for).
    policy: PolicyConfig = field(default_factory=PolicyConfig)
    admins: frozenset[int] = frozenset()  # DUBAN_ADMINS: admins in every allowed chat
    allowed_chats: frozenset[int] = frozenset()  # DUBAN_ALLOWED_CHATS: empty = every chat
    max_document_bytes: int = 20 * 1024 * 1024
    # Documents are parsed in a child process with these limits (max_bytes is max_document_bytes).
    document_memory_mb: float = 512
    document_timeout: float = 30.0
    document_max_chars: int | None = 2_000_000
    max_items_per_speech: int = DEFAULT_MAX_ITEMS
    merge_window: float = DEFAULT_MERGE_WINDOW
    group_speech_min_chars: int = 80  # in groups, unforwarded text shorter than this is chat, not a speech
    sweep_loop: SweepLoop | None = None
    # Users already written to the database (id → (username, name)): the database holds them
    # (storage.users); this only spares a write per message.
    users_stored: dict[int, tuple[str | None, str | None]] = field(default_factory=dict)

    @property
    def tz(self) -> ZoneInfo:
        return self.policy.tz

    def now(self) -> datetime:
        return self.clock.now()

    def local_now(self) -> datetime:
        """Naive local time: the `ref` extraction expects."""
        return self.now().astimezone(self.tz).replace(tzinfo=None)

    def poke(self) -> None:
        """The schedule changed: let the sweeper look now."""
        if self.sweep_loop is not None:
            self.sweep_loop.poke()

    @property
    def document_limits(self) -> DocumentLimits:
        return DocumentLimits(memory_mb=self.document_memory_mb, timeout=self.document_timeout,
                              max_chars=self.document_max_chars, max_bytes=self.max_document_bytes)

    def chat_allowed(self, chat_id: int, user_id: int | None = None, private: bool = False) -> bool:
        if not self.allowed_chats or chat_id in self.allowed_chats:
            return True
        return private and user_id is not None and user_id in self.admins
