"""Confirming many items at once (交办): what `scheduler.service.confirm_obligation` does to each
pending item, with the writes in bulk — one UPDATE per set of changed columns, one INSERT of
the history, one INSERT of the first slots — and, for the bot's 确认, in transactions of at most
`CHUNK` items, so confirming ten thousand never holds the database in one long write.
"""

from __future__ import annotations

from collections.abc import Container, Sequence
from datetime import date, datetime

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from extraction.model import Kind
from scheduler import planning, policy
from scheduler.config import PolicyConfig
from scheduler.deadlines import due_on_start, starts_at_confirmation
from scheduler.workdays import WorkdayCalendar
from storage import obligations as store
from storage import outbox
from storage.chaining import follows_done_event
from storage.db import transaction
from storage.models import OPEN, PENDING, REVIEW, ChatSettings, Obligation, Speech

CHUNK = 1000  # items per transaction: well under a second each, even on a loaded machine


def confirm_rows(session: Session, rows: Sequence[Obligation], *, at: datetime, by: int | None,
                 config: PolicyConfig) -> list[Obligation]:
    """pending → open for each row, in order: its clock started where it starts at confirmation
    (a follow-up whose item is already done starts from that 办结), its first slots planned;
    a row marked as repeating an open item (`duplicate_of`) is merged into it instead."""
    session.flush()  # edits made before are written first; the rows are then updated in bulk
    bulk = store.Bulk(session)
    planned: list[tuple[int, policy.Slot]] = []
    references: dict[int, date] = {}
    workdays = WorkdayCalendar()
    done = []
    for row in rows:
        if row.duplicate_of is not None:
            into = session.get(Obligation, row.duplicate_of)
            if into is not None and into.status in (OPEN, REVIEW):
                done.append(store.merge_obligation(session, row, into, at=at, by=by, speech_id=row.speech_id,
                                                   bulk=bulk))
                continue
        started_at = at if starts_at_confirmation(row) else None
        due = due_on_start(row, at, config) if started_at is not None else policy.Due(None)
        store.confirm_obligation(session, row, at=at, by=by, started_at=started_at, due_at=due.at,
                                 calendar_confirmed=due.confirmed, bulk=bulk)
        if row.kind == Kind.ON_EVENT and row.trigger_id is not None and started_at is None:
            trigger = session.get(Obligation, row.trigger_id)
            if trigger is not None and trigger.status not in (OPEN, REVIEW, PENDING) \
                    and trigger.done_at is not None and follows_done_event(row.timebox.get("event")):
                started = due_on_start(row, trigger.done_at, config)
                store.start_obligation(session, row, at=trigger.done_at, due_at=started.at, by=by,
                                       calendar_confirmed=started.confirmed, bulk=bulk)
        # A pending item has no slots yet: how far it is planned is its floor (None), no outbox read needed.
        if planning.needs_planning(row.planned_through, at):
            planned += [(row.id, slot) for slot in planning.new_slots(
                planning.subject(row, _reference_date(session, row, references)), config, row.planned_through, at,
                workdays)]
        done.append(row)
    bulk.write()
    outbox.insert_slots(session, planned)
    return done


def _reference_date(session: Session, row: Obligation, known: dict[int, date]) -> date:
    if row.speech_id not in known:
        speech = session.get(Speech, row.speech_id)
        if speech is None:
            raise LookupError(f"obligation {row.id} has no speech {row.speech_id}")
        known[row.speech_id] = speech.reference_date
    return known[row.speech_id]


def confirm_in_chunks(engine: Engine, speech_id: int, *, at: datetime, by: int | None,
                      numbers: Container[int] | None = None, defaults: PolicyConfig | None = None,
                      chunk: int = CHUNK) -> list[int]:
    """Confirm a speech's pending items (those whose number is in `numbers`, else all), `chunk`
    items per transaction, in the speech's order; returns the numbers confirmed (or merged).
    The speech counts as confirmed once none of its items waits. An item another admin
    confirmed meanwhile is skipped (its row is locked and read again on PostgreSQL)."""
    with transaction(engine) as session:
        query = (select(col(Obligation.id), col(Obligation.number))
                 .where(col(Obligation.speech_id) == speech_id, col(Obligation.status) == PENDING)
                 .order_by(col(Obligation.seq)))
        ids = [i for i, number in session.exec(query) if numbers is None or number in numbers]
    confirmed: list[int] = []
    for start in range(0, len(ids), chunk):
        with transaction(engine) as session:
            rows = list(session.exec(
                select(Obligation).where(col(Obligation.id).in_(ids[start:start + chunk]),
                                         col(Obligation.status) == PENDING)
                .order_by(col(Obligation.seq)).with_for_update()))
            if rows:
                config = (defaults or PolicyConfig()).with_overrides(session.get(ChatSettings, rows[0].chat_id))
                confirmed += [row.number for row in confirm_rows(session, rows, at=at, by=by, config=config)]
            if start + chunk >= len(ids):
                _mark_speech_confirmed(session, speech_id, at, by)
    return confirmed


def _mark_speech_confirmed(session: Session, speech_id: int, at: datetime, by: int | None) -> None:
    waiting = session.exec(select(func.count()).select_from(Obligation).where(
        col(Obligation.speech_id) == speech_id, col(Obligation.status) == PENDING)).one()
    speech = session.get(Speech, speech_id)
    if not waiting and speech is not None and speech.confirmed_at is None:
        speech.confirmed_at, speech.confirmed_by = at, by
        session.add(speech)
