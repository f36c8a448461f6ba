"""`GET /v1/sandbox/conformance` (JSON) and the vendors' page `/sandbox` (scenarios, personas,
the conformance report)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse

from ccvc.deps import ClockDep, DbSession
from ccvc.problems import PROBLEM_CONTENT as PROBLEM
from ccvc.problems import Problem
from gateway.agencies.service import agency_not_found, get_agency
from gateway.auth.dependencies import CurrentPrincipal, require_agency_access
from gateway.conformance.models import ConformanceReport
from gateway.conformance.observe import ObservationBuffer
from gateway.conformance.service import report
from gateway.dashboard.views import PAGE_HEADERS

router = APIRouter(tags=["sandbox"])
STATIC = Path(__file__).parent / "static"


@router.get(
    "/v1/sandbox/conformance",
    summary="The conformance report: behaviours a vendor's system must show before going live",
    description=(
        "Each behaviour is `passed`, `failed` or `not_tried`, with the requests the sandbox "
        "observed from your agency as evidence (route templates and statuses, never personal "
        "data) and how to trigger it (`how_to_en` / `how_to_vi`, mostly a `Sandbox-Scenario`). "
        "The latest episode decides, so fixing your client turns a behaviour green. When every "
        "required behaviour has passed, `passed_at` is recorded: the onboarding step "
        "`sandbox_passed`. Agencies see their own report; operators name the agency."
    ),
    responses={
        401: {"description": "No or bad access token", **PROBLEM},
        404: {"description": "Unknown agency, or not yours", **PROBLEM},
        422: {"description": "Operators must give `agency`", **PROBLEM},
    },
)
def conformance(
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    clock: ClockDep,
    agency: Annotated[
        str | None,
        Query(
            max_length=32,
            description="The agency (operators; agencies: their own).",
            examples=["UBND-031"],
        ),
    ] = None,
) -> ConformanceReport:
    code = agency or principal.agency_code
    if code is None:
        raise Problem(
            422,
            "agency-required",
            "Operators must name the agency (?agency=CODE)",
            title_vi="Cán bộ vận hành cần chỉ rõ cơ quan (?agency=MÃ)",
            field="agency",
        )
    require_agency_access(principal, code)
    found = get_agency(session=session, code=code)
    if found is None:
        raise agency_not_found(code)
    buffer: ObservationBuffer | None = getattr(request.app.state, "observations", None)
    if buffer is not None:
        buffer.flush()  # the requests just made count
    return report(session=session, agency=found, now=clock.now())


@router.get("/sandbox", include_in_schema=False)
def sandbox_page() -> FileResponse:
    return FileResponse(
        STATIC / "index.html", media_type="text/html; charset=utf-8", headers=PAGE_HEADERS
    )
