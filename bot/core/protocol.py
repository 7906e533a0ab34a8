"""The protocol between the bot's messages and what people do with them.

- Callback data of inline buttons: short ASCII, ≤ 64 bytes, `<action>:<number>[:<arg>]`. Buttons
  carry the item's number in its chat (a speech's or an extension request's id for the
  actions about those) only; everything else is read from the database when pressed, so a button pressed
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

    DONE = "d"  # ✅ 已办结 <number>
    PROGRESS = "p"  # 📝 报进展 <number>
    SNOOZE = "z"  # ⏰ 稍后提醒 <number>[:h|t|c]
    EXTEND = "ex"  # ⏳ 申请延期 <number>: asks for the date and reason
    CONFIRM_PAGE = "ca"  # 全部确认 / 确认本页 <speech>:<first number>-<last number> (the items shown)
    PAGE = "pg"  # 上一页 / 下一页 <speech>:<page>
    DELETE = "rm"  # 删除 <number> (pending)
    EDIT_DUE = "ed"  # 改时限 <number> (pending)
    EDIT_OWNER = "eo"  # 改责任单位 <number> (pending)
    EDIT_CHAIN = "ec"  # 改前序 <number> (pending follow-up)
    KEEP = "kp"  # 不合并 <number> (pending item that repeats an open one)
    DEFAULT_LIMIT = "dl"  # 按默认时限 <number> (pending item with a vague limit)
    APPROVE = "ap"  # 通过 <number> (awaiting review)
    RETURN = "rt"  # 退回重办 <number>: asks for the reason
    EXTENSION_YES = "ey"  # 同意延期 <extension request>
    EXTENSION_NO = "en"  # 不同意 <extension request>
    EVENT_NOW = "ev"  # 今天已发生 <number> (waiting for its event)
    EVENT_ASK = "ea"  # 填写时间 <number>: asks for the event's date and time


CONFIRMATION_ACTIONS = (Action.CONFIRM_PAGE, Action.PAGE, Action.DELETE, Action.EDIT_DUE, Action.EDIT_OWNER,
                        Action.EDIT_CHAIN, Action.KEEP, Action.DEFAULT_LIMIT)
ITEM_ACTIONS = (Action.DONE, Action.PROGRESS, Action.SNOOZE, Action.EXTEND)
SNOOZE_CHOICES = {"h": "hour", "t": "tomorrow"}
SNOOZE_AT = "c"  # 指定时间: asks for the time


class Purpose(StrEnum):
    """What a sent message is for: how a reply to it is read."""

    CONFIRMATION = "confirmation"  # a speech's confirmation list (or one page of it)
    EDIT_DUE = "edit_due"  # 改时限 prompt: the reply is the new limit
    EDIT_OWNER = "edit_owner"  # 改责任单位 prompt: the reply is the new owner
    EDIT_CHAIN = "edit_chain"  # 改前序 prompt: the reply is the number of the item it follows
    PROGRESS = "progress"  # 报进展 prompt: the reply is a progress report
    RETURN_REASON = "return_reason"  # 退回重办 prompt: the reply is the reason
    EXTENSION = "extension"  # 申请延期 prompt: the reply is the new date and the reason
    EVENT_TIME = "event_time"  # 填写时间 prompt: the reply is when the event happens / happened
    SNOOZE_TIME = "snooze_time"  # 稍后提醒·指定时间 prompt: the reply is when to remind again
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
    """What the message someone replied to was about (item numbers in the chat)."""

    purpose: str
    numbers: tuple[int, ...]
    speech_id: int | None = None

    @property
    def item(self) -> int | None:
        """The one item the message was about (None when it named several or none)."""
        return self.numbers[0] if len(self.numbers) == 1 else None


def remember_sent(rt: Runtime, chat_id: int, message_id: int, reply: Reply) -> None:
    """Store what a message the bot sent (or edited) is about, when it is about items."""
    if reply.purpose is None:
        return
    with transaction(rt.engine) as session:
        record_sent_message(session, chat_id=chat_id, message_id=message_id, purpose=reply.purpose,
                            numbers=reply.numbers, speech_id=reply.speech_id, at=rt.now())


def reply_context(rt: Runtime, chat_id: int, message_id: int) -> ReplyContext | None:
    """What the bot's message `message_id` was about; None for a message about no item."""
    with transaction(rt.engine) as session:
        found = find_message_context(session, chat_id, message_id)
    return None if found is None else ReplyContext(found.purpose, found.numbers, found.speech_id)
