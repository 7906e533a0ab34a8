"""Who may use the bot and who is an admin.

- DUBAN_ALLOWED_CHATS limits the chats (empty: every chat); a private chat of a DUBAN_ADMINS
  user is always allowed. Outsiders get a polite refusal and nothing is stored.
- Admins are the group's Telegram administrators (cached for a few minutes), DUBAN_ADMINS, the
  chat's configured admin ids, and in a private chat its user (it is their own ledger).
"""

from __future__ import annotations

import logging
import time

from telegram import Chat, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import messages
from bot.telegram_io import runtime
from storage.chat_settings import get_settings
from storage.db import transaction

log = logging.getLogger(__name__)
ADMIN_CACHE_SECONDS = 300.0


def addressed_to_bot(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    message = update.effective_message
    if message is None or update.effective_chat is None:
        return False
    if update.effective_chat.type == ChatType.PRIVATE:
        return True
    if (message.text or "").startswith("/"):
        return True
    original = message.reply_to_message
    return bool(original and original.from_user and original.from_user.id == context.bot.id)


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs first for every update (handler group -1): refuse outsiders, remember users."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return
    rt = runtime(context)
    if rt.chat_allowed(chat.id, user.id if user else None, chat.type == ChatType.PRIVATE):
        if user is not None and not user.is_bot:
            rt.remember_user(user.id, user.username, user.full_name)
        return
    log.info("refused an update from chat %s", chat.id)
    if update.callback_query is not None:
        await update.callback_query.answer(messages.NOT_ALLOWED, show_alert=True)
    elif addressed_to_bot(update, context):
        await update.effective_message.reply_text(messages.NOT_ALLOWED)
    raise ApplicationHandlerStop


async def is_admin(context: ContextTypes.DEFAULT_TYPE, chat: Chat, user_id: int | None) -> bool:
    rt = runtime(context)
    if user_id is None:
        return False
    if user_id in rt.admins or chat.type == ChatType.PRIVATE:
        return True
    with transaction(rt.engine) as session:
        if user_id in (get_settings(session, chat.id).admin_user_ids or []):
            return True
    cache = context.application.bot_data.setdefault("admin_cache", {})
    entry = cache.get(chat.id)
    if entry is None or entry[0] < time.monotonic():
        try:
            members = await context.bot.get_chat_administrators(chat.id)
        except TelegramError as error:
            log.warning("could not read the administrators of chat %s: %s", chat.id, error)
            return False
        entry = (time.monotonic() + ADMIN_CACHE_SECONDS, frozenset(m.user.id for m in members))
        cache[chat.id] = entry
    return user_id in entry[1]


async def require_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """True for an admin; otherwise tells the user and returns False."""
    user = update.effective_user
    if await is_admin(context, update.effective_chat, user.id if user else None):
        return True
    if update.callback_query is not None:
        await update.callback_query.answer(messages.ADMIN_ONLY, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(messages.ADMIN_ONLY)
    return False
