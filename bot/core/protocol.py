"""The protocol between the bot's messages and what people do with them.

- Callback data of inline buttons: short ASCII, ≤ 64 bytes, `<action>:<id>[:<arg>]`. Buttons
  carry ids only; everything else is read from the database when pressed, so a button pressed
  after a restart (or weeks later) still works.
- The reply context: every message about items is stored with its purpose and item ids
  (storage.sent_messages); a reply to it is about those items, whatever the text says.

Both adapters speak it: Telegram's handler patterns are built here, and the console turns
`done 3` into the same `Press` a ✅ button sends.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from storage.db import transaction
from storage.sent_messages import find_message_context, record_sent_message

if TYPE_CHECKING:
    from bot.core.reply import Reply
    from bot.core.runtime import Runtime

MAX_BYTES = 64


class Action(StrEnum):
    """What a button does."""

    DONE = "d"  # ✅ 已办结 <obligation>
    PROGRESS = "p"  # 📝 报进展 <obligation>
    SNOOZE = "z"  # ⏰ 稍后提醒 <obligation>[:h|t]
    CONFIRM_PAGE = "ca"  # 全部确认 / 确认本页 <speech>:<first item>-<last item> (the items shown)
    PAGE = "pg"  # 上一页 / 下一页 <speech>:<page>
    DELETE = "rm"  # 删除 <obligation> (pending)
    EDIT_DUE = "ed"  # 改时限 <obligation> (pending)
    EDIT_OWNER = "eo"  # 改责任单位 <obligation> (pending)


CONFIRMATION_ACTIONS = (Action.CONFIRM_PAGE, Action.PAGE, Action.DELETE, Action.EDIT_DUE, Action.EDIT_OWNER)
ITEM_ACTIONS = (Action.DONE, Action.PROGRESS, Action.SNOOZE)
SNOOZE_CHOICES = {"h": "hour", "t": "tomorrow"}


class Purpose(StrEnum):
    """What a sent message is for: how a reply to it is read."""

    CONFIRMATION = "confirmation"  # a speech's confirmation list (or one page of it)
    EDIT_DUE = "edit_due"  # 改时限 prompt: the reply is the new limit
    EDIT_OWNER = "edit_owner"  # 改责任单位 prompt: the reply is the new owner
    PROGRESS = "progress"  # 报进展 prompt: the reply is a progress report
    ITEM = "item"  # anything else about items (details, answers, lists)
    NUDGE = "nudge"  # a reminder (storage.sent_messages finds it through the outbox)


@dataclass(frozen=True)
class Press:
    """A button pressed (or its console equivalent)."""

    action: Action
    target: int
    arg: str | None = None

    @property
    def data(self) -> str:
        data = f"{self.action}:{self.target}" + (f":{self.arg}" if self.arg else "")
        if len(data.encode()) > MAX_BYTES or ":" in (self.arg or ""):
            raise ValueError(f"bad callback data {data!r}")
        return data


def build(action: Action, target: int, arg: str | None = None) -> str:
    return Press(action, target, arg).data


def parse(data: str | None) -> Press | None:
    """None for anything that is not ours (or malformed)."""
    if not data:
        return None
    parts = data.split(":")
    if len(parts) not in (2, 3) or parts[0] not in Action._value2member_map_ or not parts[1].isdigit():
        return None
    return Press(Action(parts[0]), int(parts[1]), parts[2] if len(parts) == 3 else None)


def pattern(actions: Iterable[Action]) -> str:
    """A regular expression matching the callback data of these actions (for PTB handlers)."""
    return "^(" + "|".join(re.escape(a.value) for a in actions) + "):"


def item_span(first: int, last: int) -> str:
    return f"{first}-{last}"


def item_range(arg: str | None) -> tuple[int, int] | None:
    """"12-40" → (12, 40); None for anything else."""
    first, sep, last = (arg or "").partition("-")
    if not sep or not first.isdigit() or not last.isdigit() or int(first) > int(last):
        return None
    return int(first), int(last)


@dataclass(frozen=True)
class ReplyContext:
    """What the message someone replied to was about."""

    purpose: str
    obligation_ids: tuple[int, ...]
    speech_id: int | None = None

    @property
    def item(self) -> int | None:
        """The one item the message was about (None when it named several or none)."""
        return self.obligation_ids[0] if len(self.obligation_ids) == 1 else None


def remember_sent(rt: Runtime, chat_id: int, message_id: int, reply: Reply) -> None:
    """Store what a message the bot sent (or edited) is about, when it is about items."""
    if reply.purpose is None:
        return
    with transaction(rt.engine) as session:
        record_sent_message(session, chat_id=chat_id, message_id=message_id, purpose=reply.purpose,
                            obligation_ids=reply.obligation_ids, speech_id=reply.speech_id, at=rt.now())


def reply_context(rt: Runtime, chat_id: int, message_id: int) -> ReplyContext | None:
    """What the bot's message `message_id` was about; None for a message about no item."""
    with transaction(rt.engine) as session:
        found = find_message_context(session, chat_id, message_id)
    return None if found is None else ReplyContext(found.purpose, found.obligation_ids, found.speech_id)
