"""The values extraction produces: time boxes and obligations.

Everything here is plain, immutable data. `ExtractedObligation.to_json()` is the JSON
contract of `../shared/eval/score.py` (plus a few extra keys it ignores).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any, Literal

Unit = Literal["minute", "hour", "day", "workday", "week", "month", "quarter", "year"]
Period = Literal["day", "week", "month", "quarter", "year"]  # what a recurrence repeats by


class Kind(StrEnum):
    """What an obligation's time box asks: a limit, a period, or a limit counted from an event."""

    DEADLINE = "deadline"
    RECURRING = "recurring"
    ON_EVENT = "on_event"


DayOfMonth = int | Literal["end"]


@dataclass(frozen=True)
class Within:
    """A relative limit: n units (3天内, 3个工作日内, 48小时内)."""

    n: int
    unit: Unit

    def to_json(self) -> dict[str, Any]:
        return {"n": self.n, "unit": self.unit}


@dataclass(frozen=True)
class Every:
    """A recurrence: every n units, optionally on a day of the month, weekday or month of the year."""

    n: int
    unit: Period
    day_of_month: DayOfMonth | None = None
    weekday: int | None = None  # 1 = Monday … 7 = Sunday
    month_of_year: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "unit": self.unit,
            "day_of_month": self.day_of_month,
            "weekday": self.weekday,
            "month_of_year": self.month_of_year,
        }


@dataclass(frozen=True)
class TimeBox:
    """A normalised time expression found in text.

    kind is one of deadline / recurring / on_event for obligations, or date / duration
    for a bare date or length of time (only `timex` reports those).
    `start`/`end` are offsets of the expression in the text it was read from.
    """

    kind: str
    start: int
    end: int
    within: Within | None = None
    due: date | None = None
    every: Every | None = None
    event: str | None = None
    before: bool = False
    # False when a working-day calculation fell outside the official calendar
    # (chinesecalendar covers up to its release year) and Mon–Fri was assumed.
    confirmed: bool = True
    due_time: str | None = None  # "HH:MM" when the text names a clock time
    # A date that names a period (a month, 上旬, a quarter …) rather than a single day; the
    # engine reads such a date as a deadline when a directive follows it (明年1月份提请审定).
    period: bool = False
    # The date lies before the reference date and the words allow no later one (本周五前 read
    # on a Saturday, an explicit past year): kept as written, for the bot to flag at confirmation.
    past: bool = False
    rule: str = ""  # the name of the rule that read it (the scanner fills it in)

    def to_json(self) -> dict[str, Any]:
        out = {
            "kind": self.kind,
            "within": self.within.to_json() if self.within else None,
            "due": self.due.isoformat() if self.due else None,
            "every": self.every.to_json() if self.every else None,
            "event": self.event,
            "before": self.before,
            "confirmed": self.confirmed,
        }
        if self.due_time:
            out["due_time"] = self.due_time
        if self.past:
            out["past"] = True
        return out

    def shifted(self, offset: int) -> TimeBox:
        return replace(self, start=self.start + offset, end=self.end + offset)


@dataclass(frozen=True)
class ExtractedObligation:
    """One time-boxed obligation (督办事项) read from a speech."""

    start: int  # span of the clause it was read from
    end: int
    quote: str
    kind: Kind
    owner: str | None
    action: str
    timebox: TimeBox = field(repr=False)
    expression: str = ""  # the words the time box came from, e.g. "3天内"
    co_owners: tuple[str, ...] = ()  # bodies named beside the lead owner (X牵头、Y配合 → Y)

    @property
    def within(self) -> Within | None:
        return self.timebox.within

    @property
    def due(self) -> date | None:
        return self.timebox.due

    @property
    def every(self) -> Every | None:
        return self.timebox.every

    @property
    def event(self) -> str | None:
        return self.timebox.event

    @property
    def before(self) -> bool:
        return self.timebox.before

    def to_json(self) -> dict[str, Any]:
        box = self.timebox.to_json()
        del box["kind"]
        return {
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "kind": self.kind,
            "owner": self.owner,
            "action": self.action,
            "expression": self.expression,
            "co_owners": list(self.co_owners),
            **box,
        }


@dataclass(frozen=True)
class Candidate:
    """One time expression the scanner found, and what the engine made of it (`--explain`)."""

    start: int
    end: int
    expression: str
    rule: str  # the rule that read it
    kind: str  # what the rule read: deadline / recurring / on_event / date
    kept: bool
    reason: str  # why it was kept or dropped, e.g. "deadline", "past fact", "quantity norm"
    owner: str | None = None
    owner_source: str | None = None  # clause subject, carried-over subject, item head, label …
    obligation: ExtractedObligation | None = None


@dataclass(frozen=True)
class Reading:
    """Everything `read()` found in a text: the obligations and every candidate behind them."""

    obligations: list[ExtractedObligation]
    candidates: list[Candidate]
    # Obligations found beyond the `limit` the caller gave to read(), counted but not made.
    skipped: int = 0
