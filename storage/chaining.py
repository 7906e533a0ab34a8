"""Which item a follow-up (办结后1天内报告销号) belongs to, decided once at import.

A follow-up is chained to the item whose 办结 starts it: the nearest earlier item in the same
sentence, else in the same numbered item (一、（一）1. …) when no other owner is named, else the
nearest earlier item of the same owner. Never to another owner's item, and never to a recurring
item (a routine has no 办结 to wait for): without a match it is chained to nothing, and the
confirmation list lets an admin choose.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

SENTENCE_END = re.compile(r"[。！？!?\n]")
# A numbered item's head at the start of a line: 一、 （一） (1) 1. 1、 ① 第一条 …
NUMBERED_HEAD = re.compile(
    r"(?m)^[ \t\u3000]*(?:第[一二三四五六七八九十百零〇\d]+[条项部分]|[一二三四五六七八九十百]+[、.．]"
    r"|[（(][一二三四五六七八九十百\d]+[）)]|\d+[、.．](?!\d)|[①-⑳])")
DONE_EVENT_WORDS = ("办结", "完成", "结束")


@dataclass(frozen=True)
class Placed:
    """An item already read from the speech: where it is and whom it binds."""

    key: int  # what to chain to (the caller's row id)
    start: int
    end: int
    owner: str | None
    follows_done: bool  # itself a follow-up (办结后…): never chained to
    recurring: bool = False  # a routine (每月…): never chained to


def follows_done_event(event: str | None) -> bool:
    """Is this event the 办结 of another item (办结后…, 完成后…)?"""
    return event is not None and any(word in event for word in DONE_EVENT_WORDS)


def _head_before(text: str, position: int) -> int | None:
    """Where the numbered item holding `position` starts (None outside any numbered item)."""
    start = None
    for match in NUMBERED_HEAD.finditer(text, 0, position):
        start = match.start()
    return start


def chain_to(text: str, previous: Sequence[Placed], start: int, owner: str | None) -> int | None:
    """The key of the item a follow-up starting at `start` belongs to, or None."""
    # the items before it that can be done, nearest first
    earlier = [p for p in reversed(previous) if not p.follows_done and not p.recurring]
    for item in earlier:  # the same sentence
        if item.end >= start or not SENTENCE_END.search(text, item.end, start):
            return item.key
    head = _head_before(text, start)
    if head is not None:
        for item in earlier:  # the same numbered item
            if (item.start >= head and _head_before(text, item.start + 1) == head
                    and (owner is None or item.owner is None or item.owner == owner)):
                return item.key
    if owner:
        for item in earlier:  # the same owner
            if item.owner == owner:
                return item.key
    return None
