"""The rule type and the scanner that runs every rule family over a text once."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from operator import attrgetter
from typing import Any

from .. import lazy_re as re
from ..model import TimeBox


class Unreadable(ValueError):
    """Raised by a rule for a value outside the sane range (a year 1900, a limit of 9999 years)."""


@dataclass(frozen=True, init=False)
class Context:
    """What a rule may look at: the folded text and the reference time."""

    text: str
    ref: datetime
    timex: bool = True  # False when reading a speech for obligations (extract)

    def __init__(self, text: str, ref: datetime, timex: bool = True) -> None:
        # the fields above in one step (one Context per expression `duban timex` reads)
        self.__dict__.update(text=text, ref=ref, timex=timex)

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
    # For an anchor that is one character of a set (内, [日号]): the set, and a pattern finding a
    # hit followed by a run without one long enough to separate two windows.
    chars: str | None = None
    gap: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    produce: Produce
    anchor: Anchor | None = None
    timex_only: bool = False  # bare dates and lengths: never an obligation's time box
    # Its boxes may start before its match (an event read back from the text before "…后3天内");
    # every other rule's boxes lie within its match, and no rule's box ends after its match.
    reaches_back: bool = False


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
_BY_POSITION = attrgetter("start", "end")


def _windows(rule: Rule, text: str, long: bool = False) -> list[tuple[int, int]]:
    """The stretches of `text` within reach of the rule's anchor hits, neighbours merged."""
    found = rule.anchor
    if found is None:
        return [(0, len(text))]
    if found.gap is not None and found.chars is not None:
        return _windows_between_gaps(found, found.gap, found.chars, text)
    windows: list[tuple[int, int]] = []
    hits = _guarded_anchor(found) if long else found.pattern
    for hit in hits.finditer(text):
        lo, hi = max(0, hit.start() - found.back), min(len(text), hit.end() + found.ahead)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def _windows_between_gaps(found: Anchor, gap_pattern: re.Pattern[str], chars: str,
                          text: str) -> list[tuple[int, int]]:
    """The same windows for a one-character anchor, found from the long runs between its hits
    (a dense text has a hit every few characters, and far fewer such runs)."""
    first = found.pattern.search(text)
    if first is None:
        return []
    size = len(text)
    windows: list[tuple[int, int]] = []
    lo = max(0, first.start() - found.back)
    for gap in gap_pattern.finditer(text, first.start()):
        if gap.end() == size:  # the run after the last hit
            windows.append((lo, min(size, gap.start() + 1 + found.ahead)))
            return windows
        windows.append((lo, gap.start() + 1 + found.ahead))
        lo = gap.end() - found.back
    last = max(text.rfind(char) for char in chars)
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
# Each rule's pattern as the scanner runs it over a long text (see `_first_char_guard`), made on
# first use: compiling them all again would cost a short text (a cold `duban extract`, one
# `duban timex` expression) more than it saves.
_GUARDED: list[re.Pattern[str] | None] = []
_GUARD_FROM = 65536  # characters: below this, compiling the guards costs more than they save


def rules() -> list[Rule]:
    global _RULES, _GUARDED
    if _RULES is None:
        found = _all_rules()
        _GUARDED = [None] * len(found)
        _RULES = found
    return _RULES


# For one short expression (`duban timex`), calling each rule's pattern costs more than the match:
# the rules that can match are told from the expression's characters. Each rule needs at least
# one of a set of characters (worked out from its pattern: 内 or 之/以 for "…之内", 每 for "每月…"),
# and usually several such sets in turn (每 and then 月 or 周 …): a rule runs only when the text
# holds a character of each. A rule whose anchor is one character of a set runs only when the text
# holds one of them, too.
_NEEDING: tuple[dict[str, tuple[int, int]], int, list[int]] | None = None


def _needing() -> tuple[dict[str, tuple[int, int]], int, list[int]]:
    """(character → (the rules the smallest character set of whose pattern holds it, the needed
    character sets holding it), the rules whose needs could not be told, each rule's needed
    character sets), each set of rules a bit mask by rule order, each set of character sets a bit
    mask by the sets' numbers. A one-character anchor's characters are one more needed set."""
    global _NEEDING
    if _NEEDING is None:
        needing: dict[str, int] = {}
        untold = 0
        numbers: dict[frozenset[str], int] = {}  # each character set a rule needs → its number
        holding: dict[str, int] = {}
        required: list[int] = []
        for order, rule in enumerate(rules()):
            bit = 1 << order
            chars, needed_sets = _needs(rule.pattern)
            if chars is None:
                untold |= bit
            else:
                for char in chars:
                    needing[char] = needing.get(char, 0) | bit
            sets = 0
            if rule.anchor is not None and rule.anchor.chars is not None:
                needed_sets.add(frozenset(rule.anchor.chars))
            for needed in needed_sets:
                number = numbers.setdefault(needed, len(numbers))
                sets |= 1 << number
                for char in needed:
                    holding[char] = holding.get(char, 0) | 1 << number
            required.append(sets)
        by_char = {char: (needing.get(char, 0), holding.get(char, 0)) for char in needing.keys() | holding.keys()}
        _NEEDING = by_char, untold, required
    return _NEEDING


