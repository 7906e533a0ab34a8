"""extract(text, ref) → obligations: the time expressions found, kept when they bind someone.

One pass of compiled patterns finds every time expression; only the clauses around a hit are
then looked at (context filters, owner, action). Pure: no I/O, no clock, no settings.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from datetime import datetime

from .model import Obligation, TimeBox
from .normalize import fold
from .owner import find_owner, subject_of
from .rules import scan

_CLAUSE_END = re.compile(r"[，,。；;！!？?\n：:]")
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")

# A clause that reports the past or a fact, not a task: 年初以来, 已经建立, 去年, 连续18个月.
_PAST = re.compile(
    r"以来|已经|已于|已将|已按|已在|已有|已达|已完成|去年|前年|曾经|过去|截至|同比|连续|"
    r"(?<![为除])了(?!解|结|不起|如指掌)"
)
# After a recurrence: a quantity limit or a target, not a period to report in.
_QUANTITY = re.compile(
    r"不得超过|不超过|只减不增|控制在|增长|增加|下降|减少|提高|%|％|亿|万元|百分点|"
    r"(?:不少于|不低于|达到|超过)\s*[\d一二三四五六七八九十两百千万]+\s*(?![次回遍轮]|\d)"
)
# A sentence that opens on the past ("过去的一年，我们坚持每月…") reports, unless it also directs.
_PAST_SENTENCE = re.compile(r"过去的|过去一年|去年|上一年|近[一二三四五两几\d]+年来|多年来")
_DIRECTIVE = re.compile(r"要|必须|须|应当|应|务必|请|确保|力争|争取|抓紧|负责")
# A period-date (明年1月份, 12月底) reads as a deadline only when a directive follows it …
_PERIOD_FOLLOW = re.compile(r"^[\u4e00-\u9fff]")
_PERIOD_FOLLOW_NOT = re.compile(r"^(?:的|以|起|开始|至|到|和|与|及|份|地|时|里|内|之|再|就|才|是|为|前后|左右|期间)")
# … and nothing before it makes it a start or a wait: 从明年1季度开始, 等到年底再.
_PERIOD_LEAD_NOT = re.compile(r"(?:从|自|等到|到了|直到|截至|截止到|早在)$")
# Words stripped from the head of an action: 12月底前|报市政府审定 → 报市政府审定.
_ACTION_LEAD = re.compile(r"^(?:[，,、\s]|一次|之前|以前|前|之内|以内|内|的|要|须|需|必须|应当|应|务必|将|都|也|均|就|再|完成后)+")
# Trailing punctuation and symbols (emoji …) around an action.
_ACTION_TRIM = re.compile(r"^[^\w“（(《]+|[^\w”）)》]+$")
# "元旦前召开的两会": the time box qualifies a noun (…的), it does not set a task.
_ATTRIBUTIVE = re.compile(r"[\u4e00-\u9fff]{1,3}的")
# "截止时间为12月20日", "报送截止日期：12月20日", "最迟12月20日"
_CUTOFF_LEAD = re.compile(
    r"(?:截止(?:时间|日期)?|最迟|最晚|不晚于|不迟于|(?:完成|办结|报送)?时限|时间节点|完成时间|"
    r"[至到—–~～]|(?:请|要|须|务必|应|并)?[于在])"
    r"(?:为|是|到|至|在|于|[:：])?\s*$"
)
# A day date after 于/在/至 binds only when a task follows it ("于12月20日将材料报送"), not a noun.
_TASK_FOLLOWS = re.compile(r"[\u4e00-\u9fff（(，,]")
# "企业开办时间压缩至1个工作日内": a service standard, not a task with a limit.
_STANDARD_LEAD = re.compile(r"(?:压缩至|压缩到|缩短至|缩短到|控制在|减少到|减至|提速至|实现|可在|可)$")
# "对年底前各项工作再部署": the time box is part of the object, not the task's limit.
_OBJECT_LEAD = re.compile(r"(?:对|把|将|关于)$")
_OBLIGATION_KINDS = ("deadline", "recurring", "on_event")


class _Text:
    """The folded text with its clause and sentence boundaries, computed once."""

    def __init__(self, original: str):
        self.original = original
        self.folded = fold(original)
        self.clause_ends = [m.start() for m in _CLAUSE_END.finditer(self.folded)]
        self.sentence_ends = [m.start() for m in _SENTENCE_END.finditer(self.folded)]

    def clause(self, start: int, end: int) -> tuple[int, int]:
        """Bounds of the clause holding [start, end)."""
        i = bisect_right(self.clause_ends, start - 1)
        left = self.clause_ends[i - 1] + 1 if i else 0
        j = bisect_right(self.clause_ends, end - 1)
        right = self.clause_ends[j] if j < len(self.clause_ends) else len(self.folded)
        return left, right

    def sentence(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.sentence_ends, pos - 1)
        left = self.sentence_ends[i - 1] + 1 if i else 0
        right = self.sentence_ends[i] if i < len(self.sentence_ends) else len(self.folded)
        return left, right

    def clause_starts(self, left: int, right: int) -> list[int]:
        """Starts of the clauses of the sentence [left, right), relative to left."""
        i = bisect_right(self.clause_ends, left - 1)
        starts = [0]
        while i < len(self.clause_ends) and self.clause_ends[i] < right:
            starts.append(self.clause_ends[i] + 1 - left)
            i += 1
        return starts


def _binds(box: TimeBox, text: _Text, clause: tuple[int, int], ref: datetime) -> bool:
    """Is this time expression an obligation's time box rather than a fact, a start or a limit?"""
    folded = text.folded
    lead_start = max(text.sentence(box.start)[0], box.start - 8)
    if box.kind == "date" and _CUTOFF_LEAD.search(folded, lead_start, box.start):
        # 截止时间为12月20日, 于12月20日报送, 12月1日至12月31日开展: a cut-off is a deadline
        if not _TASK_FOLLOWS.match(folded, box.end) or _PERIOD_FOLLOW_NOT.match(folded[box.end:box.end + 4]):
            if not re.search(r"(?:截止|最迟|最晚|时限|时间节点|完成时间)", folded[lead_start:box.start]):
                return False
    elif box.kind not in _OBLIGATION_KINDS:
        if not (box.kind == "date" and box.period):
            return False
        if not _PERIOD_FOLLOW.match(folded[box.end:box.end + 1]) or _PERIOD_FOLLOW_NOT.match(
                folded[box.end:box.end + 4]):
            return False
        if _PERIOD_LEAD_NOT.search(folded[max(clause[0], box.start - 3):box.start]):
            return False
    if _PAST.search(folded, clause[0], clause[1]):
        return False
    if box.within is not None and (_STANDARD_LEAD.search(folded, max(clause[0], box.start - 3), box.start)
                                   or folded.startswith("可", box.end)):
        return False
    sentence_start = text.sentence(box.start)[0]
    if _PAST_SENTENCE.search(folded, sentence_start, box.start) and not _DIRECTIVE.search(
            folded, sentence_start, box.start):
        return False
    if box.kind != "recurring" and (_ATTRIBUTIVE.match(folded, box.end, clause[1])
                                    or _OBJECT_LEAD.search(folded, max(clause[0], box.start - 2), box.start)):
        return False
    if box.kind == "recurring" and _QUANTITY.search(folded, box.end, clause[1]):
        return False
    return True


