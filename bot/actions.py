"""What a user can do, independent of Telegram or the terminal: parse nothing, render text.

Each function runs one transaction, returns a `Reply` (plain Chinese text, optional
buttons), and pokes the sweeper when the schedule changed. Permissions are checked by the
adapters, which know who is an admin.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from bot import callbacks, messages, render
from bot.runtime import Runtime
from extraction import extract, normalise
from scheduler import policy, service
from storage import chat_queries, ledger
from storage.chat_settings import update_settings
from storage.db import transaction
from storage.models import CANCELLED, OPEN, PENDING, ChatSettings, Obligation, Speech
from storage.obligations import TransitionError
from storage.speeches import speech_obligations

REF_RE = re.compile(r"【#(\d+)】")
MAX_TEXT = 3900  # Telegram's limit is 4096 characters
QUOTE_CHARS = 80
MAX_EDITABLE = 33  # 1 + 33 × 3 buttons = Telegram's 100


@dataclass(frozen=True)
class Button:
    label: str
    data: str


@dataclass
class Reply:
    text: str
    buttons: list[list[Button]] = field(default_factory=list)
    force_reply: bool = False
    document: tuple[str, bytes] | None = None  # (file name, bytes)
    changed: bool = False  # the ledger changed (for adapters that refresh a view)


def refs_in(text: str | None) -> list[int]:
    """Item numbers named by 【#N】 markers, in order, without repeats."""
    return list(dict.fromkeys(int(m) for m in REF_RE.findall(text or "")))


def _short(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 2] + "……"


def status_text(row: Obligation, now: datetime) -> str:
    if ledger.is_overdue(row, now):
        return messages.STATUS_OVERDUE
    return messages.STATUS.get(row.status, row.status)


def _limit(session: Session, rt: Runtime, row: Obligation) -> str:
    due_at = row.due_at
    if row.status == PENDING and row.kind == "deadline":  # as if confirmed now
        due_at = policy.resolve_due(policy.timebox_from_json(row.timebox), rt.now(),
                                    service.config_for(session, row.chat_id)).at
    return render.limit_text(row.kind, row.timebox, due_at, row.expression, rt.tz)


# ------------------------------------------------------------------ intake and confirmation

async def ingest(rt: Runtime, *, chat_id: int, user_id: int | None, text: str, quiet_if_empty: bool = False
                 ) -> Reply | None:
    """A speech arrived: read its obligations, store them pending, show the confirmation list.
    None when nothing was found and `quiet_if_empty` (ordinary group chatter)."""
    ref = rt.local_now()
    found = await asyncio.to_thread(extract, text, ref)
    if not found:
        return None if quiet_if_empty else Reply(messages.NO_ITEMS)
    with transaction(rt.engine) as session:
        if rt.chat_defaults and session.get(ChatSettings, chat_id) is None:
            update_settings(session, chat_id, at=rt.now(), **rt.chat_defaults)
        speech, _rows, created = service.import_and_plan(
            session, chat_id=chat_id, text=text, obligations=found, received_at=rt.now(),
            reference_date=ref.date(), forwarded_by=user_id)
        reply = speech_view(session, rt, speech)
    if created and speech.confirmed_at is not None:  # auto-confirm
        rt.poke()
        reply.text = messages.AUTO_CONFIRMED_NOTE + "\n" + reply.text
    elif not created:
        reply.text = messages.ALREADY_IMPORTED + "\n\n" + reply.text
    return reply


def speech_view(session: Session, rt: Runtime, speech: Speech) -> Reply:
    """The confirmation message of a speech: pending items with buttons, or the confirmed list."""
    rows = speech_obligations(session, speech.id)
    if speech.confirmed_at is not None or not any(r.status == PENDING for r in rows):
        return _confirmed_view(session, rt, rows)
    live = [r for r in rows if r.status != CANCELLED]
    blocks, short = [], []
    for row in rows:
        if row.status == CANCELLED:
            blocks.append(messages.CONFIRM_ITEM_DELETED.format(ref=render.ref(row.id)))
            short.append(blocks[-1])
            continue
        fields = dict(ref=render.ref(row.id), action=row.action, owner=render.owner_text(row.owner),
                      limit=_limit(session, rt, row))
        blocks.append(messages.CONFIRM_ITEM.format(quote=_short(row.quote), **fields))
        short.append(messages.CONFIRM_ITEM_SHORT.format(**fields))
    header = messages.CONFIRM_HEADER.format(count=len(live))
    text = "\n\n".join([header, *blocks, messages.CONFIRM_FOOTER])
    if len(text) > MAX_TEXT:
        text = "\n\n".join([header, *short, messages.CONFIRM_FOOTER])[:MAX_TEXT]
    buttons = [[Button(messages.BUTTON_CONFIRM_ALL, callbacks.build(callbacks.CONFIRM_ALL, speech.id))]]
    for row in live[:MAX_EDITABLE]:  # Telegram allows 100 buttons per message
        ref = f"#{row.id}"
        buttons.append([
            Button(messages.BUTTON_DELETE.format(ref=ref), callbacks.build(callbacks.DELETE, row.id)),
            Button(messages.BUTTON_EDIT_DUE.format(ref=ref), callbacks.build(callbacks.EDIT_DUE, row.id)),
            Button(messages.BUTTON_EDIT_OWNER.format(ref=ref), callbacks.build(callbacks.EDIT_OWNER, row.id)),
        ])
    return Reply(text, buttons)


