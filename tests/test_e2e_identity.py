"""Issue 3's promise, end to end over real HTTP on both databases: citizens taken from the
population sandbox verify through the NDXP bus with a member token, every persona gets its
documented verdict, and the population DB answers only the bus."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mock_ndxp.seeding import (
    OPERATOR_CLIENT_ID,
    OPERATOR_SECRET,
    SANDBOX_MEMBER_CLIENT_ID,
    SANDBOX_MEMBER_SECRET,
)
from tests.conftest import Sandbox

VERIFY = "/ndxp/r1/VN/GOV/BCA/CSDLQGDC/XacThucCongDan"
LOOKUP = "/ndxp/r1/VN/GOV/BCA/CSDLQGDC/TraCuuCongDan"
SANDBOX_MEMBER = "VN/GOV/SANDBOX/KIEMTHU"
SEX_WIRE = {"male": "Nam", "female": "Nữ"}


def bus_token(sandbox: Sandbox, client_id: str, secret: str) -> str:
    response = httpx.post(
        f"{sandbox.base_url}/ndxp/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(client_id, secret),
    )
    assert response.status_code == 200, response.text
    return str(response.json()["access_token"])


def call(
    sandbox: Sandbox, path: str, token: str, member: str, body: dict[str, Any]
) -> httpx.Response:
    return httpx.post(
        f"{sandbox.base_url}{path}",
        json=body,
        headers={"Authorization": f"Bearer {token}", "X-Road-Client": member},
        timeout=30,
    )


def test_sandbox_citizens_verify_through_the_bus(sandbox: Sandbox) -> None:
    citizens = httpx.get(f"{sandbox.base_url}/dancu/sandbox/citizens", params={"limit": 50}).json()[
        "citizens"
    ]
    assert len(citizens) == 50
    token = bus_token(sandbox, SANDBOX_MEMBER_CLIENT_ID, SANDBOX_MEMBER_SECRET)
    items = [
        {
            "SoDinhDanh": c["person_id"],
            "HoVaTen": c["full_name"],
            "NgayThangNamSinh": c["date_of_birth"],
            "GioiTinh": SEX_WIRE[c["sex"]],
        }
        for c in citizens
    ]
    response = call(
        sandbox, VERIFY, token, SANDBOX_MEMBER, {"MaYeuCau": "e2e-1", "DanhSach": items}
    )
    assert response.status_code == 200, response.text
    assert response.headers["X-Road-Service"] == "VN/GOV/BCA/CSDLQGDC/XacThucCongDan"
    assert response.headers["X-Road-Request-Id"]
    results = response.json()["KetQua"]
    assert [r["KetQua"] for r in results] == ["match"] * 50
    assert [r["SoDinhDanh"] for r in results] == [c["person_id"] for c in citizens]
    for citizen in citizens:  # a yes/no service: nothing of the registered identity comes back
        assert citizen["full_name"] not in response.text
        assert citizen["date_of_birth"] not in response.text


def test_every_persona_gets_its_documented_verdict_through_the_bus(sandbox: Sandbox) -> None:
    catalogue = httpx.get(f"{sandbox.base_url}/dancu/sandbox/personas").json()
    personas = catalogue["personas"]
    assert {p["id"] for p in personas} >= {
        "exact-match",
        "name-nfd",
        "name-old-tone-placement",
        "name-no-diacritics",
        "dob-day-month-swapped",
        "wrong-sex",
        "deceased",
        "not-in-population",
        "under-18",
        "cmnd-only",
        "past-retirement-age",
    }
    token = bus_token(sandbox, SANDBOX_MEMBER_CLIENT_ID, SANDBOX_MEMBER_SECRET)
    body = {
        "MaYeuCau": "e2e-personas",
        "NgayDoiChieu": catalogue["as_of"],
        "DanhSach": [p["verification_item"] for p in personas],
    }
    response = call(sandbox, VERIFY, token, SANDBOX_MEMBER, body)
    assert response.status_code == 200, response.text
    wire_field = {"full_name": "HoVaTen", "date_of_birth": "NgayThangNamSinh", "sex": "GioiTinh"}
    for persona, result in zip(personas, response.json()["KetQua"], strict=True):
        expected = persona["expected"]
        assert result["KetQua"] == expected["verification"], persona["id"]
        for field, verdict in expected["fields"].items():
            if verdict is not None:
                assert result["ChiTiet"][wire_field[field]]["KetQua"] == verdict, (
                    persona["id"],
                    field,
                )
        if expected["normalisations"]:
            assert result["ChiTiet"]["HoVaTen"]["ChuanHoa"] == expected["normalisations"], persona[
                "id"
            ]
        if persona["id"] == "cmnd-only":
            assert result["SoDinhDanh"] == persona["citizen"]["person_id"]

    verdicts = {p["id"]: p["expected"]["verification"] for p in personas}
    assert verdicts["name-nfd"] == verdicts["name-old-tone-placement"] == "match"
    assert verdicts["name-no-diacritics"] == "partial"
    assert verdicts["dob-day-month-swapped"] == verdicts["wrong-sex"] == "mismatch"
    assert verdicts["deceased"] == "deceased" and verdicts["not-in-population"] == "not_found"


def test_access_list_and_supplementary_lookup(sandbox: Sandbox) -> None:
    citizen = httpx.get(f"{sandbox.base_url}/dancu/sandbox/citizens", params={"limit": 1}).json()[
        "citizens"
    ][0]
    body = {"MaYeuCau": "e2e-lookup", "DanhSach": [{"SoDinhDanh": citizen["person_id"]}]}
    sandbox_token = bus_token(sandbox, SANDBOX_MEMBER_CLIENT_ID, SANDBOX_MEMBER_SECRET)
    denied = call(sandbox, LOOKUP, sandbox_token, SANDBOX_MEMBER, body)
    assert denied.status_code == 403
    assert denied.json()["type"] == "Server.ServerProxy.AccessDenied"
    assert denied.headers["X-Road-Error"] == "Server.ServerProxy.AccessDenied"

    settings = sandbox.settings
    gateway_token = bus_token(
        sandbox, settings.ndxp_gateway_client_id, settings.ndxp_gateway_client_secret
    )
    found = call(sandbox, LOOKUP, gateway_token, settings.ndxp_gateway_member, body)
    assert found.status_code == 200, found.text
    answer = found.json()["KetQua"][0]
    assert answer["TimThay"] is True
    assert answer["HoVaTen"]["DayDu"] == citizen["full_name"]
    assert answer["QueQuan"] == citizen["hometown_province"]


def test_population_db_answers_only_the_bus(sandbox: Sandbox) -> None:
    direct = httpx.post(
        f"{sandbox.base_url}/dancu/api/v1/xac-thuc", json={"MaYeuCau": "x", "DanhSach": []}
    )
    assert direct.status_code == 403
    assert direct.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("headers", "status", "error_type"),
    [
        ({}, 401, "Client.Unauthorized"),
        (
            {"Authorization": "Bearer nope", "X-Road-Client": SANDBOX_MEMBER},
            401,
            "Client.Unauthorized",
        ),
    ],
)
def test_bus_rejects_calls_without_a_valid_member_token(
    sandbox: Sandbox, headers: dict[str, str], status: int, error_type: str
) -> None:
    response = httpx.post(f"{sandbox.base_url}{VERIFY}", json={}, headers=headers)
    assert response.status_code == status
    assert response.json()["type"] == error_type


def test_message_log_keeps_no_personal_data(sandbox: Sandbox) -> None:
    persona = httpx.get(f"{sandbox.base_url}/dancu/sandbox/personas/exact-match").json()
    token = bus_token(sandbox, SANDBOX_MEMBER_CLIENT_ID, SANDBOX_MEMBER_SECRET)
    body = {"MaYeuCau": "e2e-log", "DanhSach": [persona["verification_item"]]}
    assert call(sandbox, VERIFY, token, SANDBOX_MEMBER, body).status_code == 200
    operator = bus_token(sandbox, OPERATOR_CLIENT_ID, OPERATOR_SECRET)
    log = httpx.get(
        f"{sandbox.base_url}/ndxp/admin/message-log",
        headers={
            "Authorization": f"Bearer {operator}",
            "X-Road-Client": "VN/GOV/BNV/NDXP-OPERATOR",
        },
    )
    assert log.status_code == 200, log.text
    text = log.text
    assert "XacThucCongDan" in text
    citizen = persona["citizen"]
    for value in (citizen["person_id"], citizen["full_name"], citizen["date_of_birth"]):
        assert value not in text
