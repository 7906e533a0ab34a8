"""The prebuilt jieba prefix table is the one the word list gives, and it is what the tokenizer loads."""

from __future__ import annotations

import marshal
import zlib
from pathlib import Path

from extraction import owner

DATA = Path(owner.__file__).resolve().parent / "data"


def test_the_committed_table_is_built_from_the_committed_words():
    words = (DATA / owner._DATA).read_bytes()
    crc, table, total = marshal.loads((DATA / owner._TABLE).read_bytes())
    assert crc == zlib.crc32(words), "the word list changed: run `make jieba-table` and commit the table"
    assert (table, total) == owner.prefix_table(words.decode("utf-8"))


def test_every_prefix_of_a_word_is_in_the_table():
    table, _ = owner._frequencies()
    assert all(word[:i] in table for word in table for i in range(1, len(word)))


def test_a_stale_table_is_not_used(monkeypatch, tmp_path):
    """A table built from other words is ignored: the tokenizer builds its own from the word list."""
    (tmp_path / owner._DATA).write_text("# two words\n市人社局 10\n牵头 20\n", encoding="utf-8")
    (tmp_path / owner._TABLE).write_bytes((DATA / owner._TABLE).read_bytes())
    monkeypatch.setattr(owner, "_data_path", lambda name: str(tmp_path / name))
    table, total = owner._frequencies()
    assert total == 30 and table == {"市人社局": 10, "市": 0, "市人": 0, "市人社": 0, "牵头": 20, "牵": 0}
