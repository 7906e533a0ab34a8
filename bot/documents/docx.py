"""The text of a .docx, read as a stream: the body XML is inflated chunk by chunk and parsed by
expat (no tree is built), so a small archive that inflates to hundreds of megabytes of tiny
elements is refused after a bounded amount of work and memory.

    text = docx_text(data, max_chars=2_000_000)

Paragraphs become lines; each table row becomes one line with its cells separated by a tab
(a cell spanning several columns appears once, a vertically merged cell repeats the text of
its first row); text in content controls (w:sdt), insertions and hyperlinks is read, deleted
text, field codes and drawings (text boxes) are not.
"""

from __future__ import annotations

import io
import logging
import xml.parsers.expat
import zipfile
from dataclasses import dataclass, field
from typing import Final

from bot import messages

logger = logging.getLogger(__name__)

MB: Final = 1024 * 1024
MAX_XML_BYTES: Final = 128 * MB  # inflated word/document.xml
MAX_ELEMENTS: Final = 4_000_000  # about a second of parsing; a long formatted speech has far fewer
CHUNK: Final = 64 * 1024

_W = ("http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main")
# Subtrees whose text is not part of the running text (python-docx skips them too).
_SKIPPED: Final = frozenset({"drawing", "pict", "object", "delText", "instrText", "moveFrom", "del", "txbxContent",
                             "AlternateContent", "footnoteReference", "endnoteReference"})
_RUN_TEXT: Final = {"tab": "\t", "ptab": "\t", "cr": "\n", "noBreakHyphen": "-"}


