"""Benchmark extract(): seed 001, scaling, pathological inputs and a seeded fuzz run.

    .venv/bin/python bench/extract.py [--seed PATH] [--runs N] [--part seed|hostile|fuzz|all]
                                      [--fuzz-examples 20000]

Prints figures only; the targets are judged by whoever reads them:
- seed 001 warm ≤ 20 ms, 100× the text ≤ 120× the time, a cold `duban extract` ≤ 1.5 s;
- hostile inputs (1 MB without punctuation, 1 MB of digits and 内/前/每, 10,000 limits of a thousand
  working days) linear in size and under 2 s per MB;
- fuzz (hypothesis, seeded, ≥ 20,000 inputs with 半, decimals, 〇, huge numbers, unpunctuated
  kilobytes): no exception, no input over 200 ms per 2 KB, every quote == text[start:end].
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_SEED = ROOT.parent / "shared" / "seeds" / "001_1e7242e4f7d32e7b.txt"
REF = datetime(2026, 11, 23)
MB = 1 << 20


def median_time(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def seed_figures(path: Path, runs: int) -> None:
    from extraction import extract

    if not path.exists():
        print(f"seed text not found: {path} (skipping the seed figures)")
        return
    text = path.read_text(encoding="utf-8-sig")
    extract(text, REF)  # warm: jieba's dictionary and the compiled patterns
    ours = median_time(lambda: extract(text, REF), runs)
    big = text * 100
    hundred = median_time(lambda: extract(big, REF), 3)

    cold = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([str(ROOT / ".venv" / "bin" / "duban"), "extract", str(path), "--json",
                        "--ref", "2026-11-23"], check=True, capture_output=True)
        cold.append(time.perf_counter() - start)

    print(f"text: {path.name}, {len(text):,} characters")
    print(f"extract() warm median:               {ours * 1000:8.2f} ms   (target ≤ 20 ms)")
    print(f"text ×100 ({len(big):,} chars):      {hundred * 1000:8.2f} ms = {hundred / ours:6.1f} × "
          f"the single text   (target ≤ 120 ×)")
    print(f"cold `duban extract` process median: {statistics.median(cold) * 1000:6.0f} ms   "
          f"(target ≤ 1500 ms)")


def _unpunctuated(size: int, rng: random.Random) -> str:
    words = ["各县区要在", "3个工作日内", "报送", "材料", "每月10日前", "年底前", "完成", "整改", "了", "市人社局",
             "会后2天内", "印发", "纪要", "统筹", "推进", "项目", "建设", "半个月内", "每季度", "前"]
    parts, length = [], 0
    while length < size:
        word = rng.choice(words)
        parts.append(word)
        length += len(word)
    return "".join(parts)[:size]


def _digits(size: int, rng: random.Random) -> str:
    return "".join(rng.choice("0123456789内前每") for _ in range(size))


def _working_days(size: int, rng: random.Random) -> str:
    unit = "一千个工作日内办结，"
    return (unit * (size // len(unit) + 1))[:size]


def hostile_figures(limit: int) -> None:
    from extraction import extract

    rng = random.Random(20261123)
    cases = [("unpunctuated text", _unpunctuated), ("digits and 内/前/每", _digits),
             ("一千个工作日内办结，repeated", _working_days)]
    extract("预热：各县区要在3个工作日内报送材料。", REF)
    print(f"hostile inputs (MB = 2^20 characters, about 3 MB of UTF-8; every item, and with limit={limit} "
          f"as the bot asks):")
    for name, make in cases:
        figures = []
        for size in (MB // 4, MB // 2, MB):
            text = make(size, rng)
            start = time.perf_counter()
            found = extract(text, REF)
            took = time.perf_counter() - start
            figures.append((size, took, len(found)))
        start = time.perf_counter()
        extract(text, REF, limit=limit)
        limited = time.perf_counter() - start
        row = "  ".join(f"{size / MB:4.2f} MB {took:6.2f} s ({took / (size / MB):5.2f} s/MB, {n:,} items)"
                        for size, took, n in figures)
        print(f"  {name:30} {row}  | 1 MB with limit: {limited:5.2f} s")
    limits = "一千个工作日内办结，" * 10_000
    for cap in (None, limit):
        start = time.perf_counter()
        found = extract(limits, REF, limit=cap)
        took = time.perf_counter() - start
        print(f"  10,000 limits of a thousand working days ({len(limits):,} chars), limit={cap}: {took:6.2f} s "
              f"= {took / (len(limits) / MB):5.2f} s/MB, {len(found):,} items  (target < 2 s per MB)")


def fuzz_figures(examples: int) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from extraction import extract

    pieces = st.sampled_from([
        "半", "半个", "0.5", "1.5", "〇", "〇〇〇〇年", "0000年", "9999年", "99999999", "一千", "两千零九",
        "个工作日内", "天内", "小时内", "分钟内", "日前", "月底前", "年底前", "每", "每月", "每9999年",
        "每千年", "后", "之日起", "会前", "提前", "内", "前", "，", "。", "、", "：", "\n", "\t", "（", "）",
        "市人社局", "各县区", "牵头", "配合", "责任单位：", "完成时限：", "了", "的", "要", "由", "负责",
        "截至", "不超过", "讲话", "“", "”", "如果", "我"])
    chunk = st.lists(pieces, max_size=40).map("".join)
    blob = st.text(alphabet=st.sampled_from("0123456789内前每天月年半〇一二三四五六七八九十百千万个工作日小时"),
                   min_size=500, max_size=4000)
    texts = st.one_of(chunk, st.lists(chunk, max_size=60).map("".join), blob,
                      st.text(max_size=200), st.tuples(chunk, blob, chunk).map("".join))
    slowest: list[tuple[float, str]] = []  # the 10 slowest inputs, timed again after the run
    count = [0]
    failures: list[str] = []

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(texts)
    def run(text: str) -> None:
        count[0] += 1
        start = time.perf_counter()
        try:
            found = extract(text, REF)
        except Exception as exc:  # noqa: BLE001 - reported, not raised: the run counts them all
            failures.append(f"{type(exc).__name__}: {exc} on {text[:60]!r}")
            return
        took = time.perf_counter() - start
        slowest.append((took / max(1.0, len(text) / 2048), text))
        if len(slowest) > 20:
            slowest.sort(reverse=True)
            del slowest[10:]
        for item in found:
            if text[item.start:item.end] != item.quote:
                failures.append(f"quote {item.quote!r} is not text[{item.start}:{item.end}]")

    extract("预热：由县住建局牵头，12月底前完成。", REF)  # jieba's dictionary loads once, not in a sample
    start = time.perf_counter()
    run()
    took = time.perf_counter() - start
    # a busy machine pauses any process now and then: the slowest inputs are timed again (best of 3)
    retimed = []
    for first, text in sorted(slowest, reverse=True)[:10]:
        best = min(median_time(lambda text=text: extract(text, REF), 1) for _ in range(3))
        retimed.append((best / max(1.0, len(text) / 2048), first, text))
    worst, first, text = max(retimed) if retimed else (0.0, 0.0, "")
    print(f"fuzz: {count[0]:,} generated inputs in {took:.0f} s; exceptions or bad quotes: {len(failures)}; "
          f"slowest {worst * 1000:.1f} ms per 2 KB timed again, {first * 1000:.1f} ms in the run "
          f"(target ≤ 200 ms), on {len(text):,} characters starting {text[:30]!r}")
    for line in failures[:10]:
        print(f"  {line}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--part", choices=("seed", "hostile", "fuzz", "all"), default="all")
    parser.add_argument("--fuzz-examples", type=int, default=20_000)
    parser.add_argument("--limit", type=int, default=300, help="items a bounded caller asks for (the bot's)")
    args = parser.parse_args()
    if args.part in ("seed", "all"):
        seed_figures(args.seed, args.runs)
    if args.part in ("hostile", "all"):
        hostile_figures(args.limit)
    if args.part in ("fuzz", "all"):
        fuzz_figures(args.fuzz_examples)


if __name__ == "__main__":
    main()
