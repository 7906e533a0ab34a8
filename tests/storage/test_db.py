"""Engines: every wait on the database is bounded (connect, statement, lock timeouts), an
outage surfaces as DatabaseUnavailable, bugs do not, and the engine works from worker threads."""

from __future__ import annotations

import asyncio
import socket
import sqlite3
import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from storage.db import DatabaseUnavailable, make_engine, transaction
from storage.migrate import upgrade
from storage.models import Speech
from tests.storage.factories import sh


def _elapsed(fn) -> float:
    began = time.monotonic()
    fn()
    return time.monotonic() - began


def test_a_server_that_never_answers_times_out_on_connect():
    listener = socket.socket()  # accepts TCP connections (the kernel's backlog) but never speaks
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    engine = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:{port}/nothing", connect_timeout=1)

    def attempt():
        with pytest.raises(DatabaseUnavailable) as caught:
            with transaction(engine) as session:
                session.execute(text("SELECT 1"))
        assert "timeout" in caught.value.reason.lower(), caught.value.reason
        assert "\n" not in caught.value.reason

    try:
        assert _elapsed(attempt) < 20  # libpq's connect_timeout, not forever
    finally:
        engine.dispose()
        listener.close()


def test_a_refused_connection_is_database_unavailable():
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    engine = make_engine(f"postgresql+psycopg://postgres@127.0.0.1:{port}/nothing", connect_timeout=2)
    with pytest.raises(DatabaseUnavailable) as caught:
        with transaction(engine) as session:
            session.execute(text("SELECT 1"))
    engine.dispose()
    assert isinstance(caught.value.__cause__, OperationalError)
    assert "refused" in caught.value.reason.lower() or "failed" in caught.value.reason.lower()


def test_postgres_statement_and_lock_timeouts(pg_url):
    engine = make_engine(pg_url, statement_timeout=0.5, lock_timeout=0.3)
    holder = make_engine(pg_url)
    try:
        with engine.connect() as connection:
            assert connection.execute(text("SHOW statement_timeout")).scalar() == "500ms"
            assert connection.execute(text("SHOW lock_timeout")).scalar() == "300ms"
        with pytest.raises(DatabaseUnavailable, match="statement timeout"):
            with transaction(engine) as session:
                session.execute(text("SELECT pg_sleep(5)"))
        with holder.connect() as connection:
            connection.execute(text("CREATE TABLE held (x int)"))
            connection.commit()
            connection.execute(text("LOCK TABLE held IN ACCESS EXCLUSIVE MODE"))  # held until rollback
            with pytest.raises(DatabaseUnavailable, match="lock timeout"):
                with transaction(engine) as session:
                    session.execute(text("SELECT * FROM held"))
            connection.rollback()
        with transaction(engine) as session:  # the pool recovers: the next call works
            assert session.execute(text("SELECT count(*) FROM held")).scalar() == 0
    finally:
        engine.dispose()
        holder.dispose()


def test_sqlite_busy_timeout_is_database_unavailable(sqlite_url):
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url, lock_timeout=0.1)
    blocker = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(DatabaseUnavailable, match="database is locked"):
            with transaction(engine) as session:
                session.execute(text("SELECT 1"))
    finally:
        blocker.rollback()
        blocker.close()
    with transaction(engine) as session:
        assert session.execute(text("SELECT 1")).scalar() == 1
    engine.dispose()


def test_bugs_are_not_outages(sqlite_url):
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    with pytest.raises(OperationalError, match="no such table"):  # SQLite reports bad SQL as OperationalError
        with transaction(engine) as session:
            session.execute(text("SELECT * FROM no_such_table"))
    speech = dict(chat_id=1, sha256="c" * 64, text="讲话", received_at=sh(2026, 3, 2),
                  reference_date=sh(2026, 3, 2).date())
    with transaction(engine) as session:
        session.add(Speech(**speech))
    with pytest.raises(IntegrityError):
        with transaction(engine) as session:
            session.add(Speech(**speech))
    engine.dispose()


async def test_the_sqlite_engine_works_from_worker_threads(sqlite_url):
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)

    def write(i: int) -> int:
        with transaction(engine) as session:
            session.add(Speech(chat_id=i, sha256=f"{i:064d}", text="讲话", received_at=sh(2026, 3, 2),
                               reference_date=sh(2026, 3, 2).date()))
        with transaction(engine) as session:
            return session.execute(text("SELECT count(*) FROM speech")).scalar()

    with transaction(engine) as session:  # a connection made on this thread, reused by the workers
        session.execute(text("SELECT 1"))
    counts = await asyncio.gather(*(asyncio.to_thread(write, i) for i in range(20)))
    assert max(counts) == 20
    engine.dispose()
