"""The confirmation list of a speech and what admins do with it before anything is planned:
confirm (all, or the page shown), delete, 改时限, 改责任单位."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from bot import messages
from bot.core import protocol, render
from bot.core.controls import strip_controls
from bot.core.protocol import Action, Purpose
from bot.core.reply import Button, Reply
from bot.core.runtime import Runtime
from extraction import Kind, normalise
from scheduler import service
from scheduler.config import PolicyConfig
from storage.db import transaction
from storage.models import CANCELLED, PENDING, Obligation, Speech
from storage.obligations import edit_pending_obligation, get_chat_obligation
from storage.speeches import get_speech, list_speech_obligations

PAGE_TEXT = 3400  # a confirmation page without the notes put before it (≤ 500 characters)
ACTION_CHARS = 300
MAX_BUTTONS = 100  # Telegram's limit per message
PAGE_ITEMS = (MAX_BUTTONS - 3) // 3  # 确认本页 + 上一页/下一页, then 3 buttons per item: 32


def _block(row: Obligation, config: PolicyConfig, rt: Runtime) -> str:
    fields = dict(ref=render.ref(row.id), owner=render.owner_text(row.owner),
                  action=render.short(row.action, ACTION_CHARS))
    if row.status == CANCELLED:
        return messages.CONFIRM_ITEM_DELETED.format(**fields)
    if row.status != PENDING:
        return messages.CONFIRM_ITEM_CONFIRMED.format(**fields)
    return messages.CONFIRM_ITEM.format(quote=render.short(row.quote), limit=render.item_limit(row, config, rt.now()),
                                        **fields)


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
    config = service.config_for(session, speech.chat_id, rt.policy)
    rows = list_speech_obligations(session, speech.id)
    if not any(r.status == PENDING for r in rows):
        return _confirmed_view(rows, config, rt, speech.id)
    live = [r for r in rows if r.status != CANCELLED]
    footer_chars = len(messages.CONFIRM_FOOTER_PAGED)  # the hint Telegram shows under the items
    budget = PAGE_TEXT - len(messages.CONFIRM_HEADER) - len(messages.CONFIRM_PAGE) - footer_chars - 20
    blocks = [_block(row, config, rt) for row in rows]
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
    text = "\n\n".join([header, *(blocks[i] for i in pages[page])])
    pending = [r for r in shown if r.status == PENDING]
    buttons = []
    if pending:
        label = (messages.BUTTON_CONFIRM_ALL if len(pages) == 1
                 else messages.BUTTON_CONFIRM_PAGE.format(count=len(pending)))
        span = protocol.item_span(min(r.id for r in shown), max(r.id for r in shown))
        buttons.append([Button(label, protocol.build(Action.CONFIRM_PAGE, speech.id, span))])
    for row in pending:
        ref = f"#{row.id}"
        buttons.append([
            Button(messages.BUTTON_DELETE.format(ref=ref), protocol.build(Action.DELETE, row.id)),
            Button(messages.BUTTON_EDIT_DUE.format(ref=ref), protocol.build(Action.EDIT_DUE, row.id)),
            Button(messages.BUTTON_EDIT_OWNER.format(ref=ref), protocol.build(Action.EDIT_OWNER, row.id)),
        ])
    navigation = []
    if page > 0:
        navigation.append(Button(messages.BUTTON_PREVIOUS, protocol.build(Action.PAGE, speech.id, str(page - 1))))
    if page < len(pages) - 1:
        navigation.append(Button(messages.BUTTON_NEXT, protocol.build(Action.PAGE, speech.id, str(page + 1))))
    if navigation:
        buttons.append(navigation)
    return Reply(text, buttons, hint=footer, purpose=Purpose.CONFIRMATION, obligation_ids=tuple(r.id for r in shown),
                 speech_id=speech.id, page=page, pages=len(pages))


def _confirmed_view(rows: list[Obligation], config: PolicyConfig, rt: Runtime, speech_id: int) -> Reply:
    kept = [r for r in rows if r.status != CANCELLED]
    if not kept:
        return Reply(messages.CONFIRMED_NOTHING)
    text, listed = messages.CONFIRMED_HEADER.format(count=len(kept)), []
    for shown, row in enumerate(kept):
        line = messages.CONFIRMED_ITEM.format(ref=render.ref(row.id), owner=render.owner_text(row.owner),
                                              action=render.short(row.action, ACTION_CHARS),
                                              limit=render.item_limit(row, config, rt.now()))
        if len(text) + len(line) + 100 > PAGE_TEXT:
            text += "\n" + messages.CONFIRMED_MORE.format(more=len(kept) - shown)
            break
        text += "\n" + line
        listed.append(row.id)
    return Reply(text, purpose=Purpose.CONFIRMATION, obligation_ids=tuple(listed), speech_id=speech_id)


def _chat_speech(session: Session, chat_id: int, speech_id: int) -> Speech | None:
    speech = session.get(Speech, speech_id)
    return speech if speech is not None and speech.chat_id == chat_id else None


def show_page(rt: Runtime, *, chat_id: int, speech_id: int, page: int) -> Reply:
    with transaction(rt.engine) as session:
        speech = _chat_speech(session, chat_id, speech_id)
        if speech is None:
            return Reply(messages.ITEM_NOT_FOUND.format(id=speech_id))
        return speech_view(session, rt, speech, page=page)


def confirm_items(rt: Runtime, *, chat_id: int, speech_id: int, by: int | None, first: int | None = None,
                  last: int | None = None) -> Reply:
    """确认本页: confirm the speech's pending items numbered `first`…`last` (the page that was
    shown; every pending item when not given), and say plainly how many, which, and how many
    still wait."""
    with transaction(rt.engine) as session:
        speech = _chat_speech(session, chat_id, speech_id)
        if speech is None:
            return Reply(messages.ITEM_NOT_FOUND.format(id=speech_id))
        config = service.config_for(session, chat_id, rt.policy)
        rows = list_speech_obligations(session, speech.id)
        chosen = [r for r in rows if r.status == PENDING and (first is None or first <= r.id <= (last or first))]
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
    return reply.noted(note)


def confirm_unpaged(rt: Runtime, *, chat_id: int, speech_id: int, by: int | None) -> Reply:
    """A 全部确认 button from before pages existed (no item range): confirms only when every
    pending item fits on one page, i.e. was shown; otherwise shows the pages to confirm."""
    with transaction(rt.engine) as session:
        speech = _chat_speech(session, chat_id, speech_id)
        if speech is None:
            return Reply(messages.ITEM_NOT_FOUND.format(id=speech_id))
        view = speech_view(session, rt, speech, page=0)
    if view.pages > 1:
        return view.noted(messages.CONFIRM_USE_PAGES)
    return confirm_items(rt, chat_id=chat_id, speech_id=speech_id, by=by)


def _pending_in_chat(session: Session, chat_id: int, obligation_id: int) -> tuple[Obligation | None, Reply | None]:
    """(the chat's item still awaiting confirmation, None) or (None, the reply refusing it)."""
    row = get_chat_obligation(session, chat_id, obligation_id)
    if row is None:
        return None, Reply(messages.ITEM_NOT_FOUND.format(id=obligation_id))
    if row.status != PENDING:
        return None, Reply(messages.NOT_PENDING.format(ref=render.ref(row.id)))
    return row, None


def delete_pending(rt: Runtime, *, chat_id: int, obligation_id: int, by: int | None) -> Reply:
    with transaction(rt.engine) as session:
        row, refusal = _pending_in_chat(session, chat_id, obligation_id)
        if row is None:
            return refusal or Reply(messages.ERROR)
        service.cancel(session, row.id, at=rt.now(), by=by, reason="deleted before confirmation")
        speech = get_speech(session, row.speech_id)
        if not any(r.status == PENDING for r in list_speech_obligations(session, speech.id)):
            speech.confirmed_at, speech.confirmed_by = rt.now(), by  # nothing left to confirm
            session.add(speech)
        reply = speech_view(session, rt, speech, focus=row.id)
    reply.changed = True
    return reply


EDIT_PURPOSES = {Action.EDIT_DUE: Purpose.EDIT_DUE, Action.EDIT_OWNER: Purpose.EDIT_OWNER}


def edit_prompt(rt: Runtime, *, chat_id: int, obligation_id: int, what: Purpose) -> Reply:
    """Ask for the new value of 时限 (`what`=Purpose.EDIT_DUE) or 责任单位 (EDIT_OWNER) as a reply."""
    with transaction(rt.engine) as session:
        row, refusal = _pending_in_chat(session, chat_id, obligation_id)
        if row is None:
            return refusal or Reply(messages.ERROR)
    template = messages.EDIT_DUE_PROMPT if what == Purpose.EDIT_DUE else messages.EDIT_OWNER_PROMPT
    return Reply(template.format(ref=render.ref(obligation_id)), force_reply=True, purpose=what,
                 obligation_ids=(obligation_id,))


def edit_item(rt: Runtime, *, chat_id: int, obligation_id: int, by: int | None, what: Purpose, value: str) -> Reply:
    """Apply a 改时限 / 改责任单位 answer; returns the updated confirmation list."""
    value = strip_controls(value).strip()
    with transaction(rt.engine) as session:
        row, refusal = _pending_in_chat(session, chat_id, obligation_id)
        if row is None:
            return refusal or Reply(messages.ERROR)
        if what == Purpose.EDIT_OWNER:
            edit_pending_obligation(session, row, at=rt.now(), by=by, owner=value[:200])
        else:
            box = normalise(value, rt.local_now())
            read = box.get("kind")
            kind = {"date": Kind.DEADLINE, "duration": Kind.DEADLINE}.get(read, read) if isinstance(read, str) else None
            if kind not in tuple(Kind) or not (
                    box.get("due") or box.get("within") or box.get("every")):
                return Reply(messages.EDIT_DUE_NOT_UNDERSTOOD.format(text=render.short(value, 40)))
            box["kind"] = kind
            edit_pending_obligation(session, row, at=rt.now(), by=by, timebox=box, kind=kind, expression=value[:200])
        reply = speech_view(session, rt, get_speech(session, row.speech_id), focus=row.id)
    reply.changed = True
    return reply.noted(messages.EDITED.format(ref=render.ref(obligation_id)))