def _confirmed_view(session: Session, rt: Runtime, rows: list[Obligation]) -> Reply:
    kept = [r for r in rows if r.status != CANCELLED]
    if not kept:
        return Reply(messages.CONFIRMED_NOTHING)
    lines = [messages.CONFIRMED_HEADER.format(count=len(kept))]
    for row in kept:
        lines.append(messages.CONFIRMED_ITEM.format(ref=render.ref(row.id), owner=render.owner_text(row.owner),
                                                    action=row.action, limit=_limit(session, rt, row)))
    return Reply("\n".join(lines)[:MAX_TEXT])


def speech_of(rt: Runtime, chat_id: int, speech_id: int) -> Speech | None:
    with transaction(rt.engine) as session:
        speech = session.get(Speech, speech_id)
        return speech if speech is not None and speech.chat_id == chat_id else None


def speech_of_item(rt: Runtime, chat_id: int, obligation_id: int) -> Speech | None:
    with transaction(rt.engine) as session:
        row = chat_queries.get_in_chat(session, chat_id, obligation_id)
        return None if row is None else session.get(Speech, row.speech_id)


def confirm_all(rt: Runtime, *, chat_id: int, speech_id: int, by: int | None) -> Reply:
    with transaction(rt.engine) as session:
        speech = session.get(Speech, speech_id)
        if speech is None or speech.chat_id != chat_id:
            return Reply(messages.ITEM_NOT_FOUND.format(id=speech_id))
        if speech.confirmed_at is None:
            service.confirm_speech(session, speech.id, at=rt.now(), by=by)
        reply = speech_view(session, rt, speech)
    rt.poke()
    reply.changed = True
    return reply


def _pending_in_chat(session, chat_id: int, obligation_id: int):
    """(the chat's item still awaiting confirmation, None) or (None, the reply refusing it)."""
    row = chat_queries.get_in_chat(session, chat_id, obligation_id)
    if row is None:
        return None, Reply(messages.ITEM_NOT_FOUND.format(id=obligation_id))
    if row.status != PENDING:
        return None, Reply(messages.NOT_PENDING.format(ref=render.ref(row.id)))
    return row, None


def delete_pending(rt: Runtime, *, chat_id: int, obligation_id: int, by: int | None) -> Reply:
    with transaction(rt.engine) as session:
        row, refusal = _pending_in_chat(session, chat_id, obligation_id)
        if refusal:
            return refusal
        service.cancel(session, row.id, at=rt.now(), by=by, reason="deleted before confirmation")
        speech = session.get(Speech, row.speech_id)
        if not any(r.status == PENDING for r in speech_obligations(session, speech.id)):
            speech.confirmed_at, speech.confirmed_by = rt.now(), by  # nothing left to confirm
            session.add(speech)
        reply = speech_view(session, rt, speech)
    reply.changed = True
    return reply


def edit_prompt(rt: Runtime, *, chat_id: int, obligation_id: int, what: str) -> Reply:
    """Ask for the new value of 时限 (`what`="due") or 责任单位 ("owner") as a reply."""
    with transaction(rt.engine) as session:
        row, refusal = _pending_in_chat(session, chat_id, obligation_id)
        if refusal:
            return refusal
    template = messages.EDIT_DUE_PROMPT if what == "due" else messages.EDIT_OWNER_PROMPT
    return Reply(template.format(ref=render.ref(obligation_id)), force_reply=True)


