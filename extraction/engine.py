"""extract(text, ref) → obligations: the time expressions found, kept when they bind someone.

1. `rules.scan` reads every time expression once (each candidate carries the rule that read it);
2. `structure` finds the document's blocks (title, addressee, items, labels, table rows);
3. `decision.decide` keeps or drops each candidate, with a named reason;
4. `trigger.earlier_trigger` turns a limit into an event limit when its trigger comes earlier
   in the sentence;
5. the clause gives the span and the action, and the owner is looked for in order: 由X负责 /
   X牵头, the clause's subject, the item's labels or table columns, the subject carried over from
   an earlier clause or sentence, the item's head, the notice's addressee.

`read()` returns the obligations with every candidate and its reason (`duban extract --explain`).
Pure: no I/O, no clock, no settings; every search is bounded to a window around its candidate.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime

from . import lazy_re as re
from .decision import Decision, decide
from .document import Document
from .model import Candidate, ExtractedObligation, Kind, Reading, TimeBox
from .owner import INTRO, PRONOUN, antecedent, by_whom, split_names, subject_of
from .rules import scan
from .rules.lexicon import WEEKDAY_OF
from .structure import Span
from .trigger import earlier_trigger

# Words stripped from the head of an action: 12月底前|报市政府审定 → 报市政府审定.
ACTION_LEAD = re.compile(r"^(?:[，,、\s]|一次|之前|以前|前|之内|以内|内|"
                         r"的|要|须|需|必须|应当|应|务必|将|都|也|均|就|再|完成后)+")
# Trailing punctuation and symbols (emoji …) around an action.
ACTION_TRIM = re.compile(r"^[^\w“（(《]+|[^\w”）)》]+$")
# Where two time boxes in one clause split it: "3天内报动态、7天内报结果".
_SPLIT_AT = "、和并及与"
_OVER_LIMIT = Decision(False, "over the limit")
_NUMBERING = re.compile(r"\s*(?:第[一二三四五六七八九十百\d]+[章节条]|[一二三四五六七八九十]+[、.]"
                        r"|\([一二三四五六七八九十\d]+\)|\d+(?:、|\.(?!\d))|[①-⑳])\s*")


@dataclass(slots=True)
class _Kept:
    box: TimeBox
    decision: Decision
    block: Span | None  # the item or row a label or a table column times


@dataclass(frozen=True)
class _Owner:
    text: str | None
    source: str | None
    co_owners: tuple[str, ...] = ()


_NO_OWNER = _Owner(None, None)


# What may follow a recurrence in a clause that only says when: "每年度防火期结束后，市防火办要…".
_LEADING_MOMENT = re.compile(r"[\u4e00-\u9fff]{1,12}?(?:之后|以后|后|时|期间)|上午|下午|晚上|早上|中午")


def _next_clause(doc: Document, end: int) -> tuple[int, int] | None:
    """The clause after a time box that fills its own ("年底前，各乡镇要完成…"), in the same sentence."""
    if end >= len(doc.folded) or doc.folded[end] not in "，,：:":
        return None
    nxt = doc.clause(end + 1, end + 1)
    return nxt if nxt[1] > nxt[0] else None


def _action(doc: Document, box: TimeBox, span: tuple[int, int], owner_end: int | None) -> str:
    """What must be done: the clause after the time expression, else the words before it."""
    after = doc.folded[box.end:span[1]]
    lead = ACTION_LEAD.match(after)
    start = box.end + (lead.end() if lead else 0)
    action = ACTION_TRIM.sub("", doc.original_text(start, span[1]))
    if action:
        return action
    left = max(span[0], owner_end or span[0])
    before = ACTION_TRIM.sub("", doc.original_text(left, box.start)).strip("要在于")
    return before or ACTION_TRIM.sub("", doc.original_text(span[0], span[1]))


def _text(doc: Document, span: tuple[int, int] | Span) -> str:
    start, end = (span.start, span.end) if isinstance(span, Span) else span
    return doc.original_text(start, end).strip()


def _label_owner(doc: Document, box: TimeBox) -> _Owner | None:
    """Owner and co-owners from the labels of the item (or paragraph) holding the box."""
    labels = doc.structure.owner_labels_at(box.start)
    if labels is None:
        return None
    leads = labels.lead or labels.owner
    co = [*labels.co, *(labels.owner if labels.lead else [])]
    return _Owner("、".join(_text(doc, s) for s in leads), labels.source, tuple(_text(doc, s) for s in co))


def _row_owner(doc: Document, box: TimeBox) -> _Owner | None:
    row = doc.structure.row_at(box.start)
    if row is None:
        return None
    leads = [c.same_as or c for c in row.column("lead") or row.column("owner")]  # 同上: the cell above
    if not leads:
        return None
    co = [c.same_as or c for c in (*row.column("co"), *(row.column("owner") if row.column("lead") else []))]
    names = tuple(_text(doc, (c.start + s, c.start + e)) for c in co
                  for s, e in split_names(doc.folded[c.start:c.end]))
    return _Owner("、".join(_text(doc, (c.start, c.end)) for c in leads), "table column", names)


def _repeated_times(doc: Document, kept: list[_Kept], decided: list[tuple[TimeBox, Decision]]) -> list[_Kept]:
    """A row whose time cell reads 同上 takes the time box of the cell above it."""
    rows = [(row, cell) for row in doc.structure.rows for cell in row.column("time") if cell.same_as]
    if not rows:
        return kept
    added: list[_Kept] = []
    for row, cell in rows:
        source = cell.same_as
        assert source is not None  # selected above
        for item in kept:
            box = item.box
            if source.start <= box.start and box.end <= source.end:
                copy = replace(box, start=cell.start, end=cell.end)
                decision = Decision(True, "table column")
                decided.append((copy, decision))
                added.append(_Kept(copy, decision, Span(row.start, row.end)))
    if not added:
        return kept
    decided.sort(key=lambda pair: (pair[0].start, pair[0].end))
    return sorted([*kept, *added], key=lambda item: (item.box.start, item.box.end))


def _span_owner(doc: Document, span: tuple[int, int], source: str) -> _Owner:
    return _Owner(doc.original_text(span[0], span[1]), source)


_CARRY_SENTENCES = 3  # earlier sentences of the paragraph looked at, nearest first …
_CARRY_CLAUSES = 2    # … and the clauses at the head of each, where a subject stands
_BACK_CLAUSES = 6     # earlier clauses of the candidate's own sentence


_CONTINUED = "；;，,、"  # a line ending in one of these continues on the next


def _carried_from_sentences(doc: Document, s_left: int) -> tuple[int, int] | None:
    """The subject of an earlier sentence of the same paragraph, nearest first (once per sentence)."""
    if s_left in doc.carried_subjects:
        return doc.carried_subjects[s_left]
    found = doc.carried_subjects[s_left] = _carried(doc, s_left)
    return found


def _carried(doc: Document, s_left: int) -> tuple[int, int] | None:
    """The subject of an earlier sentence of the same paragraph, nearest first (a line that ends
    in ； continues its paragraph: "各单位于7月底前报送方案；\n每月25日前报送汇总表；")."""
    floor = doc.paragraph_start(s_left)
    for _ in range(_CARRY_SENTENCES):
        if floor < 2 or doc.folded[floor - 1] != "\n" or doc.folded[floor - 2] not in _CONTINUED:
            break
        floor = doc.paragraph_start(floor - 2)
    pos = s_left - 1
    for _ in range(_CARRY_SENTENCES):
        if pos <= floor:
            break
        left, right = doc.sentence(pos - 1)
        left = max(left, floor)
        for start, end in doc.clauses_from(left, right, _CARRY_CLAUSES):
            span = doc.subject(start, end)
            if span:
                return span
        pos = left - 1
    return None


def _item_head_owner(doc: Document, box: TimeBox) -> tuple[int, int] | None:
    for item in doc.structure.item_chain(box.start):
        if item.body <= box.start < item.head_end:
            continue  # the box's own sentence was searched already
        head = doc.folded[item.body:item.head_end]
        # "（三）市住建局：" names the owner; "对…，局办事窗口按以下情况办理：" leads one in
        starts = [0] + [m.end() for m in re.finditer(r"[,，]", head)]
        for k in range(len(starts) - 1, -1, -1):
            end = starts[k + 1] - 1 if k + 1 < len(starts) else len(head)
            span = doc.subject(item.body + starts[k], item.body + end)
            if span:
                return span
    return None


def _owner(doc: Document, box: TimeBox, block: Span | None) -> tuple[_Owner, int | None]:
    """The owner of a kept box and where it came from; also where the owner ends, when it stands
    right before the box in its clause (the action then starts after it). "你单位", "贵局" name the
    notice's addressee."""
    owner, end = _find_owner(doc, box, block)
    if owner.text and owner.text[0] in "你您贵" and doc.structure.addressee is not None:
        return _Owner(_text(doc, doc.structure.addressee), "addressee"), end
    return owner, end


