"""Two or more processes upgrading one fresh SQLite file at once all succeed: `storage.migrate`
serialises them with a file lock beside the database (PostgreSQL uses an advisory lock)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import storage.models  # noqa: F401
from storage.migrate import alembic_config, current, upgrade
from tests.scheduler.processes import REPO


def head() -> str:
    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


# Each process imports everything first, then upgrades the database named on each stdin line
# as soon as it is read, so the upgrades of one round start together. A failed upgrade ends the
# process with a traceback and exit status 1, as it would end the bot.
UPGRADER = """
import sys
import storage.models, storage.migrations, alembic.command  # noqa: F401  (imported before the race)
from storage.migrate import upgrade
print("ready", flush=True)
for line in sys.stdin:
    upgrade(line.strip())
    print("upgraded", flush=True)
"""


@pytest.mark.slow
def test_processes_upgrading_one_fresh_sqlite_file_at_once_all_succeed(tmp_path):
    processes_count, rounds = 4, 8
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    processes = [subprocess.Popen([sys.executable, "-c", UPGRADER], cwd=REPO, env=env, text=True,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for _ in range(processes_count)]
    try:
        for process in processes:
            assert process.stdout.readline() == "ready\n", process.communicate()
        for r in range(rounds):
            url = f"sqlite:///{tmp_path / f'fresh-{r}.db'}"
            for process in processes:
                process.stdin.write(url + "\n")
                process.stdin.flush()
            for process in processes:  # a crashed upgrade ends its process: readline() gives ""
                assert process.stdout.readline() == "upgraded\n", f"round {r}: {process.communicate()}"
            assert current(url) == head()
            engine = create_engine(url)
            with engine.connect() as connection:
                diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
            engine.dispose()
            assert diff == []
        for process in processes:  # end of input: each process exits
            _, err = process.communicate(timeout=60)
            assert process.returncode == 0, err
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.communicate()


def test_threads_upgrading_at_once_in_one_process_all_succeed(tmp_path):
    """Alembic's `context` is global to a process: two threads migrating at once (the bot and a
    test's background run, say) must not see each other's half-configured environment."""
    urls = [f"sqlite:///{tmp_path / f'thread-{i}.db'}" for i in range(6)]
    errors = []
    start = threading.Barrier(len(urls))

    def migrate(url: str) -> None:
        start.wait()
        try:
            upgrade(url)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)

    threads = [threading.Thread(target=migrate, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    assert [current(url) for url in urls] == [head()] * len(urls)
