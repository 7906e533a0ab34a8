"""Lifecycle operations that change the schedule. The bot calls these (inside one
transaction per update); they write through `storage` and plan nudge slots with the policy.

Slots are materialised lazily: an open obligation always has every slot planned up to now
plus its next future one in the outbox, never its whole (possibly endless) series.

Where an item's clock starts and when it is due: `scheduler.deadlines`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlmodel import Session

from extraction.model import ExtractedObligation, Kind
from scheduler import confirming, planning, policy
from scheduler.deadlines import counts_back as counts_back
from scheduler.deadlines import due_on_start as due_on_start
from scheduler.deadlines import expected_due as expected_due
from scheduler.deadlines import is_receipt_event as is_receipt_event
from scheduler.deadlines import recurring_state as recurring_state
from scheduler.deadlines import starts_at_confirmation as starts_at_confirmation
from scheduler.deadlines import waits_for_event as waits_for_event
from scheduler.policy import PolicyConfig, Subject
from storage import extensions, outbox
from storage import obligations as store
from storage.chaining import follows_done_event
from storage.duplicates import mark_repeats
from storage.holds import hold_slots
from storage.models import OPEN, PENDING, ChatSettings, ExtensionRequest, Obligation, ProgressReport, Speech
from storage.progress import add_progress
from storage.speeches import import_speech, list_speech_obligations

EVENT_DONE = "办结"


def config_for(session: Session, chat_id: int, defaults: PolicyConfig | None = None) -> PolicyConfig:
    """The deployment's `defaults` with the chat's stored overrides laid over them."""
    return (defaults or PolicyConfig()).with_overrides(session.get(ChatSettings, chat_id))


def subject_of(session: Session, row: Obligation) -> Subject:
    speech = session.get(Speech, row.speech_id)
    if speech is None:
        raise LookupError(f"obligation {row.id} has no speech {row.speech_id}")
    return planning.subject(row, speech.reference_date)


def materialise(session: Session, row: Obligation, now: datetime, config: PolicyConfig | None = None,
                claim: tuple[str, datetime] | None = None) -> list[policy.Slot]:
    """Put into the outbox every slot of `row` planned up to `now` and the next future one(s)
    (slots sharing that planned time). Idempotent. Returns the slots it added.
    (`scheduler.planning` holds the rule, and does it for many items at once.)

    `claim=(worker, lease_until)` claims the added past-due slots for the caller at once, so
    a catch-up sends them in the same message as the slot being sent.
    """
    if row.status != OPEN:
        return []
    assert row.id is not None
    through = outbox.planned_through(session, row.id, row.planned_through)
    if not planning.needs_planning(through, now):
        return []  # the next future slot is already waiting
    config = config or config_for(session, row.chat_id)
    new = planning.new_slots(subject_of(session, row), config, through, now)
    if not new:
        return []
    outbox.add_slots(session, row.id, new,
                     claim=(claim[0], now, claim[1]) if claim else None, claim_before=now)
    return new


def import_and_plan(session: Session, *, chat_id: int, text: str, obligations: Sequence[ExtractedObligation],
                    received_at: datetime, reference_date: date, forwarded_by: int | None = None,
                    defaults: PolicyConfig | None = None, merge_repeats: bool = False,
                    ) -> tuple[Speech, list[Obligation], bool]:
    """Store a forwarded speech. With `merge_repeats`, items repeating an open item of the chat
    are marked to be merged into it (storage.duplicates). With the chat's auto-confirm on,
    confirm it at once. Returns (speech, obligations, created) like `storage.speeches.import_speech`."""
    speech, rows, created = import_speech(session, chat_id=chat_id, text=text, obligations=obligations,
                                          received_at=received_at, reference_date=reference_date,
                                          forwarded_by=forwarded_by)
    if created and merge_repeats:
        mark_repeats(session, rows)
    if created and config_for(session, chat_id, defaults).auto_confirm:
        assert speech.id is not None
        confirm_speech(session, speech.id, at=received_at, by=forwarded_by, defaults=defaults)
    return speech, rows, created


def confirm_obligation(session: Session, row: Obligation, *, at: datetime, by: int | None,
                       config: PolicyConfig | None = None) -> Obligation:
    """pending → open: start the clock where it starts at confirmation, plan the first nudges.
    An item marked as repeating an open item (`duplicate_of`) is merged into it instead.
    (`scheduler.confirming` does this for many items at once.)"""
    (confirmed,) = confirming.confirm_rows(session, [row], at=at, by=by,
                                           config=config or config_for(session, row.chat_id))
    return confirmed


def confirm_speech(session: Session, speech_id: int, *, at: datetime, by: int | None,
                   only: Sequence[int] | None = None, defaults: PolicyConfig | None = None) -> list[Obligation]:
    """Confirm a speech's pending obligations (or only the numbers in `only`; the rest are cancelled),
    all in this transaction (`scheduler.confirming.confirm_in_chunks` spreads a big one over several)."""
    speech = session.get(Speech, speech_id)
    if speech is None:
        raise LookupError(f"no speech {speech_id}")
    speech.confirmed_at, speech.confirmed_by = at, by
    session.add(speech)
    config = config_for(session, speech.chat_id, defaults)
    chosen = []
    for row in list_speech_obligations(session, speech_id):
        if row.status != PENDING:
            continue
        if only is not None and row.number not in only:
            store.cancel_obligation(session, row, at=at, by=by, reason="not confirmed")
            continue
        chosen.append(row)
    return confirming.confirm_rows(session, chosen, at=at, by=by, config=config)


def _is_done_event(event: str | None) -> bool:
    return follows_done_event(event)


def _start(session: Session, row: Obligation, at: datetime, by: int | None, config: PolicyConfig,
           event_at: datetime | None = None, cause: str = "triggered") -> None:
    due = due_on_start(row, at, config, event_at)
    store.start_obligation(session, row, at=at, due_at=due.at, by=by, calendar_confirmed=due.confirmed,
                           cause=cause)


def mark_done(session: Session, obligation_id: int, *, at: datetime, by: int | None,
              defaults: PolicyConfig | None = None) -> Obligation:
    """办结 (without review). Drops unsent nudges and starts follow-ups: an on_event obligation
    waiting for this one's 办结 gets due = done time + its limit (办结后1天内报告销号 → one day after)."""
    row = store.get_obligation(session, obligation_id, lock=True)
    store.mark_obligation_done(session, row, at=at, by=by)
    _start_followers(session, row, at, by, config_for(session, row.chat_id, defaults), done_events_only=True)
    return row


