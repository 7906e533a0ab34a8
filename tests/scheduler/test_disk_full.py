"""A full disk under SQLite (simulated with PRAGMA max_page_count on every connection the
sweeper opens): sweeps fail with SQLITE_FULL, the loop keeps retrying without a log storm, and
once space returns every due slot goes out exactly once."""

from __future__ import annotations

import logging

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import event, text
from sqlalchemy.pool import NullPool

from scheduler.loop import SweepLoop
from scheduler.sweeper import Sweeper
from storage.db import make_engine, transaction
from tests.scheduler.expected import planned_until, slot_counts
from tests.scheduler.recording import HandClock, RecordingNotifier, until
from tests.storage.factories import confirmed_items, extracted, sh

T0 = sh(2026, 3, 2, 10)
NOW = sh(2026, 3, 13, 10)  # every item has several slots due: a catch-up


def _disk(engine):
    """The disk's size in pages (None: unlimited), applied to each new connection."""
    disk = {"pages": None}

    @event.listens_for(engine, "connect")
    def _limit(dbapi_connection, _record):
        if disk["pages"] is not None:
            dbapi_connection.execute(f"PRAGMA max_page_count={disk['pages']}")

    return disk


async def test_a_full_disk_fails_sweeps_the_loop_survives_and_nothing_is_lost(engine, sqlite_url, caplog):
    with transaction(engine) as s:
        confirmed_items(s, [extracted(owner=f"单位{i}", within=(1 + i % 5, "day")) for i in range(40)], at=T0,
                        text="磁盘已满测试")
    with engine.connect() as connection:
        pages = connection.execute(text("PRAGMA page_count")).scalar()
    sweeper_engine = make_engine(sqlite_url, poolclass=NullPool)  # a new connection per transaction
    disk = _disk(sweeper_engine)
    disk["pages"] = pages  # full: not one more page
    notifier = RecordingNotifier()
    clock = HandClock(NOW)
    aps = AsyncIOScheduler(timezone="UTC")
    aps.start()
    loop = SweepLoop(Sweeper(sweeper_engine, notifier, clock, worker="disk"), aps, max_idle=3600,
                     retry_base=0.01, retry_max=0.05)
    caplog.set_level(logging.INFO, logger="scheduler")
    try:
        loop.poke()
        await until(lambda: loop.failed_ticks >= 5, what="sweeps failing on the full disk")
        assert loop.failures >= 5 and loop.sweeps == 0  # it keeps trying
        disk["pages"] = None  # space is back
        await until(lambda: loop.failures == 0 and not loop.busy, what="the loop to recover")
    finally:
        await loop.stop()
        aps.shutdown(wait=False)
        sweeper_engine.dispose()

    expected = planned_until(engine, NOW)
    counts = slot_counts(notifier.sent)
    print(f"\nfull disk: {loop.failed_ticks} failed sweeps, then {len(notifier.sent)} messages for "
          f"{len(expected)} due slots, duplicates {sum(n - 1 for n in counts.values())}")
    assert set(counts) == expected and len(expected) > 100
    assert all(n == 1 for n in counts.values())
    warnings = [r.getMessage() for r in caplog.records
                if r.name.startswith("scheduler") and r.levelno >= logging.WARNING]
    assert warnings[0].startswith("sweep failed: database or disk is full")
    assert warnings[1].startswith("sweep recovered after") and len(warnings) == 2, warnings
    assert "Traceback" not in caplog.text
