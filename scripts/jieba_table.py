"""Build extraction/data/jieba_prefix.marshal from extraction/data/jieba_common.txt.

    .venv/bin/python scripts/jieba_table.py      (or `make jieba-table`)

Run it after editing the word list and commit both files; tests/extraction/test_jieba_table.py
fails while the table is stale (the tokenizer then builds it from the words at every start).
"""

from __future__ import annotations

import marshal
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extraction.owner import _DATA, _TABLE, prefix_table  # noqa: E402


def main() -> None:
    data = ROOT / "extraction" / "data"
    words = (data / _DATA).read_bytes()
    table, total = prefix_table(words.decode("utf-8"))
    (data / _TABLE).write_bytes(marshal.dumps((zlib.crc32(words), table, total)))
    print(f"{data / _TABLE}: {len(table):,} entries, total frequency {total:,}")


if __name__ == "__main__":
    main()
