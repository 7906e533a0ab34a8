"""How long recognising a re-pasted speech takes (storage.duplicates.speech_similarity, rapidfuzz):
one pair of speeches of each size, one sentence inserted in the middle, and the worst case of a
chat's 50 recent speeches all within the length window. Prints figures; asserts nothing."""

from __future__ import annotations

import random
import time

from storage.duplicates import RECENT_SPEECHES, speech_similarity

WORDS = ("市人社局", "要在", "5个工作日内", "完成排查整改", "办结后", "报告销号", "市住建局", "12月20日前",
         "报送改造计划", "各责任单位", "每月5日前", "报送工作进展")


def speech(chars: int, rng: random.Random) -> str:
    parts: list[str] = []
    while sum(map(len, parts)) < chars:
        parts.append("".join(rng.choice(WORDS) for _ in range(rng.randint(3, 8))) + "。")
    return "".join(parts)


def main() -> None:
    rng = random.Random(10)
    print(" characters | similarity | one pair | 50 speeches")
    for size in (5_000, 20_000, 100_000, 400_000):
        first = speech(size, rng)
        middle = first.index("。", len(first) // 2) + 1
        second = first[:middle] + "新增一句要求。" + first[middle:]
        best = min(_timed(first, second) for _ in range(3))
        print(f"{size:>11,} | {speech_similarity(first, second):>10.1f} | {best * 1000:>6.1f} ms | "
              f"{best * RECENT_SPEECHES:>9.2f} s")


def _timed(first: str, second: str) -> float:
    start = time.perf_counter()
    speech_similarity(first, second)
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
