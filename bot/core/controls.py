"""Control and format characters removed from everything users send, before it is read or stored.

A pasted speech may carry bidirectional overrides (U+202E turns "市人社局" around on screen),
escape sequences, NULs or zero-width characters; none belongs in an owner, an action or a
progress report. Kept: tab and line feed (a carriage return becomes a line feed); a terminal
escape sequence is removed whole.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata

_KEPT = "\t\n\r"
_NEWLINES = re.compile(r"\r\n?")
# A terminal escape sequence goes whole (ESC [ 31 m), not just its ESC.
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")


@functools.cache
def _controls() -> re.Pattern[str]:
    """Every code point of category Cc (controls) or Cf (format: bidi controls, zero-width, BOM …)."""
    found = (chr(cp) for cp in range(sys.maxunicode + 1) if unicodedata.category(chr(cp)) in ("Cc", "Cf"))
    return re.compile("[" + "".join(re.escape(ch) for ch in found if ch not in _KEPT) + "]")


def strip_controls(text: str | None) -> str:
    if not text:
        return ""
    return _controls().sub("", _ESCAPES.sub("", _NEWLINES.sub("\n", text)))
