"""Database fixtures for the storage and scheduler tests: a fresh, migrated database per test,
on SQLite (always) and on a real PostgreSQL server (DUBAN_TEST_PG_URL).

Without DUBAN_TEST_PG_URL the PostgreSQL cases skip locally but fail in CI (CI=true):
`.ci/run` installs and starts the server, so a missing one there is a broken build.
"""

from __future__ import annotations

import os
import secrets

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storage.db import make_engine
from storage.migrate import upgrade

PG_ENV = "DUBAN_TEST_PG_URL"


SKIP_REASONS: set[str] = set()  # why PostgreSQL tests were skipped in this run (printed at the end)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def skip_or_fail(reason: str) -> None:
    """Skip a test that needs PostgreSQL (saying why at the end of the run); in CI, fail it."""
    if in_ci():
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    SKIP_REASONS.add(reason)
    pytest.skip(reason)


def report_skips(terminalreporter) -> None:
    """For pytest_terminal_summary: one line per reason PostgreSQL tests were skipped."""
    reasons, counts = sorted(SKIP_REASONS), {}
    for report in terminalreporter.stats.get("skipped", []):
        message = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        for reason in reasons:
            if reason in message:
                counts[reason] = counts.get(reason, 0) + 1
    for reason in reasons:
        terminalreporter.write_line(f"{counts.get(reason, 0)} PostgreSQL test(s) skipped: {reason}")
    SKIP_REASONS.clear()  # once, though both test packages' conftests call this


def require_pg_url() -> str:
    url = os.environ.get(PG_ENV)
    if not url:
        skip_or_fail(f"{PG_ENV} is not set (run .ci/run, or export {PG_ENV}=postgresql+psycopg://user@host:port/db)")
    return url


def fresh_pg_database(base_url: str):
    """Create an empty database on the server of `base_url`; returns (url, drop)."""
    name = "duban_t_" + secrets.token_hex(5)
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base_url).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


@pytest.fixture
def sqlite_url(tmp_path):
    return f"sqlite:///{tmp_path / 'duban.db'}"


@pytest.fixture
def pg_url():
    url, drop = fresh_pg_database(require_pg_url())
    yield url
    drop()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_url(request, tmp_path):
    """The same test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'duban.db'}"
        return
    url, drop = fresh_pg_database(require_pg_url())
    yield url
    drop()


@pytest.fixture
def engine(sqlite_url):
    """A migrated SQLite database (the default backend)."""
    upgrade(sqlite_url)
    engine = make_engine(sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture
def any_engine(any_url):
    """A migrated database on each backend."""
    upgrade(any_url)
    engine = make_engine(any_url)
    yield engine
    engine.dispose()
