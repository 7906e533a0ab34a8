"""Turning a `Reply` into Bot API calls (plain text, inline buttons or ForceReply), running the
conversation core off the event loop, and making sure every sender hears back.

- `call(fn, …)`: database work (every `bot.core` call) runs in a worker thread, so a slow or
  hung database delays that reply, not the event loop (nudges, polling).
- Every message sent or edited with a reply about items is stored with those items
  (bot.core.protocol.remember_sent): a reply to it is read against that, not its text.
- `answered(handler)`: wraps each handler (in bot.telegram.app, one place): whatever fails, the sender
  gets "数据库暂时不可用，请稍后再试" (database down) or a generic apology, logged once.
"""

from __future__ import annotations

import asyncio
import functools
import html
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

import sqlalchemy.exc
from telegram import (
    Bot,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InputFile,
    Message,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

import storage.db
from bot import messages
from bot.core.admin import display_names
from bot.core.protocol import remember_sent
from bot.core.reply import Reply
from bot.core.reports import split_text
from bot.core.runtime import Runtime

log = logging.getLogger(__name__)
T = TypeVar("T")

# What "the database is unavailable" looks like. storage.db.DatabaseUnavailable (when storage
# provides it) is the database layer's own word for it; SQLAlchemy's errors cover the rest.
_DATABASE_DOWN: tuple[type[BaseException], ...] = tuple(
    cls for cls in (getattr(storage.db, "DatabaseUnavailable", None), sqlalchemy.exc.OperationalError,
                    sqlalchemy.exc.TimeoutError, sqlalchemy.exc.DisconnectionError, TimeoutError) if cls is not None)


def runtime(context: ContextTypes.DEFAULT_TYPE) -> Runtime:
    return context.application.bot_data["runtime"]


async def call(fn: Callable[..., T], /, *args, **kwargs) -> T:
    """Run `fn` (which talks to the database) in a worker thread."""
    return await asyncio.to_thread(fn, *args, **kwargs)


def database_unavailable(error: BaseException) -> bool:
    return isinstance(error, _DATABASE_DOWN)


def apology(error: BaseException, what: str = "handling an update") -> str:
    """Log `error` once (one line when the database is down, else with its traceback) and
    return the Chinese text to tell the sender."""
    if database_unavailable(error):
        log.warning("database unavailable while %s: %s", what, str(error).splitlines()[0] if str(error) else
                    type(error).__name__)
        return messages.DB_UNAVAILABLE
    log.error("error while %s", what, exc_info=error)
    return messages.ERROR


def answered(handler: Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[None]]):
    """`handler`, but the sender always gets an answer when it fails."""

    @functools.wraps(handler)
    async def run(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        try:
            await handler(update, context)
        except ApplicationHandlerStop:
            raise
        except Exception as error:  # noqa: BLE001 - every failure is answered and logged
            await tell(update, apology(error, f"handling an update in {handler.__qualname__}"))

    return run


async def tell(update: object, text: str) -> None:
    """Best effort: show `text` to whoever sent `update` (an alert for a button, else a reply)."""
    if not isinstance(update, Update):
        return
    query = update.callback_query
    try:
        if query is not None:
            try:
                await query.answer(text, show_alert=True)
            except TelegramError:
                pass  # already answered: the reply below is what the sender sees
            if isinstance(query.message, Message):
                await query.message.reply_text(text)
        elif update.effective_message is not None:
            await update.effective_message.reply_text(text)
    except TelegramError as error:
        log.warning("could not tell the sender about a failure: %s", error)


def markup(reply: Reply) -> InlineKeyboardMarkup | ForceReply | None:
    if reply.buttons:
        return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
                                     for row in reply.buttons])
    if reply.force_reply:
        return ForceReply(selective=True)
    return None


async def remember(rt: Runtime, sent: Message | None, reply: Reply) -> Message | None:
    """Store what `sent` is about (best effort: a message we cannot remember still went out)."""
    if sent is not None and reply.purpose is not None:
        try:
            await call(remember_sent, rt, sent.chat_id, sent.message_id, reply)
        except Exception as error:  # noqa: BLE001 - the answer is out; a reply to it asks which item
            apology(error, "storing what a sent message is about")
    return sent


async def with_mentions(rt: Runtime, reply: Reply) -> str:
    """The reply's text as HTML, its users mentioned below it (text mentions with their stored names)."""
    names = await call(display_names, rt.engine, list(reply.mention_user_ids))
    links = " ".join(f'<a href="tg://user?id={int(user_id)}">'
                     f'{html.escape(names.get(user_id) or messages.MENTION_FALLBACK)}</a>'
                     for user_id in reply.mention_user_ids)
    return html.escape(reply.with_hint) + "\n" + messages.NUDGE_MENTION.format(mentions=links)


async def respond(rt: Runtime, message: Message, reply: Reply | None) -> Message | None:
    """Answer `message` (quoting it in groups)."""
    if reply is None:
        return None
    if reply.document is not None:
        name, data = reply.document
        return await message.reply_document(InputFile(data, filename=name), caption=reply.text or None)
    if reply.photo is not None:  # a 通报: its text (in parts if long), then its chart
        first: Message | None = None
        for part in split_text(reply.text):
            sent = await message.reply_text(part)
            first = first or sent
        name, data = reply.photo
        await message.reply_photo(InputFile(data, filename=name), caption=reply.photo_caption or None)
        return first
    if reply.mention_user_ids:
        sent = await message.reply_text(await with_mentions(rt, reply), reply_markup=markup(reply),
                                        parse_mode=ParseMode.HTML)
        return await remember(rt, sent, reply)
    return await remember(rt, await message.reply_text(reply.with_hint, reply_markup=markup(reply)), reply)


async def respond_to(rt: Runtime, bot: Bot, chat_id: int, message_id: int | None,
                     reply: Reply | None) -> Message | None:
    """Answer a message known only by its ids (e.g. a speech fragment read back after a restart)."""
    if reply is None:
        return None
    quote = None if message_id is None else ReplyParameters(message_id, allow_sending_without_reply=True)
    sent = await bot.send_message(chat_id, reply.with_hint, reply_markup=markup(reply), reply_parameters=quote)
    return await remember(rt, sent, reply)


async def replace(rt: Runtime, message: Message, reply: Reply) -> None:
    """Show `reply` in place of a message the bot sent (the confirmation list, 正在解析…)."""
    keyboard = markup(reply)
    try:
        await message.edit_text(reply.with_hint, reply_markup=keyboard if isinstance(keyboard, InlineKeyboardMarkup)
                                else None)
    except BadRequest as error:
        if "not modified" in str(error).lower():
            return
        log.info("could not edit message %s (%s); sending anew", message.message_id, error)
        await remember(rt, await message.reply_text(reply.with_hint, reply_markup=keyboard), reply)
        return
    await remember(rt, message, reply)
