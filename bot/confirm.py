"""The confirmation list's buttons: 全部确认, per item 删除 / 改时限 / 改责任单位, and the
answers to the 改时限 / 改责任单位 prompts. Nothing is scheduled until 全部确认."""

from __future__ import annotations

from telegram import Message, Update
from telegram.ext import ContextTypes

from bot import actions, callbacks, messages
from bot.permissions import is_admin
from bot.telegram_io import replace, respond, runtime


async def may_edit(update: Update, context: ContextTypes.DEFAULT_TYPE, *, speech_id: int | None = None,
                   obligation_id: int | None = None) -> bool:
    """Admins and the person who forwarded the speech may confirm or correct it."""
    rt, chat, user = runtime(context), update.effective_chat, update.effective_user
    if user is None:
        return False
    speech = (actions.speech_of(rt, chat.id, speech_id) if speech_id is not None
              else actions.speech_of_item(rt, chat.id, obligation_id))
    if speech is not None and speech.forwarded_by == user.id:
        return True
    return await is_admin(context, chat, user.id)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    data = callbacks.parse(query.data)
    if data is None or query.message is None:
        await query.answer()
        return
    rt, chat_id, user_id = runtime(context), query.message.chat.id, update.effective_user.id
    is_speech = data.action == callbacks.CONFIRM_ALL
    allowed = await may_edit(update, context, speech_id=data.target if is_speech else None,
                             obligation_id=None if is_speech else data.target)
    if not allowed:
        await query.answer(messages.ONLY_ADMIN_OR_SENDER, show_alert=True)
        return
    await query.answer()
    if data.action == callbacks.CONFIRM_ALL:
        await replace(query.message, actions.confirm_all(rt, chat_id=chat_id, speech_id=data.target, by=user_id))
    elif data.action == callbacks.DELETE:
        await replace(query.message, actions.delete_pending(rt, chat_id=chat_id, obligation_id=data.target,
                                                            by=user_id))
    else:
        what = "due" if data.action == callbacks.EDIT_DUE else "owner"
        await respond(query.message, actions.edit_prompt(rt, chat_id=chat_id, obligation_id=data.target, what=what))


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
    if not await may_edit(update, context, obligation_id=ids[0]):
        await message.reply_text(messages.ONLY_ADMIN_OR_SENDER)
        return
    reply = actions.edit_item(runtime(context), chat_id=message.chat_id, obligation_id=ids[0],
                              by=update.effective_user.id, what=what, value=message.text)
    await respond(message, reply)
