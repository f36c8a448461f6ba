"""Who is calling: bearer tokens, the ``X-Road-Client`` header, the operator role."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from ccvc.db import session_scope
from mock_ndxp import errors
from mock_ndxp.identifiers import SubsystemId
from mock_ndxp.members.service import Caller, TokenCheck, TokenProblem, check_token
from mock_ndxp.state import BusDep, BusState

CLIENT_HEADER = "X-Road-Client"

_PROBLEMS: dict[TokenProblem, tuple[str, str]] = {
    TokenProblem.MISSING: (
        "Missing access token (Authorization: Bearer <token>, from POST /oauth/token)",
        "Thiếu mã truy cập (Authorization: Bearer <token>, lấy tại POST /oauth/token)",
    ),
    TokenProblem.UNKNOWN: ("Invalid access token", "Mã truy cập không hợp lệ"),
    TokenProblem.EXPIRED: ("Access token expired", "Mã truy cập đã hết hạn"),
}


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _lookup(bus: BusState, token: str | None) -> TokenCheck:
    if token is None:
        return TokenCheck(None, TokenProblem.MISSING)
    with session_scope(bus.settings.database_url) as session:
        return check_token(session, token, now=bus.clock.now())


async def lookup_caller(request: Request, bus: BusState) -> TokenCheck:
    return await run_in_threadpool(_lookup, bus, bearer_token(request))


def require_caller(check: TokenCheck) -> Caller:
    """The caller, or 401."""
    if check.caller is not None:
        return check.caller
    problem = check.problem or TokenProblem.UNKNOWN
    message, message_vi = _PROBLEMS[problem]
    raise errors.unauthorized(message, message_vi, token_given=problem is not TokenProblem.MISSING)


def claimed_client(request: Request) -> SubsystemId | None:
    header = request.headers.get(CLIENT_HEADER)
    return SubsystemId.parse(header) if header else None


def require_client(request: Request, caller: Caller) -> SubsystemId:
    """The ``X-Road-Client`` subsystem, which must be the token's member (400 / 403)."""
    client = claimed_client(request)
    if client is None:
        raise errors.missing_client_header()
    if str(client) != caller.member_id:
        raise errors.client_mismatch(str(client))
    return client


async def current_operator(request: Request, bus: BusDep) -> Caller:
    """Dependency of ``/admin/*``: a bus operator's token (401, or 403 for other members)."""
    caller = require_caller(await lookup_caller(request, bus))
    if not caller.is_operator:
        raise errors.operator_required()
    return caller


OperatorDep = Annotated[Caller, Depends(current_operator)]
