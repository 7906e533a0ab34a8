"""The sweeper: claims due slots from the outbox, sends them through the Notifier, marks them.

The database is the source of truth; APScheduler only wakes the sweeper (see `scheduler.loop`).
Exactly-once per slot, up to one window: a slot is claimed (with a lease) in one transaction,
sent, then marked sent in a second transaction. A crash before the send leaves a claim whose
lease runs out and the slot is sent later; only a crash between the send and the mark can
repeat a message.

Slots are claimed in batches (`batch`, 100): one transaction claims them, reads their items,
plans the items' next slots and prepares one message per item, in three SQL statements
whatever the batch size (see `_claim`). Messages then go out one at a time, each
marked sent by one UPDATE in its own short transaction before the next is sent: batching the
marks would let a crash repeat every message sent since the last mark, not just one.

Every database call runs in a worker thread (`asyncio.to_thread`), so a slow or hung database
delays nudges without freezing the event loop. When the database fails after a message went
out, the sweeper remembers the delivery and marks it first thing in its next sweep, before
claiming anything; claims it had not sent yet are released then. So an outage shorter than
the lease repeats nothing; only a process that dies between a send and its mark (or an outage
longer than the lease) can.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import socket
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import col, select

from scheduler import policy
from scheduler.clock import Clock
from scheduler.notifier import Notifier, NudgeMessage, PermanentSendError, RetryableSendError
from scheduler.planning import materialise_many, subject
from scheduler.policy import PolicyConfig
from scheduler.service import config_for, materialise
from storage import outbox
from storage.db import DatabaseUnavailable, transaction
from storage.due_items import DueItem, load_due_items
from storage.models import OPEN, Nudge, Obligation

log = logging.getLogger(__name__)


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


@dataclass
class SweepResult:
    messages: int = 0
    slots_sent: int = 0
    dropped: int = 0
    deferred: int = 0
    retried: int = 0
    failed: int = 0

    def add(self, other: SweepResult) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class _Due:
    """A due slot of the batch: claimed, or inserted claimed by the catch-up."""
    id: int
    slot: str
    purpose: str
    planned_at: datetime
    data: dict[str, Any] | None


@dataclass
class _Pending:
    message: NudgeMessage
    nudge_ids: list[int]
    primary_id: int
    obligation_id: int
    lease_until: datetime
    chat_id: int = field(default=0)
    planned_through: datetime | None = None  # how far the item's slots are planned after the claim


@dataclass
class _Unmarked:
    """A message that went out while the database could not record it."""
    item: _Pending
    message_id: int | None
    sent_at: datetime


class Sweeper:
    def __init__(self, engine: Engine, notifier: Notifier, clock: Clock, *, worker: str | None = None,
                 lease: timedelta = timedelta(minutes=5), batch: int = 100,
                 retry_base: timedelta = timedelta(minutes=1), retry_max: timedelta = timedelta(hours=1),
                 late_after: timedelta = timedelta(minutes=10), defaults: PolicyConfig | None = None):
        self.engine, self.notifier, self.clock = engine, notifier, clock
        self.defaults = defaults  # the deployment's policy; each chat's overrides are laid over it
        self.worker = worker or default_worker_id()
        self.lease, self.batch = lease, batch
        self.retry_base, self.retry_max, self.late_after = retry_base, retry_max, late_after
        self._unmarked: list[_Unmarked] = []  # sent, not yet recorded (the database failed)
        self._unsent: list[_Pending] = []  # claimed, not sent, not yet released (the database failed)

    async def sweep(self, max_batches: int = 1000) -> SweepResult:
        """Send everything due now, batch by batch, until nothing is due.

        Raises `DatabaseUnavailable` (or whatever the database raised) when it fails; the caller
        retries later (see `scheduler.loop`)."""
        total = SweepResult()
        if self._unmarked or self._unsent:
            await asyncio.to_thread(self._settle_leftovers)
        for _ in range(max_batches):
            result = await self.sweep_batch()
            if result is None:
                break
            total.add(result)
        return total

    def next_wake(self) -> datetime | None:
        with transaction(self.engine) as session:
            return outbox.next_wake(session, self.clock.now())

    # ------------------------------------------------------------------ one batch

    def _settle_leftovers(self) -> None:
        """Record what an earlier sweep sent but could not mark; release what it claimed but did not send."""
        with transaction(self.engine) as session:
            for entry in self._unmarked:
                item = entry.item
                outbox.mark_sent(session, item.nudge_ids, at=entry.sent_at, message_id=entry.message_id,
                                 primary_id=item.primary_id)
                row = session.get(Obligation, item.obligation_id)
                if row is not None:
                    materialise(session, row, entry.sent_at, config_for(session, row.chat_id, self.defaults))
            ids = [i for item in self._unsent for i in item.nudge_ids]
            if ids:  # only claims still ours: after the lease another worker may hold them
                ids = list(session.exec(select(col(Nudge.id)).where(col(Nudge.id).in_(ids),
                                                                    col(Nudge.claimed_by) == self.worker)))
                outbox.release(session, ids, retry_at=self.clock.now(), error="database unavailable")
        log.info("recorded %d message(s) sent during a database outage, released %d unsent claim(s)",
                 len(self._unmarked), len(self._unsent))
        self._unmarked, self._unsent = [], []

    async def sweep_batch(self) -> SweepResult | None:
        result = SweepResult()
        pending = await asyncio.to_thread(self._claim, result)
        if pending is None:
            return None
        for index, item in enumerate(pending):
            try:
                await self._deliver(item, result)
            except DatabaseUnavailable:
                self._unsent.extend(pending[index + 1:])  # released when the database is back
                raise
        return result

    def _claim(self, result: SweepResult) -> list[_Pending] | None:
        """Claim a batch of due slots and prepare one message per obligation, in one transaction
        whose statements do not grow with the batch: the claim, one read of the items (with
        their speech, chat settings, bindings, latest report and how far their slots are
        planned) and one INSERT of their catch-up and next slots (plus a drop or a release per
        reason when some slots are not sent). How far an item is planned is read from the
        outbox (`storage.outbox.watermark`), so the INSERT is all the planning writes."""
        with transaction(self.engine) as session:
            now = self.clock.now()
            lease_until = now + self.lease
            claimed = outbox.claim_rows(session, now=now, worker=self.worker, lease=self.lease, limit=self.batch)
            if not claimed:
                return None
            by_obligation: dict[int, list[outbox.Claimed]] = defaultdict(list)
            for nudge in claimed:
                by_obligation[nudge.obligation_id].append(nudge)
            items = load_due_items(session, by_obligation)
            configs: dict[int, PolicyConfig] = {}
            drops: dict[str, list[int]] = defaultdict(list)
            releases: dict[datetime, list[int]] = defaultdict(list)
            ready: list[tuple[DueItem, PolicyConfig, list[outbox.Claimed]]] = []
            for obligation_id, nudges in by_obligation.items():
                item = items.get(obligation_id)
                ids = [n.id for n in nudges]
                if item is None or item.status != OPEN:
                    drops[item.status if item else "missing"] += ids
                    result.dropped += len(ids)
                    continue
                if item.chat_id not in configs:
                    configs[item.chat_id] = (self.defaults or PolicyConfig()).with_overrides(item.settings)
                config = configs[item.chat_id]
                quiet_end = policy.quiet_until(now, config)
                if quiet_end is not None:  # a catch-up must not wake anyone at night
                    releases[quiet_end] += ids
                    result.deferred += len(ids)
                    continue
                ready.append((item, config, nudges))
            # Catch up: slots that fell due while nobody was sweeping join their item's message.
            plans = [(item, subject(item, item.reference_date), config) for item, config, _ in ready]
            caught = materialise_many(session, plans, now, claim=(self.worker, lease_until))
            pending: list[_Pending] = []
            for item, config, nudges in ready:
                due = [_Due(n.id, n.slot, n.purpose, n.planned_at, n.data) for n in nudges]
                due += [_Due(i, s.key, s.purpose, s.planned_at, s.data) for i, s in caught.get(item.id, [])]
                due.sort(key=lambda d: (d.planned_at, d.id))
                keep = []
                for slot in due:
                    if slot.purpose == policy.REPORT_PROMPT and slot.data and item.reported_since(
                            datetime.fromisoformat(slot.data["period_start"])):
                        drops["reported"].append(slot.id)
                        result.dropped += 1
                    else:
                        keep.append(slot)
                if keep:
                    pending.append(self._message(item, config, keep, now, lease_until))
            for reason, ids in drops.items():
                outbox.drop(session, ids, at=now, reason=reason)
            for retry_at, ids in releases.items():
                outbox.release(session, ids, retry_at=retry_at, error="quiet hours")
            return pending

    def _message(self, item: DueItem, config: PolicyConfig, nudges: list[_Due], now: datetime,
                 lease_until: datetime) -> _Pending:
        ordinary = [n for n in nudges if n.purpose != policy.ESCALATE] or nudges
        primary = ordinary[-1]
        data = primary.data or {}
        message = NudgeMessage(
            obligation_id=item.id, chat_id=item.chat_id, purpose=primary.purpose,
            slots=tuple(n.slot for n in nudges), planned_at=primary.planned_at, owner=item.owner,
            action=item.action, quote=item.quote, kind=item.kind, due_at=item.due_at,
            escalate=any(n.purpose == policy.ESCALATE for n in nudges),
            workdays_overdue=data.get("workdays_overdue"), period_due=data.get("period_due"),
            calendar_confirmed=item.calendar_confirmed and data.get("calendar_confirmed", True),
            mention_user_ids=tuple(item.user_ids), target_chat_ids=tuple(item.chat_ids),
            admin_user_ids=config.admin_user_ids,
            caught_up=now - nudges[0].planned_at > self.late_after,
        )
        return _Pending(message, [n.id for n in nudges], primary.id, item.id, lease_until, item.chat_id,
                        item.planned_through)

    async def _deliver(self, item: _Pending, result: SweepResult) -> None:
        # Never send on an expiring lease: another process may claim the slot after it.
        if self.clock.now() >= item.lease_until - self.lease / 10:
            await self._unsent_on_failure(item, self._release, item, self.clock.now(), "lease ran out before send")
            result.retried += len(item.nudge_ids)
            return
        try:
            message_id = await self.notifier.send(item.message)
        except PermanentSendError as error:
            await self._unsent_on_failure(item, self._drop_failed, item, error)
            result.failed += len(item.nudge_ids)
            log.warning("nudge for obligation %s failed for good: %r", item.obligation_id, error)
            return
        except Exception as error:  # RetryableSendError and anything unexpected
            await self._unsent_on_failure(item, self._release_with_backoff, item, error)
            result.retried += len(item.nudge_ids)
            log.warning("nudge for obligation %s will be retried: %r", item.obligation_id, error)
            return
        sent_at = self.clock.now()
        try:
            await asyncio.to_thread(self._mark, item, message_id, sent_at)
        except DatabaseUnavailable:
            self._unmarked.append(_Unmarked(item, message_id, sent_at))  # recorded by the next sweep
            raise
        result.messages += 1
        result.slots_sent += len(item.nudge_ids)

    async def _unsent_on_failure(self, item: _Pending, fn: Callable[..., None], *args: Any) -> None:
        """Run a database step for a message that was not sent; if the database is down, the
        claim is released by the next sweep instead."""
        try:
            await asyncio.to_thread(fn, *args)
        except DatabaseUnavailable:
            self._unsent.append(item)
            raise

    def _mark(self, item: _Pending, message_id: int | None, sent_at: datetime) -> None:
        """One statement: the claim planned the item's next slot already, unless that slot is due
        by now too (a slow send); then it is planned here, as a sweep would."""
        with transaction(self.engine) as session:
            outbox.mark_sent(session, item.nudge_ids, at=sent_at, message_id=message_id, primary_id=item.primary_id)
            if item.planned_through is not None and item.planned_through <= sent_at:
                row = session.get(Obligation, item.obligation_id)
                if row is not None:
                    materialise(session, row, sent_at, config_for(session, row.chat_id, self.defaults))

    def _release(self, item: _Pending, retry_at: datetime, error: str) -> None:
        with transaction(self.engine) as session:
            outbox.release(session, item.nudge_ids, retry_at=retry_at, error=error)

    def _drop_failed(self, item: _Pending, error: Exception) -> None:
        with transaction(self.engine) as session:
            outbox.drop(session, item.nudge_ids, at=self.clock.now(), reason="failed", error=repr(error))

    def _release_with_backoff(self, item: _Pending, error: Exception) -> None:
        retry_after = getattr(error, "retry_after", None) if isinstance(error, RetryableSendError) else None
        with transaction(self.engine) as session:
            query = select(col(Nudge.attempts)).where(col(Nudge.id).in_(item.nudge_ids))
            attempts = max(session.exec(query).all() or [1])
            delay = min(self.retry_base * 2 ** max(0, attempts - 1), self.retry_max)
            if isinstance(retry_after, timedelta):
                delay = max(delay, retry_after)
            elif retry_after:
                delay = max(delay, timedelta(seconds=float(retry_after)))
            outbox.release(session, item.nudge_ids, retry_at=self.clock.now() + delay, error=repr(error))
