"""One step decides whether a time expression is an obligation's time box, and says why.

`decide(doc, box)` returns a `Decision(kept, reason)`. The reasons are named (`KEPT`, `DROPPED`)
so `duban extract --explain` can tell, for every candidate, why it became an item or not. Each
word list below has a corpus beside it (`decision_corpus.py`): phrases whose candidate must be
kept or dropped for that reason, and look-alikes that must not be.

Every search runs inside the candidate's bounded clause or sentence (see `document.py`).
"""

from __future__ import annotations

from dataclasses import dataclass

from . import lazy_re as re
from .document import Document
from .model import TimeBox

KEPT = ("deadline", "recurrence", "limit after an event", "limit before an event", "cut-off date",
        "period date with a task", "time label", "table column")
DROPPED = ("heading", "rhetorical quote", "past fact", "forecast", "penalty condition", "exception clause",
           "condition", "permission-extension", "service standard", "duration norm", "quantity norm",
           "meeting date", "attributive", "object", "period start", "date only", "restated",
           "over the limit")


@dataclass(frozen=True)
class Decision:
    kept: bool
    reason: str


# A clause that reports the past or a fact, not a task: 年初以来, 已经建立, 去年, 连续18个月.
PAST = re.compile(
    r"以来|已经|已于|已将|已按|已在|已有|已达|已完成|去年|前年|曾经|过去(?!的)|截至|同比|连续|"
    r"(?<![为除终罢末])了(?!解|结|不起|如指掌)"
)
# "截止2024年6月10日": a status taken on a day already past.
STATUS_LEAD = re.compile(r"(?:截止|截止到|截至到|到)$")
# A forecast reports what is expected, it binds no one: 预计明年6月底前建成投产.
FORECAST = re.compile(r"[预預]计|[预預]期|有望|可望|估计|[预預]测")
# A project's schedule as news reports it: "该项目计划于2027年6月底前建成投用" (a milestone, no one told).
PLANNED = re.compile(r"计划(?:于|在|到)?$")
MILESTONE = re.compile(r"[^，,。；;]{0,4}?(?:建成|投用|投产|竣工|完工|通车|开业|开园|开馆|交付)")
# A sentence that opens on the past ("过去的一年，我们坚持每月…") reports, unless it also directs.
PAST_SENTENCE = re.compile(r"过去的|过去一年|去年|上一年|近[一二三四五两几\d]+年来|多年来|"
                           r"近年来|近几年|近些年|长期以来|一直以来")
_OPENING = 30  # how much of a sentence is its opening
DIRECTIVE = re.compile(r"要|必须|须|应当|应|务必|请|确保|力争|争取|抓紧|负责")
# Words that make the clause a main clause, not a condition: a modal or an order.
MODAL = re.compile(r"(?<![主重需只概纲])要(?!求|点|素)|必须|须|需(?!要)|应当|(?<![相反适供对响])应|务必|(?<![申提])请|"
                   r"[负負]责|抓紧|一律|予以|将(?!来)")
# After a recurrence: a quantity limit or a target, not a period to report in.
QUANTITY = re.compile(
    # a count of hundreds, or "余次": a statistic (每年巡河1200余次), not how often to act
    r"\d{3,}\s*(?:余|多)?次|\d+\s*(?:余|多)次|"
    r"不得超过|不超过|只减不增|控制在|增长|增加|新增|下降|减少|提高|%|％|亿|万元|万人|万户|万亩|百分点|"
    r"(?:不少于|不低于|达到|超过)\s*[\d一二三四五六七八九十两百千万]+\s*(?![次回遍轮]|\d)|"
    # days off are an allowance, not a task: 每人每月休息4天, 每年休假5天
    r"(?:休息|休假|轮休|调休|补休)\s*[\d一二三四五六七八九十两半]+\s*[天日]"
)
# 每月1-2次, 每年一到两次: a range of counts caps how often, it sets no period to act in.
COUNT_RANGE = re.compile(r"\s*(?:[\d一二两三四五六七八九十]+)\s*(?:-|~|～|—|至|到)"
                         r"\s*[\d一二两三四五六七八九十]+\s*[次回个件场]")
