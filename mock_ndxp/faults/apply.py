"""Applying faults to an r1 call: collect them from the three sources, roll, and act."""

from __future__ import annotations

import asyncio

from fastapi import Request
from fastapi.responses import JSONResponse

from ccvc.problems import PROBLEM_MEDIA_TYPE, Problem
from mock_ndxp import errors
from mock_ndxp.faults.spec import (
    VALID_FAULTS_HELP,
    Fault,
    FaultName,
    FaultPlan,
    FaultSyntaxError,
    parse_faults,
    plan_faults,
)
from mock_ndxp.ratelimit import retry_after_seconds
from mock_ndxp.state import BusState

FAULT_HEADER = "X-NDXP-Fault"


def invalid_faults(exc: FaultSyntaxError, source: str) -> errors.XRoadError:
    return errors.bad_request(
        f"Invalid fault in {source}: {exc}. Valid faults: {VALID_FAULTS_HELP}",
        f"Lỗi giả lập không hợp lệ trong {source}: {exc}. Các lỗi hợp lệ: {VALID_FAULTS_HELP}",
    )


def header_faults(request: Request) -> tuple[Fault, ...]:
    try:
        return parse_faults(request.headers.get(FAULT_HEADER))
    except FaultSyntaxError as exc:
        raise invalid_faults(exc, FAULT_HEADER) from None


def plan_for(request: Request, bus: BusState, service_id: str, client: str) -> FaultPlan:
    """The fault plan of one call: header faults, then runtime rules, then configuration."""
    faults = (
        header_faults(request)
        + bus.runtime_faults.faults_for(service_id, client, bus.clock.now())
        + bus.config_faults
    )
    return plan_faults(faults, bus.rng) if faults else FaultPlan()


async def answer(fault: Fault, bus: BusState, service_id: str) -> JSONResponse:
    """Answer in the provider's place (raising the bus envelope for bus-side faults)."""
    if fault.name is FaultName.RATE_LIMITED:
        raise errors.rate_limited(retry_after_seconds(fault.amount))
    if fault.name is FaultName.UNAVAILABLE:
        raise errors.service_unavailable(service_id, retry_after_seconds(fault.amount))
    if fault.name is FaultName.TIMEOUT:
        seconds = bus.settings.ndxp_service_timeout_seconds
        await asyncio.sleep(seconds)
        raise errors.provider_timeout(service_id, seconds)
    # provider_error: what a failing provider answers, passed through (not a bus envelope).
    problem = Problem(
        500,
        "internal-error",
        "Internal error; the request was not applied",
        title_vi="Lỗi nội bộ; yêu cầu chưa được thực hiện",
        detail="Injected by the NDXP fault provider_error",
    )
    return JSONResponse(problem.body(), status_code=500, media_type=PROBLEM_MEDIA_TYPE)
