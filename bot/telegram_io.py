"""Turning an `actions.Reply` into Bot API calls (plain text, inline buttons or ForceReply)."""

from __future__ import annotations

import logging

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Message
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from bot.actions import Reply
from bot.runtime import Runtime

log = logging.getLogger(__name__)


def runtime(context: ContextTypes.DEFAULT_TYPE) -> Runtime:
    return context.application.bot_data["runtime"]


def markup(reply: Reply) -> InlineKeyboardMarkup | ForceReply | None:
    if reply.buttons:
        return InlineKeyboardMarkup([[InlineKeyboardButton(b.label, callback_data=b.data) for b in row]
                                     for row in reply.buttons])
    if reply.force_reply:
        return ForceReply(selective=True)
    return None


async def respond(message: Message, reply: Reply | None) -> Message | None:
    """Answer `message` (quoting it in groups)."""
    if reply is None:
        return None
    if reply.document is not None:
        name, data = reply.document
        return await message.reply_document(InputFile(data, filename=name), caption=reply.text or None)
    return await message.reply_text(reply.text, reply_markup=markup(reply))


async def replace(message: Message, reply: Reply) -> None:
    """Show `reply` in place of a message the bot sent (the confirmation list, 正在解析…)."""
    keyboard = markup(reply)
    try:
        await message.edit_text(reply.text, reply_markup=keyboard if isinstance(keyboard, InlineKeyboardMarkup)
                                else None)
    except BadRequest as error:
        if "not modified" in str(error).lower():
            return
        log.info("could not edit message %s (%s); sending anew", message.message_id, error)
        await message.reply_text(reply.text, reply_markup=keyboard)
