"""Answers about one item: ✅ / 📝 / ⏰ buttons, and replies to the bot's messages.

A reply "已办结" (办结, 完成, done, ✅ …) to any bot message about one item marks it done and
starts its follow-ups (办结后…报告销号); "销号" from an admin closes it; any other reply to a
message about an open item is recorded as progress. The item is read from the 【#N】 marker
in the replied-to message, or from the stored message id of a nudge.
"""

from __future__ import annotations

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot import actions, callbacks, confirm, intake, messages
from bot.permissions import sender_is_admin
from bot.runtime import Runtime
from bot.telegram_io import call, replace, respond, runtime
from storage.chat_queries import obligation_for_message
from storage.db import transaction


def _nudged_item(rt: Runtime, chat_id: int, message_id: int) -> int | None:
    with transaction(rt.engine) as session:
        row = obligation_for_message(session, chat_id, message_id)
        return row.id if row is not None else None


async def item_of(context: ContextTypes.DEFAULT_TYPE, original: Message) -> int | None:
    ids = actions.refs_in(original.text or original.caption)
    if len(ids) == 1:
        return ids[0]
    if not ids:
        return await call(_nudged_item, runtime(context), original.chat_id, original.message_id)
    return None


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every plain text message: a reply to the bot is about an item; anything else may be a speech."""
    message = update.effective_message
    original = message.reply_to_message
    if original is None or original.from_user is None or original.from_user.id != context.bot.id:
        await intake.on_text(update, context)
        return
    what = confirm.edit_kind(original.text or "")
    if what is not None:
        await confirm.on_edit_answer(update, context, original, what)
        return
    rt, chat, user_id = runtime(context), update.effective_chat, update.effective_user.id
    obligation_id = await item_of(context, original)
    text = message.text or ""
    if obligation_id is None:
        if actions.is_done_word(text) or actions.is_close_word(text):
            await message.reply_text(messages.REPLY_WHICH_ITEM)
        elif chat.type == ChatType.PRIVATE:
            await intake.on_text(update, context)
        return
    if actions.is_done_word(text):
        reply = await call(actions.mark_done, rt, chat_id=chat.id, obligation_id=obligation_id, by=user_id)
    elif actions.is_close_word(text):
        if not await sender_is_admin(update, context):
            reply = actions.Reply(messages.CLOSE_ONLY_ADMIN)
        else:
            reply = await call(actions.close, rt, chat_id=chat.id, obligation_id=obligation_id, by=user_id)
    else:
        reply = await call(actions.add_progress, rt, chat_id=chat.id, obligation_id=obligation_id, by=user_id,
                           text=text)
    await respond(message, reply)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    data = callbacks.parse(query.data)
    if data is None or query.message is None:
        await query.answer()
        return
    rt, chat_id, user_id = runtime(context), query.message.chat.id, update.effective_user.id
    if data.action == callbacks.DONE:
        reply = await call(actions.mark_done, rt, chat_id=chat_id, obligation_id=data.target, by=user_id)
        await query.answer()
        if reply.changed:
            await query.message.edit_reply_markup(None)
        await respond(query.message, reply)
    elif data.action == callbacks.PROGRESS:
        await query.answer()
        await respond(query.message, actions.progress_prompt(rt, obligation_id=data.target))
    elif data.arg is None:
        await query.answer()
        await respond(query.message, actions.snooze_choices(data.target))
    else:
        choice = callbacks.SNOOZE_CHOICES.get(data.arg)
        await query.answer()
        if choice is not None:
            await replace(query.message, await call(actions.snooze, rt, chat_id=chat_id,
                                                    obligation_id=data.target, by=user_id, choice=choice))
