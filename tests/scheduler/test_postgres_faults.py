"""Fault runs against a private PostgreSQL cluster with real `python -m scheduler.run` workers on
a fast simulated clock: the server frozen for 30 s (SIGSTOP of the postmaster and every backend)
while slots fall due, and the server SIGKILLed and restarted several times. Afterwards every
slot planned up to the end has been delivered exactly once.

Exactly once, not "at most the kills": a message whose mark failed because the server vanished
is recorded by the worker's next sweep (see scheduler.sweeper), and the lease outlives each
outage, so no other worker takes it over. Kill moments are seeded (DUBAN_CRASH_SEED replays).

The frozen run mostly waits, so it runs in a background thread on a cluster of its own from the
end of collection on (tests/scheduler/fault_runs.py): the suite does not sit idle for those 30 s."""

from __future__ import annotations

import random

import pytest

from tests.scheduler.fault_runs import FrozenRun, Run
from tests.scheduler.postgres_cluster import require_binaries
from tests.scheduler.processes import crash_seed, follow

pytestmark = pytest.mark.slow


@pytest.fixture
def start_run(private_postgres, tmp_path):
    runs = []

    def start(name: str, lease: float) -> Run:
        runs.append(Run(private_postgres, name, tmp_path, lease))
        return runs[-1]

    yield start
    for run in runs:
        run.close()


def test_a_killed_and_restarted_database_loses_nothing(private_postgres, start_run):
    rng = random.Random(crash_seed())
    run = start_run("duban_sigkill", lease=20.0)  # far longer than a restart
    kills = 4
    for k in range(kills):
        run.wait_for_messages(run.messages() + rng.randint(1, 4))  # progress since the last restart
        follow(run.workers[k % 2], rng.uniform(0.0, 0.4))  # a random moment in the middle of the work
        signalled = private_postgres.kill()
        try:
            follow(run.workers[0], rng.uniform(0.0, 1.0))  # down for a while
        finally:
            private_postgres.start()
        print(f"kill {k + 1}: SIGKILL of {signalled} PostgreSQL processes, restarted")
    run.finish(f"{kills} SIGKILLs")


def test_a_frozen_database_delays_nudges_and_loses_none():
    """Collects the SIGSTOP run that started in the background after collection (fault_runs)."""
    require_binaries()  # skips here (fails in CI) when no server can run
    scenario = FrozenRun.current
    if scenario is None:  # not started early (should not happen): run it now
        FrozenRun.current = scenario = FrozenRun(require_binaries())
        scenario.start()
    scenario.join(600)
    print("\n" + "\n".join(scenario.lines))
    assert not scenario.is_alive(), "the SIGSTOP run did not finish within 10 minutes"
    if scenario.error is not None:
        raise scenario.error
