"""The ledger's tables. Times are aware and stored in UTC; the bot shows them in the chat's time zone.

Overdue is never stored: it is `status == 'open' and due_at < now`, see `storage.ledger`.

A row's `id` is typed `int`: it is None only between constructing a row and flushing it, and
every function here that creates a row flushes it before handing it back.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from storage.types import UTCDateTime


class Status(StrEnum):
    """An obligation's status. Overdue is not one: it is derived (storage.ledger.is_overdue)."""

    PENDING = "pending"  # read from a speech, waiting for confirmation
    OPEN = "open"
    REVIEW = "review"  # 待审核: the owner said 已办结, an admin has not yet approved it
    DONE = "done"  # 办结
    CLOSED = "closed"  # 销号
    CANCELLED = "cancelled"  # deleted before confirmation, or withdrawn
    MERGED = "merged"  # a repeated mention of an open item (duplicate_of), merged into it at confirmation


PENDING, OPEN, DONE, CLOSED, CANCELLED = Status.PENDING, Status.OPEN, Status.DONE, Status.CLOSED, Status.CANCELLED
REVIEW, MERGED = Status.REVIEW, Status.MERGED


class Speech(SQLModel, table=True):
    """A forwarded speech (讲话) the obligations were read from."""

    __tablename__ = "speech"
    __table_args__ = (UniqueConstraint("chat_id", "sha256", name="uq_speech_chat_sha256"),)

    id: int = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger)
    sha256: str = Field(max_length=64)
    text: str = Field(sa_type=Text)
    forwarded_by: int | None = Field(default=None, sa_type=BigInteger)
    received_at: datetime = Field(sa_type=UTCDateTime)
    reference_date: date
    confirmed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    confirmed_by: int | None = Field(default=None, sa_type=BigInteger)


class Obligation(SQLModel, table=True):
    """One 督办事项 and its lifecycle: pending → open → done → closed (销号), or cancelled."""

    __tablename__ = "obligation"
    __table_args__ = (
        Index("ix_obligation_chat_status_due", "chat_id", "status", "due_at"),
        Index("ix_obligation_chat_owner", "chat_id", "owner"),
        Index("ix_obligation_trigger", "trigger_id"),
        UniqueConstraint("chat_id", "number", name="uq_obligation_chat_number"),
    )

    id: int = Field(default=None, primary_key=True)
    speech_id: int = Field(foreign_key="speech.id", index=True)
    chat_id: int = Field(sa_type=BigInteger)
    seq: int = 0  # position within the speech
    # The item's number in its chat (#1, #2 … per group): what people see, say and press.
    # Allocated at import (storage.numbers); rows older than migration 0005 kept their id.
    number: int = Field(default=None, nullable=False)
    span_start: int = 0
    span_end: int = 0
    quote: str = Field(sa_type=Text)
    kind: str = Field(max_length=16)  # deadline | recurring | on_event
    owner: str | None = Field(default=None, max_length=200)  # the lead (牵头/责任单位)
    co_owners: list[str] | None = Field(default=None, sa_type=JSON)  # 配合单位, as extracted (None = none)
    action: str = Field(sa_type=Text)
    expression: str = Field(default="", max_length=200)
    timebox: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    # on_event: the obligation whose event (e.g. 办结) starts this one.
    trigger_id: int | None = Field(default=None, foreign_key="obligation.id")
    status: str = Field(default=Status.PENDING, max_length=16)
    started_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # when the clock starts
    # The due time in force: the original limit, or the approved extension (延期) when there is one.
    due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    original_due_at: datetime | None = Field(default=None, sa_type=UTCDateTime)  # set when an extension is approved
    # Bumped whenever the schedule is laid anew (extension, 退回重办): a fresh set of slot keys.
    replans: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # Pending: the open item this one seems to repeat (merged into it at confirmation unless
    # cleared). Merged: the item it was merged into.
    duplicate_of: int | None = Field(default=None, foreign_key="obligation.id")
    calendar_confirmed: bool = True  # False when Mon–Fri was assumed for an uncovered year
    # The planning floor: nudge slots are materialised lazily, and none planned at or before this
    # is added (a replan sets it: nothing before the replan is sent). How far the item is planned
    # is the later of this and its latest live slot in the outbox (storage.outbox.watermark).
    planned_through: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(sa_type=UTCDateTime)
    confirmed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    confirmed_by: int | None = Field(default=None, sa_type=BigInteger)
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    done_by: int | None = Field(default=None, sa_type=BigInteger)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_by: int | None = Field(default=None, sa_type=BigInteger)
    cancelled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    cancelled_by: int | None = Field(default=None, sa_type=BigInteger)


