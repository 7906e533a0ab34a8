"""进展: progress reports on an obligation."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import ProgressReport


def add_progress(session: Session, obligation_id: int, *, text: str, at: datetime,
                 user_id: int | None) -> ProgressReport:
    report = ProgressReport(obligation_id=obligation_id, user_id=user_id, text=text, reported_at=at)
    session.add(report)
    session.flush()
    return report


def list_reports(session: Session, obligation_id: int) -> list[ProgressReport]:
    return list(session.exec(
        select(ProgressReport).where(col(ProgressReport.obligation_id) == obligation_id)
        .order_by(col(ProgressReport.reported_at))
    ))


def reported_since(session: Session, obligation_id: int, since: datetime) -> bool:
    """Has a report come in at or after `since` (e.g. within the current reporting period)?"""
    query = select(col(ProgressReport.id)).where(col(ProgressReport.obligation_id) == obligation_id,
                                            col(ProgressReport.reported_at) >= since).limit(1)
    return session.exec(query).first() is not None


def list_reports_by_obligation(session: Session, obligation_ids: Iterable[int]) -> dict[int, list[ProgressReport]]:
    """Every report of each item, oldest first."""
    ids = list(obligation_ids)
    found: dict[int, list[ProgressReport]] = {i: [] for i in ids}
    if not ids:
        return found
    query = (select(ProgressReport).where(col(ProgressReport.obligation_id).in_(ids))
             .order_by(col(ProgressReport.reported_at), col(ProgressReport.id)))
    for report in session.exec(query):
        found[report.obligation_id].append(report)
    return found