def _find_owner(doc: Document, box: TimeBox, block: Span | None) -> tuple[_Owner, int | None]:
    folded = doc.folded
    s_left, s_right = doc.sentence(box.start)
    own_left, own_right = doc.clause(box.start, box.end)
    own_left, own_right = max(own_left, s_left), min(own_right, s_right)
    by = by_whom(folded, own_left, own_right)
    if by is None and block is None:
        span = doc.subject(own_left, box.start) if box.start > own_left else None
        if span and "、" in folded[span[1]:box.start]:
            # "州级林长每年巡林一次、县级林长每季度巡林一次": each listed duty has its own subject
            listed = doc.subject(folded.rfind("、", span[1], box.start) + 1, box.start)
            span = listed or span
        if span:
            return _span_owner(doc, span, "clause subject"), span[1]
        if box.kind == "on_event" and (box.start <= own_left or box.start - own_left <= 8):
            # the event opens the clause with its subject: "值班护士接到危急值后，应在15分钟内…"
            # (or the event was read from inside the subject's name: "县应急局收到报告后" → "急局收到…")
            span = doc.subject(min(box.start, own_left), box.end)
            if span:
                return _span_owner(doc, span, "clause subject"), None
    if by is None:
        by = by_whom(folded, max(s_left, own_left - 120), own_left)
    if by:
        lead, co = by
        owner = _Owner(doc.original_text(*lead), "由X负责/牵头", tuple(doc.original_text(s, e) for s, e in co))
        return owner, (lead[1] if lead[1] <= box.start else None)
    labelled = _label_owner(doc, box) or _row_owner(doc, box)
    if labelled:
        return labelled, None
    nxt = (_next_clause(doc, own_right) if own_right < s_right and folded.startswith("由", own_right + 1)
           else None)
    if nxt and folded.startswith("由", nxt[0]):
        # "每周召开一次，由镇党委书记召集主持": the owner in the clause right after
        by = by_whom(folded, nxt[0], nxt[1])
        if by:
            lead, co = by
            return _Owner(doc.original_text(*lead), "由X负责/牵头", tuple(doc.original_text(s, e) for s, e in co)), None
    if "其" in folded[own_left:box.start] and PRONOUN.match(INTRO.sub("", folded[own_left:box.start], count=1)):
        # "会议同意镇农业服务中心的方案，请其在10个工作日内细化": 其 is the body named before
        named = antecedent(folded, s_left, own_left)
        if named:
            return _span_owner(doc, named, "carried-over subject"), None
    # an earlier clause of the sentence; far ahead, the clause opening it
    span = doc.subject_before(box.start, s_left, _BACK_CLAUSES) or _carried_from_sentences(doc, s_left)
    if span:
        return _span_owner(doc, span, "carried-over subject"), None
    span = _item_head_owner(doc, box)
    if span:
        return _span_owner(doc, span, "item head"), None
    if doc.structure.addressee is not None:
        return _Owner(_text(doc, doc.structure.addressee), "addressee"), None
    return _NO_OWNER, None


