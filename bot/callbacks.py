"""callback_data of the inline buttons: short ASCII, ≤ 64 bytes, `<action>:<id>[:<arg>]`.

Buttons carry ids only; everything else is read from the database when pressed, so a button
pressed after a restart (or weeks later) still works.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_BYTES = 64

DONE = "d"  # ✅ 已办结 <obligation>
PROGRESS = "p"  # 📝 报进展 <obligation>
SNOOZE = "z"  # ⏰ 稍后提醒 <obligation>[:h|t]
CONFIRM_ALL = "ca"  # 全部确认 / 确认本页 <speech>:<first item>-<last item> (the items shown)
PAGE = "pg"  # 上一页 / 下一页 <speech>:<page>
DELETE = "rm"  # 删除 <obligation> (pending)
EDIT_DUE = "ed"  # 改时限 <obligation> (pending)
EDIT_OWNER = "eo"  # 改责任单位 <obligation> (pending)
ACTIONS = frozenset({DONE, PROGRESS, SNOOZE, CONFIRM_ALL, PAGE, DELETE, EDIT_DUE, EDIT_OWNER})

SNOOZE_CHOICES = {"h": "hour", "t": "tomorrow"}


@dataclass(frozen=True)
class Callback:
    action: str
    target: int
    arg: str | None = None


def build(action: str, target: int, arg: str | None = None) -> str:
    data = f"{action}:{target}" + (f":{arg}" if arg else "")
    if action not in ACTIONS or len(data.encode()) > MAX_BYTES:
        raise ValueError(f"bad callback data {data!r}")
    return data


def parse(data: str | None) -> Callback | None:
    """None for anything that is not ours (or malformed)."""
    if not data:
        return None
    parts = data.split(":")
    if len(parts) not in (2, 3) or parts[0] not in ACTIONS or not parts[1].isdigit():
        return None
    return Callback(parts[0], int(parts[1]), parts[2] if len(parts) == 3 else None)


def item_range(arg: str | None) -> tuple[int, int] | None:
    """"12-40" → (12, 40); None for anything else."""
    first, sep, last = (arg or "").partition("-")
    if not sep or not first.isdigit() or not last.isdigit() or int(first) > int(last):
        return None
    return int(first), int(last)
