"""延期申请: requests for a later due date and the admins' decisions on them."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from storage.models import ExtensionRequest
from storage.obligations import record_change

PENDING_REQUEST, APPROVED, REFUSED = "pending", "approved", "refused"


def request_extension(session: Session, obligation_id: int, *, due: datetime, reason: str, at: datetime,
                      by: int | None) -> ExtensionRequest:
    request = ExtensionRequest(obligation_id=obligation_id, requested_by=by, requested_at=at, requested_due=due,
                               reason=reason, status=PENDING_REQUEST)
    session.add(request)
    session.flush()
    record_change(session, obligation_id, "extension_requested", at, by,
                  {"request": request.id, "to": due.isoformat(), "reason": reason})
    return request


def get_request(session: Session, request_id: int) -> ExtensionRequest | None:
    return session.get(ExtensionRequest, request_id)


def decide(session: Session, request: ExtensionRequest, *, approved: bool, at: datetime,
           by: int | None) -> ExtensionRequest:
    """Record the decision (the caller moves the due date when approved)."""
    if request.status != PENDING_REQUEST:
        raise ValueError(f"extension request {request.id} is already {request.status}")
    request.status, request.decided_at, request.decided_by = (APPROVED if approved else REFUSED), at, by
    session.add(request)
    if not approved:
        record_change(session, request.obligation_id, "extension_refused", at, by, {"request": request.id})
    return request


def list_requests(session: Session, obligation_id: int) -> list[ExtensionRequest]:
    return list(session.exec(select(ExtensionRequest).where(col(ExtensionRequest.obligation_id) == obligation_id)
                             .order_by(col(ExtensionRequest.id))))
