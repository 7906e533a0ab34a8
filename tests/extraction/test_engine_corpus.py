"""Every phrase of the engine's corpora (decision, triggers, owners, structure), each its own test id."""

from __future__ import annotations

import pytest

from extraction import read
from extraction.decision_corpus import CORPUS
from extraction.owner import names_body, subject_of
from extraction.owner_corpus import BODIES, OWNERS, SUBJECTS
from extraction.rules.corpus import REF
from extraction.structure_corpus import DOCUMENTS


def _decision_cases():
    for name, (reads, must_not) in CORPUS.items():
        for label, cases in (("reads", reads), ("not", must_not)):
            for index, case in enumerate(cases):
                yield pytest.param(case, id=f"{name}-{label}-{index:02d}-{case[0][:20]}")


def _candidate(text: str, expression: str):
    reading = read(text, REF)
    found = [c for c in reading.candidates if c.expression == expression]
    assert found, f"no candidate {expression!r}: {[(c.expression, c.reason) for c in reading.candidates]}"
    return found[0]


@pytest.mark.parametrize("case", list(_decision_cases()))
def test_decision(case):
    phrase, expression, reason = case
    candidate = _candidate(phrase, expression)
    assert candidate.reason == reason
    assert candidate.kept == (candidate.obligation is not None)


@pytest.mark.parametrize("name", [pytest.param(n, id=f"body-{i:02d}-{n}") for i, n in enumerate(BODIES[0])])
def test_names_a_body(name):
    assert names_body(name)


@pytest.mark.parametrize("word", [pytest.param(w, id=f"not-body-{i:02d}-{w}") for i, w in enumerate(BODIES[1])])
def test_does_not_name_a_body(word):
    assert not names_body(word)


@pytest.mark.parametrize("case", [pytest.param(c, id=f"subject-{i:02d}-{c[0][:20]}") for i, c in enumerate(SUBJECTS)])
def test_subject(case):
    clause, expected = case
    span = subject_of(clause)
    assert (clause[span[0]:span[1]] if span else None) == expected


def _check(reading, expression, expected):
    candidates = [c for c in reading.candidates if c.expression == expression and c.obligation is not None]
    assert candidates, f"{expression!r} not kept: {[(c.expression, c.reason) for c in reading.candidates]}"
    cand = candidates[0]
    item = cand.obligation.to_json()
    for key, want in expected.items():
        if key == "source":
            assert cand.owner_source == want
        elif key == "reason":
            assert cand.reason == want
        elif key == "within":
            assert (item["within"]["n"], item["within"]["unit"]) == want
        else:
            assert item[key] == want, f"{key}: {item[key]!r} != {want!r}"


@pytest.mark.parametrize("case", [pytest.param(c, id=f"owner-{i:02d}-{c[0][:20]}") for i, c in enumerate(OWNERS)])
def test_owner(case):
    sentence, expected = case
    reading = read(sentence, REF)
    assert len(reading.obligations) == len(expected), [(o.expression, o.owner) for o in reading.obligations]
    for expression, owner, co_owners, source in expected:
        _check(reading, expression, {"owner": owner, "co_owners": co_owners, "source": source})


@pytest.mark.parametrize("case", [pytest.param(c, id=f"structure-{i:02d}-{c[0][:16]}")
                                  for i, c in enumerate(DOCUMENTS)])
def test_structure(case):
    text, expected = case
    reading = read(text, REF)
    assert len(reading.obligations) == len(expected), [(o.expression, o.owner) for o in reading.obligations]
    for obligation in reading.obligations:
        assert text[obligation.start:obligation.end] == obligation.quote
    for expression, want in expected:
        _check(reading, expression, want)
