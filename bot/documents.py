"""Turn an uploaded or forwarded document (or pasted bytes) into speech text.

Pure functions on ``bytes`` + file name; nothing here knows about Telegram.

    text = extract_text(data, "讲话.docx", max_bytes=20 * 1024 * 1024)

Every failure raises :class:`DocumentError`, whose ``message`` is a Simplified Chinese text
for the user (from :mod:`bot.messages`) and whose ``code`` is a stable machine code.
"""

from __future__ import annotations

import io
import logging
import unicodedata
import zipfile
from typing import Any, Final

from bot import messages

logger = logging.getLogger(__name__)

MB: Final = 1024 * 1024
DEFAULT_MAX_BYTES: Final = 20 * MB
# A .docx is a zip: refuse archives that inflate to more than this (zip bombs).
MAX_DOCX_UNCOMPRESSED: Final = 200 * MB
# Share of control characters above which decoded "text" is treated as binary.
MAX_CONTROL_RATIO: Final = 0.05

TEXT_EXTENSIONS: Final = frozenset({".txt", ".text", ".md", ""})
DOCX_EXTENSIONS: Final = frozenset({".docx"})
PDF_EXTENSIONS: Final = frozenset({".pdf"})
LEGACY_WORD_EXTENSIONS: Final = frozenset({".doc", ".wps", ".rtf", ".docm", ".dot", ".dotx"})

_UTF8_BOM: Final = b"\xef\xbb\xbf"
_UTF16_BOMS: Final = (b"\xff\xfe", b"\xfe\xff")
_ALLOWED_CONTROLS: Final = frozenset("\t\n\r\f\v")


class DocumentError(Exception):
    """A document could not be turned into text.

    ``code`` is one of: ``empty``, ``no_text``, ``too_large``, ``unsupported``,
    ``legacy_word``, ``undecodable``, ``binary``, ``corrupt_docx``, ``pdf_encrypted``,
    ``pdf_no_text``, ``corrupt_pdf``.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __repr__(self) -> str:
        return f"DocumentError(code={self.code!r}, message={self.message!r})"


def check_size(size: int | None, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
    """Raise ``too_large`` if ``size`` exceeds ``max_bytes``; call it with Telegram's
    advertised ``file_size`` before downloading, too."""
    if size is not None and size > max_bytes:
        raise DocumentError(
            "too_large",
            messages.DOC_TOO_LARGE.format(size_mb=size / MB, limit_mb=max_bytes / MB),
        )


def file_kind(data: bytes, filename: str | None) -> str:
    """Classify as ``text``, ``docx`` or ``pdf`` from the extension, sniffing the content
    when the name has no extension.  Raises ``unsupported`` / ``legacy_word``."""
    ext = _extension(filename)
    if ext in DOCX_EXTENSIONS:
        return "docx"
    if ext in PDF_EXTENSIONS:
        return "pdf"
    if ext in LEGACY_WORD_EXTENSIONS:
        raise DocumentError("legacy_word", messages.DOC_LEGACY_WORD)
    if ext in TEXT_EXTENSIONS:
        if ext == "":
            if data.startswith(b"%PDF-"):
                return "pdf"
            if data.startswith(b"PK\x03\x04"):
                return "docx"
        return "text"
    raise DocumentError("unsupported", messages.DOC_UNSUPPORTED.format(ext=ext))


def extract_text(
    data: bytes, filename: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> str:
    """Return the text of a ``.txt``, ``.docx`` or ``.pdf`` document.

    ``filename`` picks the parser by extension (``None`` or no extension: sniff, else text).
    The size limit is checked before any parsing.
    """
    data = bytes(data)
    check_size(len(data), max_bytes)
    if not data:
        raise DocumentError("empty", messages.DOC_EMPTY)
    kind = file_kind(data, filename)
    if kind == "docx":
        text = docx_text(data)
    elif kind == "pdf":
        text = pdf_text(data)
    else:
        text = decode_text(data)
    if not text.strip():
        code, message = ("pdf_no_text", messages.DOC_PDF_NO_TEXT) if kind == "pdf" else (
            "no_text",
            messages.DOC_NO_TEXT,
        )
        raise DocumentError(code, message)
    return text


# --------------------------------------------------------------------------- plain text
def decode_text(data: bytes) -> str:
    """Decode a plain-text file: UTF-8, UTF-8 with BOM, then GB18030 (UTF-16 only with a
    BOM, as Windows Notepad writes it).  Binary content is rejected."""
    if not data:
        raise DocumentError("empty", messages.DOC_EMPTY)
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise DocumentError("undecodable", messages.DOC_UNDECODABLE) from None
        _reject_binary_text(text)
        return text
    if b"\x00" in data:
        raise DocumentError("binary", messages.DOC_BINARY)
    for encoding in ("utf-8", "utf-8-sig", "gb18030"):
        if encoding == "utf-8" and data.startswith(_UTF8_BOM):
            continue  # plain utf-8 would keep the BOM as U+FEFF
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        _reject_binary_text(text)
        return text
    raise DocumentError("undecodable", messages.DOC_UNDECODABLE)


def _reject_binary_text(text: str) -> None:
    if "\x00" in text:
        raise DocumentError("binary", messages.DOC_BINARY)
    if not text:
        return
    controls = sum(
        1 for ch in text if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc"
    )
    if controls / len(text) > MAX_CONTROL_RATIO:
        raise DocumentError("binary", messages.DOC_BINARY)


# --------------------------------------------------------------------------- docx
def docx_text(data: bytes) -> str:
    """Paragraphs and tables of the document body, in order.  Each table row becomes one
    line with its cells separated by a tab (merged cells appear once)."""
    _check_docx_archive(data)
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        lines = _block_lines(document.element.body, document._body)  # noqa: SLF001
    except DocumentError:
        raise
    except Exception as exc:  # python-docx raises many types on malformed input
        logger.info("unreadable docx: %r", exc)
        raise DocumentError("corrupt_docx", messages.DOC_CORRUPT_DOCX) from exc
    return "\n".join(lines).strip("\n")


def _check_docx_archive(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            inflated = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise DocumentError("corrupt_docx", messages.DOC_CORRUPT_DOCX) from exc
    if "word/document.xml" not in names or "[Content_Types].xml" not in names:
        raise DocumentError("corrupt_docx", messages.DOC_CORRUPT_DOCX)
    if inflated > MAX_DOCX_UNCOMPRESSED:
        raise DocumentError(
            "too_large",
            messages.DOC_TOO_LARGE.format(
                size_mb=inflated / MB, limit_mb=MAX_DOCX_UNCOMPRESSED / MB
            ),
        )


def _block_lines(container: Any, parent: Any) -> list[str]:
    """Lines of paragraphs and tables under ``container`` in document order, descending
    into content controls (``w:sdt``), which python-docx's own iteration skips."""
    from docx.oxml.ns import qn
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            lines.append(Paragraph(child, parent).text)
        elif child.tag == qn("w:tbl"):
            lines.extend(_table_lines(Table(child, parent)))
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                lines.extend(_block_lines(content, parent))
    return lines