class ObligationChange(SQLModel, table=True):
    """Who changed what and when (the item history)."""

    __tablename__ = "obligation_change"

    id: int = Field(default=None, primary_key=True)
    obligation_id: int = Field(foreign_key="obligation.id", index=True)
    at: datetime = Field(sa_type=UTCDateTime)
    actor: int | None = Field(default=None, sa_type=BigInteger)
    # imported, confirmed, done, submitted, approved, returned, closed, cancelled, reopened, snoozed,
    # triggered, edited, extension_requested, extended, extension_refused, mentioned, merged
    change: str = Field(max_length=32)
    detail: dict[str, Any] | None = Field(default=None, sa_type=JSON)


class OwnerBinding(SQLModel, table=True):
    """An owner name (市人社局) in one chat → a Telegram user or a chat to nudge."""

    __tablename__ = "owner_binding"
    __table_args__ = (Index("ix_owner_binding_chat_owner", "chat_id", "owner"),)

    id: int = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger)
    owner: str = Field(max_length=200)
    user_id: int | None = Field(default=None, sa_type=BigInteger)
    target_chat_id: int | None = Field(default=None, sa_type=BigInteger)
    created_at: datetime = Field(sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, sa_type=BigInteger)


class ProgressReport(SQLModel, table=True):
    """进展: a report on an obligation."""

    __tablename__ = "progress_report"

    id: int = Field(default=None, primary_key=True)
    obligation_id: int = Field(foreign_key="obligation.id", index=True)
    user_id: int | None = Field(default=None, sa_type=BigInteger)
    text: str = Field(sa_type=Text)
    reported_at: datetime = Field(sa_type=UTCDateTime)


class Nudge(SQLModel, table=True):
    """The outbox: one row per (obligation, slot). A slot is sent at most once per claim.

    Lifecycle: planned → claimed (claimed_by, lease_until) → sent (sent_at, message_id),
    or dropped (dropped_at, drop_reason) when it no longer applies or failed for good.
    """

    __tablename__ = "nudge"
    __table_args__ = (
        UniqueConstraint("obligation_id", "slot", name="uq_nudge_obligation_slot"),
        # The sweep reads only unsettled rows in planned order: an index range scan.
        Index(
            "ix_nudge_due",
            "planned_at",
            sqlite_where=text("sent_at IS NULL AND dropped_at IS NULL"),
            postgresql_where=text("sent_at IS NULL AND dropped_at IS NULL"),
        ),
    )

    id: int = Field(default=None, primary_key=True)
    obligation_id: int = Field(foreign_key="obligation.id")
    slot: str = Field(max_length=64)
    purpose: str = Field(max_length=32)
    planned_at: datetime = Field(sa_type=UTCDateTime)
    data: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    attempts: int = 0
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    message_id: int | None = Field(default=None, sa_type=BigInteger)
    covered_by: int | None = Field(default=None)  # id of the slot whose message also covered this one
    dropped_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    drop_reason: str | None = Field(default=None, max_length=32)
    last_error: str | None = Field(default=None, sa_type=Text)


class ChatSettings(SQLModel, table=True):
    """A chat's overrides of the deployment's policy (scheduler.config.PolicyConfig): NULL = not
    overridden. The defaults live in PolicyConfig only."""

    __tablename__ = "chat_settings"

    chat_id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    timezone: str | None = Field(default=None, max_length=64)
    quiet_start: str | None = Field(default=None, max_length=5)
    quiet_end: str | None = Field(default=None, max_length=5)
    nudge_time: str | None = Field(default=None, max_length=5)
    closure_time: str | None = Field(default=None, max_length=5)
    days_before: list[int] | None = Field(default=None, sa_type=JSON)
    auto_confirm: bool | None = None
    admin_user_ids: list[int] | None = Field(default=None, sa_type=JSON)
    review: bool | None = None  # 办结审核
    default_limit_days: int | None = None  # offered for vague limits (尽快, 抓紧)
    warning_days: int | None = None  # 🔵 due within this many days
    stagnation_days: int | None = None  # 🟡 a long item without progress for this many days
    ladder_days: list[int] | None = Field(default=None, sa_type=JSON)  # the escalation ladder's three steps
    bulletin: bool | None = None  # the weekly 通报 on/off
    bulletin_weekday: int | None = None  # 0 = Monday
    bulletin_time: str | None = Field(default=None, max_length=5)
    updated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ChatRole(SQLModel, table=True):
    """A role an admin granted in one chat (督查员: may confirm, edit and close items)."""

    __tablename__ = "chat_role"
    __table_args__ = (UniqueConstraint("chat_id", "user_id", "role", name="uq_chat_role"),)

    id: int = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger)
    user_id: int = Field(sa_type=BigInteger)
    role: str = Field(max_length=32)
    granted_by: int | None = Field(default=None, sa_type=BigInteger)
    granted_at: datetime = Field(sa_type=UTCDateTime)


