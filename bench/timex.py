"""Figures for reading time expressions: µs per `duban timex` expression beside jionlp's parse_time
in the same process, scan time per MB of pathological input, and a thousand-working-day limit
counted many times.

    .venv/bin/python bench/timex.py          (jionlp comes with the bench extra: `make bench`)

Targets (issue 12): ≤ 30 µs per expression and ≥ 8 × faster than jionlp in the same run.
"""

from __future__ import annotations

import os
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


def _per_expression(parse, rounds: int) -> float:
    """µs per expression: the best of five passes of `rounds` rounds over EXPRESSIONS."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(rounds):
            for text in EXPRESSIONS:
                parse(text)
        best = min(best, time.perf_counter() - start)
    return best / (rounds * len(EXPRESSIONS)) * 1e6


def _jionlp():
    """jionlp's parse_time, or None when the bench extra is not installed."""
    try:
        import contextlib
        import io

        with contextlib.redirect_stdout(io.StringIO()):  # it prints a banner on import
            import jionlp
    except ImportError:
        return None
    base = time.mktime(REF.timetuple())

    def parse(text: str):
        try:
            return jionlp.parse_time(text, time_base=base)
        except Exception:  # noqa: BLE001 - an expression it cannot read costs its time all the same
            return None
    return parse


def pathological(alphabet: str, size: int = 1_000_000) -> float:
    rng = random.Random(size)
    text = fold("".join(rng.choice(alphabet) for _ in range(size)))
    start = time.perf_counter()
    scan(text, REF, timex=False)
    return time.perf_counter() - start


def main() -> None:
    one, five, _ = os.getloadavg()
    print(f"time expressions ({len(EXPRESSIONS)} kinds; load average {one:.2f} (1 min), {five:.2f} (5 min) "
          f"on {os.cpu_count()} CPUs):")
    ours_parse = lambda text: normalise(text, REF)  # noqa: E731
    for text in EXPRESSIONS:
        ours_parse(text)
    peer = _jionlp()
    if peer is not None:
        for text in EXPRESSIONS:
            peer(text)
        # in turns, so a change in the machine's load touches both
        ours, theirs = [], []
        for _ in range(3):
            ours.append(_per_expression(ours_parse, 200))
            theirs.append(_per_expression(peer, 20))
        mine, jio = min(ours), min(theirs)
        print(f"  duban timex (normalise): {mine:6.1f} µs per expression   (target ≤ 30 µs)")
        print(f"  jionlp parse_time:       {jio:6.1f} µs per expression, same process, in turns")
        print(f"  ratio: {jio / mine:4.1f} × faster than jionlp   (target ≥ 8 ×)")
    else:
        print(f"  duban timex (normalise): {_per_expression(ours_parse, 200):6.1f} µs per expression   "
              f"(target ≤ 30 µs)")
        print("  jionlp is not installed, so no ratio: `make bench` installs it (pip install -e '.[bench]')")
    for name, alphabet in [("digits and 内/前/每", "0123456789内前每"),
                           ("Chinese numerals and units", "一二三四五六七八九十百千〇零两个天日月年内前后每"),
                           ("unpunctuated directive words", "各单位要在月日前内完成报送工作的年底每周")]:
        print(f"  scan of 1 MB of {name}: {pathological(alphabet):.2f} s")
    start = time.perf_counter()
    for _ in range(10_000):
        add_workdays(date(2026, 11, 23), 1000)
    print(f"  10,000 limits of 1000 working days: {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    main()
