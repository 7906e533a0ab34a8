"""Slash commands, read by the one parser both adapters share (bot.core.commands): /start /help
/extract /event /extend for everyone; /list /overdue /item /export /report /ics /bind /unbind
/settings /close /approve /return for admins;
/grant /revoke (督查员) for group administrators and DUBAN_ADMINS. Each: parse → check the
right → call the core (in a worker thread) → reply."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram import Message, MessageEntity, Update, User
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot import messages
from bot.core import admin, export
from bot.core.commands import Command, Name, Right, parse_command, run_command
from bot.core.reply import Reply
from bot.telegram import intake
from bot.telegram.io import call, respond, runtime
from bot.telegram.permissions import require_admin


@dataclass(frozen=True)
class Asked:
    """A command as it arrived: its message, chat and sender."""

    command: Command
    message: Message
    chat_id: int
    user_id: int | None


Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE, Asked], Awaitable[None]]


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every message that starts with a command (only ours: /cmd@other_bot is left alone)."""
    message, chat, user = update.effective_message, update.effective_chat, update.effective_user
    if message is None or chat is None:
        return
    command = parse_command(message.text, bot_username=context.bot.username, slash_only=True)
    if command is None or command.name not in TELEGRAM_HANDLERS:
        head = (message.text or "").split(maxsplit=1)[0] if (message.text or "").strip() else ""
        ours = chat.type == ChatType.PRIVATE or head.lower().endswith(f"@{context.bot.username}".lower())
        if head and ours:  # a typo (/lsit) or a terminal-only word: say so, in a group only when addressed to us
            await message.reply_text(messages.UNKNOWN_COMMAND.format(command=head[:40]))
        return
    if command.right != Right.ANYONE:
        refusal = messages.GRANT_ONLY_ADMIN if command.right == Right.CHAT_ADMIN else messages.ADMIN_ONLY
        if not await require_admin(update, context, roles_count=command.right == Right.ADMIN, refusal=refusal):
            return
    asked = Asked(command, message, chat.id, user.id if user else None)
    await TELEGRAM_HANDLERS[command.name](update, context, asked)


async def _shared(update: Update, context: ContextTypes.DEFAULT_TYPE, asked: Asked) -> None:
    rt = runtime(context)
    reply = await call(run_command, rt, chat_id=asked.chat_id, user_id=asked.user_id, command=asked.command)
    await respond(rt, asked.message, reply)


async def _start(update: Update, context: ContextTypes.DEFAULT_TYPE, asked: Asked) -> None:
    """/start, /help; /start in a private chat also lets the bot write to this user there (the
    escalation ladder tells admins privately)."""
    chat = update.effective_chat
    if asked.command.name == Name.START and chat is not None and chat.type == ChatType.PRIVATE \
            and asked.user_id is not None:
        await call(admin.record_private_start, runtime(context), asked.user_id)
    await _shared(update, context, asked)


async def _export(update: Update, context: ContextTypes.DEFAULT_TYPE, asked: Asked) -> None:
    rt = runtime(context)
    name, data, caption = await call(export.export, rt, asked.chat_id)
    await respond(rt, asked.message, Reply(caption, document=(name, data)))


async def _extract(update: Update, context: ContextTypes.DEFAULT_TYPE, asked: Asked) -> None:
    await intake.on_extract(update, context)


async def _named_user(context: ContextTypes.DEFAULT_TYPE, message: Message,
                      words: list[str]) -> tuple[int | None, str, str | None]:
    """(user id, label, @username asked for) of the user a command names: a replied-to
    message's sender, a text mention, or an @username seen before (stored in the database)."""
    rt = runtime(context)
    who: User | None = None
    original = message.reply_to_message
    if original is not None and original.from_user is not None and not original.from_user.is_bot:
        who = original.from_user
    for entity in message.entities or ():
        if who is None and entity.type == MessageEntity.TEXT_MENTION and entity.user is not None:
            who = entity.user
    if who is not None:
        await call(admin.remember_user, rt, who.id, who.username, who.full_name)
        return who.id, who.full_name, None
    for word in words:
        if word.startswith("@"):
            return await call(admin.user_for, rt, word[1:]), word, word[1:]
    return None, "", None


async def _bind(update: Update, context: ContextTypes.DEFAULT_TYPE, asked: Asked) -> None:
    """/bind 市人社局 @user, or /bind 市人社局 as a reply to the user's message; /bind alone lists."""
    rt, chat_id, args, message = runtime(context), asked.chat_id, asked.command.args, asked.message
    if not args:
        await respond(rt, message, await call(admin.bindings, rt, chat_id=chat_id))
        return
    owner = args[0]
    user_id, label, username = await _named_user(context, message, args[1:])
    if user_id is None and not username and len(args) > 1:  # /bind 各县区 甲县 乙县: the collective's units
        await respond(rt, message, await call(admin.bind_members, rt, chat_id=chat_id, collective=owner,
                                              members=args[1:], by=asked.user_id))
        return
    if user_id is None:
        text = (messages.BIND_UNKNOWN_USER.format(username=username, owner=owner) if username
                else messages.BIND_USAGE)
        await message.reply_text(text)
        return
    await respond(rt, message, await call(admin.bind, rt, chat_id=chat_id, owner=owner, user_id=user_id,
                                          label=label, by=asked.user_id))


async def _unbind(update: Update, context: ContextTypes.DEFAULT_TYPE, asked: Asked) -> None:
    rt, message, args = runtime(context), asked.message, asked.command.args
    if not args:
        await message.reply_text(messages.BIND_USAGE)
        return
    await respond(rt, message, await call(admin.unbind, rt, chat_id=asked.chat_id, owner=args[0]))


async def _role(update: Update, context: ContextTypes.DEFAULT_TYPE, asked: Asked) -> None:
    """/grant @user (or as a reply): 督查员; /grant alone lists them. /revoke @user takes it back."""
    rt, chat_id, message = runtime(context), asked.chat_id, asked.message
    revoke = asked.command.name == Name.REVOKE
    user_id, label, username = await _named_user(context, message, asked.command.args)
    if user_id is None:
        if username:
            await message.reply_text(messages.GRANT_UNKNOWN_USER.format(username=username))
        elif revoke:
            await message.reply_text(messages.GRANT_USAGE)
        else:
            await respond(rt, message, await call(admin.inspectors, rt, chat_id=chat_id))
        return
    if revoke:
        reply = await call(admin.revoke, rt, chat_id=chat_id, user_id=user_id, label=label)
    else:
        reply = await call(admin.grant, rt, chat_id=chat_id, user_id=user_id, label=label, by=asked.user_id)
    await respond(rt, message, reply)


TELEGRAM_HANDLERS: dict[Name, Handler] = {
    Name.START: _start, Name.HELP: _shared, Name.LIST: _shared, Name.OVERDUE: _shared, Name.ITEM: _shared,
    Name.REPORT: _shared, Name.ICS: _shared,
    Name.CLOSE: _shared, Name.SETTINGS: _shared, Name.EXPORT: _export, Name.EXTRACT: _extract, Name.BIND: _bind,
    Name.UNBIND: _unbind, Name.GRANT: _role, Name.REVOKE: _role, Name.EVENT: _shared, Name.APPROVE: _shared,
    Name.RETURN: _shared, Name.EXTEND: _shared,
}
