"""Who may call: bearer-token principals, agency isolation and the operator role."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from ccvc.deps import ClockDep, DbSession
from ccvc.problems import Problem, not_found
from ccvc.ratelimit import TokenBucketLimiter, retry_after_seconds
from gateway.agencies.models import Agency
from gateway.agencies.service import agency_not_found, get_agency
from gateway.auth.service import Principal, authenticate, unauthorized
from gateway.conformance.observe import observe_client


def bearer_token(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Problem(
            401,
            "unauthorized",
            "A bearer access token is required (POST /v1/oauth/token)",
            title_vi="Cần mã truy cập (POST /v1/oauth/token)",
            headers={"WWW-Authenticate": 'Bearer realm="ccvc"'},
        )
    return token.strip()


def rate_limited(wait: float) -> Problem:
    seconds = retry_after_seconds(wait)
    return Problem(
        429,
        "rate-limited",
        "Too many requests from this client",
        title_vi="Ứng dụng gửi quá nhiều yêu cầu",
        detail=f"Retry after {seconds} s (Retry-After). Each client may make "
        "CCVC_RATE_LIMIT_PER_SECOND requests per second, with bursts of CCVC_RATE_LIMIT_BURST.",
        headers={"Retry-After": str(seconds)},
        retry_after_seconds=seconds,
    )


def current_principal(request: Request, session: DbSession, clock: ClockDep) -> Principal:
    token = bearer_token(request)

    def observe(client_id: str, agency_code: str | None) -> None:
        observe_client(request.state, client_id=client_id, agency_code=agency_code, token=token)

    principal = authenticate(session=session, clock=clock, token=token, on_owner=observe)
    limiter: TokenBucketLimiter | None = getattr(request.app.state, "limiter", None)
    wait = limiter.acquire(principal.client_id) if limiter is not None else None
    if wait is not None:
        raise rate_limited(wait)
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


def require_operator(principal: CurrentPrincipal) -> Principal:
    if not principal.is_operator:
        raise Problem(
            403,
            "operator-only",
            "This view is for operators of the ministry",
            title_vi="Chức năng dành cho cán bộ vận hành của Bộ",
        )
    return principal


OperatorPrincipal = Annotated[Principal, Depends(require_operator)]


def require_agency_access(principal: Principal, agency_code: str) -> None:
    """An agency sees only itself; anything else is reported as not found (no existence leak)."""
    if principal.is_operator or principal.agency_code == agency_code:
        return
    raise not_found()


def writable_agency(*, session: Session, principal: Principal, code: str) -> Agency:
    """The agency whose data `principal` may write: its own only (another's is a 404, as if
    it did not exist); operators read across agencies but never write."""
    require_agency_access(principal, code)
    if principal.is_operator:
        raise Problem(
            403,
            "agency-only",
            "Only the agency's own system writes its data",
            title_vi="Chỉ hệ thống của cơ quan mới được ghi dữ liệu của cơ quan",
        )
    agency = get_agency(session=session, code=code)
    if agency is None:
        raise agency_not_found(code)
    return agency


__all__ = [
    "CurrentPrincipal",
    "OperatorPrincipal",
    "current_principal",
    "require_agency_access",
    "require_operator",
    "unauthorized",
    "writable_agency",
]
