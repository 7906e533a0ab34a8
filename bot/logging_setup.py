"""Logging configuration with secret redaction.

The bot token is part of every Bot API URL (``.../bot<TOKEN>/getUpdates``), and httpx logs
request URLs at INFO — file downloads with the token percent-encoded
(``/file/bot123%3AAbc…/documents/…``).  :class:`RedactingFilter` is attached to the *handlers*
(a filter on the root logger would not see records propagated from child loggers such as
``httpx``), so every record that reaches an output is scrubbed at every level, including
exception tracebacks; secrets are removed raw, percent-encoded and double-encoded.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO
from urllib.parse import quote

if TYPE_CHECKING:
    from bot.settings import Settings

REDACTED = "[REDACTED]"
# ":" as written, percent-encoded, or percent-encoded twice.
_COLON = r"(?::|%3[Aa]|%253[Aa])"
# "bot<digits>:<secret>" as in Bot API URLs, and bare tokens of Telegram's real shape.
_BOT_URL_TOKEN = re.compile(r"bot(\d+)" + _COLON + r"[A-Za-z0-9_-]+")
_BARE_TOKEN = re.compile(r"\b(\d{5,})" + _COLON + r"[A-Za-z0-9_-]{30,}")
_HANDLER_MARK = "_duban_handler"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def encoded_forms(secret: str) -> set[str]:
    """The secret as written, percent-encoded (as in a URL path) and percent-encoded twice."""
    once = quote(secret, safe="")
    return {secret, once, quote(once, safe=""), quote(secret)}


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    text = _BOT_URL_TOKEN.sub(lambda m: f"bot{m.group(1)}:{REDACTED}", text)
    text = _BARE_TOKEN.sub(lambda m: f"{m.group(1)}:{REDACTED}", text)
    forms = {form for s in secrets if s for form in encoded_forms(s)}
    for secret in sorted(forms, key=len, reverse=True):
        text = text.replace(secret, REDACTED)
    return text


class RedactingFilter(logging.Filter):
    """Rewrites each record's message (and traceback text) with secrets removed."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]
        self._formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep the raw template
            message = str(record.msg)
        record.msg = redact(message, self.secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text, self.secrets)
            # The traceback is now carried only as redacted text.
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info, self.secrets)
        return True


def configure_logging(settings: Settings, stream: TextIO | None = None) -> logging.Handler:
    """Install one redacting stream handler on the root logger (idempotent).

    Also adds the filter to any other handler already on the root logger.  httpx and
    httpcore are kept at WARNING unless the level is DEBUG.
    """
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, _HANDLER_MARK, False)]:
        root.removeHandler(old)
    redactor = RedactingFilter(settings.secrets())
    handler = logging.StreamHandler(stream or sys.stderr)
    setattr(handler, _HANDLER_MARK, True)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    handler.addFilter(redactor)
    for other in root.handlers:
        for existing in [f for f in other.filters if isinstance(f, RedactingFilter)]:
            other.removeFilter(existing)
        other.addFilter(redactor)
    root.addHandler(handler)
    level = getattr(logging, settings.log_level, logging.INFO)
    root.setLevel(level)
    noisy = logging.DEBUG if level <= logging.DEBUG else logging.WARNING
    for name in ("httpx", "httpcore", "matplotlib", "PIL"):
        logging.getLogger(name).setLevel(noisy)
    return handler
