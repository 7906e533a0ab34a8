"""Fault runs against a private PostgreSQL cluster with real `python -m scheduler.run` workers on
a fast simulated clock: the server frozen for 30 s (SIGSTOP of the postmaster and every backend)
while slots fall due, and the server SIGKILLed and restarted several times. Afterwards every
slot planned up to the end has been delivered exactly once.

Exactly once, not "at most the kills": a message whose mark failed because the server vanished
is recorded by the worker's next sweep (see scheduler.sweeper), and the lease outlives each
outage, so no other worker takes it over. Kill moments are seeded (DUBAN_CRASH_SEED replays)."""

from __future__ import annotations

import random
import time
from datetime import timedelta

import pytest
from sqlmodel import func, select

from extraction.model import Every
from storage.db import make_engine, transaction
from storage.migrate import upgrade
from storage.models import Nudge
from tests.scheduler.expected import planned_until, slot_counts
from tests.scheduler.processes import crash_seed, deliveries, follow, spawn, stop, wait_for_line, wait_until
from tests.storage.factories import confirmed_items, extracted, sh

pytestmark = pytest.mark.slow

SIM0 = sh(2026, 3, 2, 8)  # Monday morning, simulated
SPEED = 20_000.0  # simulated seconds per real second: a simulated day ≈ 4.3 s
PAUSE = 30.0  # real seconds the server stays frozen


class Run:
    """Two scheduler workers on one database, and what they delivered."""

    def __init__(self, cluster, name: str, tmp_path, lease: float):
        self.url = cluster.create_database(name)
        upgrade(self.url)
        self.engine = make_engine(self.url, connect_timeout=2, statement_timeout=5, lock_timeout=5)
        items = [extracted(owner=f"单位{i}", within=(1 + i % 9, "day" if i % 3 else "workday")) for i in range(30)]
        items += [extracted("recurring", owner=f"报送{i}", every=Every(1 + i, "day"), action="报送进展")
                  for i in range(4)]
        with transaction(self.engine) as s:
            confirmed_items(s, items, at=SIM0, text="数据库故障测试讲话")
        self.log = tmp_path / f"{name}.jsonl"
        self.real_epoch = time.time()
        args = ("--fake-clock-speed", str(SPEED), "--sim-epoch", SIM0.isoformat(), "--real-epoch",
                repr(self.real_epoch), "--lease-seconds", str(SPEED * lease), "--max-idle", "0.2", "--batch", "5",
                "--retry-base", "0.05", "--connect-timeout", "2", "--statement-timeout", "5", "--lock-timeout", "5")
        self.workers = [spawn(self.url, self.log, *args, worker=w) for w in ("w1", "w2")]
        try:
            for worker in self.workers:
                wait_for_line(worker, "ready", timeout=120)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Stop whatever still runs (the test may have failed half-way)."""
        for worker in self.workers:
            if worker.poll() is None:
                stop(worker)
        self.engine.dispose()

    def sim_now(self):
        return SIM0 + timedelta(seconds=(time.time() - self.real_epoch) * SPEED)

    def messages(self) -> int:
        return len(deliveries(self.log))

    def wait_for_messages(self, n: int) -> None:
        wait_until(lambda: self.messages() >= n, timeout=120, what=f"{n} messages")

    def finish(self, what: str) -> None:
        """Half a simulated day more, then everything planned up to it must be out, exactly once."""
        sim_end = self.sim_now() + timedelta(hours=12)
        real_end = self.real_epoch + (sim_end - SIM0).total_seconds() / SPEED

        def all_sent():
            if time.time() < real_end:
                return False
            with transaction(self.engine) as s:
                return s.exec(select(func.count()).select_from(Nudge).where(
                    Nudge.sent_at.is_(None), Nudge.dropped_at.is_(None), Nudge.planned_at <= sim_end)).one() == 0

        try:
            wait_until(all_sent, timeout=180, interval=0.1, what="every slot up to the end to be sent")
        finally:
            outputs = [stop(worker) for worker in self.workers]
        stopped_at = self.sim_now()
        for _, err in outputs:
            assert "Traceback" not in err, err
        expected = planned_until(self.engine, sim_end)
        records = deliveries(self.log)
        counts = slot_counts(records)
        missing = expected - set(counts)
        duplicates = {key: n for key, n in counts.items() if n > 1}
        warnings = [sum("WARNING" in line for line in err.splitlines()) for _, err in outputs]
        print(f"\n{what}: {(sim_end - SIM0).total_seconds() / 86400:.1f} simulated days, {len(expected)} planned slots, {len(records)} "
              f"messages (per worker {[sum(r['worker'] == w for r in records) for w in ('w1', 'w2')]}), "
              f"{len(missing)} missing, {sum(n - 1 for n in duplicates.values())} duplicates; "
              f"warning lines per worker {warnings}")
        assert not missing, sorted(missing)[:10]
        assert not duplicates, duplicates
        assert set(counts) <= planned_until(self.engine, stopped_at)  # nothing that was never planned
        with transaction(self.engine) as s:  # the database agrees: each slot carries its message's id
            marked = {(n.obligation_id, n.slot): n.message_id for n in s.exec(select(Nudge).where(Nudge.sent_at.is_not(None)))}
        delivered = {(r["obligation_id"], slot): r["message_id"] for r in records for slot in r["slots"]}
        assert all(marked[key] == delivered[key] for key in expected)


@pytest.fixture
def start_run(private_postgres, tmp_path):
    runs = []

    def start(name: str, lease: float) -> Run:
        runs.append(Run(private_postgres, name, tmp_path, lease))
        return runs[-1]

    yield start
    for run in runs:
        run.close()


def test_a_frozen_database_delays_nudges_and_loses_none(private_postgres, start_run):
    rng = random.Random(crash_seed())
    run = start_run("duban_sigstop", lease=PAUSE * 3)  # the lease outlives the freeze
    run.wait_for_messages(rng.randint(1, 8))
    before = run.messages()
    frozen = private_postgres.pause()
    due_then = run.sim_now()
    try:
        follow(run.workers[0], PAUSE)  # slots keep falling due; the workers must live through it
    finally:
        private_postgres.resume(frozen)
    print(f"\nSIGSTOP of {len(frozen)} PostgreSQL processes for {PAUSE:.0f} s "
          f"({PAUSE * SPEED / 86400:.1f} simulated days), {before} messages before")
    assert run.sim_now() - due_then > timedelta(days=5)
    run.finish("SIGSTOP")


def test_a_killed_and_restarted_database_loses_nothing(private_postgres, start_run):
    rng = random.Random(crash_seed())
    run = start_run("duban_sigkill", lease=20.0)  # far longer than a restart
    kills = 4
    for k in range(kills):
        run.wait_for_messages(run.messages() + rng.randint(1, 6))  # progress since the last restart
        follow(run.workers[k % 2], rng.uniform(0.0, 0.4))  # a random moment in the middle of the work
        signalled = private_postgres.kill()
        try:
            follow(run.workers[0], rng.uniform(0.0, 1.0))  # down for a while
        finally:
            private_postgres.start()
        print(f"kill {k + 1}: SIGKILL of {signalled} PostgreSQL processes, restarted")
    run.finish(f"{kills} SIGKILLs")
