"""The layout of a document: title, addressee, numbered items, label lines and table rows.

Owners and time limits often sit outside the sentence that names the task: in a numbered item's
head (（三）市住建局：…), a trailing label in parentheses (（牵头单位：市发改委；完成时限：12月底前）),
a `责任单位：` line, a table row whose header names the columns 任务 / 牵头单位 / 责任单位 / 完成时限
(a .docx table reaches us as tab-separated rows; pasted tables use runs of spaces or `|`), or the
addressee line of a notice. `read_structure(folded)` finds these blocks once, in one pass over the
lines; the engine then asks what encloses a position.

Pure and linear: every pattern runs on one line, and each line is looked at once.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import lazy_re as re

# Numbering at the start of a line, by rank (a lower rank encloses a higher one).
NUMBERING = (
    (0, re.compile(r"第[一二三四五六七八九十百零〇\d]{1,4}[章编]")),
    (1, re.compile(r"第[一二三四五六七八九十百零〇\d]{1,4}节")),
    (2, re.compile(r"第[一二三四五六七八九十百零〇\d]{1,4}条")),
    (3, re.compile(r"[一二三四五六七八九十]{1,3}[、.](?![\d一二三四五六七八九十])")),
    (4, re.compile(r"\([一二三四五六七八九十]{1,3}\)")),
    (5, re.compile(r"\d{1,2}(?:、|\.(?!\d))")),
    (6, re.compile(r"\(\d{1,2}\)")),
    (7, re.compile(r"[①-⑳]")),
)

# Label keys, in a label line (责任单位：…) or a trailing parenthesis; what each one names.
# A key may name what it is for first: 问题整改责任单位, 整改牵头单位.
_KEY_FOR = r"[\u4e00-\u9fff]{0,4}?"
LABEL_KEYS = {
    "lead": _KEY_FOR + r"(?:牵头单位|牵头部门|主责单位|主责部门|主办单位|主办部门)",
    "owner": _KEY_FOR + r"(?:责任单位|责任部门|责任主体|承办单位|承办部门|实施单位|落实单位)",
    "co": _KEY_FOR + r"(?:配合单位|配合部门|协办单位|协办部门|参与单位|参与部门|协同单位|协同部门)",
    "time": r"(?:完成|办结|整改|办理|反馈|报送|上报|落实|推进|答复|回复|处置|销号)(?:时限|期限)"
            r"|完成时间|时限要求|时间要求|时间节点|报送时间",
}
_KEY = re.compile("|".join(f"(?P<{name}>{words})" for name, words in LABEL_KEYS.items()))
_LABEL = re.compile(rf"(?:{'|'.join(LABEL_KEYS.values())})\s*[:：]")
_BETWEEN_LABELS = re.compile(rf" {{2,}}|\t| (?=(?:{'|'.join(LABEL_KEYS.values())})\s*[:：])")
# Parts of a label body: split at ；, and at a comma that opens the next label (…，配合单位：…).
_LABEL_PART = re.compile(rf"(?:[^;；,，]|[,，](?!\s*(?:{'|'.join(LABEL_KEYS.values())})\s*[:：]))+")
# "市政府办公室牵头", "市级各部门按职责分工负责", "市财政局配合" inside a trailing parenthesis.
# (Traditional 牽 and 負 are listed beside 牵 and 负: folding does not map them yet.)
_LEAD_VERB = re.compile(r"^(?P<who>.+?)(?:[牵牽]头[负負]责|[牵牽]头)$")
_CO_VERB = re.compile(r"^(?P<who>.+?)(?:按职责分工[负負]责|按职责[负負]责|分工[负負]责|"
                      r"按职责落实|配合|参与|协助|协同|协办)$")
_OWNER_VERB = re.compile(r"^(?P<who>.+?)(?:[负負]责落实|[负負]责)$")
_TRAILING = re.compile(r"\((?P<body>[^()\n]{2,200})\)\s*[。;；.]?\s*$")
_LIST_SEP = re.compile(r"[、,，;；]|以及|及")

# Table header cells, by the column they name.
COLUMN_HEADERS = {
    "lead": re.compile(r"^(?:牵头|主责|主办)(?:责任)?(?:单位|部门)$"),
    "owner": re.compile(r"^(?:责任|承办|实施|落实|报送|填报|上报|报告|整改)(?:单位|部门|主体|人|清单)"
                        r"(?:(?:及|和|、)(?:责任人|联系人))?$"),
    "co": re.compile(r"^(?:配合|协办|参与|协同)(?:单位|部门)$"),
    "time": re.compile(r"^(?:完成|办结|报送|上报|推进|公开|办理|整改|反馈|答复|落实)?"
                       r"(?:时限|时间|日期|期限)(?:要求|安排|清单)?$"
                       r"|^时间节点$|^进度安排$"),
    "task": re.compile(r"^(?:重点|主要|具体|工作)?(?:任务|工作|事项|内容|措施|举措)(?:名称|内容|事项|清单)?$"
                       r"|^(?:报表|表格|表|项目|材料|文件)(?:名称|名)$"),
    "number": re.compile(r"^(?:序号|编号|序)$"),
}
_CELL_SPLIT_TAB = re.compile(r"\t+")
_CELL_SPLIT_SPACES = re.compile(r" {2,}|\u3000+")
_CELL_SPLIT_BAR = re.compile(r"\|")
# Page furniture before a document: "# source: http://…", "kind: notice", a bare URL.
_METADATA = re.compile(r"^\s*(?:#+\s*)?(?:[A-Za-z][\w -]{0,20}\s*[:：]|https?://)")
_HEADING_END = re.compile(r"[。;；!！?？]\s*$")
_DIRECTIVE = re.compile(r"要|请|须|务必|必须|应当|确保")


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class Labels:
    """What a label line or trailing parenthesis says about the item it belongs to."""

    lead: list[Span] = field(default_factory=list)
    owner: list[Span] = field(default_factory=list)
    co: list[Span] = field(default_factory=list)
    time: list[Span] = field(default_factory=list)  # the values of 完成时限 …
    source: str = "label"  # "label" (a 责任单位 line) or "trailing label" (in parentheses)

    def names_owner(self) -> bool:
        return bool(self.lead or self.owner)


@dataclass
class Item:
    """A numbered item: its numbering, its head (up to the first full stop or colon) and extent."""

    start: int
    end: int  # up to the next item of the same or a lower rank
    rank: int
    body: int  # where the text after the numbering starts
    head_end: int
    parent: int | None  # index in Structure.items
    labels: list[Labels] = field(default_factory=list)


@dataclass
class Cell:
    start: int
    end: int
    column: str | None  # lead / owner / co / time / task, from the header row
    same_as: Span | None = None  # a 同上 cell: the cell above it that it repeats


@dataclass
class Row:
    start: int
    end: int
    cells: list[Cell]

    def column(self, name: str) -> list[Cell]:
        return [c for c in self.cells if c.column == name and c.end > c.start]


@dataclass
class Structure:
    text: str
    title: Span | None = None
    addressee: Span | None = None
    items: list[Item] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    # Labels of text that is not inside a numbered item, by the paragraph they follow.
    loose_labels: list[tuple[Span, Labels]] = field(default_factory=list)
    _item_starts: list[int] = field(default_factory=list)
    _row_starts: list[int] = field(default_factory=list)
    _timed: bool = False  # any time label or time column at all
    _labelled: bool = False  # any label at all

    def in_title(self, pos: int) -> bool:
        return self.title is not None and self.title.start <= pos < self.title.end

    def item_chain(self, pos: int) -> list[Item]:
        """The items enclosing `pos`, innermost first."""
        i = bisect_right(self._item_starts, pos) - 1
        chain: list[Item] = []
        # the innermost item is the last one starting before pos whose extent covers it
        while i >= 0:
            item = self.items[i]
            if item.start <= pos < item.end:
                break
            i -= 1
        index = i if i >= 0 else None
        while index is not None:
            chain.append(self.items[index])
            index = self.items[index].parent
        return chain

    def owner_labels_at(self, pos: int) -> Labels | None:
        """The labels naming an owner that apply at `pos`: all labels of the innermost item that has
        such labels (merged), else those of its paragraph."""
        if not self._labelled:
            return None
        groups = [item.labels for item in self.item_chain(pos)]
        groups.append([labels for span, labels in self.loose_labels if span.start <= pos < span.end])
        for group in groups:
            if any(labels.names_owner() for labels in group):
                merged = Labels(source=next(each.source for each in group if each.names_owner()))
                for labels in group:
                    merged.lead += labels.lead
                    merged.owner += labels.owner
                    merged.co += labels.co
                    merged.time += labels.time
                return merged
        return None

    def row_at(self, pos: int) -> Row | None:
        i = bisect_right(self._row_starts, pos) - 1
        if i >= 0 and self.rows[i].start <= pos < self.rows[i].end:
            return self.rows[i]
        return None

    def time_label_at(self, start: int, end: int) -> tuple[str, Span] | None:
        """("time label" | "table column", the span of the block it times) when [start, end) is
        the value of a 完成时限 label or sits in a table's time column."""
        if not self._timed:
            return None
        row = self.row_at(start)
        if row is not None:
            for cell in row.column("time"):
                if cell.start <= start and end <= cell.end:
                    return "table column", Span(row.start, row.end)
        for item in self.item_chain(start):
            for labels in item.labels:
                if any(s.start <= start and end <= s.end for s in labels.time):
                    return "time label", Span(item.start, item.end)
        for span, labels in self.loose_labels:
            if any(s.start <= start and end <= s.end for s in labels.time):
                return "time label", span
        return None


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line), line
        start += len(line) + 1