def _rules_for(text: str) -> int:
    """Bit mask of the rules that can match somewhere in `text` (and whose one-character anchor,
    if they have one, is in it)."""
    allowed, missing = _allowed(text)
    required = _needing()[2]
    left = allowed
    while left:
        low = left & -left
        left ^= low
        if required[low.bit_length() - 1] & missing:
            allowed ^= low
    return allowed


def _allowed(text: str) -> tuple[int, int]:
    """(bit mask of the rules that the smallest character set each needs allows, bit mask of the
    needed character sets of which `text` holds no character): a rule runs only when its needed
    sets (`_needing()[2]`) have no bit of the second."""
    by_char, wanted, _ = _needing()
    held = 0
    for char in set(text):
        found = by_char.get(char)
        if found is not None:
            wanted |= found[0]
            held |= found[1]
    return wanted, ~held


def _parsed(pattern: re.Pattern[str]) -> Any:
    """The standard library's parse of `pattern` (its SubPattern's items), or None when it cannot
    be had: another Python, flags the analyses below do not follow."""
    if pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        parser: Any = importlib.import_module("re._parser")
        return parser.parse(pattern.pattern, pattern.flags).data
    except (ImportError, re.error, AttributeError, TypeError, ValueError):
        return None


def _needs(pattern: re.Pattern[str]) -> tuple[set[str] | None, set[frozenset[str]]]:
    """(the smallest set of characters of which every match of `pattern` holds one, or None when
    that cannot be told; every such character set that could be told), from one parse."""
    parsed = _parsed(pattern)
    if parsed is None:
        return None, set()
    try:
        chars, empty = _needed_in_sequence(parsed)
        sets = set(_needed_sets_in_sequence(parsed))
    except (re.error, AttributeError, TypeError, ValueError):
        return None, set()
    return None if empty else chars, sets


def _needed_sets_in_sequence(items: Any) -> list[frozenset[str]]:
    """The character sets a match of each item that cannot be left out needs, all together, in
    the order of the items. A choice among words (春节|国庆|元旦) needs one of the first characters
    of its words, one of the last, and one of each word's rarest: any one set needed by each word,
    taken together."""
    found: list[frozenset[str]] = []
    for op, value in items:
        op = str(op)
        if op in ("LITERAL", "IN", "BRANCH"):
            chars, can_be_empty = _needed_in_item(op, value)
            if chars and not can_be_empty:
                found.append(frozenset(chars))
            if op == "BRANCH":
                words = [_needed_sets_in_sequence(branch) for branch in value[1]]
                if all(words):
                    found.append(frozenset().union(*(needed[0] for needed in words)))
                    found.append(frozenset().union(*(needed[-1] for needed in words)))
        elif op == "SUBPATTERN":
            found += _needed_sets_in_sequence(value[3])
        elif op == "ATOMIC_GROUP":
            found += _needed_sets_in_sequence(value)
        elif op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") and value[0] >= 1:
            found += _needed_sets_in_sequence(value[2])
    return found


def _needed_in_sequence(items: Any) -> tuple[set[str] | None, bool]:
    """(the smallest character set one of whose characters a match must hold, can it be empty)."""
    best, empty = None, True
    for op, value in items:
        chars, can_be_empty = _needed_in_item(str(op), value)
        if not can_be_empty:
            empty = False
            if chars is not None and (best is None or len(chars) < len(best)):
                best = chars
    return best, empty