def _table_lines(table: object) -> list[str]:
    from docx.table import Table

    assert isinstance(table, Table)
    lines: list[str] = []
    for row in table.rows:
        seen: set[int] = set()
        cells: list[str] = []
        for cell in row.cells:
            key = id(cell._tc)  # noqa: SLF001 - merged cells share one <w:tc>
            if key in seen:
                continue
            seen.add(key)
            nested = [line for t in cell.tables for line in _table_lines(t)]
            text = "\n".join(p.text for p in cell.paragraphs).strip()
            if nested:
                text = "\n".join([text, *nested]).strip()
            if text:
                cells.append(text)
        if cells:
            lines.append("\t".join(cells))
    return lines


# --------------------------------------------------------------------------- pdf
def pdf_text(data: bytes) -> str:
    """Text of every page, pages separated by a blank line.  Encrypted PDFs (other than
    ones openable with an empty password) and image-only PDFs are rejected."""
    try:
        from pypdf import PdfReader

        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # missing crypto backend, unsupported algorithm
                raise DocumentError("pdf_encrypted", messages.DOC_PDF_ENCRYPTED) from exc
            if not opened:
                raise DocumentError("pdf_encrypted", messages.DOC_PDF_ENCRYPTED)
        pages = [(page.extract_text() or "").strip("\n") for page in reader.pages]
    except DocumentError:
        raise
    except Exception as exc:  # pypdf raises many types on malformed input
        logger.info("unreadable pdf: %r", exc)
        raise DocumentError("corrupt_pdf", messages.DOC_CORRUPT_PDF) from exc
    text = "\n\n".join(p for p in pages if p.strip())
    if not text.strip():
        raise DocumentError("pdf_no_text", messages.DOC_PDF_NO_TEXT)
    return text


def _extension(filename: str | None) -> str:
    if not filename:
        return ""
    name = filename.strip().rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    if "." not in name.lstrip("."):
        return ""
    return "." + name.rsplit(".", 1)[1].lower()