def edit_item(rt: Runtime, *, chat_id: int, obligation_id: int, by: int | None, what: str, value: str) -> Reply:
    """Apply a 改时限 / 改责任单位 answer; returns the updated confirmation list."""
    value = value.strip()
    with transaction(rt.engine) as session:
        row, refusal = _pending_in_chat(session, chat_id, obligation_id)
        if refusal:
            return refusal
        if what == "owner":
            chat_queries.edit_pending(session, row, at=rt.now(), by=by, owner=value[:200])
        else:
            box = normalise(value, rt.local_now())
            kind = {"date": "deadline", "duration": "deadline"}.get(box.get("kind"), box.get("kind"))
            if kind not in ("deadline", "recurring", "on_event") or not (
                    box.get("due") or box.get("within") or box.get("every")):
                return Reply(messages.EDIT_DUE_NOT_UNDERSTOOD.format(text=_short(value, 40)))
            box["kind"] = kind
            chat_queries.edit_pending(session, row, at=rt.now(), by=by, timebox=box, kind=kind,
                                      expression=value[:200])
        reply = speech_view(session, rt, session.get(Speech, row.speech_id))
    reply.text = messages.EDITED.format(ref=render.ref(obligation_id)) + "\n\n" + reply.text
    reply.changed = True
    return reply


# ------------------------------------------------------------------ done, progress, snooze, close

def _settle(rt: Runtime, *, chat_id: int, obligation_id: int, by: int | None, allowed: tuple[str, ...],
            change, done_text: str) -> Reply:
    """Mark an item done or closed (`change` is the scheduler.service operation) and list its follow-ups."""
    with transaction(rt.engine) as session:
        row = chat_queries.get_in_chat(session, chat_id, obligation_id)
        if row is None:
            return Reply(messages.ITEM_NOT_FOUND.format(id=obligation_id))
        if row.status not in allowed:
            return Reply(messages.DONE_ALREADY.format(ref=render.ref(row.id), status=status_text(row, rt.now())))
        change(session, row.id, at=rt.now(), by=by)
        lines = [done_text.format(ref=render.ref(row.id), owner=render.owner_text(row.owner), action=row.action)]
        lines += _follow_ups(session, rt, row.id)
    rt.poke()
    return Reply("\n".join(lines), changed=True)


def mark_done(rt: Runtime, *, chat_id: int, obligation_id: int, by: int | None) -> Reply:
    return _settle(rt, chat_id=chat_id, obligation_id=obligation_id, by=by, allowed=(OPEN,),
                   change=service.mark_done, done_text=messages.DONE_OK)


def _follow_ups(session: Session, rt: Runtime, obligation_id: int) -> list[str]:
    from storage.obligations import followers

    lines = []
    for follower in followers(session, obligation_id):
        if follower.status == OPEN and follower.due_at is not None:
            lines.append(messages.DONE_FOLLOW_UP.format(ref=render.ref(follower.id), action=follower.action,
                                                        due=render.when_text(follower.due_at, rt.tz)))
    return lines


def close(rt: Runtime, *, chat_id: int, obligation_id: int, by: int | None) -> Reply:
    """销号 (admins only: the adapter checks)."""
    return _settle(rt, chat_id=chat_id, obligation_id=obligation_id, by=by, allowed=(OPEN, "done"),
                   change=service.close, done_text=messages.CLOSE_OK)


def progress_prompt(rt: Runtime, *, obligation_id: int) -> Reply:
    return Reply(messages.PROGRESS_PROMPT.format(ref=render.ref(obligation_id)), force_reply=True)


def add_progress(rt: Runtime, *, chat_id: int, obligation_id: int, by: int | None, text: str) -> Reply:
    with transaction(rt.engine) as session:
        row = chat_queries.get_in_chat(session, chat_id, obligation_id)
        if row is None:
            return Reply(messages.ITEM_NOT_FOUND.format(id=obligation_id))
        if row.status != OPEN:
            return Reply(messages.PROGRESS_NOT_OPEN.format(ref=render.ref(row.id), status=status_text(row, rt.now())))
        service.report_progress(session, row.id, text=text.strip(), at=rt.now(), user_id=by)
    return Reply(messages.PROGRESS_OK.format(ref=render.ref(obligation_id)), changed=True)


def snooze_choices(obligation_id: int) -> Reply:
    return Reply(messages.SNOOZE_ASK.format(ref=render.ref(obligation_id)), [[
        Button(messages.BUTTON_SNOOZE_HOUR, callbacks.build(callbacks.SNOOZE, obligation_id, "h")),
        Button(messages.BUTTON_SNOOZE_TOMORROW, callbacks.build(callbacks.SNOOZE, obligation_id, "t")),
    ]])


def snooze(rt: Runtime, *, chat_id: int, obligation_id: int, by: int | None, choice: str) -> Reply:
    with transaction(rt.engine) as session:
        row = chat_queries.get_in_chat(session, chat_id, obligation_id)
        if row is None:
            return Reply(messages.ITEM_NOT_FOUND.format(id=obligation_id))
        try:
            slot = service.snooze(session, row.id, now=rt.now(), choice=choice, by=by)
        except TransitionError:
            return Reply(messages.DONE_ALREADY.format(ref=render.ref(row.id), status=status_text(row, rt.now())))
    rt.poke()
    when = slot.planned_at.astimezone(rt.tz).strftime("%m-%d %H:%M")
    return Reply(messages.SNOOZE_OK.format(when=when, ref=render.ref(obligation_id)), changed=True)


