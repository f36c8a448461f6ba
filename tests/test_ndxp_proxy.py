"""NDXP bus: routing r1 calls to the provider over real HTTP, headers, errors, limits."""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace

import httpx
import pytest
from fastapi import FastAPI

from mock_ndxp.catalogue import Catalogue
from mock_ndxp.main import create_app
from tests.support.ndxp import (
    GATEWAY_MEMBER,
    PROVIDER_SECRET,
    SANDBOX_MEMBER,
    TRA_CUU,
    XAC_THUC,
    Bus,
    bus_settings,
    issue_token,
    prepare_database,
    running_bus,
    running_provider,
)
from tests.support.servers import free_port, serve


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return prepare_database(tmp_path_factory.mktemp("ndxp_proxy"))


@pytest.fixture(scope="module")
def provider_url() -> Iterator[str]:
    with running_provider() as url:
        yield url


@pytest.fixture(scope="module")
def bus(db_url: str, provider_url: str) -> Iterator[Bus]:
    with running_bus(db_url, provider_url, ndxp_service_timeout_seconds=0.5) as bus:
        yield bus


def _sha512_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha512(data).digest()).decode()


def test_successful_call_is_routed_with_all_headers(bus: Bus) -> None:
    body = b'{"MaYeuCau": "REQ-1", "DanhSach": []}'
    message_id = str(uuid.uuid4())
    headers = bus.gateway_headers(
        **{
            "Content-Type": "application/json",
            "X-Road-Id": message_id,
            "X-Road-UserId": "EE12345",
            "X-Road-Issue": "ISSUE-7",
            "X-NDXP-Fault": "",
        }
    )
    response = httpx.post(f"{bus.url}{XAC_THUC}", content=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["x-road-client"] == GATEWAY_MEMBER
    assert response.headers["x-road-service"] == "VN/GOV/BCA/CSDLQGDC/XacThucCongDan"
    assert response.headers["x-road-id"] == message_id
    request_id = response.headers["x-road-request-id"]
    assert uuid.UUID(request_id)
    assert response.headers["x-road-request-hash"] == _sha512_b64(body)
    assert "x-road-error" not in response.headers
    assert response.headers["x-provider-trace"] == "abc"  # provider headers pass through

    echo = response.json()
    assert echo["service"] == "xac-thuc" and echo["method"] == "POST"
    assert echo["path"] == "/api/v1/xac-thuc"
    assert echo["body"] == body.decode()
    seen = echo["headers"]
    assert seen["content-type"] == "application/json"
    assert seen["x-road-client"] == GATEWAY_MEMBER
    assert seen["x-road-id"] == message_id
    assert seen["x-road-userid"] == "EE12345"
    assert seen["x-road-issue"] == "ISSUE-7"
    assert seen["x-road-request-id"] == request_id
    assert seen["x-road-service"] == "VN/GOV/BCA/CSDLQGDC/XacThucCongDan"
    assert seen["authorization"] is None  # the member's token never reaches the provider
    assert seen["x-ndxp-fault"] is None


def test_message_id_is_generated_when_absent(bus: Bus) -> None:
    response = httpx.post(f"{bus.url}{XAC_THUC}", json={}, headers=bus.gateway_headers())
    assert response.status_code == 200
    assert uuid.UUID(response.headers["x-road-id"])
    assert response.headers["x-road-id"] != response.headers["x-road-request-id"]
    assert response.headers["x-road-request-hash"] == _sha512_b64(response.request.content)


def test_sub_path_and_query_are_forwarded(bus: Bus) -> None:
    response = httpx.get(
        f"{bus.url}{XAC_THUC}/a/b%20c?x=1&y=%C4%91",
        headers=bus.gateway_headers(),
    )
    assert response.status_code == 200
    echo = response.json()
    assert echo["path"] == "/api/v1/xac-thuc/a/b c"
    assert echo["query"] == "x=1&y=%C4%91"


def test_identifier_parts_are_percent_decoded_one_by_one(bus: Bus) -> None:
    encoded = f"{bus.url}/r1/VN/GOV/BCA/CSDLQGDC/Xac%54hucCongDan"
    response = httpx.post(encoded, json={}, headers=bus.gateway_headers())
    assert response.status_code == 200
    slash = f"{bus.url}/r1/VN/GOV/BCA%2FCSDLQGDC/X/XacThucCongDan"
    response = httpx.post(slash, json={}, headers=bus.gateway_headers())
    assert response.status_code == 400
    assert response.json()["type"] == "Client.BadRequest"
    short = httpx.post(f"{bus.url}/r1/VN/GOV", json={}, headers=bus.gateway_headers())
    assert short.status_code == 400 and short.json()["type"] == "Client.BadRequest"


def test_provider_errors_pass_through_unchanged(bus: Bus) -> None:
    response = httpx.post(f"{bus.url}{XAC_THUC}?status=409", json={}, headers=bus.gateway_headers())
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {"type": "about:blank", "title": "provider says no", "status": 409}
    assert "x-road-error" not in response.headers
    assert response.headers["x-road-service"].endswith("/XacThucCongDan")


@pytest.mark.parametrize(
    "path", ["/r1/VN/GOV/BCA/CSDLQGDC/KhongCo", "/r1/VN/GOV/BCA/KHAC/XacThucCongDan"]
)
def test_unknown_service_is_404(bus: Bus, path: str) -> None:
    response = httpx.post(f"{bus.url}{path}", json={}, headers=bus.gateway_headers())
    assert response.status_code == 404
    body = response.json()
    assert body["type"] == "Server.ServerProxy.UnknownService"
    assert response.headers["x-road-error"] == "Server.ServerProxy.UnknownService"
    assert set(body) >= {"type", "message", "detail"}
    assert body["detail"] == response.headers["x-road-request-id"]


def test_sandbox_member_is_denied_tra_cuu_but_may_call_xac_thuc(bus: Bus) -> None:
    denied = httpx.post(f"{bus.url}{TRA_CUU}", json={}, headers=bus.sandbox_headers())
    assert denied.status_code == 403
    body = denied.json()
    assert body["type"] == "Server.ServerProxy.AccessDenied"
    assert body["message"] == "Request is not allowed: SERVICE:VN/GOV/BCA/CSDLQGDC/TraCuuCongDan"
    assert uuid.UUID(body["detail"])
    assert denied.headers["x-road-client"] == SANDBOX_MEMBER
    allowed = httpx.post(f"{bus.url}{XAC_THUC}", json={}, headers=bus.sandbox_headers())
    assert allowed.status_code == 200
    gateway = httpx.post(f"{bus.url}{TRA_CUU}", json={}, headers=bus.gateway_headers())
    assert gateway.status_code == 200 and gateway.json()["service"] == "tra-cuu"


def test_oversized_body_is_413(bus: Bus) -> None:
    big = b"x" * (bus.settings.ndxp_max_body_bytes + 1)
    response = httpx.post(f"{bus.url}{XAC_THUC}", content=big, headers=bus.gateway_headers())
    assert response.status_code == 413
    assert response.json()["type"] == "Client.BadRequest"
    exact = b"y" * bus.settings.ndxp_max_body_bytes
    assert (
        httpx.post(f"{bus.url}{XAC_THUC}", content=exact, headers=bus.gateway_headers()).status_code
        == 200
    )


def test_slow_provider_is_504_read_timeout(bus: Bus) -> None:
    started = time.monotonic()
    response = httpx.post(f"{bus.url}{XAC_THUC}?sleep=1.5", json={}, headers=bus.gateway_headers())
    elapsed = time.monotonic() - started
    assert response.status_code == 504
    assert response.json()["type"] == "Server.ServerProxy.ServiceFailed.ReadTimeout"
    assert 0.45 <= elapsed < 1.4


def test_unreachable_provider_is_502(db_url: str) -> None:
    with running_bus(db_url, f"http://127.0.0.1:{free_port()}") as dead:
        response = httpx.post(f"{dead.url}{XAC_THUC}", json={}, headers=dead.gateway_headers())
        assert response.status_code == 502
        assert response.json()["type"] == "Server.ServerProxy.ServiceFailed.IOError"
        assert response.headers["x-road-error"] == "Server.ServerProxy.ServiceFailed.IOError"


def test_provider_refuses_calls_without_the_bus_token(db_url: str, provider_url: str) -> None:
    with running_bus(db_url, provider_url, ndxp_provider_secret="wrong") as bus:
        response = httpx.post(f"{bus.url}{XAC_THUC}", json={}, headers=bus.gateway_headers())
        assert response.status_code == 403  # the provider's own 403, passed through
        assert "x-road-error" not in response.headers
    direct = httpx.post(f"{provider_url}/api/v1/xac-thuc", json={})
    assert direct.status_code == 403
    assert PROVIDER_SECRET


def test_rate_limit_is_429_with_retry_after(db_url: str, provider_url: str) -> None:
    with running_bus(
        db_url, provider_url, ndxp_rate_limit_per_second=0.5, ndxp_rate_limit_burst=2
    ) as bus:
        headers = bus.gateway_headers()
        statuses = [httpx.post(f"{bus.url}{XAC_THUC}", json={}, headers=headers) for _ in range(3)]
        assert [r.status_code for r in statuses] == [200, 200, 429]
        limited = statuses[-1]
        assert limited.json()["type"] == "Server.ServerProxy.RateLimited"
        assert int(limited.headers["retry-after"]) >= 1
        # per member: the sandbox member still has its own bucket
        other = httpx.post(f"{bus.url}{XAC_THUC}", json={}, headers=bus.sandbox_headers())
        assert other.status_code == 200


def test_unknown_bus_path_and_method_are_envelopes(bus: Bus) -> None:
    response = httpx.get(f"{bus.url}/nothing-here")
    assert response.status_code == 404
    assert response.json()["type"] == "Client.BadRequest"
    response = httpx.get(f"{bus.url}/oauth/token")
    assert response.status_code == 405
    assert response.headers["x-road-error"] == "Client.BadRequest"


def test_works_mounted_under_ndxp_without_lifespan(db_url: str, provider_url: str) -> None:
    parent = FastAPI()
    bus_app = create_app(bus_settings(db_url, provider_url))
    parent.mount("/ndxp", bus_app)
    with serve(parent, ready_path="/ndxp/healthz") as url:
        base = f"{url}/ndxp"
        token = issue_token(base, "ccvc-gateway-test", "test-gateway-secret")
        headers = {"Authorization": f"Bearer {token}", "X-Road-Client": GATEWAY_MEMBER}
        response = httpx.post(
            f"{base}/r1/VN/GOV/BCA/CSDLQGDC/Xac%54hucCongDan/z", json={}, headers=headers
        )
        assert response.status_code == 200, response.text
        assert response.json()["path"] == "/api/v1/xac-thuc/z"
        assert httpx.get(f"{base}/openapi.json").status_code == 200


def test_unexpected_failure_is_an_internal_error_envelope(db_url: str, provider_url: str) -> None:
    with running_bus(db_url, provider_url) as bus:
        state = bus.app.state.bus
        provider = state.catalogue.providers[0]

        def broken(_settings: object) -> str:
            raise RuntimeError("boom")

        state.catalogue = Catalogue([replace(provider, base_url=broken)])
        response = httpx.post(f"{bus.url}{XAC_THUC}", json={}, headers=bus.gateway_headers())
        assert response.status_code == 500
        body = response.json()
        assert body["type"] == "Server.ServerProxy.InternalError"
        assert "boom" not in response.text and "Traceback" not in response.text
        assert response.headers["x-road-error"] == "Server.ServerProxy.InternalError"


def test_non_ascii_identifiers_are_echoed_header_safe() -> None:
    """Found by schemathesis: an identifier outside Latin-1 in the URL made the bus fail to
    write its X-Road-* response headers (a 500). It is now percent-encoded in the headers."""
    from mock_ndxp.proxy.views import header_safe

    assert header_safe("VN/GOV/BNV/CSDLCBCCVC") == "VN/GOV/BNV/CSDLCBCCVC"
    encoded = header_safe("\U0002de817ÆÚ/kØ/BCA/Ð/ª")
    encoded.encode("latin-1")
    assert encoded.isascii() and encoded.isprintable()
