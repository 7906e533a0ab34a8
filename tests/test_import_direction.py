"""Data flows one way: bot → scheduler → storage → extraction. Nothing imports bot/, extraction/
imports nothing of ours, storage/ never imports scheduler/. Every import statement counts,
also those inside functions and `if TYPE_CHECKING:` blocks."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = ("bot", "scheduler", "storage", "extraction")
FORBIDDEN = {
    "extraction": {"bot", "scheduler", "storage"},
    "storage": {"bot", "scheduler"},
    "scheduler": {"bot"},
    "bot": set(),
}


def imported(path: Path) -> set[str]:
    """The top-level packages of ours that `path` imports."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found |= {name.split(".")[0] for name in names} & set(OURS)
    return found


MODULES = sorted(path for package in OURS for path in (ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_flow_one_way(path):
    package = path.relative_to(ROOT).parts[0]
    assert not imported(path) & FORBIDDEN[package]


def test_the_check_sees_every_kind_of_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import bot.core\nfrom storage.db import x\ndef f():\n    from scheduler import policy\n"
                      "from . import local\nimport json\n", encoding="utf-8")
    assert imported(sample) == {"bot", "storage", "scheduler"}
    assert len(MODULES) > 60
