"""Alembic: the first migration creates the schema, upgrades keep every row, models match."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timezone

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
import pytest
from sqlalchemy import create_engine, inspect, text
from sqlmodel import SQLModel

import storage.models  # noqa: F401
from storage.migrate import alembic_config, current, upgrade
from tests.scheduler.processes import REPO


def head() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def test_first_migration_creates_the_schema(any_url):
    upgrade(any_url, "0001")
    assert current(any_url) == "0001"
    engine = create_engine(any_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"speech", "obligation", "obligation_change", "owner_binding", "progress_report", "nudge",
            "chat_settings"} <= tables


def test_models_match_the_migrations(any_url):
    upgrade(any_url)
    engine = create_engine(any_url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_from_revision_1_keeps_every_row(any_url):
    upgrade(any_url, "0001")
    engine = create_engine(any_url)
    now = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
    received = now if engine.dialect.name == "postgresql" else now.replace(tzinfo=None)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO speech (id, chat_id, sha256, text, received_at, reference_date) "
            "VALUES (1, -100, :sha, '讲话', :at, :ref)"), {"sha": "a" * 64, "at": received, "ref": date(2026, 3, 2)})
        for i in range(1, 51):
            connection.execute(text(
                "INSERT INTO obligation (id, speech_id, chat_id, seq, span_start, span_end, quote, kind, action, "
                "expression, timebox, status, calendar_confirmed, created_at) VALUES (:i, 1, -100, :i, 0, 1, '原文', "
                "'deadline', '办理', '', '{}', 'open', true, :at)"), {"i": i, "at": received})
            connection.execute(text(
                "INSERT INTO nudge (obligation_id, slot, purpose, planned_at, attempts, sent_at) "
                "VALUES (:i, 'closure', 'closure_prompt', :at, 0, :sent)"),
                {"i": i, "at": received, "sent": received if i % 2 else None})
    engine.dispose()

    upgrade(any_url)

    assert current(any_url) == head()
    engine = create_engine(any_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM speech")).scalar() == 1
        assert connection.execute(text("SELECT count(*) FROM obligation")).scalar() == 50
        assert connection.execute(text("SELECT count(*) FROM nudge")).scalar() == 50
        assert connection.execute(text("SELECT count(*) FROM nudge WHERE sent_at IS NULL")).scalar() == 25
    assert "ix_nudge_due" in {ix["name"] for ix in inspect(engine).get_indexes("nudge")}
    engine.dispose()


def test_default_url_creates_the_data_directory(tmp_path, monkeypatch):
    from storage.db import DEFAULT_URL

    monkeypatch.chdir(tmp_path)
    upgrade(DEFAULT_URL)
    assert os.path.exists(tmp_path / "data" / "duban.db")
    assert current(DEFAULT_URL) == head()


def test_upgrade_twice_is_a_no_op(sqlite_url):
    upgrade(sqlite_url)
    upgrade(sqlite_url)
    assert current(sqlite_url) == head()


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
