"""Credentials and tokens of the gateway (OAuth2 client credentials, RFC 6749 §4.4).

Client secrets are stored as argon2 hashes; access tokens are random, stored as SHA-256,
expire after `token_ttl_seconds` and can be revoked (RFC 7009).
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ccvc.clock import Clock
from ccvc.problems import Problem
from ccvc.security import hash_secret, new_client_id, new_secret, token_digest, verify_secret
from gateway.agencies.models import Agency
from gateway.auth.models import AccessToken, ApiClient, IssuedCredentials, Role, TokenResponse

SCOPES: dict[Role, frozenset[str]] = {
    Role.AGENCY: frozenset(
        {"registry:read", "batches:write", "batches:read", "records:read", "records:write"}
    ),
    Role.OPERATOR: frozenset({"registry:read", "dashboard:read", "agencies:read", "audit:read"}),
}


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: an agency client or an operator."""

    client_id: str
    role: Role
    agency_code: str | None
    scopes: frozenset[str]
    expires_at: datetime

    @property
    def is_operator(self) -> bool:
        return self.role is Role.OPERATOR


def oauth_problem(status: int, error: str, description: str, description_vi: str) -> Problem:
    """RFC 6749 §5.2 error members carried inside an RFC 9457 problem."""
    return Problem(
        status,
        f"oauth-{error.replace('_', '-')}",
        description,
        title_vi=description_vi,
        error=error,
        error_description=description,
    )


def issue_credentials(
    *,
    session: Session,
    clock: Clock,
    role: Role,
    agency_code: str | None = None,
    label: str | None = None,
) -> IssuedCredentials:
    if role is Role.AGENCY:
        if not agency_code or session.get(Agency, agency_code) is None:
            raise Problem(
                404,
                "agency-not-found",
                "No agency with this code",
                title_vi="Không có cơ quan với mã này",
                detail=f"Unknown agency code {agency_code!r}; GET /v1/agencies lists the codes.",
            )
    elif agency_code is not None:
        raise ValueError("operator credentials belong to no agency")
    prefix = agency_code.lower() if agency_code else "operator"
    client_id = new_client_id(prefix)
    secret = new_secret()
    session.add(
        ApiClient(
            client_id=client_id,
            secret_hash=hash_secret(secret),
            role=role.value,
            agency_code=agency_code,
            label=label,
            created_at=clock.now(),
        )
    )
    session.flush()
    return IssuedCredentials(
        client_id=client_id, client_secret=secret, role=role, agency_code=agency_code
    )


def revoke_clients(*, session: Session, clock: Clock, label: str) -> int:
    """Revoke every client issued under `label` (e.g. the previous `ccvc up` operator)."""
    result = session.execute(
        update(ApiClient)
        .where(ApiClient.label == label, ApiClient.revoked_at.is_(None))
        .values(revoked_at=clock.now())
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def _granted_scope(role: Role, requested: str | None) -> frozenset[str]:
    allowed = SCOPES[role]
    if not requested:
        return allowed
    wanted = frozenset(requested.split())
    unknown = wanted - allowed
    if unknown:
        raise oauth_problem(
            400,
            "invalid_scope",
            f"Scope not allowed for this client: {' '.join(sorted(unknown))}; "
            f"allowed: {' '.join(sorted(allowed))}",
            "Phạm vi (scope) không được phép cho ứng dụng này",
        )
    return wanted


def issue_token(
    *,
    session: Session,
    clock: Clock,
    client_id: str,
    client_secret: str,
    scope: str | None,
    ttl_seconds: int,
) -> TokenResponse:
    client = session.get(ApiClient, client_id)
    if (
        client is None
        or client.revoked_at is not None
        or not verify_secret(client.secret_hash, client_secret)
    ):
        raise oauth_problem(
            401,
            "invalid_client",
            "Client authentication failed: unknown client, wrong secret or revoked credentials",
            "Xác thực ứng dụng thất bại: sai mã, sai mật khẩu hoặc thông tin đã bị thu hồi",
        )
    granted = _granted_scope(Role(client.role), scope)
    token = secrets.token_urlsafe(32)
    now = clock.now()
    session.add(
        AccessToken(
            token_hash=token_digest(token),
            client_id=client.client_id,
            scope=" ".join(sorted(granted)),
            issued_at=now,
            expires_at=now + timedelta(seconds=ttl_seconds),
        )
    )
    return TokenResponse(
        access_token=token, expires_in=ttl_seconds, scope=" ".join(sorted(granted))
    )


def revoke_token(*, session: Session, clock: Clock, token: str) -> None:
    """RFC 7009: revoking an unknown or already revoked token is not an error."""
    row = session.get(AccessToken, token_digest(token))
    if row is not None and row.revoked_at is None:
        row.revoked_at = clock.now()


def authenticate(
    *,
    session: Session,
    clock: Clock,
    token: str,
    on_owner: Callable[[str, str | None], None] | None = None,
) -> Principal:
    """The principal of a valid token. `on_owner(client_id, agency_code)` hears whose token
    it is as soon as that is known — also for an expired or revoked one (conformance
    evidence: a client that keeps sending its expired token)."""
    row = session.execute(
        select(AccessToken, ApiClient)
        .join(ApiClient, ApiClient.client_id == AccessToken.client_id)
        .where(AccessToken.token_hash == token_digest(token))
    ).first()
    if row is None:
        raise unauthorized("invalid_token", "The access token is not valid")
    access, client = row
    if on_owner is not None:
        on_owner(client.client_id, client.agency_code)
    if access.revoked_at is not None or client.revoked_at is not None:
        raise unauthorized("invalid_token", "The access token has been revoked")
    if access.expires_at <= clock.now():
        raise unauthorized("invalid_token", "The access token has expired")
    return Principal(
        client_id=client.client_id,
        role=Role(client.role),
        agency_code=client.agency_code,
        scopes=frozenset(access.scope.split()),
        expires_at=access.expires_at,
    )


def unauthorized(error: str, description: str) -> Problem:
    vi = {
        "The access token is not valid": "Mã truy cập không hợp lệ",
        "The access token has been revoked": "Mã truy cập đã bị thu hồi",
        "The access token has expired": "Mã truy cập đã hết hạn",
    }.get(description, "Cần xác thực")
    return Problem(
        401,
        "unauthorized",
        description,
        title_vi=vi,
        headers={"WWW-Authenticate": f'Bearer realm="ccvc", error="{error}"'},
        error=error,
    )
