"""``/admin/faults``: runtime fault rules, for bus operators (so tests can fault the bus for a
while). Rules live in the bus process's memory."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from mock_ndxp import errors
from mock_ndxp.faults.apply import FAULT_HEADER, invalid_faults
from mock_ndxp.faults.spec import VALID_FAULTS_HELP, FaultSyntaxError, format_faults, parse_faults
from mock_ndxp.faults.store import RuntimeFaultRule
from mock_ndxp.identifiers import SubsystemId
from mock_ndxp.members.auth import OperatorDep
from mock_ndxp.state import BusDep, BusState

router = APIRouter(tags=["admin"])


class FaultRuleIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"faults": "unavailable", "service": "XacThucCongDan", "for_seconds": 30},
                {"faults": "latency=500,rate_limited@0.2", "client": "VN/GOV/BNV/CSDLCBCCVC"},
            ]
        },
    )

    faults: str = Field(description=f"Fault list: {VALID_FAULTS_HELP}.")
    service: str | None = Field(
        default=None, description="Only this service (full id or bare service code)."
    )
    client: str | None = Field(default=None, description="Only calls from this client subsystem.")
    until: datetime | None = Field(default=None, description="In force until (ISO; naive = UTC).")
    for_seconds: float | None = Field(
        default=None, gt=0, description="In force for this many seconds (instead of `until`)."
    )


class FaultRuleOut(BaseModel):
    faults: str
    service: str | None
    client: str | None
    until: datetime | None
    created_at: datetime


class FaultState(BaseModel):
    config: str = Field(description="Faults from configuration (`CCVC_NDXP_FAULTS`).")
    runtime: list[FaultRuleOut] = Field(description="Rules in force, set through this endpoint.")
    header: str = Field(default=FAULT_HEADER, description="Per-request fault header.")
    valid_faults: str = VALID_FAULTS_HELP


def _state(bus: BusState) -> FaultState:
    return FaultState(
        config=format_faults(bus.config_faults),
        runtime=[
            FaultRuleOut(
                faults=rule.spec,
                service=rule.service,
                client=rule.client,
                until=rule.until,
                created_at=rule.created_at,
            )
            for rule in bus.runtime_faults.rules(bus.clock.now())
        ],
    )


def _bad(message: str, message_vi: str) -> errors.XRoadError:
    return errors.bad_request(message, message_vi)


def _rule(body: FaultRuleIn, bus: BusState) -> RuntimeFaultRule:
    try:
        faults = parse_faults(body.faults)
    except FaultSyntaxError as exc:
        raise invalid_faults(exc, "faults") from None
    if not faults:
        raise _bad(
            f"No fault given (use DELETE to clear). Valid faults: {VALID_FAULTS_HELP}",
            f"Chưa nêu lỗi giả lập (dùng DELETE để xoá). Các lỗi hợp lệ: {VALID_FAULTS_HELP}",
        )
    service = None
    if body.service is not None:
        found = bus.catalogue.resolve_service(body.service)
        if found is None:
            raise _bad(
                f"Unknown service {body.service!r}", f"Dịch vụ {body.service!r} không tồn tại"
            )
        service = str(found.id)
    client = None
    if body.client is not None:
        parsed = SubsystemId.parse(body.client)
        if parsed is None:
            raise _bad(
                "client must be INSTANCE/CLASS/MEMBER/SUBSYSTEM",
                "client phải có dạng INSTANCE/CLASS/MEMBER/SUBSYSTEM",
            )
        client = str(parsed)
    now = bus.clock.now()
    if body.until is not None and body.for_seconds is not None:
        raise _bad("Give either until or for_seconds", "Chỉ nêu một trong until hoặc for_seconds")
    until = body.until
    if until is not None and until.tzinfo is None:
        until = until.replace(tzinfo=UTC)
    if body.for_seconds is not None:
        until = now + timedelta(seconds=body.for_seconds)
    if until is not None and until <= now:
        raise _bad("until is in the past", "Thời điểm until đã qua")
    return RuntimeFaultRule(
        faults=faults,
        spec=format_faults(faults),
        service=service,
        client=client,
        until=until,
        created_at=now,
    )


@router.get(
    "/admin/faults",
    response_model=FaultState,
    summary="Faults in force (operators only)",
)
async def get_faults(bus: BusDep, _operator: OperatorDep) -> FaultState:
    return _state(bus)


@router.put(
    "/admin/faults",
    response_model=FaultState,
    summary="Set a runtime fault rule (operators only)",
    description=(
        "Adds the rule, replacing any rule with the same (service, client) scope. Faults apply "
        "to r1 service calls only and are recorded in the message log's `fault` column. "
        "/ Đặt lỗi giả lập trong một khoảng thời gian."
    ),
)
async def put_faults(body: FaultRuleIn, bus: BusDep, _operator: OperatorDep) -> FaultState:
    bus.runtime_faults.put(_rule(body, bus))
    return _state(bus)


@router.delete(
    "/admin/faults",
    response_model=FaultState,
    summary="Clear runtime fault rules (operators only)",
    description="All rules, or only those of the given service and/or client scope.",
)
async def delete_faults(
    bus: BusDep,
    _operator: OperatorDep,
    service: Annotated[str | None, Query(description="Full service id or code.")] = None,
    client: Annotated[str | None, Query()] = None,
) -> FaultState:
    service_id = None
    if service is not None:
        found = bus.catalogue.resolve_service(service)
        service_id = str(found.id) if found else service
    bus.runtime_faults.clear(service=service_id, client=client)
    return _state(bus)
