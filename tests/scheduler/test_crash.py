"""Crash test with real processes: the scheduler runs as a subprocess on a fast fake clock and
is killed with SIGKILL at random moments, then restarted. In the end every planned slot was
delivered, and at most one message per kill repeated slots already delivered (only a kill
between a send and its mark can repeat a message; a coalesced catch-up message repeats all of
its slots at once).

The kill moments come from a seeded generator: the seed is printed, DUBAN_CRASH_SEED replays it.
Every wait is on progress (a "ready" line, the outbox drained), bounded generously, so a busy
machine makes the test slower, not red."""

from __future__ import annotations

import random
import signal
import subprocess
import time
from datetime import timedelta

import pytest
from sqlmodel import func, select

from extraction.model import Every
from storage.db import make_engine, transaction
from storage.migrate import upgrade
from storage.models import Nudge
from tests.scheduler.expected import planned_until, slot_counts
from tests.scheduler.processes import crash_seed, deliveries, spawn, stop, wait_for_line, wait_until
from tests.storage.factories import confirmed_items, extracted, sh

SIM0 = sh(2026, 3, 2, 8)  # Monday morning, simulated
SPEED = 60_000.0  # simulated seconds per real second: a simulated day ≈ 1.4 s
KILLS = 12


def _setup(url):
    upgrade(url)
    engine = make_engine(url)
    items = [extracted(owner=f"单位{i}", within=(1 + i % 9, "day" if i % 3 else "workday")) for i in range(30)]
    items += [extracted("recurring", owner=f"报送{i}", every=Every(1 + i, "day"), action="报送进展") for i in range(4)]
    with transaction(engine) as s:
        confirmed_items(s, items, at=SIM0, text="崩溃测试讲话")
    return engine


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'crash.db'}"
    engine = _setup(url)
    log = tmp_path / "sent.jsonl"
    real_epoch = time.time()
    args = ("--fake-clock-speed", str(SPEED), "--sim-epoch", SIM0.isoformat(), "--real-epoch", repr(real_epoch),
            "--lease-seconds", str(SPEED * 0.5), "--max-idle", "0.2", "--batch", "5")
    seed = crash_seed()
    rng = random.Random(seed)
    kills = 0
    after_ready = 0
    spawned = []
    try:
        while kills < KILLS:
            process = spawn(url, log, *args)
            spawned.append(process)
            if kills % 4 != 3:  # most kills land while it sweeps; every 4th during start-up and catch-up
                wait_for_line(process, "ready", timeout=120)
                after_ready += 1
            try:
                process.wait(timeout=rng.uniform(0.01, 0.6))  # it never exits by itself: a random kill moment
            except subprocess.TimeoutExpired:
                pass
            assert process.poll() is None, process.communicate()
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += 1

        # One more simulated day after the last kill, then everything planned up to then must be out.
        # At least 11 simulated days, however fast this machine ran the kills, so > 200 slots are planned.
        sim_end = max(SIM0 + timedelta(seconds=(time.time() - real_epoch) * SPEED) + timedelta(days=1),
                      SIM0 + timedelta(days=11))
        final = spawn(url, log, *args)
        spawned.append(final)
        real_end = real_epoch + (sim_end - SIM0).total_seconds() / SPEED

        def all_sent():
            if time.time() < real_end:
                return False
            with transaction(engine) as s:
                return s.exec(select(func.count()).select_from(Nudge).where(
                    Nudge.sent_at.is_(None), Nudge.dropped_at.is_(None), Nudge.planned_at <= sim_end)).one() == 0

        wait_until(all_sent, timeout=240, interval=0.1, what=f"every slot up to the end to be sent (seed {seed})")
        out, err = stop(final)
    finally:
        for process in spawned:  # nothing outlives the test, also when it fails
            if process.poll() is None:
                process.kill()
                process.communicate()
    stopped_at = SIM0 + timedelta(seconds=(time.time() - real_epoch) * SPEED)
    assert "Traceback" not in err, err

    expected = planned_until(engine, sim_end)
    records = deliveries(log)
    counts = slot_counts(records)
    missing = expected - set(counts)
    duplicates = sum(n - 1 for n in counts.values())
    seen, repeats = set(), 0  # messages covering a slot some earlier message already covered
    for r in records:
        keys = {(r["obligation_id"], slot) for slot in r["slots"]}
        repeats += bool(keys & seen)
        seen |= keys
    print(f"\ncrash test: {KILLS} SIGKILLs ({after_ready} after ready), {(sim_end - SIM0).days} simulated days, "
          f"{len(expected)} planned slots, {len(records)} messages, {len(missing)} missing, "
          f"{repeats} repeated messages ({duplicates} slot duplicates)")
    assert len(expected) > 200
    assert not missing
    assert set(counts) <= planned_until(engine, stopped_at)  # nothing that was never planned
    assert repeats <= kills
    with transaction(engine) as s:  # the database agrees: each slot is marked with a delivered message id
        sent = s.exec(select(Nudge).where(Nudge.sent_at.is_not(None)))
        sent_ids = {(n.obligation_id, n.slot): n.message_id for n in sent}
    delivered_ids = {(r["obligation_id"], slot): set() for r in records for slot in r["slots"]}
    for r in records:
        for slot in r["slots"]:
            delivered_ids[(r["obligation_id"], slot)].add(r["message_id"])
    assert all(sent_ids[key] in delivered_ids[key] for key in expected)
    engine.dispose()
