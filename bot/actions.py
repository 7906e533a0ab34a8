"""What a user can do, independent of Telegram or the terminal: parse nothing, render text.

Each function is synchronous (the Telegram adapter runs it in a worker thread), runs its own
transactions, returns a `Reply` (plain Chinese text, optional buttons), and pokes the sweeper
when the schedule changed. Permissions are checked by the adapters, which know who is an
admin. Text from users is stripped of control and bidi characters (bot.controls) before it is
read or stored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session

from bot import callbacks, messages, render
from bot.controls import strip_controls
from bot.runtime import Runtime
from extraction import extract, normalise
from scheduler import policy, service
from storage import chat_queries, fragments, ledger
from storage.chat_settings import update_settings
from storage.db import transaction
from storage.models import CANCELLED, OPEN, PENDING, ChatSettings, Obligation, Speech
from storage.obligations import TransitionError
from storage.speeches import import_speech, speech_obligations

REF_RE = re.compile(r"【#(\d+)】")
MAX_TEXT = 3900  # Telegram's limit is 4096 characters
PAGE_TEXT = 3400  # a confirmation page without the notes put before it (≤ 500 characters)
QUOTE_CHARS = 80
ACTION_CHARS = 300
MAX_BUTTONS = 100  # Telegram's limit per message
PAGE_ITEMS = (MAX_BUTTONS - 3) // 3  # 确认本页 + 上一页/下一页, then 3 buttons per item: 32
CLIENT_SPLIT_CHARS = 3500  # a fragment this long was probably cut by the client mid-text


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


def ingest_fragments(rt: Runtime, *, chat_id: int, user_id: int, by_admin: bool) -> Taken | None:
    """Read one sender's waiting fragments as one speech; they are deleted in the transaction
    that stores it (a crash before that leaves them for the next start). None when none wait."""
    with transaction(rt.engine) as session:
        parts = fragments.fragments_of(session, chat_id, user_id)
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
        parts = fragments.fragments_of(session, chat_id, user_id)
        if parts:
            fragments.drop_fragments(session, chat_id, user_id, through_id=parts[-1].id)


def _store(session: Session, rt: Runtime, *, chat_id: int, user_id: int | None, text: str, found: list,
           by_admin: bool) -> Reply:
    total, found = len(found), found[: rt.max_items_per_speech]
    if rt.chat_defaults and session.get(ChatSettings, chat_id) is None:
        update_settings(session, chat_id, at=rt.now(), **rt.chat_defaults)
    store = dict(chat_id=chat_id, text=text, obligations=found, received_at=rt.now(),
                 reference_date=rt.local_now().date(), forwarded_by=user_id)
    # Auto-confirm (scheduler.service.import_and_plan) only for an admin's speech.
    speech, _rows, created = (service.import_and_plan(session, **store) if by_admin
                              else import_speech(session, **store))
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
    return _noted(reply, *notes)


def _noted(reply: Reply, *notes: str) -> Reply:
    if notes:
        reply.text = "\n".join(notes) + "\n\n" + reply.text
    return reply


def _block(session: Session, rt: Runtime, row: Obligation) -> str:
    fields = dict(ref=render.ref(row.id), owner=render.owner_text(row.owner), action=_short(row.action, ACTION_CHARS))
    if row.status == CANCELLED:
        return messages.CONFIRM_ITEM_DELETED.format(**fields)
    if row.status != PENDING:
        return messages.CONFIRM_ITEM_CONFIRMED.format(**fields)
    return messages.CONFIRM_ITEM.format(quote=_short(row.quote), limit=_limit(session, rt, row), **fields)


def paginate(blocks: Sequence[str], budget: int = PAGE_TEXT, per_page: int = PAGE_ITEMS) -> list[range]:
    """Split item blocks into pages of at most `per_page` items and `budget` characters, never
    inside an item."""
    pages, start, size = [], 0, 0
    for index, block in enumerate(blocks):
        cost = len(block) + 2
        if index > start and (size + cost > budget or index - start >= per_page):
            pages.append(range(start, index))
            start, size = index, 0
        size += cost
    pages.append(range(start, len(blocks)))
    return pages


def speech_view(session: Session, rt: Runtime, speech: Speech, *, page: int | None = None,
                focus: int | None = None) -> Reply:
    """The confirmation list of a speech, one page of it: items with their 删除 / 改时限 /
    改责任单位 buttons, 确认本页 (全部确认 when it fits on one page) and 上一页 / 下一页. Shows
    page `page`, else the page holding item `focus`, else the first page with an item to
    confirm. A speech with nothing left to confirm shows the confirmed list."""
    rows = speech_obligations(session, speech.id)
    if not any(r.status == PENDING for r in rows):
        return _confirmed_view(session, rt, rows)
    live = [r for r in rows if r.status != CANCELLED]
    budget = PAGE_TEXT - len(messages.CONFIRM_HEADER) - len(messages.CONFIRM_PAGE) - len(messages.CONFIRM_FOOTER_PAGED) - 20
    blocks = [_block(session, rt, row) for row in rows]
    pages = paginate(blocks, budget)
    if page is None:
        wanted = (lambda r: r.id == focus) if focus is not None else (lambda r: r.status == PENDING)
        page = next((n for n, span in enumerate(pages) if any(wanted(rows[i]) for i in span)), 0)
    page = min(max(page, 0), len(pages) - 1)
    shown = [rows[i] for i in pages[page]]
    header = messages.CONFIRM_HEADER.format(count=len(live))
    if len(pages) > 1:
        header += messages.CONFIRM_PAGE.format(page=page + 1, pages=len(pages))
    footer = messages.CONFIRM_FOOTER if len(pages) == 1 else messages.CONFIRM_FOOTER_PAGED
    text = "\n\n".join([header, *(blocks[i] for i in pages[page]), footer])
    pending = [r for r in shown if r.status == PENDING]
    buttons = []
    if pending:
        label = (messages.BUTTON_CONFIRM_ALL if len(pages) == 1
                 else messages.BUTTON_CONFIRM_PAGE.format(count=len(pending)))
        span = f"{min(r.id for r in shown)}-{max(r.id for r in shown)}"
        buttons.append([Button(label, callbacks.build(callbacks.CONFIRM_ALL, speech.id, span))])
    for row in pending:
        ref = f"#{row.id}"
        buttons.append([
            Button(messages.BUTTON_DELETE.format(ref=ref), callbacks.build(callbacks.DELETE, row.id)),
            Button(messages.BUTTON_EDIT_DUE.format(ref=ref), callbacks.build(callbacks.EDIT_DUE, row.id)),
            Button(messages.BUTTON_EDIT_OWNER.format(ref=ref), callbacks.build(callbacks.EDIT_OWNER, row.id)),
        ])
    navigation = []
    if page > 0:
        navigation.append(Button(messages.BUTTON_PREVIOUS, callbacks.build(callbacks.PAGE, speech.id, str(page - 1))))
    if page < len(pages) - 1:
        navigation.append(Button(messages.BUTTON_NEXT, callbacks.build(callbacks.PAGE, speech.id, str(page + 1))))
    if navigation:
        buttons.append(navigation)
    return Reply(text, buttons)


def _confirmed_view(session: Session, rt: Runtime, rows: list[Obligation]) -> Reply:
    kept = [r for r in rows if r.status != CANCELLED]
    if not kept:
        return Reply(messages.CONFIRMED_NOTHING)
    text = messages.CONFIRMED_HEADER.format(count=len(kept))
    for shown, row in enumerate(kept):
        line = messages.CONFIRMED_ITEM.format(ref=render.ref(row.id), owner=render.owner_text(row.owner),
                                              action=_short(row.action, ACTION_CHARS), limit=_limit(session, rt, row))
        if len(text) + len(line) + 100 > PAGE_TEXT:
            text += "\n" + messages.CONFIRMED_MORE.format(more=len(kept) - shown)
            break
        text += "\n" + line
    return Reply(text)


def show_page(rt: Runtime, *, chat_id: int, speech_id: int, page: int) -> Reply:
    with transaction(rt.engine) as session:
        speech = session.get(Speech, speech_id)
        if speech is None or speech.chat_id != chat_id:
            return Reply(messages.ITEM_NOT_FOUND.format(id=speech_id))
        return speech_view(session, rt, speech, page=page)


def speech_of(rt: Runtime, chat_id: int, speech_id: int) -> Speech | None:
    with transaction(rt.engine) as session:
        speech = session.get(Speech, speech_id)
        return speech if speech is not None and speech.chat_id == chat_id else None


def speech_of_item(rt: Runtime, chat_id: int, obligation_id: int) -> Speech | None:
    with transaction(rt.engine) as session:
        row = chat_queries.get_in_chat(session, chat_id, obligation_id)
        return None if row is None else session.get(Speech, row.speech_id)


def confirm_all(rt: Runtime, *, chat_id: int, speech_id: int, by: int | None) -> Reply:
    """Confirm every item of a speech still pending (the console, which prints every page)."""
    return confirm_items(rt, chat_id=chat_id, speech_id=speech_id, by=by, first=None, last=None)


def confirm_items(rt: Runtime, *, chat_id: int, speech_id: int, by: int | None, first: int | None,
                  last: int | None) -> Reply:
    """确认本页: confirm the speech's pending items numbered `first`…`last` (the page that was
    shown), and say plainly how many, which, and how many still wait."""
    with transaction(rt.engine) as session:
        speech = session.get(Speech, speech_id)
        if speech is None or speech.chat_id != chat_id:
            return Reply(messages.ITEM_NOT_FOUND.format(id=speech_id))
        config = service.config_for(session, chat_id)
        rows = speech_obligations(session, speech.id)
        chosen = [r for r in rows if r.status == PENDING and (first is None or first <= r.id <= last)]
        for row in chosen:
            service.confirm_obligation(session, row, at=rt.now(), by=by, config=config)
        waiting = sum(1 for r in rows if r.status == PENDING)
        if not waiting and speech.confirmed_at is None:
            speech.confirmed_at, speech.confirmed_by = rt.now(), by
            session.add(speech)
        reply = speech_view(session, rt, speech)
    rt.poke()
    reply.changed = True
    if not chosen or (waiting == 0 and first is None):
        return reply
    note = messages.CONFIRMED_SOME.format(count=len(chosen), first=render.ref(chosen[0].id),
                                          last=render.ref(chosen[-1].id))
    if waiting:
        note += messages.CONFIRMED_SOME_LEFT.format(left=waiting)
    return _noted(reply, note)


def confirm_legacy(rt: Runtime, *, chat_id: int, speech_id: int, by: int | None) -> Reply:
    """A 全部确认 button from before pages existed (no item range): confirms only when every
    pending item fits on one page, i.e. was shown; otherwise shows the pages to confirm."""
    with transaction(rt.engine) as session:
        speech = session.get(Speech, speech_id)
        if speech is None or speech.chat_id != chat_id:
            return Reply(messages.ITEM_NOT_FOUND.format(id=speech_id))
        view = speech_view(session, rt, speech, page=0)
    if any(b.data.startswith(callbacks.PAGE + ":") for row in view.buttons for b in row):
        return _noted(view, messages.CONFIRM_USE_PAGES)
    return confirm_all(rt, chat_id=chat_id, speech_id=speech_id, by=by)


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
        reply = speech_view(session, rt, speech, focus=row.id)
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
    value = strip_controls(value).strip()
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
        reply = speech_view(session, rt, session.get(Speech, row.speech_id), focus=row.id)
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
        service.report_progress(session, row.id, text=strip_controls(text).strip(), at=rt.now(), user_id=by)
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
