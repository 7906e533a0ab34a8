"""Turn an uploaded or forwarded document (or pasted bytes) into speech text.

Pure functions on ``bytes`` + file name; nothing here knows about Telegram.

    text = extract_text(data, "讲话.docx", max_bytes=20 * 1024 * 1024, max_chars=2_000_000)

Every failure raises :class:`DocumentError`, whose ``message`` is a Simplified Chinese text
for the user (from :mod:`bot.messages`) and whose ``code`` is a stable machine code.

These functions trust their input to be reasonable; the bot runs them in a child process with
memory and time limits (bot.documents.worker), so a hostile file costs that child only.
"""

from __future__ import annotations

import codecs
import functools
import io
import logging
import unicodedata
from typing import Final

from bot import messages

# bot.documents.docx (zipfile, XML) is imported when a .docx is read, not for a .txt.

logger = logging.getLogger(__name__)

MB: Final = 1024 * 1024
DEFAULT_MAX_BYTES: Final = 20 * MB
DECODE_CHUNK: Final = 256 * 1024
# Chinese legacy encodings a .txt may come in; which one is decided on a sample of this size.
DETECT_SAMPLE: Final = 256 * 1024
SCORE_CHARS: Final = 20_000
MIN_PLAUSIBLE: Final = 0.5  # share of common characters below which decoded "text" is taken for garbage
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
    ``pdf_no_text``, ``corrupt_pdf``, ``too_much_text`` (more characters than allowed),
    ``too_complex`` (the parser ran out of its memory or element budget), ``timeout``.
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
    data: bytes, filename: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int | None = None,
) -> str:
    """Return the text of a ``.txt``, ``.docx`` or ``.pdf`` document.

    ``filename`` picks the parser by extension (``None`` or no extension: sniff, else text).
    The size limit is checked before any parsing; reading stops as soon as the text grows
    past ``max_chars`` characters (``too_much_text``).
    """
    data = bytes(data)
    check_size(len(data), max_bytes)
    if not data:
        raise DocumentError("empty", messages.DOC_EMPTY)
    kind = file_kind(data, filename)
    if kind == "docx":
        text = docx_text(data, max_chars=max_chars)
    elif kind == "pdf":
        text = pdf_text(data, max_chars=max_chars)
    else:
        text = decode_text(data, max_chars=max_chars)
    if not text.strip():
        code, message = ("pdf_no_text", messages.DOC_PDF_NO_TEXT) if kind == "pdf" else (
            "no_text",
            messages.DOC_NO_TEXT,
        )
        raise DocumentError(code, message)
    return text


# --------------------------------------------------------------------------- plain text
def too_much_text(max_chars: int) -> DocumentError:
    return DocumentError("too_much_text", messages.DOC_TOO_MUCH_TEXT.format(limit=max_chars))


def decode_text(data: bytes, *, max_chars: int | None = None) -> str:
    """Decode a plain-text file: UTF-8 (with or without BOM), UTF-16 with a BOM (as Windows
    Notepad writes it), else GB18030 or Big5 as a detector (charset-normalizer, checked
    against how plausible the decoded characters are) decides. Binary content and text that
    reads as garbage in every candidate encoding are refused."""
    if not data:
        raise DocumentError("empty", messages.DOC_EMPTY)
    if data.startswith(_UTF16_BOMS):
        text = _decode(data, "utf-16", max_chars)
    elif b"\x00" in data:
        raise DocumentError("binary", messages.DOC_BINARY)
    elif data.startswith(_UTF8_BOM):
        text = _decode(data, "utf-8-sig", max_chars)
    else:
        try:
            text = _decode(data, "utf-8", max_chars)
        except DocumentError as exc:
            if exc.code != "undecodable":
                raise
            text = _decode(data, chinese_encoding(data), max_chars)
    _reject_binary_text(text)
    return text