def _needed_in_item(op: str, value: Any) -> tuple[set[str] | None, bool]:
    if op == "LITERAL":
        return {chr(value)}, False
    if op == "IN":
        members: set[str] = set()
        for kind, item in value:
            kind = str(kind)
            if kind == "LITERAL":
                members.add(chr(item))
            elif kind == "RANGE" and item[1] - item[0] < 64:
                members.update(chr(code) for code in range(item[0], item[1] + 1))
            else:  # a negated class, a category, a wide range: any of many characters
                return None, False
        return members, False
    if op == "BRANCH":
        union: set[str] | None = set()
        empty = False
        for branch in value[1]:
            needed, can_be_empty = _needed_in_sequence(branch)
            empty = empty or can_be_empty
            union = None if needed is None or union is None else union | needed
        return union, empty
    if op == "SUBPATTERN":
        return _needed_in_sequence(value[3])
    if op == "ATOMIC_GROUP":
        return _needed_in_sequence(value)
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        repeated, empty = _needed_in_sequence(value[2])
        return repeated, empty or value[0] == 0
    if op in _ZERO_WIDTH:
        return None, True
    return None, False  # any character, a back reference …


_GUARDED_ANCHORS: dict[re.Pattern[str], re.Pattern[str]] = {}


def _guarded_anchor(found: Anchor) -> re.Pattern[str]:
    pattern = _GUARDED_ANCHORS.get(found.pattern)
    if pattern is None:
        pattern = _GUARDED_ANCHORS[found.pattern] = _first_char_guard(found.pattern)
    return pattern


def _guarded(order: int, rule: Rule) -> re.Pattern[str]:
    pattern = _GUARDED[order]
    if pattern is None:
        pattern = _GUARDED[order] = _first_char_guard(rule.pattern)
    return pattern


_CATEGORY = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_SPACE": r"\s",
             "CATEGORY_NOT_SPACE": r"\S", "CATEGORY_WORD": r"\w", "CATEGORY_NOT_WORD": r"\W"}
_ZERO_WIDTH = ("AT", "ASSERT", "ASSERT_NOT")


class _Anything(Exception):
    """A match may start with any character (or with none)."""


def _in_class(code: int) -> str:
    char = chr(code)
    return "\\" + char if char in "\\]^-[" else char


def _first_of_sequence(items: Any) -> tuple[set[str], bool]:
    """The characters a match of the parsed sequence can start with, and whether it can be empty."""
    first: set[str] = set()
    for op, value in items:
        chars, empty = _first_of_item(str(op), value)
        first |= chars
        if not empty:
            return first, False
    return first, True


def _first_of_item(op: str, value: Any) -> tuple[set[str], bool]:
    if op == "LITERAL":
        return {_in_class(value)}, False
    if op == "IN":
        chars: set[str] = set()
        for kind, item in value:
            kind = str(kind)
            if kind == "LITERAL":
                chars.add(_in_class(item))
            elif kind == "RANGE":
                chars.add(f"{_in_class(item[0])}-{_in_class(item[1])}")
            elif kind == "CATEGORY" and str(item) in _CATEGORY:
                chars.add(_CATEGORY[str(item)])
            else:  # NEGATE, locale categories …
                raise _Anything
        return chars, False
    if op == "BRANCH":
        first: set[str] = set()
        empty = False
        for branch in value[1]:
            starts, can_be_empty = _first_of_sequence(branch)
            first |= starts
            empty = empty or can_be_empty
        return first, empty
    if op == "SUBPATTERN":
        if value[1] or value[2]:  # flags set inside the group
            raise _Anything
        return _first_of_sequence(value[3])
    if op == "ATOMIC_GROUP":
        return _first_of_sequence(value)
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, high, inner = value
        if high == 0:
            return set(), True
        starts, can_be_empty = _first_of_sequence(inner)
        return starts, can_be_empty or low == 0
    if op in _ZERO_WIDTH:  # consumes nothing: the first character comes after it
        return set(), True
    raise _Anything  # any character, a back reference, a conditional group …


def _starts_fast(items: Any) -> bool:
    """Does the engine skip ahead by itself: a pattern opening with a character, a class or a
    choice of words (it searches for their first characters, as it does for 每, [日号], 之后|后)?"""
    while items and str(items[0][0]) == "SUBPATTERN":
        items = items[0][1][3]
    if not items:
        return False
    op, value = items[0]
    op = str(op)
    if op in ("LITERAL", "IN"):
        return True
    return op == "BRANCH" and all(branch and str(branch[0][0]) == "LITERAL" for branch in value[1])


