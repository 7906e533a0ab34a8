"""The rule type and the scanner that runs every rule family over a text once."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from ..model import TimeBox


class Unreadable(ValueError):
    """Raised by a rule for a value outside the sane range (a year 1900, a limit of 9999 years)."""


@dataclass(frozen=True)
class Context:
    """What a rule may look at: the folded text and the reference time."""

    text: str
    ref: datetime
    timex: bool = True  # False when reading a speech for obligations (extract)

    def not_in_speech(self, why: str) -> None:
        """Refuse a reading that only makes sense as a bare time (上周三, 昨天) when reading a
        speech: it names the past, never an obligation's time box. Its span stays taken."""
        if not self.timex:
            raise Unreadable(why)


Produced = TimeBox | list[TimeBox] | None  # what a rule makes of one match
Produce = Callable[[re.Match[str], Context], Produced]


@dataclass(frozen=True)
class Anchor:
    """Text every match of a rule contains, and how far a match reaches around it.

    A rule with an anchor runs only in the windows around the anchor's hits: its pattern starts
    with optional parts (a year, a number), which the regex engine would otherwise try at every
    position of the speech.
    """

    pattern: re.Pattern[str]
    back: int
    ahead: int


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    produce: Produce
    anchor: Anchor | None = None
    timex_only: bool = False  # bare dates and lengths: never an obligation's time box


def anchor(pattern: str, back: int, ahead: int) -> Anchor:
    return Anchor(re.compile(pattern), back, ahead)


_SHORT = 24  # no anchor window is narrower than this


def _windows(rule: Rule, text: str) -> list[tuple[int, int]]:
    if rule.anchor is None:
        return [(0, len(text))]
    windows: list[tuple[int, int]] = []
    for hit in rule.anchor.pattern.finditer(text):
        lo, hi = max(0, hit.start() - rule.anchor.back), min(len(text), hit.end() + rule.anchor.ahead)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def _all_rules() -> list[Rule]:
    from . import absolute, clock, duration, event, holiday, recurring, relative

    return [*event.RULES, *recurring.RULES, *relative.RULES, *holiday.RULES, *absolute.RULES,
            *clock.RULES, *duration.RULES]


# What a rule's date arithmetic may raise on a value no check foresaw (a year 0, a day past the
# calendar's range): the expression is then skipped, never fatal for the whole speech.
_REFUSED = "refused"
_UNREADABLE = (ValueError, KeyError, OverflowError, IndexError, ZeroDivisionError, NotImplementedError)


_RULES: list[Rule] | None = None


def rules() -> list[Rule]:
    global _RULES
    if _RULES is None:
        _RULES = _all_rules()
    return _RULES


# Pinyin glosses that scraped pages leave after characters: 調(diào)度, 區(qū).
_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])\((?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")


def scan(text: str, ref: datetime, *, timex: bool = True) -> list[TimeBox]:
    """All time expressions in `text`; pinyin glosses (調(diào)度) are read through, and the spans
    returned still index `text`."""
    if "(" not in text or not _GLOSS.search(text):
        return _scan(text, ref, timex)
    kept: list[str] = []
    offsets: list[int] = []  # in the original text, of each kept character
    last = 0
    for gloss in _GLOSS.finditer(text):
        kept.append(text[last:gloss.start()])
        offsets.extend(range(last, gloss.start()))
        last = gloss.end()
    kept.append(text[last:])
    offsets.extend(range(last, len(text)))
    offsets.append(len(text))
    return [replace(box, start=offsets[box.start], end=offsets[box.end - 1] + 1)
            for box in _scan("".join(kept), ref, timex)]


def _scan(text: str, ref: datetime, timex: bool) -> list[TimeBox]:
    """All time expressions in `text` (already folded), longest match winning overlaps.

    Each rule's compiled pattern runs over the text once; the candidates are then kept
    longest-first, so "办结后1天内" (on_event) wins over the "1天内" inside it. One match may
    yield several boxes (每月5日、20日前 gives one per day); they share its span.
    """
    ctx = Context(text, ref, timex)
    found: list[tuple[int, tuple[int, int], TimeBox]] = []
    short = len(text) <= _SHORT
    whole = [(0, len(text))]
    for order, rule in enumerate(rules()):
        if rule.timex_only and not timex:
            continue
        if rule.anchor is None:
            windows = whole
        elif short:  # one expression (timex): the whole text, if the anchor is there
            if not rule.anchor.pattern.search(text):
                continue
            windows = whole
        else:
            windows = _windows(rule, text)
        for lo, hi in windows:
            for match in rule.pattern.finditer(text, lo, hi):
                try:
                    produced = rule.produce(match, ctx)
                except _UNREADABLE:
                    # refused (a year 0000, every 9999 years): the span stays taken, so no shorter
                    # reading inside it ("12月底前" of "0000年12月底前") stands in for it
                    produced = TimeBox(_REFUSED, match.start(), match.end())
                if produced is None:
                    continue
                for box in produced if isinstance(produced, list) else [produced]:
                    found.append((order, (order, match.start()), replace(box, rule=rule.name)))
    found.sort(key=lambda item: (-(item[2].end - item[2].start), item[0], item[2].start))
    origin_of: dict[tuple[int, int], tuple[int, int]] = {}
    starts: list[int] = []  # taken spans, kept sorted and disjoint
    ends: list[int] = []
    kept: list[TimeBox] = []
    for _, origin, box in found:
        span = (box.start, box.end)
        if span in origin_of:
            if origin_of[span] != origin:
                continue
        else:
            i = bisect_left(starts, box.start)
            if (i > 0 and ends[i - 1] > box.start) or (i < len(starts) and starts[i] < box.end):
                continue
            starts.insert(i, box.start)
            ends.insert(i, box.end)
            origin_of[span] = origin
        kept.append(box)
    kept = [box for box in kept if box.kind != _REFUSED]
    kept.sort(key=lambda b: (b.start, b.end))
    return kept
