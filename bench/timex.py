"""Figures for reading time expressions: µs per `duban timex` expression, scan time per MB of
pathological input, and a thousand-working-day limit counted many times.

    .venv/bin/python bench/timex.py
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extraction import normalise  # noqa: E402
from extraction.normalize import fold  # noqa: E402
from extraction.rules import scan  # noqa: E402
from extraction.workdays import add_workdays  # noqa: E402

REF = datetime(2026, 11, 23, 9)
EXPRESSIONS = ["3个工作日内", "每月10日前", "下周三", "春节前", "上周三", "2026.12.20", "下午3点", "三月十八",
               "前三季度", "未来3天", "一千个工作日内", "国庆节后", "每天上午8点前、下午5点前各报1次",
               "接到交办件的7个工作日内", "明年1月上旬", "两千零九年", "半个月通报一次", "1.5小时内"]


def per_expression() -> float:
    for text in EXPRESSIONS:
        normalise(text, REF)
    rounds = 500
    start = time.perf_counter()
    for _ in range(rounds):
        for text in EXPRESSIONS:
            normalise(text, REF)
    return (time.perf_counter() - start) / (rounds * len(EXPRESSIONS)) * 1e6


def pathological(alphabet: str, size: int = 1_000_000) -> float:
    rng = random.Random(size)
    text = fold("".join(rng.choice(alphabet) for _ in range(size)))
    start = time.perf_counter()
    scan(text, REF, timex=False)
    return time.perf_counter() - start


def main() -> None:
    print(f"timex: {per_expression():.1f} µs per expression ({len(EXPRESSIONS)} kinds)")
    for name, alphabet in [("digits and 内/前/每", "0123456789内前每"),
                           ("Chinese numerals and units", "一二三四五六七八九十百千〇零两个天日月年内前后每"),
                           ("unpunctuated directive words", "各单位要在月日前内完成报送工作的年底每周")]:
        print(f"scan of 1 MB of {name}: {pathological(alphabet):.2f} s")
    start = time.perf_counter()
    for _ in range(10_000):
        add_workdays(date(2026, 11, 23), 1000)
    print(f"10,000 limits of 1000 working days: {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()
