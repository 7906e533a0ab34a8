"""Migration 0003 (roles, known users, speech fragments) and the storage modules behind them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text
from sqlmodel import SQLModel

import storage.models  # noqa: F401
from storage import fragments, roles, users
from storage.db import make_engine, transaction
from storage.migrate import current, downgrade, upgrade

T0 = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
NEW_TABLES = {"chat_role", "known_user", "speech_fragment"}


def test_0003_adds_its_tables_and_keeps_every_row(any_url):
    upgrade(any_url, "0002")
    engine = create_engine(any_url)
    at = T0 if engine.dialect.name == "postgresql" else T0.replace(tzinfo=None)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO speech (id, chat_id, sha256, text, forwarded_by, received_at, reference_date) "
            "VALUES (1, -100, :sha, '讲话', 7, :at, :ref)"), {"sha": "b" * 64, "at": at, "ref": date(2026, 11, 23)})
        connection.execute(text(
            "INSERT INTO chat_settings (chat_id, timezone, quiet_start, quiet_end, nudge_time, closure_time, "
            "days_before, auto_confirm, admin_user_ids) VALUES (-100, 'Asia/Shanghai', '21:00', '08:00', '09:00', "
            "'16:00', '[3, 1]', false, '[5]')"))
    engine.dispose()
    upgrade(any_url, "0003")
    assert current(any_url) == "0003"
    engine = create_engine(any_url)
    assert NEW_TABLES <= set(inspect(engine).get_table_names())
    with engine.connect() as connection:
        assert connection.execute(text("SELECT forwarded_by FROM speech")).scalar() == 7
        assert connection.execute(text("SELECT admin_user_ids FROM chat_settings")).scalar() in ("[5]", [5])
    engine.dispose()
    downgrade(any_url, "0002")
    engine = create_engine(any_url)
    assert not NEW_TABLES & set(inspect(engine).get_table_names())
    engine.dispose()
    upgrade(any_url)
    engine = create_engine(any_url)
    with engine.connect() as connection:
        assert not compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()


def test_known_users_roles_and_fragments(any_url):
    upgrade(any_url)
    engine = make_engine(any_url)
    try:
        with transaction(engine) as s:
            users.remember_user(s, 1, username="LiSi", full_name="李四", at=T0)
            users.remember_user(s, 2, username=None, full_name="王五", at=T0)
        with transaction(engine) as s:
            assert users.find_user_id(s, "@lisi") == 1
            users.remember_user(s, 2, username="lisi", full_name=None, at=T0 + timedelta(days=1))  # moved
        with transaction(engine) as s:
            assert users.find_user_id(s, "lisi") == 2
            assert users.get_display_names(s, [1, 2, 3]) == {1: "李四", 2: "王五"}

            assert roles.grant_role(s, -100, 1, at=T0, by=9)[1] and not roles.grant_role(s, -100, 1, at=T0, by=9)[1]
            assert roles.has_role(s, -100, 1) and not roles.has_role(s, -200, 1)
            assert roles.list_role_holders(s, -100) == [1]
            assert roles.revoke_role(s, -100, 1) == 1 and not roles.has_role(s, -100, 1)

            ids = [fragments.add_fragment(s, chat_id=-100, user_id=u, chat_type="group", message_id=m, text=f"段{m}",
                                          at=T0).id for u, m in ((1, 10), (2, 11), (1, 12))]
        with transaction(engine) as s:
            assert [f.text for f in fragments.list_fragments(s, -100, 1)] == ["段10", "段12"]
            assert fragments.list_waiting_senders(s) == [(-100, 1), (-100, 2)]
            assert fragments.drop_fragments(s, -100, 1, through_id=ids[0]) == 1  # a later one keeps waiting
        with transaction(engine) as s:
            assert [f.text for f in fragments.list_fragments(s, -100, 1)] == ["段12"]
    finally:
        engine.dispose()
