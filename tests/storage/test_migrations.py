"""Alembic: the first migration creates the schema, upgrades keep every row, models match."""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlmodel import SQLModel

import storage.models  # noqa: F401
from storage.migrate import current, upgrade


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

    assert current(any_url) == "0002"
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
    assert current(DEFAULT_URL) == "0002"


def test_upgrade_twice_is_a_no_op(sqlite_url):
    upgrade(sqlite_url)
    upgrade(sqlite_url)
    assert current(sqlite_url) == "0002"
