"""Item numbers per chat (#1, #2 … in each group): handed out at import, never reused.

One counter row per chat (`chat_sequence`), advanced by an atomic upsert, so two imports in
the same chat (two processes on PostgreSQL) never get the same number.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from storage.models import ChatSequence, Obligation


def allocate_numbers(session: Session, chat_id: int, count: int) -> int:
    """Reserve `count` consecutive numbers in `chat_id`; returns the first."""
    if count <= 0:
        return 0
    dialect = session.get_bind().dialect.name
    insert: Any
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = ChatSequence.__table__  # type: ignore[attr-defined]
    statement = insert(table).values(chat_id=chat_id, last_number=count)
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.chat_id], set_={"last_number": table.c.last_number + count},
    ).returning(table.c.last_number)
    last = int(session.execute(statement).scalar_one())
    return last - count + 1


def find_by_number(session: Session, chat_id: int, number: int) -> Obligation | None:
    return session.exec(select(Obligation).where(col(Obligation.chat_id) == chat_id,
                                                 col(Obligation.number) == number)).first()


def numbers_of(session: Session, obligation_ids: list[int]) -> dict[int, int]:
    """id → number of these items."""
    if not obligation_ids:
        return {}
    query = select(col(Obligation.id), col(Obligation.number)).where(col(Obligation.id).in_(obligation_ids))
    return {i: n for i, n in session.exec(query) if n is not None}
