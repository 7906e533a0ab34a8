"""Who an obligation falls on (承办/责任单位): the owner lexicon and the subject of a clause.

A body is recognised by its suffix (…局, …委, …办, …中心, …街道办事处, 妇联, 科协, 供销社 …), not
by a list of names, so 各县（市、区）, 市气象台 or 县档案馆 read like 市人社局. Only the head of a
clause is segmented (jieba, on a compact dictionary shipped as package data and loaded on first
use), so a speech is never segmented as a whole, and nothing is written anywhere: the tokenizer's
frequency table is filled in memory, so jieba builds no cache file.
"""

from __future__ import annotations

import marshal
import os
import sys
import threading
import types
import zlib
from functools import lru_cache
from typing import Any

from . import lazy_re as re

# Words jieba should keep whole: body names and collective owners as speeches write them.
GOV_BODIES = (
    "人社局 发改委 发展改革委 财政局 税务局 审计局 统计局 教育局 科技局 工信局 公安局 民政局 "
    "司法局 自然资源局 生态环境局 住建局 城管局 交通运输局 水利局 水务局 农业农村局 商务局 文旅局 "
    "文化和旅游局 卫健委 卫生健康委 应急局 应急管理局 市场监管局 国资委 医保局 林业局 体育局 "
    "信访局 数据局 大数据局 行政审批局 政务服务局 营商局 退役军人事务局 粮食和储备局 "
    "督查室 办公室 政府办 市委办 两办 政研室 督查局 纪委 监委 纪委监委 组织部 宣传部 统战部 政法委 "
    "编办 编委办 投促局 招商局 金融办 外事办 党委 党组 委员会 管委会 工委 开发区 高新区 "
    "各县区 各区县 各部门 各单位 各地 各乡镇 各街道 各地各部门 各县区各部门 各级各部门 "
    "安委办 防汛办 创建办 热线办 综治办 文明办 信访办 安委会 "
    "班子成员 一把手 牵头部门 协办部门 承办单位 责任单位 牵头单位 配合单位 主办单位 协办单位 "
    "主管部门 市直部门 县直部门 职能部门 处室 科室 "
    "妇联 科协 供销社 气象台 档案馆 党校 街道办事处 办事处 居委会 村委会 工会 团委 残联 侨联 文联 "
    "工商联 政协 人大常委会 指挥部 领导小组 工作专班 督查组 工作组 专家组 "
    "河长 湖长 河湖长 林长 田长 路长 网格长 总河长 总林长 防指 县防指 市防指 "
    # township offices and stations, often abbreviated (镇村建办, 镇党政办, 乡财政所)
    "村建办 住建办 城建办 规建办 党建办 党政办 农办 经发办 社事办 综治中心 应急办 安监办 安监站 "
    "财政所 司法所 国土所 林业站 农技站 水利站 文化站 畜牧站 农业服务中心 便民服务中心 执法中队"
).split()