def _own_subject(doc: Document, box: TimeBox) -> bool:
    left = doc.clause(box.start, box.end)[0]
    return box.start > left and doc.subject(left, box.start) is not None


def _with_triggers(doc: Document, kept: list[_Kept]) -> None:
    """Limits whose trigger comes earlier in the sentence count from it (on_event)."""
    previous: tuple[tuple[int, int], TimeBox] | None = None  # (sentence, on_event box)
    for item in kept:
        box = item.box
        sentence = doc.sentence(box.start)
        if item.block is None and box.kind == "deadline" and box.within is not None \
                and item.decision.reason == "deadline":
            found = None
            if previous is not None and previous[0] == sentence and not re.search(
                    r"[。;；]", doc.folded[previous[1].end:box.start]) and not _own_subject(doc, box):
                # 发生后15分钟内电话报告、35分钟内书面报告 (a new subject would start a new count)
                found = previous[1].event or "", "same trigger as the previous limit"
            found = found or earlier_trigger(doc, box)
            if found:
                event, how = found
                item.box = replace(box, kind="on_event", event=event, due=None)
                item.decision = Decision(True, f"limit after an event ({how})")
        if item.box.kind == "on_event" and not item.box.before:
            previous = sentence, item.box
        elif previous is not None and previous[0] != sentence:
            previous = None


