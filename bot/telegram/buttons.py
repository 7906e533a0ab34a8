"""Inline buttons: the confirmation list's (全部确认 / 确认本页, 上一页 / 下一页, per item 删除 /
改时限 / 改责任单位) and a nudge's (✅ 已办结, 📝 报进展, ⏰ 稍后提醒). Nothing is scheduled
until an item is confirmed, and only admins confirm, delete or edit (bot.telegram.permissions);
anyone may page or answer a nudge."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot import messages
from bot.core import protocol
from bot.core.answers import ADMIN_ACTIONS, answer_press, replaces
from bot.core.protocol import Action
from bot.telegram.io import call, replace, respond, runtime
from bot.telegram.permissions import sender_is_admin


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    press = protocol.parse(query.data)
    message = query.message
    if press is None or not isinstance(message, Message):  # no message, or one too old to read
        await query.answer()
        return
    if press.action in ADMIN_ACTIONS and not await sender_is_admin(update, context):
        await query.answer(messages.ONLY_ADMIN_EDITS, show_alert=True)
        return
    rt, user = runtime(context), update.effective_user
    if press.action != Action.DONE:
        await query.answer()
    reply = await call(answer_press, rt, chat_id=message.chat.id, user_id=user.id if user else None, press=press)
    if press.action == Action.DONE:
        await query.answer()
        if reply is not None and reply.changed:
            await message.edit_reply_markup(None)
    if reply is None:
        return
    if replaces(press):
        await replace(rt, message, reply)
    else:
        await respond(rt, message, reply)