# A condition the box sits in, by what it is about: 逾期…未…的 (a penalty), 确有困难…的 (an exception).
PENALTY = re.compile(r"逾期|超期|超过|未按|仍未|仍不|未能按|拖延|不按|未在|未及时")
EXCEPTION = re.compile(r"确有困难|特殊情况|特殊原因|不能|无法|未能|确需|因故")
# Before the limit: an extension or a permission, not a duty (经批准可延长30日, 顺延至…).
EXTENSION = re.compile(r"延长|延期|顺延|展期|宽限|推迟")
PERMISSION_LEAD = re.compile(r"(?:可|可以|允许)(?:在|于)?$")
# A service or measurement standard: 压缩至1个工作日内, 3天内可办结, 24小时内接通率达到90%.
STANDARD_LEAD = re.compile(r"(?:压缩至|压缩到|缩短至|缩短到|控制在|减少到|减至|提速至|实现|可在|可)$")
STANDARD_FOLLOW = re.compile(r"^(?:可|即可|就能|能够|能)|^[^，,。；;]{0,8}(?:率|%|％)")
STANDARD_WORDS = re.compile(r"全天候|全天|7[×xX*]24|24小时(?:值班|受理|服务|在线|开放|畅通|制|不间断)|每周7天|全年无休")
# 每周开放, 每天受理: when a service is open, not a task to do in each period.
SERVICE_HOURS = re.compile(r"[\d一二两三四五六七八九十]*[天日个小时]*(?:开放|营业|受理|服务|值班|接听|在线|运行)")
# Speech and meeting lengths: 讲话不超过15分钟, 会期一般不超过1天, 发言时间在10分钟以内.
DURATION_SUBJECT = re.compile(r"讲话|講话|发言|汇报|致辞|会期|时长|演讲|宣讲|介绍|播放|放映|开会|会议时间|交流")
# A date on which something is held, not a date to act by: 在5月8日召开的全体会议上.
MEETING = re.compile(r"[^，,。；;]{0,3}(?:召开|举行|举办|开幕|闭幕|召集|揭牌|开班)")
# A date a meeting is fixed for, however far its place is written out: "定于12月2日上午在县政府三楼会议室召开"
SCHEDULED = re.compile(r"(?:定于|拟于|拟定于|计划于|兹定于)$")
MEETING_LATER = re.compile(r"[^，,。；;]{0,40}?(?:召开|举行|举办)")
# "元旦前召开的两会": the time box qualifies a noun (…的 + noun), it does not set a task.
ATTRIBUTIVE = re.compile(r"[\u4e00-\u9fff]{0,4}的(?!同时|时候|前提下|基础上|情况下|"
                         r"上午|下午|中午|晚上|凌晨|早上|下班|上班)"
                         r"(?=[\u4e00-\u9fff“《])")
# "对年底前各项工作再部署": the time box is part of the object, not the task's limit.
OBJECT_LEAD = re.compile(r"(?:对|把|将|关于)$")
# A task quoted by name: X负责的“…”, 会议确定的“…”.
QUOTED_TASK = re.compile(r"(?:负责|承担|牵头|确定|部署|交办|提出)的$")
# A rhetorical or hypothetical quote: first person singular or 如果 inside quotation marks.
FIRST_PERSON = re.compile(r"我(?![们市省区县国局委镇乡院校部厅])|如果|假如|要是|倘若")
# "截止时间为12月20日", "报送截止日期：12月20日", "最迟12月20日", "于12月20日将材料报送"
CUTOFF_LEAD = re.compile(
    r"(?:截止(?:时间|日期)?|最迟|最晚|不晚于|不迟于|(?:完成|办结|报送)?时限|时间节点|完成时间|"
    r"[至到—–~～]|(?:请|要|须|务必|应|并)?[于在])"
    r"(?:为|是|到|至|在|于|[:：])?\s*$"
)
# A period from one date to another (11月8日至12月20日), or the end of one.
RANGE_RULES = ("date-range", "day-range", "weekday-range")
RANGE_END = re.compile(r"[日号月]\s*[至到—–~～]\s*$")
# Dates joined before one 前: "12月20日和1月5日以前", "5月10日、6月10日前".
COORDINATED_CUTOFF = re.compile(
    r"\s*(?:和|及|与|、|或)\s*(?:(?:\d{4}|[〇零一二三四五六七八九]{4})年)?(?:\d{1,2}|[一二三四五六七八九十]{1,3})月"
    r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})[日号](?:之前|以前|前)")
