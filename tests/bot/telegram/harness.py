"""A real Application (bot.telegram.app) against the fake Bot API, on a fresh SQLite file, with a
hand-moved clock. Nudges fire when a test moves the clock and pokes the sweeper."""

from __future__ import annotations

import datetime as dtm
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from sqlmodel import select

from bot.core.runtime import Runtime
from bot.telegram.app import build_application, stop_sweeper
from scheduler.clock import FakeClock
from storage.db import make_engine, transaction
from storage.migrate import upgrade
from storage.models import Obligation

SHANGHAI = ZoneInfo("Asia/Shanghai")


def sh(year, month, day, hour=0, minute=0) -> dtm.datetime:
    return dtm.datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


class ManualClock(FakeClock):
    """Fake time that only moves when a test says so: a future slot is 'an hour away' in real
    time (the test pokes the sweeper after moving the clock), a due one is now."""

    def real_seconds_until(self, when: dtm.datetime) -> float:
        return 0.0 if when <= self.now() else 3600.0


@dataclass
class Harness:
    server: object
    url: str
    clock: ManualClock
    runtime: Runtime = None
    app: object = None
    options: dict = field(default_factory=dict)

    async def start(self) -> Harness:
        upgrade(self.url)
        self.runtime = Runtime(engine=make_engine(self.url), clock=self.clock, **{"merge_window": 0.3, **self.options})
        self.app = build_application(self.runtime, self.server.application_builder(), max_idle=3600,
                                     set_commands=False)
        await self.app.initialize()
        await self.app.post_init(self.app)
        await self.app.start()
        await self.app.updater.start_polling(poll_interval=0, timeout=dtm.timedelta(seconds=1))
        return self

    async def stop(self) -> None:
        if self.app is None:
            return
        await stop_sweeper(self.app)
        if self.app.updater.running:
            await self.app.updater.stop()
        if self.app.running:
            await self.app.stop()
        await self.app.shutdown()
        self.runtime.engine.dispose()
        self.app = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()

    async def advance_to(self, moment: dtm.datetime):
        """Move the clock and let the sweeper run once (as its timer would at that moment)."""
        self.clock.set(moment)
        return await self.runtime.sweep_loop.tick()

    def items(self, chat_id: int | None = None) -> list[Obligation]:
        with transaction(self.runtime.engine) as session:
            query = select(Obligation).order_by(Obligation.id)
            if chat_id is not None:
                query = query.where(Obligation.chat_id == chat_id)
            return list(session.exec(query))

    def texts(self, chat_id: int | None = None) -> list[str]:
        return self.server.sent_texts(chat_id)

    async def wait_text(self, fragment: str, count: int = 1, timeout: float = 8.0, chat_id: int | None = None):
        """The `count`-th successful sendMessage containing `fragment`."""
        return await self.server.wait_for_call(
            "sendMessage", lambda c: c.ok and fragment in c.params.get("text", "")
            and (chat_id is None or c.params.get("chat_id") == chat_id), timeout=timeout, count=count)

    async def wait_edit(self, fragment: str, timeout: float = 8.0):
        return await self.server.wait_for_call(
            "editMessageText", lambda c: c.ok and fragment in c.params.get("text", ""), timeout=timeout)


T0 = sh(2026, 11, 23, 10)  # Monday 10:00 in Shanghai
GROUP = -4001


async def make_harness(server, tmp_path, start: dtm.datetime = T0, **options) -> Harness:
    return await Harness(server, f"sqlite:///{tmp_path / 'duban.db'}", ManualClock(start), options=options).start()


def next_slot_at(harness: Harness) -> dtm.datetime | None:
    """When the earliest unsent nudge is planned."""
    from storage.models import Nudge
    from storage.outbox import UNSETTLED

    with transaction(harness.runtime.engine) as session:
        rows = list(session.exec(select(Nudge).where(UNSETTLED).order_by(Nudge.planned_at)))
        return rows[0].planned_at if rows else None


def callbacks_of(call) -> list[str]:
    return [b["callback_data"] for row in (call["reply_markup"] or {}).get("inline_keyboard", []) for b in row]
