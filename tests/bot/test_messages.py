"""The text catalogue: each name is bound once (a second binding silently replaces the first)."""

import ast
from collections import Counter
from pathlib import Path

import bot.messages


def test_every_message_name_is_assigned_once() -> None:
    tree = ast.parse(Path(bot.messages.__file__).read_text(encoding="utf-8"))
    names = Counter(target.id for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
                    for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
                    if isinstance(target, ast.Name))
    assert [name for name, count in names.items() if count > 1] == []
