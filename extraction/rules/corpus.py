"""Shared shape of the rule corpora (Duckling's Corpus.hs, in Python).

Every family's corpus module defines, at the fixed reference time `REF` (Monday 2026-11-23):
- READS: (phrase, expected) pairs for `normalise(phrase, REF)`; `expected` holds the keys to
  check, with `within` as (n, unit) and `every` as a dict of the keys that must match;
- NOT_OBLIGATIONS: phrases in which `extract()` must find no obligation;
- OBLIGATIONS (optional): (sentence, [expected, …]) for `extract()`, one expected dict per
  obligation in order, checking kind, time box, and `owner` / `action` / `event` when given.
"""

from datetime import datetime

REF = datetime(2026, 11, 23, 9, 0)
