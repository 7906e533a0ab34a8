"""Factories for ledger rows and extraction output, shared by the storage and scheduler tests."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from extraction.model import Every, ExtractedObligation, TimeBox, Within

SHANGHAI = ZoneInfo("Asia/Shanghai")
CHAT = -100123


def sh(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware Asia/Shanghai time."""
    return datetime(year, month, day, hour, minute, tzinfo=SHANGHAI)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def extracted(kind: str = "deadline", *, owner: str | None = "市人社局", action: str = "完成排查整改",
              within: tuple[int, str] | None = None, due: date | None = None, due_time: str | None = None,
              every: Every | None = None, event: str | None = None, before: bool = False,
              quote: str | None = None, start: int = 0) -> ExtractedObligation:
    """One obligation as extraction would produce it. Default: a 3-day deadline."""
    if kind == "deadline" and within is None and due is None:
        within = (3, "day")
    box = TimeBox(kind=kind, start=start, end=start + 4, within=Within(*within) if within else None, due=due,
                  every=every, event=event, before=before, due_time=due_time)
    quote = quote or f"{owner or ''}{action}"
    return ExtractedObligation(start=start, end=start + len(quote), quote=quote, kind=kind, owner=owner, action=action,
                      timebox=box, expression="")


def speech_text(n: int = 0) -> str:
    return f"同志们：第{n}次会议。市人社局要在3天内完成排查整改，办结后1天内报告销号。"


def import_items(session, items, *, at: datetime, chat_id: int = CHAT, text: str | None = None,
                 reference_date: date | None = None, forwarded_by: int | None = 42):
    """Import a speech with these obligations (pending). Returns (speech, rows, created)."""
    from storage.speeches import import_speech

    return import_speech(session, chat_id=chat_id, text=text or speech_text(id(items)), obligations=items,
                         received_at=at, reference_date=reference_date or at.astimezone(SHANGHAI).date(),
                         forwarded_by=forwarded_by)


def confirmed_items(session, items, *, at: datetime, chat_id: int = CHAT, text: str | None = None,
                    reference_date: date | None = None):
    """Import and confirm through the scheduler service (plans the first slots). Returns the rows."""
    from scheduler.service import confirm_speech

    speech, _, _ = import_items(session, items, at=at, chat_id=chat_id, text=text, reference_date=reference_date)
    return confirm_speech(session, speech.id, at=at, by=7)


def days(n: float) -> timedelta:
    return timedelta(days=n)
