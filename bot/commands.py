"""Slash commands: /start /help for everyone; /list /overdue /item /export /bind /unbind
/settings /close for admins; /grant /revoke (督查员) for group administrators and DUBAN_ADMINS.
Each handler: parse → call `actions` (in a worker thread) → reply."""

from __future__ import annotations

from telegram import MessageEntity, Update, User
from telegram.ext import ContextTypes

from bot import actions, chat_admin, export, messages
from bot.permissions import require_admin, store_user
from bot.telegram_io import call, respond, runtime


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(messages.START)


def _number(args: list[str]) -> int | None:
    if not args:
        return None
    word = args[0].lstrip("#＃")
    return int(word) if word.isdigit() else None


async def list_items(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if await require_admin(update, context):
        reply = await call(actions.list_items, runtime(context), chat_id=update.effective_chat.id,
                           args=list(context.args or []))
        await respond(update.effective_message, reply)


async def overdue(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if await require_admin(update, context):
        await respond(update.effective_message, await call(actions.overdue_items, runtime(context),
                                                           chat_id=update.effective_chat.id))


async def item(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await require_admin(update, context):
        return
    number = _number(context.args or [])
    if number is None:
        await update.effective_message.reply_text(messages.ITEM_USAGE)
        return
    await respond(update.effective_message, await call(actions.item_detail, runtime(context),
                                                       chat_id=update.effective_chat.id, obligation_id=number))


async def close(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/close N: 销号."""
    if not await require_admin(update, context):
        return
    number = _number(context.args or [])
    if number is None:
        await update.effective_message.reply_text(messages.CLOSE_USAGE)
        return
    await respond(update.effective_message, await call(actions.close, runtime(context),
                                                       chat_id=update.effective_chat.id, obligation_id=number,
                                                       by=update.effective_user.id))


async def export_ledger(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await require_admin(update, context):
        return
    name, data, caption = await call(export.export, runtime(context), update.effective_chat.id)
    await respond(update.effective_message, actions.Reply(caption, document=(name, data)))


async def _named_user(update: Update, context: ContextTypes.DEFAULT_TYPE,
                      words: list[str]) -> tuple[int | None, str, str | None]:
    """(user id, label, @username asked for) of the user a command names: a replied-to
    message's sender, a text mention, or an @username seen before (stored in the database)."""
    message = update.effective_message
    rt = runtime(context)
    who: User | None = None
    original = message.reply_to_message
    if original is not None and original.from_user is not None and not original.from_user.is_bot:
        who = original.from_user
    for entity in message.entities or ():
        if who is None and entity.type == MessageEntity.TEXT_MENTION and entity.user is not None:
            who = entity.user
    if who is not None:
        await call(store_user, rt, who.id, who.username, who.full_name)
        return who.id, who.full_name, None
    for word in words:
        if word.startswith("@"):
            return await call(chat_admin.user_for, rt, word[1:]), word, word[1:]
    return None, "", None


async def bind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/bind 市人社局 @user, or /bind 市人社局 as a reply to the user's message; /bind alone lists."""
    if not await require_admin(update, context):
        return
    rt, chat_id, args = runtime(context), update.effective_chat.id, list(context.args or [])
    if not args:
        await respond(update.effective_message, await call(chat_admin.bindings, rt, chat_id=chat_id))
        return
    owner = args[0]
    user_id, label, username = await _named_user(update, context, args[1:])
    if user_id is None:
        text = (messages.BIND_UNKNOWN_USER.format(username=username, owner=owner) if username
                else messages.BIND_USAGE)
        await update.effective_message.reply_text(text)
        return
    await respond(update.effective_message, await call(chat_admin.bind, rt, chat_id=chat_id, owner=owner,
                                                       user_id=user_id, label=label, by=update.effective_user.id))


async def unbind(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if not await require_admin(update, context):
        return
    args = list(context.args or [])
    if not args:
        await update.effective_message.reply_text(messages.BIND_USAGE)
        return
    await respond(update.effective_message, await call(chat_admin.unbind, runtime(context),
                                                       chat_id=update.effective_chat.id, owner=args[0]))


async def grant(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/grant @user (or as a reply): 督查员; /grant alone lists them. Group administrators only."""
    await _role(update, context, revoke=False)


async def revoke(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _role(update, context, revoke=True)


async def _role(update: Update, context: ContextTypes.DEFAULT_TYPE, *, revoke: bool) -> None:
    if not await require_admin(update, context, roles_count=False, refusal=messages.GRANT_ONLY_ADMIN):
        return
    rt, chat_id, message = runtime(context), update.effective_chat.id, update.effective_message
    user_id, label, username = await _named_user(update, context, list(context.args or []))
    if user_id is None:
        if username:
            await message.reply_text(messages.GRANT_UNKNOWN_USER.format(username=username))
        elif revoke:
            await message.reply_text(messages.GRANT_USAGE)
        else:
            await respond(message, await call(chat_admin.inspectors, rt, chat_id=chat_id))
        return
    if revoke:
        reply = await call(chat_admin.revoke, rt, chat_id=chat_id, user_id=user_id, label=label)
    else:
        reply = await call(chat_admin.grant, rt, chat_id=chat_id, user_id=user_id, label=label,
                           by=update.effective_user.id)
    await respond(message, reply)


async def settings(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if await require_admin(update, context):
        await respond(update.effective_message, await call(chat_admin.settings, runtime(context),
                                                           chat_id=update.effective_chat.id,
                                                           args=list(context.args or [])))
