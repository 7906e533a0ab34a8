"""Lifecycle operations that change the schedule. The bot calls these (inside one
transaction per update); they write through `storage` and plan nudge slots with the policy.

Slots are materialised lazily: an open obligation always has every slot planned up to now
plus its next future one in the outbox, never its whole (possibly endless) series.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session

from extraction.model import ExtractedObligation, Kind
from scheduler import policy
from scheduler.policy import PolicyConfig, Subject
from scheduler.workdays import WorkdayCalendar
from storage import obligations as store
from storage import outbox
from storage.models import OPEN, PENDING, ChatSettings, Obligation, ProgressReport, Speech
from storage.progress import add_progress
from storage.speeches import import_speech, list_speech_obligations

EVENT_DONE = "办结"


def config_for(session: Session, chat_id: int, defaults: PolicyConfig | None = None) -> PolicyConfig:
    """The deployment's `defaults` with the chat's stored overrides laid over them."""
    return (defaults or PolicyConfig()).with_overrides(session.get(ChatSettings, chat_id))


def expected_due(row: Obligation, config: PolicyConfig, now: datetime) -> datetime | None:
    """When `row` is (or, still pending, would be if confirmed `now`) due; None without a fixed limit."""
    if row.due_at is not None or row.kind != Kind.DEADLINE:
        return row.due_at
    return policy.resolve_due(policy.timebox_from_json(row.timebox), row.started_at or now, config).at


def subject_of(session: Session, row: Obligation) -> Subject:
    speech = session.get(Speech, row.speech_id)
    if speech is None:
        raise LookupError(f"obligation {row.id} has no speech {row.speech_id}")
    return Subject(kind=row.kind, timebox=policy.timebox_from_json(row.timebox),
                   reference_date=speech.reference_date, started_at=row.started_at)


def materialise(session: Session, row: Obligation, now: datetime, config: PolicyConfig | None = None,
                claim: tuple[str, datetime] | None = None) -> list[policy.Slot]:
    """Put into the outbox every slot of `row` planned up to `now` and the next future one(s)
    (slots sharing that planned time). Idempotent. Returns the slots it added.

    `claim=(worker, lease_until)` claims the added past-due slots for the caller at once, so
    a catch-up sends them in the same message as the slot being sent.
    """
    if row.status != OPEN:
        return []
    through = row.planned_through
    if through is not None and through > now:
        return []  # the next future slot is already waiting
    config = config or config_for(session, row.chat_id)
    new: list[policy.Slot] = []
    future_at: datetime | None = None
    for slot in policy.slots(subject_of(session, row), config, WorkdayCalendar()):
        if future_at is not None and slot.planned_at != future_at:
            break
        if through is not None and slot.planned_at <= through:
            continue
        new.append(slot)
        if slot.planned_at > now and future_at is None:
            future_at = slot.planned_at
    if not new:
        return []
    assert row.id is not None
    outbox.add_slots(session, row.id, new,
                     claim=(claim[0], now, claim[1]) if claim else None, claim_before=now)
    row.planned_through = max(s.planned_at for s in new)
    session.add(row)
    return new


def import_and_plan(session: Session, *, chat_id: int, text: str, obligations: Sequence[ExtractedObligation],
                    received_at: datetime, reference_date: date, forwarded_by: int | None = None,
                    defaults: PolicyConfig | None = None) -> tuple[Speech, list[Obligation], bool]:
    """Store a forwarded speech. With the chat's auto-confirm on, confirm it at once.
    Returns (speech, obligations, created) like `storage.speeches.import_speech`."""
    speech, rows, created = import_speech(session, chat_id=chat_id, text=text, obligations=obligations,
                                          received_at=received_at, reference_date=reference_date,
                                          forwarded_by=forwarded_by)
    if created and config_for(session, chat_id, defaults).auto_confirm:
        assert speech.id is not None
        confirm_speech(session, speech.id, at=received_at, by=forwarded_by, defaults=defaults)
    return speech, rows, created


def confirm_obligation(session: Session, row: Obligation, *, at: datetime, by: int | None,
                       config: PolicyConfig | None = None) -> Obligation:
    """pending → open: compute the due time, plan the first nudges."""
    config = config or config_for(session, row.chat_id)
    box = policy.timebox_from_json(row.timebox)
    started_at = None if row.kind == Kind.ON_EVENT else at
    due = policy.resolve_due(box, started_at, config) if row.kind == Kind.DEADLINE else policy.Due(None)
    store.confirm_obligation(session, row, at=at, by=by, started_at=started_at, due_at=due.at,
                             calendar_confirmed=due.confirmed)
    # An on_event item whose trigger is already done starts now.
    if row.kind == Kind.ON_EVENT and row.trigger_id is not None:
        trigger = session.get(Obligation, row.trigger_id)
        if trigger is not None and trigger.done_at is not None and _is_done_event(box.event):
            _start(session, row, trigger.done_at, by, config)
    materialise(session, row, at, config)
    return row


def confirm_speech(session: Session, speech_id: int, *, at: datetime, by: int | None,
                   only: Sequence[int] | None = None, defaults: PolicyConfig | None = None) -> list[Obligation]:
    """Confirm a speech's pending obligations (or only the ids in `only`; the rest are cancelled)."""
    speech = session.get(Speech, speech_id)
    if speech is None:
        raise LookupError(f"no speech {speech_id}")
    speech.confirmed_at, speech.confirmed_by = at, by
    session.add(speech)
    config = config_for(session, speech.chat_id, defaults)
    confirmed = []
    for row in list_speech_obligations(session, speech_id):
        if row.status != PENDING:
            continue
        if only is not None and row.id not in only:
            store.cancel_obligation(session, row, at=at, by=by, reason="not confirmed")
            continue
        confirmed.append(confirm_obligation(session, row, at=at, by=by, config=config))
    return confirmed


