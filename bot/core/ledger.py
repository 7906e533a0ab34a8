"""台账 views: /list [责任单位] [逾期|本周] and /overdue.

Items are grouped by their lead owner, owners in name order (音序: a list, never a ranking of
units), and within an owner sorted by colour 🔴 → 🟡 → 🔵 → the rest, then by number; the header
counts each colour. Every item is read through `bot.core.ledger_rows`, as every other view.
"""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from bot import messages
from bot.core import render
from bot.core.ledger_rows import ledger_rows
from bot.core.protocol import Purpose
from bot.core.reply import Reply
from bot.core.report.calendar import for_owner
from bot.core.report.model import GRADE_ORDER, Grade, LedgerRow, Stage
from bot.core.report.wording import due_text, owner_key, status_text
from bot.core.runtime import Runtime
from scheduler import service
from storage.db import transaction
from storage.ledger import count_pending

MAX_OWNERS_NAMED = 30  # in the answer to /list with an owner that has no item
MAX_TEXT = 3900  # Telegram's limit is 4096 characters
OVERDUE_WORDS = ("逾期", "已逾期", "overdue")
WEEK_WORDS = ("本周", "week")
LISTED = (Stage.OPEN, Stage.WAITING, Stage.REVIEW)  # what /list shows: not yet done


def grade_counts(rows: list[LedgerRow]) -> str:
    """🔴 2 · 🟡 1 · 🔵 3 · 其他 4 (colours with no item left out)."""
    counts = Counter(row.grade for row in rows)
    parts = [messages.LIST_GRADE_COUNT.format(mark=messages.GRADE_MARK[grade], count=counts[grade])
             for grade in (Grade.OVERDUE, Grade.BEHIND, Grade.DUE_SOON) if counts[grade]]
    rest = sum(count for grade, count in counts.items() if grade not in (Grade.OVERDUE, Grade.BEHIND, Grade.DUE_SOON))
    if rest:
        parts.append(messages.LIST_GRADE_REST.format(count=rest))
    return messages.LIST_GRADE_SEPARATOR.join(parts)


def _item(row: LedgerRow, rt: Runtime) -> str:
    local = rt.now().astimezone(rt.tz)
    co = messages.LIST_CO_OWNERS.format(owners="、".join(row.co_owners)) if row.co_owners else ""
    mark = messages.GRADE_MARK[row.grade]
    return messages.LIST_ITEM.format(mark=f"{mark} " if mark else "", ref=render.ref(row.number), action=row.task,
                                     co=co, limit=due_text(row, rt.tz), status=status_text(row, local))


def grouped(rows: list[LedgerRow]) -> list[tuple[str | None, list[LedgerRow]]]:
    """By owner (name order), each owner's items by colour then number."""
    rank = {grade: index for index, grade in enumerate(GRADE_ORDER)}
    ordered = sorted(rows, key=lambda row: (owner_key(row.owner), rank[row.grade], row.number))
    return [(owner, list(items)) for owner, items in groupby(ordered, key=lambda row: row.owner)]


def _list_reply(title: str, rows: list[LedgerRow], rt: Runtime) -> Reply:
    text = messages.LIST_HEADER.format(title=title, count=len(rows), grades=grade_counts(rows))
    shown: list[int] = []
    for owner, items in grouped(rows):
        block = [messages.LIST_OWNER.format(owner=render.owner_text(owner), count=len(items),
                                            grades=grade_counts(items))]
        for row in items:
            line = _item(row, rt)
            if len(text) + sum(len(b) + 1 for b in block) + len(line) + 100 > MAX_TEXT:
                break
            block.append(line)
            shown.append(row.number)
        if len(block) > 1:
            text += "\n" + "\n".join(block)
        if len(block) <= len(items):  # not every item of this owner fitted
            break
    if len(shown) < len(rows):
        text += "\n" + messages.LIST_TRUNCATED.format(more=len(rows) - len(shown))
    return Reply(text, purpose=Purpose.ITEM, numbers=tuple(shown))


def list_items(rt: Runtime, *, chat_id: int, args: list[str]) -> Reply:
    """/list [责任单位] [逾期|本周]"""
    owner, mode = None, None
    for word in args:
        if word in OVERDUE_WORDS:
            mode = "overdue"
        elif word in WEEK_WORDS:
            mode = "week"
        elif word:
            owner = word
    now = rt.now()
    with transaction(rt.engine) as session:
        config = service.config_for(session, chat_id, rt.policy)
        every = ledger_rows(session, chat_id, config, now)
        pending = count_pending(session, chat_id)
    # an owner is matched as /ics matches it: a part of its name, as lead or as co-owner
    rows = [row for row in every if row.stage in LISTED and (owner is None or for_owner(row, owner))]
    if mode == "overdue":  # past the deadline, or a recurring report missed
        rows = [row for row in rows if row.stage == Stage.OPEN
                and (row.grade == Grade.OVERDUE or row.missed_reports > 0)]
        title = messages.LIST_TITLE_OVERDUE
    elif mode == "week":
        start, end = config.week_bounds(now)
        rows = [row for row in rows if row.stage == Stage.OPEN and row.due is not None and start <= row.due < end]
        title = messages.LIST_TITLE_WEEK
    else:
        title = messages.LIST_TITLE_ALL
    if owner:
        title = f"{owner}，{title}"
    if rows:
        return _list_reply(title, rows, rt)
    text = (no_such_owner(every, owner) if owner else None) or messages.LIST_EMPTY
    if pending:
        text += "\n" + messages.LIST_PENDING.format(count=pending)
    return Reply(text)


def no_such_owner(rows: list[LedgerRow], owner: str) -> str | None:
    """What to say when no item of `rows` concerns `owner` (a typo, or not an owner: /list 本月):
    the owners there are. None when one does, or when there are no items at all."""
    known = sorted({row.owner for row in rows if row.owner}, key=owner_key)
    if not known or any(for_owner(row, owner) for row in rows):
        return None
    names = "、".join(known[:MAX_OWNERS_NAMED]) + (messages.LIST_MORE_OWNERS.format(count=len(known))
                                                 if len(known) > MAX_OWNERS_NAMED else "")
    return messages.LIST_NO_OWNER.format(owner=owner, owners=names)


def overdue_items(rt: Runtime, *, chat_id: int) -> Reply:
    return list_items(rt, chat_id=chat_id, args=[OVERDUE_WORDS[0]])
