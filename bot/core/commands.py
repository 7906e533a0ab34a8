"""One command parser for both adapters, and the commands they share.

    parse_command("/list@duban_bot 市人社局 逾期", bot_username="duban_bot")
    → Command(Name.LIST, ["市人社局", "逾期"], "市人社局 逾期")

Telegram sees the slash commands; the console also reads the words without a slash and its
own verbs (confirm, done 3, 快进 3天 …). Who may run what is declared here (`RIGHTS`); the
adapters check it, since only they know who is an admin.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, StrEnum

from bot import messages
from bot.core import admin, detail, events, extensions, items, ledger, reports, review
from bot.core.reply import Reply
from bot.core.runtime import Runtime
from extraction.normalize import fold


class Name(StrEnum):
    START = "start"
    HELP = "help"
    LIST = "list"
    OVERDUE = "overdue"
    ITEM = "item"
    CLOSE = "close"
    EXPORT = "export"
    BIND = "bind"
    UNBIND = "unbind"
    GRANT = "grant"
    REVOKE = "revoke"
    SETTINGS = "settings"
    EXTRACT = "extract"
    EVENT = "event"  # /event N [时间]: a waiting item's event happened (or happens then)
    APPROVE = "approve"  # /approve N: 审核通过
    RETURN = "return"  # /return N 原因: 退回重办
    EXTEND = "extend"  # /extend N 12月30日 原因: 申请延期
    REPORT = "report"  # /report [本周|本月|全部|上周] [docx]: the 通报
    ICS = "ics"  # /ics [责任单位]: the calendar feed
    # the console's own (Telegram has buttons and replies for these)
    CONFIRM = "confirm"
    DELETE = "delete"
    DUE = "due"
    OWNER = "owner"
    DONE = "done"
    PROGRESS = "progress"
    SNOOZE = "snooze"
    KEEP = "keep"  # 不合并 N
    CHAIN = "chain"  # 改前序 N #M
    LIMIT = "limit"  # 按默认时限 N
    EXTENSION_YES = "grant_extension"  # 同意延期 N
    EXTENSION_NO = "refuse_extension"  # 不同意延期 N
    FILE = "file"
    PASTE = "paste"
    END = "end"
    ADVANCE = "advance"
    TIME = "time"
    QUIT = "quit"


class Right(Enum):
    ANYONE = "anyone"
    ADMIN = "admin"  # group administrators, DUBAN_ADMINS, 督查员
    CHAT_ADMIN = "chat_admin"  # group administrators and DUBAN_ADMINS only (they grant 督查员)


RIGHTS = {Name.START: Right.ANYONE, Name.HELP: Right.ANYONE, Name.EXTRACT: Right.ANYONE,
          Name.EVENT: Right.ANYONE, Name.EXTEND: Right.ANYONE,
          Name.GRANT: Right.CHAT_ADMIN, Name.REVOKE: Right.CHAT_ADMIN}
ALIASES = {"exit": Name.QUIT, "退出": Name.QUIT, "帮助": Name.HELP, "台账": Name.LIST, "逾期": Name.OVERDUE,
           "事项": Name.ITEM, "销号": Name.CLOSE, "导出": Name.EXPORT, "设置": Name.SETTINGS, "确认": Name.CONFIRM,
           "删除": Name.DELETE, "改时限": Name.DUE, "改责任单位": Name.OWNER, "办结": Name.DONE, "已办结": Name.DONE,
           "进展": Name.PROGRESS, "稍后提醒": Name.SNOOZE, "文件": Name.FILE, "粘贴": Name.PASTE,
           "结束": Name.END, "快进": Name.ADVANCE, "时间": Name.TIME, "记录事件": Name.EVENT,
           "审核通过": Name.APPROVE, "退回重办": Name.RETURN, "申请延期": Name.EXTEND, "同意延期": Name.EXTENSION_YES,
           "不同意延期": Name.EXTENSION_NO, "不合并": Name.KEEP, "改前序": Name.CHAIN, "默认时限": Name.LIMIT,
           "通报": Name.REPORT, "日历": Name.ICS}
_WORDS = {**{n.value: n for n in Name}, **ALIASES}
_PREFIXES = sorted((w for w in _WORDS if not w.isascii()), key=len, reverse=True)


@dataclass(frozen=True)
class Command:
    name: Name
    args: list[str] = field(default_factory=list)
    rest: str = ""  # everything after the command word, as written

    @property
    def number(self) -> int | None:
        """The item number of `done 3`, `/item #3`."""
        if not self.args:
            return None
        word = self.args[0].lstrip("#＃")
        return int(word) if word.isdigit() else None

    @property
    def after_number(self) -> str:
        """What follows the item number: `/event 5 12月15日上午9点` → "12月15日上午9点"."""
        return self.rest.partition(" ")[2].strip() if self.number is not None else ""

    @property
    def right(self) -> Right:
        return RIGHTS.get(self.name, Right.ADMIN)


def parse_command(text: str | None, *, bot_username: str | None = None, slash_only: bool = False) -> Command | None:
    """The command in `text`, or None when it is not one (or is addressed to another bot)."""
    line = (text or "").strip()
    slash = line.startswith("/")
    if not line or (slash_only and not slash):
        return None
    head, _, rest = line[1:].partition(" ") if slash else line.partition(" ")
    head, at, addressee = head.partition("@")
    head = fold(head)  # 辦結 3, 臺賬: the command word in traditional or full-width forms
    if at and bot_username and addressee.lower() != bot_username.lower():
        return None
    name = _WORDS.get(head.lower())
    if name is None and not slash:
        word = next((w for w in _PREFIXES if head.startswith(w)), None)  # 快进3天, 销号3
        if word is not None:
            name, rest = _WORDS[word], (head[len(word):] + " " + rest).strip()
    if name is None:
        return None
    rest = rest.strip()
    return Command(name, rest.split(), rest)


def run_command(rt: Runtime, *, chat_id: int, user_id: int | None, command: Command) -> Reply | None:
    """The commands both adapters answer the same way; None for the others."""
    if command.name in (Name.START, Name.HELP):
        return Reply(messages.START)
    if command.name == Name.LIST:
        return ledger.list_items(rt, chat_id=chat_id, args=command.args)
    if command.name == Name.OVERDUE:
        return ledger.overdue_items(rt, chat_id=chat_id)
    if command.name == Name.SETTINGS:
        return admin.settings(rt, chat_id=chat_id, args=command.args)
    if command.name == Name.REPORT:
        return reports.report(rt, chat_id=chat_id, args=command.args)
    if command.name == Name.ICS:
        return reports.ics(rt, chat_id=chat_id, args=command.args)
    if command.name in NUMBERED:
        number = command.number
        if number is None:
            return Reply(NUMBERED[command.name])
        return _numbered(rt, chat_id, user_id, command, number)
    return None


NUMBERED = {Name.ITEM: messages.ITEM_USAGE, Name.CLOSE: messages.CLOSE_USAGE, Name.EVENT: messages.EVENT_USAGE,
            Name.APPROVE: messages.APPROVE_USAGE, Name.RETURN: messages.RETURN_USAGE,
            Name.EXTEND: messages.EXTEND_COMMAND_USAGE}


def _numbered(rt: Runtime, chat_id: int, user_id: int | None, command: Command, number: int) -> Reply:
    name, rest = command.name, command.after_number
    if name == Name.ITEM:
        return detail.item_detail(rt, chat_id=chat_id, number=number)
    if name == Name.CLOSE:
        return items.close(rt, chat_id=chat_id, number=number, by=user_id)
    if name == Name.EVENT:
        return events.record(rt, chat_id=chat_id, number=number, by=user_id, text=rest)
    if name == Name.APPROVE:
        return review.approve(rt, chat_id=chat_id, number=number, by=user_id)
    if name == Name.RETURN:
        if not rest:
            return review.return_prompt(rt, chat_id=chat_id, number=number)
        return review.return_item(rt, chat_id=chat_id, number=number, by=user_id, reason=rest)
    return extensions.request(rt, chat_id=chat_id, number=number, by=user_id, text=rest)
