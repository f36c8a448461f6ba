"""The VNeID channel: staff update their own allowed fields; the agency confirms or rejects.

A staff member authenticates with a sandbox VNeID token (issued by the population DB at
`/dancu/sandbox/vneid/token`). Their change is held as `unconfirmed` and does not touch the
national record — nor its quality scores — until their agency confirms it; confirming applies
it through the same evaluation as any write (channel `self_update`)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from ccvc import vneid
from ccvc.deps import ClockDep, DbSession, SettingsDep
from ccvc.problems import Problem, not_found
from gateway.auth.dependencies import CurrentPrincipal, require_agency_access, writable_agency
from gateway.batches.models import Channel
from gateway.records.schema import max_length
from gateway.self_update.models import (
    SELF_UPDATABLE,
    Decision,
    SelfUpdate,
    SelfUpdateCreate,
    SelfUpdateRead,
    SelfUpdateStatus,
)
from gateway.staff.models import StaffRecord, StaffRecordRead
from gateway.staff.service import changed_payload
from gateway.staff.views import to_read, write_record
from gateway.webhooks.models import EventType
from gateway.webhooks.service import announce

router = APIRouter(tags=["self-update"])


def vneid_person(request: Request, settings: SettingsDep, clock: ClockDep) -> str:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Problem(
            401,
            "vneid-required",
            "A VNeID token is required",
            title_vi="Cần mã VNeID",
            headers={"WWW-Authenticate": 'Bearer realm="vneid"'},
        )
    try:
        identity = vneid.verify(secret=settings.vneid_secret, token=token.strip(), now=clock.now())
    except vneid.InvalidVneidToken as exc:
        raise Problem(
            401,
            "vneid-invalid",
            f"The VNeID token is not valid ({exc})",
            title_vi="Mã VNeID không hợp lệ",
            headers={"WWW-Authenticate": 'Bearer realm="vneid"'},
        ) from None
    return identity.person_id


VneidPerson = Annotated[str, Depends(vneid_person)]


def _read(update: SelfUpdate) -> SelfUpdateRead:
    return SelfUpdateRead(
        id=update.id,
        agency_code=update.agency_code,
        person_id=update.person_id,
        changes=update.changes,
        status=SelfUpdateStatus(update.status),
        submitted_at=update.submitted_at,
        decided_at=update.decided_at,
        note=update.note,
    )


@router.get("/v1/self/records", summary="My records in every agency (VNeID token)")
def my_records(person_id: VneidPerson, session: DbSession) -> list[StaffRecordRead]:
    rows = session.scalars(select(StaffRecord).where(StaffRecord.person_id == person_id))
    return [to_read(r) for r in rows]


@router.post(
    "/v1/self/updates",
    status_code=201,
    summary="Propose changes to my own record (held until my agency confirms)",
)
def propose(
    body: SelfUpdateCreate, person_id: VneidPerson, session: DbSession, clock: ClockDep
) -> SelfUpdateRead:
    if session.get(StaffRecord, (body.agency_code, person_id)) is None:
        raise Problem(
            404,
            "not-found",
            "You have no record in this agency",
            title_vi="Bạn không có hồ sơ tại cơ quan này",
        )
    not_allowed = sorted(set(body.changes) - set(SELF_UPDATABLE))
    if not_allowed or not body.changes:
        raise Problem(
            422,
            "field-not-self-updatable",
            "These fields cannot be changed by the staff member: " + ", ".join(not_allowed)
            if not_allowed
            else "No change given",
            title_vi="Không được tự cập nhật các trường này" if not_allowed else "Chưa có thay đổi",
            field=not_allowed[0] if not_allowed else "changes",
            allowed=list(SELF_UPDATABLE),
        )
    for name, value in body.changes.items():
        if value is not None and len(value) > max_length(name):
            raise Problem(
                422, "validation-error", f"{name}: too long", title_vi="Giá trị quá dài", field=name
            )
    update = SelfUpdate(
        id=str(uuid.uuid4()),
        agency_code=body.agency_code,
        person_id=person_id,
        changes=body.changes,
        status=SelfUpdateStatus.UNCONFIRMED.value,
        submitted_at=clock.now(),
    )
    session.add(update)
    session.flush()
    announce(
        session=session,
        agency_code=update.agency_code,
        event_type=EventType.CONFIRMATION_NEEDED,
        data={
            "update_id": update.id,
            "agency_code": update.agency_code,
            "fields": sorted(update.changes),
            "links": {
                "confirm": f"/v1/agencies/{update.agency_code}/self-updates/{update.id}/confirm",
                "list": f"/v1/agencies/{update.agency_code}/self-updates",
            },
        },
        now=update.submitted_at,
    )
    return _read(update)


@router.get("/v1/self/updates", summary="My proposed changes and their status")
def my_updates(person_id: VneidPerson, session: DbSession) -> list[SelfUpdateRead]:
    rows = session.scalars(
        select(SelfUpdate)
        .where(SelfUpdate.person_id == person_id)
        .order_by(SelfUpdate.submitted_at)
    )
    return [_read(u) for u in rows]


@router.get(
    "/v1/agencies/{code}/self-updates",
    summary="Changes proposed by the agency's staff, to confirm or reject",
)
def agency_updates(
    code: str,
    principal: CurrentPrincipal,
    session: DbSession,
    status: Annotated[SelfUpdateStatus | None, Query()] = SelfUpdateStatus.UNCONFIRMED,
) -> list[SelfUpdateRead]:
    require_agency_access(principal, code)
    query = select(SelfUpdate).where(SelfUpdate.agency_code == code)
    if status is not None:
        query = query.where(SelfUpdate.status == status.value)
    return [_read(u) for u in session.scalars(query.order_by(SelfUpdate.submitted_at))]


def _pending_update(session: DbSession, code: str, update_id: str) -> SelfUpdate:
    update = session.get(SelfUpdate, update_id) if len(update_id) <= 36 else None
    if update is None or update.agency_code != code:
        raise not_found()
    if update.status != SelfUpdateStatus.UNCONFIRMED.value:
        raise Problem(
            409,
            "already-decided",
            f"This change was already {update.status}",
            title_vi="Thay đổi này đã được xử lý",
        )
    return update


@router.post(
    "/v1/agencies/{code}/self-updates/{update_id}/confirm",
    summary="Confirm a staff member's change: it is applied and counts from now on",
)
def confirm(
    code: str,
    update_id: str,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    clock: ClockDep,
    decision: Decision | None = None,
) -> JSONResponse:
    agency = writable_agency(session=session, principal=principal, code=code)
    update = _pending_update(session, code, update_id)
    record = session.get(StaffRecord, (code, update.person_id))
    if record is None:
        raise not_found()
    payload = changed_payload(record, **update.changes)
    update.status = SelfUpdateStatus.CONFIRMED.value
    update.decided_at = clock.now()
    update.decided_by = principal.client_id
    update.note = decision.note if decision else None
    return write_record(
        request=request,
        session=session,
        clock=clock,
        principal=principal,
        agency=agency,
        payload=payload,
        existing=record,
        action="record.write",
        channel=Channel.SELF_UPDATE,
    )


@router.post(
    "/v1/agencies/{code}/self-updates/{update_id}/reject",
    summary="Reject a staff member's change (the record is untouched)",
)
def reject(
    code: str,
    update_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    clock: ClockDep,
    decision: Decision | None = None,
) -> SelfUpdateRead:
    writable_agency(session=session, principal=principal, code=code)
    update = _pending_update(session, code, update_id)
    update.status = SelfUpdateStatus.REJECTED.value
    update.decided_at = clock.now()
    update.decided_by = principal.client_id
    update.note = decision.note if decision else None
    return _read(update)