def submit_done(session: Session, obligation_id: int, *, at: datetime, by: int | None) -> Obligation:
    """已办结 with 办结审核 on: the item waits for an admin (待审核); nobody is reminded meanwhile."""
    row = store.get_obligation(session, obligation_id, lock=True)
    return store.submit_obligation(session, row, at=at, by=by)


def approve(session: Session, obligation_id: int, *, at: datetime, by: int | None,
            defaults: PolicyConfig | None = None) -> Obligation:
    """通过: the item is done; its follow-ups start now."""
    row = store.get_obligation(session, obligation_id, lock=True)
    store.approve_obligation(session, row, at=at, by=by)
    _start_followers(session, row, at, by, config_for(session, row.chat_id, defaults), done_events_only=True)
    return row


def return_for_rework(session: Session, obligation_id: int, *, at: datetime, by: int | None, reason: str,
                      defaults: PolicyConfig | None = None) -> Obligation:
    """退回重办: the item is open again, its reminders resume from now (overdue ones if past due)."""
    row = store.get_obligation(session, obligation_id, lock=True)
    store.return_obligation(session, row, at=at, by=by, reason=reason)
    replan(session, row, at, config_for(session, row.chat_id, defaults))
    return row


def replan(session: Session, row: Obligation, at: datetime, config: PolicyConfig) -> None:
    """Lay the item's schedule anew from `at` (fresh slot keys; nothing before `at` is sent:
    `at` becomes the item's planning floor)."""
    outbox.drop_unsent(session, row.id, at, "replanned")
    row.replans = (row.replans or 0) + 1
    row.planned_through = at
    session.add(row)
    materialise(session, row, at, config)


