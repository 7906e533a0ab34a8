"""The text the engine reads: folded once, with clause and sentence boundaries and its structure.

Every look-up is bounded to a window around the position asked about, so text without any
punctuation (one "clause" of a megabyte) costs the same per candidate as a short sentence. The
windows are aligned to a grid (between one and two window widths on each side), so neighbouring
candidates in such a text share their clause and sentence, and what is cached for them.
A comma inside a short parenthesis (（无牵头单位的，责任单位即为牵头单位，下同）) does not end the
clause around it.

Pages copied from some web sites carry pinyin after characters (規(guī)定, 調(diào)度). The engine reads
a compact text without those annotations (`folded`); `original_span` maps its offsets back, so
spans, quotes, owners and actions are still slices of the text as given.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cached_property

from . import lazy_re as re
from .normalize import fold
from .structure import Structure, read_structure

_UNSEEN: tuple[int, int] = (-1, -1)  # a subject not looked for yet (told apart by identity)
CLAUSE_WINDOW = 100  # a clause reaches at least this far, at most twice as far, on each side
SENTENCE_WINDOW = 200
PARAGRAPH_WINDOW = 400


def _grid(start: int, end: int, width: int, size: int) -> tuple[int, int]:
    """[lo, hi) reaching between `width` and 2 × `width` beyond [start, end), on a grid of `width`."""
    return max(0, (start // width - 1) * width), min(size, (end // width + 2) * width)

# A half-width full stop after a character ends a sentence too (some pages fold 。 to .), but
# not the one in 3.5 or in a numbering (1.).
_CLAUSE_END = re.compile(r"[，,。；;！!？?\n：:]|(?<=[\u4e00-\u9fff”）)])\.(?!\d)")
_SENTENCE_END = re.compile(r"[。；;！!？?\n]|(?<=[\u4e00-\u9fff”）)])\.(?!\d)")
_PAREN = re.compile(r"[(（][^()（）\n]{1,80}[)）]")
# A line break inside a sentence (text copied from a PDF wraps at the page's width): the line is
# long, ends inside a sentence, and the next line continues it rather than opening an item.
_WRAPPED = re.compile(r"[^\n]{20}(?<=[\u4e00-\u9fff\w，,、“（(])\n(?=[ \t]*[\u4e00-\u9fff\w“（(])")
_OPENS_ITEM = re.compile(r"[ \t]*(?:第[一二三四五六七八九十百零〇\d]{1,4}[章节条]|[一二三四五六七八九十]{1,3}[、.]|"
                         r"[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}(?:、|\.(?!\d))|[①-⑳]|"
                         r"(?:责任|牵头|配合|协办|主办|承办)(?:单位|部门)\s*[:：]|完成时[限间]\s*[:：])")
# Pinyin in parentheses right after a character: (guī), (diào), (shí).
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\((?=[a-z]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü])"
                     r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")


class Document:
    def __init__(self, original: str):
        self.original = original
        folded = fold(original)
        self._keep: list[int] | None = None  # original offset of each compact character
        if _PINYIN.search(folded):
            keep: list[int] = []
            parts: list[str] = []
            pos = 0
            for match in _PINYIN.finditer(folded):
                parts.append(folded[pos:match.start()])
                keep.extend(range(pos, match.start()))
                pos = match.end()
            parts.append(folded[pos:])
            keep.extend(range(pos, len(folded)))
            folded = "".join(parts)
            self._keep = keep
        self.folded = folded
        self.has_quotes = "“" in folded
        self.groups = [(m.start(), m.end()) for m in _PAREN.finditer(self.folded)]
        self._group_starts = [g[0] for g in self.groups]
        wrapped = {m.end() - 1 for m in _WRAPPED.finditer(self.folded)
                   if "\t" not in self.folded[m.start():m.end()] and not _OPENS_ITEM.match(self.folded, m.end())}
        every_clause_end = [m.start() for m in _CLAUSE_END.finditer(self.folded) if m.start() not in wrapped]
        self.inner_clause_ends = every_clause_end
        self.clause_ends = [p for p in every_clause_end if self.group_at(p) is None]
        self.sentence_ends = [m.start() for m in _SENTENCE_END.finditer(self.folded)
                              if m.start() not in wrapped
                              and (self.group_at(m.start()) is None or m.group(0) == "\n")]
        self._subjects: dict[tuple[int, int], tuple[int, int] | None] = {}
        # what the engine asks many times for one position (each candidate's clause and sentence,
        # and those of its neighbours), answered once
        self._clauses: dict[tuple[int, int], tuple[int, int]] = {}
        self._sentences: dict[int, tuple[int, int]] = {}
        # what the engine's steps work out once per clause or sentence: neighbouring candidates
        # look at the same earlier clauses and sentences (trigger.py, engine.py)
        self.clause_triggers: dict[tuple[int, int], tuple[str, str] | None] = {}
        self.carried_subjects: dict[int, tuple[int, int] | None] = {}

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """[start, end) of the compact text as offsets into the original."""
        if self._keep is None:
            return start, end
        if start >= end:
            at = self._keep[start] if start < len(self._keep) else len(self.original)
            return at, at
        return self._keep[start], self._keep[end - 1] + 1

    def original_text(self, start: int, end: int) -> str:
        left, right = self.original_span(start, end)
        return self.original[left:right]

    @cached_property
    def structure(self) -> Structure:
        return read_structure(self.folded)

    def group_at(self, pos: int) -> tuple[int, int] | None:
        """The parenthesis holding `pos` (strictly inside it), if any."""
        i = bisect_right(self._group_starts, pos) - 1
        if i >= 0 and self.groups[i][0] < pos < self.groups[i][1] - 1:
            return self.groups[i]
        return None

    @staticmethod
    def _around(ends: list[int], start: int, end: int, lo: int, hi: int) -> tuple[int, int]:
        i = bisect_left(ends, start, lo=0)
        left = ends[i - 1] + 1 if i and ends[i - 1] + 1 > lo else lo
        j = bisect_left(ends, end)
        right = ends[j] if j < len(ends) and ends[j] < hi else hi
        return left, right

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """Bounds of the clause holding [start, end), at most 2 × CLAUSE_WINDOW beyond it on each side."""
        key = (start, end)
        found = self._clauses.get(key)
        if found is None:
            found = self._clauses[key] = self._clause(start, end)
        return found

    def _clause(self, start: int, end: int) -> tuple[int, int]:
        lo, hi = _grid(start, end, CLAUSE_WINDOW, len(self.folded))
        group = self.group_at(start)
        if group is not None and end <= group[1] - 1:
            return self._around(self.inner_clause_ends, start, end, max(lo, group[0] + 1),
                                min(hi, group[1] - 1))
        return self._around(self.clause_ends, start, end, lo, hi)

    def sentence(self, pos: int) -> tuple[int, int]:
        """Bounds of the sentence holding `pos`, at most 2 × SENTENCE_WINDOW beyond it on each side."""
        found = self._sentences.get(pos)
        if found is None:
            lo, hi = _grid(pos, pos, SENTENCE_WINDOW, len(self.folded))
            found = self._sentences[pos] = self._around(self.sentence_ends, pos, pos, lo, hi)
        return found

    def clause_starts(self, left: int, right: int) -> list[int]:
        """Starts of the clauses of the sentence [left, right), relative to left."""
        i = bisect_left(self.clause_ends, left)
        j = bisect_left(self.clause_ends, right, lo=i)
        return [0, *(end + 1 - left for end in self.clause_ends[i:j])]

    def clauses_before(self, pos: int, floor: int, count: int) -> list[tuple[int, int]]:
        """Up to `count` clauses before the one holding `pos`, nearest first, none starting before
        `floor` (the sentence's start)."""
        ends = self.clause_ends
        i = bisect_left(ends, pos) - 1  # ends[i] closes the clause before pos's
        out: list[tuple[int, int]] = []
        while i >= 0 and len(out) < count and ends[i] >= floor:
            left = ends[i - 1] + 1 if i > 0 and ends[i - 1] + 1 > floor else floor
            out.append((left, ends[i]))
            i -= 1
        return out

    def subject_before(self, pos: int, floor: int, count: int) -> tuple[int, int] | None:
        """The subject heading the nearest of the `count` clauses before the one holding `pos` (none
        starting before `floor`, the sentence's start) that has one; when those clauses do not
        reach back to `floor`, the clause opening there is tried last (a long sentence's subject).

        The clauses of `clauses_before` then `clauses_from(floor, …, 1)`, without building them:
        every clause but the sentence's first starts right after the previous clause's end, and
        the first one, [floor, its end), comes last either way."""
        ends = self.clause_ends
        i = bisect_left(ends, pos) - 1  # ends[i] closes the clause before pos's
        if i < 0 or ends[i] < floor:
            return None
        first = bisect_left(ends, floor, 0, i + 1)  # the end of the sentence's first clause
        subjects = self._subjects
        j = i
        lowest = max(i - count + 1, first + 1)
        while j >= lowest:
            key = (ends[j - 1] + 1, ends[j])
            span = subjects.get(key, _UNSEEN)
            if span is _UNSEEN:
                span = self.subject(*key)
            if span:
                return span
            j -= 1
        return self.subject(floor, ends[first])

    def clauses_from(self, left: int, right: int, count: int) -> list[tuple[int, int]]:
        """The first `count` clauses of [left, right)."""
        ends = self.clause_ends
        i = bisect_left(ends, left)
        out: list[tuple[int, int]] = []
        start = left
        while len(out) < count and start < right:
            end = ends[i] if i < len(ends) and ends[i] < right else right
            out.append((start, end))
            start, i = end + 1, i + 1
        return out

    def paragraph_start(self, pos: int) -> int:
        """Start of the line holding `pos`, at most 2 × PARAGRAPH_WINDOW before it."""
        lo = _grid(pos, pos, PARAGRAPH_WINDOW, len(self.folded))[0]
        nl = self.folded.rfind("\n", lo, pos)
        return nl + 1 if nl >= 0 else lo

    def subject(self, left: int, right: int) -> tuple[int, int] | None:
        """Span (in the text) of the owner heading the clause [left, right), cached."""
        key = (left, right)
        try:
            return self._subjects[key]
        except KeyError:
            pass
        from .owner import subject_of

        span = subject_of(self.folded[left:right])
        found = self._subjects[key] = (left + span[0], left + span[1]) if span else None
        return found