CUTOFF_WORD = re.compile(r"截止|最迟|最晚|时限|时间节点|完成时间")
TASK_FOLLOWS = re.compile(r"[\u4e00-\u9fff（(，,]")
# A period-date (明年1月份, 12月底) reads as a deadline only when a directive follows it …
PERIOD_FOLLOW = re.compile(r"^[\u4e00-\u9fff]")
PERIOD_FOLLOW_NOT = re.compile(r"^(?:的|以|起|开始|至|到|和|与|及|份|地|时|里|内|之|再|就|才|是|为|前后|左右|期间)")
# … and nothing before it makes it a start or a wait: 从明年1季度开始, 等到年底再.
PERIOD_LEAD_NOT = re.compile(r"(?:从|自|等到|到了|直到|截至|截止到|早在)$")
_OBLIGATION_KINDS = ("deadline", "recurring", "on_event")
# One Decision per reason, made once (a speech may hold tens of thousands of candidates).
_KEEP = {reason: Decision(True, reason) for reason in KEPT}
_DROP = {reason: Decision(False, reason) for reason in DROPPED}


def _kept_by_kind(box: TimeBox) -> Decision:
    if box.kind == "recurring":
        return _KEEP["recurrence"]
    if box.kind == "on_event":
        return _KEEP["limit before an event"] if box.before else _KEEP["limit after an event"]
    return _KEEP["deadline"]


def _date(doc: Document, box: TimeBox, clause: tuple[int, int]) -> Decision | None:
    """A bare date or period (no 前/内): a deadline only after a cut-off word or before a task."""
    folded = doc.folded
    lead_start = max(doc.sentence(box.start)[0], box.start - 8)
    if MEETING.match(folded, box.end, min(len(folded), box.end + 8)):
        return _DROP["meeting date"]
    if SCHEDULED.search(folded, max(0, box.start - 3), box.start) and MEETING_LATER.match(folded, box.end):
        return _DROP["meeting date"]
    if box.kind == "date" and (box.rule in RANGE_RULES or RANGE_END.search(folded, lead_start, box.start)):
        sentence = doc.sentence(box.start)
        if not MODAL.search(folded, sentence[0], sentence[1]):
            return _DROP["date only"]  # a period (11月8日至12月20日) no one is told to act in
        if folded[box.end:box.end + 1] in ("，", ",") and MODAL.search(
                folded, box.end + 1, doc.clause(box.end + 1, box.end + 1)[1]):
            return _KEEP["period date with a task"]  # 12月1日至25日，各街道要完成…
    if box.rule == "numeric-date" and _furniture_line(folded, box):
        return _DROP["date only"]  # "截止：2019-06-18" on a line of its own: page furniture
    if box.kind == "date" and CUTOFF_LEAD.search(folded, lead_start, box.start):
        # 截止时间为12月20日, 于12月20日报送, 12月1日至12月31日开展: a cut-off is a deadline
        if COORDINATED_CUTOFF.match(folded, box.end):
            return None  # 分别于12月20日和1月5日以前: the 以前 of the last date binds the first
        if not TASK_FOLLOWS.match(folded, box.end) or PERIOD_FOLLOW_NOT.match(folded[box.end:box.end + 4]):
            if not CUTOFF_WORD.search(folded[lead_start:box.start]):
                return _DROP["date only"]
        return None
    if box.kind not in _OBLIGATION_KINDS:
        if not (box.kind == "date" and box.period):
            return _DROP["date only"]
        following = folded[box.end:box.end + 4]
        if following.startswith(("开始", "起")) or PERIOD_LEAD_NOT.search(
                folded[max(clause[0], box.start - 3):box.start]):
            return _DROP["period start"]
        if not PERIOD_FOLLOW.match(following) or PERIOD_FOLLOW_NOT.match(following):
            return _DROP["date only"]
        return _KEEP["period date with a task"]
    return None