_RESTATED = Decision(False, "restated")


def _without_restated(kept: list[_Kept], decided: list[tuple[TimeBox, Decision]]) -> list[_Kept]:
    """A 完成时限 label that repeats the deadline its item's text already gives adds no item; in a
    table row, the task cell's own words for the time in its 完成时限 column (每月10日前报送… |
    每月10日前) add none either: the row is one item, read from its columns."""
    dropped: set[tuple[int, int]] = set()
    for label in kept:
        if label.block is None or label.decision.reason not in ("time label", "table column"):
            continue
        for other in kept:
            if (other.block is None and label.block.start <= other.box.start < label.block.end
                    and other.box.kind == label.box.kind and other.box.due == label.box.due
                    and other.box.every == label.box.every and other.box.within == label.box.within):
                restated = label if label.decision.reason == "time label" else other
                dropped.add((restated.box.start, restated.box.end))
                break
    if not dropped:
        return kept
    for n, (box, _) in enumerate(decided):
        if (box.start, box.end) in dropped:
            decided[n] = (box, _RESTATED)
    return [k for k in kept if (k.box.start, k.box.end) not in dropped]


def _every(box: TimeBox) -> tuple[object, ...]:
    every = box.every
    return (every.n, every.unit, every.day_of_month, every.weekday, every.month_of_year) if every else ()


def _in_item_head(doc: Document, pos: int) -> bool:
    return any(item.body <= pos < item.head_end for item in doc.structure.item_chain(pos)[:1])


_ROUTINE_RULES = ("routine-report", "period-verb")
_ROUTINE_NAME = re.compile(r"[^，,。；;：:]{0,8}?(?:制度|机制|工作制)")


def _names_routine(doc: Document, box: TimeBox) -> bool:
    """Does the box name a routine (日报制度, 周调度, 每日报告制度) rather than schedule a task?"""
    return box.rule in _ROUTINE_RULES or bool(_ROUTINE_NAME.match(doc.folded, box.end, box.end + 10))


