"""Numbers as speeches write them: 3, ３ (after folding), 三, 两, 十五, 二十, 一百二十."""

from __future__ import annotations

import re

# A number token: Arabic digits or a run of Chinese numeral characters.
NUM = r"(?:\d{1,4}|[零〇一二两三四五六七八九十百千廿]{1,5})"

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_VALID = re.compile(r"^(?:\d+|[零〇一二两三四五六七八九十百千廿]+)$")


def parse_number(token: str) -> int | None:
    """Parse an Arabic or Chinese numeral; None when it is not one.

    Simple positional numerals are read here; cn2an (a well-kept converter) handles the
    rest, loaded lazily because it costs ~150 ms to import.
    """
    token = token.strip()
    if not token or not _VALID.match(token):
        return None
    if token.isdigit():
        return int(token)
    if token == "廿":
        return 20
    total, current = 0, 0
    simple = True
    for ch in token:
        if ch in _DIGITS:
            current = current * 10 + _DIGITS[ch] if current and ch not in "十百千" else _DIGITS[ch]
        elif ch in _UNITS:
            total += (current or 1) * _UNITS[ch]
            current = 0
        else:
            simple = False
            break
    if simple:
        return total + current
    try:
        import cn2an

        return int(cn2an.cn2an(token, "smart"))
    except (ValueError, KeyError, TypeError):
        return None