def _numbering(line: str) -> tuple[int, int] | None:
    """(rank, length) of the numbering a line starts with."""
    lead = len(line) - len(line.lstrip(" \t\u3000"))  # leading spaces, full-width ones too
    for rank, pattern in NUMBERING:
        match = pattern.match(line, lead)
        if match:
            return rank, match.end()
    return None


def _split_names(text: str, offset: int) -> list[Span]:
    """Spans of the body names in "市财政局、市审计局及各县区" (offsets into the document)."""
    spans, pos = [], 0
    for match in _LIST_SEP.finditer(text):
        part = text[pos:match.start()]
        if part.strip():
            lead = len(part) - len(part.lstrip())
            spans.append(Span(offset + pos + lead, offset + pos + len(part.rstrip())))
        pos = match.end()
    part = text[pos:]
    if part.strip():
        lead = len(part) - len(part.lstrip())
        spans.append(Span(offset + pos + lead, offset + pos + len(part.rstrip())))
    return spans


def _read_label_parts(body: str, offset: int, labels: Labels) -> None:
    """Fill `labels` from "牵头单位：A；配合单位：B、C；完成时限：12月底前" or "A牵头，B配合"."""
    for part_match in _LABEL_PART.finditer(body):
        part = part_match.group(0)
        base = offset + part_match.start()
        key = _KEY.match(part.strip())
        if key:
            lead_space = len(part) - len(part.lstrip())
            colon = re.match(r"\s*[:：]\s*", part[lead_space + key.end():])
            if colon is None:
                continue
            value_start = lead_space + key.end() + colon.end()
            value = part[value_start:].rstrip(" 。.")
            if not value:
                continue
            name = key.lastgroup or ""
            if name == "time":
                labels.time.append(Span(base + value_start, base + value_start + len(value)))
            else:
                getattr(labels, name).extend(_split_names(value, base + value_start)
                                             if name == "co" else [Span(base + value_start,
                                                                        base + value_start + len(value))])
            continue
        # "A牵头，B配合" / "A负责": commas separate the roles here
        for clause in re.finditer(r"[^,，]+", part):
            words = clause.group(0).strip()
            start = base + clause.start() + (len(clause.group(0)) - len(clause.group(0).lstrip()))
            for pattern, target in ((_LEAD_VERB, labels.lead), (_CO_VERB, labels.co),
                                    (_OWNER_VERB, labels.owner)):
                match = pattern.match(words)
                if match:
                    who = match.group("who")
                    if target is labels.co:
                        target.extend(_split_names(who, start))
                    else:
                        target.append(Span(start, start + len(who)))
                    break


