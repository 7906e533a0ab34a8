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


def test_the_help_lists_each_command_under_who_may_use_it() -> None:
    """/help's 管理员命令 are refused to a plain member, its 所有人可用 are not: an owner reading
    /extend under 管理员命令 would not ask for an extension."""
    from bot.core.commands import Right, parse_command

    admin_part, _, anyone_part = bot.messages.START.partition("管理员命令：")[2].partition("所有人可用：")

    def named(part: str) -> set:
        return {command.name for line in part.splitlines() for word in line.replace("；", " ").split()
                if word.startswith("/") and (command := parse_command(word)) is not None}

    admin, anyone = named(admin_part), named(anyone_part)
    assert len(admin) >= 10 and anyone
    assert {name for name in admin if parse_command("/" + name.value).right == Right.ANYONE} == set()
    assert {name for name in anyone if parse_command("/" + name.value).right != Right.ANYONE} == set()


def test_what_owners_are_told_names_no_admin_command() -> None:
    """Texts any member may receive point only at what a member may do (/item is for admins)."""
    from bot.core.commands import Right, parse_command

    for text in (bot.messages.REPLY_WHICH_ITEM, bot.messages.EXTEND_USAGE, bot.messages.ANSWER_BUTTONS,
                 bot.messages.EVENT_USAGE, bot.messages.PROGRESS_EMPTY, bot.messages.EXTEND_COMMAND_USAGE):
        named = [command for word in text.replace("，", " ").split() if word.startswith("/")
                 and (command := parse_command(word)) is not None]
        assert all(command.right == Right.ANYONE for command in named), text
