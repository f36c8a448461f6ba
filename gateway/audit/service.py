"""Recording an audit event in the request's transaction, and reading the trail."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session

from ccvc.clock import Clock
from gateway.audit.models import AuditEvent, AuditEventRead
from gateway.auth.service import Principal
from gateway.staff.models import StaffRecordChange

MAX_IDS = 1000


def record_event(
    *,
    session: Session,
    clock: Clock,
    principal: Principal,
    agency_code: str,
    action: str,
    person_ids: Iterable[str] = (),
    batch_id: str | None = None,
) -> None:
    ids = [p for p in person_ids if p][:MAX_IDS]
    session.add(
        AuditEvent(
            at=clock.now(),
            client_id=principal.client_id,
            role=principal.role.value,
            agency_code=agency_code,
            action=action,
            person_ids=f" {' '.join(ids)} " if ids else "",
            records=len(ids),
            batch_id=batch_id,
            request_id=str(structlog.contextvars.get_contextvars().get("request_id", ""))[:64]
            or None,
        )
    )


def trail(
    session: Session,
    *,
    agency_code: str | None,
    person_id: str | None,
    client_id: str | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
) -> tuple[list[AuditEventRead], datetime | None]:
    """The newest `limit` events (API operations and record changes) before `until`."""
    events = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    changes = select(StaffRecordChange).order_by(
        StaffRecordChange.at.desc(), StaffRecordChange.id.desc()
    )
    if agency_code:
        events = events.where(AuditEvent.agency_code == agency_code)
        changes = changes.where(StaffRecordChange.agency_code == agency_code)
    if person_id:
        events = events.where(AuditEvent.person_ids.contains(f" {person_id} "))
        changes = changes.where(StaffRecordChange.person_id == person_id)
    if client_id:
        events = events.where(AuditEvent.client_id == client_id)
        changes = changes.where(StaffRecordChange.actor == client_id)
    if since:
        events = events.where(AuditEvent.at >= since)
        changes = changes.where(StaffRecordChange.at >= since)
    if until:
        events = events.where(AuditEvent.at < until)
        changes = changes.where(StaffRecordChange.at < until)
    items = [
        AuditEventRead(
            at=e.at,
            action=e.action,
            client_id=e.client_id,
            role=e.role,
            agency_code=e.agency_code,
            person_ids=e.person_ids.split(),
            records=e.records,
            batch_id=e.batch_id,
            request_id=e.request_id,
        )
        for e in session.scalars(events.limit(limit + 1))
    ] + [
        AuditEventRead(
            at=c.at,
            action="record.change",
            client_id=c.actor,
            role="agency" if c.channel != "self_update" else "staff",
            agency_code=c.agency_code,
            person_ids=[c.person_id],
            records=1,
            batch_id=c.batch_id,
            channel=c.channel,
        )
        for c in session.scalars(changes.limit(limit + 1))
    ]
    items.sort(key=lambda i: i.at, reverse=True)
    if len(items) <= limit:
        return items, None
    page = items[:limit]
    # the next page starts strictly before the oldest instant shown; events sharing that
    # instant beyond the page are included here so none is skipped
    oldest = page[-1].at
    page = [i for i in items if i.at >= oldest]
    return page, oldest
