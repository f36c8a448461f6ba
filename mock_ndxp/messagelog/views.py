"""``GET /admin/message-log``: the exchanges, for bus operators only."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query

from ccvc.deps import DbSession
from mock_ndxp.members.auth import OperatorDep
from mock_ndxp.messagelog.schemas import LogEntryOut, LogPage
from mock_ndxp.messagelog.service import LogQuery, read_log

router = APIRouter(tags=["admin"])


@router.get(
    "/admin/message-log",
    response_model=LogPage,
    summary="Read the message log (operators only)",
    description=(
        "Newest first. Metadata and hashes only: the log never holds a body, a query value or "
        "a personal header. Needs the bearer token of a member with role `operator` (sandbox: "
        "client id `ndxp-operator`). / Nhật ký trao đổi dữ liệu (chỉ đơn vị vận hành)."
    ),
)
def message_log(
    session: DbSession,
    _operator: OperatorDep,
    client: Annotated[str | None, Query(description="Client subsystem, exact.")] = None,
    service: Annotated[str | None, Query(description="Service id, or a bare service code.")] = None,
    status: Annotated[int | None, Query(ge=100, le=599)] = None,
    since: Annotated[datetime | None, Query(description="ISO 8601; naive means UTC.")] = None,
    before: Annotated[
        int | None, Query(ge=0, le=2**62, description="Cursor from `next_before`.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> LogPage:
    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    query = LogQuery(
        client=client, service=service, status=status, since=since, before=before, limit=limit
    )
    rows, next_before = read_log(session, query)
    return LogPage(entries=[LogEntryOut.model_validate(r) for r in rows], next_before=next_before)
