"""The outbox: unique slots, claims with leases, SKIP LOCKED on PostgreSQL, the sweep index."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from scheduler.policy import Slot
from storage import outbox
from storage.db import transaction
from storage.models import Nudge
from tests.storage.factories import extracted, import_items, sh

T0 = sh(2026, 3, 2, 10)


def _obligations(engine, n: int):
    with transaction(engine) as s:
        _, rows, _ = import_items(s, [extracted(owner=f"单位{i}") for i in range(n)], at=T0)
        return [r.id for r in rows]


def _due_slots(engine, ids, at):
    with transaction(engine) as s:
        for i in ids:
            outbox.add_slots(s, i, [Slot("closure", "closure_prompt", at)])


def test_a_slot_is_stored_once(any_engine):
    (ob,) = _obligations(any_engine, 1)
    slot = Slot("before:3", "before_due", T0)
    with transaction(any_engine) as s:
        assert outbox.add_slots(s, ob, [slot]) == 1
        assert outbox.add_slots(s, ob, [slot]) == 0
    with pytest.raises(IntegrityError):
        with transaction(any_engine) as s:
            s.add(Nudge(obligation_id=ob, slot="before:3", purpose="before_due", planned_at=T0))
            s.flush()


def test_two_workers_planning_the_same_slot_at_once(pg_url):
    """Two processes materialise one obligation's next slot together (one marks a sent slot while
    the other claims another): the second insert waits for the first and is skipped, no error."""
    from storage.db import make_engine
    from storage.migrate import upgrade

    upgrade(pg_url)
    engine = make_engine(pg_url)
    (ob,) = _obligations(engine, 1)
    slot = Slot("overdue:2026-03-09", "overdue", T0)
    first = Session(engine)
    first.begin()
    assert outbox.add_slots(first, ob, [slot]) == 1  # inserted, not committed yet
    outcome = []

    def second():
        try:
            with transaction(engine) as s:  # checks before the first commits: it sees no slot
                outcome.append(outbox.add_slots(s, ob, [slot]))
        except Exception as error:  # noqa: BLE001 - the outcome is asserted below
            outcome.append(error)

    worker = threading.Thread(target=second)
    worker.start()
    with engine.connect() as probe:  # wait on progress: the second insert waits for our row lock
        for _ in range(2000):
            waiting = probe.execute(text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                                         "AND datname = current_database()")).scalar()
            probe.rollback()  # pg_stat_activity is a snapshot per transaction: look afresh each time
            if waiting:
                break
            worker.join(0.01)
    first.commit()
    first.close()
    worker.join(30)
    assert outcome == [1]  # it believed the slot was new; the database kept one row, no error
    with transaction(engine) as s:
        assert [n.slot for n in outbox.slots_of(s, ob)] == ["overdue:2026-03-09"]
    engine.dispose()


def test_claim_lease_and_expiry(any_engine):
    ids = _obligations(any_engine, 3)
    _due_slots(any_engine, ids, T0)
    lease = timedelta(minutes=5)
    with transaction(any_engine) as s:
        assert outbox.claim_due(s, now=T0 - timedelta(seconds=1), worker="a", lease=lease) == []
        claimed = outbox.claim_due(s, now=T0, worker="a", lease=lease, limit=2)
    assert len(claimed) == 2 and all(n.claimed_by == "a" and n.attempts == 1 for n in claimed)
    with transaction(any_engine) as s:
        rest = outbox.claim_due(s, now=T0 + timedelta(minutes=1), worker="b", lease=lease)
    assert [n.obligation_id for n in rest] == [ids[2]]  # leased slots are not claimable
    # "a" crashed without sending: after the lease its slots are claimable again.
    with transaction(any_engine) as s:
        assert outbox.claim_due(s, now=T0 + timedelta(minutes=4), worker="b", lease=lease) == []
        again = outbox.claim_due(s, now=T0 + timedelta(minutes=5), worker="b", lease=lease)
    assert sorted(n.id for n in again) == sorted(n.id for n in claimed)
    assert all(n.attempts == 2 for n in again)
    with transaction(any_engine) as s:
        outbox.mark_sent(s, [n.id for n in again], at=T0 + timedelta(minutes=6), message_id=99, primary_id=again[0].id)
        assert outbox.claim_due(s, now=T0 + timedelta(days=1), worker="c", lease=lease) == \
            [s.get(Nudge, rest[0].id)]
        assert s.get(Nudge, again[1].id).covered_by == again[0].id


def test_next_wake_sees_planned_slots_and_leases(engine):
    ids = _obligations(engine, 2)
    _due_slots(engine, ids[:1], T0)
    with transaction(engine) as s:
        outbox.add_slots(s, ids[1], [Slot("closure", "closure_prompt", T0 + timedelta(hours=3))])
        assert outbox.next_wake(s, T0) == T0
        outbox.claim_due(s, now=T0, worker="a", lease=timedelta(minutes=5))
        assert outbox.next_wake(s, T0) == T0 + timedelta(minutes=5)  # retry if "a" dies
        outbox.drop_unsent(s, ids[0], T0, "done")
        assert outbox.next_wake(s, T0) == T0 + timedelta(hours=3)


def test_skip_locked_claims_are_disjoint_on_postgresql(pg_url):
    from storage.db import make_engine
    from storage.migrate import upgrade

    upgrade(pg_url)
    engine = make_engine(pg_url)
    ids = _obligations(engine, 20)
    _due_slots(engine, ids, T0)
    first_claimed = threading.Event()
    release_first = threading.Event()
    claims: dict[str, list[int]] = {}

    def claimer(name: str, hold: bool):
        with Session(engine) as s, s.begin():
            claims[name] = [n.id for n in outbox.claim_due(s, now=T0, worker=name, lease=timedelta(0), limit=12)]
            if hold:  # keep the row locks; a zero lease would otherwise let "b" take them again
                first_claimed.set()
                release_first.wait(10)

    a = threading.Thread(target=claimer, args=("a", True))
    a.start()
    assert first_claimed.wait(10)
    claimer("b", False)  # does not block on a's locked rows: skips them
    release_first.set()
    a.join(10)
    engine.dispose()
    assert len(claims["a"]) == 12 and len(claims["b"]) == 8
    assert not set(claims["a"]) & set(claims["b"])


def test_the_sweep_reads_the_partial_index_on_sqlite(engine):
    compiled = outbox.due_query(T0, 100).compile(dialect=engine.dialect)
    params = tuple(str(compiled.params[name]) for name in compiled.positiontup)
    with engine.connect() as connection:
        plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), params).fetchall()
    details = " ".join(str(row[-1]) for row in plan)
    assert "USING INDEX ix_nudge_due" in details, details
    assert "TEMP B-TREE" not in details  # already in planned order: no sort


def test_many_items_slots_in_one_insert_skipping_those_already_there(any_engine):
    a, b = _obligations(any_engine, 2)
    with transaction(any_engine) as s:
        outbox.add_slots(s, a, [Slot("before:3", "before_due", T0)])
        inserted = outbox.insert_slots(s, [(a, Slot("before:3", "before_due", T0)),  # there already: skipped
                                           (a, Slot("closure", "closure_prompt", T0 + timedelta(days=1))),
                                           (b, Slot("before:3", "before_due", T0 - timedelta(hours=1)))],
                                       claim=("w", T0, T0 + timedelta(minutes=5)), claim_before=T0, returning=True)
        assert sorted((o, key) for _, o, key in inserted) == [(a, "closure"), (b, "before:3")]
        by_key = {(n.obligation_id, n.slot): n for n in [*outbox.slots_of(s, a), *outbox.slots_of(s, b)]}
    assert by_key[(b, "before:3")].claimed_by == "w" and by_key[(b, "before:3")].attempts == 1  # due: claimed
    assert by_key[(a, "closure")].claimed_by is None  # not yet due
    assert by_key[(a, "before:3")].claimed_by is None  # the row that was there is untouched


def test_a_claim_is_one_statement_and_a_delivery_one_more(any_engine):
    ids = _obligations(any_engine, 3)
    _due_slots(any_engine, ids, T0)
    seen: list[str] = []

    def record(conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith("BEGIN"):
            seen.append(statement.split()[0].upper())

    event.listen(any_engine, "before_cursor_execute", record)
    with transaction(any_engine) as s:
        claimed = outbox.claim_rows(s, now=T0, worker="a", lease=timedelta(minutes=5))
        outbox.mark_sent(s, [n.id for n in claimed], at=T0, message_id=7, primary_id=claimed[-1].id)
    event.remove(any_engine, "before_cursor_execute", record)
    assert seen == ["UPDATE", "UPDATE"] and [n.obligation_id for n in claimed] == ids
    with transaction(any_engine) as s:
        rows = [s.get(Nudge, n.id) for n in claimed]
    assert [(r.message_id, r.covered_by, r.attempts) for r in rows] == \
        [(7, claimed[-1].id, 1), (7, claimed[-1].id, 1), (7, None, 1)]


def test_how_far_an_item_is_planned_is_read_from_its_live_series_slots(any_engine):
    """The watermark is the latest sent or unsettled slot of the item's series; a dropped slot
    (a replan dropped it) and a one-off snooze slot do not count; a later floor wins."""
    from storage.due_items import load_due_items
    from storage.models import Obligation

    a, b, c = _obligations(any_engine, 3)
    day = timedelta(days=1)
    with transaction(any_engine) as s:
        outbox.add_slots(s, a, [Slot("before:3", "before_due", T0), Slot("before:1", "before_due", T0 + day),
                                Slot("closure", "closure_prompt", T0 + 2 * day),
                                Slot(outbox.SNOOZE_PREFIX + "x", "closure_prompt", T0 + 5 * day)])
        outbox.add_slots(s, b, [Slot("before:3", "before_due", T0)])
        first, _, closure, _ = outbox.slots_of(s, a)
        outbox.mark_sent(s, [first.id], at=T0, message_id=1, primary_id=first.id)
        outbox.drop(s, [closure.id], at=T0, reason="replanned")
        s.get(Obligation, b).planned_through = T0 + 3 * day  # b was replanned after its slot
    with transaction(any_engine) as s:
        found = {i: outbox.planned_through(s, i, s.get(Obligation, i).planned_through) for i in (a, b, c)}
        read = {i: item.planned_through for i, item in load_due_items(s, [a, b, c]).items()}
    assert found == read == {a: T0 + day, b: T0 + 3 * day, c: None}