def _label_line(line: str, offset: int) -> Labels | None:
    """Labels of a line made of labels only: "责任单位：市财政局", "牵头单位：A  完成时限：6月"."""
    stripped = line.strip()
    if not stripped or not _KEY.match(stripped.lstrip("-•·* ")):
        return None
    labels = Labels(source="label")
    lead = len(line) - len(line.lstrip())
    text = line[lead:]
    # several labels on one line are separated by ；/; or a run of spaces (or one, before a key)
    body = _BETWEEN_LABELS.sub(lambda m: ";" + " " * (len(m.group(0)) - 1), text)
    _read_label_parts(body, offset + lead, labels)
    return labels if (labels.names_owner() or labels.co or labels.time) else None


# Before labels that close a sentence's line: a leader or a person named first (责任领导：张某；).
_PERSON_LABELS = re.compile(r"(?:[\u4e00-\u9fff]{0,4}(?:领导|责任人|联系人)\s*[:：][^。；;:：]{1,20}[；;，,]\s*)*$")


def _inline_labels(line: str, offset: int) -> Labels | None:
    """Labels after the task's sentence on its own line: "完善物资储备。责任单位：县应急局；完成时限：12月底前"."""
    colon = line.find("：")
    if colon < 0:
        colon = line.find(":")
    if colon < 0 or ("。" not in line[:colon] and "；" not in line[:colon] and ";" not in line[:colon]):
        return None  # no label after a sentence (the search below is not cheap)
    match = _LABEL.search(line, max(0, colon - 16))
    if not match:
        return None
    before = _PERSON_LABELS.sub("", line[:match.start()]).rstrip()
    if not before or before[-1] not in "。；;" or len(before.strip()) < 4:
        return None
    return _label_line(line[match.start():], offset + match.start())


