"""Normalise one time expression (the `duban timex` command)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .normalize import fold
from .rules import longest

_EMPTY = {"kind": None, "within": None, "due": None, "every": None, "event": None, "before": False}


def normalise(expression: str, ref: datetime) -> dict[str, Any]:
    """The time the expression holds, as {"kind", "within", "due", "every", "event", "before"}.

    When it holds several, the longest wins (ties: the first). `kind` is None when it holds none.
    """
    best = longest(fold(expression or ""), ref)
    if best is None:
        return dict(_EMPTY)
    out = best.to_json()
    if best.kind == "deadline" and best.within is None and best.due is None:
        out["kind"] = None
    return out
