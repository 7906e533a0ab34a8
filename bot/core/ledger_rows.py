"""The one mapping from the ledger to what every office view shows (`report.model.LedgerRow`):
`/list`, `/item`, reminders, the 通报, `/ics` and `/export` all read items through here.

`storage.ledger.list_ledger` reads the chat's confirmed items with their speeches and reports;
`to_row` maps one of them; `ledger_rows` grades them all at `now` with the chat's windows.
"""

from __future__ import annotations

from datetime import datetime, time

from sqlmodel import Session

from bot.core.render import one_line
from bot.core.report.grade import regraded
from bot.core.report.model import Grade, LedgerRow, Stage, Windows
from bot.core.timebox_text import timebox_text
from extraction.model import Kind
from scheduler import policy, service
from scheduler.config import PolicyConfig
from scheduler.reporting import period_state
from storage.ledger import LedgerEntry, list_ledger
from storage.models import CANCELLED, CLOSED, DONE, REVIEW, Obligation

TITLE_CHARS = 40
END_OF_DAY = time(23, 59, 59)
STAGES: dict[str, Stage] = {REVIEW: Stage.REVIEW, DONE: Stage.DONE, CLOSED: Stage.CLOSED, CANCELLED: Stage.CANCELLED}


def speech_title(text: str) -> str:
    """A speech's title: its first non-empty line, cut to 40 characters."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if len(first) <= TITLE_CHARS else first[: TITLE_CHARS - 2] + "……"


def windows(config: PolicyConfig) -> Windows:
    return Windows(warning_days=config.warning_days, stagnation_days=config.stagnation_days)


def stage_of(row: Obligation) -> Stage:
    if row.status in STAGES:
        return STAGES[row.status]
    return Stage.WAITING if service.waits_for_event(row) else Stage.OPEN


def to_row(entry: LedgerEntry, config: PolicyConfig, now: datetime) -> LedgerRow:
    """One item as the views show it (its grade still to be worked out: `ledger_rows`)."""
    row, speech, reports = entry.obligation, entry.speech, entry.reports
    box = policy.timebox_from_json(row.timebox)
    every = box.every if row.kind == Kind.RECURRING else None
    original, approved = (row.original_due_at, row.due_at) if row.original_due_at is not None else (row.due_at, None)
    missed = 0
    if every is not None and row.started_at is not None:
        reference = speech.reference_date if speech else row.started_at.astimezone(config.tz).date()
        state = period_state(every, reference, row.started_at, (r.reported_at for r in reports), now, config)
        missed = state.missed
        if state.upcoming is not None:
            original = datetime.combine(state.upcoming, END_OF_DAY, config.tz)
    latest = reports[-1] if reports else None
    return LedgerRow(
        number=row.number, task=one_line(row.action), owner=row.owner, stage=stage_of(row), grade=Grade.OPEN,
        kind=Kind(row.kind), co_owners=tuple(row.co_owners or ()), quote=one_line(row.quote),
        source_title=speech_title(speech.text) if speech else "",
        source_date=speech.received_at.astimezone(config.tz).date() if speech else None,
        assigned_at=row.started_at or row.confirmed_at, original_due=original, approved_due=approved, every=every,
        limit_text="" if original is not None else timebox_text(box), progress_text=latest.text if latest else "",
        progress_at=latest.reported_at if latest else None, done_at=row.done_at, closed_at=row.closed_at,
        missed_reports=missed, started=row.kind != Kind.ON_EVENT or row.started_at is not None,
    )


def ledger_rows(session: Session, chat_id: int, config: PolicyConfig, now: datetime, *,
                numbers: list[int] | None = None) -> list[LedgerRow]:
    """The chat's confirmed items (or those numbered), graded at `now`, by number."""
    local = now.astimezone(config.tz)
    rows = [to_row(entry, config, now) for entry in list_ledger(session, chat_id, numbers=numbers)]
    return regraded(rows, local, windows(config))


def ledger_row(session: Session, chat_id: int, number: int, config: PolicyConfig, now: datetime) -> LedgerRow | None:
    found = ledger_rows(session, chat_id, config, now, numbers=[number])
    return found[0] if found else None