def _weekday_of_recurrence(doc: Document, kept: list[_Kept], decided: list[tuple[TimeBox, Decision]]) -> list[_Kept]:
    """"每周召开一次，一般安排在周一上午": the weekday later in the sentence is the weekly
    recurrence's day, not a date of its own."""
    dropped: set[tuple[int, int]] = set()
    out: list[_Kept] = []
    for item in kept:
        box = item.box
        prev = out[-1] if out else None
        if (prev is not None and prev.block is None and item.block is None and prev.box.kind == "recurring"
                and prev.box.every is not None and prev.box.every.unit == "week" and prev.box.every.n == 1
                and prev.box.every.weekday is None and box.rule == "weekday"
                and doc.sentence(prev.box.start) == doc.sentence(box.start)
                and _BARE_WEEKDAY.match(doc.folded, box.start, box.end)):
            bare = _BARE_WEEKDAY.match(doc.folded, box.start, box.end)
            assert bare is not None  # matched just above
            weekday = WEEKDAY_OF[bare["wd"]]
            prev.box = replace(prev.box, every=replace(prev.box.every, weekday=weekday),
                               due_time=prev.box.due_time or box.due_time)
            dropped.add((box.start, box.end))
            continue
        out.append(item)
    for n, (box, _) in enumerate(decided):
        if (box.start, box.end) in dropped:
            decided[n] = (box, _RESTATED)
    return out


_BARE_WEEKDAY = re.compile(r"(?:周|星期|礼拜)(?P<wd>[一二三四五六日天1-7])")


def _merge_restated(doc: Document, kept: list[_Kept], spans: list[list[int]],
                    decided: list[tuple[TimeBox, Decision]]) -> tuple[list[_Kept], list[list[int]]]:
    """One recurrence said twice is one item: "实行日报制度，每日17时前报送" (the same period in
    one sentence), or an item's head "建立月例会制度。" and its text "每月召开例会". The item keeps
    the more specific time box (a clock time; else the text's over its head's; else the first)
    and spans both. Two clock times (每天8时前、17时前各报一次) stay two items."""
    out_kept: list[_Kept] = []
    out_spans: list[list[int]] = []
    restated: set[tuple[int, int]] = set()
    for item, span in zip(kept, spans):
        if out_kept:
            prev, prev_span = out_kept[-1], out_spans[-1]
            a, b = prev.box, item.box
            # a routine and its schedule in one sentence are one item; two schedules
            # ("一周一拆”和“一周一通报", 每月召开…、每月通报…) are two tasks
            names_routine = _names_routine(doc, a) or _names_routine(doc, b)
            same_place = names_routine and (doc.sentence(a.start) == doc.sentence(b.start) or (
                _in_item_head(doc, a.start) and doc.structure.item_chain(a.start)[:1]
                == doc.structure.item_chain(b.start)[:1]))
            if (a.kind == b.kind == "recurring" and prev.block is None and item.block is None
                    and (a.start, a.end) != (b.start, b.end) and _every(a) == _every(b)
                    and not (a.due_time and b.due_time) and same_place):
                keep_later = bool(b.due_time) or (not a.due_time and _in_item_head(doc, a.start))
                winner, loser = (item, prev) if keep_later else (prev, item)
                restated.add((loser.box.start, loser.box.end))
                out_kept[-1] = winner
                out_spans[-1] = [min(prev_span[0], span[0]), max(prev_span[1], span[1])]
                continue
        out_kept.append(item)
        out_spans.append(span)
    if restated:
        for n, (box, _) in enumerate(decided):
            if (box.start, box.end) in restated:
                decided[n] = (box, _RESTATED)
    return out_kept, out_spans