# A line that holds nothing but a short key and a numeric date: 截止：2019-06-18, 时间：2023-09-09.
_FURNITURE_KEY = re.compile(r"[ \t]*[\u4e00-\u9fff]{1,6}\s*[:：]?\s*$")


def _furniture_line(folded: str, box: TimeBox) -> bool:
    line_start = folded.rfind("\n", 0, box.start) + 1
    line_end = folded.find("\n", box.end)
    rest = folded[box.end:line_end if line_end >= 0 else len(folded)]
    return not rest.strip() and bool(_FURNITURE_KEY.fullmatch(folded, line_start, box.start))


_GROUP = re.compile(r"[(（][^()（）]*[)）]")


def _without_groups(text: str) -> str:
    return _GROUP.sub("", text).strip() if "(" in text or "（" in text else text.strip()


def condition_after(doc: Document, box: TimeBox, clause: tuple[int, int], sentence: tuple[int, int]) -> str | None:
    """The reason when the box sits in a condition (…的，): penalty, exception or plain condition."""
    folded = doc.folded
    end = min(clause[1], sentence[1])
    rest = _without_groups(folded[box.end:end]).strip("()（）")
    if not rest and end < sentence[1]:
        # the box closes its clause ("30日内（…），伤亡人数发生变化的，"): read the next one
        start = end
        while start < sentence[1] and folded[start] in ")）":
            start += 1
        if start < sentence[1] and folded[start] in "，,：:":
            start += 1
        end = min(doc.clause(start, start)[1], sentence[1])
        rest = _without_groups(folded[start:end])
    if not rest.endswith("的") or MODAL.search(rest):
        return None
    condition = folded[clause[0]:end]
    if PENALTY.search(condition):
        return "penalty condition"
    if EXCEPTION.search(condition):
        return "exception clause"
    return "condition"


def _in_quote(doc: Document, box: TimeBox) -> bool:
    """Inside a quotation that speaks in the first person or supposes (如果…)."""
    folded = doc.folded
    if not doc.has_quotes:
        return False
    lo = max(doc.paragraph_start(box.start), box.start - 120)
    opening = folded.rfind("“", lo, box.start)
    if opening < 0 or folded.find("”", opening, box.start) >= 0:
        return False
    # "县发改局负责的“…6月底前开工…”": a task quoted by name (in a progress report), not set here
    return bool(FIRST_PERSON.search(folded, opening, box.end)) or QUOTED_TASK.search(
        folded, max(lo, opening - 6), opening) is not None


def _duration_norm(doc: Document, box: TimeBox, clause: tuple[int, int], sentence: tuple[int, int]) -> bool:
    """讲话不超过15分钟: a length for a speech or a meeting, with nothing to do after it."""
    if box.kind != "deadline" or box.within is None or box.within.unit not in ("minute", "hour", "day"):
        return False
    rest = _without_groups(doc.folded[box.end:clause[1]]).rstrip("等左右为宜")
    if rest and not rest.startswith("的"):
        return False
    return bool(DURATION_SUBJECT.search(doc.folded, max(sentence[0], box.start - 20), box.start))


