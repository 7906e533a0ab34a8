"""Per-chat administration shared by Telegram and the console: owner bindings, granted roles
and settings. Synchronous (the Telegram adapter runs these in a worker thread)."""

from __future__ import annotations

import re

from bot import messages
from bot.actions import Reply
from bot.controls import strip_controls
from bot.runtime import Runtime
from storage import chat_queries, roles, users
from storage.bindings import bind_owner, unbind_owner
from storage.chat_settings import get_settings, update_settings
from storage.db import transaction

_CLOCK = re.compile(r"^(\d{1,2})[:：](\d{2})$")


def user_for(rt: Runtime, username: str) -> int | None:
    """The id behind an @username seen in an allowed chat (stored, so it survives restarts)."""
    with transaction(rt.engine) as session:
        return users.user_id_for(session, username)


def bind(rt: Runtime, *, chat_id: int, owner: str, user_id: int, label: str, by: int | None) -> Reply:
    owner = strip_controls(owner).strip()[:200]
    with transaction(rt.engine) as session:
        bind_owner(session, chat_id, owner, at=rt.now(), user_id=user_id, by=by)
    return Reply(messages.BIND_OK.format(owner=owner, who=strip_controls(label)), changed=True)


def grant(rt: Runtime, *, chat_id: int, user_id: int, label: str, by: int | None) -> Reply:
    """/grant: the user becomes 督查员 in this chat (may confirm, edit and close items)."""
    with transaction(rt.engine) as session:
        _row, created = roles.grant(session, chat_id, user_id, at=rt.now(), by=by)
    text = messages.GRANT_OK if created else messages.GRANT_ALREADY
    return Reply(text.format(who=strip_controls(label)), changed=created)


def revoke(rt: Runtime, *, chat_id: int, user_id: int, label: str) -> Reply:
    with transaction(rt.engine) as session:
        count = roles.revoke(session, chat_id, user_id)
    text = messages.REVOKE_OK if count else messages.REVOKE_NONE
    return Reply(text.format(who=strip_controls(label)), changed=bool(count))


def inspectors(rt: Runtime, *, chat_id: int) -> Reply:
    with transaction(rt.engine) as session:
        ids = roles.holders(session, chat_id)
        names = users.display_names(session, ids)
    if not ids:
        return Reply(messages.GRANT_LIST_EMPTY)
    return Reply("\n".join([messages.GRANT_LIST_HEADER, *(f"{names.get(i, i)}（{i}）" for i in ids)]))


def unbind(rt: Runtime, *, chat_id: int, owner: str) -> Reply:
    with transaction(rt.engine) as session:
        count = unbind_owner(session, chat_id, owner)
    return Reply(messages.UNBIND_OK.format(owner=owner, count=count), changed=True)


def bindings(rt: Runtime, *, chat_id: int) -> Reply:
    with transaction(rt.engine) as session:
        rows = chat_queries.chat_bindings(session, chat_id)
        names = users.display_names(session, [row.user_id for row in rows if row.user_id])
    if not rows:
        return Reply(messages.BIND_LIST_EMPTY)
    lines = [messages.BIND_LIST_HEADER]
    for row in rows:
        who = names.get(row.user_id) if row.user_id else None
        target = f"{who}（{row.user_id}）" if who else str(row.user_id or row.target_chat_id)
        lines.append(f"{row.owner} → {target}")
    return Reply("\n".join(lines))


def _clock(value: str) -> str | None:
    match = _CLOCK.match(value.strip())
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        return None
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def parse_settings(args: list[str]) -> dict | None:
    """/settings 提醒时间 09:30 | 询问时间 16:00 | 提前 3,1 | 免打扰 21:00-08:00 | 自动确认 开/关"""
    if len(args) < 2:
        return None
    key, value = args[0], "".join(args[1:])
    if key in ("提醒时间", "nudge_time"):
        clock = _clock(value)
        return {"nudge_time": clock} if clock else None
    if key in ("询问时间", "closure_time"):
        clock = _clock(value)
        return {"closure_time": clock} if clock else None
    if key in ("提前", "days_before"):
        parts = [p for p in re.split(r"[,，、\s]+", value) if p]
        if not parts or not all(p.isdigit() and 0 < int(p) <= 60 for p in parts):
            return None
        return {"days_before": sorted({int(p) for p in parts}, reverse=True)}
    if key in ("免打扰", "quiet"):
        start, _, end = value.replace("－", "-").replace("—", "-").partition("-")
        start, end = _clock(start), _clock(end)
        return {"quiet_start": start, "quiet_end": end} if start and end else None
    if key in ("自动确认", "auto_confirm"):
        if value in (messages.YES, "on", "是", "1"):
            return {"auto_confirm": True}
        if value in (messages.NO, "off", "否", "0"):
            return {"auto_confirm": False}
    return None


def settings(rt: Runtime, *, chat_id: int, args: list[str]) -> Reply:
    if args:
        changes = parse_settings(args)
        if changes is None:
            return Reply(messages.SETTINGS_BAD)
        with transaction(rt.engine) as session:
            update_settings(session, chat_id, at=rt.now(), **changes)
    with transaction(rt.engine) as session:
        row = get_settings(session, chat_id)
        text = messages.SETTINGS_VIEW.format(
            timezone=row.timezone, nudge_time=row.nudge_time, closure_time=row.closure_time,
            days_before="、".join(str(d) for d in row.days_before) or "0", quiet_start=row.quiet_start,
            quiet_end=row.quiet_end, auto_confirm=messages.YES if row.auto_confirm else messages.NO)
    if args:
        text = messages.SETTINGS_OK + "\n\n" + text
    return Reply(text, changed=bool(args))
