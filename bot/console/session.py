"""The terminal conversation: blocks of input lines in, the core's replies printed out.

A block of several lines that arrived together (a paste) is one speech, blank lines and all;
command lines in it (`confirm`, `/list` …) still run, so piped input works too. A single line
is a command, a one-line speech, or gets 没有看懂 with a hint. `/paste` … `/end` marks a speech
explicitly. The console speaks the same protocol as Telegram: `done 3` is the ✅ button's press,
`due 3 12月10日前` the answer to the 改时限 prompt.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from bot import messages
from bot.core import admin, confirmation, export, extensions, intake
from bot.core.answers import answer_press, answer_reply
from bot.core.commands import Command, Name, parse_command, run_command
from bot.core.protocol import Action, Press, Purpose, ReplyContext, parse
from bot.core.reply import Reply
from bot.core.runtime import Runtime
from bot.documents.reader import DocumentError
from bot.documents.worker import DocumentLimits, read_document
from scheduler.clock import OffsetClock

CONSOLE_CHAT_ID = 1  # the terminal is one private chat …
CONSOLE_USER_ID = 1  # … of one user, who is its admin
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_JUMP_STEPS = 100_000
MAX_JUMP = timedelta(days=366)  # one 快进 at most
_UNIT_WORDS = "天|日|d|day|days|小时|个小时|h|hour|hours|分钟|分|m|min|周|星期|w|week|weeks"
_DURATION = re.compile(rf"^\s*(\d+)\s*({_UNIT_WORDS})\s*$", re.IGNORECASE)
_UNITS = {"天": "days", "日": "days", "d": "days", "day": "days", "days": "days", "小时": "hours", "个小时": "hours",
          "h": "hours", "hour": "hours", "hours": "hours", "分钟": "minutes", "分": "minutes", "m": "minutes",
          "min": "minutes", "周": "weeks", "星期": "weeks", "w": "weeks", "week": "weeks", "weeks": "weeks"}
CYCLE_ACTIONS = {Action.APPROVE, Action.RETURN, Action.EXTENSION_YES, Action.EXTENSION_NO, Action.EVENT_NOW,
                 Action.EVENT_ASK}
FORWARDED = {Name.BIND, Name.UNBIND, Name.GRANT, Name.REVOKE, Name.EXTRACT}


def parse_duration(text: str) -> timedelta | None:
    """"3天" / "3d" / "12 小时" / "2w" → a timedelta; None for anything else."""
    match = _DURATION.match(text)
    if not match:
        return None
    return timedelta(**{_UNITS[match.group(2).lower()]: int(match.group(1))})


class Console:
    def __init__(self, rt: Runtime, out: Callable[[str], None] = print, files: Path = Path("data")):
        self.rt, self.out = rt, out
        self.files = files  # where /report, /ics and /export write their files
        self.pasting: list[str] | None = None  # inside /paste … /end
        self.last_speech: int | None = None
        self.started_at: datetime = rt.now()
        # named, so an item's history reads 导入（终端用户）, not 导入（1）, which looks like a count
        admin.remember_user(rt, CONSOLE_USER_ID, None, messages.CONSOLE_USER_NAME)

    # ---------------------------------------------------------------- input

    async def handle_block(self, lines: list[str]) -> bool:
        """Lines that arrived together. Returns False when the user asked to quit."""
        single = len([line for line in lines if line.strip()]) == 1
        text: list[str] = []
        for line in lines:
            command = None if self.pasting is not None and not _is_end(line) else self._command(line, single)
            if command is None:
                (self.pasting if self.pasting is not None else text).append(line)
                continue
            await self._speech(text, single)
            text = []
            if not await self.run(command):
                return False
        await self._speech(text, single)
        return True

    async def handle(self, line: str) -> bool:
        """One line typed on its own."""
        return await self.handle_block([line])

    def _command(self, line: str, single: bool) -> Command | None:
        """A command line. Inside a paste only `/…` and English command words count: a speech
        may well hold a line such as 确认."""
        command = parse_command(line)
        if command is None or single or line.strip().startswith("/"):
            return command
        word = line.strip().split()[0]
        return command if word.isascii() else None

    async def _speech(self, lines: list[str], single: bool) -> None:
        text = "\n".join(lines).strip()
        if not text:
            return
        if single and "\n" not in text:  # one line: a one-line speech, or a typo
            reply = await asyncio.to_thread(intake.ingest, self.rt, chat_id=CONSOLE_CHAT_ID, user_id=CONSOLE_USER_ID,
                                            text=text, quiet_if_empty=True)
            self.show(reply or Reply(messages.CONSOLE_NOT_UNDERSTOOD.format(line=text[:40])))
            return
        await self._ingest(text)

    async def _ingest(self, text: str) -> None:
        self.show(await asyncio.to_thread(intake.ingest, self.rt, chat_id=CONSOLE_CHAT_ID, user_id=CONSOLE_USER_ID,
                                          text=text))

    async def flush(self) -> bool:
        """End of input: a /paste left open is still read. False when there was no text to read."""
        if self.pasting is not None:
            text, self.pasting = "\n".join(self.pasting), None
            if text.strip():
                await self._ingest(text)
                return True
        return False

    async def run(self, command: Command) -> bool:
        rt, chat, name = self.rt, CONSOLE_CHAT_ID, command.name
        if name == Name.QUIT:
            return False
        if name in (Name.HELP, Name.START):
            self.out(messages.CONSOLE_HELP)
        elif name == Name.TIME:
            self.out(messages.CONSOLE_TIME.format(now=self.now_text()))
        elif name == Name.PASTE:
            self.pasting = []
            self.out(messages.CONSOLE_PASTE_STARTED)
        elif name == Name.END:
            if not await self.flush():
                self.out(messages.CONSOLE_PASTE_EMPTY)
        elif name == Name.FILE:
            await self.read_file(command.rest)
        elif name == Name.ADVANCE:
            delta = parse_duration(command.rest)
            if delta is None:
                self.out(messages.CONSOLE_ADVANCE_USAGE)
            elif delta > MAX_JUMP:  # time never runs back: a slip of the finger (99999天) would strand the file
                self.out(messages.CONSOLE_ADVANCE_TOO_FAR.format(days=MAX_JUMP.days))
            else:
                await self.advance(delta)
        elif name == Name.EXPORT:
            file_name, data, caption = await asyncio.to_thread(export.export, rt, chat)
            path = Path(command.rest) if command.rest else self.files / file_name
            self.out(messages.CONSOLE_EXPORTED.format(path=self.save(path, data), caption=caption))
        elif name == Name.RETURN and command.number is not None and not command.after_number:
            self.out(messages.RETURN_USAGE)  # Telegram asks for the reason as a reply; a terminal cannot reply
        elif name in FORWARDED:
            self.out(messages.CONSOLE_TELEGRAM_ONLY.format(name=name.value))
        elif name == Name.CONFIRM:
            if self.last_speech is None:
                self.out(messages.CONSOLE_NOTHING_TO_CONFIRM)
            else:
                self.show(confirmation.confirm_items(rt, chat_id=chat, speech_id=self.last_speech, by=CONSOLE_USER_ID))
        else:
            self.show(run_command(rt, chat_id=chat, user_id=CONSOLE_USER_ID, command=command) or self.on_item(command))
        return True

    def on_item(self, command: Command) -> Reply:
        """delete / due / owner / chain / keep / limit / done / progress / snooze N, 同意延期 N: the
        presses and replies of Telegram."""
        number = command.number
        if number is None:
            return Reply(messages.CONSOLE_NUMBER_NEEDED.format(example=f"{command.name.value} 3"))
        value = command.after_number
        if command.name == Name.PROGRESS and not value:
            return Reply(messages.CONSOLE_PROGRESS_USAGE)
        if command.name in (Name.EXTENSION_YES, Name.EXTENSION_NO):
            return extensions.decide_latest(self.rt, chat_id=CONSOLE_CHAT_ID, number=number, by=CONSOLE_USER_ID,
                                            approved=command.name == Name.EXTENSION_YES)
        presses = {Name.DELETE: Press(Action.DELETE, number), Name.DONE: Press(Action.DONE, number),
                   Name.KEEP: Press(Action.KEEP, number), Name.LIMIT: Press(Action.DEFAULT_LIMIT, number),
                   Name.SNOOZE: Press(Action.SNOOZE, number, "t" if value in ("明天", "tomorrow", "t") else "h")}
        if command.name == Name.SNOOZE and value not in ("", "明天", "tomorrow", "t", "h", "1小时", "1小时后"):
            return answer_reply(self.rt, chat_id=CONSOLE_CHAT_ID, user_id=CONSOLE_USER_ID,
                                context=ReplyContext(Purpose.SNOOZE_TIME, (number,)), text=value,
                                is_admin=True) or Reply(messages.ERROR)
        if command.name in presses:
            reply = answer_press(self.rt, chat_id=CONSOLE_CHAT_ID, user_id=CONSOLE_USER_ID, press=presses[command.name])
        else:
            purpose = {Name.DUE: Purpose.EDIT_DUE, Name.OWNER: Purpose.EDIT_OWNER,
                       Name.CHAIN: Purpose.EDIT_CHAIN}.get(command.name, Purpose.PROGRESS)
            reply = answer_reply(self.rt, chat_id=CONSOLE_CHAT_ID, user_id=CONSOLE_USER_ID,
                                 context=ReplyContext(purpose, (number,)), text=value, is_admin=True)
        return reply or Reply(messages.ERROR)

    async def read_file(self, path_text: str) -> None:
        if not path_text.strip():
            self.out(messages.CONSOLE_FILE_USAGE)
            return
        path = Path(path_text.strip().strip('"').strip("'"))
        if path.is_dir():
            self.out(messages.CLI_IS_DIRECTORY.format(path=path_text))
            return
        if not path.is_file():
            self.out(messages.CLI_NO_FILE.format(path=path_text))
            return
        try:
            limits = DocumentLimits(memory_mb=self.rt.document_memory_mb, timeout=self.rt.document_timeout,
                                    max_chars=self.rt.document_max_chars, max_bytes=MAX_FILE_BYTES)
            text = await read_document(path.read_bytes(), path.name, limits)
        except DocumentError as error:
            self.out(error.message)
            return
        except OSError as error:
            self.out(messages.CLI_READ_FAILED.format(path=path_text, reason=error.strerror))
            return
        await self._ingest(text)

    async def advance(self, delta: timedelta) -> None:
        """快进: move the clock forward, stopping at each reminder due on the way so that they
        fire in order, each at its own time."""
        clock, loop = self.rt.clock, self.rt.sweep_loop
        if not isinstance(clock, OffsetClock):
            raise TypeError("the console's clock is an OffsetClock")
        target = clock.now() + delta
        last: datetime | None = None
        for _ in range(MAX_JUMP_STEPS if loop is not None else 0):
            assert loop is not None
            wake = await asyncio.to_thread(loop.sweeper.next_wake)
            if wake is None or wake > target or (last is not None and wake <= last):
                break  # nothing more falls due in the jump (or nothing moved: do not spin)
            clock.move_to(wake)
            await loop.tick()
            last = wake
        clock.move_to(target)
        if loop is not None:
            await loop.tick()
        self.out(messages.CONSOLE_ADVANCED.format(now=self.now_text()))

    # ---------------------------------------------------------------- output

    def show(self, reply: Reply | None) -> None:
        """Print a reply; a paged confirmation list is printed whole (every page), so `confirm`
        confirms only what was shown."""
        if reply is None:
            return
        self.out(reply.text)
        if reply.document is not None:  # /report docx, /ics
            self.out(messages.CONSOLE_SAVED.format(path=self.save(self.files / reply.document[0], reply.document[1])))
        if reply.photo is not None:  # a 通报's chart
            path = self.save(self.files / reply.photo[0], reply.photo[1])
            self.out(messages.REPORT_SAVED_CHART.format(path=path))
        pressed = {press.action for row in reply.buttons for b in row if (press := parse(b.data)) is not None}
        if reply.purpose == Purpose.CONFIRMATION and reply.speech_id is not None:
            for page in range(reply.page + 1, reply.pages):
                self.out(confirmation.show_page(self.rt, chat_id=CONSOLE_CHAT_ID, speech_id=reply.speech_id,
                                                page=page).text)
            if Action.CONFIRM_PAGE in pressed:  # items wait for confirmation (not: the list of those confirmed)
                self.last_speech = reply.speech_id
                self.out(messages.CONSOLE_CONFIRM_HINT)
        elif reply.purpose == Purpose.ITEM and Action.DONE in pressed and reply.numbers:  # an open item
            self.out(item_hint(reply.numbers[0], extend=Action.EXTEND in pressed))
        if pressed & CYCLE_ACTIONS:  # buttons the terminal has commands for instead
            self.out(messages.CONSOLE_CYCLE_HINT)

    def save(self, path: Path, data: bytes) -> Path:
        """Write a file the conversation produced; its path is printed."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def now_text(self) -> str:
        return self.rt.now().astimezone(self.rt.tz).strftime("%Y-%m-%d %H:%M")


def item_hint(number: int, *, extend: bool) -> str:
    """What to type for an open item's buttons (⏳ 申请延期 only while it may still be asked)."""
    return messages.CONSOLE_ITEM_HINT.format(
        id=number, extend=messages.CONSOLE_ITEM_HINT_EXTEND.format(id=number) if extend else "")


def _is_end(line: str) -> bool:
    command = parse_command(line)
    return command is not None and command.name == Name.END
