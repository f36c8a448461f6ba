"""NDXP bus: OAuth2 client credentials, bearer tokens and the X-Road-Client check."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from sqlalchemy import update

from ccvc.db import session_scope
from ccvc.security import token_digest
from mock_ndxp.models import Member, MemberToken
from mock_ndxp.seeding import SANDBOX_MEMBER_CLIENT_ID, SANDBOX_MEMBER_SECRET, seed_bus
from tests.support.ndxp import (
    GATEWAY_ID,
    GATEWAY_MEMBER,
    GATEWAY_SECRET,
    SANDBOX_MEMBER,
    XAC_THUC,
    Bus,
    bus_settings,
    prepare_database,
    running_bus,
    running_provider,
)


@pytest.fixture(scope="module")
def bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bus]:
    db_url = prepare_database(tmp_path_factory.mktemp("ndxp_auth"))
    with running_provider() as provider_url, running_bus(db_url, provider_url) as bus:
        yield bus


def test_token_with_http_basic(bus: Bus) -> None:
    response = httpx.post(
        f"{bus.url}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(GATEWAY_ID, GATEWAY_SECRET),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == bus.settings.ndxp_token_ttl_seconds
    assert len(body["access_token"]) >= 32
    assert response.headers["cache-control"] == "no-store"


def test_token_with_form_fields_and_stored_hashed(bus: Bus) -> None:
    response = httpx.post(
        f"{bus.url}/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": SANDBOX_MEMBER_CLIENT_ID,
            "client_secret": SANDBOX_MEMBER_SECRET,
        },
    )
    assert response.status_code == 200
    token = response.json()["access_token"]
    with session_scope(bus.settings.database_url) as session:
        row = session.get(MemberToken, token_digest(token))
        assert row is not None and row.member_id == SANDBOX_MEMBER
        assert session.get(MemberToken, token) is None  # never stored in clear


@pytest.mark.parametrize(
    ("data", "auth"),
    [
        ({"grant_type": "client_credentials"}, (GATEWAY_ID, "wrong-secret")),
        ({"grant_type": "client_credentials"}, ("nobody", GATEWAY_SECRET)),
        ({"grant_type": "client_credentials", "client_id": GATEWAY_ID, "client_secret": "x"}, None),
        ({"grant_type": "client_credentials"}, None),
    ],
)
def test_bad_client_credentials_are_401_invalid_client(
    bus: Bus, data: dict[str, str], auth: tuple[str, str] | None
) -> None:
    response = httpx.post(f"{bus.url}/oauth/token", data=data, auth=auth)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response.headers["www-authenticate"].startswith("Basic")


def test_unsupported_grant_type(bus: Bus) -> None:
    response = httpx.post(
        f"{bus.url}/oauth/token",
        data={"grant_type": "password", "username": "a", "password": "b"},
        auth=(GATEWAY_ID, GATEWAY_SECRET),
    )
    assert response.status_code == 400
    assert response.json()["error"] == "unsupported_grant_type"


def test_missing_grant_type_and_json_body_are_invalid_request(bus: Bus) -> None:
    response = httpx.post(f"{bus.url}/oauth/token", data={}, auth=(GATEWAY_ID, GATEWAY_SECRET))
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"
    response = httpx.post(f"{bus.url}/oauth/token", json={"grant_type": "client_credentials"})
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"


def test_missing_and_bad_bearer_token_are_401(bus: Bus) -> None:
    response = httpx.post(
        f"{bus.url}{XAC_THUC}", json={}, headers={"X-Road-Client": GATEWAY_MEMBER}
    )
    assert response.status_code == 401
    assert response.json()["type"] == "Client.Unauthorized"
    assert response.headers["x-road-error"] == "Client.Unauthorized"
    assert response.headers["www-authenticate"].startswith("Bearer")
    response = httpx.post(
        f"{bus.url}{XAC_THUC}",
        json={},
        headers={"X-Road-Client": GATEWAY_MEMBER, "Authorization": "Bearer not-a-token"},
    )
    assert response.status_code == 401
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


def test_expired_token_is_401(bus: Bus) -> None:
    response = httpx.post(
        f"{bus.url}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(GATEWAY_ID, GATEWAY_SECRET),
    )
    token = response.json()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "X-Road-Client": GATEWAY_MEMBER}
    assert httpx.post(f"{bus.url}{XAC_THUC}", json={}, headers=headers).status_code == 200
    with session_scope(bus.settings.database_url) as session:
        session.execute(
            update(MemberToken)
            .where(MemberToken.token_hash == token_digest(token))
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )
    response = httpx.post(f"{bus.url}{XAC_THUC}", json={}, headers=headers)
    assert response.status_code == 401
    body = response.json()
    assert body["type"] == "Client.Unauthorized" and "expired" in body["message"]
    assert body["message_vi"]


@pytest.mark.parametrize("header", [None, "", "VN/GOV/BNV", "VN/GOV/BNV/CSDL/EXTRA", "VN//BNV/X"])
def test_missing_or_malformed_client_header_is_400(bus: Bus, header: str | None) -> None:
    headers = bus.gateway_headers()
    if header is None:
        del headers["X-Road-Client"]
    else:
        headers["X-Road-Client"] = header
    response = httpx.post(f"{bus.url}{XAC_THUC}", json={}, headers=headers)
    assert response.status_code == 400
    assert response.json()["type"] == "Client.InvalidClientIdentifier"


def test_client_header_of_another_member_is_403(bus: Bus) -> None:
    headers = bus.gateway_headers()
    headers["X-Road-Client"] = SANDBOX_MEMBER
    response = httpx.post(f"{bus.url}{XAC_THUC}", json={}, headers=headers)
    assert response.status_code == 403
    assert response.json()["type"] == "Client.InvalidClientIdentifier"
    assert response.headers["x-road-error"] == "Client.InvalidClientIdentifier"


def test_seed_is_idempotent_and_rehashes_a_changed_secret(bus: Bus) -> None:
    url = bus.settings.database_url
    with session_scope(url) as session:
        before = session.get(Member, GATEWAY_MEMBER)
        assert before is not None
        old_hash = before.secret_hash
    with session_scope(url) as session:
        seed_bus(
            session,
            bus_settings(
                url,
                "http://unused",
                ndxp_gateway_client_secret=GATEWAY_SECRET,
                ndxp_gateway_client_id=GATEWAY_ID,
            ),
        )
    with session_scope(url) as session:
        member = session.get(Member, GATEWAY_MEMBER)
        assert member is not None and member.secret_hash == old_hash
    changed = bus_settings(url, "http://unused", ndxp_gateway_client_secret="rotated-secret")
    try:
        with session_scope(url) as session:
            seed_bus(session, changed)
        ok = httpx.post(
            f"{bus.url}/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(GATEWAY_ID, "rotated-secret"),
        )
        assert ok.status_code == 200
        old = httpx.post(
            f"{bus.url}/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=(GATEWAY_ID, GATEWAY_SECRET),
        )
        assert old.status_code == 401
    finally:
        with session_scope(url) as session:
            seed_bus(session, bus_settings(url, "http://unused"))