class KnownUser(SQLModel, table=True):
    """A Telegram user seen in an allowed chat: the name used in mentions, the @username for /bind."""

    __tablename__ = "known_user"
    __table_args__ = (Index("ix_known_user_username", "username"),)

    user_id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    username: str | None = Field(default=None, max_length=64)  # lower case, without "@"
    full_name: str | None = Field(default=None, max_length=200)
    updated_at: datetime = Field(sa_type=UTCDateTime)


class SpeechFragment(SQLModel, table=True):
    """One message of a speech still inside the merge window; deleted when the speech is read."""

    __tablename__ = "speech_fragment"
    __table_args__ = (Index("ix_speech_fragment_chat_user", "chat_id", "user_id"),)

    id: int = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger)
    user_id: int = Field(sa_type=BigInteger)
    chat_type: str = Field(max_length=16)
    message_id: int = Field(sa_type=BigInteger)
    text: str = Field(sa_type=Text)
    received_at: datetime = Field(sa_type=UTCDateTime)


class SentMessage(SQLModel, table=True):
    """A message the bot sent about items: a reply to it is about these items (the reply
    context), whatever its text says. `purpose` is bot.core.protocol's word for it."""

    __tablename__ = "sent_message"
    __table_args__ = (UniqueConstraint("chat_id", "message_id", name="uq_sent_message_chat_message"),)

    id: int = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger)
    message_id: int = Field(sa_type=BigInteger)
    purpose: str = Field(max_length=32)
    obligation_ids: list[int] = Field(default_factory=list, sa_type=JSON)
    speech_id: int | None = Field(default=None)
    sent_at: datetime = Field(sa_type=UTCDateTime)


class ChatSequence(SQLModel, table=True):
    """The last item number handed out in a chat (storage.numbers)."""

    __tablename__ = "chat_sequence"

    chat_id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    last_number: int = 0


class OwnerMember(SQLModel, table=True):
    """A unit counted in a collective owner of one chat (各县区 → 甲县, 乙县 …): its bound users
    are reminded of the collective's items."""

    __tablename__ = "owner_member"
    __table_args__ = (UniqueConstraint("chat_id", "collective", "member", name="uq_owner_member"),)

    id: int = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger)
    collective: str = Field(max_length=200)
    member: str = Field(max_length=200)
    created_at: datetime = Field(sa_type=UTCDateTime)
    created_by: int | None = Field(default=None, sa_type=BigInteger)


class ExtensionRequest(SQLModel, table=True):
    """延期申请: an owner asks for a later due date; an admin approves or refuses it."""

    __tablename__ = "extension_request"

    id: int = Field(default=None, primary_key=True)
    obligation_id: int = Field(foreign_key="obligation.id", index=True)
    requested_by: int | None = Field(default=None, sa_type=BigInteger)
    requested_at: datetime = Field(sa_type=UTCDateTime)
    requested_due: datetime = Field(sa_type=UTCDateTime)
    reason: str = Field(default="", sa_type=Text)
    status: str = Field(default="pending", max_length=16)  # pending | approved | refused
    decided_by: int | None = Field(default=None, sa_type=BigInteger)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class PrivateStart(SQLModel, table=True):
    """A user who started the bot in a private chat: the bot may write to them there (the
    escalation ladder's private messages to admins)."""

    __tablename__ = "private_start"

    user_id: int = Field(sa_type=BigInteger, primary_key=True, sa_column_kwargs={"autoincrement": False})
    started_at: datetime = Field(sa_type=UTCDateTime)


class Bulletin(SQLModel, table=True):
    """One chat's scheduled 通报 of one period: written (claimed) before it is sent, so it goes
    out once, also across restarts. A claim whose lease ran out without a send is taken again."""

    __tablename__ = "bulletin"
    __table_args__ = (UniqueConstraint("chat_id", "period", name="uq_bulletin_chat_period"),)

    id: int = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_type=BigInteger)
    period: str = Field(max_length=16)  # the local date it is due on (ISO)
    planned_at: datetime = Field(sa_type=UTCDateTime)
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    lease_until: datetime | None = Field(default=None, sa_type=UTCDateTime)
    attempts: int = 0
    sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    message_id: int | None = Field(default=None, sa_type=BigInteger)
    last_error: str | None = Field(default=None, sa_type=Text)
