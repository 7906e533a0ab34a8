"""A terminal conversation for the console's tests: its own SQLite file, a clock that reads Monday
2026-11-23 10:00 in Shanghai when the test starts and runs on in real time (as the console's
does), the sweep running, and every printed line collected."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.console.app import ConsoleNotifier, ConsolePublisher
from bot.console.session import Console
from bot.core.runtime import Runtime
from bot.sweeping import start_sweep, stop_sweep
from scheduler.clock import OffsetClock
from scheduler.config import PolicyConfig
from storage.db import make_engine
from storage.migrate import upgrade

MONDAY = datetime(2026, 11, 23, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@asynccontextmanager
async def open_console(tmp_path: Path, *, nudge_time: time = time(9, 0), files: Path | None = None,
                       publisher: bool = False) -> AsyncIterator[tuple[Console, list[str]]]:
    """(the session, the lines it printed); `files` is where /report, /ics and /export write,
    `publisher` prints the weekly 通报 as the console app does."""
    url = f"sqlite:///{tmp_path / 'console.db'}"
    upgrade(url)
    rt = Runtime(engine=make_engine(url), clock=OffsetClock(MONDAY - datetime.now(UTC)),
                 policy=PolicyConfig(nudge_time=nudge_time))
    out: list[str] = []
    session = Console(rt, out.append, files=files) if files is not None else Console(rt, out.append)
    start_sweep(rt, ConsoleNotifier(session), max_idle=3600, worker="console",
                publisher=ConsolePublisher(session) if publisher else None)
    try:
        yield session, out
    finally:
        await stop_sweep(rt)
        rt.engine.dispose()


async def said(console: Console, out: list[str], *lines: str) -> str:
    """What the console printed in answer to `lines`, typed one after another."""
    start = len(out)
    for line in lines:
        assert await console.handle(line)
    return "\n".join(out[start:])
