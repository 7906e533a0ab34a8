"""Owner bindings: which Telegram users or chat answer for an owner name in a chat."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import OwnerBinding, OwnerMember


def bind_owner(session: Session, chat_id: int, owner: str, *, at: datetime, user_id: int | None = None,
               target_chat_id: int | None = None, by: int | None = None) -> OwnerBinding:
    """Bind `owner` to a user or a chat (idempotent)."""
    if (user_id is None) == (target_chat_id is None):
        raise ValueError("bind exactly one of user_id or target_chat_id")
    same_user = col(OwnerBinding.user_id) == user_id if user_id is not None else col(OwnerBinding.user_id).is_(None)
    query = select(OwnerBinding).where(col(OwnerBinding.chat_id) == chat_id, col(OwnerBinding.owner) == owner,
                                       same_user,
                                       col(OwnerBinding.target_chat_id) == target_chat_id if target_chat_id is not None
                                       else col(OwnerBinding.target_chat_id).is_(None))
    existing = session.exec(query).first()
    if existing is not None:
        return existing
    binding = OwnerBinding(chat_id=chat_id, owner=owner, user_id=user_id, target_chat_id=target_chat_id,
                           created_at=at, created_by=by)
    session.add(binding)
    session.flush()
    return binding


def unbind_owner(session: Session, chat_id: int, owner: str) -> int:
    rows = list(session.exec(select(OwnerBinding).where(col(OwnerBinding.chat_id) == chat_id,
                                                        col(OwnerBinding.owner) == owner)))
    for row in rows:
        session.delete(row)
    return len(rows)


@dataclass(frozen=True)
class Targets:
    user_ids: tuple[int, ...]
    chat_ids: tuple[int, ...]


def targets_for(session: Session, chat_id: int, owner: str | None) -> Targets:
    if owner is None:
        return Targets((), ())
    rows = list(session.exec(select(OwnerBinding).where(col(OwnerBinding.chat_id) == chat_id,
                                                        col(OwnerBinding.owner) == owner)
                             .order_by(col(OwnerBinding.id))))
    return Targets(tuple(r.user_id for r in rows if r.user_id is not None),
                   tuple(r.target_chat_id for r in rows if r.target_chat_id is not None))


def users_for_owners(session: Session, chat_id: int, owners: Sequence[str]) -> tuple[int, ...]:
    """The bound users of these owners, and of the members of any collective among them
    (各县区 → 甲县, 乙县 …), each once, in the order given."""
    names = list(dict.fromkeys(o for o in owners if o))
    if not names:
        return ()
    members = list_members(session, chat_id, names)
    expanded = list(dict.fromkeys([*names, *(m for name in names for m in members.get(name, []))]))
    rows = list(session.exec(select(OwnerBinding).where(col(OwnerBinding.chat_id) == chat_id,
                                                        col(OwnerBinding.owner).in_(expanded))
                             .order_by(col(OwnerBinding.id))))
    order = {name: index for index, name in enumerate(expanded)}
    rows.sort(key=lambda r: (order[r.owner], r.id))
    return tuple(dict.fromkeys(r.user_id for r in rows if r.user_id is not None))


def owners_of_user(session: Session, chat_id: int, user_id: int) -> set[str]:
    """The owner names `user_id` is bound to in this chat."""
    return set(session.exec(select(col(OwnerBinding.owner)).where(col(OwnerBinding.chat_id) == chat_id,
                                                                   col(OwnerBinding.user_id) == user_id)))


def add_members(session: Session, chat_id: int, collective: str, members: Sequence[str], *, at: datetime,
                by: int | None = None) -> int:
    """Bind the units of a collective owner (各县区: 甲县 乙县 …); returns how many were new."""
    known = set(list_members(session, chat_id, [collective]).get(collective, []))
    fresh = [m for m in dict.fromkeys(members) if m and m != collective and m not in known]
    for member in fresh:
        session.add(OwnerMember(chat_id=chat_id, collective=collective, member=member, created_at=at, created_by=by))
    session.flush()
    return len(fresh)


def list_members(session: Session, chat_id: int, collectives: Sequence[str] | None = None) -> dict[str, list[str]]:
    """collective → its member units (every collective of the chat unless told)."""
    query = select(OwnerMember).where(col(OwnerMember.chat_id) == chat_id)
    if collectives is not None:
        query = query.where(col(OwnerMember.collective).in_(list(collectives)))
    found: dict[str, list[str]] = {}
    for row in session.exec(query.order_by(col(OwnerMember.id))):
        found.setdefault(row.collective, []).append(row.member)
    return found


def remove_members(session: Session, chat_id: int, collective: str) -> int:
    rows = list(session.exec(select(OwnerMember).where(col(OwnerMember.chat_id) == chat_id,
                                                       col(OwnerMember.collective) == collective)))
    for row in rows:
        session.delete(row)
    return len(rows)


def list_bindings(session: Session, chat_id: int) -> list[OwnerBinding]:
    return list(session.exec(select(OwnerBinding).where(col(OwnerBinding.chat_id) == chat_id)
                             .order_by(col(OwnerBinding.owner), col(OwnerBinding.id))))
