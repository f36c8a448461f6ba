"""One staff record at a time: read, upsert, change status — with `ETag` / `If-Match`."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ccvc.clock import Clock
from ccvc.deps import ClockDep, DbSession, SettingsDep
from ccvc.problems import PROBLEM_CONTENT as PROBLEM
from ccvc.problems import Problem, not_found
from ccvc.settings import Settings
from gateway.agencies.models import Agency
from gateway.audit.service import record_event
from gateway.auth.dependencies import CurrentPrincipal, require_agency_access, writable_agency
from gateway.auth.service import Principal
from gateway.batches.models import Channel
from gateway.batches.service import phase_for, request_hash, submit_batch
from gateway.conformance.observe import digest
from gateway.population.client import PopulationClient
from gateway.quality.service import QualityDelta, apply_deltas
from gateway.records.schema import StaffRecordIn
from gateway.rules.engine import evaluate
from gateway.rules.models import RecordContext
from gateway.sandbox.scenarios import ScenarioHeader, fire_once, parse_scenario
from gateway.staff.models import StaffRecord, StaffRecordChange, StaffRecordRead
from gateway.staff.service import changed_payload, store_evaluation
from gateway.sync.context import neighbourhood
from gateway.sync.identity import check_identities
from gateway.sync.worker import identity_json

router = APIRouter(tags=["records"])

_client_lock = threading.Lock()


def population_client(request: Request) -> PopulationClient:
    with _client_lock:
        client: PopulationClient | None = getattr(request.app.state, "population_client", None)
        if client is None:
            client = PopulationClient(request.app.state.settings)
            request.app.state.population_client = client
        return client


def audit(
    session: DbSession,
    clock: Clock,
    principal: Principal,
    agency_code: str,
    action: str,
    person_ids: list[str],
) -> None:
    record_event(
        session=session,
        clock=clock,
        principal=principal,
        agency_code=agency_code,
        action=action,
        person_ids=person_ids,
    )


def etag(record: StaffRecord) -> str:
    return f'"v{record.version}"'


def _valid_person_id(person_id: str) -> str:
    if len(person_id) != 12 or not person_id.isdigit():
        raise Problem(
            422,
            "person-id-invalid",
            "person_id must be the 12-digit personal identification number",
            title_vi="Số định danh cá nhân phải gồm 12 chữ số",
            field="person_id",
        )
    return person_id


def _check_preconditions(record: StaffRecord | None, if_match: str | None) -> None:
    if record is None:
        if if_match is not None and if_match.strip() != "*":
            raise Problem(
                412,
                "precondition-failed",
                "The record does not exist",
                title_vi="Hồ sơ chưa tồn tại",
            )
        return
    if if_match is None:
        raise Problem(
            428,
            "if-match-required",
            "Send If-Match with the record's ETag to change it",
            title_vi="Cần gửi If-Match với ETag của hồ sơ để sửa",
            detail="GET the record, then send its ETag in If-Match (lost-update protection).",
        )
    tags = {t.strip() for t in if_match.split(",")}
    if "*" not in tags and etag(record) not in tags and f"W/{etag(record)}" not in tags:
        raise Problem(
            412,
            "precondition-failed",
            "The record changed since you read it",
            title_vi="Hồ sơ đã thay đổi kể từ lần đọc trước",
            detail=f"Current ETag is {etag(record)}; read the record again and retry.",
        )


def _scenario(
    session: Session,
    clock: Clock,
    settings: Settings,
    header: str | None,
    agency_code: str,
    person_id: str,
    if_match: str | None,
) -> None:
    """`record-changed` answers 412 once per record and ETag (the retry after a re-read
    passes); `token-expired` answers 401."""
    scenario = parse_scenario(header, "record-write")
    if scenario is not None and if_match is not None:
        key = digest(settings.evidence_secret, f"{person_id} {if_match.strip()}") or ""
        fire_once(session=session, clock=clock, scenario=scenario, agency_code=agency_code, key=key)


class WriteOutcome(BaseModel):
    status: str = Field(description="accepted, rejected, or pending (queued: see `batch`)")
    record: StaffRecordRead | None = None
    findings: list[dict[str, Any]] = Field(default_factory=list)
    dimensions: dict[str, str] = Field(default_factory=dict)
    identity: dict[str, Any] | None = None
    batch: str | None = Field(default=None, description="Where a pending record is followed.")


def to_read(record: StaffRecord) -> StaffRecordRead:
    return StaffRecordRead.model_validate(
        {
            "agency_code": record.agency_code,
            "person_id": record.person_id,
            "version": record.version,
            "verdict": record.verdict,
            "data": record.data,
            "lineage": record.lineage,
            "dimensions": record.dimensions,
            "findings": record.findings,
            "updated_at": record.updated_at,
        }
    )


def write_record(
    *,
    request: Request,
    session: DbSession,
    clock: Clock,
    principal: Principal,
    agency: Agency,
    payload: dict[str, Any],
    existing: StaffRecord | None,
    action: str,
    channel: Channel = Channel.API,
) -> JSONResponse:
    """Evaluate now (identity through the bus); on an outage queue it and answer 202."""
    person_id = str(payload["person_id"])
    around = neighbourhood(session, [(agency.code, person_id)])
    identity = check_identities(population_client(request), [payload], as_of=clock.today())
    # only now: a pending insert would open the write transaction (SQLite: the database's
    # write lock) across the bus call, whose message log writes to the same database
    audit(session, clock, principal, agency.code, action, [person_id])
    if identity.error is not None:
        batch, _ = submit_batch(
            session=session,
            clock=clock,
            agency=agency,
            client_id=principal.client_id,
            channel=channel,
            records=[payload],
            idempotency_key=None,
            body_hash=request_hash(payload),
        )
        location = f"/v1/batches/{batch.id}"
        outcome = WriteOutcome(status="pending", batch=location)
        return JSONResponse(outcome.model_dump(mode="json"), 202, headers={"Location": location})
    check = identity.checks[0]
    evaluation = evaluate(
        payload,
        RecordContext(
            as_of=clock.today(),
            agency_code=agency.code,
            cohort=agency.cohort,  # type: ignore[arg-type]
            phase=phase_for(agency.cohort, channel),
            channel=channel.value,
            received_at=clock.now(),
            identity=check,
            active_in_other_agencies=around.elsewhere(agency.code, person_id),
            other_channel_values=around.other_channels(agency.code, person_id, channel.value),
            agency_last_sync_at=around.last_sync.get(agency.code),
            agency_first_sync_at=around.first_sync.get(agency.code),
        ),
    )
    deltas: dict[str, QualityDelta] = {}
    stored = store_evaluation(
        session=session,
        agency_code=agency.code,
        channel=channel,
        actor=principal.client_id,
        batch_id=None,
        evaluation=evaluation,
        now=clock.now(),
        deltas=deltas,
    )
    apply_deltas(session, deltas, now=clock.now(), today=clock.today())
    session.commit()
    outcome = WriteOutcome(
        status=evaluation.status,
        record=to_read(stored) if stored is not None else None,
        findings=[f for f in (stored.findings if stored else [])],
        dimensions={d.value: v.value for d, v in evaluation.dimensions.items()},
        identity=identity_json(check, None),
    )
    headers = {"Location": f"/v1/agencies/{agency.code}/records/{person_id}"}
    if stored is not None:
        headers["ETag"] = etag(stored)
    return JSONResponse(outcome.model_dump(mode="json"), 200 if existing else 201, headers=headers)


@router.get(
    "/v1/agencies/{code}/records/{person_id}",
    summary="One staff record, with field lineage (ETag for conditional writes)",
    responses={401: PROBLEM, 404: PROBLEM},
)
def read_record(
    code: str,
    person_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    clock: ClockDep,
    response: Response,
) -> StaffRecordRead:
    require_agency_access(principal, code)
    record = session.get(StaffRecord, (code, person_id)) if len(person_id) <= 12 else None
    if record is None:
        raise not_found()
    audit(session, clock, principal, code, "record.read", [person_id])
    response.headers["ETag"] = etag(record)
    return to_read(record)


@router.put(
    "/v1/agencies/{code}/records/{person_id}",
    summary="Create or replace one staff record (evaluated at once)",
    description=(
        "The record is checked like a batch record, identity through the NDXP bus included. "
        "Replacing an existing record needs `If-Match` with its `ETag` (428 without, 412 when "
        "stale). When the bus or the population DB is down the record is queued: 202 with "
        "`Location` of a one-record batch."
    ),
    responses={
        202: {"description": "Queued on an outage"},
        412: PROBLEM,
        422: PROBLEM,
        428: PROBLEM,
    },
)
def upsert_record(
    code: str,
    person_id: str,
    record: StaffRecordIn,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
    sandbox_scenario: ScenarioHeader = None,
) -> JSONResponse:
    agency = writable_agency(session=session, principal=principal, code=code)
    _valid_person_id(person_id)
    payload = record.model_dump()
    if payload.get("person_id") not in (None, person_id):
        raise Problem(
            422,
            "person-id-mismatch",
            "person_id in the body differs from the URL",
            title_vi="Số định danh trong nội dung khác với trên đường dẫn",
            field="person_id",
        )
    payload["person_id"] = person_id
    existing = session.get(StaffRecord, (code, person_id))
    _check_preconditions(existing, if_match)
    _scenario(session, clock, settings, sandbox_scenario, agency.code, person_id, if_match)
    return write_record(
        request=request,
        session=session,
        clock=clock,
        principal=principal,
        agency=agency,
        payload=payload,
        existing=existing,
        action="record.write",
    )


class StatusChange(BaseModel):
    model_config = {"extra": "forbid"}

    employment_status: str = Field(
        pattern="^(active|retired|resigned|deceased)$", examples=["retired"]
    )


@router.post(
    "/v1/agencies/{code}/records/{person_id}/status",
    summary="Change the employment status (retired, resigned, deceased, active)",
    responses={404: PROBLEM, 412: PROBLEM, 428: PROBLEM},
)
def change_status(
    code: str,
    person_id: str,
    change: Annotated[StatusChange, Body()],
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
    if_match: Annotated[str | None, Header(alias="If-Match")] = None,
    sandbox_scenario: ScenarioHeader = None,
) -> JSONResponse:
    agency = writable_agency(session=session, principal=principal, code=code)
    existing = session.get(StaffRecord, (code, person_id)) if len(person_id) <= 12 else None
    if existing is None:
        raise not_found()
    _check_preconditions(existing, if_match)
    _scenario(session, clock, settings, sandbox_scenario, agency.code, person_id, if_match)
    payload = changed_payload(
        existing,
        employment_status=change.employment_status,
        source_updated_at=clock.now().isoformat(timespec="seconds"),
    )
    return write_record(
        request=request,
        session=session,
        clock=clock,
        principal=principal,
        agency=agency,
        payload=payload,
        existing=existing,
        action="record.status",
    )


class ChangeRead(BaseModel):
    version: int
    at: str
    channel: str
    actor: str
    batch_id: str | None
    changes: dict[str, Any]


@router.get(
    "/v1/agencies/{code}/records/{person_id}/history",
    summary="Every change of a record: version, when, channel, who, old and new values",
    responses={404: PROBLEM},
)
def record_history(
    code: str, person_id: str, principal: CurrentPrincipal, session: DbSession, clock: ClockDep
) -> list[ChangeRead]:
    require_agency_access(principal, code)
    if session.get(StaffRecord, (code, person_id) if len(person_id) <= 12 else ("", "")) is None:
        raise not_found()
    audit(session, clock, principal, code, "record.history", [person_id])
    rows = session.scalars(
        select(StaffRecordChange)
        .where(StaffRecordChange.agency_code == code, StaffRecordChange.person_id == person_id)
        .order_by(StaffRecordChange.version, StaffRecordChange.id)
    )
    return [
        ChangeRead(
            version=r.version,
            at=r.at.isoformat(),
            channel=r.channel,
            actor=r.actor,
            batch_id=r.batch_id,
            changes=r.changes,
        )
        for r in rows
    ]


class RecordList(BaseModel):
    total: int
    offset: int
    limit: int
    items: list[StaffRecordRead]


@router.get("/v1/agencies/{code}/records", summary="The agency's staff records, paged")
def list_records(
    code: str,
    principal: CurrentPrincipal,
    session: DbSession,
    clock: ClockDep,
    verdict: Annotated[str | None, Query(pattern="^(accepted|rejected)$")] = None,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> RecordList:
    require_agency_access(principal, code)
    query = select(StaffRecord).where(StaffRecord.agency_code == code)
    count = select(func.count()).select_from(StaffRecord).where(StaffRecord.agency_code == code)
    if verdict:
        query = query.where(StaffRecord.verdict == verdict)
        count = count.where(StaffRecord.verdict == verdict)
    rows = list(session.scalars(query.order_by(StaffRecord.person_id).offset(offset).limit(limit)))
    audit(session, clock, principal, code, "records.list", [r.person_id for r in rows])
    return RecordList(
        total=session.scalar(count) or 0,
        offset=offset,
        limit=limit,
        items=[to_read(r) for r in rows],
    )
