from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduler.clock import FakeClock
from scheduler.sweeper import Sweeper
from tests.scheduler.postgres_cluster import private_postgres  # noqa: F401
from tests.scheduler.recording import RecordingNotifier
from tests.storage.databases import any_engine, any_url, engine, pg_url, sqlite_url  # noqa: F401

T0 = datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai"))  # a Monday: the sweeper tests' start


@pytest.fixture
def clock():
    return FakeClock(T0)


@pytest.fixture
def notifier():
    return RecordingNotifier()


@pytest.fixture
def sweeper(any_engine, notifier, clock):
    """A sweeper of the test's database (SQLite and PostgreSQL), its clock at T0, recording what it sends."""
    return Sweeper(any_engine, notifier, clock, worker="test", lease=timedelta(minutes=5))


def pytest_terminal_summary(terminalreporter):
    from tests.storage.databases import report_skips

    report_skips(terminalreporter)


def pytest_collection_finish(session):
    from tests.scheduler.fault_runs import FrozenRun

    FrozenRun.start_for(session)  # the 30 s database freeze runs while the other tests do


def pytest_sessionfinish(session):
    from tests.scheduler.fault_runs import FrozenRun

    FrozenRun.stop()
