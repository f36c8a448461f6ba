"""OAuth2 client credentials at the gateway: issuance, errors, expiry, revocation, roles."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
import pytest

from ccvc.clock import FixedClock
from ccvc.db import session_scope
from gateway.auth.models import Role
from gateway.auth.service import issue_credentials
from tests.conftest import Sandbox


def _issue(sandbox: Sandbox, role: Role, agency: str | None = None) -> dict[str, str]:
    from ccvc.clock import get_clock

    with session_scope(sandbox.settings.database_url) as session:
        issued = issue_credentials(
            session=session, clock=get_clock(), role=role, agency_code=agency
        )
    return {"client_id": issued.client_id, "client_secret": issued.client_secret}


def _token(sandbox: Sandbox, creds: dict[str, str], **extra: str) -> httpx.Response:
    return httpx.post(
        f"{sandbox.base_url}/v1/oauth/token",
        data={"grant_type": "client_credentials", **creds, **extra},
    )


def test_agency_token_and_whoami(sandbox: Sandbox) -> None:
    creds = _issue(sandbox, Role.AGENCY, "UBND-031")
    response = _token(sandbox, creds)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    me = httpx.get(
        f"{sandbox.base_url}/v1/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert me.status_code == 200
    assert me.json()["agency_code"] == "UBND-031" and me.json()["role"] == "agency"


def test_basic_auth_and_scope(sandbox: Sandbox) -> None:
    creds = _issue(sandbox, Role.OPERATOR)
    response = httpx.post(
        f"{sandbox.base_url}/v1/oauth/token",
        data={"grant_type": "client_credentials", "scope": "dashboard:read"},
        auth=(creds["client_id"], creds["client_secret"]),
    )
    assert response.status_code == 200
    assert response.json()["scope"] == "dashboard:read"
    bad_scope = _token(sandbox, creds, scope="batches:write")
    assert bad_scope.status_code == 400 and bad_scope.json()["error"] == "invalid_scope"


@pytest.mark.parametrize(
    ("data", "status", "error"),
    [
        ({"grant_type": "password"}, 400, "unsupported_grant_type"),
        ({"grant_type": "client_credentials"}, 401, "invalid_client"),
        (
            {"grant_type": "client_credentials", "client_id": "x", "client_secret": "y"},
            401,
            "invalid_client",
        ),
    ],
)
def test_token_errors_are_problems(
    sandbox: Sandbox, data: dict[str, str], status: int, error: str
) -> None:
    response = httpx.post(f"{sandbox.base_url}/v1/oauth/token", data=data)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["error"] == error
    assert response.json()["title_vi"]


def test_missing_form_field_is_422_problem(sandbox: Sandbox) -> None:
    response = httpx.post(f"{sandbox.base_url}/v1/oauth/token", data={})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "grant_type"


def test_wrong_secret_rejected(sandbox: Sandbox) -> None:
    creds = _issue(sandbox, Role.AGENCY, "BNV")
    response = _token(sandbox, {**creds, "client_secret": creds["client_secret"] + "x"})
    assert response.status_code == 401
    assert "WWW-Authenticate" not in response.headers  # no Basic prompt for a form client
    basic = httpx.post(
        f"{sandbox.base_url}/v1/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(creds["client_id"], creds["client_secret"] + "x"),
    )
    assert basic.status_code == 401
    assert basic.headers["WWW-Authenticate"] == 'Basic realm="ccvc"'


def test_bad_and_missing_bearer(sandbox: Sandbox) -> None:
    missing = httpx.get(f"{sandbox.base_url}/v1/me")
    assert missing.status_code == 401 and missing.json()["title_vi"]
    bad = httpx.get(f"{sandbox.base_url}/v1/me", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401 and bad.json()["error"] == "invalid_token"


def test_revoked_and_expired_tokens(sandbox: Sandbox, fixed_clock: FixedClock) -> None:
    creds = _issue(sandbox, Role.AGENCY, "VTV")
    token = _token(sandbox, creds).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert httpx.get(f"{sandbox.base_url}/v1/me", headers=headers).status_code == 200
    fixed_clock.advance(timedelta(seconds=3601))
    expired = httpx.get(f"{sandbox.base_url}/v1/me", headers=headers)
    assert expired.status_code == 401 and "expired" in expired.json()["title"]

    fresh = _token(sandbox, creds).json()["access_token"]
    assert (
        httpx.post(f"{sandbox.base_url}/v1/oauth/revoke", data={"token": fresh}).status_code == 200
    )
    revoked = httpx.get(f"{sandbox.base_url}/v1/me", headers={"Authorization": f"Bearer {fresh}"})
    assert revoked.status_code == 401 and "revoked" in revoked.json()["title"]


def test_unknown_agency_cannot_get_credentials(sandbox: Sandbox) -> None:
    from ccvc.clock import get_clock
    from ccvc.problems import Problem

    with pytest.raises(Problem) as excinfo, session_scope(sandbox.settings.database_url) as session:
        issue_credentials(session=session, clock=get_clock(), role=Role.AGENCY, agency_code="NOPE")
    assert excinfo.value.status == 404


def test_secrets_are_stored_hashed(sandbox: Sandbox) -> None:
    from sqlalchemy import select

    from gateway.auth.models import ApiClient

    creds = _issue(sandbox, Role.AGENCY, "BYT")
    with session_scope(sandbox.settings.database_url) as session:
        stored = session.scalars(select(ApiClient.secret_hash)).all()
    assert all(creds["client_secret"] not in h for h in stored)
    assert all(h.startswith("$argon2") for h in stored)
    assert json.dumps(creds)  # JSON-serialisable as the CLI prints it


def test_oversized_body_is_413_problem(sandbox: Sandbox) -> None:
    big = b"x" * (sandbox.settings.max_body_bytes + 1)
    response = httpx.post(
        f"{sandbox.base_url}/v1/oauth/token",
        content=big,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=60,
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["limit_bytes"] == sandbox.settings.max_body_bytes
