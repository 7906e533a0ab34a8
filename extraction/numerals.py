"""Numbers as speeches write them: 3, ３ (after folding), 三, 两, 十五, 二十, 一百二十, 1.5, 两千零九."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache

from . import lazy_re as re

_CN = "零〇一二两三四五六七八九十百千廿卅"
# A number token: Arabic digits or a run of Chinese numeral characters, never starting inside
# a longer number (the 5 of 0.5, the 五 of 十五) — a match there would read a different value.
NUM = rf"(?:(?<![\d.])\d{{1,4}}|(?<![{_CN}])[{_CN}]{{1,5}})"
# The same, with an optional decimal part (1.5小时, 0.5个工作日).
DECIMAL = rf"(?:(?<![\d.])\d{{1,4}}(?:\.\d{{1,2}})?(?![\d.])|(?<![{_CN}])[{_CN}]{{1,5}})"

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_VALID = re.compile(rf"^(?:\d+|[{_CN}]+)$")


@lru_cache(maxsize=4096)  # a speech writes the same few numbers again and again
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
    if token[0] in "廿卅":  # 廿五 = 25, 卅一 = 31
        token = ("二十" if token[0] == "廿" else "三十") + token[1:]
    if len(token) == 2 and all(ch in _DIGITS and ch not in "零〇" for ch in token):
        return max(_DIGITS[token[0]], _DIGITS[token[1]])  # 两三天, 三五天, 一两次: about, the larger
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


@lru_cache(maxsize=4096)
def parse_decimal(token: str) -> Fraction | None:
    """1.5 → 3/2, 三 → 3; None when it is not a number."""
    if "." in token:
        whole, _, frac = token.partition(".")
        if not whole.isdigit() or not frac.isdigit():
            return None
        return Fraction(int(whole)) + Fraction(int(frac), 10 ** len(frac))
    n = parse_number(token)
    return None if n is None else Fraction(n)


# Years as written: 2027, 二〇二七, 两千零九, and two-digit 22 / 八六 (read in 1950–2049).
_YEAR_DIGITS = "〇零一二三四五六七八九"
YEAR_NUM = (
    rf"(?:(?<!\d)\d{{4}}(?!\d)|(?<![{_CN}])[{_YEAR_DIGITS}]{{4}}"
    r"|(?<![零〇一二两三四五六七八九十百千])[两二]千零?[一二三四五六七八九十]{1,3}|[两二]千"
    # two digits only where a month or a part of the year follows: 22年底, 09年3月 (not 10年内)
    r"|(?<![\d.])\d{2}(?=年(?:[底末初中]|\d{1,2}月|[一二三四五六七八九十元正]{1,3}月))"
    rf"|(?<![{_CN}])[{_YEAR_DIGITS}]{{2}}(?=年(?!代)))"
)
# "三四年", "一二年", "三五年" are counts (three or four years), not years.
_COUNT_PAIRS = {"一二", "二三", "三四", "四五", "五六", "六七", "七八", "八九", "三五", "十一"}


def parse_year(token: str) -> int | None:
    """The year a year numeral names; None when it is not one (a count such as 三四)."""
    if token in _COUNT_PAIRS:
        return None
    if len(token) == 2 and (token.isdigit() or all(ch in _YEAR_DIGITS for ch in token)):
        n = int(token) if token.isdigit() else _DIGITS[token[0]] * 10 + _DIGITS[token[1]]
        return 2000 + n if n < 50 else 1900 + n
    if len(token) == 4 and all(ch in _YEAR_DIGITS for ch in token):
        return int("".join(str(_DIGITS[ch]) for ch in token))
    return parse_number(token)
