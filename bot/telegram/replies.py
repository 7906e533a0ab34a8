"""Replies to the bot's messages: answers to 改时限 / 改责任单位 / 报进展 prompts, "已办结" (办结,
完成, done, ✅ …) which marks the item done and starts its follow-ups (办结后…报告销号), "销号"
from an admin, and anything else as progress. Which item a reply is about comes from what the
replied-to message was stored as (bot.core.protocol.reply_context), never from its text."""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot import messages
from bot.core import items, protocol
from bot.core.answers import answer_reply, reply_needs_admin
from bot.core.commands import Name, parse_command
from bot.telegram import intake
from bot.telegram.io import call, respond, runtime
from bot.telegram.permissions import sender_is_admin


def private_word(text: str) -> str | None:
    """The answer to a word typed on its own in a private chat: 已办结 / 销号 (which item? they
    are replies to a reminder), help / 帮助 (the help). None for anything else."""
    if items.is_done_word(text) or items.is_close_word(text):
        return messages.REPLY_WHICH_ITEM
    command = parse_command(text)
    if command is not None and command.name in (Name.HELP, Name.START) and not command.args:
        return messages.START
    return None


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every plain text message: a reply to the bot is about items; anything else may be a speech."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None:
        return
    original = message.reply_to_message
    if original is None or original.from_user is None or original.from_user.id != context.bot.id:
        said = private_word(message.text or "") if chat.type == ChatType.PRIVATE else None
        if said is not None:  # 已办结 or 帮助 typed on its own: not a speech with nothing found in it
            await message.reply_text(said)
            return
        await intake.on_text(update, context)
        return
    rt = runtime(context)
    text = message.text or ""
    about = await call(protocol.reply_context, rt, chat.id, original.message_id)
    if about is None:
        if items.is_done_word(text) or items.is_close_word(text):
            await respond(rt, message, await call(answer_reply, rt, chat_id=chat.id, user_id=None,
                                                  context=protocol.ReplyContext("", ()), text=text, is_admin=False))
        elif chat.type == ChatType.PRIVATE:
            await intake.on_text(update, context)
        return
    admin = reply_needs_admin(about, text) and await sender_is_admin(update, context)
    reply = await call(answer_reply, rt, chat_id=chat.id, user_id=user.id if user else None, context=about,
                       text=text, is_admin=admin)
    if reply is None and chat.type == ChatType.PRIVATE:  # about several items: maybe a speech
        await intake.on_text(update, context)
        return
    await respond(rt, message, reply)
