"""The confirmation list's buttons: 全部确认 / 确认本页, 上一页 / 下一页, per item 删除 / 改时限 /
改责任单位, and the answers to the 改时限 / 改责任单位 prompts. Nothing is scheduled until an
item is confirmed, and only admins confirm, delete or edit (bot.permissions); anyone may page."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot import actions, callbacks, messages
from bot.permissions import sender_is_admin
from bot.telegram_io import call, replace, respond, runtime


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    data = callbacks.parse(query.data)
    if data is None or query.message is None:
        await query.answer()
        return
    rt, chat_id, user_id = runtime(context), query.message.chat.id, update.effective_user.id
    if data.action == callbacks.PAGE:
        await query.answer()
        page = int(data.arg) if data.arg and data.arg.isdigit() else 0
        await replace(query.message, await call(actions.show_page, rt, chat_id=chat_id, speech_id=data.target,
                                                page=page))
        return
    if not await sender_is_admin(update, context):
        await query.answer(messages.ONLY_ADMIN_EDITS, show_alert=True)
        return
    await query.answer()
    if data.action == callbacks.CONFIRM_ALL:
        span = callbacks.item_range(data.arg)
        if span is None:
            reply = await call(actions.confirm_legacy, rt, chat_id=chat_id, speech_id=data.target, by=user_id)
        else:
            reply = await call(actions.confirm_items, rt, chat_id=chat_id, speech_id=data.target, by=user_id,
                               first=span[0], last=span[1])
        await replace(query.message, reply)
    elif data.action == callbacks.DELETE:
        await replace(query.message, await call(actions.delete_pending, rt, chat_id=chat_id,
                                                obligation_id=data.target, by=user_id))
    else:
        what = "due" if data.action == callbacks.EDIT_DUE else "owner"
        await respond(query.message, await call(actions.edit_prompt, rt, chat_id=chat_id, obligation_id=data.target,
                                                what=what))


def edit_kind(prompt_text: str) -> str | None:
    if prompt_text.startswith(messages.EDIT_DUE_MARK):
        return "due"
    if prompt_text.startswith(messages.EDIT_OWNER_MARK):
        return "owner"
    return None


async def on_edit_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, prompt: Message, what: str) -> None:
    """A reply to a 改时限 / 改责任单位 prompt: apply it and show the list again."""
    message = update.effective_message
    ids = actions.refs_in(prompt.text)
    if len(ids) != 1:
        return
    if not await sender_is_admin(update, context):
        await message.reply_text(messages.ONLY_ADMIN_EDITS)
        return
    reply = await call(actions.edit_item, runtime(context), chat_id=message.chat_id, obligation_id=ids[0],
                       by=update.effective_user.id, what=what, value=message.text)
    await respond(message, reply)
