"""Benchmark extract() on seed 001 against dateparser's search_dates, and its scaling.

    .venv/bin/python bench/extract.py [--seed PATH] [--repeat N]

Prints figures only; the targets (≤ 20 ms warm, ≥ 20× faster than dateparser, 100× the text
in ≤ 120× the time, cold process ≤ 1.5 s) are judged by whoever reads them.
"""

from __future__ import annotations

import argparse
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


def median_time(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=Path, default=DEFAULT_SEED)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    if not args.seed.exists():
        sys.exit(f"seed text not found: {args.seed}")

    from extraction import extract

    text = args.seed.read_text(encoding="utf-8-sig")
    extract(text, REF)  # warm: jieba's dictionary and the compiled patterns
    ours = median_time(lambda: extract(text, REF), args.runs)

    from dateparser.search import search_dates

    search_dates(text[:200], languages=["zh"])  # warm dateparser's language data
    theirs = median_time(lambda: search_dates(text, languages=["zh"]), max(3, args.runs // 5))

    big = text * 100
    extract(big[:1000], REF)
    hundred = median_time(lambda: extract(big, REF), 3)

    cold = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([str(ROOT / ".venv" / "bin" / "duban"), "extract", str(args.seed), "--json",
                        "--ref", "2026-11-23"], check=True, capture_output=True)
        cold.append(time.perf_counter() - start)

    print(f"text: {args.seed.name}, {len(text):,} characters")
    print(f"extract() warm median:            {ours * 1000:8.2f} ms   (target ≤ 20 ms)")
    print(f"dateparser search_dates median:   {theirs * 1000:8.2f} ms")
    print(f"speed-up over dateparser:         {theirs / ours:8.1f} ×   (target ≥ 20 ×)")
    print(f"text ×100 ({len(big):,} chars):   {hundred * 1000:8.2f} ms = {hundred / ours:6.1f} × "
          f"the single text   (target ≤ 120 ×)")
    print(f"cold `duban extract` process median: {statistics.median(cold) * 1000:6.0f} ms   "
          f"(target ≤ 1500 ms)")


if __name__ == "__main__":
    main()
