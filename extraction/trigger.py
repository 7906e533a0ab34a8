"""Limits counted from an event named earlier in the same sentence.

"收到…后，首先核实，应在5日内答复": the 5 days run from the receipt (on_event), though the words
"5日内" alone read as counted from today. Conditions name their event too: "发生…的，须在1小时内
报告", "对答复不满意的，…在3个月内再次答复", "一旦发生…". Following the annotation guideline, the
trigger must be in the same sentence: a limit whose event sits in an earlier sentence stays a
deadline. A classifying condition (认为不属于本单位办理的) is no event: its limit stays a deadline.
"""

from __future__ import annotations

from . import lazy_re as re
from .document import Document
from .model import TimeBox
from .owner import INTRO

# A clause ending in 后 is a moment, unless 后 belongs to a word (今后, 最后, 然后) or a date (年后).
AFTER = re.compile(r"(?:之后|以后|后|之日起|之时起|起)$")
NOT_EVENT_END = frozenset("今最然此先之以其落随滞背善而前年月日天周底末旬度午时点分号")
# In the limit's own clause: "收到通知后立即核实并在3日内答复".
INLINE_AFTER = re.compile(r"(?P<event>[\u4e00-\u9fff]{2,20}?)(?:之后|以后|后)(?=[\u4e00-\u9fff\d])")
# A receipt right before the limit, in its own clause: "要在接到交办件的10日内答复", "收到通知之日起".
INLINE_RECEIPT = re.compile(r"(?:接到|收到|接收)(?P<event>[^，,。；;]{1,20}?)(?:之日起|之日|的)$")
# What makes a condition an event in time (发生, 收到, 不满意 …) rather than a classification.
EVENT_WORDS = re.compile(
    r"发生|出现|发现|收到|接到|接报|受理|不满意|提出|申请|反馈|完成|结束|办结|到期|届满|[变變]更|[变變]化|逾期|"
    r"超过|提交|交办|批转|下达|印发|启动|验收|[签簽]收|登记|立案|接报"
)
# The clause opens on an incident and the limit follows it: "重大突发事件15分钟内电话报告",
# "较大险情1小时内书面报告" (the count starts when the incident happens).
EVENT_NOUN = re.compile(r"(?:事件|事故|险情|灾情|疫情|火情|警情|汛情|案件|灾害|舆情)(?:信息)?$")
# A clause opening on what happened, qualifying who must act: "发生险情的村，…1小时内报告".
HAPPENED_OF = re.compile(r"^(?:发生|出现|遇到|遇有|发现)[^，,的]{1,20}的")
# Met with in the limit's own clause: "员工遇突发疾病须当天请假" (遇 what, then the duty).
INLINE_MET = re.compile(r"(?:遇到|遇有|遇)(?P<event>[\u4e00-\u9fff]{2,12}?)(?=须|需|要|应|必须|务必|[,，])")
# Opening a conditional trigger: 一旦发生…, 如遇…, 遇有… (如果… only with an event word).
ONCE = re.compile(r"^(?:一旦|如遇|遇有|凡遇|如发生|若发生|如果发生)")
IF = re.compile(r"^(?:如果|若|如)")
# A clause that only names who saw an incident: "各瞭望塔发现火情，…，镇防火办在20分钟内上报".
DISCOVERED = re.compile(
    r"^[^，,的了过]{0,10}?(?:发现|发生|出现|接到|收到)"
    r"[^，,的了过]{0,10}?(?:事件|事故|险情|灾情|疫情|火情|警情|汛情|灾害|舆情|报警)$")
# Words of a past incident rather than a trigger: "今年以来多次发生险情".
_PAST = re.compile(r"多次|曾|已|以来|先后|连续|今年|去年|近年|此前")
# A condition that classifies what came in rather than an event: "如发现不属于本单位办理的".
CLASSIFYING = re.compile(r"不属于|不符合|不在[\u4e00-\u9fff]{0,8}范围")
_EVENT_LEAD = re.compile(
    r"^(?:[,，、\s]|对于|对|凡是|凡|如果|如|若|在|于|当|自|从|待|经|一旦|遇有|如遇|凡遇|首先|要|应当|应|须|必须|务必)+")
