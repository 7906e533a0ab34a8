"""Speeches arriving: pasted or forwarded text (split messages merged), documents, /extract.

Telegram splits a long paste (over 4,096 characters) into several messages with no shared
id, and a forwarded speech often comes as several messages. One sender's consecutive text
messages in one chat, each arriving within `Runtime.merge_window` seconds of the previous
one, are joined into one speech: every fragment re-arms a JobQueue timer, the speech is
read when the timer fires. The fragments wait in memory for those few seconds only.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from pathlib import PurePath

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import ContextTypes, Job

from bot import actions, messages
from bot.documents import DOCX_EXTENSIONS, MB, PDF_EXTENSIONS, TEXT_EXTENSIONS, DocumentError, check_size, extract_text
from bot.telegram_io import replace, respond, runtime

log = logging.getLogger(__name__)
CLIENT_SPLIT_CHARS = 3500  # a fragment this long was probably cut by the client mid-text
SPEECH_EXTENSIONS = (TEXT_EXTENSIONS - {""}) | DOCX_EXTENSIONS | PDF_EXTENSIONS


@dataclass
class Fragments:
    chat_id: int
    user_id: int
    first_message: Message
    quiet: bool  # group chatter: say nothing when no items are found
    parts: list[str] = field(default_factory=list)
    timer: Job | None = None

    def text(self) -> str:
        joined = ""
        for part in self.parts:
            if joined:
                joined += "" if len(previous) >= CLIENT_SPLIT_CHARS else "\n"
            joined += part
            previous = part
        return joined


def _buffers(context: ContextTypes.DEFAULT_TYPE) -> dict[tuple[int, int], Fragments]:
    return context.application.bot_data.setdefault("intake", {})


def is_speech_candidate(message: Message, min_chars: int) -> bool:
    """In a group, only forwarded or long messages are taken as speech text."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    return message.forward_origin is not None or len(message.text or "") >= min_chars


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    rt = runtime(context)
    if user is None or not is_speech_candidate(message, rt.group_speech_min_chars):
        return
    key = (message.chat_id, user.id)
    buffers = _buffers(context)
    pending = buffers.get(key)
    if pending is None:
        pending = buffers[key] = Fragments(message.chat_id, user.id, message,
                                           quiet=message.chat.type != ChatType.PRIVATE)
    pending.parts.append(message.text)
    if pending.timer is not None:
        pending.timer.schedule_removal()
    # misfire_grace_time=None: APScheduler's 1 s default would drop a late timer silently.
    pending.timer = context.job_queue.run_once(_flush, rt.merge_window, data=key, name=f"intake:{key[0]}:{key[1]}",
                                               job_kwargs={"misfire_grace_time": None})


async def _flush(context: ContextTypes.DEFAULT_TYPE) -> None:
    pending = _buffers(context).pop(context.job.data, None)
    if pending is None:
        return
    reply = await actions.ingest(runtime(context), chat_id=pending.chat_id, user_id=pending.user_id,
                                 text=pending.text(), quiet_if_empty=pending.quiet)
    await respond(pending.first_message, reply)


def _extension(name: str | None) -> str:
    return PurePath(name or "").suffix.lower()


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    private = message.chat.type == ChatType.PRIVATE
    if not private and _extension(message.document.file_name) not in SPEECH_EXTENSIONS:
        return  # other files shared in a group are none of our business
    await read_document(context, message, user_id=update.effective_user.id if update.effective_user else None,
                        answer_to=message)


async def read_document(context: ContextTypes.DEFAULT_TYPE, source: Message, *, user_id: int | None,
                        answer_to: Message) -> None:
    """正在解析… → download → text → items; the progress message is edited with the result."""
    rt = runtime(context)
    document = source.document
    try:
        check_size(document.file_size, rt.max_document_bytes)
    except DocumentError as error:
        await answer_to.reply_text(error.message)
        return
    progress = await answer_to.reply_text(messages.PARSING)
    try:
        file = await document.get_file()
        data = bytes(await file.download_as_bytearray())
        text = await asyncio.to_thread(extract_text, data, document.file_name, max_bytes=rt.max_document_bytes)
    except DocumentError as error:
        await replace(progress, actions.Reply(error.message))
        return
    except BadRequest as error:
        if "too big" in str(error).lower():
            size = (document.file_size or 0) / MB
            await replace(progress, actions.Reply(messages.DOC_TOO_LARGE.format(size_mb=size, limit_mb=20)))
            return
        raise
    reply = await actions.ingest(rt, chat_id=source.chat_id, user_id=user_id, text=text)
    await replace(progress, reply)


async def on_extract(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/extract as a reply to a speech (text or file), e.g. in a group with privacy mode on."""
    message, user = update.effective_message, update.effective_user
    original = message.reply_to_message
    if original is None or not (original.text or original.document):
        await message.reply_text(messages.EXTRACT_USAGE)
        return
    user_id = user.id if user else None
    if original.document is not None:
        await read_document(context, original, user_id=user_id, answer_to=message)
        return
    reply = await actions.ingest(runtime(context), chat_id=message.chat_id, user_id=user_id, text=original.text)
    await respond(message, reply)
