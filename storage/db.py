"""Engines and sessions. Nothing here reads settings at import: callers pass a URL and timeouts.

Every wait on the database is bounded, so a hung or vanished server delays work instead of
freezing it: PostgreSQL gets a connect timeout, a statement timeout, a lock timeout and TCP
keepalives; SQLite a busy timeout. Errors that mean "the database cannot serve us right now"
(unreachable, timed out, locked, disk full) leave `transaction()` as `DatabaseUnavailable`.
The engine may be used from worker threads (`asyncio.to_thread`), one connection per thread.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlmodel import Session

DEFAULT_URL = "sqlite:///./data/duban.db"

CONNECT_TIMEOUT = 10.0  # seconds to establish a connection (PostgreSQL)
STATEMENT_TIMEOUT = 30.0  # seconds one statement may run (PostgreSQL)
LOCK_TIMEOUT = 10.0  # seconds to wait for a lock (PostgreSQL lock_timeout, SQLite busy timeout)

# SQLite primary result codes that mean "not now" rather than "wrong SQL" (sqlite3.h).
_SQLITE_TRANSIENT = {
    5,  # SQLITE_BUSY: the busy timeout ran out
    6,  # SQLITE_LOCKED
    7,  # SQLITE_NOMEM
    8,  # SQLITE_READONLY (file or directory not writable)
    10,  # SQLITE_IOERR
    13,  # SQLITE_FULL: disk (or max_page_count) full
    14,  # SQLITE_CANTOPEN
    15,  # SQLITE_PROTOCOL
}


class DatabaseUnavailable(Exception):
    """The database cannot serve the request now: unreachable, a connect/statement/lock timeout,
    locked, disk full. Retry later; the work itself was not wrong. `reason` is one line."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def make_engine(url: str = DEFAULT_URL, *, connect_timeout: float = CONNECT_TIMEOUT,
                statement_timeout: float = STATEMENT_TIMEOUT, lock_timeout: float = LOCK_TIMEOUT,
                **kwargs) -> Engine:
    """Create an engine for `url`; for a SQLite file, create its directory first.

    SQLite gets WAL, a busy timeout (`lock_timeout`) and `BEGIN IMMEDIATE` transactions, so
    several processes on one file serialise their writes instead of failing at once with
    "database is locked"; connections may move between threads. PostgreSQL gets
    `connect_timeout`, `statement_timeout` and `lock_timeout` (seconds; 0 disables the last two)
    and TCP keepalives, so a dead peer is noticed in about a minute.
    """
    parsed = make_url(url)
    connect_args = kwargs.setdefault("connect_args", {})
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        connect_args.setdefault("timeout", lock_timeout)
        connect_args.setdefault("check_same_thread", False)
        engine = create_engine(url, **kwargs)
        _tune_sqlite(engine, lock_timeout)
        return engine
    if parsed.get_backend_name() == "postgresql":
        options: list[str] = [str(parsed.query.get("options") or connect_args.get("options") or ""),
                   f"-c statement_timeout={_ms(statement_timeout)}", f"-c lock_timeout={_ms(lock_timeout)}"]
        connect_args["options"] = " ".join(o for o in options if o)
        connect_args.setdefault("connect_timeout", max(1, math.ceil(connect_timeout)))  # libpq: whole seconds
        for name, value in (("keepalives", 1), ("keepalives_idle", 30), ("keepalives_interval", 10),
                            ("keepalives_count", 3)):
            connect_args.setdefault(name, value)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def _ms(seconds: float) -> int:
    return max(0, round(seconds * 1000))


def _tune_sqlite(engine: Engine, lock_timeout: float) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite would defer it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={_ms(lock_timeout)}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def unavailable_reason(error: BaseException) -> str | None:
    """One line saying why the database is unavailable, or None when `error` is not such an error
    (a constraint violation or bad SQL is a bug, not an outage)."""
    if isinstance(error, DatabaseUnavailable):
        return error.reason
    if isinstance(error, sa_exc.TimeoutError):  # no pooled connection came free in time
        return one_line(error)
    if not isinstance(error, (sa_exc.OperationalError, sa_exc.InterfaceError)):
        if not (isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated):
            return None
    original = getattr(error, "orig", None)
    code = getattr(original, "sqlite_errorcode", None)
    if code is not None and code & 0xFF not in _SQLITE_TRANSIENT:
        return None  # e.g. "no such table": SQLite reports SQL errors as OperationalError too
    return one_line(original if original is not None else error)


def one_line(error: BaseException) -> str:
    """The first non-empty line of an exception's message (SQLAlchemy appends SQL and a link)."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return (lines[0] if lines else type(error).__name__)[:300]


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One session, one transaction: committed on success, rolled back on error.

    Raises `DatabaseUnavailable` when the database cannot be reached or did not answer in time.
    """
    try:
        with Session(engine, expire_on_commit=False) as session:
            with session.begin():
                yield session
    except sa_exc.SQLAlchemyError as error:
        reason = unavailable_reason(error)
        if reason is None:
            raise
        raise DatabaseUnavailable(reason) from error