# Suffixes a body's name ends with; single characters only after at least one more character.
BODY_SUFFIXES = tuple(
    "街道办事处 办事处 委员会 管委会 居委会 村委会 领导小组 工作专班 专班 指挥部 办公室 办公厅 "
    "中心 集团 公司 医院 卫生院 学校 学院 大学 党校 供销社 合作社 联合社 报社 杂志社 通讯社 旅行社 "
    "电视台 电台 气象台 平台 档案馆 妇联 科协 工会 团委 侨联 残联 文联 工商联 政协 红十字会 协会 "
    "商会 联合会 法院 检察院 小学 中学 幼儿园 政府 部门 单位 机关 机构 街道 社区 乡镇 县区 区县 各地 同志 成员 "
    "领导 干部 一把手 负责人 书记 市长 县长 区长 镇长 乡长 主任 部长 局长 厅长 处长 科长 站长 "
    "河湖长 河长 湖长 林长 田长 路长 网格长 组长 队长 防指 "
    "所长 院长 校长 医生 医师 护士 教师 老师 班主任 辅导员 班子 党组 企业 人员 窗口 处室 科室 站所 "
    "银行 支行 分行 开发区 高新区 新区 媒体 员工 职工 "
    "园区 景区 片区 辖区 系统 "
    "局 委 办 厅 室 院 站 队 署 所 组 处 科 部 会 镇 乡 村 县 区 馆 校 员".split()
)
_SUFFIX = re.compile("(?:" + "|".join(sorted(map(re.escape, BODY_SUFFIXES), key=len, reverse=True)) + r")$")
# Words that end like a body but are not one.
NOT_OWNER = frozenset(
    "全部 内部 局部 外部 部分 大局 全局 格局 布局 结局 开局 当局 时局 社会 机会 大会 工作会 年会 晚会 "
    "座谈会 例会 学会 体会 领会 理会 误会 约会 都会 不会 只会 就会 才会 将会 也会 还会 开会 与会 到会 "
    "到处 好处 难处 之处 用处 相处 此处 出处 各处 地区 城区 误区 盲区 区 场所 处所 住所 厕所 无所 "
    "有所 科学 学科 本科 重组 改组 分组 编组 小组会 委屈 委托 院落 庭院 车站 网站 站位 队伍 部署 签署 "
    "会议室 教室 大厅 餐厅 展厅 城镇 城乡 农村 乡村 新农村 郡县 "
    "督办 交办 承办 主办 协办 举办 开办 创办 兴办 代办 帮办 包办 查办 催办 经办 转办 批办 领办 "
    "马上办 怎么办 办 会 局 委 部 处 所 科 组 室 院 站 队 村 镇 乡 县 馆 校 厅 署 员 "
    "动员 复员 裁员 减员 增员 满员 超员 "
    "信息系统 管理系统 业务系统 办公系统 监控系统 操作系统 网络系统 督办系统 督查系统 "
    "领导 干部 人员 同志 成员 单位 部门 机关 机构 企业 系统".split()
)
# Bare collective nouns above name an owner only with a modifier (市直单位, 有关部门): a clause
# starting "单位要…" is usually about a unit in general.
_BARE_OK = frozenset("领导 干部 人员 同志 成员 单位 部门 机关 机构 企业 系统".split())
# Tokens that never sit inside an owner's name (outside a "…的" modifier): modals, adverbs,
# prepositions and the verbs a directive opens with.
NOT_IN_NAME = frozenset(
    "要 须 需 需要 必须 应 应当 应该 务必 请 将 把 对 在 于 按照 按 根据 通过 确保 力争 争取 切实 加强 "
    "认真 进一步 全面 积极 深入 不断 坚决 扎实 统筹 推动 推进 落实 做好 抓好 建立 完善 健全 开展 加快 "
    "强化 提高 提升 抓紧 尽快 及时 立即 高度 重视 是 为 也 都 还 就 已 已经 正在 曾 截至 目前 当前 "
    "同时 并 并且 而且 但 但是 如果 如 若 凡 凡是 因为 由于 所以 因此 为了 经 经过 组织 召开 研究 "
    "部署 安排 实行 实施 执行 完成 开始 围绕 聚焦 坚持 持续 继续 不得 严禁 禁止 可 可以 能 能够 会议 "
    "强调 指出 要求 明确 提出 表示 认为 马上 怎么 如何 赶紧 随时 "
    "通知 告知 抄送 抄报 转交 移交 交由 提请 商请 邀请 会同 "
    "后 之后 以后 日后 天后 月后 年后 周后 分钟 小时 工作日 个月 报".split()
)
# Between the owner and what it must do: a modal, a preposition, a pause, or the verb itself.
FOLLOW = re.compile(
    r"^(?:等(?![级次同]))?(?:[,，:：]|也|都|还|均|要|必须|须|需|应当|应(?!急|用|对|届|聘|邀|收|缴|付)|务必|[负負]责(?!人|同志)|[牵牽]头(?!单位|部门|單位)|将|对|在|按照|按|根据|"
    r"围绕|继续|于|抓紧|尽快|立即|切实|认真|进一步|无论|不论|每|是|自|从|作为|结合|会同|联合|最迟|"
    r"最晚|提前|即日|一律|统一|及时|定期|具体|主动|积极|全面|严格|分别|共同|原则上|一般|同时|可|不得|实行|建立|"
    r"制定(?!的)|组织(?!的)|开展(?!的)|做好|抓好|提出(?!的)|报送(?!的)|上报(?!的)|汇总(?!的)|跟进|督促|指导|配合|参照|依照|依据|通过|采取|把|"
    r"加强|落实|完成|召开|收到|接到|收件|受理(?!的)|发现|办理(?!的)|承办(?!的)|向|就|已|属于|发生|出现|遇到|遇有|遇|直接|如果|若|$)"
)
# Intro words and numbering stripped from the head of a clause before looking for its subject.
INTRO = re.compile(
    r"^(?:(?:本次会议|会议|会上|《[^》]{1,40}》|通知|意见|方案|纪要)?(?:还|同时|并|进一步|再次)?"
    r"(?:要求|明确|强调|指出|提出|规定|议定|决定|同意)|[一二三四五六七八九十]+是|其[一二三四五六七八九十]|第[一二三四五六七八九十]+[条章节]?|"
    r"[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]|[一二三四五六七八九十]+[、.．]|[①-⑳]|同时|此外|另外|"
    r"对此|为此|这方面|今后|下一步|当前|目前|近期|原则上|特别是|尤其是|其中|凡是|凡|对于|请|由|希望|"
    r"[,，、\s]|[^\w“”\"（(])+"
)
# What may stand between an owner and a possessed noun before 请于: 各科室修改意见请于…
_POSSESSED = re.compile(r"^的?(?P<noun>(?:(?![应要须需将])[\u4e00-\u9fff、]){1,16}?)(?=于)|"
                        r"^的?(?P<noun2>[\u4e00-\u9fff、]{1,16}?)(?=请(?:于|在|务必))")
