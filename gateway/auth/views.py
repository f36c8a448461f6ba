"""OAuth2 token endpoint (client credentials), revocation and `whoami`."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from pydantic import BaseModel

from ccvc.deps import ClockDep, DbSession, SettingsDep
from ccvc.problems import PROBLEM_CONTENT as PROBLEM
from ccvc.problems import Problem
from gateway.auth import service
from gateway.auth.dependencies import CurrentPrincipal
from gateway.auth.models import ApiClient, TokenResponse
from gateway.conformance.observe import observe_client

router = APIRouter(tags=["auth"])


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    return (client_id, secret) if sep else None


@router.post(
    "/v1/oauth/token",
    summary="Get an access token (OAuth2 client credentials)",
    description=(
        "Form-encoded `grant_type=client_credentials` with `client_id` and `client_secret` "
        "(or HTTP Basic). Credentials come from `ccvc credentials issue --agency CODE`. "
        "Errors carry RFC 6749 `error` members inside problem+json."
    ),
    responses={400: PROBLEM, 401: PROBLEM},
)
def token(
    request: Request,
    session: DbSession,
    clock: ClockDep,
    settings: SettingsDep,
    grant_type: Annotated[str, Form(max_length=64, examples=["client_credentials"])],
    client_id: Annotated[str | None, Form(max_length=200)] = None,
    client_secret: Annotated[str | None, Form(max_length=500)] = None,
    scope: Annotated[str | None, Form(max_length=500)] = None,
) -> TokenResponse:
    if grant_type != "client_credentials":
        raise service.oauth_problem(
            400,
            "unsupported_grant_type",
            "Only grant_type=client_credentials is supported",
            "Chỉ hỗ trợ grant_type=client_credentials",
        )
    basic = _basic_credentials(request)
    if basic is not None:
        client_id, client_secret = basic
    try:
        if not client_id or not client_secret:
            raise service.oauth_problem(
                401,
                "invalid_client",
                "client_id and client_secret are required (form fields or HTTP Basic)",
                "Thiếu client_id và client_secret",
            )
        issued = service.issue_token(
            session=session,
            clock=clock,
            client_id=client_id,
            client_secret=client_secret,
            scope=scope,
            ttl_seconds=settings.token_ttl_seconds,
        )
        owner = session.get(ApiClient, client_id)  # already loaded: no query
        if owner is not None:
            observe_client(
                request.state,
                client_id=owner.client_id,
                agency_code=owner.agency_code,
                token=issued.access_token,
            )
        return issued
    except Problem as problem:
        # RFC 6749 §5.2: challenge with the scheme the client tried. A form-body client gets
        # no Basic challenge, which would make a browser open its own password prompt.
        if problem.status == 401 and basic is not None:
            problem.headers["WWW-Authenticate"] = 'Basic realm="ccvc"'
        raise


@router.post(
    "/v1/oauth/revoke",
    summary="Revoke an access token (RFC 7009)",
    status_code=200,
    response_class=Response,
)
def revoke(
    session: DbSession,
    clock: ClockDep,
    token: Annotated[str, Form(max_length=500)],
) -> Response:
    service.revoke_token(session=session, clock=clock, token=token)
    return Response(status_code=200)


class WhoAmI(BaseModel):
    client_id: str
    role: str
    agency_code: str | None
    scope: str
    expires_at: datetime


@router.get("/v1/me", summary="Who the access token belongs to", responses={401: PROBLEM})
def whoami(principal: CurrentPrincipal) -> WhoAmI:
    return WhoAmI(
        client_id=principal.client_id,
        role=principal.role.value,
        agency_code=principal.agency_code,
        scope=" ".join(sorted(principal.scopes)),
        expires_at=principal.expires_at,
    )
