"""The standard library's `re`, with patterns compiled on first use.

A module reads it as `re` (`from . import lazy_re as re`) and declares its patterns as before:
`re.compile(…)` returns a pattern that is compiled the first time it is used, not at import. A
cold `duban extract` or `duban timex` then compiles only the patterns its text reaches (a rule
whose anchor is not in the text is never compiled), not the hundreds the modules declare.

The first attribute looked up on such a pattern compiles it and binds the compiled pattern's
methods onto the object itself, so every later call is the compiled pattern's own method, with
nothing in between. Everything else is the standard library's `re`.
"""

from __future__ import annotations

import re as _re
from re import (
    IGNORECASE as IGNORECASE,
)
from re import (
    MULTILINE as MULTILINE,
)
from re import (
    VERBOSE as VERBOSE,
)
from re import (
    Match as Match,
)
from re import (
    Pattern as Pattern,
)
from re import (
    error as error,
)
from re import (
    escape as escape,
)
from re import (
    finditer as finditer,
)
from re import (
    fullmatch as fullmatch,
)
from re import (
    match as match,
)
from re import (
    search as search,
)
from re import (
    split as split,
)
from re import (
    sub as sub,
)
from typing import Any, cast

__all__ = ["IGNORECASE", "MULTILINE", "VERBOSE", "Match", "Pattern", "compile", "error", "escape", "finditer",
           "fullmatch", "match", "search", "split", "sub"]

# What a compiled pattern offers; each is bound onto the lazy pattern when it is compiled.
_BOUND = ("search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner", "groups",
          "groupindex")


class _PatternText:
    """A pattern's text and flags, equal and hashed as the compiled pattern would be. Once compiled,
    the compiled pattern's methods and attributes are bound on the object itself, and its class is
    this one: without __getattr__, so an attribute is looked up as on any plain object."""

    pattern: str
    flags: int

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _PatternText | _re.Pattern):
            return (self.pattern, self.flags) == (other.pattern, other.flags)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.pattern, self.flags))

    def __repr__(self) -> str:
        return f"lazy_re.compile({self.pattern!r})"


class LazyPattern(_PatternText):
    """A pattern compiled on first use; then its methods and attributes are the compiled one's.

    `pattern` and `flags` are known without compiling (an analysis of the pattern's text, such as
    the scanner's, does not compile it).
    """

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        # As the compiled pattern's: a text pattern is Unicode unless told ASCII.
        self.flags = flags if flags & _re.ASCII else flags | _re.UNICODE
        if pattern[:2] == "(?" and pattern[2:3] in "aiLmsux":  # flags inside the text: compile now
            self.flags = _re.compile(pattern, flags).flags

    def __getattr__(self, name: str) -> Any:
        # Called only for an attribute the object lacks: the first use of a compiled pattern's one.
        if name not in _BOUND:
            raise AttributeError(name)
        compiled = _re.compile(self.pattern, self.flags)
        for bound in _BOUND:
            setattr(self, bound, getattr(compiled, bound))
        self.__class__ = _PatternText  # type: ignore[assignment]
        return getattr(compiled, name)


def compile(pattern: str, flags: int = 0) -> Pattern[str]:  # noqa: A001 - stands in for re.compile
    """`re.compile(pattern, flags)`, compiled when first used."""
    return cast(Pattern[str], LazyPattern(pattern, flags))
