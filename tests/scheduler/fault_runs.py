"""Fault runs against private PostgreSQL clusters: two `python -m scheduler.run` workers on a
fast simulated clock, what they delivered, and the check that every slot planned up to the end
went out exactly once (see test_postgres_faults.py).

The SIGSTOP run mostly waits (the server stays frozen for 30 s), so it runs in a background
thread on a cluster of its own, started as soon as collection finishes (tests/scheduler/conftest.py)
while the rest of the suite goes on; its test only collects the outcome. It is stopped and
cleaned up at the end of the session whatever happened.
"""

from __future__ import annotations

import os
import pwd
import random
import shutil
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path

from sqlmodel import func, select

from extraction.model import Every
from storage.db import make_engine, transaction
from storage.migrate import upgrade
from storage.models import Nudge
from tests.scheduler.expected import planned_until, slot_counts
from tests.scheduler.postgres_cluster import find_bindir, running_cluster
from tests.scheduler.processes import crash_seed, deliveries, spawn, stop, wait_for_line, wait_until
from tests.storage.factories import confirmed_items, extracted, sh

SIM0 = sh(2026, 3, 2, 8)  # Monday morning, simulated
SPEED = 20_000.0  # simulated seconds per real second: a simulated day ≈ 4.3 s
PAUSE = 30.0  # real seconds the server stays frozen
FROZEN_TEST = "test_a_frozen_database_delays_nudges_and_loses_none"


class Aborted(Exception):
    """The session ended before the background run did."""


class Run:
    """Two scheduler workers on one database, and what they delivered."""

    def __init__(self, cluster, name: str, tmp_path, lease: float, report=print,
                 abort: threading.Event | None = None):
        self.report, self.abort = report, abort or threading.Event()
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
        if self.abort.is_set():
            raise Aborted()
        return len(deliveries(self.log))

    def wait_for_messages(self, n: int) -> None:
        wait_until(lambda: self.messages() >= n, timeout=120, what=f"{n} messages")

    def finish(self, what: str) -> None:
        """Half a simulated day more, then everything planned up to it must be out, exactly once."""
        sim_end = self.sim_now() + timedelta(hours=12)
        real_end = self.real_epoch + (sim_end - SIM0).total_seconds() / SPEED

        def all_sent():
            if self.abort.is_set():
                raise Aborted()
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
        days = (sim_end - SIM0).total_seconds() / 86400
        self.report(f"{what}: {days:.1f} simulated days, {len(expected)} planned slots, {len(records)} "
              f"messages (per worker {[sum(r['worker'] == w for r in records) for w in ('w1', 'w2')]}), "
              f"{len(missing)} missing, {sum(n - 1 for n in duplicates.values())} duplicates; "
              f"warning lines per worker {warnings}")
        assert not missing, sorted(missing)[:10]
        assert not duplicates, duplicates
        assert set(counts) <= planned_until(self.engine, stopped_at)  # nothing that was never planned
        with transaction(self.engine) as s:  # the database agrees: each slot carries its message's id
            sent = s.exec(select(Nudge).where(Nudge.sent_at.is_not(None)))
            marked = {(n.obligation_id, n.slot): n.message_id for n in sent}
        delivered = {(r["obligation_id"], slot): r["message_id"] for r in records for slot in r["slots"]}
        assert all(marked[key] == delivered[key] for key in expected)


def frozen_run(bindir: Path, tmp_path: Path, seed: int, report, abort: threading.Event) -> None:
    """The SIGSTOP scenario, start to finish, on a cluster of its own."""
    rng = random.Random(seed)
    with running_cluster(bindir) as cluster:
        # the lease outlives the freeze
        run = Run(cluster, "duban_sigstop", tmp_path, lease=PAUSE * 3, report=report, abort=abort)
        try:
            run.wait_for_messages(rng.randint(1, 4))
            before = run.messages()
            frozen = cluster.pause()
            due_then = run.sim_now()
            try:
                if abort.wait(PAUSE):  # slots keep falling due meanwhile
                    raise Aborted()
            finally:
                cluster.resume(frozen)
            assert all(worker.poll() is None for worker in run.workers), "a worker died while the server was frozen"
            report(f"SIGSTOP of {len(frozen)} PostgreSQL processes for {PAUSE:.0f} s "
                   f"({PAUSE * SPEED / 86400:.1f} simulated days), {before} messages before")
            assert run.sim_now() - due_then > timedelta(days=5)
            run.finish("SIGSTOP")
        finally:
            run.close()


class FrozenRun(threading.Thread):
    current: FrozenRun | None = None

    def __init__(self, bindir: Path):
        super().__init__(daemon=True, name="duban-sigstop-run")
        self.bindir, self.tmp_path = bindir, Path(tempfile.mkdtemp(prefix="duban-sigstop-"))
        self.seed = crash_seed(announce=False)
        self.lines, self.error, self.abort = [f"DUBAN_CRASH_SEED={self.seed}"], None, threading.Event()

    def run(self) -> None:
        try:
            frozen_run(self.bindir, self.tmp_path, self.seed, self.lines.append, self.abort)
        except BaseException as error:  # noqa: BLE001 - re-raised by the test that owns it
            self.error = error

    @classmethod
    def start_for(cls, session) -> None:
        """After collection: start the run if its test was selected and a server can run here
        (otherwise the test itself skips, or fails in CI)."""
        if cls.current is not None or session.config.option.collectonly:
            return
        if not any(item.name == FROZEN_TEST for item in session.items):
            return
        bindir = find_bindir()
        if bindir is None or not (bindir / "postgres").exists():
            return
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                return
        cls.current = cls(bindir)
        cls.current.start()

    @classmethod
    def stop(cls) -> None:
        """End of the session: stop the run if it is still going, remove its files."""
        run, cls.current = cls.current, None
        if run is None:
            return
        run.abort.set()
        run.join(120)
        shutil.rmtree(run.tmp_path, ignore_errors=True)
