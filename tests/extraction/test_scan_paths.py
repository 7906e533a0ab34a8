"""The scanner's shortcuts read exactly what the plain way reads: windows found from the runs
between one-character anchors, patterns run behind a look-ahead for their first characters, the
rules a short expression's characters allow, and the choice among a few candidates."""

from __future__ import annotations

import importlib
import random
import re

import pytest

from extraction.model import TimeBox
from extraction.normalize import fold
from extraction.rules import base
from extraction.rules.base import _first_char_guard, _longest_first, _longest_first_few, _windows, rules
from extraction.rules.corpus import REF

ALPHABET = ("0123456789〇零一二两三四五六七八九十百千半个天日号月年周季度内前后每之以起当下上本这"
            "工作小时分钟星期礼拜底末初中旬春节国庆元旦点：:.-/、，。（）\n 由牵头县局要在完成报送")


def _texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    phrases = ["3个工作日内", "每月10日前", "下周三", "春节前", "12月底前", "2026.12.20", "下午3点", "明年1月上旬",
               "收到通知之日起5个工作日内", "会后2天内", "一千个工作日内办结，", "每季度末", "国庆节后3天内"]
    out = []
    for _ in range(count):
        parts = [rng.choice(phrases) if rng.random() < 0.3 else rng.choice(ALPHABET)
                 for _ in range(rng.randint(0, 120))]
        out.append("".join(parts))
    return out


def _plain_windows(rule, text):
    windows = []
    for hit in rule.anchor.pattern.finditer(text):
        lo, hi = max(0, hit.start() - rule.anchor.back), min(len(text), hit.end() + rule.anchor.ahead)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def test_windows_between_gaps_are_the_windows_around_hits():
    fast = [rule for rule in rules() if rule.anchor is not None and rule.anchor.gap is not None]
    assert len(fast) >= 10
    for text in _texts(1500, 1):
        for rule in fast:
            assert _windows(rule, text) == _plain_windows(rule, text), (rule.name, text)


@pytest.mark.parametrize("rule", rules(), ids=lambda rule: rule.name)
def test_a_guarded_pattern_finds_the_same_matches(rule):
    guarded = _first_char_guard(rule.pattern)
    for text in _texts(300, 2):
        plain = [(m.span(), m.groupdict()) for m in rule.pattern.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in guarded.finditer(text)] == plain, text


def test_the_guard_is_left_off_where_the_engine_skips_ahead_itself():
    every = re.compile(r"每(?:隔)?(?P<num>\d+)?天")
    assert _first_char_guard(every) is every
    assert _first_char_guard(re.compile(r"(?:\d{4}年)?春节前")).pattern.startswith("(?=[")
    assert _first_char_guard(re.compile(r"(?:a)?")).pattern == "(?:a)?"  # may match nothing


def test_a_short_expression_runs_only_the_rules_its_characters_allow():
    for text in _texts(2000, 3):
        text = text[:24]
        if not text:
            continue
        allowed = base._rules_for(text)
        for order, rule in enumerate(rules()):
            if not allowed >> order & 1:
                assert next(rule.pattern.finditer(text), None) is None, (rule.name, text)


def test_the_short_scan_reads_what_the_long_one_reads():
    """A short text goes through `_scan_short`; the same text padded past the short limit with
    characters no rule reads goes through the windows, and gives the same boxes."""
    pad = "　" * 40
    for text in _texts(1500, 4):
        text = text[:24]
        short = base._scan(text, REF, True)
        padded = [(b.start, b.end, b.kind, b.to_json(), b.rule) for b in base._scan(text + pad, REF, True)]
        assert [(b.start, b.end, b.kind, b.to_json(), b.rule) for b in short] == padded, text


def _box(start, end):
    return TimeBox("deadline", start, end)


def test_choosing_among_a_few_candidates_is_choosing_among_many():
    rng = random.Random(5)
    for _ in range(5000):
        found = []
        for _ in range(rng.randint(1, 7)):
            start = rng.randint(0, 12)
            end = start + rng.choice([0, 1, 2, 3, 5])
            found.append((start - end, rng.randint(0, 3), rng.randint(0, 3), _box(start, end)))
        found.sort(key=lambda item: (item[0], item[1], item[3].start))
        assert _longest_first_few(found) == _longest_first(found, 20)


def _corpus_phrases() -> list[str]:
    phrases = []
    for family in ["relative", "absolute", "holiday", "clock", "recurring", "event", "duration"]:
        corpus = importlib.import_module(f"extraction.rules.{family}_corpus")
        for attr in ("READS", "NOT_OBLIGATIONS", "OBLIGATIONS"):
            phrases += [case[0] if isinstance(case, tuple) else case for case in getattr(corpus, attr, [])]
    return phrases


def test_every_box_a_rule_makes_lies_within_its_match():
    """What `longest` relies on to leave the shorter matches unread."""
    texts = [fold(p) for p in _corpus_phrases()] + _texts(600, 6)
    for text in texts:
        for timex in (True, False):
            ctx = base.Context(text, REF, timex)
            for rule in rules():
                for match in rule.pattern.finditer(text):
                    try:
                        produced = rule.produce(match, ctx)
                    except base._UNREADABLE:
                        continue
                    for box in produced if isinstance(produced, list) else [produced] if produced else []:
                        assert 0 <= box.start <= box.end <= match.end(), (rule.name, text)
                        assert rule.reaches_back or match.start() <= box.start, (rule.name, text)


def test_the_longest_box_is_the_longest_the_scan_keeps():
    rng = random.Random(7)
    texts = [fold(p) for p in _corpus_phrases()] + [text[:rng.randint(1, 30)] for text in _texts(4000, 7)]
    for text in texts:
        boxes = base.scan(text, REF)
        want = max(boxes, key=lambda b: (b.end - b.start, -b.start)) if boxes else None
        got = base.longest(text, REF)
        assert (got.to_json(), got.start, got.end, got.rule) == (want.to_json(), want.start, want.end, want.rule) \
            if want is not None else got is None, text
