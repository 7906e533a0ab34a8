"""storage/chat_queries.py: chat migration, the item of a nudge message, editing pending items,
export helpers; and the deployment defaults written for a new chat."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.run import chat_defaults
from bot.settings import Settings
from storage import chat_queries, outbox
from storage.bindings import bind_owner, targets_for
from storage.chat_settings import get_settings, update_settings
from storage.db import transaction
from storage.models import ChatSettings, ObligationChange, Speech
from storage.obligations import TransitionError
from storage.progress import add_progress
from tests.storage.databases import engine, sqlite_url  # noqa: F401
from tests.storage.factories import CHAT, confirmed_items, extracted, import_items, sh

T0 = sh(2026, 3, 2, 10)
NEW = -1009999


def test_migrate_chat_moves_every_row(engine):
    with transaction(engine) as s:
        (row,) = confirmed_items(s, [extracted()], at=T0)
        bind_owner(s, CHAT, "市人社局", user_id=5, at=T0)
        bind_owner(s, 77, "市住建局", target_chat_id=CHAT, at=T0)
        update_settings(s, CHAT, at=T0, nudge_time="09:30")
    with transaction(engine) as s:
        assert chat_queries.migrate_chat(s, CHAT, NEW) == 1
        assert chat_queries.migrate_chat(s, CHAT, NEW) == 0  # idempotent
    with transaction(engine) as s:
        assert chat_queries.get_in_chat(s, NEW, row.id) is not None and chat_queries.get_in_chat(s, CHAT, row.id) is None
        assert [sp.chat_id for sp in s.exec(select(Speech))] == [NEW]
        assert targets_for(s, NEW, "市人社局").user_ids == (5,)
        assert targets_for(s, 77, "市住建局").chat_ids == (NEW,)
        assert get_settings(s, NEW).nudge_time == "09:30" and s.get(ChatSettings, CHAT) is None


def test_obligation_for_a_sent_nudge_message(engine):
    with transaction(engine) as s:
        (row,) = confirmed_items(s, [extracted(within=(10, "day"))], at=T0)
        (slot,) = outbox.unsettled(s, row.id)
        outbox.mark_sent(s, [slot.id], at=T0 + timedelta(days=7), message_id=4242, primary_id=slot.id)
    with transaction(engine) as s:
        assert chat_queries.obligation_for_message(s, CHAT, 4242).id == row.id
        assert chat_queries.obligation_for_message(s, CHAT + 1, 4242) is None
        assert [n.message_id for n in chat_queries.sent_nudges(s, row.id)] == [4242]


def test_edit_pending_records_the_change_and_refuses_confirmed_items(engine):
    with transaction(engine) as s:
        _speech, (row,), _ = import_items(s, [extracted()], at=T0)
        box = {"kind": "deadline", "within": None, "due": "2026-03-20", "every": None, "event": None,
               "before": False, "confirmed": True}
        chat_queries.edit_pending(s, row, at=T0, by=9, owner="市城管局", timebox=box, expression="3月20日前")
    with transaction(engine) as s:
        fresh = chat_queries.get_in_chat(s, CHAT, row.id)
        assert (fresh.owner, fresh.timebox["due"], fresh.expression) == ("市城管局", "2026-03-20", "3月20日前")
        change = s.exec(select(ObligationChange).where(ObligationChange.change == "edited")).one()
        assert change.actor == 9 and change.detail["owner"] == ["市人社局", "市城管局"]
        (confirmed,) = confirmed_items(s, [extracted()], at=T0, text="另一篇")
        with pytest.raises(TransitionError):
            chat_queries.edit_pending(s, confirmed, at=T0, by=9, owner="x")


def test_export_helpers(engine):
    with transaction(engine) as s:
        rows = confirmed_items(s, [extracted(), extracted(owner="市住建局")], at=T0)
        add_progress(s, rows[0].id, text="第一次", at=T0, user_id=1)
        add_progress(s, rows[0].id, text="第二次", at=T0 + timedelta(hours=1), user_id=1)
        bind_owner(s, CHAT, "市住建局", user_id=3, at=T0)
        bind_owner(s, CHAT, "市人社局", user_id=4, at=T0)
    with transaction(engine) as s:
        assert [r.id for r in chat_queries.chat_obligations(s, CHAT)] == [rows[0].id, rows[1].id]
        assert chat_queries.chat_obligations(s, CHAT, statuses=["done"]) == []
        progress = chat_queries.progress_by_obligation(s, [rows[0].id, rows[1].id])
        assert [p.text for p in progress[rows[0].id]] == ["第一次", "第二次"] and progress[rows[1].id] == []
        assert list(chat_queries.speeches_by_id(s, [rows[0].speech_id])) == [rows[0].speech_id]
        assert [b.owner for b in chat_queries.chat_bindings(s, CHAT)] == ["市人社局", "市住建局"]


def test_deployment_defaults_for_a_new_chat():
    settings = Settings(_env_file=None, quiet_hours="22:00-07:30", nudge_time="08:45", reminder_offsets_days="5,2")
    assert chat_defaults(settings) == {"timezone": "Asia/Shanghai", "quiet_start": "22:00", "quiet_end": "07:30",
                                       "nudge_time": "08:45", "days_before": [5, 2]}
    assert chat_defaults(Settings(_env_file=None, quiet_hours="off"))["quiet_start"] == "00:00"


def test_runtime_from_settings(tmp_path):
    from bot.run import build_runtime

    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'r.db'}", merge_window_seconds=1.5,
                        admins="7,8", allowed_chats="-100", max_document_mb=5)
    rt = build_runtime(settings)
    try:
        assert rt.merge_window == 1.5 and rt.admins == {7, 8} and rt.allowed_chats == {-100}
        assert rt.max_document_bytes == 5 * 1024 * 1024 and rt.chat_defaults["nudge_time"] == "09:00"
        assert rt.chat_allowed(-100) and not rt.chat_allowed(-200)
        assert rt.chat_allowed(7, 7, private=True) and not rt.chat_allowed(9, 9, private=True)
    finally:
        rt.engine.dispose()
