"""NDXP bus: metadata services (listMethods, allowedMethods, getOpenAPI, listClients), health."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from tests.support.ndxp import (
    GATEWAY_MEMBER,
    OPERATOR_MEMBER,
    PROVIDER,
    SANDBOX_MEMBER,
    Bus,
    prepare_database,
    running_bus,
    running_provider,
)
from tests.support.servers import free_port


@pytest.fixture(scope="module")
def db_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return prepare_database(tmp_path_factory.mktemp("ndxp_meta"))


@pytest.fixture(scope="module")
def bus(db_url: str) -> Iterator[Bus]:
    with running_provider() as provider_url, running_bus(db_url, provider_url) as bus:
        yield bus


def _codes(body: dict[str, list[dict[str, object]]]) -> list[object]:
    return [s["service_code"] for s in body["service"]]


def test_list_methods_lists_every_service(bus: Bus) -> None:
    response = httpx.get(f"{bus.url}{PROVIDER}/listMethods", headers=bus.sandbox_headers())
    assert response.status_code == 200
    body = response.json()
    assert _codes(body) == ["XacThucCongDan", "TraCuuCongDan"]
    first = body["service"][0]
    assert first == {
        "xroad_instance": "VN",
        "member_class": "GOV",
        "member_code": "BCA",
        "subsystem_code": "CSDLQGDC",
        "service_code": "XacThucCongDan",
        "object_type": "SERVICE",
        "service_type": "OPENAPI",
        "endpoint_list": [{"method": "POST", "path": "/"}],
    }


def test_allowed_methods_lists_only_what_the_caller_may_call(bus: Bus) -> None:
    sandbox = httpx.get(f"{bus.url}{PROVIDER}/allowedMethods", headers=bus.sandbox_headers())
    assert _codes(sandbox.json()) == ["XacThucCongDan"]
    gateway = httpx.get(f"{bus.url}{PROVIDER}/allowedMethods", headers=bus.gateway_headers())
    assert _codes(gateway.json()) == ["XacThucCongDan", "TraCuuCongDan"]


def test_metadata_needs_token_and_client(bus: Bus) -> None:
    assert httpx.get(f"{bus.url}{PROVIDER}/listMethods").status_code == 401
    headers = bus.gateway_headers()
    del headers["X-Road-Client"]
    missing = httpx.get(f"{bus.url}{PROVIDER}/allowedMethods", headers=headers)
    assert missing.status_code == 400
    unknown = httpx.get(f"{bus.url}/r1/VN/GOV/XYZ/ABC/listMethods", headers=bus.gateway_headers())
    assert unknown.status_code == 404
    assert unknown.json()["type"] == "Server.ServerProxy.UnknownService"
    # A POST to a metadata name is a service call to an unknown service, not metadata.
    post = httpx.post(f"{bus.url}{PROVIDER}/listMethods", json={}, headers=bus.gateway_headers())
    assert post.status_code == 404


def test_get_openapi_returns_the_service_slice(bus: Bus) -> None:
    response = httpx.get(
        f"{bus.url}{PROVIDER}/getOpenAPI",
        params={"serviceCode": "XacThucCongDan"},
        headers=bus.sandbox_headers(),
    )
    assert response.status_code == 200, response.text
    document = response.json()
    assert set(document["paths"]) == {"/", "/{rest}"}
    assert document["servers"][0]["url"] == (
        "http://bus.test/ndxp/r1/VN/GOV/BCA/CSDLQGDC/XacThucCongDan"
    )
    schemas = document["components"]["schemas"]
    assert {"YeuCauXacThuc", "CongDan"} <= set(schemas)
    assert "YeuCauTraCuu" not in schemas
    assert document["info"]["x-ndxp-service"] == "VN/GOV/BCA/CSDLQGDC/XacThucCongDan"

    tra_cuu = httpx.get(
        f"{bus.url}{PROVIDER}/getOpenAPI",
        params={"serviceCode": "TraCuuCongDan"},
        headers=bus.gateway_headers(),
    ).json()
    assert set(tra_cuu["paths"]) == {"/"}


def test_get_openapi_errors(bus: Bus) -> None:
    url = f"{bus.url}{PROVIDER}/getOpenAPI"
    missing = httpx.get(url, headers=bus.gateway_headers())
    assert missing.status_code == 400 and missing.json()["type"] == "Client.BadRequest"
    unknown = httpx.get(url, params={"serviceCode": "KhongCo"}, headers=bus.gateway_headers())
    assert unknown.status_code == 404


def test_get_openapi_of_unreachable_provider_is_502(db_url: str) -> None:
    with running_bus(db_url, f"http://127.0.0.1:{free_port()}") as dead:
        response = httpx.get(
            f"{dead.url}{PROVIDER}/getOpenAPI",
            params={"serviceCode": "XacThucCongDan"},
            headers=dead.gateway_headers(),
        )
        assert response.status_code == 502
        assert response.json()["type"] == "Server.ServerProxy.ServiceFailed.IOError"


def test_list_clients_has_ids_and_names_only(bus: Bus) -> None:
    response = httpx.get(f"{bus.url}/listClients")
    assert response.status_code == 200
    members = response.json()["member"]
    ids = {
        "/".join(
            m["id"][k] for k in ("xroad_instance", "member_class", "member_code", "subsystem_code")
        )
        for m in members
    }
    assert {GATEWAY_MEMBER, SANDBOX_MEMBER, OPERATOR_MEMBER, "VN/GOV/BCA/CSDLQGDC"} <= ids
    for member in members:
        assert set(member) == {"id", "name"}
        assert member["id"]["object_type"] == "SUBSYSTEM"
    assert "secret" not in response.text and "argon2" not in response.text


def test_healthz_and_openapi(bus: Bus) -> None:
    health = httpx.get(f"{bus.url}/healthz")
    assert health.status_code == 200 and health.json() == {"status": "ok", "database": "ok"}
    spec = httpx.get(f"{bus.url}/openapi.json").json()
    assert "/oauth/token" in spec["paths"]
    assert "/admin/message-log" in spec["paths"]
    assert (
        "/r1/{instance}/{member_class}/{member_code}/{subsystem_code}/listMethods" in spec["paths"]
    )
    call = spec["paths"][
        "/r1/{instance}/{member_class}/{member_code}/{subsystem_code}/{service_code}"
    ]
    assert {"get", "post", "put", "patch", "delete"} <= set(call)
    assert "X-Road-Client" in call["post"]["description"]
