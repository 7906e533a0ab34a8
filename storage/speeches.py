"""Importing a speech and the obligations read from it (pending until confirmed)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from extraction.model import ExtractedObligation, Kind
from storage.chaining import Placed, chain_to, follows_done_event
from storage.models import PENDING, Obligation, ObligationChange, Speech
from storage.numbers import allocate_numbers


def speech_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_speech(session: Session, chat_id: int, sha256: str) -> Speech | None:
    return session.exec(select(Speech).where(col(Speech.chat_id) == chat_id, Speech.sha256 == sha256)).first()


def import_speech(
    session: Session,
    *,
    chat_id: int,
    text: str,
    obligations: Sequence[ExtractedObligation],
    received_at: datetime,
    reference_date: date,
    forwarded_by: int | None = None,
) -> tuple[Speech, list[Obligation], bool]:
    """Store a speech and its obligations as pending. Returns (speech, obligations, created).

    The same text (same sha256) in the same chat is stored once: a second import returns
    the first one's rows with created=False, even when two imports race. Items are numbered
    in the chat; a follow-up (办结后…) is chained to its own item (storage.chaining).
    """
    digest = speech_sha256(text)
    existing = find_speech(session, chat_id, digest)
    if existing is not None:
        return existing, list_speech_obligations(session, existing.id), False
    speech = Speech(chat_id=chat_id, sha256=digest, text=text, forwarded_by=forwarded_by,
                    received_at=received_at, reference_date=reference_date)
    try:
        with session.begin_nested():
            session.add(speech)
            session.flush()
    except IntegrityError:
        existing = find_speech(session, chat_id, digest)
        assert existing is not None
        return existing, list_speech_obligations(session, existing.id), False

    rows: list[Obligation] = []
    placed: list[Placed] = []
    first_number = allocate_numbers(session, chat_id, len(obligations))
    for seq, item in enumerate(obligations):
        row = Obligation(
            speech_id=speech.id, chat_id=chat_id, seq=seq, number=first_number + seq, span_start=item.start,
            span_end=item.end, quote=item.quote, kind=item.kind, owner=item.owner,
            co_owners=list(item.co_owners) or None, action=item.action,
            expression=item.expression, timebox=item.timebox.to_json(), status=PENDING,
            calendar_confirmed=item.timebox.confirmed, created_at=received_at,
        )
        follows = item.kind == Kind.ON_EVENT and follows_done_event(item.timebox.event)
        if follows:
            row.trigger_id = chain_to(text, placed, item.start, item.owner)
        session.add(row)
        session.flush()
        rows.append(row)
        placed.append(Placed(row.id, item.start, item.end, item.owner, follows,
                             recurring=item.kind == Kind.RECURRING))
        session.add(ObligationChange(obligation_id=row.id, at=received_at, actor=forwarded_by, change="imported"))
    return speech, rows, True


def list_speech_obligations(session: Session, speech_id: int) -> list[Obligation]:
    query = select(Obligation).where(col(Obligation.speech_id) == speech_id).order_by(col(Obligation.seq))
    return list(session.exec(query))


def get_speech(session: Session, speech_id: int) -> Speech:
    """A stored speech (every obligation has one); LookupError for an id that is not there."""
    speech = session.get(Speech, speech_id)
    if speech is None:
        raise LookupError(f"no speech {speech_id}")
    return speech


def get_speeches(session: Session, speech_ids: Iterable[int]) -> dict[int, Speech]:
    ids = list(set(speech_ids))
    if not ids:
        return {}
    return {s.id: s for s in session.exec(select(Speech).where(col(Speech.id).in_(ids)))}
