"""Chat-wide rows and per-entity helpers: chat migration, what a sent message is about (stored,
or a nudge's outbox row), editing pending items, the export's queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from storage import outbox
from storage.bindings import bind_owner, list_bindings, targets_for
from storage.chat_settings import get_chat_settings, update_chat_settings
from storage.chats import migrate_chat
from storage.db import transaction
from storage.models import ChatSettings, ObligationChange, Speech
from storage.obligations import TransitionError, edit_pending_obligation, get_chat_obligation, list_chat_obligations
from storage.progress import add_progress, list_reports_by_obligation
from storage.sent_messages import NUDGE, MessageContext, find_message_context, record_sent_message
from storage.speeches import get_speeches
from tests.storage.databases import engine, sqlite_url  # noqa: F401
from tests.storage.factories import CHAT, confirmed_items, extracted, import_items, sh

T0 = sh(2026, 3, 2, 10)
NEW = -1009999


def test_migrate_chat_moves_every_row(engine):
    with transaction(engine) as s:
        (row,) = confirmed_items(s, [extracted()], at=T0)
        bind_owner(s, CHAT, "市人社局", user_id=5, at=T0)
        bind_owner(s, 77, "市住建局", target_chat_id=CHAT, at=T0)
        update_chat_settings(s, CHAT, at=T0, nudge_time="09:30")
    with transaction(engine) as s:
        assert migrate_chat(s, CHAT, NEW) == 1
        assert migrate_chat(s, CHAT, NEW) == 0  # idempotent
    with transaction(engine) as s:
        assert get_chat_obligation(s, NEW, row.number) is not None and get_chat_obligation(s, CHAT, row.number) is None
        assert [sp.chat_id for sp in s.exec(select(Speech))] == [NEW]
        assert targets_for(s, NEW, "市人社局").user_ids == (5,)
        assert targets_for(s, 77, "市住建局").chat_ids == (NEW,)
        assert get_chat_settings(s, NEW).nudge_time == "09:30" and s.get(ChatSettings, CHAT) is None


def test_what_a_sent_message_is_about(engine):
    with transaction(engine) as s:
        (row,) = confirmed_items(s, [extracted(within=(10, "day"))], at=T0)
        (slot,) = outbox.unsettled(s, row.id)
        outbox.mark_sent(s, [slot.id], at=T0 + timedelta(days=7), message_id=4242, primary_id=slot.id)
        record_sent_message(s, chat_id=CHAT, message_id=7, purpose="confirmation", numbers=[row.number, 99],
                            speech_id=row.speech_id, at=T0)
        record_sent_message(s, chat_id=CHAT, message_id=8, purpose="edit_due", numbers=[row.number],
                            speech_id=None, at=T0)
        record_sent_message(s, chat_id=CHAT, message_id=8, purpose="edit_owner", numbers=[row.number],
                            speech_id=None, at=T0)  # the message was edited: the latest purpose holds
    with transaction(engine) as s:
        assert find_message_context(s, CHAT, 4242) == MessageContext(NUDGE, (row.number,))
        assert find_message_context(s, CHAT + 1, 4242) is None  # another chat's message id
        assert find_message_context(s, CHAT, 7) == MessageContext("confirmation", (row.number, 99), row.speech_id)
        assert find_message_context(s, CHAT, 8) == MessageContext("edit_owner", (row.number,))
        assert find_message_context(s, CHAT, 9) is None
        migrate_chat(s, CHAT, NEW)
    with transaction(engine) as s:
        assert find_message_context(s, NEW, 8) == MessageContext("edit_owner", (row.number,))


def test_edit_pending_records_the_change_and_refuses_confirmed_items(engine):
    with transaction(engine) as s:
        _speech, (row,), _ = import_items(s, [extracted()], at=T0)
        box = {"kind": "deadline", "within": None, "due": "2026-03-20", "every": None, "event": None,
               "before": False, "confirmed": True}
        edit_pending_obligation(s, row, at=T0, by=9, owner="市城管局", timebox=box, expression="3月20日前")
    with transaction(engine) as s:
        fresh = get_chat_obligation(s, CHAT, row.number)
        assert (fresh.owner, fresh.timebox["due"], fresh.expression) == ("市城管局", "2026-03-20", "3月20日前")
        change = s.exec(select(ObligationChange).where(ObligationChange.change == "edited")).one()
        assert change.actor == 9 and change.detail["owner"] == ["市人社局", "市城管局"]
        (confirmed,) = confirmed_items(s, [extracted()], at=T0, text="另一篇")
        with pytest.raises(TransitionError):
            edit_pending_obligation(s, confirmed, at=T0, by=9, owner="x")


def test_export_helpers(engine):
    with transaction(engine) as s:
        rows = confirmed_items(s, [extracted(), extracted(owner="市住建局")], at=T0)
        add_progress(s, rows[0].id, text="第一次", at=T0, user_id=1)
        add_progress(s, rows[0].id, text="第二次", at=T0 + timedelta(hours=1), user_id=1)
        bind_owner(s, CHAT, "市住建局", user_id=3, at=T0)
        bind_owner(s, CHAT, "市人社局", user_id=4, at=T0)
    with transaction(engine) as s:
        assert [r.id for r in list_chat_obligations(s, CHAT)] == [rows[0].id, rows[1].id]
        assert list_chat_obligations(s, CHAT, statuses=["done"]) == []
        progress = list_reports_by_obligation(s, [rows[0].id, rows[1].id])
        assert [p.text for p in progress[rows[0].id]] == ["第一次", "第二次"] and progress[rows[1].id] == []
        assert list(get_speeches(s, [rows[0].speech_id])) == [rows[0].speech_id]
        assert [b.owner for b in list_bindings(s, CHAT)] == ["市人社局", "市住建局"]
