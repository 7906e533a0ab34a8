"""Corpora and word lists are our own words: no string under extraction/ repeats a shared text.

A string literal (or a line of a data file) under `extraction/` fails when it shares 12 consecutive
characters with a text in `../shared/seeds` or `../shared/dev`, the measuring sets: a rule tuned
on a copied sentence proves nothing about the documents the project is scored on.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
RUN = 12


def _shared_texts() -> list[str]:
    texts = []
    for folder in ("seeds", "dev"):
        for path in sorted((SHARED / folder).glob("*.txt")):
            texts.append(path.read_text(encoding="utf-8-sig"))
    return texts


def _strings(path: Path):
    """(line, text) of every string literal in a module, or every line of a data file."""
    if path.suffix == ".py":
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield node.lineno, node.value
    else:
        yield from enumerate(path.read_text(encoding="utf-8").splitlines(), 1)


def _sources() -> list[Path]:
    folder = ROOT / "extraction"
    return sorted(p for p in folder.rglob("*") if p.suffix in (".py", ".txt") and "__pycache__" not in p.parts)


@pytest.fixture(scope="module")
def shared_runs() -> set[str]:
    if not (SHARED / "seeds").is_dir() and not (SHARED / "dev").is_dir():
        pytest.skip(f"{SHARED} is not checked out beside this repository: nothing to compare with")
    runs: set[str] = set()
    for text in _shared_texts():
        runs.update(text[i:i + RUN] for i in range(len(text) - RUN + 1))
    return runs


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_string_repeats_a_shared_text(path, shared_runs):
    offenders = []
    for line, text in _strings(path):
        for i in range(len(text) - RUN + 1):
            if text[i:i + RUN] in shared_runs:
                offenders.append(f"line {line}: {text[i:i + RUN]!r} in {text[:60]!r}")
                break
    assert not offenders, "\n".join(offenders)


def test_the_check_finds_a_copied_string(shared_runs, tmp_path):
    """The comparison itself works: a run taken from a shared text is caught."""
    text = next(t for t in _shared_texts() if len(t) > 100)
    copied = tmp_path / "copied.py"
    copied.write_text(f"PHRASE = {text[40:40 + RUN]!r}\n", encoding="utf-8")
    assert any(value[:RUN] in shared_runs for _, value in _strings(copied))
