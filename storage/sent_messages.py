"""Messages the bot sent about items: what a reply to one of them is about.

The reply context is read from here (chat, message id → purpose and item numbers), never from
the message's text. A nudge is found by the message id its outbox row recorded. The column
`obligation_ids` holds the items' numbers in the chat (rows written before migration 0005
hold ids, which that migration made the numbers of those items).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import Nudge, Obligation, SentMessage

NUDGE = "nudge"  # the purpose of a message found through the outbox


@dataclass(frozen=True)
class MessageContext:
    purpose: str
    numbers: tuple[int, ...]  # the items' numbers in the chat
    speech_id: int | None = None


def record_sent_message(session: Session, *, chat_id: int, message_id: int, purpose: str,
                        numbers: Sequence[int], speech_id: int | None, at: datetime) -> SentMessage:
    """Store (or, for an edited message, replace) what a sent message is about."""
    row = session.exec(select(SentMessage).where(col(SentMessage.chat_id) == chat_id,
                                                 col(SentMessage.message_id) == message_id)).first()
    row = row or SentMessage(chat_id=chat_id, message_id=message_id, purpose=purpose, sent_at=at)
    row.purpose, row.obligation_ids, row.speech_id, row.sent_at = purpose, list(numbers), speech_id, at
    session.add(row)
    session.flush()
    return row


def find_message_context(session: Session, chat_id: int, message_id: int) -> MessageContext | None:
    """What the bot's message `message_id` in `chat_id` was about, or None when it was about no item."""
    row = session.exec(select(SentMessage).where(col(SentMessage.chat_id) == chat_id,
                                                 col(SentMessage.message_id) == message_id)).first()
    if row is not None:
        return MessageContext(row.purpose, tuple(row.obligation_ids), row.speech_id)
    nudged = session.exec(select(col(Obligation.number)).join(Nudge, col(Nudge.obligation_id) == col(Obligation.id))
                          .where(col(Nudge.message_id) == message_id, col(Obligation.chat_id) == chat_id)).first()
    return None if nudged is None else MessageContext(NUDGE, (nudged,))
