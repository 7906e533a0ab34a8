"""A Notifier for in-process tests: records messages, can be told to fail."""

from __future__ import annotations

import itertools

from scheduler.notifier import NudgeMessage


class RecordingNotifier:
    def __init__(self):
        self.sent: list[NudgeMessage] = []
        self.failures: list[Exception] = []  # raised, in order, by the next sends
        self._ids = itertools.count(1000)

    async def send(self, message: NudgeMessage) -> int:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append(message)
        return next(self._ids)

    def purposes(self) -> list[tuple[int, str]]:
        return [(m.obligation_id, m.purpose) for m in self.sent]