def _first_char_guard(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """`pattern`, told which characters its matches start with: (?=[…]) before it.

    The regex engine tries a pattern at every position it searches; one that opens with optional
    parts (a year, a number) fails slowly at each. The look-ahead fails at once where no match
    can start, and changes nothing else: the same matches, groups and spans. The pattern as it
    is when its first characters cannot be told (an empty match, a negated class …).
    """
    parsed = _parsed(pattern)
    if parsed is None:
        return pattern
    try:
        if _starts_fast(parsed):
            return pattern
        first, empty = _first_of_sequence(parsed)
        if empty or not first:
            return pattern
        guarded = re.compile(f"(?=[{''.join(sorted(first))}])(?:{pattern.pattern})", pattern.flags)
    except (_Anything, re.error, AttributeError, TypeError, ValueError):
        return pattern
    if guarded.groups != pattern.groups or guarded.groupindex != pattern.groupindex:
        return pattern
    return guarded


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
    if len(text) <= _SHORT:
        return _scan_short(text, ref, timex)
    ctx = Context(text, ref, timex)
    # (-length, rule order, box start, arrival, match start, box): sorted as they are, longest
    # first, then the earlier rule, the earlier box, and (ties) the order they were found in
    found: list[tuple[int, int, int, int, int, TimeBox]] = []
    for order, rule, search, windows in _runs(text, timex):
        for lo, hi in windows:
            for match in search.finditer(text, lo, hi):
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
                        found.append((box.start - box.end, order, box.start, len(found), match.start(),
                                      _named(box, rule.name)))
                else:
                    found.append((produced.start - produced.end, order, produced.start, len(found),
                                  match.start(), _named(produced, rule.name)))
    found.sort()
    return [box for box in _longest_first(found, len(text)) if box.kind != _REFUSED]


def _scan_short(text: str, ref: datetime, timex: bool) -> list[TimeBox]:
    """`_scan` for one expression (`duban timex`, a label's value): the rules its characters
    allow, each over the whole text if its anchor is there; the same candidates, chosen alike."""
    ctx = Context(text, ref, timex)
    found: list[tuple[int, int, int, TimeBox]] = []
    for order, rule, match in _short_matches(text, timex):
        for box in _made(rule, match, ctx):
            found.append((box.start - box.end, order, match.start(), box))
    if len(found) > 1:
        found.sort(key=lambda item: (item[0], item[1], item[3].start))
        return [box for box in _longest_first_few(found) if box.kind != _REFUSED]
    return [item[3] for item in found if item[3].kind != _REFUSED]


def _short_rules(text: str, timex: bool) -> Iterator[tuple[int, Rule]]:
    """(rule order, rule) of each rule the characters of `text` allow, in rule order."""
    every = rules()
    required = _needing()[2]
    wanted, missing = _allowed(text)
    while wanted:
        low = wanted & -wanted
        wanted ^= low
        order = low.bit_length() - 1
        if required[order] & missing:
            continue
        rule = every[order]
        if rule.timex_only and not timex or (rule.anchor is not None and rule.anchor.chars is None
                                             and not rule.anchor.pattern.search(text)):
            continue
        yield order, rule


def _short_matches(text: str, timex: bool) -> list[tuple[int, Rule, re.Match[str]]]:
    """(rule order, rule, match) of every match in `text` of the rules its characters allow, by
    rule order and then position."""
    return [(order, rule, match) for order, rule in _short_rules(text, timex) for match in rule.pattern.finditer(text)]


def _made(rule: Rule, match: re.Match[str], ctx: Context) -> list[TimeBox]:
    """The boxes `rule` makes of `match`, named; a refused reading is one box of kind _REFUSED."""
    try:
        produced = rule.produce(match, ctx)
    except _UNREADABLE:
        produced = TimeBox(_REFUSED, match.start(), match.end())
    if produced is None:
        return []
    if isinstance(produced, list):
        return [_named(box, rule.name) for box in produced]
    return [_named(produced, rule.name)]


def longest(text: str, ref: datetime) -> TimeBox | None:
    """The longest of `scan(text, ref)` (the first of equally long ones), or None.

    For one expression only the matches that can give it are read. A box of the whole text is the
    longest there can be: the first one, by rule order and position, is the answer, and the rules
    after its own are not run. Otherwise the matches are read longest first, until every match
    left is shorter than the longest box kept so far (a box lies within its match, or for a rule
    that `reaches_back`, ends where its match ends). The boxes the longer matches give are chosen
    among as `scan` chooses among all, so a shorter one can neither be the longest nor change
    what is kept of them.
    """
    size = len(text)
    if size > _SHORT or "(" in text and _GLOSS.search(text):
        boxes = scan(text, ref)
        return max(boxes, key=_length_then_start) if boxes else None
    ctx = Context(text, ref, True)
    matches: list[tuple[int, Rule, re.Match[str]]] = []
    made: dict[int, list[TimeBox]] = {}  # the boxes made so far, by the match's place in `matches`
    for order, rule in _short_rules(text, True):
        for match in rule.pattern.finditer(text):
            if match.end() == size and (match.start() == 0 or rule.reaches_back):
                boxes = made[len(matches)] = _made(rule, match, ctx)
                for box in boxes:
                    if box.start == 0 and box.end == size:  # the first box of the whole text
                        if box.kind != _REFUSED:
                            return box
                        break
            matches.append((order, rule, match))
    if not matches:
        return None
    # by the longest box each match may give, longest first; equally long ones in the order
    # `_scan_short` makes them in
    by_reach = sorted([(match.start() - match.end() if not rule.reaches_back else -match.end(), arrival)
                       for arrival, (_, rule, match) in enumerate(matches)])  # (-reach, arrival)
    # (-length, rule order, start, (arrival, number)) sort as `_scan_short` sorts its candidates
    found: list[tuple[int, int, int, tuple[int, int], int, TimeBox]] = []
    kept: list[TimeBox] = []
    for index, (reach, arrival) in enumerate(by_reach):
        order, rule, match = matches[arrival]
        boxes = made[arrival] if arrival in made else _made(rule, match, ctx)
        for number, box in enumerate(boxes):
            found.append((box.start - box.end, order, box.start, (arrival, number), match.start(), box))
        following = -by_reach[index + 1][0] if index + 1 < len(by_reach) else None
        if following == -reach:
            continue  # the rest that may reach as far first
        if len(found) == 1:
            kept = [found[0][5]] if found[0][5].kind != _REFUSED else []
        else:
            found.sort()
            kept = [box for box in _longest_first_few([(f[0], f[1], f[4], f[5]) for f in found])
                    if box.kind != _REFUSED]
        if kept and following is not None and following < max(box.end - box.start for box in kept):
            break
    if len(kept) == 1:
        return kept[0]
    return max(kept, key=_length_then_start) if kept else None


def _length_then_start(box: TimeBox) -> tuple[int, int]:
    return box.end - box.start, -box.start


def _longest_first_few(found: list[tuple[int, int, int, TimeBox]]) -> list[TimeBox]:
    """`_longest_first` for a handful of candidates: each compared with those kept before it."""
    taken: list[tuple[int, int, tuple[int, int]]] = []  # (start, end, origin)
    kept: list[TimeBox] = []
    for _, order, where, box in found:
        start, end = box.start, box.end
        origin = (order, where)
        same = next((o for s, e, o in taken if s == start and e == end), None)
        if same is not None:
            if same != origin:
                continue
        else:
            if any(_overlaps(start, end, s, e) for s, e, _ in taken):
                continue
            taken.append((start, end, origin))
        kept.append(box)
    kept.sort(key=lambda b: (b.start, b.end))
    return kept


def _overlaps(start: int, end: int, s: int, e: int) -> bool:
    """Does [start, end) run into the taken [s, e), as `_longest_first` decides it (an empty span
    is taken only strictly inside a kept one, and blocks what starts at or runs over it)?"""
    if start < end:
        return s < end and start < e if s < e else start <= s < end
    return s < start < e


def _runs(text: str, timex: bool) -> Iterator[tuple[int, Rule, re.Pattern[str], list[tuple[int, int]]]]:
    """(order, rule, the pattern to run, the windows to run it in) for each rule that may match."""
    every = rules()
    whole = [(0, len(text))]
    long = len(text) >= _GUARD_FROM
    shared: dict[Anchor, list[tuple[int, int]]] = {}  # the festival rules share one anchor
    for order, rule in enumerate(every):
        if rule.timex_only and not timex:
            continue
        search = _guarded(order, rule) if long else rule.pattern
        if rule.anchor is None:
            yield order, rule, search, whole
            continue
        windows = shared.get(rule.anchor)
        if windows is None:
            windows = shared[rule.anchor] = _windows(rule, text, long)
        yield order, rule, search, windows


def _longest_first(found: list[tuple[Any, ...]], size: int) -> list[TimeBox]:
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
    for item in found:  # (…, rule order, …, match start, box)
        order, where, box = item[1], item[-2], item[-1]
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
    kept.sort(key=_BY_POSITION)
    return kept


def _named(box: TimeBox, rule: str) -> TimeBox:
    """`box` read by `rule`. A rule makes a new box for each match, which the scanner names in
    place (a frozen dataclass, so through object.__setattr__); a box that already carries another
    name is copied, as dataclasses.replace would, without its cost per candidate."""
    if not box.rule:
        object.__setattr__(box, "rule", rule)
        return box
    if box.rule == rule:
        return box
    named = object.__new__(TimeBox)
    named.__dict__.update(box.__dict__)
    named.__dict__["rule"] = rule
    return named
