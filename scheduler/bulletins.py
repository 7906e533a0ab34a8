"""The weekly 通报: when each chat's is due, and sending it once per period.

A chat's 通报 falls due at its weekday and time (PolicyConfig: Monday 09:00 by default, moved
out of the quiet hours; off with `bulletin=False`). State is in the database
(`storage.bulletins`): a row per chat and period is claimed before the 通报 is sent and marked
sent after, so it goes out once, also when the process restarts that morning; the job is derived
from it (`next_wake`). A chat is due only when it had an item confirmed before the due time,
and a 通报 missed by more than `CATCH_UP` (the process was down) waits for the next period.
What a 通报 says is the bot's (`Publisher`).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol

from sqlalchemy import Engine

from scheduler.clock import Clock
from scheduler.config import PolicyConfig
from scheduler.notifier import PermanentSendError, RetryableSendError
from scheduler.policy import outside_quiet_hours
from scheduler.service import config_for
from storage import bulletins as store
from storage.db import transaction

log = logging.getLogger(__name__)
CATCH_UP = timedelta(days=1)


@dataclass(frozen=True)
class BulletinDue:
    chat_id: int
    period: str  # the local date it falls due on (ISO): one 通报 per chat and period
    planned_at: datetime  # aware, UTC


class Publisher(Protocol):
    async def publish(self, due: BulletinDue) -> int | None:
        """Post the chat's 通报; return its message id. Raise RetryableSendError or PermanentSendError."""


def _planned(day: date, at: time, config: PolicyConfig) -> datetime:
    return outside_quiet_hours(datetime.combine(day, at, config.tz).astimezone(UTC), config)


def due_times(now: datetime, config: PolicyConfig) -> tuple[datetime | None, datetime | None]:
    """(the latest due time at or before `now`, the first after it) of a chat's weekly 通报."""
    if not config.bulletin:
        return None, None
    local = now.astimezone(config.tz).date()
    base = local - timedelta(days=(local.weekday() - config.bulletin_weekday) % 7)
    latest = _planned(base, config.bulletin_time, config)
    if latest > now:
        base -= timedelta(days=7)
        latest = _planned(base, config.bulletin_time, config)
    following = _planned(base + timedelta(days=7), config.bulletin_time, config)
    if following <= now:  # the quiet hours moved this week's to the following day
        following = _planned(base + timedelta(days=14), config.bulletin_time, config)
    return latest, following


class Bulletins:
    """Claims, publishes and records the due 通报 of every chat."""

    def __init__(self, engine: Engine, publisher: Publisher, clock: Clock, *, worker: str,
                 defaults: PolicyConfig | None = None, lease: timedelta = timedelta(minutes=5),
                 retry: timedelta = timedelta(minutes=5)):
        self.engine, self.publisher, self.clock, self.worker = engine, publisher, clock, worker
        self.defaults, self.lease, self.retry = defaults, lease, retry
        self.published = 0

    def _claim(self) -> list[tuple[int, BulletinDue]]:
        now = self.clock.now()
        claimed: list[tuple[int, BulletinDue]] = []
        with transaction(self.engine) as session:
            for chat_id, first in store.first_confirmed(session).items():
                config = config_for(session, chat_id, self.defaults)
                latest, _following = due_times(now, config)
                if latest is None or first >= latest or now - latest > CATCH_UP:
                    continue
                due = BulletinDue(chat_id, latest.astimezone(config.tz).date().isoformat(), latest)
                row = store.claim(session, chat_id, due.period, planned_at=latest, now=now, worker=self.worker,
                                  lease=self.lease)
                if row is not None:
                    claimed.append((row.id, due))
        return claimed

    async def run(self) -> int:
        """Publish every 通报 due now (each at most once). Returns how many went out."""
        sent = 0
        for bulletin_id, due in await asyncio.to_thread(self._claim):
            try:
                message_id = await self.publisher.publish(due)
            except PermanentSendError as error:
                log.warning("the 通报 for chat %s failed for good: %r", due.chat_id, error)
                await asyncio.to_thread(self._give_up, bulletin_id, repr(error))
                continue
            except (RetryableSendError, Exception) as error:  # noqa: BLE001 - retried later, like a nudge
                log.warning("the 通报 for chat %s will be retried: %r", due.chat_id, error)
                await asyncio.to_thread(self._release, bulletin_id, repr(error))
                continue
            await asyncio.to_thread(self._mark_sent, bulletin_id, message_id)
            sent += 1
        self.published += sent
        return sent

    def _mark_sent(self, bulletin_id: int, message_id: int | None) -> None:
        with transaction(self.engine) as session:
            store.mark_sent(session, bulletin_id, at=self.clock.now(), message_id=message_id)

    def _release(self, bulletin_id: int, error: str) -> None:
        with transaction(self.engine) as session:
            store.release(session, bulletin_id, retry_at=self.clock.now() + self.retry, error=error)

    def _give_up(self, bulletin_id: int, error: str) -> None:
        with transaction(self.engine) as session:
            store.give_up(session, bulletin_id, at=self.clock.now(), error=error)

    def next_wake(self) -> datetime | None:
        """The earliest time a 通报 may fall due (or be retried) after now."""
        now = self.clock.now()
        wakes: list[datetime] = []
        with transaction(self.engine) as session:
            for chat_id in store.first_confirmed(session):
                _latest, following = due_times(now, config_for(session, chat_id, self.defaults))
                if following is not None:
                    wakes.append(following)
            retry = store.pending_retry(session)
            if retry is not None:
                wakes.append(max(retry, now))
        return min(wakes) if wakes else None
