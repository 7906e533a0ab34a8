"""What a sweep batch needs to know about the items whose slots it claimed, read in one query
as plain rows (no ORM objects to load or to commit): each obligation's fields the message and
the plan need, its speech's reference date, its chat's settings row (None: the defaults), the
users and chats bound to its owner (`storage.bindings.targets_for`, in binding order), when
its latest progress report came (`storage.progress.reported_since` is `last_report >= since`)
and how far its slots are planned (`storage.outbox.watermark`: read from the outbox here, so a
sweep need not write it back)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlmodel import Session, col

from storage.models import ChatSettings, Obligation, OwnerBinding, ProgressReport, Speech
from storage.outbox import latest_planned, watermark

FIELDS = ("id", "chat_id", "status", "kind", "owner", "action", "quote", "timebox", "started_at", "due_at",
          "replans", "planned_through", "calendar_confirmed")


@dataclass
class DueItem:
    """An obligation as a sweep sees it (the `FIELDS` of `Obligation`, and more)."""

    id: int
    chat_id: int
    status: str
    kind: str
    owner: str | None
    action: str
    quote: str
    timebox: dict[str, Any]
    started_at: datetime | None
    due_at: datetime | None
    replans: int
    planned_through: datetime | None  # the watermark: the floor or the latest live series slot, the later
    calendar_confirmed: bool
    reference_date: date
    settings: ChatSettings | None
    last_report: datetime | None
    user_ids: list[int] = field(default_factory=list)
    chat_ids: list[int] = field(default_factory=list)

    def reported_since(self, since: datetime) -> bool:
        return self.last_report is not None and self.last_report >= since


def load_due_items(session: Session, obligation_ids: Iterable[int]) -> dict[int, DueItem]:
    """id → DueItem for the obligations that exist among `obligation_ids`."""
    ids = list(dict.fromkeys(obligation_ids))
    if not ids:
        return {}
    table = Obligation.__table__  # type: ignore[attr-defined]
    last_report = (select(func.max(col(ProgressReport.reported_at)))
                   .where(col(ProgressReport.obligation_id) == table.c.id)
                   .correlate(table).scalar_subquery())
    planned = latest_planned(table.c.id).correlate(table)
    settings = ChatSettings.__table__  # type: ignore[attr-defined]
    query = (
        select(*(table.c[name] for name in FIELDS), col(Speech.reference_date), last_report, planned,
               col(OwnerBinding.user_id), col(OwnerBinding.target_chat_id), *settings.c)
        .select_from(table)
        .join(Speech, col(Speech.id) == table.c.speech_id)
        .outerjoin(settings, settings.c.chat_id == table.c.chat_id)
        .outerjoin(OwnerBinding, and_(col(OwnerBinding.chat_id) == table.c.chat_id,
                                      col(OwnerBinding.owner) == table.c.owner))
        .where(table.c.id.in_(ids))
        .order_by(table.c.id, col(OwnerBinding.id))
    )
    width = len(FIELDS)
    found: dict[int, DueItem] = {}
    chats: dict[int, ChatSettings | None] = {}
    for values in session.execute(query):
        item = found.get(values[0])
        if item is None:
            chat_id = values[1]
            if chat_id not in chats:  # the settings row's columns follow the binding's
                overrides = values[width + 5:]
                chats[chat_id] = ChatSettings(**dict(zip(settings.c.keys(), overrides, strict=True))) \
                    if overrides[0] is not None else None
            fields = dict(zip(FIELDS, values[:width], strict=True))
            fields["planned_through"] = watermark(fields["planned_through"], values[width + 2])
            item = found[values[0]] = DueItem(**fields, reference_date=values[width], last_report=values[width + 1],
                                              settings=chats[chat_id])
        user_id, target_chat_id = values[width + 3], values[width + 4]
        if user_id is not None:
            item.user_ids.append(user_id)
        if target_chat_id is not None:
            item.chat_ids.append(target_chat_id)
    return found