def _trailing_labels(line: str, offset: int) -> tuple[Labels, Span] | None:
    """A parenthesis closing the line that names roles: （市发改委牵头，市财政局配合）."""
    match = _TRAILING.search(line)
    if not match:
        return None
    body = match.group("body")
    if not (_LABEL.search(body) or re.search(r"[牵牽]头|配合|[负負]责|协办", body)):
        return None
    labels = Labels(source="trailing label")
    _read_label_parts(body, offset + match.start("body"), labels)
    if not (labels.names_owner() or labels.co or labels.time):
        return None
    return labels, Span(offset + match.start(), offset + match.end())


def _cells(line: str) -> list[tuple[int, int]] | None:
    """Cell spans (relative to the line) of a table row, or None when the line is not one."""
    if "\t" in line.strip():
        splitter = _CELL_SPLIT_TAB
    elif line.lstrip().startswith("|") or line.count("|") >= 2 and "://" not in line:
        splitter = _CELL_SPLIT_BAR  # | a | b | or a | b | (a row pasted from a web page)
    elif len(_CELL_SPLIT_SPACES.findall(line.strip())) >= 1 and len(line.strip()) <= 400:
        splitter = _CELL_SPLIT_SPACES
    else:
        return None
    cells, pos = [], 0
    for match in splitter.finditer(line):
        cells.append((pos, match.start()))
        pos = match.end()
    cells.append((pos, len(line)))
    out = []
    for start, end in cells:
        cell = line[start:end]
        if cell.strip():
            lead = len(cell) - len(cell.lstrip())
            out.append((start + lead, start + len(cell.rstrip())))
    if len(out) < 2:
        return None
    if splitter is _CELL_SPLIT_SPACES and any(line[s:e].count("，") + line[s:e].count("。") > 2
                                              for s, e in out):
        return None  # prose with a wide gap, not a row
    return out


def _header(line: str, cells: list[tuple[int, int]]) -> list[str | None] | None:
    columns: list[str | None] = []
    for start, end in cells:
        name = re.sub(r"\s+", "", line[start:end])
        column = next((c for c, pattern in COLUMN_HEADERS.items() if pattern.match(name)), None)
        columns.append(column)
    if not any(c in ("lead", "owner", "time") for c in columns):
        return None
    return columns


_TIME_CELL = re.compile(r"^(?:\d{4}年)?(?:\d{1,2}月|[一二三四五六七八九十]+月|年底|年内|每|长期|持续|上半年|下半年|"
                        r"\d{1,2}日|\d{4}[.-/]|[一二三四]季度|本月|下月|月底|年中)")


def _right_aligned(line: str, cells: list[tuple[int, int]], header: list[str | None]) -> bool:
    """A row missing its first cells (merged with the rows above, as pasted from a web page):
    its last cells line up with the header's last columns, time and owner ones included."""
    from .owner import names_body

    columns = header[len(header) - len(cells):]
    for (start, end), column in zip(cells, columns):
        text = line[start:end]
        if column == "time" and not _TIME_CELL.match(text):
            return False
        if column in ("lead", "owner", "co") and not all(
                names_body(part) or names_body(re.sub(r"^[^(（]*[(（]|[)）]$", "", part))  # 村(社区)
                for part in re.split(r"[、,，;；\s]+", text) if part):
            return False
    return "time" in columns or any(c in ("lead", "owner") for c in columns)