def _next_clause(text: _Text, end: int) -> tuple[int, int] | None:
    """The clause after a time box that fills its own ("年底前，各乡镇要完成…"), in the same sentence."""
    if end >= len(text.folded) or text.folded[end] not in "，,：:":
        return None
    nxt = text.clause(end + 1, end + 1)
    return nxt if nxt[1] > nxt[0] else None


def _action(text: _Text, box: TimeBox, span: tuple[int, int], owner_end: int | None) -> str:
    """What must be done: the clause after the time expression, else the words before it."""
    after = text.folded[box.end:span[1]]
    lead = _ACTION_LEAD.match(after)
    start = box.end + (lead.end() if lead else 0)
    action = _ACTION_TRIM.sub("", text.original[start:span[1]])
    if action:
        return action
    left = max(span[0], owner_end or span[0])
    before = _ACTION_TRIM.sub("", text.original[left:box.start]).strip("要在于")
    return before or _ACTION_TRIM.sub("", text.original[span[0]:span[1]])


def extract(text: str, ref: datetime) -> list[Obligation]:
    """The time-boxed obligations in `text`, read against the reference time `ref`."""
    if not text or not text.strip():
        return []
    doc = _Text(text)
    boxes = scan(doc.folded, ref, timex=False)
    kept: list[tuple[TimeBox, tuple[int, int]]] = []
    for box in boxes:
        clause = doc.clause(box.start, box.end)
        if _binds(box, doc, clause, ref):
            if box.kind == "date":
                box = replace(box, kind="deadline")
            kept.append((box, clause))

    # Two time boxes in one clause ("3天内报动态、7天内报结果") split it between them.
    spans = [list(clause) for _, clause in kept]
    for i in range(1, len(kept)):
        prev_box, cur_box = kept[i - 1][0], kept[i][0]
        if spans[i][0] < prev_box.end and (prev_box.start, prev_box.end) != (cur_box.start, cur_box.end):
            cut = max(doc.folded.rfind(sep, prev_box.end, cur_box.start) for sep in "、和并及与")
            cut = cut if cut >= 0 else cur_box.start - 1
            spans[i - 1][1] = min(spans[i - 1][1], cut)
            spans[i][0] = cut + 1
    for i in range(1, len(kept)):
        if (kept[i - 1][0].start, kept[i - 1][0].end) == (kept[i][0].start, kept[i][0].end):
            spans[i] = spans[i - 1]

    obligations = []
    for (box, _), (start, end) in zip(kept, spans):
        s_left, s_right = doc.sentence(box.start)
        sentence = doc.folded[s_left:s_right]
        starts = doc.clause_starts(s_left, s_right)
        box_clause = bisect_right(starts, box.start - s_left) - 1
        owner_span = find_owner(sentence, starts, box_clause, box.start - s_left)
        owner = doc.original[s_left + owner_span[0]:s_left + owner_span[1]] if owner_span else None
        owner_end = s_left + owner_span[1] if owner_span and s_left + owner_span[1] <= box.start else None
        action_span = (start, end)
        if not doc.folded[box.end:end].strip(" ，,、。；;：:前内"):
            nxt = _next_clause(doc, end)
            if nxt:  # "年底前，各乡镇要完成危房改造": owner and task are in the next clause
                lead = subject_of(doc.folded[nxt[0]:nxt[1]])
                if lead and owner is None or (lead and owner_span and s_left + owner_span[1] <= start):
                    owner = doc.original[nxt[0] + lead[0]:nxt[0] + lead[1]]
                task_start = nxt[0] + (lead[1] if lead else 0)
                action_span, owner_end = (task_start, nxt[1]), None
                end = nxt[1]
                box_for_action = replace(box, end=task_start)
            else:
                box_for_action = box
        else:
            box_for_action = box
        obligations.append(Obligation(
            start=start,
            end=end,
            quote=doc.original[start:end],
            kind=box.kind,
            owner=owner,
            action=_action(doc, box_for_action, action_span, owner_end),
            timebox=box,
            expression=doc.original[box.start:box.end],
        ))
    return obligations