def _is_done_event(event: str | None) -> bool:
    return event is not None and any(word in event for word in (EVENT_DONE, "完成", "结束"))


def _start(session: Session, row: Obligation, at: datetime, by: int | None, config: PolicyConfig) -> None:
    due = policy.resolve_due(policy.timebox_from_json(row.timebox), at, config)
    store.start_obligation(session, row, at=at, due_at=due.at, by=by, calendar_confirmed=due.confirmed)


def mark_done(session: Session, obligation_id: int, *, at: datetime, by: int | None,
              defaults: PolicyConfig | None = None) -> Obligation:
    """办结. Drops unsent nudges and starts follow-ups: an on_event obligation waiting for this
    one's 办结 gets due = done time + its limit (办结后1天内报告销号 → one day after)."""
    row = store.get_obligation(session, obligation_id, lock=True)
    store.mark_obligation_done(session, row, at=at, by=by)
    _start_followers(session, row, at, by, config_for(session, row.chat_id, defaults), done_events_only=True)
    return row


def _start_followers(session: Session, row: Obligation, at: datetime, by: int | None, config: PolicyConfig, *,
                     done_events_only: bool) -> None:
    """Start the clocks of the items waiting for `row` (办结后…), now."""
    assert row.id is not None
    for follower in store.list_followers(session, row.id):
        if follower.status != OPEN or follower.started_at is not None:
            continue
        if done_events_only and not _is_done_event(policy.timebox_from_json(follower.timebox).event):
            continue
        _start(session, follower, at, by, config)
        materialise(session, follower, at, config)


def record_event(session: Session, obligation_id: int, *, at: datetime, by: int | None,
                 defaults: PolicyConfig | None = None) -> Obligation:
    """The event an on_event obligation waits for happened (e.g. 发生险情): start its clock."""
    row = store.get_obligation(session, obligation_id, lock=True)
    if row.kind != Kind.ON_EVENT or row.status != OPEN:
        raise store.TransitionError(f"obligation {obligation_id} is not an open on_event item")
    if row.started_at is not None:
        return row
    config = config_for(session, row.chat_id, defaults)
    _start(session, row, at, by, config)
    materialise(session, row, at, config)
    return row


def close(session: Session, obligation_id: int, *, at: datetime, by: int | None,
          defaults: PolicyConfig | None = None) -> Obligation:
    """销号: an admin signs the item off (kept in the ledger, never deleted)."""
    row = store.get_obligation(session, obligation_id, lock=True)
    was_open = row.status == OPEN
    store.close_obligation(session, row, at=at, by=by)
    if was_open:  # closing an open item also counts as its 办结 for follow-ups
        _start_followers(session, row, at, by, config_for(session, row.chat_id, defaults), done_events_only=False)
    return row


def cancel(session: Session, obligation_id: int, *, at: datetime, by: int | None,
           reason: str | None = None) -> Obligation:
    row = store.get_obligation(session, obligation_id, lock=True)
    return store.cancel_obligation(session, row, at=at, by=by, reason=reason)


def reopen(session: Session, obligation_id: int, *, at: datetime, by: int | None,
           defaults: PolicyConfig | None = None) -> Obligation:
    """The sign-off was refused: the item is open again and nudging resumes from now."""
    row = store.get_obligation(session, obligation_id, lock=True)
    store.reopen_obligation(session, row, at=at, by=by)
    row.planned_through = max(row.planned_through or at, at)
    materialise(session, row, at, config_for(session, row.chat_id, defaults))
    return row


def report_progress(session: Session, obligation_id: int, *, text: str, at: datetime,
                    user_id: int | None) -> ProgressReport:
    """进展. A report prompt for the current period is then skipped when it comes due."""
    store.get_obligation(session, obligation_id)
    return add_progress(session, obligation_id, text=text, at=at, user_id=user_id)


def snooze(session: Session, obligation_id: int, *, now: datetime, choice: str, by: int | None,
           purpose: str = policy.CLOSURE_PROMPT, defaults: PolicyConfig | None = None) -> policy.Slot:
    """稍后提醒 ('hour' or 'tomorrow'): one more slot like any other, in the same outbox."""
    row = store.get_obligation(session, obligation_id)
    if row.status != OPEN:
        raise store.TransitionError(f"obligation {obligation_id} is {row.status}")
    config = config_for(session, row.chat_id, defaults)
    until = policy.snooze_until(now, choice, config)
    slot = policy.Slot(f"snooze:{until.isoformat()}", purpose, until, {"snoozed_at": now.isoformat()})
    outbox.add_slots(session, obligation_id, [slot])
    store.record_change(session, obligation_id, "snoozed", now, by, {"until": until.isoformat()})
    return slot
