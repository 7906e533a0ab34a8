"""The rule type and the scanner that runs every rule family over a text once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from ..model import TimeBox


@dataclass(frozen=True)
class Context:
    """What a rule may look at: the folded text and the reference time."""

    text: str
    ref: datetime


Produce = Callable[[re.Match, Context], "TimeBox | list[TimeBox] | None"]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    produce: Produce


def _all_rules() -> list[Rule]:
    from . import absolute, duration, event, recurring, relative

    return [*event.RULES, *recurring.RULES, *relative.RULES, *absolute.RULES, *duration.RULES]


_RULES: list[Rule] | None = None


def rules() -> list[Rule]:
    global _RULES
    if _RULES is None:
        _RULES = _all_rules()
    return _RULES


def scan(text: str, ref: datetime) -> list[TimeBox]:
    """All time expressions in `text` (already folded), longest match winning overlaps.

    Each rule's compiled pattern runs over the text once; the candidates are then kept
    longest-first, so "办结后1天内" (on_event) wins over the "1天内" inside it. One match may
    yield several boxes (每月5日、20日前 gives one per day); they share its span.
    """
    ctx = Context(text, ref)
    found: list[tuple[int, tuple[int, int], TimeBox]] = []
    for order, rule in enumerate(rules()):
        for match in rule.pattern.finditer(text):
            produced = rule.produce(match, ctx)
            if produced is None:
                continue
            for box in produced if isinstance(produced, list) else [produced]:
                found.append((order, (order, match.start()), box))
    found.sort(key=lambda item: (-(item[2].end - item[2].start), item[0], item[2].start))
    taken: dict[tuple[int, int], tuple[int, int]] = {}
    kept: list[TimeBox] = []
    for _, origin, box in found:
        span = (box.start, box.end)
        if span in taken:
            if taken[span] != origin:
                continue
        elif any(s < span[1] and span[0] < e for s, e in taken):
            continue
        taken[span] = origin
        kept.append(box)
    kept.sort(key=lambda b: (b.start, b.end))
    return kept
