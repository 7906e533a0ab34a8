"""Confirming in bulk: a speech confirmed at once ends exactly as its items confirmed one by one
(statuses, clocks, first slots, history, merges, follow-ups of an item already done), in a number
of statements that does not grow with the items; the bot's path runs in short transactions."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import event
from sqlmodel import col, select

from extraction.model import Every
from scheduler import service
from scheduler.config import PolicyConfig
from scheduler.confirming import confirm_in_chunks, confirm_rows
from storage import outbox
from storage.db import transaction
from storage.models import MERGED, OPEN, PENDING, Obligation, ObligationChange, Speech
from storage.speeches import list_speech_obligations
from tests.storage.factories import confirmed_items, extracted, import_items, sh

T0 = sh(2026, 3, 2, 10)  # Monday
T1 = sh(2026, 3, 3, 11)  # when the second speech is confirmed


def _mixed(k: int) -> list:
    """A speech's worth of items of every kind, k of each."""
    items = []
    for i in range(k):
        items += [
            extracted(owner=f"单位{i}", within=(10, "day")),
            extracted(owner=f"单位{i}", within=(5, "workday")),
            extracted(owner=f"单位{i}", due=date(2026, 3, 1)),  # already past: its overdue slots are due at once
            extracted("recurring", owner=f"报送{i}", every=Every(1, "month", day_of_month=10), before=True),
            extracted("on_event", owner=f"单位{i}", within=(3, "day"), event="会议结束"),  # waits
            extracted("on_event", owner=f"单位{i}", within=(5, "day"), event="收到通知"),  # starts now
            extracted("on_event", owner=f"单位{i}", action="报告销号", within=(1, "day"), event="办结"),
        ]
    return items


def _earlier(session):
    """An open item (to be repeated) and a done one (whose follow-up in the new speech starts at once)."""
    repeated, done = confirmed_items(session, [extracted(owner="市住建局", action="排查危房"),
                                               extracted(owner="市水利局", action="加固堤防")], at=T0, text="上次会议")
    service.mark_done(session, done.id, at=sh(2026, 3, 2, 15), by=5)
    return repeated, done


def _new_speech(session, repeated, done, text: str):
    items = _mixed(2) + [extracted(owner="市住建局", action="排查危房", start=500),
                         extracted("on_event", owner="市水利局", action="报告销号", within=(1, "day"), event="办结",
                                   start=600)]
    speech, rows, _ = import_items(session, items, at=T1, text=text)
    rows[-2].duplicate_of = repeated.id  # as storage.duplicates marks a repeat
    rows[-1].trigger_id = done.id  # chained to an item already done
    session.add_all(rows[-2:])
    return speech, rows


def _state(session, speech_id: int):
    """Everything confirmation writes, by position in the speech."""
    found = []
    for row in list_speech_obligations(session, speech_id):
        changes = session.exec(select(ObligationChange).where(col(ObligationChange.obligation_id) == row.id)
                               .order_by(col(ObligationChange.id))).all()
        slots = outbox.slots_of(session, row.id)
        found.append((row.seq, row.status, row.started_at, row.due_at, row.original_due_at, row.calendar_confirmed,
                      row.planned_through, row.cancelled_at, row.duplicate_of,
                      [(c.change, c.at, c.actor, c.detail) for c in changes],
                      [(n.slot, n.purpose, n.planned_at, n.data, n.claimed_by) for n in slots]))
    return found


