"""A Notifier that appends each message as a JSON line to a file (for tests and dry runs).

Each line is flushed and fsynced before `send` returns, so a line in the file means the
message was delivered, even if the process is killed the next instant.
"""

from __future__ import annotations

import json
import os
import random

from scheduler.notifier import NudgeMessage


class FileNotifier:
    def __init__(self, path: str, worker: str = ""):
        self.path, self.worker = path, worker or str(os.getpid())

    async def send(self, message: NudgeMessage) -> int:
        message_id = random.randrange(1, 2**31)
        record = {
            "message_id": message_id, "worker": self.worker, "obligation_id": message.obligation_id,
            "purpose": message.purpose, "slots": list(message.slots), "planned_at": message.planned_at.isoformat(),
            "escalate": message.escalate,
        }
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
        return message_id
