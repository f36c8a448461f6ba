"""NDXP bus: fault injection by header, by operator at runtime, and by configuration."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from ccvc.settings import Settings
from mock_ndxp.faults.spec import FaultName, parse_faults
from mock_ndxp.main import create_app
from tests.support.ndxp import (
    GATEWAY_MEMBER,
    SANDBOX_MEMBER,
    XAC_THUC,
    Bus,
    prepare_database,
    running_bus,
    running_provider,
)

VALID_NAMES = [name.value for name in FaultName]


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return prepare_database(tmp_path_factory.mktemp("ndxp_faults"))


@pytest.fixture(scope="module")
def provider_url() -> Iterator[str]:
    with running_provider() as url:
        yield url


@pytest.fixture(scope="module")
def bus(db_url: str, provider_url: str) -> Iterator[Bus]:
    with running_bus(db_url, provider_url, ndxp_service_timeout_seconds=0.4) as bus:
        yield bus


@pytest.fixture(autouse=True)
def _no_runtime_faults(bus: Bus) -> Iterator[None]:
    yield
    httpx.delete(f"{bus.url}/admin/faults", headers=bus.operator_headers())


def _call(bus: Bus, fault: str | None = None, **extra: str) -> httpx.Response:
    headers = bus.gateway_headers(**extra)
    if fault is not None:
        headers["X-NDXP-Fault"] = fault
    return httpx.post(f"{bus.url}{XAC_THUC}", json={"a": 1}, headers=headers, timeout=10)


def test_latency_adds_delay_then_routes(bus: Bus) -> None:
    started = time.monotonic()
    response = _call(bus, "latency=300")
    assert response.status_code == 200 and response.json()["service"] == "xac-thuc"
    assert time.monotonic() - started >= 0.3


def test_rate_limited_fault(bus: Bus) -> None:
    response = _call(bus, "rate_limited")
    assert response.status_code == 429
    assert response.headers["retry-after"] == "2"
    assert response.json()["type"] == "Server.ServerProxy.RateLimited"
    assert _call(bus, "rate_limited=7").headers["retry-after"] == "7"


def test_unavailable_fault(bus: Bus) -> None:
    response = _call(bus, "unavailable")
    assert response.status_code == 503
    assert response.json()["type"] == "Server.ServerProxy.ServiceUnavailable"
    assert response.headers["x-road-error"] == "Server.ServerProxy.ServiceUnavailable"
    assert int(response.headers["retry-after"]) >= 1


def test_timeout_fault_waits_the_service_timeout(bus: Bus) -> None:
    started = time.monotonic()
    response = _call(bus, "timeout")
    assert time.monotonic() - started >= 0.4
    assert response.status_code == 504
    assert response.json()["type"] == "Server.ServerProxy.ServiceFailed.ReadTimeout"


def test_malformed_fault_corrupts_the_provider_body(bus: Bus) -> None:
    response = _call(bus, "malformed", **{"X-Road-Id": "malformed-1"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert "x-road-error" not in response.headers
    with pytest.raises(ValueError):
        json.loads(response.content)
    assert response.content.startswith(b'{"service":"xac-thuc"')


def test_provider_error_fault_is_not_a_bus_envelope(bus: Bus) -> None:
    response = _call(bus, "provider_error")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert "x-road-error" not in response.headers
    assert response.headers["x-road-service"].endswith("/XacThucCongDan")


def test_faults_combine(bus: Bus) -> None:
    started = time.monotonic()
    response = _call(bus, "latency=200, unavailable=3")
    assert time.monotonic() - started >= 0.2
    assert response.status_code == 503 and response.headers["retry-after"] == "3"
    assert _call(bus, "latency=1@0, unavailable@0").status_code == 200


@pytest.mark.parametrize(
    "fault", ["explode", "latency", "latency=abc", "timeout=3", "unavailable@2", "latency=-5"]
)
def test_bad_fault_is_400_listing_valid_names(bus: Bus, fault: str) -> None:
    response = _call(bus, fault)
    assert response.status_code == 400
    body = response.json()
    assert body["type"] == "Client.BadRequest"
    for name in VALID_NAMES:
        assert name in body["message"]


def test_faults_apply_only_to_service_calls(bus: Bus) -> None:
    headers = {**bus.gateway_headers(), "X-NDXP-Fault": "unavailable"}
    listing = httpx.get(f"{bus.url}/r1/VN/GOV/BCA/CSDLQGDC/listMethods", headers=headers)
    assert listing.status_code == 200


def test_runtime_faults_are_for_operators_only(bus: Bus) -> None:
    rule = {"faults": "unavailable"}
    assert httpx.put(f"{bus.url}/admin/faults", json=rule).status_code == 401
    denied = httpx.put(f"{bus.url}/admin/faults", json=rule, headers=bus.gateway_headers())
    assert denied.status_code == 403
    assert denied.json()["type"] == "Server.ServerProxy.AccessDenied"
    assert httpx.get(f"{bus.url}/admin/faults", headers=bus.sandbox_headers()).status_code == 403


def test_runtime_fault_for_a_while_scoped_to_service_and_client(bus: Bus) -> None:
    put = httpx.put(
        f"{bus.url}/admin/faults",
        json={
            "faults": "unavailable",
            "service": "XacThucCongDan",
            "client": GATEWAY_MEMBER,
            "for_seconds": 1.0,
        },
        headers=bus.operator_headers(),
    )
    assert put.status_code == 200, put.text
    state = put.json()
    assert state["runtime"][0]["service"] == "VN/GOV/BCA/CSDLQGDC/XacThucCongDan"
    assert state["runtime"][0]["client"] == GATEWAY_MEMBER
    assert _call(bus).status_code == 503
    other_client = httpx.post(f"{bus.url}{XAC_THUC}", json={}, headers=bus.sandbox_headers())
    assert other_client.status_code == 200
    time.sleep(1.05)
    assert _call(bus).status_code == 200
    assert (
        httpx.get(f"{bus.url}/admin/faults", headers=bus.operator_headers()).json()["runtime"] == []
    )


def test_runtime_fault_until_and_delete(bus: Bus) -> None:
    until = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
    put = httpx.put(
        f"{bus.url}/admin/faults",
        json={"faults": "rate_limited=4", "until": until},
        headers=bus.operator_headers(),
    )
    assert put.status_code == 200
    limited = httpx.post(f"{bus.url}{XAC_THUC}", json={}, headers=bus.sandbox_headers())
    assert limited.status_code == 429 and limited.headers["retry-after"] == "4"
    cleared = httpx.delete(f"{bus.url}/admin/faults", headers=bus.operator_headers())
    assert cleared.status_code == 200 and cleared.json()["runtime"] == []
    assert _call(bus).status_code == 200


@pytest.mark.parametrize(
    "rule",
    [
        {"faults": "nonsense"},
        {"faults": ""},
        {"faults": "unavailable", "service": "KhongCo"},
        {"faults": "unavailable", "client": "not-a-client"},
        {"faults": "unavailable", "until": "2000-01-01T00:00:00Z"},
    ],
)
def test_bad_runtime_rule_is_400(bus: Bus, rule: dict[str, str]) -> None:
    response = httpx.put(f"{bus.url}/admin/faults", json=rule, headers=bus.operator_headers())
    assert response.status_code == 400
    assert response.json()["type"] == "Client.BadRequest"


def test_configured_faults_with_seeded_probability(db_url: str, provider_url: str) -> None:
    seed = 1234
    with running_bus(db_url, provider_url, seed=seed, ndxp_faults="unavailable@0.5") as bus:
        statuses = [_call(bus).status_code for _ in range(16)]
        state = httpx.get(f"{bus.url}/admin/faults", headers=bus.operator_headers()).json()
    rng = random.Random(seed)
    expected = [503 if rng.random() < 0.5 else 200 for _ in range(16)]
    assert statuses == expected
    assert 200 in statuses and 503 in statuses
    assert state["config"] == "unavailable@0.5"
    assert SANDBOX_MEMBER  # the constant is shared with the other modules


def test_bad_configured_faults_refuse_to_start() -> None:
    with pytest.raises(ValueError, match="unknown fault"):
        create_app(Settings(database_url="sqlite://", ndxp_faults="explode@0.1"))
    assert [str(f) for f in parse_faults("unavailable@0.05,latency=200")] == [
        "unavailable@0.05",
        "latency=200",
    ]