def _spans(doc: Document, kept: list[_Kept]) -> list[list[int]]:
    """The clause of each kept box; two boxes in one clause split it between them."""
    spans = []
    for item in kept:
        if item.block is not None:
            spans.append([item.block.start, item.block.end])
        else:
            spans.append(list(doc.clause(item.box.start, item.box.end)))
    for i in range(1, len(kept)):
        prev_box, cur_box = kept[i - 1].box, kept[i].box
        if kept[i].block is not None or kept[i - 1].block is not None:
            continue
        if spans[i][0] < prev_box.end and (prev_box.start, prev_box.end) != (cur_box.start, cur_box.end):
            cut = max(doc.folded.rfind(sep, prev_box.end, cur_box.start) for sep in _SPLIT_AT)
            cut = cut if cut >= 0 else cur_box.start - 1
            spans[i - 1][1] = min(spans[i - 1][1], cut)
            spans[i][0] = cut + 1
    for i in range(1, len(kept)):
        if (kept[i - 1].box.start, kept[i - 1].box.end) == (kept[i].box.start, kept[i].box.end):
            spans[i] = spans[i - 1]
    for span, item in zip(spans, kept):
        if item.block is None:  # "一、各科室…" quotes from 各科室
            lead = _NUMBERING.match(doc.folded, span[0], item.box.start)
            if lead:
                span[0] = lead.end()
    return spans


def _block_action(doc: Document, item: _Kept) -> str:
    """The task a time label or a table column times: the item's head or the row's task cell."""
    structure = doc.structure
    row = structure.row_at(item.box.start)
    if row is not None:
        tasks = row.column("task") or [c for c in row.cells if c.column is None]
        if tasks:
            return ACTION_TRIM.sub("", _text(doc, (tasks[-1].start, tasks[-1].end)))
    for chain_item in structure.item_chain(item.box.start):
        head = doc.original_text(chain_item.body, chain_item.head_end)
        if head.strip():
            return ACTION_TRIM.sub("", head.strip())
    block = item.block
    assert block is not None  # only items a label or a table column times come here
    line_end = doc.folded.find("\n", block.start)
    line = doc.original_text(block.start, line_end if line_end >= 0 else block.end)
    numbering = _NUMBERING.match(line)
    line = line[numbering.end():] if numbering else line
    return ACTION_TRIM.sub("", line) or ACTION_TRIM.sub("", _text(doc, block))