# A short parenthesis inside a name (各县（市、区）, 政府办公厅（室）, 各镇（街道）).
_NAME_PAREN = re.compile(r"[(（][\u4e00-\u9fff、]{1,8}[)）]")
# A comment after the owner (详见任务分工; 无牵头单位的，责任单位即为牵头单位，下同).
_COMMENT_PAREN = re.compile(r"^[(（][^()（）]{1,60}[)）]")
_LATIN_BODY = re.compile(r"^[A-Z]{2,10}$")  # CPPCC, WHO: an acronym names a body
# The last character of every suffix (and of acronyms), with what may close a name after it.
_SUFFIX_END = re.compile(
    "[" + "".join(sorted({w[-1] for w in BODY_SUFFIXES})) + r"A-Z](?:[(（][^()（）]{1,8}[)）])?[”\"’]?"
)
_FUNCTION_WORDS = frozenset("的 了 在 和 与 及 或 是 为 被 把 对 向 从 到 于 以 "
                            "之 其 这 那 本 该 每 全 上 下 中 内 外".split())
_MODALS = frozenset("要 须 应 必须 务必 应当 请 将 需要".split())
_HEAD = 48  # characters of a clause head that are segmented
_NAME_MAX = 40  # an owner's name is at most this long …
_LIST_MAX = 64  # … or this long when it lists several bodies (A、B及C)

_lock = threading.Lock()
_tokenizer_instance = None
_DATA = "jieba_common.txt"
# The prefix table built from _DATA at build time (`make jieba-table`), marshalled, with the CRC of
# the text it was built from: loading it takes a few milliseconds, building it forty.
_TABLE = "jieba_prefix.marshal"


