"""The scheduler's Notifier over a python-telegram-bot `Bot`.

One nudge is one `sendMessage` to the speech's chat: the Chinese text for its purpose with the
item's colour, the bound users of the lead, the co-owners and a collective owner's members
mentioned (bot.core.nudges; HTML text mentions, labelled with the names stored in storage.users),
the item named by its number in the chat, and the ✅ 已办结 / 📝 报进展 / ⏰ 稍后提醒 / ⏳ 申请延期
buttons. The escalation ladder's steps ride on it: when the admins are to be told (`escalate`),
each admin who started the bot privately gets a private message after the group's (a failure
there is logged, never retried: the group message is out), and when none did they are
mentioned in the group; the last step adds that the item goes into the next 通报.

Errors are mapped for the sweeper: RetryAfter, NetworkError and TimedOut are retryable;
Forbidden and other BadRequests are permanent; ChatMigrated moves the chat's rows to the
new chat id and sends there at once.
"""

from __future__ import annotations

import asyncio
import html
import logging
import warnings
from collections.abc import Callable, Iterable
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError

from bot import messages
from bot.core import render
from bot.core.admin import display_names, forget_private_start, ladder_admins, move_chat
from bot.core.items import item_buttons
from bot.core.nudges import About, about, steps
from scheduler import policy
from scheduler.config import PolicyConfig
from scheduler.notifier import NudgeMessage, PermanentSendError, RetryableSendError

log = logging.getLogger(__name__)

NameLookup = Callable[[int], "str | None"]


def item_keyboard(number: int, *, extend: bool = True) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
                                 for row in item_buttons(number, extend=extend)])


def mention(user_id: int, label: str) -> str:
    return f'<a href="tg://user?id={int(user_id)}">{html.escape(label)}</a>'


def mentions(user_ids: Iterable[int], names: NameLookup | None) -> str:
    parts = []
    for user_id in dict.fromkeys(user_ids):
        label = (names(user_id) if names else None) or messages.MENTION_FALLBACK
        parts.append(mention(user_id, label))
    return " ".join(parts)


def nudge_html(message: NudgeMessage, *, tz: ZoneInfo = render.DEFAULT_TZ, names: NameLookup | None = None,
               extra_admins: Iterable[int] = (), about: About | None = None, told_privately: bool = False) -> str:
    """The group's text. `extra_admins` are mentioned on escalation (with the chat's admin ids)
    unless the admins were `told_privately`."""
    number, owners = (about.number, about.owners) if about is not None else (None, None)
    ladder = steps(message)
    text = html.escape(render.nudge_body(message, tz, number=number, owners=owners,
                                         mark=about.mark if about is not None else "",
                                         notice=policy.NOTICE in ladder))
    mentioned = about.mention_user_ids if about is not None else message.mention_user_ids
    if mentioned:
        text += "\n" + messages.NUDGE_MENTION.format(mentions=mentions(mentioned, names))
    if policy.ESCALATE in ladder:
        if told_privately:
            text += "\n" + messages.NUDGE_ESCALATE_PRIVATE
        else:
            admins = mentions([*message.admin_user_ids, *extra_admins], names)
            text += "\n" + messages.NUDGE_ESCALATE.format(admins=("：" + admins) if admins else "")
    return text


def retry_after_seconds(error: RetryAfter) -> float:
    """`RetryAfter.retry_after` is an int (deprecated) or a timedelta (PTB_TIMEDELTA)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def send_error(error: TelegramError) -> Exception:
    """The sweeper's word for a failed send: retry later, or never."""
    if isinstance(error, RetryAfter):
        return RetryableSendError(str(error), retry_after=retry_after_seconds(error))
    if isinstance(error, (Forbidden, BadRequest)):  # removed from the chat, chat not found, bad markup
        return PermanentSendError(str(error))
    return RetryableSendError(str(error))  # NetworkError, TimedOut, 5xx, dropped connections