# ------------------------------------------------------------------ ledger views

def _lines(session: Session, rt: Runtime, rows: list[Obligation]) -> list[str]:
    now = rt.now()
    return [messages.LIST_ITEM.format(ref=render.ref(r.id), owner=render.owner_text(r.owner), action=r.action,
                                      limit=_limit(session, rt, r), status=status_text(r, now)) for r in rows]


def _list_reply(title: str, lines: list[str]) -> Reply:
    if not lines:
        return Reply(messages.LIST_EMPTY)
    text = messages.LIST_HEADER.format(title=title, count=len(lines))
    for shown, line in enumerate(lines):
        if len(text) + len(line) + 100 > MAX_TEXT:
            text += "\n" + messages.LIST_TRUNCATED.format(more=len(lines) - shown)
            break
        text += "\n" + line
    return Reply(text)


def week_bounds(rt: Runtime) -> tuple[datetime, datetime]:
    local = rt.now().astimezone(rt.tz)
    monday = datetime.combine(local.date() - timedelta(days=local.weekday()), datetime.min.time(), rt.tz)
    return monday, monday + timedelta(days=7)


def list_items(rt: Runtime, *, chat_id: int, args: list[str]) -> Reply:
    """/list [责任单位] [逾期|本周]"""
    owner, mode = None, None
    for word in args:
        if word in ("逾期", "已逾期", "overdue"):
            mode = "overdue"
        elif word in ("本周", "week"):
            mode = "week"
        elif word:
            owner = word
    with transaction(rt.engine) as session:
        if mode == "overdue":
            rows, title = ledger.overdue(session, chat_id, rt.now(), owner=owner), messages.LIST_TITLE_OVERDUE
        elif mode == "week":
            start, end = week_bounds(rt)
            rows = [r for r in ledger.due_between(session, chat_id, start, end) if owner is None or r.owner == owner]
            title = messages.LIST_TITLE_WEEK
        else:
            rows, title = ledger.open_obligations(session, chat_id, owner=owner), messages.LIST_TITLE_ALL
        if owner:
            title = f"{owner}，{title}"
        return _list_reply(title, _lines(session, rt, rows))


def overdue_items(rt: Runtime, *, chat_id: int) -> Reply:
    return list_items(rt, chat_id=chat_id, args=["逾期"])


def item_detail(rt: Runtime, *, chat_id: int, obligation_id: int) -> Reply:
    with transaction(rt.engine) as session:
        row = chat_queries.get_in_chat(session, chat_id, obligation_id)
        if row is None:
            return Reply(messages.ITEM_NOT_FOUND.format(id=obligation_id))
        text = messages.ITEM_DETAIL.format(ref=render.ref(row.id), action=row.action,
                                           owner=render.owner_text(row.owner), limit=_limit(session, rt, row),
                                           status=status_text(row, rt.now()), quote=_short(row.quote, 300))
        entries = ledger.history(session, row.id)
        if entries:
            text += "\n" + messages.ITEM_HISTORY_HEADER
            for entry in entries:
                if entry.what.startswith("nudge:"):
                    what, detail = messages.HISTORY_NUDGE, ""
                else:
                    what = messages.HISTORY_WHAT.get(entry.what, entry.what)
                    detail = f"：{_short(entry.detail['text'], 100)}" if entry.what == "progress" else ""
                text += "\n" + messages.ITEM_HISTORY_LINE.format(
                    when=entry.at.astimezone(rt.tz).strftime("%m-%d %H:%M"), what=what, detail=detail)
        buttons = []
        if row.status == OPEN:
            buttons = [[Button(messages.BUTTON_DONE, callbacks.build(callbacks.DONE, row.id)),
                        Button(messages.BUTTON_PROGRESS, callbacks.build(callbacks.PROGRESS, row.id)),
                        Button(messages.BUTTON_SNOOZE, callbacks.build(callbacks.SNOOZE, row.id))]]
    return Reply(text[:MAX_TEXT], buttons)


def is_done_word(text: str) -> bool:
    return _word(text) in {w.lower() for w in messages.DONE_WORDS}


def is_close_word(text: str) -> bool:
    return _word(text) in messages.CLOSE_WORDS


def _word(text: str) -> str:
    return re.sub(r"[\s。.!！,，~～了啦]+$", "", (text or "").strip()).lower()
