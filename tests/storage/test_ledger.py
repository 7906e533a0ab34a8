"""Ledger writes and queries: import, dedupe, confirm, lifecycle, history, bindings, settings."""

from __future__ import annotations

from datetime import UTC, time, timedelta

import pytest
from sqlmodel import select

from scheduler import service
from scheduler.config import PolicyConfig
from storage import ledger
from storage import obligations as store
from storage.bindings import bind_owner, list_bindings, targets_for, unbind_owner
from storage.chat_settings import get_chat_settings, update_chat_settings
from storage.db import transaction
from storage.models import CLOSED, OPEN, PENDING, Obligation, Speech
from storage.progress import add_progress, list_reports, reported_since
from tests.storage.factories import CHAT, SHANGHAI, confirmed_items, extracted, import_items, sh

T0 = sh(2026, 3, 2, 10)  # Monday


def test_times_round_trip_aware_and_in_utc(any_engine):
    with transaction(any_engine) as s:
        speech, rows, _ = import_items(s, [extracted()], at=T0)
    with transaction(any_engine) as s:
        speech = s.get(Speech, speech.id)
        assert speech.received_at == T0
        assert speech.received_at.tzinfo is not None
        assert speech.received_at.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused(engine):
    with pytest.raises(Exception, match="naive"):
        with transaction(engine) as s:
            import_items(s, [extracted()], at=T0.replace(tzinfo=None))


def test_same_speech_twice_in_one_chat_is_stored_once(any_engine):
    items = [extracted(), extracted(owner="市住建局", start=30)]
    with transaction(any_engine) as s:
        first, rows, created = import_items(s, items, at=T0, text="同一篇讲话")
    with transaction(any_engine) as s:
        again, rows_again, created_again = import_items(s, items, at=T0 + timedelta(hours=1), text="同一篇讲话")
    assert created and not created_again
    assert again.id == first.id
    assert [r.id for r in rows_again] == [r.id for r in rows]
    with transaction(any_engine) as s:
        assert len(s.exec(select(Obligation)).all()) == 2
        other_chat, _, created_elsewhere = import_items(s, items, at=T0, text="同一篇讲话", chat_id=CHAT - 1)
    assert created_elsewhere and other_chat.id != first.id


def test_import_is_pending_until_confirmed(engine):
    with transaction(engine) as s:
        speech, rows, _ = import_items(s, [extracted(within=(10, "day"))], at=T0)
        assert rows[0].status == PENDING
        assert ledger.list_open(s, CHAT) == []
        service.confirm_speech(s, speech.id, at=T0, by=7)
    with transaction(engine) as s:
        row = s.get(Obligation, rows[0].id)
        assert row.status == OPEN and row.confirmed_by == 7
        assert row.due_at == sh(2026, 3, 12, 23, 59).replace(second=59)  # 10 days, counted from the next day
        assert ledger.list_open(s, CHAT) == [row]


def test_confirm_only_some_cancels_the_rest(engine):
    with transaction(engine) as s:
        speech, rows, _ = import_items(s, [extracted(), extracted(owner="市住建局")], at=T0)
        service.confirm_speech(s, speech.id, at=T0, by=7, only=[rows[1].id])
    with transaction(engine) as s:
        assert [s.get(Obligation, r.id).status for r in rows] == ["cancelled", OPEN]


def test_ledger_queries_by_owner_overdue_and_week(engine):
    with transaction(engine) as s:
        a, b, c = confirmed_items(s, [
            extracted(owner="市人社局", within=(1, "day")),
            extracted(owner="市住建局", within=(10, "day")),
            extracted(owner="市人社局", within=(30, "day")),
        ], at=T0)
    now = sh(2026, 3, 4, 9)
    with transaction(engine) as s:
        assert [o.id for o in ledger.list_open(s, CHAT, owner="市人社局")] == [a.id, c.id]
        assert [o.id for o in ledger.list_overdue(s, CHAT, now)] == [a.id]
        assert ledger.is_overdue(s.get(Obligation, a.id), now)
        week = ledger.list_due_between(s, CHAT, sh(2026, 3, 9), sh(2026, 3, 16))
        assert [o.id for o in week] == [b.id]
        config = PolicyConfig()
        assert [o.id for o in ledger.list_due_between(s, CHAT, *config.week_bounds(sh(2026, 3, 15, 23)))] == [b.id]
        assert [o.id for o in ledger.list_due_between(s, CHAT, *config.week_bounds(now))] == [a.id]


def test_done_close_and_history(engine):
    with transaction(engine) as s:
        (row,) = confirmed_items(s, [extracted()], at=T0)
    with transaction(engine) as s:
        service.report_progress(s, row.id, text="已完成80%", at=T0 + timedelta(days=1), user_id=11)
        service.mark_done(s, row.id, at=T0 + timedelta(days=2), by=11)
    with transaction(engine) as s:
        with pytest.raises(store.TransitionError):
            service.mark_done(s, row.id, at=T0 + timedelta(days=2), by=11)
    with transaction(engine) as s:
        service.close(s, row.id, at=T0 + timedelta(days=3), by=1)
    with transaction(engine) as s:
        row = s.get(Obligation, row.id)
        assert (row.status, row.done_by, row.closed_by) == (CLOSED, 11, 1)
        assert row.closed_at == T0 + timedelta(days=3)
        assert not ledger.is_overdue(row, T0 + timedelta(days=30))
        what = [e.what for e in ledger.list_history(s, row.id)]
        assert what == ["imported", "confirmed", "progress", "done", "closed"]
        assert ledger.list_open(s, CHAT) == []