_collector_lock = threading.Lock()
_collector_readers = 0
_collector_was_on = False


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Reading a long text makes millions of small objects (candidates, boxes, decisions), none in
    a reference cycle: reference counting frees them. The cyclic collector would walk all of them
    again and again while they live, so a text twice as long took more than twice the time. It
    is paused while any thread reads, and resumed (if it was on) when the last one is done."""
    global _collector_readers, _collector_was_on
    with _collector_lock:
        if _collector_readers == 0:
            _collector_was_on = gc.isenabled()
            gc.disable()
        _collector_readers += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_readers -= 1
            if _collector_readers == 0 and _collector_was_on:
                gc.enable()


def read(text: str, ref: datetime, *, explain: bool = True, limit: int | None = None) -> Reading:
    """The obligations in `text`, read against `ref`, with every candidate and why it was kept
    (`explain=False`: the obligations only). With a `limit`, at most that many obligations are
    made (owner, action …); the kept candidates beyond it are only counted (`Reading.skipped`),
    so a caller that shows a bounded list does not pay for the rest."""
    if not text or not text.strip():
        return Reading([], [])
    with _collector_paused():
        return _read(text, ref, explain, limit)


def _read(text: str, ref: datetime, explain: bool, limit: int | None) -> Reading:
    doc = Document(text)
    boxes = scan(doc.folded, ref, timex=False)
    decided: list[tuple[TimeBox, Decision]] = []
    kept: list[_Kept] = []
    for box in boxes:
        decision = decide(doc, box)
        decided.append((box, decision))
        if decision.kept:
            label = doc.structure.time_label_at(box.start, box.end)
            block = label[1] if label else None
            if box.kind == "date":
                box = replace(box, kind="deadline")
            kept.append(_Kept(box, decision, block))
    skipped = 0
    if limit is not None and len(kept) > limit:
        cut = max(1, limit)  # boxes of one expression (每月5日、20日前) stay together
        while cut < len(kept) and (kept[cut].box.start, kept[cut].box.end) == (kept[cut - 1].box.start,
                                                                                kept[cut - 1].box.end):
            cut += 1
        over = {(k.box.start, k.box.end) for k in kept[cut:]}
        skipped, kept = len(kept) - cut, kept[:cut]
        if explain:
            decided = [(box, _OVER_LIMIT if (box.start, box.end) in over else d) for box, d in decided]
    kept = _repeated_times(doc, kept, decided)
    _with_triggers(doc, kept)
    kept = _without_restated(kept, decided)
    kept = _weekday_of_recurrence(doc, kept, decided)

    obligations: list[ExtractedObligation] = []
    explained: dict[tuple[int, int, int], tuple[ExtractedObligation, _Kept, _Owner]] = {}
    spans = _spans(doc, kept)
    kept, spans = _merge_restated(doc, kept, spans, decided)
    for n, (item, (start, end)) in enumerate(zip(kept, spans)):
        box = item.box
        owner, owner_end = _owner(doc, box, item.block)
        action_span = (start, end)
        box_for_action = box
        if item.block is not None:
            action = _block_action(doc, item)
        else:
            rest = doc.folded[box.end:end].strip(" ，,、。；;：:前内")
            if not rest or _LEADING_MOMENT.fullmatch(rest):
                nxt = _next_clause(doc, end)
                if nxt:  # "年底前，各乡镇要完成危房改造": owner and task are in the next clause
                    lead = subject_of(doc.folded[nxt[0]:nxt[1]])
                    if lead and (owner.source in (None, "carried-over subject", "item head", "addressee")
                                 or owner.source == "clause subject" and owner_end is not None
                                 and owner_end <= start):
                        owner = _Owner(doc.original_text(nxt[0] + lead[0], nxt[0] + lead[1]), "clause subject")
                    task_start = nxt[0] + (lead[1] if lead else 0)
                    action_span, owner_end = (task_start, nxt[1]), None
                    end = nxt[1]
                    box_for_action = replace(box, end=task_start)
            action = _action(doc, box_for_action, action_span, owner_end)
        o_start, o_end = doc.original_span(start, end)
        b_start, b_end = doc.original_span(box.start, box.end)
        obligation = ExtractedObligation(
            start=o_start,
            end=o_end,
            quote=text[o_start:o_end],
            kind=Kind(box.kind),
            owner=owner.text,
            action=action,
            timebox=box if (b_start, b_end) == (box.start, box.end) else replace(box, start=b_start, end=b_end),
            expression=text[b_start:b_end],
            co_owners=owner.co_owners,
        )
        obligations.append(obligation)
        if explain:
            explained[(box.start, box.end, n)] = (obligation, item, owner)

    if not explain:
        return Reading(obligations, [], skipped)
    candidates: list[Candidate] = []
    by_span: dict[tuple[int, int], list[tuple[ExtractedObligation, _Kept, _Owner]]] = {}
    for (s, e, _), value in explained.items():
        by_span.setdefault((s, e), []).append(value)
    for box, decision in decided:
        matches = by_span.get((box.start, box.end))
        b_start, b_end = doc.original_span(box.start, box.end)
        if decision.kept and matches:
            obligation, item, owner = matches.pop(0)
            candidates.append(Candidate(b_start, b_end, text[b_start:b_end], box.rule, box.kind,
                                        True, item.decision.reason, owner.text, owner.source, obligation))
        else:
            candidates.append(Candidate(b_start, b_end, text[b_start:b_end], box.rule, box.kind,
                                        decision.kept, decision.reason))
    return Reading(obligations, candidates, skipped)


def extract(text: str, ref: datetime, *, limit: int | None = None) -> list[ExtractedObligation]:
    """The time-boxed obligations in `text`, read against the reference time `ref` (at most
    `limit` of them when given)."""
    return read(text, ref, explain=False, limit=limit).obligations