class DocxError(Exception):
    """Raised with a DocumentError code and message; bot.documents.reader turns it into a DocumentError."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def corrupt() -> DocxError:
    return DocxError("corrupt_docx", messages.DOC_CORRUPT_DOCX)


@dataclass
class _Cell:
    column: int
    span: int = 1
    continued: bool = False  # w:vMerge without val="restart": the cell above continues here
    paragraphs: list[str] = field(default_factory=list)
    nested: list[str] = field(default_factory=list)


@dataclass
class _Table:
    lines: list[str] = field(default_factory=list)
    cells: list[str] = field(default_factory=list)  # the current row's non-empty cell texts
    above: dict[int, str] = field(default_factory=dict)  # column → text of the last cell that started there
    column: int = 0
    cell: _Cell | None = None


class _Reader:
    def __init__(self, max_chars: int | None) -> None:
        self.max_chars = max_chars
        self.chars = 0
        self.elements = 0
        self.lines: list[str] = []
        self.skip = 0  # depth inside a skipped subtree
        self.paragraph: list[str] | None = None
        self.paragraph_depth = 0  # nested w:p (should not happen outside skipped parts) joins the outer one
        self.in_text = False
        self.tables: list[_Table] = []
        self.parents: list[str] = []

    # ---------------------------------------------------------------- expat callbacks
    def start(self, name: str, attrs: dict[str, str]) -> None:
        self.elements += 1
        if self.elements > MAX_ELEMENTS:
            raise DocxError("too_complex", messages.DOC_TOO_COMPLEX_DOCX)
        uri, _, local = name.rpartition(" ")
        parent = self.parents[-1] if self.parents else ""
        self.parents.append(local)
        if self.skip:
            self.skip += 1
            return
        if local in _SKIPPED and (uri in _W or local == "AlternateContent"):
            self.skip = 1
            return
        if uri not in _W:
            return
        if local == "p":
            self.paragraph_depth += 1
            if self.paragraph is None:
                self.paragraph = []
        elif local == "t" and parent == "r":
            self.in_text = True
        elif self.paragraph is not None and parent == "r" and local in _RUN_TEXT:
            self._add(_RUN_TEXT[local])
        elif self.paragraph is not None and parent == "r" and local == "br":
            if _attr(attrs, "type") in (None, "textWrapping"):
                self._add("\n")
        elif local == "tbl":
            self.tables.append(_Table())
        elif local == "tr" and self.tables:
            table = self.tables[-1]
            table.cells, table.column = [], 0
        elif local == "gridBefore" and parent == "trPr" and self.tables:
            self.tables[-1].column += _int(_attr(attrs, "val"), 0)
        elif local == "tc" and self.tables:
            table = self.tables[-1]
            table.cell = _Cell(column=table.column)
        elif local == "gridSpan" and parent == "tcPr" and self.tables and self.tables[-1].cell:
            self.tables[-1].cell.span = max(1, _int(_attr(attrs, "val"), 1))
        elif local == "vMerge" and parent == "tcPr" and self.tables and self.tables[-1].cell:
            self.tables[-1].cell.continued = _attr(attrs, "val") in (None, "continue")

    def end(self, name: str) -> None:
        local = self.parents.pop().rpartition(" ")[2] if self.parents else ""
        if self.skip:
            self.skip -= 1
            return
        uri = name.rpartition(" ")[0]
        if uri not in _W:
            return
        if local == "t":
            self.in_text = False
        elif local == "p" and self.paragraph is not None:
            self.paragraph_depth -= 1
            if self.paragraph_depth == 0:
                text, self.paragraph = "".join(self.paragraph), None
                cell = self.tables[-1].cell if self.tables else None
                (cell.paragraphs if cell is not None else self.lines).append(text)
        elif local == "tc" and self.tables and self.tables[-1].cell is not None:
            self._end_cell(self.tables[-1])
        elif local == "tr" and self.tables:
            table = self.tables[-1]
            if table.cells:
                table.lines.append("\t".join(table.cells))
        elif local == "tbl" and self.tables:
            lines = self.tables.pop().lines
            cell = self.tables[-1].cell if self.tables else None
            (cell.nested if cell is not None else self.lines).extend(lines)

    def data(self, text: str) -> None:
        if self.in_text and not self.skip and self.paragraph is not None:
            self._add(text)

    # ---------------------------------------------------------------- helpers
    def _add(self, text: str) -> None:
        self.chars += len(text)
        if self.max_chars is not None and self.chars > self.max_chars:
            raise DocxError("too_much_text", messages.DOC_TOO_MUCH_TEXT.format(limit=self.max_chars))
        assert self.paragraph is not None  # text is only read inside a paragraph
        self.paragraph.append(text)

    def _end_cell(self, table: _Table) -> None:
        cell, table.cell = table.cell, None
        if cell is None:  # </w:tc> without <w:tc>: nothing to close
            return
        if cell.continued:
            text = table.above.get(cell.column, "")
        else:
            text = "\n".join(cell.paragraphs).strip()
            if cell.nested:
                text = "\n".join([text, *cell.nested]).strip()
            for column in range(cell.column, cell.column + cell.span):
                table.above[column] = text
        self.chars += len(text) if cell.continued else 0
        if self.max_chars is not None and self.chars > self.max_chars:
            raise DocxError("too_much_text", messages.DOC_TOO_MUCH_TEXT.format(limit=self.max_chars))
        if text:
            table.cells.append(text)
        table.column = cell.column + cell.span


def _attr(attrs: dict[str, str], local: str) -> str | None:
    for key, value in attrs.items():
        if key.rpartition(" ")[2] == local:
            return value
    return None


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _refuse_declarations(*_args) -> None:
    raise corrupt()  # a .docx never carries a DTD or entity declarations


def docx_text(data: bytes, *, max_chars: int | None = None) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise corrupt() from exc
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise corrupt()
    info = archive.getinfo("word/document.xml")
    if info.file_size > MAX_XML_BYTES:
        raise DocxError("too_complex", messages.DOC_TOO_COMPLEX_DOCX)
    reader = _Reader(max_chars)
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.data
    parser.StartDoctypeDeclHandler = _refuse_declarations
    parser.EntityDeclHandler = _refuse_declarations
    parser.buffer_text = True
    inflated = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                inflated += len(chunk)
                if inflated > MAX_XML_BYTES:  # zipfile stops at the declared size; this is the backstop
                    raise DocxError("too_complex", messages.DOC_TOO_COMPLEX_DOCX)
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except DocxError:
        raise
    except (xml.parsers.expat.ExpatError, zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:
        logger.info("unreadable docx: %r", exc)
        raise corrupt() from exc
    return "\n".join(reader.lines).strip("\n")
