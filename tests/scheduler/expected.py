"""What should have been delivered: every slot the policy plans up to a moment, and how often
each (obligation, slot) was actually covered by a message."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from itertools import takewhile

from sqlmodel import select

from scheduler.policy import PolicyConfig, slots
from scheduler.service import subject_of
from storage.db import transaction
from storage.models import Obligation


def planned_until(engine, until: datetime) -> set[tuple[int, str]]:
    """(obligation id, slot key) of every slot planned at or before `until` (default chat settings)."""
    config = PolicyConfig()
    expected = set()
    with transaction(engine) as s:
        for row in s.exec(select(Obligation)):
            for slot in takewhile(lambda x: x.planned_at <= until, slots(subject_of(s, row), config)):
                expected.add((row.id, slot.key))
    return expected


def slot_counts(messages: Iterable) -> Counter:
    """How many messages covered each (obligation, slot); takes NudgeMessages or notifier-file records."""
    counts = Counter()
    for m in messages:
        obligation_id, keys = (m["obligation_id"], m["slots"]) if isinstance(m, dict) else (m.obligation_id, m.slots)
        counts.update((obligation_id, key) for key in keys)
    return counts
