"""`duban console` (and `duban run` without a token): the conversation in a terminal, in real
time, on its own SQLite file (data/console.db, never the bot's database). Reminders are
printed as they fire; `快进 3天` jumps ahead. EOF on stdin ends the session."""

from __future__ import annotations

import asyncio
import itertools
import logging
import sys
from collections.abc import Callable
from datetime import timedelta
from typing import TextIO

from bot import messages
from bot.console.session import CONSOLE_USER_ID, Console, item_hint
from bot.console.stdin import PASTE_GAP, read_blocks
from bot.core import render, reports
from bot.core.nudges import about, steps
from bot.core.runtime import Runtime
from bot.sweeping import start_sweep, stop_sweep
from scheduler import policy as nudge_policy
from scheduler.bulletins import BulletinDue
from scheduler.clock import OffsetClock, SystemClock
from scheduler.config import PolicyConfig
from scheduler.notifier import NudgeMessage
from storage import ledger
from storage.db import make_engine, transaction
from storage.migrate import upgrade

DEFAULT_DB = "sqlite:///./data/console.db"
log = logging.getLogger(__name__)


class ConsoleNotifier:
    """Nudges go to the terminal, with what to type instead of buttons to tap."""

    def __init__(self, console: Console):
        self.console = console
        self._ids = itertools.count(1)

    async def send(self, message: NudgeMessage) -> int:
        console, rt = self.console, self.console.rt
        # 补发 only for what fell due before this session began (the console was not running).
        late = message.caught_up and message.planned_at < console.started_at
        found = await asyncio.to_thread(about, rt.engine, message, rt.policy)
        ladder = steps(message)
        text = render.nudge_body(message, rt.tz, buttons=False, caught_up_note=late, number=found.number,
                                 owners=found.owners, mark=found.mark, notice=nudge_policy.NOTICE in ladder)
        if nudge_policy.ESCALATE in ladder:
            text += "\n" + messages.NUDGE_ESCALATE.format(admins="")
        console.out(messages.CONSOLE_NUDGE.format(when=console.now_text(), text=text))
        if found.buttons:
            console.out(item_hint(found.number, extend=found.extend))
        return next(self._ids)


class ConsolePublisher:
    """The weekly 通报 printed in the terminal, its chart saved to a file whose path is printed."""

    def __init__(self, console: Console):
        self.console = console
        self._ids = itertools.count(1)

    async def publish(self, due: BulletinDue) -> int:
        reply = await asyncio.to_thread(reports.scheduled, self.console.rt, due.chat_id)
        self.console.out(messages.CONSOLE_NUDGE.format(when=self.console.now_text(), text=""))
        self.console.show(reply)
        return next(self._ids)


async def answered(console: Console, block: list[str], out: Callable[[str], None]) -> bool:
    """One block handled; a failure is answered in Chinese and the session goes on (a file that
    cannot be written: its reason; anything else: logged, and 出错了)."""
    try:
        return await console.handle_block(block)
    except OSError as error:
        out(messages.CONSOLE_WRITE_FAILED.format(path=error.filename or "", reason=error.strerror or error))
    except Exception as error:  # noqa: BLE001 - the terminal user must hear back, not see a traceback
        log.warning("console: %s: %s", type(error).__name__, error)
        log.debug("console failure", exc_info=error)
        out(messages.ERROR)
    return True


def _clock(engine) -> OffsetClock:
    """Real time, but never behind what the ledger already recorded (a previous session's jumps)."""
    with transaction(engine) as session:
        latest = ledger.latest_activity(session)
    now = SystemClock().now()
    return OffsetClock(max(timedelta(0), (latest - now) if latest else timedelta(0)))


async def run_console(db_url: str = DEFAULT_DB, *, policy: PolicyConfig | None = None, stdin: TextIO | None = None,
                      out: Callable[[str], None] | None = None, max_idle: float = 5.0,
                      paste_gap: float = PASTE_GAP) -> int:
    def write(text: str) -> None:
        print(text, flush=True)

    out = out or write
    upgrade(db_url)
    engine = make_engine(db_url)
    rt = Runtime(engine=engine, clock=_clock(engine), policy=policy or PolicyConfig(),
                 admins=frozenset({CONSOLE_USER_ID}))
    console = Console(rt, out)
    out(messages.CONSOLE_WELCOME.format(db=db_url, now=console.now_text()))
    start_sweep(rt, ConsoleNotifier(console), max_idle=max_idle, worker="console", publisher=ConsolePublisher(console))
    queue = await read_blocks(stdin or sys.stdin, paste_gap)
    try:
        while True:
            block = await queue.get()
            if block is None:  # EOF: read a paste left open, then leave
                await console.flush()
                break
            if not await answered(console, block, out):
                break
    finally:
        await stop_sweep(rt)
        engine.dispose()
    out(messages.CONSOLE_BYE)
    return 0
