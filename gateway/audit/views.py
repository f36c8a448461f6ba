"""`GET /v1/audit`: the audit trail for operators."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query

from ccvc.deps import DbSession
from ccvc.problems import PROBLEM_CONTENT as PROBLEM
from gateway.audit.models import AuditPage
from gateway.audit.service import trail
from gateway.auth.dependencies import OperatorPrincipal

router = APIRouter(tags=["audit"])


def _aware(at: datetime | None) -> datetime | None:
    """An instant without a zone is taken as UTC."""
    return at.replace(tzinfo=UTC) if at is not None and at.tzinfo is None else at


@router.get(
    "/v1/audit",
    summary="Who read or changed which staff records, and when (operators)",
    description=(
        "Newest first. API operations on records (read, write, status, history, list, batch "
        "results, correction files) and every change of a record whatever its channel (from "
        "the records' history, batches and self-updates included). Page with `until`."
    ),
    responses={401: PROBLEM, 403: PROBLEM, 422: PROBLEM},
)
def audit_trail(
    _operator: OperatorPrincipal,
    session: DbSession,
    agency_code: Annotated[str | None, Query(max_length=32, examples=["UBND-031"])] = None,
    person_id: Annotated[str | None, Query(pattern=r"^\d{12}$")] = None,
    client_id: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[datetime | None, Query(description="From this instant (ISO 8601).")] = None,
    until: Annotated[datetime | None, Query(description="Before this instant.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> AuditPage:
    since, until = (_aware(since), _aware(until))
    items, next_until = trail(
        session,
        agency_code=agency_code,
        person_id=person_id,
        client_id=client_id,
        since=since,
        until=until,
        limit=limit,
    )
    return AuditPage(items=items, next_until=next_until)
