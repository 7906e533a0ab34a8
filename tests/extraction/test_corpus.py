"""Every phrase of every rule family's corpus, each its own test id (Duckling style)."""

from __future__ import annotations

import importlib

import pytest

from extraction import extract, normalise
from extraction.rules.corpus import REF

FAMILIES = ["relative", "absolute", "holiday", "clock", "recurring", "event", "duration"]


def _corpus(name):
    return importlib.import_module(f"extraction.rules.{name}_corpus")


def _cases(attr):
    for family in FAMILIES:
        for index, case in enumerate(getattr(_corpus(family), attr, [])):
            phrase = case[0] if isinstance(case, tuple) else case
            yield pytest.param(case, id=f"{family}-{index:02d}-{phrase[:24]}")


def _check_box(actual: dict, expected: dict) -> None:
    for key, want in expected.items():
        if key == "within":
            got = actual["within"]
            assert got is not None and (got["n"], got["unit"]) == want, f"within: {got} != {want}"
        elif key == "every":
            got = actual["every"]
            assert got is not None, "no recurrence read"
            for sub, value in want.items():
                assert got[sub] == value, f"every.{sub}: {got[sub]!r} != {value!r}"
        elif key == "past":  # only a past date carries the key
            assert bool(actual.get("past")) == want, f"past: {actual.get('past')!r} != {want!r}"
        else:
            assert actual.get(key) == want, f"{key}: {actual.get(key)!r} != {want!r}"


@pytest.mark.parametrize("case", list(_cases("READS")))
def test_reads(case):
    phrase, expected = case
    _check_box(normalise(phrase, REF), expected)


@pytest.mark.parametrize("case", list(_cases("NOT_OBLIGATIONS")))
def test_not_an_obligation(case):
    found = extract(case, REF)
    assert found == [], [(o.kind, o.expression) for o in found]


@pytest.mark.parametrize("case", list(_cases("OBLIGATIONS")))
def test_obligations(case):
    sentence, expected = case
    found = extract(sentence, REF)
    assert len(found) == len(expected), [(o.kind, o.expression) for o in found]
    for obligation, want in zip(found, expected):
        assert sentence[obligation.start:obligation.end] == obligation.quote
        assert obligation.expression in obligation.quote
        _check_box(obligation.to_json(), want)