def request_extension(session: Session, obligation_id: int, *, due: datetime, reason: str, at: datetime,
                      by: int | None) -> ExtensionRequest:
    """延期申请, before the item's due time, for a later one."""
    row = store.get_obligation(session, obligation_id, lock=True)
    if row.status != OPEN or row.due_at is None:
        raise store.TransitionError(f"obligation {obligation_id} has no due time to extend")
    if at >= row.due_at:
        raise store.TransitionError(f"obligation {obligation_id} is already past its due time")
    if due <= row.due_at:
        raise ValueError("an extension must be later than the current due time")
    return extensions.request_extension(session, row.id, due=due, reason=reason, at=at, by=by)


def decide_extension(session: Session, request_id: int, *, approved: bool, at: datetime, by: int | None,
                     defaults: PolicyConfig | None = None) -> tuple[ExtensionRequest, Obligation]:
    """同意 / 不同意延期. Approved: the item is due at the requested time, the original kept, the
    reminders laid anew for it. Refused: nothing moves (overdue stays judged on the original)."""
    request = extensions.get_request(session, request_id)
    if request is None:
        raise LookupError(f"no extension request {request_id}")
    row = store.get_obligation(session, request.obligation_id, lock=True)
    if approved and row.status != OPEN:
        raise store.TransitionError(f"obligation {row.id} is {row.status}")
    extensions.decide(session, request, approved=approved, at=at, by=by)
    if approved:
        store.extend_obligation(session, row, at=at, by=by, due_at=request.requested_due)
        replan(session, row, at, config_for(session, row.chat_id, defaults))
    return request, row


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
                 event_at: datetime | None = None, defaults: PolicyConfig | None = None) -> Obligation:
    """The event an on_event obligation waits for happened at `event_at` (default: now, `at`),
    e.g. 发生险情; or, for a limit before an event (会前三天), will happen then: start its clock."""
    row = store.get_obligation(session, obligation_id, lock=True)
    if row.kind != Kind.ON_EVENT or row.status != OPEN:
        raise store.TransitionError(f"obligation {obligation_id} is not an open on_event item")
    if row.started_at is not None:
        return row
    config = config_for(session, row.chat_id, defaults)
    if counts_back(row):
        if event_at is None:
            raise ValueError("a limit before an event needs the event's date")
        _start(session, row, at, by, config, event_at=event_at, cause="event_date")
    else:
        _start(session, row, event_at or at, by, config)  # a meeting still to come starts its clock then
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
    replan(session, row, at, config_for(session, row.chat_id, defaults))
    return row


def report_progress(session: Session, obligation_id: int, *, text: str, at: datetime,
                    user_id: int | None) -> ProgressReport:
    """进展. A report prompt for the current period is then skipped when it comes due."""
    store.get_obligation(session, obligation_id)
    return add_progress(session, obligation_id, text=text, at=at, user_id=user_id)


def snooze(session: Session, obligation_id: int, *, now: datetime, choice: str, by: int | None,
           purpose: str = policy.CLOSURE_PROMPT, defaults: PolicyConfig | None = None,
           until: datetime | None = None) -> policy.Slot:
    """稍后提醒 ('hour' or 'tomorrow', or at a typed time `until`, moved out of quiet hours):
    one more slot like any other, in the same outbox. Snoozing is not ignoring: the escalation
    ladder's steps falling within the snooze wait for its end."""
    row = store.get_obligation(session, obligation_id)
    if row.status != OPEN:
        raise store.TransitionError(f"obligation {obligation_id} is {row.status}")
    config = config_for(session, row.chat_id, defaults)
    until = policy.outside_quiet_hours(until, config) if until is not None else policy.snooze_until(now, choice, config)
    slot = policy.Slot(f"{outbox.SNOOZE_PREFIX}{until.isoformat()}", purpose, until, {"snoozed_at": now.isoformat()})
    outbox.add_slots(session, obligation_id, [slot])
    materialise(session, row, until, config)  # every step planned within the snooze is in the outbox …
    hold_slots(session, obligation_id, policy.LADDER_PURPOSES, start=now, until=until)  # … and waits
    store.record_change(session, obligation_id, "snoozed", now, by, {"until": until.isoformat()})
    return slot
