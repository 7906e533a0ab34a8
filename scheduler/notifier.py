"""The sending interface the bot implements, and the message data it receives.

The scheduler decides *that* and *why* a nudge goes out; the bot renders the Chinese text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class NudgeMessage:
    """One message about one obligation (several due slots of it are coalesced into one)."""

    obligation_id: int
    chat_id: int  # the chat the speech came from
    purpose: str  # scheduler.policy purposes: before_due, closure_prompt, overdue, escalate, report_prompt
    slots: tuple[str, ...]  # every slot key this message covers
    planned_at: datetime  # of the latest covered slot
    owner: str | None
    action: str
    quote: str
    kind: str
    due_at: datetime | None
    escalate: bool = False  # also tell the chat's admins
    workdays_overdue: int | None = None
    period_due: str | None = None  # report prompts: the period's due day (ISO date)
    calendar_confirmed: bool = True
    mention_user_ids: tuple[int, ...] = ()  # owner bindings
    target_chat_ids: tuple[int, ...] = ()
    admin_user_ids: tuple[int, ...] = ()
    caught_up: bool = False  # its earliest slot is late (the process was down or busy when it was due)


class RetryableSendError(Exception):
    """Telegram is unavailable or throttling (RetryAfter, network error): try again later."""

    def __init__(self, message: str = "", retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after  # seconds, when Telegram said how long


class PermanentSendError(Exception):
    """It will never work (Forbidden: the bot was blocked or removed; chat not found)."""


class Notifier(Protocol):
    async def send(self, message: NudgeMessage) -> int:
        """Deliver the message; return its Telegram message id.

        Raise RetryableSendError or PermanentSendError; anything else counts as retryable."""
