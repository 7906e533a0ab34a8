"""A date and time people type for an event (会议时间 12月15日上午9点, 险情发生 今天14:30) or
an extension (12月30日): read with the project's time expressions
(`extraction.timex.normalise`), and dateparser for forms those do not read (2026-12-15 09:00)."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from extraction import normalise
from scheduler.config import parse_clock

END_OF_DAY = time(23, 59, 59)
_SPLIT = re.compile(r"[\s，,；;：:]+")


def read_moment(text: str, now: datetime, tz: ZoneInfo, *, default_time: time = time(0, 0)) -> datetime | None:
    """The moment `text` names, aware; None when it names none. A date without a time of day
    gets `default_time`."""
    text = text.strip()
    if not text:
        return None
    local = now.astimezone(tz).replace(tzinfo=None)
    box = normalise(text, local)
    if box.get("kind") == "date" and box.get("due"):
        clock = parse_clock(box["due_time"]) if box.get("due_time") else default_time
        return datetime.combine(date.fromisoformat(box["due"]), clock, tz)
    return _dateparser(text, local, tz)


def _dateparser(text: str, local: datetime, tz: ZoneInfo) -> datetime | None:
    import dateparser  # loaded only for the forms normalise does not read

    found = dateparser.parse(text, languages=["zh", "en"], settings={"RELATIVE_BASE": local})
    if found is None:
        return None
    return found.replace(tzinfo=tz) if found.tzinfo is None else found.astimezone(tz)


def split_moment(text: str, now: datetime, tz: ZoneInfo, *,
                 default_time: time = END_OF_DAY) -> tuple[datetime | None, str]:
    """(the moment at the start of `text`, the rest): "12月30日 资金尚未到位" → (12-30 23:59:59, "资金尚未到位")."""
    parts = [p for p in _SPLIT.split(text.strip(), maxsplit=2) if p]
    for count in (1, 2):
        if len(parts) >= count:
            moment = read_moment(" ".join(parts[:count]), now, tz, default_time=default_time)
            if moment is not None:
                return moment, " ".join(parts[count:]).strip()
    return None, text.strip()