def test_a_speech_confirmed_at_once_ends_as_its_items_confirmed_one_by_one(any_engine):
    with transaction(any_engine) as s:
        repeated, done = _earlier(s)
        bulk, _ = _new_speech(s, repeated, done, "讲话甲")
        single, _ = _new_speech(s, repeated, done, "讲话乙")
    with transaction(any_engine) as s:
        service.confirm_speech(s, bulk.id, at=T1, by=7)
    for row_id in [r.id for r in _rows(any_engine, single.id)]:
        with transaction(any_engine) as s:
            service.confirm_obligation(s, s.get(Obligation, row_id), at=T1, by=7)
    with transaction(any_engine) as s:
        at_once, one_by_one = _state(s, bulk.id), _state(s, single.id)
        mentioned = s.exec(select(ObligationChange).where(col(ObligationChange.obligation_id) == repeated.id,
                                                          col(ObligationChange.change) == "mentioned")).all()
    assert at_once == one_by_one
    statuses = [entry[1] for entry in at_once]
    assert statuses.count(MERGED) == 1 and statuses.count(OPEN) == len(statuses) - 1
    ten_days = at_once[0]  # counted from the confirmation (03-03): due at the end of 03-13, reminded 03-10
    assert ten_days[3] == sh(2026, 3, 13, 23, 59) + timedelta(seconds=59)
    assert [(slot[0], slot[2]) for slot in ten_days[10]] == [("before:3", sh(2026, 3, 10, 9))]
    past_due = at_once[2]  # 3月1日: already past, every slot up to now is due at once, one more is next
    # (the ladder: the owner is reminded each day, the admins told on the third day overdue)
    assert [slot[0] for slot in past_due[10]] == ["overdue:2026-03-02", "overdue:2026-03-03", "closure",
                                                  "overdue:2026-03-04", "escalate:2026-03-04"]
    follow_up = at_once[-1]
    assert follow_up[2] == sh(2026, 3, 2, 15)  # its clock started at the earlier item's 办结
    assert [c[0] for c in follow_up[9]] == ["imported", "confirmed", "triggered"]
    assert len(mentioned) == 2  # one mention in the open item's history per merged repeat
    waiting = [e for e in at_once if e[2] is None and e[1] == OPEN]
    assert waiting and all(e[10] == [] for e in waiting)  # 会议结束: nothing planned until the event


def _rows(engine, speech_id: int):
    with transaction(engine) as s:
        return list_speech_obligations(s, speech_id)


def _statements(engine, speech_id: int) -> int:
    count = [0]

    def counted(conn, cursor, statement, *args):
        count[0] += not statement.lstrip().upper().startswith("BEGIN")

    with transaction(engine) as s:
        rows = [r for r in list_speech_obligations(s, speech_id) if r.status == PENDING]
        event.listen(engine, "before_cursor_execute", counted)
        try:
            confirm_rows(s, rows, at=T1, by=7, config=PolicyConfig())
        finally:
            event.remove(engine, "before_cursor_execute", counted)
    return count[0]


def test_confirming_70_items_costs_the_statements_of_7(any_engine):
    with transaction(any_engine) as s:
        few, _, _ = import_items(s, _mixed(1), at=T1, text="少")
        many, _, _ = import_items(s, _mixed(10), at=T1, text="多")
    # an UPDATE per set of columns changed (started or waiting, planned or not), the history, the slots
    assert _statements(any_engine, few.id) == _statements(any_engine, many.id) <= 5


def test_the_bots_path_confirms_in_short_transactions_in_order(any_engine):
    with transaction(any_engine) as s:
        speech, rows, _ = import_items(s, [extracted(owner=f"单位{i}", within=(10, "day")) for i in range(25)],
                                       at=T1, text="二十五项")
    numbers = [r.number for r in rows]
    commits = [0]
    event.listen(any_engine, "commit", lambda conn: commits.__setitem__(0, commits[0] + 1))
    page = confirm_in_chunks(any_engine, speech.id, at=T1, by=7, numbers=range(numbers[3], numbers[21] + 1), chunk=7)
    assert page == numbers[3:22] and commits[0] == 1 + 3  # the read, then 7 + 7 + 5 items
    with transaction(any_engine) as s:
        assert s.get(Speech, speech.id).confirmed_at is None  # six items still wait
        service.confirm_obligation(s, s.get(Obligation, rows[0].id), at=T1, by=8)  # one by one, in between
    rest = confirm_in_chunks(any_engine, speech.id, at=T1, by=7, chunk=7)
    assert rest == numbers[1:3] + numbers[22:]
    with transaction(any_engine) as s:
        assert s.get(Speech, speech.id).confirmed_at == T1
        assert all(r.status == OPEN for r in list_speech_obligations(s, speech.id))
        confirmed = s.exec(select(ObligationChange).where(col(ObligationChange.change) == "confirmed")).all()
    assert sorted(c.obligation_id for c in confirmed) == sorted(r.id for r in rows)  # each confirmed once
    assert confirm_in_chunks(any_engine, speech.id, at=T1, by=7) == []