class TelegramNotifier:
    def __init__(self, bot: Bot, *, engine: Engine | None = None, tz: ZoneInfo = render.DEFAULT_TZ,
                 names: NameLookup | None = None, extra_admins: Iterable[int] = (),
                 on_migrate: Callable[[int, int], None] | None = None, policy: PolicyConfig | None = None):
        self.bot, self.engine, self.tz, self.names = bot, engine, tz, names
        self.extra_admins = tuple(extra_admins)
        self._on_migrate = on_migrate
        self.policy = policy  # the deployment's; each chat's overrides are laid over it

    async def _group_admins(self, chat_id: int) -> list[int]:
        try:
            members = await self.bot.get_chat_administrators(chat_id)
        except TelegramError as error:
            log.warning("could not read the administrators of chat %s: %s", chat_id, error)
            return []
        return [member.user.id for member in members if not member.user.is_bot]

    async def send(self, message: NudgeMessage) -> int:
        names = self.names
        engine = self.engine
        found = await asyncio.to_thread(about, engine, message, self.policy) if engine is not None else None
        admins: list[int] = [*message.admin_user_ids, *self.extra_admins]
        private: list[int] = []
        if policy.ESCALATE in steps(message) and engine is not None:
            known = [*(await self._group_admins(message.chat_id)), *admins] if message.chat_id < 0 else admins
            admins, private = await asyncio.to_thread(ladder_admins, engine, message.chat_id, known)
        if names is None and engine is not None:  # the names stored by the bot (storage.users)
            ids = [*(found.mention_user_ids if found else message.mention_user_ids), *admins]
            names = (await asyncio.to_thread(display_names, engine, ids)).get if ids else None
        text = nudge_html(message, tz=self.tz, names=names, about=found, told_privately=bool(private),
                          extra_admins=[a for a in admins if a not in message.admin_user_ids])
        markup = item_keyboard(found.number if found else message.obligation_id,
                               extend=found.extend if found else True)
        try:
            sent = await self._send(message.chat_id, text, markup)
        except ChatMigrated as error:
            new_chat_id = error.new_chat_id
            log.info("chat %s became %s; moving its items", message.chat_id, new_chat_id)
            self.migrate(message.chat_id, new_chat_id)
            try:
                sent = await self._send(new_chat_id, text, markup)
            except ChatMigrated as again:
                raise RetryableSendError(f"chat migrated twice: {again!r}") from again
        if private:
            body = html.escape(render.nudge_body(message, self.tz, number=found.number if found else None,
                                                 owners=found.owners if found else None, caught_up_note=False))
            await self._tell_privately(private, messages.ESCALATE_PRIVATE.format(
                workdays=message.workdays_overdue or "", body=body))
        return sent

    async def _tell_privately(self, user_ids: list[int], text: str) -> None:
        """The ladder's private messages: best effort once the group's message is out."""
        for user_id in user_ids:
            try:
                await self.bot.send_message(user_id, text, parse_mode=ParseMode.HTML,
                                            link_preview_options=LinkPreviewOptions(is_disabled=True))
            except Forbidden as error:  # blocked the bot: mentioned in the group next time
                log.info("admin %s cannot be written to privately (%s)", user_id, error)
                if self.engine is not None:
                    await asyncio.to_thread(forget_private_start, self.engine, user_id)
            except TelegramError as error:
                log.warning("could not tell admin %s privately: %s", user_id, error)

    def migrate(self, old_chat_id: int, new_chat_id: int) -> None:
        if self._on_migrate is not None:
            self._on_migrate(old_chat_id, new_chat_id)
        elif self.engine is not None:
            move_chat(self.engine, old_chat_id, new_chat_id)

    async def _send(self, chat_id: int, text: str, markup: InlineKeyboardMarkup) -> int:
        try:
            sent = await self.bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup,
                                               link_preview_options=LinkPreviewOptions(is_disabled=True))
        except RetryAfter as error:
            raise RetryableSendError(str(error), retry_after=retry_after_seconds(error)) from error
        except Forbidden as error:
            raise PermanentSendError(str(error)) from error
        except BadRequest as error:  # chat not found, bad markup: retrying will not help
            raise PermanentSendError(str(error)) from error
        except NetworkError as error:  # includes TimedOut, 5xx and dropped connections
            raise RetryableSendError(str(error)) from error
        return sent.message_id
