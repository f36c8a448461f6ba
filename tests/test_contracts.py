"""Contract tests on both sides of the gateway ↔ bus ↔ population DB link, from one recording
(`tests/contracts/population_db.json`, made by `python -m tests.support.contracts`):

- the gateway's client (`gateway.population.client`) against the recording, with respx;
- the real bus and population DB against the same recording, over HTTP.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import httpx
import pytest
import respx

from ccvc.settings import Settings
from gateway.population.client import BusUnavailable, IdentityQuery, PopulationClient
from tests.conftest import Sandbox
from tests.support.contracts import AS_OF, CONTRACT_FILE, shape

CONTRACTS: dict[str, Any] = json.loads(CONTRACT_FILE.read_text())
BUS = "http://bus.test/ndxp"
WIRE_SEX = {"Nam": "male", "Nữ": "female"}


def _client() -> PopulationClient:
    return PopulationClient(Settings(ndxp_url=BUS))


def _queries(items: list[dict[str, str]]) -> list[IdentityQuery]:
    return [
        IdentityQuery(
            person_id=i.get("SoDinhDanh"),
            old_id_number=i.get("SoCMND"),
            full_name=i.get("HoVaTen"),
            date_of_birth=i.get("NgayThangNamSinh"),
            sex=WIRE_SEX.get(i.get("GioiTinh", "")),
        )
        for i in items
    ]


def _token_route(router: respx.MockRouter) -> None:
    router.post(f"{BUS}/oauth/token").respond(
        200, json={"access_token": "t", "token_type": "Bearer", "expires_in": 3600}
    )


# --- the gateway's client against the recording --------------------------------------------


@respx.mock
def test_client_sends_the_recorded_request_and_maps_the_recorded_answer() -> None:
    exchange = CONTRACTS["verify_personas"]
    _token_route(respx.mock)
    route = respx.post(f"{BUS}{exchange['path']}").respond(200, json=exchange["response"])
    results = _client().verify(
        _queries(exchange["body"]["DanhSach"]), as_of=date.fromisoformat(AS_OF)
    )
    sent = json.loads(route.calls.last.request.content)
    assert sent["DanhSach"] == exchange["body"]["DanhSach"]
    assert sent["NgayDoiChieu"] == AS_OF
    assert route.calls.last.request.headers["X-Road-Client"] == Settings().ndxp_gateway_member
    assert route.calls.last.request.headers["Authorization"] == "Bearer t"
    recorded = exchange["response"]["KetQua"]
    assert [r.status for r in results] == [a["KetQua"] for a in recorded]
    for result, answer in zip(results, recorded, strict=True):
        if "HoVaTen" in (answer.get("ChiTiet") or {}):
            assert result.fields["full_name"] == answer["ChiTiet"]["HoVaTen"]["KetQua"]
            assert list(result.normalisations) == answer["ChiTiet"]["HoVaTen"].get("ChuanHoa", [])
        assert result.person_id == answer.get("SoDinhDanh")


@respx.mock
def test_client_maps_the_recorded_lookup() -> None:
    exchange = CONTRACTS["lookup_found"]
    _token_route(respx.mock)
    respx.post(f"{BUS}{exchange['path']}").respond(200, json=exchange["response"])
    ids = [i["SoDinhDanh"] for i in exchange["body"]["DanhSach"]]
    entries = _client().lookup(ids, as_of=date.fromisoformat(AS_OF))
    assert sorted(entries) == sorted(ids)
    for answer in exchange["response"]["KetQua"]:
        entry = entries[answer["SoDinhDanh"]]
        assert entry.values["full_name"] == answer["HoVaTen"]["DayDu"]
        assert entry.values["ethnicity_code"] == answer["DanToc"]
        assert entry.values["hometown_province"] == answer["QueQuan"]


@respx.mock
def test_client_turns_the_recorded_outage_into_a_retry_later() -> None:
    exchange = CONTRACTS["bus_unavailable"]
    _token_route(respx.mock)
    respx.post(f"{BUS}{exchange['path']}").respond(
        exchange["status"], json=exchange["response"], headers=exchange["headers"]
    )
    with pytest.raises(BusUnavailable) as excinfo:
        _client().verify(_queries([{"SoDinhDanh": "001075638153"}]), as_of=date(2026, 11, 23))
    assert excinfo.value.retry_after == float(exchange["headers"]["Retry-After"])
    assert excinfo.value.status == 503


@respx.mock
@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, content=b'{"KetQua": [{"ViTri": 0, "KetQ'),
        httpx.Response(200, json={"unexpected": True}),
        httpx.Response(429, headers={"Retry-After": "3"}, json={"type": "x"}),
        httpx.Response(504, json={"type": "Server.ServerProxy.ServiceFailed.ReadTimeout"}),
    ],
)
def test_client_never_passes_a_bad_answer(response: httpx.Response) -> None:
    _token_route(respx.mock)
    respx.post(f"{BUS}{CONTRACTS['verify_personas']['path']}").mock(return_value=response)
    with pytest.raises(BusUnavailable):
        _client().verify(_queries([{"SoDinhDanh": "001075638153"}]), as_of=date(2026, 11, 23))


@respx.mock
def test_client_renews_its_token_once_on_401() -> None:
    exchange = CONTRACTS["verify_personas"]
    tokens = respx.post(f"{BUS}/oauth/token").respond(
        200, json={"access_token": "t", "expires_in": 3600}
    )
    respx.post(f"{BUS}{exchange['path']}").mock(
        side_effect=[
            httpx.Response(401, json={"type": "Client.Unauthorized"}),
            httpx.Response(200, json=exchange["response"]),
        ]
    )
    results = _client().verify(
        _queries(exchange["body"]["DanhSach"]), as_of=date.fromisoformat(AS_OF)
    )
    assert len(results) == len(exchange["body"]["DanhSach"])
    assert tokens.call_count == 2


# --- the mocks against the same recording --------------------------------------------------


def _gateway_headers(sandbox: Sandbox) -> dict[str, str]:
    settings = sandbox.settings
    token = httpx.post(
        f"{sandbox.base_url}/ndxp/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(settings.ndxp_gateway_client_id, settings.ndxp_gateway_client_secret),
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}", "X-Road-Client": settings.ndxp_gateway_member}


@pytest.mark.parametrize("name", ["verify_personas", "lookup_found"])
def test_mocks_still_answer_as_recorded(sandbox: Sandbox, name: str) -> None:
    exchange = CONTRACTS[name]
    response = httpx.post(
        f"{sandbox.base_url}/ndxp{exchange['path']}",
        json=exchange["body"],
        headers=_gateway_headers(sandbox),
        timeout=30,
    )
    assert response.status_code == exchange["status"]
    assert shape(response.json()) == shape(exchange["response"])
    assert response.json() == exchange["response"], "a deterministic answer changed"


def test_bus_outage_still_answers_as_recorded(sandbox: Sandbox) -> None:
    exchange = CONTRACTS["bus_unavailable"]
    response = httpx.post(
        f"{sandbox.base_url}/ndxp{exchange['path']}",
        json=CONTRACTS["verify_personas"]["body"],
        headers={**_gateway_headers(sandbox), "X-NDXP-Fault": "unavailable=7"},
    )
    assert response.status_code == exchange["status"]
    assert response.headers["Retry-After"] == exchange["headers"]["Retry-After"]
    assert shape(response.json()) == shape(exchange["response"])
    assert response.json()["type"] == exchange["response"]["type"]
