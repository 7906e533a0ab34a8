"""Hostile and unlucky time expressions: skipped or refused, never fatal, never silently wrong."""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest

from extraction import extract, normalise
from extraction.normalize import fold
from extraction.rules import scan

REF = datetime(2026, 11, 23, 9)


@pytest.mark.parametrize("text", [
    "半分钟内", "0000年12月底前", "〇〇〇〇年", "每9999年", "每千年", "9999年12月底前", "1900年12月底前",
    "2101年1月1日前", "0.5个工作日内", "99999999999999天内", "每0天", "0月0日前", "13月32日前",
    "2026.13.45", "2026-00-00", "每月0日", "每年13月", "第0季度", "前五季度", "下午25点", "25:99",
    "每天上午88点前", "一千零一夜", "〇〇年底", "00年底前", "每隔0个月",
])
def test_unreadable_expressions_are_skipped_not_fatal(text):
    result = normalise(text, REF)
    assert result["kind"] in (None, "date", "duration", "deadline", "recurring", "on_event")
    if result["due"]:
        assert 1949 <= date.fromisoformat(result["due"]).year <= 2100
    for item in extract(f"各单位要{text}报送材料。", REF):
        assert item.due is None or 1949 <= item.due.year <= 2100


@pytest.mark.parametrize(("text", "value"), [
    ("每9999年", None), ("每千年", None), ("9999年12月底前", None), ("1900年12月底前", None),
    ("0000年12月底前", None), ("11年内", None),
])
def test_out_of_range_values_are_refused_at_extraction(text, value):
    assert normalise(text, REF)["kind"] is value
    assert extract(f"各单位要在{text}完成整改。", REF) == []


@pytest.mark.parametrize(("text", "within"), [
    ("0.5个工作日内", None),
    ("1.5小时内", {"n": 90, "unit": "minute"}),
    ("0.5天内", {"n": 12, "unit": "hour"}),
    ("3.5天内", {"n": 84, "unit": "hour"}),
])
def test_decimals_keep_their_integer_part(text, within):
    result = normalise(text, REF)
    assert result["within"] == within


def test_many_long_working_day_limits_are_counted_without_walking():
    """One message of a thousand-working-day limit repeated (issue 7 §3): every one read, all alike."""
    speech = "各单位要在一千个工作日内办结，" * 300
    found = extract(speech, REF)
    assert len(found) == 300
    assert {item.due for item in found} == {found[0].due}
    assert found[0].within.n == 1000 and not found[0].timebox.confirmed


@pytest.mark.parametrize(("ref", "text", "due", "past"), [
    # 本周五前 read on a Saturday: 本周 pins the week, so it stays and is flagged
    (datetime(2026, 11, 28, 9), "本周五前", "2026-11-27", True),
    # 周五前 on a Saturday rolls to the next Friday
    (datetime(2026, 11, 28, 9), "周五前", "2026-12-04", False),
    # 本月10日前 read on the 23rd stays in this month, flagged; 10日前 rolls to next month
    (datetime(2026, 11, 23, 9), "本月10日前", "2026-11-10", True),
    (datetime(2026, 11, 23, 9), "10日前", "2026-12-10", False),
    # 国庆节前 read during the holiday means next year's
    (datetime(2026, 10, 3, 9), "国庆节前", "2027-09-30", False),
    (datetime(2026, 9, 29, 9), "国庆节前", "2026-09-30", False),
    # an explicit past year stays in the past, flagged
    (datetime(2026, 11, 23, 9), "2024年6月底前", "2024-06-30", True),
    (datetime(2026, 11, 23, 9), "12月底前", "2026-12-31", False),
])
def test_a_deadline_read_after_it_passed_rolls_or_is_flagged(ref, text, due, past):
    result = normalise(text, ref)
    assert result["due"] == due
    assert bool(result.get("past")) is past


def test_past_flag_reaches_the_obligation():
    [item] = extract("各县区要在2024年6月底前全面完成排查。", REF)
    assert item.due == date(2024, 6, 30) and item.timebox.past
    assert item.to_json()["past"] is True


def test_hypothesis_style_random_inputs_never_raise():
    """Seeded random strings over the characters rules care about, with 半, decimals, 〇 and huge numbers."""
    rng = random.Random(7)
    alphabet = list("0123456789.〇零一二两三四五六七八九十百千万半天日周月年季度内前后底末旬"
                    "上下每个工作小时分钟起之当次提会办结节春国庆元旦号点时:、，")
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 30)))
        ref = datetime(rng.randrange(1990, 2099), rng.randrange(1, 13), rng.randrange(1, 29), rng.randrange(24))
        normalise(text, ref)
        for item in extract(text, ref):
            assert text[item.start:item.end] == item.quote


def _pathological(kind: str, size: int) -> str:
    rng = random.Random(size)
    if kind == "digits":
        return "".join(rng.choice("0123456789内前每") for _ in range(size))
    if kind == "numerals":
        return "".join(rng.choice("一二三四五六七八九十百千〇零两个天日月年内前后每") for _ in range(size))
    if kind == "unpunctuated":
        return "".join(rng.choice("各单位要在月日前内完成报送工作的年底每周") for _ in range(size))
    return ("每" * 50 + "9" * 50 + "内前") * (size // 102)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["digits", "numerals", "unpunctuated", "runs"])
def test_pathological_megabyte_is_scanned(kind):
    """1 MB of digits, numerals and 内/前/每: every rule is anchored or bounded, so the scan
    finishes (a catastrophically backtracking or quadratic rule would not). The time it takes is
    printed by bench/timex.py, not asserted here."""
    text = _pathological(kind, 1_000_000)
    boxes = scan(fold(text), REF, timex=False)
    assert all(0 <= b.start < b.end <= len(text) for b in boxes)


def test_pinyin_glosses_left_by_scraping_are_read_through():
    text = "各縣區(qū)要實(shí)行項目周調(diào)度，12月底(dǐ)前報送總結(jié)。"
    boxes = scan(fold(text), REF, timex=False)
    assert [(b.kind, text[b.start:b.end]) for b in boxes] == [
        ("recurring", "周調(diào)度"), ("deadline", "12月底(dǐ)前")]
    assert boxes[1].due == date(2026, 12, 31)
