"""Slash commands: /start /help for everyone; /list /overdue /item /export /bind /unbind
/settings /close for admins. Each handler: parse → call `actions` → reply."""

from __future__ import annotations

from telegram import MessageEntity, Update, User
from telegram.ext import ContextTypes

from bot import actions, chat_admin, export, messages
from bot.permissions import require_admin
from bot.telegram_io import respond, runtime


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(messages.START)


def _number(args: list[str]) -> int | None:
    if not args:
        return None
    word = args[0].lstrip("#＃")
    return int(word) if word.isdigit() else None


async def list_items(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if await require_admin(update, context):
        reply = actions.list_items(runtime(context), chat_id=update.effective_chat.id, args=list(context.args or []))
        await respond(update.effective_message, reply)


async def overdue(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if await require_admin(update, context):
        await respond(update.effective_message, actions.overdue_items(runtime(context),
                                                                      chat_id=update.effective_chat.id))


async def item(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await require_admin(update, context):
        return
    number = _number(context.args or [])
    if number is None:
        await update.effective_message.reply_text(messages.ITEM_USAGE)
        return
    await respond(update.effective_message,
                  actions.item_detail(runtime(context), chat_id=update.effective_chat.id, obligation_id=number))


async def close(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/close N: 销号."""
    if not await require_admin(update, context):
        return
    number = _number(context.args or [])
    if number is None:
        await update.effective_message.reply_text(messages.CLOSE_USAGE)
        return
    await respond(update.effective_message, actions.close(runtime(context), chat_id=update.effective_chat.id,
                                                          obligation_id=number, by=update.effective_user.id))


async def export_ledger(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await require_admin(update, context):
        return
    name, data, caption = export.export(runtime(context), update.effective_chat.id)
    await respond(update.effective_message, actions.Reply(caption, document=(name, data)))


def _bound_user(update: Update, context: ContextTypes.DEFAULT_TYPE, args: list[str]) -> tuple[User | int | None, str]:
    """The user named by /bind: a replied-to message's sender, a text mention, or a known @username."""
    message = update.effective_message
    original = message.reply_to_message
    if original is not None and original.from_user is not None and not original.from_user.is_bot:
        return original.from_user, original.from_user.full_name
    for entity in message.entities or ():
        if entity.type == MessageEntity.TEXT_MENTION and entity.user is not None:
            return entity.user, entity.user.full_name
    for word in args[1:]:
        if word.startswith("@"):
            user_id = runtime(context).user_ids.get(word[1:].lower())
            return user_id, word
    return None, ""


async def bind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/bind 市人社局 @user, or /bind 市人社局 as a reply to the user's message; /bind alone lists."""
    if not await require_admin(update, context):
        return
    rt, chat_id, args = runtime(context), update.effective_chat.id, list(context.args or [])
    if not args:
        await respond(update.effective_message, chat_admin.bindings(rt, chat_id=chat_id))
        return
    owner = args[0]
    who, label = _bound_user(update, context, args)
    if who is None:
        username = next((w[1:] for w in args[1:] if w.startswith("@")), None)
        text = (messages.BIND_UNKNOWN_USER.format(username=username, owner=owner) if username
                else messages.BIND_USAGE)
        await update.effective_message.reply_text(text)
        return
    user_id = who.id if isinstance(who, User) else who
    if isinstance(who, User):
        rt.remember_user(who.id, who.username, who.full_name)
    await respond(update.effective_message, chat_admin.bind(rt, chat_id=chat_id, owner=owner, user_id=user_id,
                                                            label=label, by=update.effective_user.id))


async def unbind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await require_admin(update, context):
        return
    args = list(context.args or [])
    if not args:
        await update.effective_message.reply_text(messages.BIND_USAGE)
        return
    await respond(update.effective_message, chat_admin.unbind(runtime(context), chat_id=update.effective_chat.id,
                                                              owner=args[0]))


async def settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if await require_admin(update, context):
        await respond(update.effective_message, chat_admin.settings(runtime(context), chat_id=update.effective_chat.id,
                                                                    args=list(context.args or [])))
