"""Document's shortcuts give what the plain look-ups give."""

from __future__ import annotations

import random

from extraction.document import Document

PIECES = ["，", "。", "；", "：", "\n", "县住建局要", "由市财政局牵头", "各乡镇", "在3个工作日内", "报送", "材料",
          "（一）", "市人社局、市医保局", "做好", "12月底前", "完成", "的", "了", "一千个工作日内办结"]


def _plain(doc: Document, pos: int, floor: int, count: int):
    earlier = doc.clauses_before(pos, floor, count)
    if earlier and earlier[-1][0] > floor:
        earlier += doc.clauses_from(floor, earlier[-1][0], 1)
    for start, end in earlier:
        span = doc.subject(start, end)
        if span:
            return span
    return None


def test_subject_before_is_the_first_subject_of_the_earlier_clauses():
    rng = random.Random(11)
    for _ in range(400):
        doc = Document("".join(rng.choice(PIECES) for _ in range(rng.randint(1, 60))))
        for _ in range(20):
            pos = rng.randint(0, len(doc.folded))
            floor = doc.sentence(pos)[0] if rng.random() < 0.7 else rng.randint(0, pos)
            count = rng.choice([1, 2, 6])
            assert doc.subject_before(pos, floor, count) == _plain(doc, pos, floor, count), (doc.folded, pos, floor)
