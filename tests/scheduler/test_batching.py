"""The sweep works in batches: the SQL statements of a batch's claim transaction do not grow with
the batch size (bindings, report checks and catch-up included), and each message is marked by
one statement of its own, so a crash after a send repeats that message only."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event

from extraction.model import Every
from scheduler import service
from scheduler.clock import FakeClock
from scheduler.sweeper import Sweeper, SweepResult
from storage.bindings import bind_owner
from storage.db import transaction
from tests.scheduler.recording import RecordingNotifier
from tests.storage.factories import CHAT, confirmed_items, extracted, sh

T0 = sh(2026, 3, 2, 10)  # Monday
DUE = sh(2026, 3, 12, 10)  # Thursday: 10-day deadlines are overdue, 3-day ones long overdue (catch-up)


class Statements:
    """Counts the statements an engine runs (not BEGIN), separately for the claim transaction."""

    def __init__(self, engine):
        self.claim = self.other = 0
        self._local = threading.local()
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("BEGIN"):
            return
        if getattr(self._local, "claiming", False):
            self.claim += 1
        else:
            self.other += 1

    @contextmanager
    def claiming(self):
        self._local.claiming = True
        try:
            yield
        finally:
            self._local.claiming = False


def _items(engine, n: int, chat_id: int, reported: bool = True):
    """n items of a chat, a mix: bound owners, catch-up, report prompts (half of them already
    reported, unless `reported` is False)."""
    kinds = [extracted(owner=f"单位{i}", within=(10 if i % 3 else 3, "day")) for i in range(n - n // 4)]
    kinds += [extracted("recurring", owner=f"报送{i}", every=Every(2, "day"), action="报送进展") for i in range(n // 4)]
    with transaction(engine) as s:
        rows = confirmed_items(s, kinds, at=T0, chat_id=chat_id, text=f"批量{n}")
        for i, row in enumerate(rows):
            if i % 2:
                bind_owner(s, chat_id, row.owner, user_id=1000 + i, at=T0)
            if reported and row.kind == "recurring" and i % 2:
                service.report_progress(s, row.id, text="本期已报", at=DUE - timedelta(hours=1), user_id=1)
    return rows


def _claim_statements(engine, n: int, chat_id: int, reported: bool = True) -> tuple[int, int]:
    """(statements of one claim transaction taking n items, messages it prepared)."""
    _items(engine, n, chat_id, reported)
    counter = Statements(engine)
    sweeper = Sweeper(engine, RecordingNotifier(), FakeClock(DUE), worker=f"w{n}", batch=10_000)
    with counter.claiming():
        pending = sweeper._claim(SweepResult())
    for item in pending or []:  # send nothing: release the claims for the next size's sweep
        sweeper._release(item, DUE + timedelta(days=365), "test")
    return counter.claim, len(pending or [])


def test_a_claim_costs_the_same_statements_for_8_items_as_for_80(any_engine):
    small, small_messages = _claim_statements(any_engine, 8, CHAT)
    large, large_messages = _claim_statements(any_engine, 80, CHAT - 1)
    assert small_messages >= 5 and large_messages >= 50  # the reported prompts were dropped, not sent
    # claim, one read of the items (how far each is planned included), the catch-up INSERT, the "reported" drop
    assert small == large == 4


def test_a_claim_whose_slots_are_all_sent_is_three_statements(any_engine):
    small, small_messages = _claim_statements(any_engine, 8, CHAT, reported=False)
    large, large_messages = _claim_statements(any_engine, 80, CHAT - 1, reported=False)
    assert (small_messages, large_messages) == (8, 80)  # nothing dropped: one message per item
    # claim, one read of the items, one INSERT of their catch-up and next slots: nothing else is written
    assert small == large == 3


async def test_each_message_is_marked_by_one_statement_of_its_own(any_engine):
    rows = _items(any_engine, 24, CHAT)
    notifier = RecordingNotifier()
    counter = Statements(any_engine)
    sweeper = Sweeper(any_engine, notifier, FakeClock(DUE), worker="one", batch=7)
    claim = sweeper._claim
    claims: list[int] = []

    def counted(result):
        before = counter.claim
        with counter.claiming():
            found = claim(result)
        claims.append(counter.claim - before)
        return found

    sweeper._claim = counted
    result = await sweeper.sweep()
    assert result.messages == len(notifier.sent) >= 18
    assert len({m.obligation_id for m in notifier.sent}) == len(notifier.sent)  # one message per item
    assert counter.other == result.messages  # one UPDATE per message, nothing else outside the claims
    assert len(claims) == 5 and max(claims) <= 4 and claims[-1] == 1  # 24 due slots: 7+7+7+3, then an empty claim
    caught_up = [m for m in notifier.sent if len(m.slots) > 1]
    assert caught_up and all(m.caught_up for m in caught_up)  # 3-day items: every missed slot in one message
    assert {m.obligation_id for m in notifier.sent} <= {r.id for r in rows}