def _columns_by_content(line: str, cells: list[tuple[int, int]], header: list[str | None]) -> list[str | None]:
    """Columns of a row whose cell count differs from its header's: a time-like cell is the time
    column, cells naming bodies the owner columns (lead first), the longest other cell the task."""
    from .owner import names_body

    owner_columns = [c for c in ("lead", "owner", "co") if c in header]
    columns: list[str | None] = [None] * len(cells)
    for i, (start, end) in enumerate(cells):
        text = line[start:end]
        if "time" in header and _TIME_CELL.match(text) and "time" not in columns:
            columns[i] = "time"
        elif owner_columns and names_body(re.split(r"[、,，;；]", text)[0]):
            columns[i] = owner_columns.pop(0)
    rest = [i for i, c in enumerate(columns) if c is None]
    if "task" in header and rest:
        longest = max(rest, key=lambda i: cells[i][1] - cells[i][0])
        if cells[longest][1] - cells[longest][0] >= 4:
            columns[longest] = "task"
    return columns


# A web page's table pasted one cell per line: "报送单位 |", "县统计局 |"; more bars after the
# cell ("年后1月10日前 | |", "（一）年报 | |||||") close a row, or make a row spanning the table.
_BAR_CELL = re.compile(r"^[ \t]*(?P<cell>[^|\t\n]*?)[ \t]*\|(?P<more>[ \t|]*)$")
_HEADER_WORD = re.compile(r"^[\u4e00-\u9fff（）()、与和及]{0,10}?(?:号|名|名称|类别|期别|范围|单位|部门|领导|人|日期|"
                          r"时间|时限|期限|内容|事项|任务|工作|措施|目标|要求|标准|情况|安排|进度|备注|形式|方式|依据|序)$")
# A cell repeating the one above it.
_SAME_AS_ABOVE = re.compile(r"^(?:同上|同前|同左上)$")


class _StackedTable:
    """Rows of a table pasted one cell per line, read line by line after a header of such cells."""

    def __init__(self) -> None:
        self.header: list[tuple[int, int, str]] = []  # header cells while they are read
        self.columns: list[str | None] | None = None  # the header, once a row follows it
        self.cells: list[tuple[int, int]] = []  # the row being read
        self.above: dict[str, Cell] = {}  # the last cell of each column, for 同上

    def feed(self, start: int, line: str, text: str, rows: list[Row]) -> bool:
        """Take one line; False when it is no part of the table (which then ends)."""
        bar = _BAR_CELL.match(line)
        if bar is None:
            self.close_row(text, rows)
            self.reset()
            return False
        cell = bar.group("cell")
        span = (start + bar.start("cell"), start + bar.end("cell"))
        closes = "|" in bar.group("more")
        name = re.sub(r"\s+", "", cell)
        if self.columns is None:
            if name and not closes and _HEADER_WORD.match(name):
                self.header.append((*span, name))
                return True
            columns = [next((c for c, pattern in COLUMN_HEADERS.items() if pattern.match(h[2])), None)
                       for h in self.header]
            if len(columns) < 2 or not any(c in ("lead", "owner", "time") for c in columns):
                self.reset()
                return False
            self.columns = columns
        if closes and not self.cells:
            return True  # a row spanning the table: a section's heading
        if name:
            self.cells.append(span)
        if closes or len(self.cells) >= len(self.columns):
            self.close_row(text, rows)
        return True

    def close_row(self, text: str, rows: list[Row]) -> None:
        if self.columns is None or len(self.cells) < 2:
            self.cells = []
            return
        names = self.columns[len(self.columns) - len(self.cells):] if len(self.cells) < len(self.columns) \
            else self.columns[:len(self.cells)]
        cells: list[Cell] = []
        for (s, e), column in zip(self.cells, names):
            cell = Cell(s, e, column)
            if column is not None:
                if _SAME_AS_ABOVE.match(re.sub(r"\s+", "", text[s:e])):
                    above = self.above.get(column)
                    if above is not None:
                        cell.same_as = above.same_as or Span(above.start, above.end)
                self.above[column] = cell
            cells.append(cell)
        rows.append(Row(self.cells[0][0], self.cells[-1][1], cells))
        self.cells = []

    def reset(self) -> None:
        self.header, self.columns, self.cells, self.above = [], None, [], {}


