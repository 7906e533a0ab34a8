from tests.scheduler.postgres_cluster import private_postgres  # noqa: F401
from tests.storage.databases import any_engine, any_url, engine, pg_url, sqlite_url  # noqa: F401


def pytest_terminal_summary(terminalreporter):
    from tests.storage.databases import report_skips

    report_skips(terminalreporter)


def pytest_collection_finish(session):
    from tests.scheduler.fault_runs import FrozenRun

    FrozenRun.start_for(session)  # the 30 s database freeze runs while the other tests do


def pytest_sessionfinish(session):
    from tests.scheduler.fault_runs import FrozenRun

    FrozenRun.stop()