_BACK_CLAUSES = 4
_BACK_CHARS = 150


_GROUP = re.compile(r"[(（][^()（）]*[)）]")


def _clean(text: str) -> str:
    return (_GROUP.sub("", text) if "(" in text or "（" in text else text).strip().strip("，,、")


def _event(doc: Document, left: int, end: int) -> str:
    """The event the trigger clause folded[left:end] names, without its subject and lead words."""
    subject = doc.subject(left, end)
    start = subject[1] if subject and subject[1] < end else left
    event = _EVENT_LEAD.sub("", INTRO.sub("", _clean(doc.folded[start:end]), count=1))
    event = re.sub(r"之日$|之时$", "", event)
    return event[:30] or _clean(doc.folded[left:end])[:30]


def earlier_trigger(doc: Document, box: TimeBox) -> tuple[str, str] | None:
    """(event, how it was found) for a limit whose trigger comes earlier in its sentence."""
    folded = doc.folded
    s_left = doc.sentence(box.start)[0]
    own_left = max(s_left, doc.clause(box.start, box.end)[0])
    head = _clean(INTRO.sub("", folded[own_left:box.start], count=1))
    if 2 <= len(head) <= 30 and EVENT_NOUN.search(head) and not re.search(r"[的了]", head):
        return head, "trigger earlier in the sentence"
    near = folded[max(own_left, box.start - 30):box.start]
    receipt = INLINE_RECEIPT.search(near) if "接" in near or "收到" in near else None
    if receipt:
        return "接到" + receipt["event"], "trigger earlier in the sentence"
    met = INLINE_MET.search(folded, own_left, box.start)
    if met:
        return met["event"], "conditional trigger"
    inlines = list(INLINE_AFTER.finditer(folded, own_left, box.start + 1))
    inline = inlines[-1] if inlines else None  # the nearest before the box
    if inline and folded[inline.end("event") - 1] not in NOT_EVENT_END and EVENT_WORDS.search(inline["event"]):
        return _event(doc, own_left, inline.end("event")), "trigger earlier in the sentence"
    for left, right in doc.clauses_before(box.start, s_left, _BACK_CLAUSES):
        if box.start - left > _BACK_CHARS:
            break
        key = (left, right)
        if key in doc.clause_triggers:
            found = doc.clause_triggers[key]
        else:
            found = doc.clause_triggers[key] = _clause_trigger(doc, left, right)
        if found:
            return found
    return None


def _clause_trigger(doc: Document, left: int, right: int) -> tuple[str, str] | None:
    """(event, how) when the clause folded[left:right] names a trigger (一旦发生…, 收到…后,
    发生…的), else None. The same for every limit after it, so the engine asks once per clause."""
    raw = doc.folded[left:right].rstrip()
    text = _clean(raw)
    if not text:
        return None
    if CLASSIFYING.search(text):
        return None
    if ONCE.match(text) or IF.match(text) and EVENT_WORDS.search(text):
        return _event(doc, left, left + len(raw)), "conditional trigger"
    after = AFTER.search(raw)
    if after and after.start() > 0 and raw[after.start() - 1] not in NOT_EVENT_END:
        return _event(doc, left, left + after.start()), "trigger earlier in the sentence"
    if text.endswith("的") and EVENT_WORDS.search(text):
        return _event(doc, left, left + raw.rfind("的")), "conditional trigger"
    opening = INTRO.sub("", text, count=1)
    happened = HAPPENED_OF.match(opening)
    if happened:
        return opening[:happened.end() - 1], "conditional trigger"
    if DISCOVERED.match(opening) and not _PAST.search(opening):
        return opening, "conditional trigger"
    return None
