"""Every search is bounded to a window around its candidate; odd texts keep their spans right."""

from __future__ import annotations

from extraction import extract, read
from extraction.document import CLAUSE_WINDOW, Document
from extraction.rules.corpus import REF


def test_unpunctuated_text_is_cut_into_windows_and_one_past_word_drops_only_its_neighbours():
    """Without punctuation the whole text is one clause: a 了 at its start used to drop every item."""
    unit = "各县区要在3个工作日内报送材料"
    text = "前期做了大量工作" + unit * 400
    found = extract(text, REF)
    assert len(found) >= 400 - (2 * CLAUSE_WINDOW // len(unit) + 1)
    assert all(text[o.start:o.end] == o.quote for o in found)
    assert all(o.end - o.start <= 4 * CLAUSE_WINDOW + 20 for o in found)


def test_clause_and_sentence_are_bounded():
    doc = Document("甲" * 5000)
    left, right = doc.clause(2500, 2503)
    assert 2500 - 2 * CLAUSE_WINDOW <= left <= 2500 - CLAUSE_WINDOW
    assert 2503 + CLAUSE_WINDOW <= right <= 2503 + 2 * CLAUSE_WINDOW
    assert doc.clause(2510, 2513) == (left, right)  # neighbours share their window
    left, right = doc.sentence(2500)
    assert right - left <= 4 * 200


def test_pinyin_annotations_are_read_through_and_spans_stay_in_the_original():
    text = "各單位要在每週一報(bào)送上週進(jìn)展，實(shí)行周調(diào)度。"
    found = extract(text, REF)
    assert found, read(text, REF).candidates
    for item in found:
        assert text[item.start:item.end] == item.quote
        assert text[item.timebox.start:item.timebox.end] == item.expression
    assert found[0].owner == "各單位"


def test_candidates_index_the_original_text():
    text = "規(guī)定：市人社局要在3個工作日內報(bào)送方案，截至9月底已完成80%。"
    reading = read(text, REF)
    assert [c.expression for c in reading.candidates] == [text[c.start:c.end] for c in reading.candidates]
    assert [(c.kept, c.reason) for c in reading.candidates] == [(True, "deadline"), (False, "past fact")]


def test_a_limit_makes_that_many_obligations_and_counts_the_rest():
    text = "各村3天内报送名单，" * 1025
    reading = read(text, REF, limit=1000)
    assert len(reading.obligations) == 1000 and reading.skipped == 25
    over = [c for c in reading.candidates if c.reason == "over the limit"]
    assert len(over) == 25 and not any(c.kept for c in over)
    assert len(extract(text, REF, limit=1000)) == 1000
    assert len(extract(text, REF)) == 1025  # no limit unless asked


def test_a_line_wrapped_inside_a_sentence_does_not_end_it():
    """Text copied from a PDF breaks lines at the page width: the trigger and the subject on the
    first line still reach the limit on the next one; a new item or a short cell line still ends."""
    text = ("承办单位收到群众来信或者网上留言后，首先应当认真核\n"
            "实情况，对不属于本单位职责范围的，应当在5日内退回\n"
            "一、县民政局要在3个工作日内报送名单\n2月28日前\n报送\n")
    doc = Document(text)
    first_break = text.index("\n")
    assert first_break not in doc.sentence_ends and first_break not in doc.clause_ends
    assert text.index("\n一、") in doc.sentence_ends
    assert text.index("\n报送") in doc.sentence_ends
    found = extract(text, REF)
    assert [(o.kind, o.owner) for o in found[:2]] == [("on_event", "承办单位"), ("deadline", "县民政局")]