def test_cancel_and_reopen(engine):
    with transaction(engine) as s:
        a, b = confirmed_items(s, [extracted(), extracted(owner="市住建局")], at=T0)
        service.cancel(s, a.id, at=T0, by=1, reason="重复")
        service.mark_done(s, b.id, at=T0, by=2)
        service.reopen(s, b.id, at=T0 + timedelta(hours=1), by=1)
    with transaction(engine) as s:
        assert s.get(Obligation, a.id).status == "cancelled"
        assert s.get(Obligation, b.id).status == OPEN
        with pytest.raises(store.TransitionError):
            service.close(s, a.id, at=T0, by=1)


def test_done_starts_the_follow_up(engine):
    with transaction(engine) as s:
        main, follow = confirmed_items(s, [
            extracted(within=(3, "day")),
            extracted("on_event", action="报告销号", within=(1, "day"), event="办结"),
        ], at=T0)
        assert follow.trigger_id == main.id and follow.due_at is None
    done_at = sh(2026, 3, 4, 15)
    with transaction(engine) as s:
        service.mark_done(s, main.id, at=done_at, by=11)
    with transaction(engine) as s:
        follow = s.get(Obligation, follow.id)
        assert follow.started_at == done_at
        assert follow.due_at.astimezone(SHANGHAI).date().isoformat() == "2026-03-05"
        assert "triggered" in [e.what for e in ledger.list_history(s, follow.id)]


def test_progress_reports(engine):
    with transaction(engine) as s:
        (row,) = confirmed_items(s, [extracted()], at=T0)
        add_progress(s, row.id, text="进展一", at=T0 + timedelta(hours=1), user_id=5)
        assert reported_since(s, row.id, T0)
        assert not reported_since(s, row.id, T0 + timedelta(hours=2))
        assert [r.text for r in list_reports(s, row.id)] == ["进展一"]


def test_owner_bindings(engine):
    with transaction(engine) as s:
        bind_owner(s, CHAT, "市人社局", user_id=101, at=T0)
        bind_owner(s, CHAT, "市人社局", user_id=101, at=T0)  # idempotent
        bind_owner(s, CHAT, "市人社局", target_chat_id=-200, at=T0)
        bind_owner(s, CHAT, "市住建局", user_id=101, at=T0)
        with pytest.raises(ValueError):
            bind_owner(s, CHAT, "市人社局", at=T0)
        targets = targets_for(s, CHAT, "市人社局")
        assert targets.user_ids == (101,) and targets.chat_ids == (-200,)
        assert [b.owner for b in list_bindings(s, CHAT)] == ["市人社局", "市人社局", "市住建局"]
        assert unbind_owner(s, CHAT, "市人社局") == 2
        assert targets_for(s, CHAT, "市人社局").user_ids == ()


def test_chat_settings_store_only_overrides(any_engine):
    with transaction(any_engine) as s:
        assert get_chat_settings(s, CHAT) is None
        assert service.config_for(s, CHAT) == PolicyConfig()
        update_chat_settings(s, CHAT, at=T0, quiet_start="22:00", days_before=[5, 2, 1], auto_confirm=True,
                             admin_user_ids=[1, 2])
        with pytest.raises(ValueError):
            update_chat_settings(s, CHAT, at=T0, colour="red")
    with transaction(any_engine) as s:
        stored = get_chat_settings(s, CHAT)
        assert (stored.quiet_start, stored.days_before, stored.auto_confirm, stored.admin_user_ids) == \
            ("22:00", [5, 2, 1], True, [1, 2])
        assert (stored.quiet_end, stored.nudge_time, stored.timezone) == (None, None, None)  # not overridden
        assert stored.updated_at == T0.astimezone(UTC)
        deployment = PolicyConfig(nudge_time=time(10, 30), quiet_end=time(7, 0))
        config = service.config_for(s, CHAT, deployment)
        assert (config.quiet_start, config.quiet_end, config.nudge_time) == (time(22, 0), time(7, 0), time(10, 30))
        assert config.days_before == (5, 2, 1) and config.auto_confirm and config.admin_user_ids == (1, 2)


def test_auto_confirm_opens_on_import(engine):
    with transaction(engine) as s:
        update_chat_settings(s, CHAT, at=T0, auto_confirm=True)
    with transaction(engine) as s:
        _, rows, _ = service.import_and_plan(s, chat_id=CHAT, text="自动确认", obligations=[extracted()],
                                             received_at=T0, reference_date=T0.date())
        assert rows[0].status == OPEN
