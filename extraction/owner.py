"""Who an obligation falls on (承办/责任单位): read from its clause or its sentence.

Only the few clauses around a hit are segmented, with jieba and a user dictionary of
government bodies, so a speech is never segmented (let alone POS-tagged) as a whole.
"""

from __future__ import annotations

import re
import threading

# Words jieba should keep whole: body names and collective owners as speeches write them.
GOV_BODIES = (
    "人社局 发改委 发展改革委 财政局 税务局 审计局 统计局 教育局 科技局 工信局 公安局 民政局 "
    "司法局 自然资源局 生态环境局 住建局 城管局 交通运输局 水利局 水务局 农业农村局 商务局 文旅局 "
    "文化和旅游局 卫健委 卫生健康委 应急局 应急管理局 市场监管局 国资委 医保局 林业局 体育局 "
    "信访局 数据局 大数据局 行政审批局 政务服务局 营商局 退役军人事务局 粮食和储备局 "
    "督查室 办公室 政府办 市委办 两办 政研室 督查局 纪委 监委 纪委监委 组织部 宣传部 统战部 政法委 "
    "编办 编委办 投促局 招商局 金融办 外事办 党委 党组 委员会 管委会 工委 开发区 高新区 "
    "各县区 各区县 各部门 各单位 各地 各乡镇 各街道 各地各部门 各县区各部门 各级各部门 "
    "安委办 防汛办 创建办 热线办 综治办 文明办 信访办 "
    "班子成员 一把手 牵头部门 协办部门 承办单位 责任单位 主管部门 市直部门 县直部门 职能部门"
).split()

# A token naming an owner ends in one of these.
_OWNER_TAIL = re.compile(
    r"(?:局|委|厅|室|院|站|队|署|所|组|处|科|部|会|镇|乡|县|区|中心|集团|公司|政府|部门|单位|县区|区县|乡镇|街道|"
    r"社区|各地|同志|成员|领导|干部|一把手|负责人|书记|市长|县长|区长|镇长|乡长|主任|部长|局长|厅长|"
    r"班子|专班|机关|党委|党组|企业|学校|医院|银行|平台|人员|办公室|政府办|市委办|两办|编办)$"
)
# Tokens that end like an owner but are not one.
_NOT_OWNER = set(
    "全部 内部 局部 外部 部分 大局 全局 格局 布局 结局 开局 当局 时局 社会 机会 大会 会 工作会 "
    "座谈会 例会 学会 体会 领会 理会 误会 约会 都会 不会 只会 就会 才会 将会 也会 还会 到处 好处 "
    "难处 之处 用处 相处 此处 出处 各处 地区 景区 园区 片区 辖区 城区 误区 盲区 区 场所 处所 住所 厕所 无所 有所 科学 学科 本科 重组 改组 "
    "小组会 委屈 委托 院落 庭院 车站 网站 站位 队伍 部署 签署 公署".split()
)
# Between owner tokens: "各地各部门", "领导和部门、县区“一把手”".
_JOINERS = set("各 和 与 及 以及 、 “ ” \" （ ） ( ) 市 县 区 镇 乡 的 级 位 有关 相关".split())
# What may follow the owner: a modal, a preposition, a pause.
_FOLLOW = re.compile(
    r"^(?:[，,：:]|也|都|还|均|要|必须|须|需|应当|应|务必|负责|牵头|将|对|在|按照|按|根据|围绕|"
    r"继续|于|抓紧|尽快|立即|切实|认真|进一步|无论|不论|每|是|自|从|作为|结合|会同|联合|最迟|最晚|一律|统一|$)"
)
_INTRO = re.compile(
    r"^(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十]|第[一二三四五六七八九十]+|[（(][一二三四五六七八九十\d]+[)）]|"
    r"\d+[.、]|[一二三四五六七八九十]+、|同时|此外|另外|对此|为此|这方面|今后|下一步|当前|目前|近期|原则上|特别是|尤其是|凡是|凡|"
    r"对于|请|由|希望|[，,、\s]|[^\w“”\"（(])+"
)
_BY_WHOM = re.compile(r"由(?P<owner>[^，,。；;]{2,24}?)(?:负责(?!同志|人)|牵头|承办|办理|组织|落实)")

