"""extract() and normalise() never raise, and spans always index the input."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from extraction import extract, normalise
from extraction.normalize import fold

REF = datetime(2026, 11, 23, 9)
# Text biased towards the characters the rules care about, mixed with anything at all.
_TIME_CHARS = ("0123456789０１２３一二两三四五六七八九十百天日周月年季度内前后底末旬"
               "上中下每按个工作小时分钟起之当次提会办结报，。、；：个週內")
_texty = st.text(alphabet=st.sampled_from(_TIME_CHARS), max_size=80)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=40), _texty), max_size=6).map("".join))
def test_extract_never_raises_and_spans_index_the_text(text):
    for item in extract(text, REF):
        assert 0 <= item.start < item.end <= len(text)
        assert text[item.start:item.end] == item.quote
        assert item.kind in ("deadline", "recurring", "on_event")


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=30), _texty),
       st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2098, 12, 31)))
def test_normalise_never_raises(text, ref):
    result = normalise(text, ref)
    assert result["kind"] in (None, "deadline", "recurring", "on_event", "date", "duration")


@given(st.text(max_size=200))
def test_fold_keeps_length(text):
    assert len(fold(text)) == len(text)


def test_fold_maps_every_traditional_character_of_a_traditional_text():
    """A traditional text is folded with the whole character map (not only our own pairs), so its
    owners and the words after them read as in simplified text; a simplified text is left alone."""
    assert fold("請各縣直屬單位分別於週五前報送") == "请各县直属单位分别于周五前报送"
    assert fold("县直属单位分别于周五前报送") == "县直属单位分别于周五前报送"
    owners = [o.owner for o in extract("三、各縣直屬單位分別於12月20日前報送年度總結。", REF)]
    assert owners == ["各縣直屬單位"]


def test_huge_text_is_read_once():
    """A 100× speech is still read (spans stay right), not rejected or truncated."""
    speech = "市人社局要在3个工作日内报送方案，每月10日前报送进展。" * 2000
    found = extract(speech, REF)
    assert len(found) == 4000
    assert found[-1].quote == "每月10日前报送进展"
