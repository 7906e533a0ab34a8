from tests.storage.databases import any_engine, any_url, engine, pg_url, sqlite_url  # noqa: F401
