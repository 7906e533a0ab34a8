"""Migration 0005 (the 督办 cycle) from the schema before it, with data: every row is kept,
each existing item's number is its id (so the numbers a group saw and the buttons it was sent
keep meaning the same item), and new items count on after the chat's highest number."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import create_engine, text
from sqlmodel import select

from extraction.model import ExtractedObligation, TimeBox, Within
from storage.db import make_engine, transaction
from storage.migrate import current, downgrade, upgrade
from storage.models import Obligation
from storage.speeches import import_speech


def _seed(url: str) -> None:
    engine = create_engine(url)
    now = datetime(2026, 11, 20, 2, 0, tzinfo=UTC)
    at = now if engine.dialect.name == "postgresql" else now.replace(tzinfo=None)
    with engine.begin() as connection:
        for speech, chat in ((1, -100), (2, -200)):
            connection.execute(text(
                "INSERT INTO speech (id, chat_id, sha256, text, received_at, reference_date) "
                "VALUES (:id, :chat, :sha, '讲话', :at, :ref)"), {"id": speech, "chat": chat, "sha": str(speech) * 64,
                                                               "at": at, "ref": date(2026, 11, 20)})
        for i in range(1, 21):
            connection.execute(text(
                "INSERT INTO obligation (id, speech_id, chat_id, seq, span_start, span_end, quote, kind, action, "
                "expression, timebox, status, calendar_confirmed, created_at) VALUES (:i, :s, :c, :i, 0, 1, '原文', "
                "'deadline', '办理', '', '{}', 'open', true, :at)"),
                {"i": i, "s": 1 if i % 2 else 2, "c": -100 if i % 2 else -200, "at": at})
        connection.execute(text("INSERT INTO chat_settings (chat_id, nudge_time) VALUES (-100, '09:30')"))
        connection.execute(text(
            "INSERT INTO sent_message (chat_id, message_id, purpose, obligation_ids, sent_at) "
            "VALUES (-100, 77, 'item', '[19]', :at)"), {"at": at})
        if engine.dialect.name == "postgresql":  # explicit ids do not move PostgreSQL's sequences
            for table in ("speech", "obligation"):
                connection.execute(text(f"SELECT setval('{table}_id_seq', 100)"))
    engine.dispose()


def test_0005_keeps_every_row_and_numbers_existing_items_by_id(any_url):
    upgrade(any_url, "0004")
    _seed(any_url)
    upgrade(any_url, "0005")
    assert current(any_url) == "0005"
    engine = create_engine(any_url)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT id, number, chat_id, replans, co_owners FROM obligation ORDER BY id"))
        found = list(rows)
        assert [(r[0], r[1]) for r in found] == [(i, i) for i in range(1, 21)]
        assert all(r[3] == 0 and r[4] is None for r in found)
        assert dict(connection.execute(text("SELECT chat_id, last_number FROM chat_sequence")).all()) == {
            -100: 19, -200: 20}
        assert connection.execute(text("SELECT nudge_time, review FROM chat_settings")).one() == ("09:30", None)
        assert connection.execute(text("SELECT count(*) FROM sent_message")).scalar() == 1
    engine.dispose()
    db = make_engine(any_url)
    box = TimeBox(kind="deadline", start=0, end=3, within=Within(3, "day"))
    new = ExtractedObligation(start=0, end=6, quote="三天内办理", kind="deadline", owner="市人社局", action="办理",
                              timebox=box, expression="3天内")
    with transaction(db) as session:
        _speech, (row,), _ = import_speech(session, chat_id=-100, text="新讲话", obligations=[new],
                                           received_at=datetime(2026, 11, 25, tzinfo=UTC),
                                           reference_date=date(2026, 11, 25))
        assert row.number == 20  # after the chat's highest existing number
        _speech, (fresh,), _ = import_speech(session, chat_id=-300, text="新群的讲话", obligations=[new],
                                             received_at=datetime(2026, 11, 25, tzinfo=UTC),
                                             reference_date=date(2026, 11, 25))
        assert fresh.number == 1  # a new group counts from #1
        assert len(list(session.exec(select(Obligation)))) == 22
    db.dispose()
    downgrade(any_url, "0004")
    engine = create_engine(any_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM obligation")).scalar() == 22
    engine.dispose()
