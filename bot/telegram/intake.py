"""Speeches arriving: pasted or forwarded text (split messages merged), documents, /extract.

Telegram splits a long paste (over 4,096 characters) into several messages with no shared
id, and a forwarded speech often comes as several messages. One sender's consecutive text
messages in one chat, each arriving within `Runtime.merge_window` seconds of the previous
one, are joined into one speech: every fragment is stored in the database
(storage.fragments) and re-arms a JobQueue timer; when the timer fires the fragments are read
as one speech and deleted in the same transaction. After a restart, fragments still waiting
are merged and answered (`resume_waiting`), so a process dying inside the window loses nothing.

Documents are parsed in a child process with memory and time limits (bot.documents.worker);
the 正在解析… message is always edited with the result or the reason it failed.
"""

from __future__ import annotations

import logging
from pathlib import PurePath

from apscheduler.jobstores.base import JobLookupError
from telegram import Message, Update
from telegram.constants import ChatType
from telegram.error import BadRequest
from telegram.ext import Application, ContextTypes

from bot import messages
from bot.core import intake
from bot.core.reply import Reply
from bot.core.runtime import Runtime
from bot.documents.reader import DOCX_EXTENSIONS, MB, PDF_EXTENSIONS, TEXT_EXTENSIONS, DocumentError, check_size
from bot.documents.worker import read_document as parse_in_child
from bot.telegram.io import apology, call, database_unavailable, replace, respond, respond_to, runtime
from bot.telegram.permissions import is_admin, sender_is_admin

log = logging.getLogger(__name__)
SPEECH_EXTENSIONS = (TEXT_EXTENSIONS - {""}) | DOCX_EXTENSIONS | PDF_EXTENSIONS


def is_speech_candidate(message: Message, min_chars: int) -> bool:
    """In a group, only forwarded or long messages are taken as speech text."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    return message.forward_origin is not None or len(message.text or "") >= min_chars


def _arm(application: Application, rt: Runtime, key: tuple[int, int], delay: float) -> None:
    timers = application.bot_data.setdefault("intake_timers", {})
    if key in timers:
        try:
            timers[key].schedule_removal()
        except JobLookupError:  # it has just fired: its read takes what is stored, the new timer the rest
            pass
    # misfire_grace_time=None: APScheduler's 1 s default would drop a late timer silently.
    assert application.job_queue is not None  # build_application checks it
    timers[key] = application.job_queue.run_once(_flush, delay, data=key, name=f"intake:{key[0]}:{key[1]}",
                                                 job_kwargs={"misfire_grace_time": None})


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message, user = update.effective_message, update.effective_user
    rt = runtime(context)
    if message is None or user is None or not is_speech_candidate(message, rt.group_speech_min_chars):
        return
    await call(intake.add_fragment, rt, chat_id=message.chat_id, user_id=user.id, chat_type=message.chat.type,
               message_id=message.message_id, text=message.text or "")
    _arm(context.application, rt, (message.chat_id, user.id), rt.merge_window)


async def _flush(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The merge window closed: read the sender's fragments as one speech and answer."""
    assert context.job is not None and isinstance(context.job.data, tuple)
    chat_id, user_id = context.job.data
    timers = context.application.bot_data.setdefault("intake_timers", {})
    if timers.get((chat_id, user_id)) is context.job:
        del timers[(chat_id, user_id)]
    rt = runtime(context)
    try:
        admin = await is_admin(context, chat_id, user_id, private=chat_id > 0)
        taken = await call(intake.ingest_fragments, rt, chat_id=chat_id, user_id=user_id, by_admin=admin)
    except Exception as error:  # noqa: BLE001 - the sender must hear back
        text = apology(error, f"reading a speech from {user_id} in chat {chat_id}")
        if not database_unavailable(error):  # unreadable: do not try it again at every start
            try:
                await call(intake.drop_waiting, rt, chat_id=chat_id, user_id=user_id)
            except Exception as again:  # noqa: BLE001
                apology(again, "dropping unreadable fragments")
        await respond_to(rt, context.bot, chat_id, None, Reply(text))
        return
    if taken is not None:
        await respond_to(rt, context.bot, chat_id, taken.first_message_id, taken.reply)


async def resume_waiting(application: Application) -> int:
    """After a start: merge and answer the fragments a previous process left waiting."""
    rt: Runtime = application.bot_data["runtime"]

    waiting = await call(intake.waiting_senders, rt)
    for key in waiting:
        _arm(application, rt, key, 0)
    if waiting:
        log.info("%d speech(es) left in the merge window by the previous run will be read now", len(waiting))
    return len(waiting)


def _extension(name: str | None) -> str:
    return PurePath(name or "").suffix.lower()


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or message.document is None:
        return
    private = message.chat.type == ChatType.PRIVATE
    if not private and _extension(message.document.file_name) not in SPEECH_EXTENSIONS:
        return  # other files shared in a group are none of our business
    await read_document(update, context, message, answer_to=message)


async def on_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo sent to the bot in a private chat (a notice photographed): its text cannot be read,
    and the sender hears so instead of silence."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(messages.PHOTO_NOT_READ)


async def read_document(update: Update, context: ContextTypes.DEFAULT_TYPE, source: Message, *,
                        answer_to: Message) -> None:
    """正在解析… → download → text (in a child process) → items; the progress message is
    edited with the result, or with why it failed, whatever happens."""
    rt = runtime(context)
    document = source.document
    if document is None:
        return
    try:
        check_size(document.file_size, rt.max_document_bytes)
    except DocumentError as error:
        await answer_to.reply_text(error.message)
        return
    progress = await answer_to.reply_text(messages.PARSING)
    try:
        reply = await _read(update, context, rt, source)
    except Exception as error:  # noqa: BLE001 - never leave 正在解析… hanging
        reply = Reply(apology(error, f"reading the document {document.file_name!r}"))
    await replace(rt, progress, reply or Reply(messages.NO_ITEMS))


async def _read(update: Update, context: ContextTypes.DEFAULT_TYPE, rt: Runtime, source: Message) -> Reply | None:
    document = source.document
    assert document is not None  # read_document checked it
    try:
        file = await document.get_file()
        data = bytes(await file.download_as_bytearray())
        text = await parse_in_child(data, document.file_name, rt.document_limits)
    except DocumentError as error:
        return Reply(error.message)
    except BadRequest as error:
        if "too big" in str(error).lower():
            size = (document.file_size or 0) / MB
            return Reply(messages.DOC_TOO_LARGE.format(size_mb=size, limit_mb=20))
        raise
    user = update.effective_user
    admin = await sender_is_admin(update, context)
    return await call(intake.ingest, rt, chat_id=source.chat_id, user_id=user.id if user else None, text=text,
                      by_admin=admin)


async def on_extract(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/extract as a reply to a speech (text or file), e.g. in a group with privacy mode on."""
    message, user = update.effective_message, update.effective_user
    if message is None:
        return
    original = message.reply_to_message
    if original is None or not (original.text or original.document):
        await message.reply_text(messages.EXTRACT_USAGE)
        return
    if original.document is not None:
        await read_document(update, context, original, answer_to=message)
        return
    admin = await sender_is_admin(update, context)
    rt = runtime(context)
    reply = await call(intake.ingest, rt, chat_id=message.chat_id, user_id=user.id if user else None,
                       text=original.text or "", by_admin=admin)
    await respond(rt, message, reply)