# One-character bodies that name an owner after 各: 各镇, 各村, 各组, 各局.
_AFTER_EACH = set("镇 乡 村 县 区 市 组 局 委 处 科 室 队 站 所 校 院 部 办".split())

_lock = threading.Lock()
_jieba = None
# jieba's full dictionary (349k words) takes ~0.9 s to load even from its cache; the clauses
# we segment only need common words, so we load the 52k words seen at least this often.
_MIN_FREQ = 50


def _compact_dictionary(jieba) -> str:
    """Path of jieba's dictionary cut to common words, built once per jieba version."""
    import os
    import tempfile

    source = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    folder = os.path.join(tempfile.gettempdir(), "duban-jieba")
    path = os.path.join(folder, f"dict-{jieba.__version__}-{_MIN_FREQ}.txt")
    if not os.path.exists(path):
        os.makedirs(folder, exist_ok=True)
        with open(source, encoding="utf-8") as full:
            kept = [line for line in full if int(line.split(" ", 2)[1]) >= _MIN_FREQ]
        partial = f"{path}.{os.getpid()}.tmp"
        with open(partial, "w", encoding="utf-8") as out:
            out.writelines(kept)
        os.replace(partial, path)
    return path


def _tokenizer():
    """jieba with a compact dictionary and our government bodies, loaded on first use."""
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)
                tokenizer = jieba.Tokenizer(dictionary=_compact_dictionary(jieba))
                tokenizer.initialize()
                for word in GOV_BODIES:
                    tokenizer.add_word(word, freq=200000)
                _jieba = tokenizer
    return _jieba


_GOV_BODY_SET = frozenset(GOV_BODIES)


def _is_owner_token(token: str) -> bool:
    return token in _GOV_BODY_SET or token not in _NOT_OWNER and bool(_OWNER_TAIL.search(token)) and (
        len(token) >= 2 or token in ("委", "局")
    )


_ANY_TAIL = re.compile(r"[局委厅室院站队署所组处科部会心团司府门位区镇道地志员导部把人记长任子班关党业校行台办]")


def subject_of(clause: str) -> tuple[int, int] | None:
    """Span of the owner at the head of a clause: "市人社局要…" → (0, 4) for 市人社局."""
    head = _INTRO.sub("", clause, count=1)
    offset = len(clause) - len(head)
    if not head or not _ANY_TAIL.search(head, 0, 40):
        return None
    tokens = _tokenizer().lcut(head[:40], HMM=False)
    pos, end, previous = 0, None, ""
    for token in tokens:
        if _is_owner_token(token) or (previous == "各" and token in _AFTER_EACH):
            end = pos + len(token)
        elif end is not None and token not in _JOINERS:
            break
        elif end is None and pos + len(token) > 24:
            return None
        pos += len(token)
        previous = token
    if end is None:
        return None
    if head[end:end + 1] in ("”", '"', "’", "）", ")"):
        end += 1  # 县区“一把手”
    owner = head[:end]
    if not _FOLLOW.match(head[end:]) or re.search(r"[，,。；;]", owner):
        return None
    return offset, offset + end


def find_owner(sentence: str, clause_starts: list[int], box_clause: int,
               box_start: int) -> tuple[int, int] | None:
    """Span in `sentence` of the owner of the expression starting at `box_start`.

    `clause_starts` are the offsets of the sentence's clauses; `box_clause` indexes the one holding
    the expression. Looks at "由X负责" first, then the expression's own clause, then the clauses
    before it, nearest first.
    """
    # "由X负责" in the expression's clause or the one before it
    near = clause_starts[max(0, box_clause - 1)]
    far = clause_starts[box_clause + 1] if box_clause + 1 < len(clause_starts) else len(sentence)
    by = _BY_WHOM.search(sentence, near, far)
    if by:
        return by.span("owner")
    for index in range(box_clause, -1, -1):
        start = clause_starts[index]
        end = box_start if index == box_clause else clause_starts[index + 1]
        span = subject_of(sentence[start:end])
        if span:
            return start + span[0], start + span[1]
    return None
