from tests.storage.databases import any_engine, any_url, engine, pg_url, sqlite_url  # noqa: F401


def pytest_terminal_summary(terminalreporter):
    from tests.storage.databases import report_skips

    report_skips(terminalreporter)
