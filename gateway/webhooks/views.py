"""Webhook endpoints of an agency: register, list, delete, send a test, read the inbox and
the delivery log. Agencies manage their own; operators may read any agency's."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request, Response
from sqlalchemy import select

from ccvc.deps import ClockDep, DbSession, SettingsDep
from ccvc.problems import PROBLEM_CONTENT as PROBLEM
from gateway.auth.dependencies import CurrentPrincipal, require_agency_access, writable_agency
from gateway.conformance.observe import observe_detail
from gateway.webhooks import service
from gateway.webhooks.models import (
    AttemptRead,
    EndpointCreate,
    EndpointRead,
    EventType,
    MessageRead,
    TestSent,
    VerdictIn,
    WebhookAttempt,
    WebhookEndpoint,
)

router = APIRouter(tags=["webhooks"])

ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No or bad access token", **PROBLEM},
    404: {"description": "Unknown agency or endpoint, or not yours", **PROBLEM},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    403: {"description": "Operators read webhooks but do not change them", **PROBLEM},
    422: {"description": "Invalid body (e.g. a URL that is not http/https)", **PROBLEM},
}
BASE = "/v1/agencies/{code}/webhooks"


def _readable_endpoint(
    session: DbSession, principal: CurrentPrincipal, code: str, endpoint_id: str
) -> WebhookEndpoint:
    """The agency's endpoint, for the agency itself or an operator."""
    require_agency_access(principal, code)
    return service.owned_endpoint(session=session, agency_code=code, endpoint_id=endpoint_id)


def _writable_endpoint(
    session: DbSession, principal: CurrentPrincipal, code: str, endpoint_id: str
) -> WebhookEndpoint:
    agency = writable_agency(session=session, principal=principal, code=code)
    return service.owned_endpoint(session=session, agency_code=agency.code, endpoint_id=endpoint_id)


@router.post(
    BASE,
    status_code=201,
    summary="Register a webhook endpoint (or a built-in inbox)",
    description=(
        "Events are signed following the Standard Webhooks specification (`webhook-id`, "
        "`webhook-timestamp`, `webhook-signature` with the endpoint's `whsec_` secret), "
        "retried on the schedule `CCVC_WEBHOOK_RETRY_SCHEDULE` until the endpoint answers 2xx, "
        "and carry the same `webhook-id` on every retry: deduplicate by it. Without `url`, "
        "the endpoint is an inbox: read its messages with GET …/messages."
    ),
    responses={**WRITE_ERRORS, 409: {"description": "Too many endpoints", **PROBLEM}},
)
def create_endpoint(
    code: str,
    endpoint_in: Annotated[
        EndpointCreate,
        Body(
            openapi_examples={
                "url": {
                    "summary": "Deliver to the HR software",
                    "value": {
                        "url": "https://nhansu.example.vn/ccvc/webhooks",
                        "event_types": ["batch.completed", "record.rejected"],
                        "description": "Phần mềm quản lý nhân sự — môi trường thử",
                    },
                },
                "inbox": {
                    "summary": "A built-in inbox (no public URL)",
                    "value": {"description": "Hộp thư thử nghiệm"},
                },
            }
        ),
    ],
    principal: CurrentPrincipal,
    session: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
) -> EndpointRead:
    agency = writable_agency(session=session, principal=principal, code=code)
    endpoint = service.create_endpoint(
        session=session,
        clock=clock,
        agency_code=agency.code,
        endpoint_in=endpoint_in,
        block_private=settings.webhook_block_private_networks,
    )
    return service.to_read(endpoint)


@router.get(BASE, summary="The agency's webhook endpoints", responses=ERRORS)
def list_endpoints(
    code: str, principal: CurrentPrincipal, session: DbSession
) -> list[EndpointRead]:
    require_agency_access(principal, code)
    return [
        service.to_read(e) for e in service.active_endpoints(session=session, agency_codes=[code])
    ]


@router.delete(
    BASE + "/{endpoint_id}",
    status_code=204,
    summary="Delete a webhook endpoint (nothing more is delivered to it)",
    response_class=Response,
    responses=WRITE_ERRORS,
)
def delete_endpoint(
    code: str, endpoint_id: str, principal: CurrentPrincipal, session: DbSession, clock: ClockDep
) -> Response:
    endpoint = _writable_endpoint(session, principal, code, endpoint_id)
    endpoint.disabled_at = clock.now()
    return Response(status_code=204)


@router.post(
    BASE + "/{endpoint_id}/test",
    status_code=202,
    summary="Send a test pair: one correctly signed message, one forged",
    description=(
        "A receiver that verifies signatures answers 2xx to the first and 4xx to the second; "
        "for an inbox, verify both and report with POST …/messages/{event_id}/verification. "
        "This is the conformance report's `webhook-verified` behaviour."
    ),
    responses=WRITE_ERRORS,
)
def send_test(
    code: str,
    endpoint_id: str,
    request: Request,
    principal: CurrentPrincipal,
    session: DbSession,
    clock: ClockDep,
) -> TestSent:
    endpoint = _writable_endpoint(session, principal, code, endpoint_id)
    test_id, ids = service.send_test(session=session, clock=clock, endpoint=endpoint)
    observe_detail(request.state, test_id=test_id)
    return TestSent(test_id=test_id, event_ids=ids)


@router.get(
    BASE + "/{endpoint_id}/messages",
    summary="The endpoint's messages, newest first: the inbox",
    description="Each with the exact body and the signed headers, as a receiver would get them.",
    responses=ERRORS,
)
def list_messages(
    code: str,
    endpoint_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    type: Annotated[EventType | None, Query(description="Only this event type.")] = None,
) -> list[MessageRead]:
    endpoint = _readable_endpoint(session, principal, code, endpoint_id)
    found = service.messages(
        session=session, endpoint=endpoint, limit=limit, event_type=type.value if type else None
    )
    return [service.message_read(m, endpoint) for m in found]


@router.post(
    BASE + "/{endpoint_id}/messages/{event_id}/verification",
    summary="Report whether an inbox message's signature verified",
    responses=WRITE_ERRORS,
)
def report_verification(
    code: str,
    endpoint_id: str,
    event_id: str,
    verdict: VerdictIn,
    principal: CurrentPrincipal,
    session: DbSession,
    clock: ClockDep,
) -> MessageRead:
    endpoint = _writable_endpoint(session, principal, code, endpoint_id)
    message = service.record_verdict(
        session=session, clock=clock, endpoint=endpoint, event_id=event_id, valid=verdict.valid
    )
    return service.message_read(message, endpoint)


@router.get(
    BASE + "/{endpoint_id}/attempts",
    summary="The delivery log: every attempt, newest first",
    responses=ERRORS,
)
def list_attempts(
    code: str,
    endpoint_id: str,
    principal: CurrentPrincipal,
    session: DbSession,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[AttemptRead]:
    endpoint = _readable_endpoint(session, principal, code, endpoint_id)
    attempts = session.scalars(
        select(WebhookAttempt)
        .where(WebhookAttempt.endpoint_id == endpoint.id)
        .order_by(WebhookAttempt.id.desc())
        .limit(limit)
    )
    return [
        AttemptRead(
            event_id=a.event_id,
            number=a.number,
            at=a.at,
            status_code=a.status_code,
            error=a.error,
            duration_ms=a.duration_ms,
        )
        for a in attempts
    ]