def _import_jieba() -> Any:
    """Import jieba without pkg_resources (slow to import, deprecated): jieba's _compat uses it only
    to locate the dictionary we never load, and falls back to plain paths when it is missing.
    Its HMM for unknown words (jieba.finalseg, a large table of probabilities) is loaded on first
    use: we cut with HMM=False, so it never is."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    hide = "pkg_resources" not in sys.modules
    if hide:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]
    try:
        _defer_submodule("jieba", "finalseg")
        import jieba
    finally:
        if hide and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]
    return jieba


def _defer_submodule(package: str, name: str) -> None:
    """Put `package.name` in sys.modules before `package` imports it, as a module whose code runs
    on the first look-up of a name it defines. (The standard library's LazyLoader runs it at the
    import itself, which reads the module's __spec__.) Nothing happens when it cannot be found."""
    import importlib.machinery
    import importlib.util

    full = f"{package}.{name}"
    if full in sys.modules:
        return
    parent = importlib.util.find_spec(package)
    if parent is None or not parent.submodule_search_locations:
        return
    spec = importlib.machinery.PathFinder.find_spec(full, list(parent.submodule_search_locations))
    if spec is None or spec.loader is None:
        return
    module = importlib.util.module_from_spec(spec)
    module.__class__ = _RunOnFirstUse
    sys.modules[full] = module


class _RunOnFirstUse(types.ModuleType):
    """A module whose code has not run yet: the first name looked up that it lacks runs it."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        spec = self.__spec__
        assert spec is not None and spec.loader is not None  # set by _defer_submodule
        self.__class__ = types.ModuleType  # type: ignore[assignment]
        spec.loader.exec_module(self)
        return getattr(self, name)


def prefix_table(text: str) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary (word → frequency, every prefix present) and the total frequency,
    from lines "word frequency" ("#" starts a comment)."""
    table: dict[str, int] = {}
    total = 0
    for line in text.splitlines():
        if not line or line[0] == "#":
            continue
        word, _, count = line.partition(" ")
        freq = int(count)
        table[word] = freq
        total += freq
        for i in range(1, len(word)):
            table.setdefault(word[:i], 0)
    return table, total


def _data_path(name: str) -> str:
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", name)


def _frequencies() -> tuple[dict[str, int], int]:
    """The prefix table of our package data: the prebuilt one when it was built from the words
    as they are, else built here (nothing is written either way)."""
    with open(_data_path(_DATA), "rb") as source:
        words = source.read()
    try:
        with open(_data_path(_TABLE), "rb") as prebuilt:
            crc, table, total = marshal.loads(prebuilt.read())
        if crc == zlib.crc32(words) and isinstance(table, dict):
            return table, total
    except (OSError, EOFError, ValueError, TypeError):
        pass
    return prefix_table(words.decode("utf-8"))


def tokenizer() -> Any:
    """jieba with the compact dictionary and our body names, built on first use, in memory only."""
    global _tokenizer_instance
    if _tokenizer_instance is None:
        with _lock:
            if _tokenizer_instance is None:
                import logging

                jieba = _import_jieba()
                jieba.setLogLevel(logging.WARNING)
                made = jieba.Tokenizer()
                made.FREQ, made.total = _frequencies()
                made.initialized = True  # never initialize(): it would read and cache a dictionary
                for word in GOV_BODIES:
                    made.add_word(word, freq=200000)
                _tokenizer_instance = made
    return _tokenizer_instance


def _strip_paren(text: str) -> str:
    return re.sub(r"[(（][^()（）]*[)）]$", "", text)


def names_body(text: str) -> bool:
    """Does `text` (a whole phrase) name a body or a group of people: 市气象台, 各县（市、区）?"""
    text = _strip_paren(text.strip().strip("“”\""))
    if len(text) < 2 or not _SUFFIX.search(text) or text in NOT_OWNER:
        return False
    return not any(text.endswith(word) and len(word) >= 2 and word not in _BARE_OK for word in _NOT_OWNER_ENDINGS)


# NOT_OWNER words of two or more characters a phrase may end with (社会, 部署, 大会 …).
_NOT_OWNER_ENDINGS = tuple(w for w in NOT_OWNER if len(w) >= 2 and w not in _BARE_OK)


def _ends_as_body(tokens: list[str], index: int) -> bool:
    """Does the phrase ending with tokens[index] end with a body's suffix?"""
    token = tokens[index]
    if _LATIN_BODY.match(token):
        return True
    if not _SUFFIX.search(token):
        # a body name jieba cut into pieces: 督查 + 组, 文秘 + 科
        return False
    if token in NOT_OWNER:
        if token in _BARE_OK:  # 有关部门, 市直单位: fine with a modifier before it
            return index > 0
        # one character after a word of the phrase: 督查+组, 文秘+科 (but not 开+会)
        if len(token) != 1 or index == 0 or token == "会" or token == "办" and len(tokens[index - 1]) < 2:
            return False
        previous = tokens[index - 1]
        return previous == "各" or (bool(re.fullmatch(r"[\u4e00-\u9fff]+", previous))
                                    and previous not in NOT_IN_NAME and previous not in _FUNCTION_WORDS)
    return True


def _may_close(head: str, follow: re.Pattern[str], limit: int) -> bool:
    """Cheap test before segmenting: does `follow` (or a comment in parentheses) come right after
    some suffix character of the first `limit` characters?"""
    for match in _SUFFIX_END.finditer(head, 0, limit + 1):
        rest = head[match.end():]
        if follow.match(rest) or _COMMENT_PAREN.match(rest):
            return True
    return False


@lru_cache(maxsize=4096)
def _tokens(head: str) -> list[str]:
    tokens: list[str] = tokenizer().lcut(head, HMM=False)
    return tokens


def _phrase(head: str, follow: re.Pattern[str]) -> int | None:
    """Length of the owner phrase `head` opens with, when `follow` matches right after it."""
    limit = _LIST_MAX if "、" in head[:_NAME_MAX] else _NAME_MAX
    if not _may_close(head, follow, limit):
        return None
    tokens = _tokens(head[:max(_HEAD, limit + 8)])
    pos = 0
    last_bad = -1  # the last token that cannot sit in a name, unless a 的 after it makes it a
    last_de = -1   # modifier: 有联系点的同志, 参加第一个议题的人员
    for index, token in enumerate(tokens):
        pos += len(token)
        if pos > limit or re.search(r"[,，。;；:：!！?？\s]", token) or token in _MODALS:
            return None
        if token == "的":
            last_de = index
        elif token in NOT_IN_NAME:
            last_bad = index
        if not _ends_as_body(tokens, index) or last_bad > last_de:
            continue
        end = pos
        paren = _NAME_PAREN.match(head, end)
        if paren:
            end = paren.end()
        if head[end:end + 1] in ("”", '"', "’"):
            end += 1
        rest = head[end:]
        comment = _COMMENT_PAREN.match(rest)
        if comment:  # 各牵头单位（…，下同）细化…: a comment closes the name
            return end
        if follow.match(rest):
            return end
    return None


# A short parenthesis inside a name, more of the name after it: 各镇（街道）党（工）委, 各村（居）委会.
_INNER_PAREN = re.compile(r"[(（][\u4e00-\u9fff、]{1,4}[)）](?=[\u4e00-\u9fff])")


def _phrase_around_parens(head: str, follow: re.Pattern[str]) -> int | None:
    """_phrase on the head read without its inner parentheses, as a length of the head as written."""
    keep: list[int] = []
    parts: list[str] = []
    pos = 0
    for match in _INNER_PAREN.finditer(head, 0, _LIST_MAX):
        parts.append(head[pos:match.start()])
        keep.extend(range(pos, match.start()))
        pos = match.end()
    if not parts:
        return None
    parts.append(head[pos:])
    keep.extend(range(pos, len(head)))
    end = _phrase("".join(parts), follow)
    return None if end is None else keep[end - 1] + 1


@lru_cache(maxsize=8192)
def subject_of(clause: str) -> tuple[int, int] | None:
    """Span of the owner at the head of a clause: "市人社局要…" → (0, 4) for 市人社局 (cached: a
    speech repeats its clauses' openings, and a hostile text repeats whole clauses)."""
    head = INTRO.sub("", clause, count=1)
    offset = len(clause) - len(head)
    if not head:
        return None
    end = _phrase(head, FOLLOW)
    if end is None:
        end = _phrase(head, _POSSESSIVE_FOLLOW)
    if end is None and ("（" in head or "(" in head):
        end = _phrase_around_parens(head, FOLLOW)
    if end is None:
        # "要求整改3个月后被巡察单位每季度报送": the subject after a leading "…后"
        when = _LEADING_WHEN.match(head)
        if when is None:
            return None
        rest = head[when.end():]
        end = _phrase(rest, FOLLOW)
        if end is None:
            return None
        offset += when.end()
    return offset, offset + end


_LEADING_WHEN = re.compile(r"(?:要求|明确)?[^，,。；;：:“”]{1,12}?(?:之后|以后|后)(?=[\u4e00-\u9fff])")


_POSSESSIVE_FOLLOW = _POSSESSED

# 由X负责 / 由X牵头 / 由X实行…: the owner after 由 (not 由于, 理由, 自由 …).
_BY = re.compile(r"(?<![理自缘因经来])由(?![于此衷来])")
_BY_FOLLOW = re.compile(
    r"^(?:[负負]总责|总[负負]责|[负負]责(?!人|同志)|[牵牽]头|承办|办理|召集|主持|提报|提交|起草|编制|组织|落实|实行|统一|会同|汇总|报送|上报|通知|印发|制定|提出|审核|"
    r"审定|指定|[协協][调調]|具体|及时|按|根据|向|对|将|在|于|每|定期|直接|分别|[,，])"
)
# X牵头 — or X负责 when a co-owner follows: "县农业农村局负责，各乡镇配合"
_LEAD = re.compile(r"[牵牽]头|[负負]责(?=[,，、；;]\s*[^,，。；;]{2,30}?(?:配合|[协協]助|参与))")
_CUT = re.compile(r"[,，:：;；]")
_CO = re.compile(r"^[,，、;；\s]*(?P<co>[^,，。;；]{2,60}?)(?:配合|参与|[协協]助|[协協]同|[协協]办|"
                 r"按职责分工[负負]责|按职责[负負]责|分工[负負]责)")
_NAME_SEP = re.compile(r"[、]|以及|及")


# Where a body named earlier in a sentence may stand: after a preposition or a verb of handing over.
_ANTECEDENT_LEAD = re.compile(r"会同|同意|要求|责成|督促|通知|交由|转交|移交|协调|联系|与|同|和|向|对|请|由")
_ANY = re.compile(r"^")
# A clause whose doer is 其, the body named before: "请其在10个工作日内…", "督促指导其…整改".
PRONOUN = re.compile(r"^(?:督促指导|督促|指导|责成|责令|要求|通知|并|由|请)?其(?![他它中余次实])")


def antecedent(text: str, lo: int, hi: int) -> tuple[int, int] | None:
    """The last body named in text[lo:hi] after a preposition or a verb (与被督察单位, 同意镇农业服务中心…)."""
    found = None
    for match in _ANTECEDENT_LEAD.finditer(text, lo, hi):
        head = text[match.end():min(hi, match.end() + _NAME_MAX)]
        end = _phrase(head, _ANY) if head else None
        if end:
            found = (match.end(), match.end() + end)
    return found


def split_names(text: str) -> list[tuple[int, int]]:
    """Spans of the names in "市财政局、市审计局及各县区"."""
    spans, pos = [], 0
    for match in _NAME_SEP.finditer(text):
        if match.start() > pos:
            spans.append((pos, match.start()))
        pos = match.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def by_whom(text: str, lo: int, hi: int) -> tuple[tuple[int, int], list[tuple[int, int]]] | None:
    """(owner span, co-owner spans) named by 由X负责 or X牵头、Y配合 within text[lo:hi]; the last
    one when there are several (the nearest to what follows)."""
    found: list[tuple[int, tuple[int, int], int]] = []  # (where, lead span, where its roles end)
    if text.find("由", lo, hi) < 0 and text.find("头", lo, hi) < 0 and text.find("责", lo, hi) < 0:
        return None  # neither 由 nor 牵头/负责 (the patterns below would try every position)
    for match in _BY.finditer(text, lo, hi):
        start = match.end()
        end = _phrase(text[start:min(len(text), start + _HEAD)], _BY_FOLLOW)
        if end:
            found.append((match.start(), (start, start + end), start + end))
    for match in _LEAD.finditer(text, lo, hi):
        # the lead is the phrase closing right before 牵头: from the clause start
        left = max(lo, match.start() - 40)
        for cut in _CUT.finditer(text, left, match.start()):
            left = cut.end()
        head = text[left:match.start()]
        sub = INTRO.sub("", head, count=1)
        sub = sub.lstrip("（(") if sub[:1] in "（(" and not _NAME_PAREN.match(sub) else sub  # （县城管局牵头，…）
        offset = left + len(head) - len(sub)
        if not sub or any(where == offset - 1 for where, _, _ in found):
            continue  # 由X牵头 is read above
        end = _phrase(sub + "牵头", re.compile(r"^牵头"))
        if end and end == len(sub):
            found.append((offset, (offset, offset + end), match.end()))
    if not found:
        return None
    _, lead, roles_end = max(found)
    return lead, _co_owners(text, roles_end, hi)


def _co_owners(text: str, pos: int, hi: int) -> list[tuple[int, int]]:
    window = text[pos:min(hi + 40, pos + 80)]
    after = re.sub(r"^(?:[牵牽]头|[负負]责)", "", window)
    shift = pos + len(window) - len(after)
    match = _CO.match(after)
    if not match:
        return []
    base = shift + match.start("co")
    return [(base + s, base + e) for s, e in split_names(match.group("co")) if names_body(match.group("co")[s:e])]
