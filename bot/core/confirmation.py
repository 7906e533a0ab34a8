"""The confirmation list of a speech and what admins do with it before anything is planned:
confirm (all, or the page shown), delete, 改时限, 改责任单位, and for the flagged items
(bot.core.flags) 按默认时限, 不合并, 改前序. Items are named by their number in the chat."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from bot import messages
from bot.core import protocol, render
from bot.core.controls import strip_controls
from bot.core.flags import flag_buttons, flags, is_vague
from bot.core.items import event_buttons
from bot.core.protocol import Action, Purpose
from bot.core.reply import Button, Reply
from bot.core.runtime import Runtime
from bot.core.when import deadline_box, read_fallback
from extraction import Kind, normalise
from scheduler import service
from scheduler.config import PolicyConfig
from scheduler.confirming import confirm_in_chunks
from storage.db import transaction
from storage.models import CANCELLED, MERGED, OPEN, PENDING, Obligation, Speech
from storage.obligations import clear_duplicate, edit_pending_obligation, get_chat_obligation, set_trigger
from storage.speeches import get_speech, list_speech_obligations

PAGE_TEXT = 3400  # a confirmation page without the notes put before it (≤ 500 characters)
ACTION_CHARS = 300
MAX_BUTTONS = 100  # Telegram's limit per message
BUTTON_BUDGET = MAX_BUTTONS - 3  # 确认本页 + 上一页/下一页
PAGE_ITEMS = BUTTON_BUDGET // 3  # then 3 buttons per item (more for a flagged one): 32


def _block(session: Session, row: Obligation, config: PolicyConfig, rt: Runtime) -> str:
    fields = dict(ref=render.ref(row.number), owner=render.owners_text(row.owner, row.co_owners),
                  action=render.short(row.action, ACTION_CHARS))
    if row.status == CANCELLED:
        return messages.CONFIRM_ITEM_DELETED.format(**fields)
    if row.status == MERGED:
        into = session.get(Obligation, row.duplicate_of) if row.duplicate_of is not None else None
        return messages.CONFIRM_ITEM_MERGED.format(into=render.ref(into.number if into else None), **fields)
    if row.status != PENDING:
        return messages.CONFIRM_ITEM_CONFIRMED.format(**fields)
    block = messages.CONFIRM_ITEM.format(quote=render.short(row.quote),
                                         limit=render.item_limit(session, row, config, rt.now()), **fields)
    return "\n".join([block, *flags(session, row, config, rt.now())])


def paginate(blocks: Sequence[str], budget: int = PAGE_TEXT, per_page: int = PAGE_ITEMS,
             buttons: Sequence[int] | None = None, button_budget: int = BUTTON_BUDGET) -> list[range]:
    """Split item blocks into pages of at most `per_page` items, `budget` characters and
    `button_budget` buttons (`buttons[i]`: item i's), never inside an item."""
    pages, start, size, pressed = [], 0, 0, 0
    for index, block in enumerate(blocks):
        cost, keys = len(block) + 2, (buttons[index] if buttons else 0)
        if index > start and (size + cost > budget or index - start >= per_page or pressed + keys > button_budget):
            pages.append(range(start, index))
            start, size, pressed = index, 0, 0
        size += cost
        pressed += keys
    pages.append(range(start, len(blocks)))
    return pages


def _item_buttons(row: Obligation, config: PolicyConfig) -> list[list[Button]]:
    if row.status != PENDING:
        return []
    ref = f"#{row.number}"
    found = [[Button(messages.BUTTON_DELETE.format(ref=ref), protocol.build(Action.DELETE, row.number)),
              Button(messages.BUTTON_EDIT_DUE.format(ref=ref), protocol.build(Action.EDIT_DUE, row.number)),
              Button(messages.BUTTON_EDIT_OWNER.format(ref=ref), protocol.build(Action.EDIT_OWNER, row.number))]]
    extra = flag_buttons(row, config)
    return found + ([extra] if extra else [])


def speech_view(session: Session, rt: Runtime, speech: Speech, *, page: int | None = None,
                focus: int | None = None) -> Reply:
    """The confirmation list of a speech, one page of it: items with their 删除 / 改时限 /
    改责任单位 buttons, 确认本页 (全部确认 when it fits on one page) and 上一页 / 下一页. Shows
    page `page`, else the page holding item `focus`, else the first page with an item to
    confirm. A speech with nothing left to confirm shows the confirmed list."""
    config = service.config_for(session, speech.chat_id, rt.policy)
    rows = list_speech_obligations(session, speech.id)
    if not any(r.status == PENDING for r in rows):
        return _confirmed_view(session, rows, config, rt, speech.id)
    live = [r for r in rows if r.status != CANCELLED]
    footer_chars = len(messages.CONFIRM_FOOTER_PAGED)  # the hint Telegram shows under the items
    budget = PAGE_TEXT - len(messages.CONFIRM_HEADER) - len(messages.CONFIRM_PAGE) - footer_chars - 20
    blocks = [_block(session, row, config, rt) for row in rows]
    keyboards = [_item_buttons(row, config) for row in rows]
    pages = paginate(blocks, budget, buttons=[sum(len(line) for line in k) for k in keyboards])
    if page is None:
        wanted = (lambda r: r.number == focus) if focus is not None else (lambda r: r.status == PENDING)
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
        span = protocol.item_span(min(r.number or 0 for r in shown), max(r.number or 0 for r in shown))
        buttons.append([Button(label, protocol.build(Action.CONFIRM_PAGE, speech.id, span))])
    for index in pages[page]:
        buttons += keyboards[index]
    navigation = []
    if page > 0:
        navigation.append(Button(messages.BUTTON_PREVIOUS, protocol.build(Action.PAGE, speech.id, str(page - 1))))
    if page < len(pages) - 1:
        navigation.append(Button(messages.BUTTON_NEXT, protocol.build(Action.PAGE, speech.id, str(page + 1))))
    if navigation:
        buttons.append(navigation)
    return Reply(text, buttons, hint=footer, purpose=Purpose.CONFIRMATION,
                 numbers=tuple(r.number or 0 for r in shown), speech_id=speech.id, page=page, pages=len(pages))


def _confirmed_view(session: Session, rows: list[Obligation], config: PolicyConfig, rt: Runtime,
                    speech_id: int) -> Reply:
    """The confirmed list: each item with its 时限 or status (待触发 items with their buttons)."""
    kept = [r for r in rows if r.status != CANCELLED]
    if not kept:
        return Reply(messages.CONFIRMED_NOTHING)
    text, listed = messages.CONFIRMED_HEADER.format(count=len(kept)), []
    buttons: list[list[Button]] = []
    for shown, row in enumerate(kept):
        if row.status == MERGED:
            line = _block(session, row, config, rt)
        else:
            line = messages.CONFIRMED_ITEM.format(ref=render.ref(row.number),
                                                  owner=render.owners_text(row.owner, row.co_owners),
                                                  action=render.short(row.action, ACTION_CHARS),
                                                  limit=render.item_limit(session, row, config, rt.now()))
            if row.status != OPEN:  # shown again later (the speech pasted again): 待审核, 已办结, 已销号
                line += messages.CONFIRMED_ITEM_STATUS.format(status=messages.STATUS.get(row.status, row.status))
        if len(text) + len(line) + 100 > PAGE_TEXT:
            text += "\n" + messages.CONFIRMED_MORE.format(more=len(kept) - shown)
            break
        text += "\n" + line
        listed.append(row.number or 0)
        if row.status == OPEN and service.waits_for_event(row) and len(buttons) < MAX_BUTTONS // 2:
            buttons += event_buttons(row)
    return Reply(text, buttons, purpose=Purpose.CONFIRMATION, numbers=tuple(listed), speech_id=speech_id)


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
    """确认本页: confirm the speech's pending items numbered `first`…`last` in the chat (the page that was
    shown; every pending item when not given), and say plainly how many, which, and how many
    still wait. A long list is confirmed in several short transactions (scheduler.confirming)."""
    with transaction(rt.engine) as session:
        if _chat_speech(session, chat_id, speech_id) is None:
            return Reply(messages.ITEM_NOT_FOUND.format(id=speech_id))
    numbers = None if first is None else range(first, (last or first) + 1)
    chosen = confirm_in_chunks(rt.engine, speech_id, at=rt.now(), by=by, numbers=numbers, defaults=rt.policy)
    with transaction(rt.engine) as session:
        speech = get_speech(session, speech_id)
        waiting = sum(1 for r in list_speech_obligations(session, speech.id) if r.status == PENDING)
        reply = speech_view(session, rt, speech)
    rt.poke()
    reply.changed = True
    if not chosen or (waiting == 0 and first is None):
        return reply
    note = messages.CONFIRMED_SOME.format(count=len(chosen), first=render.ref(chosen[0]), last=render.ref(chosen[-1]))
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


def _pending_in_chat(session: Session, chat_id: int, number: int) -> tuple[Obligation | None, Reply | None]:
    """(the chat's item still awaiting confirmation, None) or (None, the reply refusing it)."""
    row = get_chat_obligation(session, chat_id, number)
    if row is None:
        return None, Reply(messages.ITEM_NOT_FOUND.format(id=number))
    if row.status != PENDING:
        if row.status == CANCELLED:
            return None, Reply(messages.NOT_PENDING_DELETED.format(ref=render.ref(row.number)))
        return None, Reply(messages.NOT_PENDING.format(ref=render.ref(row.number), number=row.number))
    return row, None


def delete_pending(rt: Runtime, *, chat_id: int, number: int, by: int | None) -> Reply:
    with transaction(rt.engine) as session:
        row, refusal = _pending_in_chat(session, chat_id, number)
        if row is None:
            return refusal or Reply(messages.ERROR)
        service.cancel(session, row.id, at=rt.now(), by=by, reason="deleted before confirmation")
        speech = get_speech(session, row.speech_id)
        if not any(r.status == PENDING for r in list_speech_obligations(session, speech.id)):
            speech.confirmed_at, speech.confirmed_by = rt.now(), by  # nothing left to confirm
            session.add(speech)
        reply = speech_view(session, rt, speech, focus=row.number)
    reply.changed = True
    return reply


EDIT_PURPOSES = {Action.EDIT_DUE: Purpose.EDIT_DUE, Action.EDIT_OWNER: Purpose.EDIT_OWNER,
                 Action.EDIT_CHAIN: Purpose.EDIT_CHAIN}
PROMPTS = {Purpose.EDIT_DUE: "EDIT_DUE_PROMPT", Purpose.EDIT_OWNER: "EDIT_OWNER_PROMPT",
           Purpose.EDIT_CHAIN: "EDIT_CHAIN_PROMPT"}  # names in bot.messages
NO_TRIGGER_WORDS = ("无", "没有", "不跟随", "none", "0")


def edit_prompt(rt: Runtime, *, chat_id: int, number: int, what: Purpose) -> Reply:
    """Ask for the new 时限 (`what`=Purpose.EDIT_DUE), 责任单位 (EDIT_OWNER) or preceding item
    (EDIT_CHAIN) as a reply."""
    with transaction(rt.engine) as session:
        row, refusal = _pending_in_chat(session, chat_id, number)
        if row is None:
            return refusal or Reply(messages.ERROR)
    template: str = getattr(messages, PROMPTS[what])
    return Reply(template.format(ref=render.ref(number)), force_reply=True, purpose=what, numbers=(number,))


def _chain(session: Session, row: Obligation, value: str, rt: Runtime, by: int | None) -> Reply | None:
    """改前序: chain `row` to the item `value` names (#24), or to none; a refusal when it names none of the speech's."""
    word = value.strip().lstrip("#＃")
    if word in NO_TRIGGER_WORDS:
        set_trigger(session, row, None, at=rt.now(), by=by)
        return None
    trigger = get_chat_obligation(session, row.chat_id, int(word)) if word.isdigit() else None
    if trigger is None or trigger.speech_id != row.speech_id or trigger.id == row.id:
        return Reply(messages.EDIT_CHAIN_BAD.format(text=render.short(value, 20)))
    set_trigger(session, row, trigger, at=rt.now(), by=by)
    return None


def keep_separate(rt: Runtime, *, chat_id: int, number: int, by: int | None) -> Reply:
    """不合并: the item repeating an open one is kept as an item of its own."""
    with transaction(rt.engine) as session:
        row, refusal = _pending_in_chat(session, chat_id, number)
        if row is None:
            return refusal or Reply(messages.ERROR)
        if row.duplicate_of is None:  # keep N typed for an item not taken for a repeat: nothing to undo
            return Reply(messages.KEEP_NOT_DUPLICATE.format(ref=render.ref(number)))
        clear_duplicate(session, row, at=rt.now(), by=by)
        reply = speech_view(session, rt, get_speech(session, row.speech_id), focus=number)
    reply.changed = True
    return reply.noted(messages.EDITED.format(ref=render.ref(number)))


def default_limit(rt: Runtime, *, chat_id: int, number: int, by: int | None) -> Reply:
    """按默认时限: a vague limit (尽快) becomes the chat's default number of days."""
    with transaction(rt.engine) as session:
        row, refusal = _pending_in_chat(session, chat_id, number)
        if row is None:
            return refusal or Reply(messages.ERROR)
        if not is_vague(row):  # a date, a count or a recurrence is not replaced (limit N typed, an old button)
            return Reply(messages.LIMIT_NOT_VAGUE.format(ref=render.ref(number)))
        days = service.config_for(session, chat_id, rt.policy).default_limit_days
        box = {**row.timebox, "kind": Kind.DEADLINE, "within": {"n": days, "unit": "day"}}
        edit_pending_obligation(session, row, at=rt.now(), by=by, timebox=box, kind=Kind.DEADLINE,
                                expression=row.expression or "")
        reply = speech_view(session, rt, get_speech(session, row.speech_id), focus=number)
    reply.changed = True
    return reply.noted(messages.EDITED.format(ref=render.ref(number)))


def edit_item(rt: Runtime, *, chat_id: int, number: int, by: int | None, what: Purpose, value: str) -> Reply:
    """Apply a 改时限 / 改责任单位 / 改前序 answer; returns the updated confirmation list."""
    value = strip_controls(value).strip()
    if what == Purpose.EDIT_OWNER and not value:  # would erase the owner the speech named
        return Reply(messages.EDIT_OWNER_EMPTY)
    box: dict | None = None
    if what not in (Purpose.EDIT_CHAIN, Purpose.EDIT_OWNER):  # read before the transaction: dateparser loads slowly
        typed = read_fallback(value, rt.now(), rt.tz)  # Dec 15 5pm, 12/15 17:00: dateparser
        box = deadline_box(typed) if typed is not None else normalise(value, rt.local_now())
    with transaction(rt.engine) as session:
        row, refusal = _pending_in_chat(session, chat_id, number)
        if row is None:
            return refusal or Reply(messages.ERROR)
        if what == Purpose.EDIT_CHAIN:
            refused = _chain(session, row, value, rt, by)
            if refused is not None:
                return refused
        elif what == Purpose.EDIT_OWNER:
            edit_pending_obligation(session, row, at=rt.now(), by=by, owner=value[:200])
        elif box is not None:
            read = box.get("kind")
            kind = {"date": Kind.DEADLINE, "duration": Kind.DEADLINE}.get(read, read) if isinstance(read, str) else None
            if kind not in tuple(Kind) or not (
                    box.get("due") or box.get("within") or box.get("every")):
                return Reply(messages.EDIT_DUE_NOT_UNDERSTOOD.format(text=render.short(value, 40)))
            box["kind"] = kind
            edit_pending_obligation(session, row, at=rt.now(), by=by, timebox=box, kind=kind, expression=value[:200])
        reply = speech_view(session, rt, get_speech(session, row.speech_id), focus=row.number)
    reply.changed = True
    return reply.noted(messages.EDITED.format(ref=render.ref(number)))