# A speech's title: "在春节前全县干部大会上的讲话" (the date says when the meeting was held).
SPEECH_TITLE = re.compile(r"(?:会|会议|大会|座谈会|仪式|典礼|论坛)上的(?:讲话|发言|致辞|报告|总结)")
# A period exempted from a schedule: "第四季度免报", "1月免报", "节假日除外".
EXEMPT = re.compile(r"\s*(?:免报|免于报送|免填|不报|不再报送|除外)")


def decide(doc: Document, box: TimeBox) -> Decision:
    """Is this time expression an obligation's time box? Kept or dropped, with the reason."""
    folded = doc.folded
    structure = doc.structure
    if EXEMPT.match(folded, box.end):
        return _DROP["exception clause"]
    label = structure.time_label_at(box.start, box.end)
    if label is not None:
        return _KEEP[label[0]]
    if structure.in_title(box.start):
        return _DROP["heading"]
    clause = doc.clause(box.start, box.end)
    sentence = doc.sentence(box.start)
    if SPEECH_TITLE.search(folded, box.end, clause[1]):
        return _DROP["heading"]
    if box.kind == "date" or box.kind not in _OBLIGATION_KINDS:
        dated = _date(doc, box, clause)
        if dated is not None and not dated.kept:
            return dated
        kept = dated or _KEEP["cut-off date"]
    else:
        kept = _kept_by_kind(box)
    if _in_quote(doc, box):
        return _DROP["rhetorical quote"]
    if PAST.search(folded, clause[0], clause[1]) or (
            box.past and STATUS_LEAD.search(folded, max(clause[0], box.start - 4), box.start)):
        return _DROP["past fact"]  # 截止2024年6月10日，已完成16件: the day a status was taken
    if PAST_SENTENCE.search(folded, sentence[0], min(box.start, sentence[0] + _OPENING)) and not DIRECTIVE.search(
            folded, sentence[0], box.start):
        return _DROP["past fact"]
    if FORECAST.search(folded, max(clause[0], box.start - 12), box.start):
        return _DROP["forecast"]
    if PLANNED.search(folded, max(clause[0], box.start - 4), box.start) and MILESTONE.match(folded, box.end):
        return _DROP["forecast"]
    condition = condition_after(doc, box, clause, sentence)
    if condition:
        return _DROP[condition]
    before = folded[max(clause[0], box.start - 10):box.start]
    if EXTENSION.search(before) or PERMISSION_LEAD.search(before):
        return _DROP["permission-extension"]
    if _duration_norm(doc, box, clause, sentence):
        return _DROP["duration norm"]
    if box.within is not None and (STANDARD_LEAD.search(folded, max(clause[0], box.start - 3), box.start)
                                   or STANDARD_FOLLOW.match(folded[box.end:clause[1]])):
        return _DROP["service standard"]
    if STANDARD_WORDS.search(folded, clause[0], clause[1]) or (
            box.kind == "recurring" and SERVICE_HOURS.match(folded, box.end, clause[1])):
        return _DROP["service standard"]
    if box.kind == "recurring" and (QUANTITY.search(folded, box.end, clause[1])
                                    or COUNT_RANGE.match(folded, box.end, clause[1])):
        return _DROP["quantity norm"]
    if box.kind == "recurring" and folded[box.end:box.end + 1] == "的" and ATTRIBUTIVE.match(
            folded, box.end, clause[1]) and not MODAL.search(folded, box.end, min(clause[1], box.end + 5)):
        return _DROP["attributive"]  # 每年的工作重点: each year's, not a schedule
    if box.kind != "recurring" or box.rule == "next-year":  # 当年9月底前办结的建议: a date, qualifying
        if OBJECT_LEAD.search(folded, max(clause[0], box.start - 2), box.start):
            return _DROP["object"]
        if ATTRIBUTIVE.match(folded, box.end, clause[1]) and not MODAL.search(
                folded, box.end, min(clause[1], box.end + 5)):
            return _DROP["attributive"]
    return kept
