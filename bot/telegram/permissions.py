"""Who may use the bot and who may write the ledger.

- DUBAN_ALLOWED_CHATS limits the chats (empty: every chat); a private chat of a DUBAN_ADMINS
  user is always allowed. Outsiders get a polite refusal and nothing is stored.
- Admins — the only ones who may confirm, delete or edit items, close them, read the ledger
  and bind owners — are the group's Telegram administrators (cached for a few minutes),
  DUBAN_ADMINS, users an admin granted the 督查员 role (/grant, stored in the database), the
  chat's configured admin ids, and in a private chat its user (it is their own ledger).
  Anyone may answer a nudge (已办结, progress, snooze): owners are ordinary members.
- Users seen in allowed chats are stored (storage.users) for mentions and /bind @username.
"""

from __future__ import annotations

import logging
import time

from telegram import Update, User
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import messages
from bot.core.admin import is_granted, remember_user
from bot.core.controls import strip_controls
from bot.telegram.io import apology, call, runtime

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


async def remember(context: ContextTypes.DEFAULT_TYPE, user: User) -> None:
    rt = runtime(context)
    if rt.users_stored.get(user.id) == (user.username.lower() if user.username else None,
                                        strip_controls(user.full_name) or None):
        return
    try:
        await call(remember_user, rt, user.id, user.username, user.full_name)
    except Exception as error:  # noqa: BLE001 - the update itself is still handled (and answered)
        apology(error, "storing a user's name")


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs first for every update (handler group -1): refuse outsiders, remember users."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return
    rt = runtime(context)
    if rt.chat_allowed(chat.id, user.id if user else None, chat.type == ChatType.PRIVATE):
        if user is not None and not user.is_bot:
            await remember(context, user)
        return
    log.info("refused an update from chat %s", chat.id)
    if update.callback_query is not None:
        await update.callback_query.answer(messages.NOT_ALLOWED, show_alert=True)
    elif update.effective_message is not None and addressed_to_bot(update, context):
        await update.effective_message.reply_text(messages.NOT_ALLOWED)
    raise ApplicationHandlerStop


async def group_admins(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> frozenset[int]:
    cache = context.application.bot_data.setdefault("admin_cache", {})
    entry = cache.get(chat_id)
    if entry is None or entry[0] < time.monotonic():
        try:
            members = await context.bot.get_chat_administrators(chat_id)
        except TelegramError as error:
            log.warning("could not read the administrators of chat %s: %s", chat_id, error)
            return frozenset()
        entry = (time.monotonic() + ADMIN_CACHE_SECONDS, frozenset(m.user.id for m in members))
        cache[chat_id] = entry
    return entry[1]


async def is_admin(context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int | None, *,
                   private: bool = False, roles_count: bool = True) -> bool:
    """May `user_id` write the ledger of `chat_id`? `roles_count=False`: only Telegram group
    administrators and DUBAN_ADMINS (who may grant roles)."""
    rt = runtime(context)
    if user_id is None:
        return False
    if user_id in rt.admins or private:
        return True
    if user_id in await group_admins(context, chat_id):
        return True
    return roles_count and await call(is_granted, rt, chat_id, user_id)


async def sender_is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE, *, roles_count: bool = True) -> bool:
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return False
    return await is_admin(context, chat.id, user.id if user else None, private=chat.type == ChatType.PRIVATE,
                          roles_count=roles_count)


async def require_admin(update: Update, context: ContextTypes.DEFAULT_TYPE, *, roles_count: bool = True,
                        refusal: str = messages.ADMIN_ONLY) -> bool:
    """True for an admin; otherwise tells the user and returns False."""
    if await sender_is_admin(update, context, roles_count=roles_count):
        return True
    if update.callback_query is not None:
        await update.callback_query.answer(refusal, show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_text(refusal)
    return False
