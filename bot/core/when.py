"""A date and time people type: when an event happens (会议时间 12月15日上午9点, 险情发生 今天14:30),
an extension's new date (12月30日), a new limit (改时限) or a later reminder (稍后提醒 明天下午3点).
Chinese is read with the project's time expressions (`extraction.normalise`); the forms they do
not read — English or numeric dates such as `Dec 15 5pm`, `15 Dec 2026`, `12/15 17:00`,
`tomorrow 9am` — with dateparser, which is imported only when such a form is typed (it takes a
tenth of a second to load), and the time expressions again when dateparser reads nothing.
Like the time expressions, a date without a year is the next one to come."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from extraction import normalise
from scheduler.config import parse_clock

END_OF_DAY = time(23, 59, 59)
_SPLIT = re.compile(r"[\s，,；;]+|(?<!\d)[：:]|[：:](?!\d)")  # not inside 17:00
# What dateparser is asked to read: a Latin letter (Dec, pm, tomorrow) or a date written with
# / or - (12/15, 2026-12-15T09:00); the time expressions would read only part of "12/15 17:00".
# A bare number (3) or 12.15 dateparser would misread (as the 3rd of a month three months on, as
# 12:15): those it is never asked.
_FALLBACK_FORMS = re.compile(r"[A-Za-z]|\d\s*[/-]\s*\d")
_FROM_NOW = re.compile(r"\b(in|ago|now|hours?|hrs?|minutes?|mins?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Typed:
    """A typed date, and the time of day when one was named."""

    day: date
    clock: time | None = None

    def at(self, tz: ZoneInfo, default_time: time) -> datetime:
        return datetime.combine(self.day, self.clock or default_time, tz)


def read_typed(text: str, now: datetime, tz: ZoneInfo) -> Typed | None:
    """The date (and time) `text` names, read against `now`; None when it names none."""
    text = text.strip()
    if not text:
        return None
    return read_fallback(text, now, tz) or _read_grammar(text, now, tz)


def _read_grammar(text: str, now: datetime, tz: ZoneInfo) -> Typed | None:
    box = normalise(text, now.astimezone(tz).replace(tzinfo=None))
    if box.get("kind") == "date" and box.get("due"):
        return Typed(date.fromisoformat(box["due"]), parse_clock(box["due_time"]) if box.get("due_time") else None)
    return None


def read_fallback(text: str, now: datetime, tz: ZoneInfo) -> Typed | None:
    """What dateparser reads in `text`, when it is an English or numeric form (`_FALLBACK_FORMS`);
    None at once for any other text."""
    if not _FALLBACK_FORMS.search(text):
        return None
    from dateparser.date import DateDataParser  # loaded only for the forms normalise does not read

    local = now.astimezone(tz).replace(tzinfo=None)
    # A date is read against today, as the time expressions read it (Nov 23 9am is today even at
    # 10:00, Dec 15 on Dec 20 is next year's); "in 2 hours" against now.
    base = local if _FROM_NOW.search(text) else datetime.combine(local.date(), time(0, 0))
    settings: dict[str, Any] = {"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future", "RETURN_TIME_AS_PERIOD": True}
    found = DateDataParser(languages=["en", "zh"], settings=settings).get_date_data(text)
    moment = found.date_obj
    if moment is None:
        return None
    if moment.tzinfo is not None:  # "5pm UTC": in the office's zone
        moment = moment.astimezone(tz)
    return Typed(moment.date(), moment.time().replace(microsecond=0) if found.period == "time" else None)


def read_moment(text: str, now: datetime, tz: ZoneInfo, *, default_time: time = time(0, 0)) -> datetime | None:
    """The moment `text` names, aware; None when it names none. A date without a time of day
    gets `default_time`."""
    typed = read_typed(text, now, tz)
    return typed.at(tz, default_time) if typed is not None else None


def deadline_box(typed: Typed) -> dict[str, Any]:
    """A typed date as a deadline's time box (what `normalise` gives a date): due that day, at the
    time named or by its end."""
    box: dict[str, Any] = {"kind": "deadline", "within": None, "due": typed.day.isoformat(), "every": None,
                           "event": None, "before": False, "confirmed": True}
    if typed.clock is not None:
        box["due_time"] = typed.clock.strftime("%H:%M")
    return box


def split_moment(text: str, now: datetime, tz: ZoneInfo, *,
                 default_time: time = END_OF_DAY) -> tuple[datetime | None, str]:
    """(the moment at the start of `text`, the rest): "12月30日 资金尚未到位" → (12-30 23:59:59, "资金尚未到位").
    dateparser takes the longest head it reads ("Dec 30 5pm 资金尚未到位" → Dec 30 17:00, not just
    "Dec"); the time expressions the shortest naming a date, with the time of day after it."""
    parts = [p for p in _SPLIT.split(text.strip(), maxsplit=4) if p]
    best: tuple[Typed, int] | None = None
    for count in range(1, min(4, len(parts)) + 1):
        typed = read_fallback(" ".join(parts[:count]), now, tz)
        if typed is None and best is not None:
            break
        if typed is not None:
            best = typed, count
    for count in (1, 2):
        if best is not None or len(parts) < count:
            break
        typed = _read_grammar(" ".join(parts[:count]), now, tz)
        if typed is not None:
            best = typed, count
            longer = _read_grammar(" ".join(parts[:2]), now, tz) if count == 1 and len(parts) > 1 else None
            if typed.clock is None and longer is not None and longer.day == typed.day and longer.clock is not None:
                best = longer, 2  # 12月30日 下午5点
    if best is None:
        return None, text.strip()
    return best[0].at(tz, default_time), " ".join(parts[best[1]:]).strip()
