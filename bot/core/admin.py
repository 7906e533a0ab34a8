"""Per-chat administration shared by Telegram and the console: owner bindings, granted roles,
settings, known users, a chat that moved. Synchronous (the Telegram adapter runs these in a
worker thread)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from bot import messages
from bot.core.controls import strip_controls
from bot.core.reply import Reply
from bot.core.runtime import Runtime
from scheduler.config import (
    format_clock,
    parse_clock,
    parse_days_before,
    parse_ladder,
    parse_limit_days,
    parse_quiet_hours,
    parse_weekly,
    parse_window_days,
)
from scheduler.service import config_for
from storage import roles, starts, users
from storage.bindings import add_members, bind_owner, list_bindings, list_members, remove_members, unbind_owner
from storage.chat_settings import update_chat_settings
from storage.chats import migrate_chat
from storage.db import transaction


def user_for(rt: Runtime, username: str) -> int | None:
    """The id behind an @username seen in an allowed chat (stored, so it survives restarts)."""
    with transaction(rt.engine) as session:
        return users.find_user_id(session, username)


def bind(rt: Runtime, *, chat_id: int, owner: str, user_id: int, label: str, by: int | None) -> Reply:
    owner = strip_controls(owner).strip()[:200]
    with transaction(rt.engine) as session:
        bind_owner(session, chat_id, owner, at=rt.now(), user_id=user_id, by=by)
    return Reply(messages.BIND_OK.format(owner=owner, who=strip_controls(label)), changed=True)


def bind_members(rt: Runtime, *, chat_id: int, collective: str, members: list[str], by: int | None) -> Reply:
    """/bind 各县区 甲县 乙县 丙区: the units counted in a collective owner; each unit's bound users
    are reminded of the collective's items."""
    collective = strip_controls(collective).strip()[:200]
    names = [strip_controls(m).strip()[:200] for part in members for m in part.replace("，", "、").replace(",", "、")
             .split("、")]
    names = [n for n in names if n]
    with transaction(rt.engine) as session:
        add_members(session, chat_id, collective, names, at=rt.now(), by=by)
        found = list_members(session, chat_id, [collective]).get(collective, [])
    return Reply(messages.BIND_MEMBERS_OK.format(collective=collective, members="、".join(found)), changed=True)


def grant(rt: Runtime, *, chat_id: int, user_id: int, label: str, by: int | None) -> Reply:
    """/grant: the user becomes 督查员 in this chat (may confirm, edit and close items)."""
    with transaction(rt.engine) as session:
        _row, created = roles.grant_role(session, chat_id, user_id, at=rt.now(), by=by)
    text = messages.GRANT_OK if created else messages.GRANT_ALREADY
    return Reply(text.format(who=strip_controls(label)), changed=created)


def revoke(rt: Runtime, *, chat_id: int, user_id: int, label: str) -> Reply:
    with transaction(rt.engine) as session:
        count = roles.revoke_role(session, chat_id, user_id)
    text = messages.REVOKE_OK if count else messages.REVOKE_NONE
    return Reply(text.format(who=strip_controls(label)), changed=bool(count))


def inspectors(rt: Runtime, *, chat_id: int) -> Reply:
    with transaction(rt.engine) as session:
        ids = roles.list_role_holders(session, chat_id)
        names = users.get_display_names(session, ids)
    if not ids:
        return Reply(messages.GRANT_LIST_EMPTY)
    return Reply("\n".join([messages.GRANT_LIST_HEADER, *(f"{names.get(i, i)}（{i}）" for i in ids)]))


def unbind(rt: Runtime, *, chat_id: int, owner: str) -> Reply:
    with transaction(rt.engine) as session:
        count = unbind_owner(session, chat_id, owner) + remove_members(session, chat_id, owner)
    return Reply(messages.UNBIND_OK.format(owner=owner, count=count), changed=True)


def bindings(rt: Runtime, *, chat_id: int) -> Reply:
    with transaction(rt.engine) as session:
        rows = list_bindings(session, chat_id)
        names = users.get_display_names(session, [row.user_id for row in rows if row.user_id])
        members = list_members(session, chat_id)
    if not rows and not members:
        return Reply(messages.BIND_LIST_EMPTY)
    lines = [messages.BIND_LIST_HEADER]
    lines += [messages.BIND_MEMBERS_LINE.format(collective=c, members="、".join(m)) for c, m in members.items()]
    for row in rows:
        who = names.get(row.user_id) if row.user_id else None
        target = f"{who}（{row.user_id}）" if who else str(row.user_id or row.target_chat_id)
        lines.append(f"{row.owner} → {target}")
    return Reply("\n".join(lines))