def _is_addressee(line: str) -> bool:
    """"各县（区）人民政府，市级有关部门：" — a list of bodies ending with a colon."""
    from .owner import names_body

    stripped = line.strip()
    if not stripped.endswith((":", "：")) or len(stripped) > 200 or "。" in stripped:
        return False
    parts = [p for p in re.split(r"[,，、;；]", stripped[:-1]) if p.strip()]
    if not parts:
        return False
    bodies = sum(1 for p in parts if names_body(p.strip()))
    return bodies * 2 >= len(parts) and names_body(parts[-1].strip())


def read_structure(text: str) -> Structure:
    """The blocks of `text` (already folded)."""
    st = Structure(text)
    open_items: list[int] = []  # indices of the items still open, outermost first
    header: list[str | None] | None = None
    content_lines = 0
    first: Span | None = None  # the first line with content: the title when it reads like one
    paragraph: int | None = None  # start of the paragraph the next label line closes
    after_label = False
    stacked = _StackedTable()
    for start, end, line in _lines(text):
        if "|" in line and stacked.feed(start, line, text, st.rows):
            continue
        if stacked.header:
            stacked.close_row(text, st.rows)
            stacked.reset()
        stripped = line.strip()
        if not stripped:
            header = None
            continue
        if first is None and _METADATA.match(line):
            continue
        content_lines += 1
        if first is None:
            first = Span(start, end)
        if st.addressee is None and not st.items and content_lines <= 12 and _is_addressee(line):
            lead = len(line) - len(line.lstrip())
            st.addressee = Span(start + lead, start + len(line.rstrip()) - 1)
            continue

        cells = _cells(line)
        if cells is not None:
            columns = _header(line, cells)
            if columns is not None:
                header = columns
                continue
            if header is not None:
                if len(cells) == len(header):
                    columns = header
                elif len(cells) < len(header) and _right_aligned(line, cells, header):
                    columns = header[len(header) - len(cells):]  # cells merged with the rows above
                else:  # empty or merged cells left out: name the columns by what the cells hold
                    columns = _columns_by_content(line, cells, header)
                st.rows.append(Row(start, end, [Cell(start + s, start + e, columns[i])
                                                for i, (s, e) in enumerate(cells)]))
                continue
        elif header is not None and stripped.endswith("|"):
            continue  # a row spanning the table ("一、体系建设 |"): the header still holds
        else:
            header = None

        labels = _label_line(line, start)
        if labels is not None:
            if open_items:
                st.items[open_items[-1]].labels.append(labels)
            else:
                span_start = start if paragraph is None else paragraph
                if after_label and st.loose_labels:
                    # a block of label lines (责任单位：…\n完成时限：…) labels the text before it as one
                    span_start = st.loose_labels[-1][0].start
                    for k in range(len(st.loose_labels) - 1, -1, -1):
                        if st.loose_labels[k][0].start != span_start:
                            break
                        st.loose_labels[k] = (Span(span_start, end), st.loose_labels[k][1])
                st.loose_labels.append((Span(span_start, end), labels))
            after_label = True
            continue

        numbering = _numbering(line)
        if numbering is not None:
            rank, body = numbering
            while open_items and st.items[open_items[-1]].rank >= rank:
                st.items[open_items.pop()].end = start
            head = re.search(r"[。;；:：!！?？]", line[body:])
            head_end = start + body + (head.start() if head else len(line) - body)
            st.items.append(Item(start, len(text), rank, start + body, head_end,
                                 open_items[-1] if open_items else None))
            open_items.append(len(st.items) - 1)
        if numbering is not None or after_label or paragraph is None:
            paragraph = start
        after_label = False

        trailing = _trailing_labels(line, start)
        found = trailing[0] if trailing is not None else _inline_labels(line, start)
        if found is not None:
            labels = found
            if open_items:
                st.items[open_items[-1]].labels.append(labels)
            else:
                st.loose_labels.append((Span(start, end), labels))
    stacked.close_row(text, st.rows)
    if first is not None and content_lines > 1:
        line = text[first.start:first.end].strip().lstrip("#").strip()
        if (len(line) <= 60 and not _HEADING_END.search(line) and not _DIRECTIVE.search(line)
                and not (st.addressee and st.addressee.start < first.end)
                and not any(item.start == first.start for item in st.items)):
            st.title = first
    st._item_starts = [item.start for item in st.items]
    st._row_starts = [row.start for row in st.rows]
    st._labelled = bool(st.loose_labels) or any(item.labels for item in st.items)
    st._timed = (any(row.column("time") for row in st.rows)
                 or any(labels.time for item in st.items for labels in item.labels)
                 or any(labels.time for _, labels in st.loose_labels))
    return st
