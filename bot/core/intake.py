"""Speeches arriving: read the obligations, store them pending, answer with the confirmation list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session

from bot import messages
from bot.core.confirmation import speech_view
from bot.core.controls import strip_controls
from bot.core.reply import Reply
from bot.core.runtime import Runtime
from extraction import extract
from scheduler import service
from storage import fragments
from storage.db import transaction
from storage.duplicates import find_similar_speech, mark_repeats
from storage.speeches import find_speech, import_speech, speech_sha256

CLIENT_SPLIT_CHARS = 3500  # a fragment this long was probably cut by the client mid-text


def ingest(rt: Runtime, *, chat_id: int, user_id: int | None, text: str, quiet_if_empty: bool = False,
           by_admin: bool = True) -> Reply | None:
    """A speech arrived: read its obligations, store them pending, show the confirmation list
    (page 1). None when nothing was found and `quiet_if_empty` (ordinary group chatter). A
    speech from someone who is not an admin waits for an admin (no auto-confirm)."""
    text = strip_controls(text)
    found = extract(text, rt.local_now())
    if not found:
        return None if quiet_if_empty else Reply(messages.NO_ITEMS)
    with transaction(rt.engine) as session:
        return _store(session, rt, chat_id=chat_id, user_id=user_id, text=text, found=found, by_admin=by_admin)


def join_fragments(parts: Sequence[str]) -> str:
    """Messages of one speech joined: a client-split fragment continues the previous one."""
    joined, previous = "", ""
    for part in parts:
        if joined:
            joined += "" if len(previous) >= CLIENT_SPLIT_CHARS else "\n"
        joined += part
        previous = part
    return joined


@dataclass
class Taken:
    """The speech read from one sender's waiting fragments."""

    reply: Reply | None
    chat_type: str
    first_message_id: int


def add_fragment(rt: Runtime, *, chat_id: int, user_id: int, chat_type: str, message_id: int, text: str) -> None:
    """One message of a speech that may go on: kept until the merge window closes."""
    with transaction(rt.engine) as session:
        fragments.add_fragment(session, chat_id=chat_id, user_id=user_id, chat_type=chat_type,
                               message_id=message_id, text=strip_controls(text), at=rt.now())


def waiting_senders(rt: Runtime) -> list[tuple[int, int]]:
    """(chat, user) of every sender whose fragments wait (e.g. left by the previous run)."""
    with transaction(rt.engine) as session:
        return fragments.list_waiting_senders(session)


def ingest_fragments(rt: Runtime, *, chat_id: int, user_id: int, by_admin: bool) -> Taken | None:
    """Read one sender's waiting fragments as one speech; they are deleted in the transaction
    that stores it (a crash before that leaves them for the next start). None when none wait."""
    with transaction(rt.engine) as session:
        parts = fragments.list_fragments(session, chat_id, user_id)
    if not parts:
        return None
    first, last = parts[0], parts[-1]
    quiet = first.chat_type != "private"
    text = strip_controls(join_fragments([p.text for p in parts]))
    found = extract(text, rt.local_now())
    with transaction(rt.engine) as session:
        fragments.drop_fragments(session, chat_id, user_id, through_id=last.id)
        if not found:
            reply = None if quiet else Reply(messages.NO_ITEMS)
        else:
            reply = _store(session, rt, chat_id=chat_id, user_id=user_id, text=text, found=found, by_admin=by_admin)
    return Taken(reply, first.chat_type, first.message_id)


def drop_waiting(rt: Runtime, *, chat_id: int, user_id: int) -> None:
    """Give up a sender's waiting fragments (they cannot be read)."""
    with transaction(rt.engine) as session:
        parts = fragments.list_fragments(session, chat_id, user_id)
        if parts:
            fragments.drop_fragments(session, chat_id, user_id, through_id=parts[-1].id)


def _store(session: Session, rt: Runtime, *, chat_id: int, user_id: int | None, text: str, found: list,
           by_admin: bool) -> Reply:
    total, found = len(found), found[: rt.max_items_per_speech]
    now, today = rt.now(), rt.local_now().date()
    if find_speech(session, chat_id, speech_sha256(text)) is None:
        similar = find_similar_speech(session, chat_id, text)
        if similar is not None:  # pasted again with other spaces, punctuation or a line changed
            when = similar.speech.received_at.astimezone(rt.tz).strftime("%Y-%m-%d %H:%M")
            return speech_view(session, rt, similar.speech).noted(
                messages.SIMILAR_IMPORTED.format(when=when, score=int(similar.score)))
    # Auto-confirm (scheduler.service.import_and_plan) only for an admin's speech.
    if by_admin:
        speech, _rows, created = service.import_and_plan(
            session, chat_id=chat_id, text=text, obligations=found, received_at=now, reference_date=today,
            forwarded_by=user_id, defaults=rt.policy, merge_repeats=True)
    else:
        speech, rows, created = import_speech(session, chat_id=chat_id, text=text, obligations=found,
                                              received_at=now, reference_date=today, forwarded_by=user_id)
        if created:
            mark_repeats(session, rows)
    reply = speech_view(session, rt, speech)
    notes = []
    if total > len(found):
        notes.append(messages.ITEMS_CAPPED.format(found=total, shown=len(found)))
    if not created:
        notes.append(messages.ALREADY_IMPORTED)
    elif speech.confirmed_at is not None:  # auto-confirm
        rt.poke()
        notes.append(messages.AUTO_CONFIRMED_NOTE)
    elif not by_admin:
        notes.append(messages.WAITING_FOR_ADMIN)
    return reply.noted(*notes)
