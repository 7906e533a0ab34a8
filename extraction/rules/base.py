"""The rule type and the scanner that runs every rule family over a text once."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Callable

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


Produce = Callable[[re.Match, Context], "TimeBox | list[TimeBox] | None"]


@dataclass(frozen=True)
class Anchor:
    """Text every match of a rule contains, and how far a match reaches around it.

    A rule with an anchor runs only in the windows around the anchor's hits: its pattern starts
    with optional parts (a year, a number), which the regex engine would otherwise try at every
    position of the speech.
    """

    pattern: re.Pattern
    back: int
    ahead: int
    # For an anchor that is one character of a set (内, [日号]): the set, and a pattern finding a
    # hit followed by a run without one long enough to separate two windows.
    chars: str | None = None
    gap: re.Pattern | None = None


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern
    produce: Produce
    anchor: Anchor | None = None
    timex_only: bool = False  # bare dates and lengths: never an obligation's time box


# An anchor that is one character of a set: [日号], 内, 到|至|~ (no ranges, escapes or classes).
_ONE_OF = re.compile(r"\[([^\]\\^\-\[]+)\]|([^\\.^$*+?{}\[\]|()](?:\|[^\\.^$*+?{}\[\]|()])*)")


def anchor(pattern: str, back: int, ahead: int) -> Anchor:
    one_of = _ONE_OF.fullmatch(pattern)
    if one_of is None:
        return Anchor(re.compile(pattern), back, ahead)
    chars = one_of.group(1) or one_of.group(2).replace("|", "")
    body = re.escape(chars)
    return Anchor(re.compile(f"[{body}]"), back, ahead, chars,
                  re.compile(f"[{body}][^{body}]{{{back + ahead + 1},}}"))


_SHORT = 24  # no anchor window is narrower than this


def _windows(rule: Rule, text: str) -> list[tuple[int, int]]:
    """The stretches of `text` within reach of the rule's anchor hits, neighbours merged."""
    found = rule.anchor
    if found is None:
        return [(0, len(text))]
    if found.gap is not None:
        return _windows_between_gaps(found, text)
    windows: list[tuple[int, int]] = []
    for hit in found.pattern.finditer(text):
        lo, hi = max(0, hit.start() - found.back), min(len(text), hit.end() + found.ahead)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def _windows_between_gaps(found: Anchor, text: str) -> list[tuple[int, int]]:
    """The same windows for a one-character anchor, found from the long runs between its hits
    (a dense text has a hit every few characters, and far fewer such runs)."""
    first = found.pattern.search(text)
    if first is None:
        return []
    size = len(text)
    windows: list[tuple[int, int]] = []
    lo = max(0, first.start() - found.back)
    for gap in found.gap.finditer(text, first.start()):
        if gap.end() == size:  # the run after the last hit
            windows.append((lo, min(size, gap.start() + 1 + found.ahead)))
            return windows
        windows.append((lo, gap.start() + 1 + found.ahead))
        lo = gap.end() - found.back
    last = max(text.rfind(char) for char in found.chars)
    windows.append((lo, min(size, last + 1 + found.ahead)))
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
    kept, offsets, last = [], [], 0
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
    found: list[tuple[int, int, int, TimeBox]] = []  # (-length, rule order, match start, box)
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
                if isinstance(produced, list):
                    for box in produced:
                        found.append((box.start - box.end, order, match.start(), _named(box, rule.name)))
                else:
                    found.append((produced.start - produced.end, order, match.start(),
                                  _named(produced, rule.name)))
    # longest first, then the earlier rule, then the earlier box
    found.sort(key=lambda item: (item[0], item[1], item[3].start))
    return [box for box in _longest_first(found, len(text)) if box.kind != _REFUSED]


def _longest_first(found: list[tuple[int, int, int, TimeBox]], size: int) -> list[TimeBox]:
    """The boxes whose span overlaps no span taken before it (in the order given), sorted by
    position. Boxes of one match may share its span (每月5日、20日前 gives one per day); another
    match with the very same span loses to the first. Linear in the spans' lengths: a byte per
    character says whether a kept span covers it, another whether one starts there."""
    origin_of: dict[tuple[int, int], tuple[int, int]] = {}
    covered = bytearray(size + 1)
    opens = bytearray(size + 1)
    points = bytearray(size + 1)  # kept empty spans (no rule reads one today)
    any_points = False
    kept: list[TimeBox] = []
    for _, order, where, box in found:
        start, end = box.start, box.end
        span = (start, end)
        origin = (order, where)
        if span in origin_of:
            if origin_of[span] != origin:
                continue
        else:
            if start < end:
                if covered.find(1, start, end) >= 0 or (any_points and points.find(1, start, end) >= 0):
                    continue
                covered[start:end] = b"\x01" * (end - start)
                opens[start] = 1
            else:  # an empty span is taken only strictly inside a kept one
                if covered[start] and not opens[start]:
                    continue
                points[start] = 1
                any_points = True
            origin_of[span] = origin
        kept.append(box)
    kept.sort(key=lambda b: (b.start, b.end))
    return kept


def _named(box: TimeBox, rule: str) -> TimeBox:
    """`box` read by `rule` (dataclasses.replace, without its cost per candidate)."""
    named = object.__new__(TimeBox)
    named.__dict__.update(box.__dict__)
    named.__dict__["rule"] = rule
    return named
