"""Migration 0006 (the office's view) from 0005 with data, on SQLite and PostgreSQL: every row is
kept, the new chat settings start as "the default", the new tables start empty and work."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import create_engine, text

from storage import bulletins, starts
from storage.db import make_engine, transaction
from storage.migrate import current, downgrade, upgrade


def _seed(url: str) -> None:
    engine = create_engine(url)
    now = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    at = now if engine.dialect.name == "postgresql" else now.replace(tzinfo=None)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO speech (id, chat_id, sha256, text, received_at, reference_date) "
            "VALUES (1, -100, :sha, '讲话', :at, :ref)"), {"sha": "a" * 64, "at": at, "ref": date(2026, 11, 20)})
        for i in range(1, 31):
            connection.execute(text(
                "INSERT INTO obligation (id, number, speech_id, chat_id, seq, span_start, span_end, quote, kind, "
                "action, expression, timebox, status, calendar_confirmed, created_at, confirmed_at, replans) "
                "VALUES (:i, :i, 1, -100, :i, 0, 1, '原文', 'deadline', '办理', '', '{}', 'open', true, :at, :at, 0)"),
                {"i": i, "at": at})
        connection.execute(text("INSERT INTO chat_settings (chat_id, nudge_time, review) VALUES (-100, '09:30', true)"))
    engine.dispose()


def test_0006_keeps_every_row_and_adds_the_office_settings(any_url):
    upgrade(any_url, "0005")
    _seed(any_url)
    upgrade(any_url, "0006")
    assert current(any_url) == "0006"
    engine = create_engine(any_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM obligation")).scalar() == 30
        assert connection.execute(text(
            "SELECT nudge_time, review, warning_days, ladder_days, bulletin, bulletin_time FROM chat_settings"
        )).one() == ("09:30", True, None, None, None, None)
        assert connection.execute(text("SELECT count(*) FROM bulletin")).scalar() == 0
    engine.dispose()
    db = make_engine(any_url)
    now = datetime(2026, 11, 30, 1, 0, tzinfo=UTC)
    with transaction(db) as session:
        assert starts.record_start(session, 1001, at=now) and not starts.record_start(session, 1001, at=now)
        assert starts.started_among(session, [1002, 1001]) == [1001]
        assert bulletins.first_confirmed(session) == {-100: datetime(2026, 11, 20, 2, 0, tzinfo=UTC)}
        first = bulletins.claim(session, -100, "2026-11-30", planned_at=now, now=now, worker="a",
                                lease=timedelta(minutes=5))
        assert first is not None
    with transaction(db) as session:  # held by "a": nobody else takes it
        assert bulletins.claim(session, -100, "2026-11-30", planned_at=now, now=now, worker="b",
                               lease=timedelta(minutes=5)) is None
    later = now + timedelta(minutes=6)
    with transaction(db) as session:  # "a" died before sending: its lease ran out, "b" takes it
        taken = bulletins.claim(session, -100, "2026-11-30", planned_at=now, now=later, worker="b",
                                lease=timedelta(minutes=5))
        assert taken is not None and taken.claimed_by == "b"
        bulletins.mark_sent(session, taken.id, at=later, message_id=7)
    with transaction(db) as session:  # sent: never again
        assert bulletins.claim(session, -100, "2026-11-30", planned_at=now, now=later + timedelta(hours=1),
                               worker="c", lease=timedelta(minutes=5)) is None
        assert bulletins.sent_periods(session, -100) == ["2026-11-30"]
    db.dispose()
    downgrade(any_url, "0005")
    engine = create_engine(any_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM obligation")).scalar() == 30
        assert connection.execute(text("SELECT nudge_time FROM chat_settings")).scalar() == "09:30"
    engine.dispose()
