"""Programmatic Alembic: the app upgrades its database on start.

The migrations live in `storage/migrations` inside the package, so an installed app finds
them without an alembic.ini on disk. Two processes may upgrade one database at once: on
PostgreSQL the migration environment takes an advisory lock; on a SQLite file `upgrade` holds an
exclusive `flock` on a lock file beside the database (`duban.db.migrate-lock`), so the second
process waits, then finds the schema at head. Within one process, Alembic's `context` is global,
so migrations run one at a time (a lock) even when threads ask for them together.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_ALEMBIC = threading.Lock()  # alembic.context is one global per process


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    # ConfigParser interpolation: a literal % in a password must be doubled.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at `url` up to `revision` (default: the latest)."""
    from storage.db import make_engine  # local: keeps `import storage.migrate` light

    make_engine(url).dispose()  # creates ./data for a SQLite file
    with _ALEMBIC, _sqlite_file_lock(url):
        command.upgrade(alembic_config(url), revision)


@contextmanager
def _sqlite_file_lock(url: str) -> Iterator[None]:
    """Serialise migrations of one SQLite file across processes (a no-op for other databases)."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    import fcntl  # POSIX only, like the deployments (Linux containers, systemd)

    with open(f"{database}.migrate-lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, also if we die
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def downgrade(url: str, revision: str) -> None:
    with _ALEMBIC, _sqlite_file_lock(url):
        command.downgrade(alembic_config(url), revision)


def current(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()
