"""``POST /oauth/token``: OAuth2 client credentials (RFC 6749 section 4.4)."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import unquote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from ccvc.db import session_scope
from mock_ndxp.errors import OAuthError
from mock_ndxp.members.schemas import OAuthErrorBody, TokenResponse
from mock_ndxp.members.service import IssuedToken, authenticate_client, issue_token
from mock_ndxp.state import BusDep, BusState

router = APIRouter(tags=["members"])


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("Authorization", "")
    scheme, _, encoded = header.strip().partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise _invalid_client() from None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise _invalid_client()
    # RFC 6749 2.3.1: both parts are form-urlencoded before Basic encoding.
    return unquote(client_id.replace("+", " ")), unquote(secret.replace("+", " "))


def _invalid_client() -> OAuthError:
    return OAuthError(
        401,
        "invalid_client",
        "Client authentication failed",
        "Xác thực thành viên không thành công",
    )


def _invalid_request(description: str, description_vi: str) -> OAuthError:
    return OAuthError(400, "invalid_request", description, description_vi)


def _issue(bus: BusState, client_id: str, client_secret: str) -> IssuedToken:
    with session_scope(bus.settings.database_url) as session:
        member = authenticate_client(session, client_id, client_secret)
        if member is None:
            raise _invalid_client()
        return issue_token(
            session, member, now=bus.clock.now(), ttl_seconds=bus.settings.ndxp_token_ttl_seconds
        )


@router.post(
    "/oauth/token",
    response_model=TokenResponse,
    summary="Get a member access token (OAuth2 client credentials)",
    description=(
        "Form `grant_type=client_credentials`; the member's client id and secret either as HTTP "
        "Basic (`Authorization: Basic base64(client_id:client_secret)`) or as form fields "
        "`client_id` and `client_secret` (not both). Use the token as "
        "`Authorization: Bearer <token>` on `/r1/...` calls. / Cấp mã truy cập cho thành viên."
    ),
    responses={
        400: {
            "model": OAuthErrorBody,
            "description": "invalid_request, unsupported_grant_type",
            "content": {
                "application/json": {
                    "example": _invalid_request(
                        "client_id and client_secret are required",
                        "Thiếu client_id hoặc client_secret",
                    ).body()
                }
            },
        },
        401: {
            "model": OAuthErrorBody,
            "description": "invalid_client",
            "content": {"application/json": {"example": _invalid_client().body()}},
        },
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "required": ["grant_type"],
                        "properties": {
                            "grant_type": {"type": "string", "enum": ["client_credentials"]},
                            "client_id": {"type": "string"},
                            "client_secret": {"type": "string"},
                        },
                    },
                    "example": {
                        "grant_type": "client_credentials",
                        "client_id": "sandbox-member",
                        "client_secret": "sandbox-member-secret",
                    },
                }
            },
        }
    },
)
async def token(request: Request, bus: BusDep) -> JSONResponse:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        raise _invalid_request(
            "Send the parameters as application/x-www-form-urlencoded",
            "Gửi tham số dạng application/x-www-form-urlencoded",
        )
    form = await request.form()
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    grant_type = fields.get("grant_type")
    if not grant_type:
        raise _invalid_request("Missing grant_type", "Thiếu grant_type")
    if grant_type != "client_credentials":
        raise OAuthError(
            400,
            "unsupported_grant_type",
            "Only grant_type=client_credentials is supported",
            "Chỉ hỗ trợ grant_type=client_credentials",
        )
    basic = _basic_credentials(request)
    form_id, form_secret = fields.get("client_id"), fields.get("client_secret")
    if basic is not None and (form_id or form_secret):
        raise _invalid_request(
            "Use HTTP Basic or form credentials, not both",
            "Chỉ dùng một cách xác thực: HTTP Basic hoặc tham số form",
        )
    if basic is not None:
        client_id, client_secret = basic
    elif form_id and form_secret:
        client_id, client_secret = form_id, form_secret
    else:
        raise _invalid_client()
    issued = await run_in_threadpool(_issue, bus, client_id, client_secret)
    body = TokenResponse(access_token=issued.access_token, expires_in=issued.expires_in)
    return JSONResponse(
        body.model_dump(), headers={"Cache-Control": "no-store", "Pragma": "no-cache"}
    )