def _decode(data: bytes, encoding: str, max_chars: int | None) -> str:
    """Decode in chunks, stopping as soon as the text is longer than ``max_chars``."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    parts: list[str] = []
    count = 0
    try:
        for start in range(0, len(data), DECODE_CHUNK):
            part = decoder.decode(data[start:start + DECODE_CHUNK], final=start + DECODE_CHUNK >= len(data))
            count += len(part)
            if max_chars is not None and count > max_chars:
                raise too_much_text(max_chars)
            parts.append(part)
    except UnicodeDecodeError:
        raise DocumentError("undecodable", messages.DOC_UNDECODABLE) from None
    return "".join(parts)


_CANDIDATES: Final = ("gb18030", "cp950", "big5hkscs")
_DETECTOR_NAMES: Final = {"gb18030": "gb18030", "gb2312": "gb18030", "gbk": "gb18030", "big5": "cp950",
                          "cp950": "cp950", "big5hkscs": "big5hkscs"}


def chinese_encoding(data: bytes) -> str:
    """GB18030 or Big5 (cp950, else big5hkscs) for bytes that are not UTF-8.

    Nearly every Big5 byte sequence is also valid GB18030 (as garbage), and short GB18030
    texts are often valid Big5, so a strict decode alone cannot tell them apart: the
    charset-normalizer detector decides between the candidates that decode, and its choice is
    kept unless the other candidate reads as clearly more ordinary Chinese (the share of
    common characters, see ``plausibility``). Raises ``undecodable`` when nothing reads as
    Chinese text."""
    sample = data
    if len(data) > DETECT_SAMPLE:
        cut = data.rfind(b"\n", 0, DETECT_SAMPLE)  # never inside a multi-byte character
        sample = data[: cut + 1] if cut > 0 else data[:DETECT_SAMPLE]
    decoded: dict[str, str] = {}
    for encoding in _CANDIDATES:
        try:
            decoded[encoding] = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
    if "cp950" in decoded:
        decoded.pop("big5hkscs", None)  # the same reading, less common
    scores = {encoding: plausibility(text) for encoding, text in decoded.items()}
    if not scores or max(scores.values()) < MIN_PLAUSIBLE:
        raise DocumentError("undecodable", messages.DOC_UNDECODABLE)
    choice = max(scores, key=lambda encoding: scores[encoding])
    if len(scores) > 1:
        import charset_normalizer

        best = charset_normalizer.from_bytes(sample, cp_isolation=list(scores)).best()
        detected = _DETECTOR_NAMES.get(best.encoding) if best is not None else None
        if detected in scores and scores[detected] >= scores[choice] - 0.15:
            choice = detected
    return choice


_PUNCTUATION: Final = frozenset("，。、；：？！“”‘’（）《》【】—…·〔〕〈〉「」『』")


@functools.lru_cache(maxsize=65536)
def _common(ch: str) -> bool:
    """A character ordinary Chinese text is made of: a frequent simplified (GB2312 level 1) or
    traditional (Big5 常用字) hanzi, CJK punctuation or a full-width form."""
    if ch in _PUNCTUATION or "\uff01" <= ch <= "\uff5e" or ch == "\u3000":
        return True
    try:
        gb = ch.encode("gb2312")
        if len(gb) == 2 and 0xB0 <= gb[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        big5 = ch.encode("big5")
        return len(big5) == 2 and 0xA440 <= (big5[0] << 8 | big5[1]) <= 0xC67E
    except UnicodeEncodeError:
        return False


def plausibility(text: str) -> float:
    """Share of the non-ASCII characters (of the first few thousand) that are common Chinese."""
    wide = [ch for ch in text[:SCORE_CHARS] if ord(ch) > 0x7F and not ch.isspace()]
    if not wide:
        return 1.0
    return sum(map(_common, wide)) / len(wide)


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
def docx_text(data: bytes, *, max_chars: int | None = None) -> str:
    """Paragraphs and tables of the document body, in order (see bot.documents.docx)."""
    from bot.documents import docx as docx_reader

    try:
        return docx_reader.docx_text(data, max_chars=max_chars)
    except docx_reader.DocxError as exc:
        raise DocumentError(exc.code, exc.message) from None


# --------------------------------------------------------------------------- pdf
def pdf_text(data: bytes, *, max_chars: int | None = None) -> str:
    """Text of every page, pages separated by a blank line, read page by page until the text
    is longer than ``max_chars``.  Encrypted PDFs (other than ones openable with an empty
    password) and image-only PDFs are rejected."""
    pages: list[str] = []
    count = 0
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
        for page in reader.pages:
            text = (page.extract_text() or "").strip("\n")
            count += len(text) + 2
            if max_chars is not None and count > max_chars:
                raise too_much_text(max_chars)
            pages.append(text)
    except (DocumentError, MemoryError):
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
