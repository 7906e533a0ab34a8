"""Two scheduler processes on one database deliver each of 600 slots exactly once:
on PostgreSQL (FOR UPDATE SKIP LOCKED) and on SQLite (serialised BEGIN IMMEDIATE claims).

What is asserted is exactly once and nothing lost. How the work is split between the two is
printed, not asserted: on a busy machine one process may legitimately do all of it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert
from sqlmodel import func, select

from scheduler.clock import SystemClock
from storage.chat_settings import update_chat_settings
from storage.db import make_engine, transaction
from storage.migrate import upgrade
from storage.models import Nudge
from tests.scheduler.expected import slot_counts
from tests.scheduler.processes import deliveries, spawn, stop, wait_for_line, wait_until
from tests.storage.factories import CHAT, confirmed_items, extracted

OBLIGATIONS = 300
SLOTS_EACH = 2  # due at different times, so each is its own message


@pytest.mark.slow
def test_two_processes_deliver_each_slot_exactly_once(any_url, tmp_path):
    upgrade(any_url)
    engine = make_engine(any_url)
    now = SystemClock().now()
    with transaction(engine) as s:
        update_chat_settings(s, CHAT, at=now, quiet_start="00:00", quiet_end="00:00")  # no quiet hours: real clock
        rows = confirmed_items(s, [extracted(owner=f"单位{i}", within=(60, "day")) for i in range(OBLIGATIONS)],
                               at=now, text="两进程测试")
    log = tmp_path / "sent.jsonl"
    workers = [spawn(any_url, log, "--max-idle", "0.1", "--batch", "10", worker=name) for name in ("p1", "p2")]
    for process in workers:
        wait_for_line(process, "ready", timeout=120)
    planned = []
    for k in range(SLOTS_EACH):  # the first batch is due now, the second a few seconds later
        at = SystemClock().now() + timedelta(seconds=3 * k)
        planned += [{"obligation_id": row.id, "slot": f"load:{k}", "purpose": "overdue", "planned_at": at,
                     "attempts": 0} for row in rows]
    with transaction(engine) as s:
        s.execute(insert(Nudge), planned)

    def drained():
        with transaction(engine) as s:
            return s.exec(select(func.count()).select_from(Nudge).where(
                Nudge.slot.like("load:%"), Nudge.sent_at.is_(None))).one() == 0

    try:
        wait_until(drained, timeout=240, interval=0.2, what="all load slots to be sent")
    finally:
        outputs = [stop(process) for process in workers]
    for _, err in outputs:
        assert "Traceback" not in err, err

    records = [r for r in deliveries(log) if any(slot.startswith("load:") for slot in r["slots"])]
    counts = slot_counts(records)
    expected = {(p["obligation_id"], p["slot"]) for p in planned}
    per_worker = {name: sum(1 for r in records if r["worker"] == name) for name in ("p1", "p2")}
    print(f"\n{engine.dialect.name}: {len(expected)} slots, {len(records)} messages, per worker {per_worker}, "
          f"duplicates {sum(n - 1 for n in counts.values())}")
    assert set(counts) == expected
    assert all(n == 1 for n in counts.values())
    assert sum(per_worker.values()) == len(records)  # every message came from one of the two
    engine.dispose()
