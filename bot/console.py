"""`duban console`: the bot's conversation in a terminal, on SQLite, without Telegram.

Paste a speech (end with an empty line) or `/file path`, then `confirm`, `done 3`,
`progress 3 …`, `/list`, `/overdue` … The same `bot.actions` as the Telegram handlers do the
work. Nudges are printed as they fire; time runs `--speed` times faster (ScaledClock), so a
newcomer sees the first reminders within a minute. EOF on stdin ends the session.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from bot import actions, callbacks, chat_admin, export, messages, render
from bot.document_worker import DocumentLimits, read_document
from bot.documents import DocumentError
from bot.runtime import Runtime
from bot.sweeping import start_sweep, stop_sweep
from scheduler.clock import ScaledClock, SystemClock
from scheduler.notifier import NudgeMessage
from storage.chat_queries import latest_activity
from storage.db import make_engine, transaction
from storage.migrate import upgrade

CONSOLE_CHAT_ID = 1  # the terminal is one private chat …
CONSOLE_USER_ID = 1  # … of one user, who is its admin
DEFAULT_SPEED = 3600.0  # one simulated hour per second: tomorrow's 09:00 reminder comes within a minute
DEFAULT_DB = "sqlite:///./data/console.db"
MAX_FILE_BYTES = 64 * 1024 * 1024

_NUMBERED = re.compile(r"^(confirm|delete|due|owner|done|办结|progress|进展|snooze|close|销号)\b\s*(.*)$",
                       re.IGNORECASE | re.DOTALL)


class ConsoleNotifier:
    """Nudges go to the terminal."""

    def __init__(self, console: Console):
        self.console = console
        self._ids = itertools.count(1)

    async def send(self, message: NudgeMessage) -> int:
        rt = self.console.rt
        when = rt.now().astimezone(rt.tz).strftime("%Y-%m-%d %H:%M")
        self.console.out(messages.CONSOLE_NUDGE.format(when=when, text=render.nudge_body(message, rt.tz)))
        self.console.out(messages.CONSOLE_ITEM_HINT.format(id=message.obligation_id))
        return next(self._ids)


class Console:
    def __init__(self, rt: Runtime, out: Callable[[str], None] = print, *, speed: float = 1.0):
        self.rt, self.out, self.speed = rt, out, speed
        self.paste: list[str] = []
        self.last_speech: int | None = None

    # ---------------------------------------------------------------- input

    async def handle(self, line: str) -> bool:
        """One input line. Returns False when the user asked to quit."""
        line = line.rstrip("\r\n")
        stripped = line.strip()
        if self.paste:
            if stripped:
                self.paste.append(line)
            else:
                await self.flush()
            return True
        if not stripped:
            return True
        lowered = stripped.lower()
        if lowered in ("quit", "exit", "/quit", "退出"):
            return False
        if lowered in ("help", "/help", "/start", "帮助"):
            self.out(messages.CONSOLE_HELP)
        elif lowered == "time":
            self.out(messages.CONSOLE_TIME.format(now=self._now_text(), speed=self.speed))
        elif stripped.startswith("/"):
            await self.command(stripped)
        elif (match := _NUMBERED.match(stripped)) is not None:
            self.numbered(match.group(1).lower(), match.group(2).strip())
        else:
            self.paste.append(line)
        return True

    async def flush(self) -> None:
        """The pasted speech is complete."""
        text, self.paste = "\n".join(self.paste), []
        if text.strip():
            self.show(await asyncio.to_thread(actions.ingest, self.rt, chat_id=CONSOLE_CHAT_ID,
                                              user_id=CONSOLE_USER_ID, text=text))

    async def command(self, line: str) -> None:
        name, _, rest = line.partition(" ")
        args = rest.split()
        rt, chat = self.rt, CONSOLE_CHAT_ID
        if name == "/file":
            await self.read_file(rest.strip())
        elif name == "/list":
            self.show(actions.list_items(rt, chat_id=chat, args=args))
        elif name == "/overdue":
            self.show(actions.overdue_items(rt, chat_id=chat))
        elif name == "/item":
            number = _number(args)
            self.show(actions.item_detail(rt, chat_id=chat, obligation_id=number) if number is not None
                      else actions.Reply(messages.ITEM_USAGE))
        elif name == "/close":
            self.numbered("close", rest)
        elif name == "/export":
            file_name, data, _caption = export.export(rt, chat)
            path = Path(rest.strip() or file_name)
            path.write_bytes(data)
            self.out(messages.CONSOLE_EXPORTED.format(path=path, count=len(export.ledger_rows(rt, chat))))
        elif name == "/settings":
            self.show(chat_admin.settings(rt, chat_id=chat, args=args))
        else:
            self.out(messages.CONSOLE_UNKNOWN.format(line=line))

    def numbered(self, verb: str, rest: str) -> None:
        rt, chat, user = self.rt, CONSOLE_CHAT_ID, CONSOLE_USER_ID
        if verb == "confirm":
            if self.last_speech is None:
                self.out(messages.CONSOLE_NOTHING_TO_CONFIRM)
                return
            self.show(actions.confirm_all(rt, chat_id=chat, speech_id=self.last_speech, by=user))
            return
        number_text, _, value = rest.partition(" ")
        number = _number([number_text])
        if number is None:
            self.out(messages.CONSOLE_NUMBER_NEEDED.format(example=f"{verb} 3"))
            return
        if verb == "delete":
            reply = actions.delete_pending(rt, chat_id=chat, obligation_id=number, by=user)
        elif verb in ("due", "owner"):
            reply = actions.edit_item(rt, chat_id=chat, obligation_id=number, by=user, what=verb, value=value)
        elif verb in ("done", "办结"):
            reply = actions.mark_done(rt, chat_id=chat, obligation_id=number, by=user)
        elif verb in ("progress", "进展"):
            reply = actions.add_progress(rt, chat_id=chat, obligation_id=number, by=user, text=value)
        elif verb == "snooze":
            choice = "tomorrow" if value.strip() in ("明天", "tomorrow", "t") else "hour"
            reply = actions.snooze(rt, chat_id=chat, obligation_id=number, by=user, choice=choice)
        else:  # close / 销号
            reply = actions.close(rt, chat_id=chat, obligation_id=number, by=user)
        self.show(reply)

    async def read_file(self, path_text: str) -> None:
        path = Path(path_text.strip().strip('"').strip("'"))
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
        self.show(await asyncio.to_thread(actions.ingest, self.rt, chat_id=CONSOLE_CHAT_ID, user_id=CONSOLE_USER_ID,
                                          text=text))

    # ---------------------------------------------------------------- output

    def show(self, reply: actions.Reply | None) -> None:
        """Print a reply; a paged confirmation list is printed whole (every page), so `confirm`
        confirms only what was shown."""
        if reply is None:
            return
        self.out(reply.text)
        pressed = [callbacks.parse(b.data) for row in reply.buttons for b in row]
        following = [p for p in pressed if p and p.action == callbacks.PAGE and p.arg and p.arg.isdigit()]
        shown = {0}
        while following:
            page = max(int(p.arg) for p in following)
            if page in shown:
                break
            shown.add(page)
            more = actions.show_page(self.rt, chat_id=CONSOLE_CHAT_ID, speech_id=following[0].target, page=page)
            self.out(more.text)
            following = [p for p in (callbacks.parse(b.data) for row in more.buttons for b in row)
                         if p and p.action == callbacks.PAGE and p.arg and p.arg.isdigit()]
        speech = next((p.target for p in pressed if p and p.action == callbacks.CONFIRM_ALL), None)
        if speech is not None:
            self.last_speech = speech
            self.out(messages.CONSOLE_CONFIRM_HINT)
        item = next((p.target for p in pressed if p and p.action == callbacks.DONE), None)
        if item is not None:
            self.out(messages.CONSOLE_ITEM_HINT.format(id=item))

    def _now_text(self) -> str:
        return self.rt.now().astimezone(self.rt.tz).strftime("%Y-%m-%d %H:%M")


def _number(args: list[str]) -> int | None:
    if not args:
        return None
    word = args[0].lstrip("#＃")
    return int(word) if word.isdigit() else None


async def _lines(stream: TextIO) -> asyncio.Queue:
    """stdin lines, read in a thread so nudges keep printing while the user types; None at EOF."""
    queue: asyncio.Queue = asyncio.Queue()
    loop = asyncio.get_running_loop()

    def reader() -> None:
        try:
            for line in stream:
                loop.call_soon_threadsafe(queue.put_nowait, line)
        finally:
            loop.call_soon_threadsafe(queue.put_nowait, None)

    threading.Thread(target=reader, name="duban-console-stdin", daemon=True).start()
    return queue


async def run_console(db_url: str = DEFAULT_DB, *, speed: float = DEFAULT_SPEED, stdin: TextIO | None = None,
                      out: Callable[[str], None] | None = None, tz: str = "Asia/Shanghai",
                      max_idle: float = 5.0) -> int:
    from zoneinfo import ZoneInfo

    def write(text: str) -> None:
        print(text, flush=True)

    out = out or write
    upgrade(db_url)
    engine = make_engine(db_url)
    with transaction(engine) as session:  # simulated time continues where the last session left it
        latest = latest_activity(session)
    clock = ScaledClock(max(SystemClock().now(), latest or SystemClock().now()), time.time(), speed)
    rt = Runtime(engine=engine, clock=clock, tz=ZoneInfo(tz), admins=frozenset({CONSOLE_USER_ID}))
    console = Console(rt, out, speed=speed)
    out(messages.CONSOLE_WELCOME.format(db=db_url, speed=speed, now=console._now_text()))
    start_sweep(rt, ConsoleNotifier(console), max_idle=max_idle, worker="console")
    queue = await _lines(stdin or sys.stdin)
    try:
        while True:
            line = await queue.get()
            if line is None:  # EOF: read what was pasted, then leave
                await console.flush()
                break
            if not await console.handle(line):
                break
    finally:
        await stop_sweep(rt)
        engine.dispose()
    out(messages.CONSOLE_BYE)
    return 0
