"""Rule families that read time expressions, Duckling style.

Each family module (`relative`, `absolute`, `holiday`, `clock`, `recurring`, `event`, `duration`)
exports RULES,
a list of `Rule`s; its corpus (`*_corpus.py` beside it) lists the phrases the family must read,
with their expected value at the fixed reference date, and the phrases it must not read.
"""

from __future__ import annotations

from .base import Context, Rule, longest, scan

__all__ = ["Context", "Rule", "longest", "scan"]