def parse_settings(args: list[str]) -> dict[str, Any] | None:
    """/settings 提醒时间 09:30 | 询问时间 16:00 | 提前 3,1 | 免打扰 21:00-08:00 | 自动确认 开/关 |
    办结审核 开/关 | 默认时限 15 | 临期 3 | 滞后 10 | 督办升级 1,3,7 | 通报 周一 09:00 | 通报 关"""
    if len(args) < 2:
        return None
    key, value = args[0], "".join(args[1:])
    try:
        if key in ("提醒时间", "nudge_time"):
            return {"nudge_time": format_clock(parse_clock(value))}
        if key in ("询问时间", "closure_time"):
            return {"closure_time": format_clock(parse_clock(value))}
        if key in ("提前", "days_before"):
            days = parse_days_before(value)
            return {"days_before": list(days)} if 0 not in days else None
        if key in ("免打扰", "quiet"):
            start, end = parse_quiet_hours(value)
            return {"quiet_start": format_clock(start), "quiet_end": format_clock(end)}
        if key in ("默认时限", "default_limit"):
            return {"default_limit_days": parse_limit_days(value)}
        if key in ("临期", "warning"):
            return {"warning_days": parse_window_days(value)}
        if key in ("滞后", "stagnation"):
            return {"stagnation_days": parse_window_days(value)}
        if key in ("督办升级", "升级", "ladder"):
            return {"ladder_days": list(parse_ladder(" ".join(args[1:])))}
        if key in ("通报", "bulletin") and value not in (messages.YES, messages.NO, "on", "off"):
            weekday, at = parse_weekly(" ".join(args[1:]))
            return {"bulletin": True, "bulletin_weekday": weekday,
                    **({"bulletin_time": format_clock(at)} if at is not None else {})}
    except ValueError:
        return None
    switches = {"自动确认": "auto_confirm", "auto_confirm": "auto_confirm", "办结审核": "review", "审核": "review",
                "review": "review", "通报": "bulletin", "bulletin": "bulletin"}
    if key in switches:
        if value in (messages.YES, "on", "是", "1"):
            return {switches[key]: True}
        if value in (messages.NO, "off", "否", "0"):
            return {switches[key]: False}
    return None


def settings(rt: Runtime, *, chat_id: int, args: list[str]) -> Reply:
    """/settings: the chat's effective settings (the deployment's, with the chat's overrides)."""
    if args:
        changes = parse_settings(args)
        if changes is None:
            return Reply(messages.SETTINGS_BAD)
        with transaction(rt.engine) as session:
            update_chat_settings(session, chat_id, at=rt.now(), **changes)
    with transaction(rt.engine) as session:
        config = config_for(session, chat_id, rt.policy)
    quiet = (messages.SETTINGS_QUIET.format(start=format_clock(config.quiet_start), end=format_clock(config.quiet_end))
             if config.quiet_start != config.quiet_end else messages.NO)  # equal ends: no quiet hours
    text = messages.SETTINGS_VIEW.format(
        timezone=config.tz.key, nudge_time=format_clock(config.nudge_time),
        closure_time=format_clock(config.closure_time),
        days_before="、".join(str(d) for d in config.days_before) or "0", quiet=quiet,
        auto_confirm=messages.YES if config.auto_confirm else messages.NO,
        review=messages.YES if config.review_in(chat_id) else messages.NO, default_limit=config.default_limit_days,
        warning_days=config.warning_days, stagnation_days=config.stagnation_days,
        ladder="、".join(str(day) for day in config.ladder_days),
        bulletin=(messages.SETTINGS_BULLETIN_AT.format(weekday=messages.WEEKDAYS[config.bulletin_weekday],
                                                        time=format_clock(config.bulletin_time))
                  if config.bulletin else messages.NO))
    if args:
        text = messages.SETTINGS_OK + "\n\n" + text
    return Reply(text, changed=bool(args))


def remember_user(rt: Runtime, user_id: int, username: str | None, full_name: str | None) -> None:
    """Write a user's @username and name to the database when they changed."""
    seen = (username.lower() if username else None, strip_controls(full_name) or None)
    if rt.users_stored.get(user_id) == seen:
        return
    with transaction(rt.engine) as session:
        users.remember_user(session, user_id, username=seen[0], full_name=seen[1], at=rt.now())
    rt.users_stored[user_id] = seen


def is_granted(rt: Runtime, chat_id: int, user_id: int) -> bool:
    """督查员 in this chat, or listed in its settings' admin ids."""
    with transaction(rt.engine) as session:
        return (roles.has_role(session, chat_id, user_id)
                or user_id in config_for(session, chat_id, rt.policy).admin_user_ids)


def display_names(engine: Engine, user_ids: list[int]) -> dict[int, str]:
    """The stored names of these users (for mentions)."""
    with transaction(engine) as session:
        return users.get_display_names(session, user_ids)


def move_chat(engine: Engine, old_chat_id: int, new_chat_id: int) -> None:
    """A group became a supergroup: its items, bindings and settings follow it."""
    with transaction(engine) as session:
        migrate_chat(session, old_chat_id, new_chat_id)


def record_private_start(rt: Runtime, user_id: int) -> None:
    """/start in a private chat: the bot may write to this user privately from now on."""
    with transaction(rt.engine) as session:
        starts.record_start(session, user_id, at=rt.now())


def ladder_admins(engine: Engine, chat_id: int, known: list[int]) -> tuple[list[int], list[int]]:
    """(every admin to tell of an escalation: `known` (group administrators, DUBAN_ADMINS, the
    chat's admin ids) and its 督查员; those of them who started the bot privately)."""
    with transaction(engine) as session:
        admins = list(dict.fromkeys([*known, *roles.list_role_holders(session, chat_id)]))
        return admins, starts.started_among(session, admins)


def forget_private_start(engine: Engine, user_id: int) -> None:
    """The user blocked the bot: no more private messages."""
    with transaction(engine) as session:
        starts.forget_start(session, user_id)
