"""The population DB app over real HTTP (uvicorn on loopback): services, sandbox, personas."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from ccvc.clock import FixedClock, set_clock
from ccvc.problems import PROBLEM_MEDIA_TYPE
from ccvc.settings import Settings
from mock_dancu.main import create_app
from tests.support.servers import serve

SECRET = "test-provider-secret"
TOKEN = {"X-NDXP-Provider-Token": SECRET}
AS_OF = date(2026, 11, 23)

PERSONA_IDS = [
    "exact-match",
    "name-nfd",
    "name-old-tone-placement",
    "name-no-diacritics",
    "name-uppercase",
    "name-mismatch",
    "dob-day-month-swapped",
    "dob-year-only",
    "wrong-sex",
    "deceased",
    "not-in-population",
    "under-18",
    "cmnd-only",
    "past-retirement-age",
]

FIELD_WIRE = {"full_name": "HoVaTen", "date_of_birth": "NgayThangNamSinh", "sex": "GioiTinh"}


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    set_clock(FixedClock(AS_OF))
    settings = Settings(ndxp_provider_secret=SECRET, dancu_seed=72, dancu_population=5_000_000)
    try:
        with (
            serve(create_app(settings), ready_path="/healthz") as base_url,
            httpx.Client(base_url=base_url, timeout=30) as http,
        ):
            yield http
    finally:
        set_clock(None)


@pytest.fixture(scope="module")
def personas(client: httpx.Client) -> dict[str, dict[str, Any]]:
    response = client.get("/sandbox/personas")
    assert response.status_code == 200
    body = response.json()
    assert body["as_of"] == AS_OF.isoformat()
    return {p["id"]: p for p in body["personas"]}


def verify(client: httpx.Client, items: list[dict[str, Any]], **extra: Any) -> httpx.Response:
    return client.post(
        "/api/v1/xac-thuc", json={"MaYeuCau": "TEST-1", "DanhSach": items, **extra}, headers=TOKEN
    )


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM_MEDIA_TYPE)
    body: dict[str, Any] = response.json()
    assert body["status"] == status and body["title"] and body["type"]
    return body


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def test_healthz(client: httpx.Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


# --- personas ------------------------------------------------------------------------------


def test_catalogue_lists_every_persona(personas: dict[str, dict[str, Any]]) -> None:
    assert list(personas) == PERSONA_IDS
    for persona in personas.values():
        assert persona["title_vi"] and persona["title_en"] and persona["description"]
        assert persona["record"]["full_name"] and persona["record"]["sex"] in ("male", "female")


@pytest.mark.parametrize("persona_id", PERSONA_IDS)
@pytest.mark.parametrize("as_of", ["2023-03-15", "2026-11-23", "2027-12-31"])
def test_persona_verifies_as_documented(
    client: httpx.Client, personas: dict[str, dict[str, Any]], persona_id: str, as_of: str
) -> None:
    persona = personas[persona_id]
    expected = persona["expected"]
    response = verify(client, [persona["verification_item"]], NgayDoiChieu=as_of)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["NgayDuLieu"] == as_of and body["SoLuong"] == 1
    (item,) = body["KetQua"]
    assert item["ViTri"] == 0
    assert item["KetQua"] == expected["verification"]
    assert item.get("SoDinhDanh") == expected["person_id"]
    details = item.get("ChiTiet") or {}
    assert {k: details[FIELD_WIRE[k]]["KetQua"] for k in expected["fields"]} == expected["fields"]
    assert len(details) == len(expected["fields"])
    if "HoVaTen" in details:
        assert details["HoVaTen"]["ChuanHoa"] == expected["normalisations"]
    for field, hint in expected["hints"].items():
        assert details[FIELD_WIRE[field]]["GoiY"] == hint
    if expected["verification"] == "deceased":
        assert item["NgayMat"] == expected["date_of_death"]
    else:
        assert "NgayMat" not in item


def test_persona_specifics(client: httpx.Client, personas: dict[str, dict[str, Any]]) -> None:
    assert personas["not-in-population"]["citizen"] is None
    ghost = personas["not-in-population"]["record"]["person_id"]
    assert_problem(client.get(f"/sandbox/citizens/{ghost}"), 404)

    no_marks = personas["name-no-diacritics"]
    assert "Đ" in no_marks["citizen"]["full_name"] and no_marks["record"]["full_name"].isascii()

    tone = personas["name-old-tone-placement"]
    assert tone["record"]["full_name"] != tone["citizen"]["full_name"]

    swapped = personas["dob-day-month-swapped"]
    born = date.fromisoformat(swapped["citizen"]["date_of_birth"])
    assert born.day <= 12 and born.day != born.month

    young = personas["under-18"]["citizen"]
    assert young["age"] < 18 and young["date_of_birth"] >= "2010-01-01"
    for day in ("2023-01-01", "2027-12-31"):
        again = client.get(f"/sandbox/citizens/{young['person_id']}", params={"as_of": day})
        assert again.status_code == 200 and again.json()["age"] < 18

    old = personas["past-retirement-age"]["citizen"]
    assert old["sex"] == "male" and old["life_status"] == "alive"
    assert "1955" <= old["date_of_birth"][:4] <= "1958"

    dead = personas["deceased"]["citizen"]
    assert dead["life_status"] == "deceased" and dead["date_of_death"] < "2022-01-01"

    cmnd = personas["cmnd-only"]
    assert set(cmnd["verification_item"]) == {"SoCMND", "HoVaTen", "NgayThangNamSinh", "GioiTinh"}
    assert cmnd["expected"]["person_id"] == cmnd["citizen"]["person_id"]

    one = client.get("/sandbox/personas/exact-match")
    assert one.status_code == 200 and one.json() == personas["exact-match"]
    assert_problem(client.get("/sandbox/personas/no-such-persona"), 404)


def test_verification_never_reveals_registered_name_or_birth_date(
    client: httpx.Client, personas: dict[str, dict[str, Any]]
) -> None:
    registered = [p["citizen"] for p in personas.values() if p["citizen"] is not None]
    items = [p["verification_item"] for p in personas.values()]
    # also send identifiers alone, so nothing sent could explain an echo
    items += [{"SoDinhDanh": c["person_id"]} for c in registered]
    body = verify(client, items).json()
    leaked = set(strings(body))
    for citizen in registered:
        assert citizen["full_name"] not in leaked
        assert citizen["given_name"] not in leaked
        assert citizen["date_of_birth"] not in leaked
    assert all(set(item) <= {"ViTri", "SoDinhDanh", "KetQua", "ChiTiet", "NgayMat", "LyDo"}
               for item in body["KetQua"])  # fmt: skip


# --- verification: batch rules ---------------------------------------------------------------


def test_per_item_errors_do_not_fail_the_batch(
    client: httpx.Client, personas: dict[str, dict[str, Any]]
) -> None:
    good = personas["exact-match"]["verification_item"]
    pid = good["SoDinhDanh"]
    items = [
        good,
        {"HoVaTen": "Nguyễn Văn A"},
        {"SoDinhDanh": "12345"},
        {"SoDinhDanh": "999085123456"},
        {"SoDinhDanh": pid, "NgayThangNamSinh": "23/11/1990"},
        {"SoDinhDanh": pid, "NgayThangNamSinh": "1990-02-30"},
        {"SoDinhDanh": pid, "GioiTinh": "M"},
        {"SoDinhDanh": pid, "HoVaTen": "   "},
        {"SoCMND": "12ab"},
    ]
    body = verify(client, items).json()
    results = body["KetQua"]
    assert [r["ViTri"] for r in results] == list(range(len(items)))
    assert results[0]["KetQua"] == "match"
    for result in results[1:]:
        assert result["KetQua"] == "invalid" and " / " in result["LyDo"]
        assert "ChiTiet" not in result
    assert body["TongHop"] == {"invalid": 8, "match": 1}


def test_both_identifiers(client: httpx.Client, personas: dict[str, dict[str, Any]]) -> None:
    citizen = personas["cmnd-only"]["citizen"]
    other = personas["past-retirement-age"]["citizen"]
    ok = {"SoDinhDanh": citizen["person_id"], "SoCMND": citizen["old_id_number"]}
    wrong = {"SoDinhDanh": citizen["person_id"], "SoCMND": other["old_id_number"]}
    results = verify(client, [ok, wrong]).json()["KetQua"]
    assert results[0]["KetQua"] == "match"
    assert results[0]["ChiTiet"]["SoCMND"]["KetQua"] == "match"
    assert results[1]["KetQua"] == "mismatch"
    assert results[1]["ChiTiet"]["SoCMND"]["KetQua"] == "mismatch"


def test_input_variants_accepted(client: httpx.Client, personas: dict[str, dict[str, Any]]) -> None:
    item = dict(personas["exact-match"]["verification_item"])
    item["GioiTinh"] = item["GioiTinh"].upper()
    item["HoVaTen"] = "  " + item["HoVaTen"].replace(" ", "  ") + " "
    (result,) = verify(client, [item]).json()["KetQua"]
    assert result["KetQua"] == "match"
    assert result["ChiTiet"]["HoVaTen"]["ChuanHoa"] == ["whitespace"]


def test_trailing_slash_and_default_as_of(
    client: httpx.Client, personas: dict[str, dict[str, Any]]
) -> None:
    response = client.post(
        "/api/v1/xac-thuc/",
        json={"MaYeuCau": "x", "DanhSach": [personas["deceased"]["verification_item"]]},
        headers=TOKEN,
    )
    assert response.status_code == 200
    assert response.json()["NgayDuLieu"] == AS_OF.isoformat()  # the fixed clock


def test_born_after_as_of_is_not_found(
    client: httpx.Client, personas: dict[str, dict[str, Any]]
) -> None:
    item = personas["under-18"]["verification_item"]
    (result,) = verify(client, [item], NgayDoiChieu="2009-12-31").json()["KetQua"]
    assert result["KetQua"] == "not_found"


def test_provider_token_required(client: httpx.Client) -> None:
    body = {"MaYeuCau": "x", "DanhSach": [{"SoDinhDanh": "001085012345"}]}
    for path in ("/api/v1/xac-thuc", "/api/v1/tra-cuu"):
        problem = assert_problem(client.post(path, json=body), 403)
        assert "NDXP" in problem["title"] and "NDXP" in problem["title_vi"]
        wrong = {"X-NDXP-Provider-Token": SECRET + "x"}
        assert_problem(client.post(path, json=body, headers=wrong), 403)
        # refused before the body is even read
        bad_body = client.post(
            path, content=b"{not json", headers={"content-type": "application/json"}
        )
        assert_problem(bad_body, 403)


def test_batch_limit(client: httpx.Client) -> None:
    items = [{"SoDinhDanh": "001085012345"}] * 1001
    for path in ("/api/v1/xac-thuc", "/api/v1/tra-cuu"):
        response = client.post(path, json={"MaYeuCau": "x", "DanhSach": items}, headers=TOKEN)
        problem = assert_problem(response, 413)
        assert problem["limit"] == 1000 and problem["field"] == "DanhSach"
    full = verify(client, [{"SoDinhDanh": "001085012345"}] * 1000)
    assert full.status_code == 200 and full.json()["SoLuong"] == 1000


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"MaYeuCau": "x", "DanhSach": []}, "DanhSach"),
        ({"DanhSach": [{"SoDinhDanh": "001085012345"}]}, "MaYeuCau"),
        ({"MaYeuCau": "x" * 41, "DanhSach": [{"SoDinhDanh": "001085012345"}]}, "MaYeuCau"),
        ({"MaYeuCau": "x", "DanhSach": [{"SoDinhDanh": 1085012345}]}, "DanhSach.0.SoDinhDanh"),
        ({"MaYeuCau": "x", "DanhSach": [{"SoDinhDanh": "0", "Foo": 1}]}, "DanhSach.0.Foo"),
        ({"MaYeuCau": "x", "DanhSach": [{"SoDinhDanh": "0"}], "Extra": 1}, "Extra"),
        ({"MaYeuCau": "x", "DanhSach": [{}], "NgayDoiChieu": "23/11/2026"}, "NgayDoiChieu"),
        ({"MaYeuCau": "x", "DanhSach": "001085012345"}, "DanhSach"),
        ([1, 2], "body"),
    ],
)
def test_bad_requests_are_422(client: httpx.Client, body: Any, field: str) -> None:
    for path in ("/api/v1/xac-thuc", "/api/v1/tra-cuu"):
        problem = assert_problem(client.post(path, json=body, headers=TOKEN), 422)
        assert field in [e["field"] for e in problem["errors"]], problem


def test_malformed_json_is_422(client: httpx.Client) -> None:
    response = client.post(
        "/api/v1/xac-thuc",
        content=b'{"MaYeuCau": "x", "DanhSach": [',
        headers={**TOKEN, "content-type": "application/json"},
    )
    assert_problem(response, 422)


# --- lookup ----------------------------------------------------------------------------------


def test_lookup(client: httpx.Client, personas: dict[str, dict[str, Any]]) -> None:
    alive = personas["exact-match"]["citizen"]
    dead = personas["deceased"]["citizen"]
    cmnd = personas["cmnd-only"]["citizen"]
    ghost = personas["not-in-population"]["record"]["person_id"]
    body = {
        "MaYeuCau": "TC-1",
        "NgayDoiChieu": "2026-11-23",
        "DanhSach": [
            {"SoDinhDanh": alive["person_id"]},
            {"SoDinhDanh": dead["person_id"]},
            {"SoCMND": cmnd["old_id_number"]},
            {"SoDinhDanh": ghost},
            {"SoDinhDanh": "abc"},
            {},
        ],
    }
    response = client.post("/api/v1/tra-cuu", json=body, headers=TOKEN)
    assert response.status_code == 200, response.text
    payload = response.json()
    assert payload["MaYeuCau"] == "TC-1" and payload["NgayDuLieu"] == "2026-11-23"
    first, second, third, fourth, fifth, sixth = payload["KetQua"]
    assert first["TimThay"] is True
    assert first["HoVaTen"] == {
        "Ho": alive["family_name"],
        "ChuDem": alive["middle_name"],
        "Ten": alive["given_name"],
        "DayDu": alive["full_name"],
    }
    assert first["NgayThangNamSinh"] == alive["date_of_birth"]
    assert first["GioiTinh"] == ("Nam" if alive["sex"] == "male" else "Nữ")
    assert first["DanToc"] == alive["ethnicity_code"]
    assert first["TonGiao"] == alive["religion"]
    assert first["QueQuan"] == alive["hometown_province"]
    assert first["ThuongTru"] == alive["permanent_address"]
    assert first["SoCMND"] == alive["old_id_number"]
    assert first["TrangThai"] == "con_song" and first["NgayMat"] is None
    assert second["TrangThai"] == "da_mat" and second["NgayMat"] == dead["date_of_death"]
    assert third["TimThay"] is True and third["SoDinhDanh"] == cmnd["person_id"]
    assert fourth["TimThay"] is False and fourth["LyDo"] is None and fourth["HoVaTen"] is None
    assert fifth["TimThay"] is False and " / " in fifth["LyDo"]
    assert sixth["TimThay"] is False and sixth["LyDo"]


# --- sandbox listing ----------------------------------------------------------------------------


def test_default_listing_is_working_age_and_alive(client: httpx.Client) -> None:
    body = client.get("/sandbox/citizens", params={"limit": 100}).json()
    assert body["as_of"] == AS_OF.isoformat() and body["count"] == 100
    citizens = body["citizens"]
    assert len(citizens) == 100 and len({c["person_id"] for c in citizens}) == 100
    for citizen in citizens:
        assert 18 <= citizen["age"] <= 59
        assert citizen["life_status"] == "alive" and citizen["date_of_death"] is None
    assert len({c["person_id"][:3] for c in citizens[:20]}) >= 8  # varied from the start
    assert {c["sex"] for c in citizens[:20]} == {"male", "female"}
    again = client.get("/sandbox/citizens", params={"limit": 100}).json()
    assert again == body
    following = client.get(
        "/sandbox/citizens", params={"limit": 100, "offset": body["next_offset"]}
    ).json()
    assert not {c["person_id"] for c in following["citizens"]} & {c["person_id"] for c in citizens}


def test_default_limit_and_citizen_fields(client: httpx.Client) -> None:
    body = client.get("/sandbox/citizens").json()
    assert body["count"] == 20
    citizen = body["citizens"][0]
    assert set(citizen) >= {
        "person_id", "full_name", "date_of_birth", "sex", "ethnicity_code", "hometown_province",
        "permanent_address", "life_status", "date_of_death", "family_name", "middle_name",
        "given_name", "religion", "old_id_number", "age",
    }  # fmt: skip
    one = client.get(f"/sandbox/citizens/{citizen['person_id']}")
    assert one.status_code == 200 and one.json() == citizen


def test_listing_filters(client: httpx.Client) -> None:
    dead = client.get(
        "/sandbox/citizens", params={"status": "deceased", "limit": 50, "min_age": 40}
    ).json()
    assert dead["count"] == 50
    for citizen in dead["citizens"]:
        assert citizen["life_status"] == "deceased" and citizen["date_of_death"] <= "2026-11-23"
        assert 40 <= citizen["age"] <= 59  # age at death
    params: dict[str, str | int] = {
        "province": "079",
        "sex": "female",
        "min_age": 30,
        "max_age": 35,
        "limit": 30,
    }
    chosen = client.get("/sandbox/citizens", params=params).json()
    assert chosen["count"] == 30
    for citizen in chosen["citizens"]:
        assert citizen["person_id"][:3] == "079" and citizen["person_id"][3] in "13"
        assert citizen["sex"] == "female" and 30 <= citizen["age"] <= 35
    replay = client.get("/sandbox/citizens", params={"as_of": "2023-03-01", "limit": 50}).json()
    assert replay["as_of"] == "2023-03-01"
    assert all(18 <= c["age"] <= 59 for c in replay["citizens"])
    any_status = client.get(
        "/sandbox/citizens", params={"status": "any", "min_age": 80, "max_age": 96, "limit": 200}
    ).json()
    assert {c["life_status"] for c in any_status["citizens"]} == {"alive", "deceased"}


def test_rare_filters_answer_quickly(client: httpx.Client) -> None:
    started = time.perf_counter()
    params: dict[str, str | int] = {
        "province": "006",
        "status": "deceased",
        "min_age": 18,
        "max_age": 25,
        "limit": 50,
    }
    body = client.get("/sandbox/citizens", params=params).json()
    assert time.perf_counter() - started < 5
    assert body["count"] < 50 and body["next_offset"] is None
    assert body["scan_budget_exhausted"] is True
    impossible = client.get("/sandbox/citizens", params={"min_age": 120, "max_age": 150}).json()
    assert impossible["count"] == 0 and impossible["next_offset"] is None


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 1001}, "limit"),
        ({"limit": "many"}, "limit"),
        ({"offset": -1}, "offset"),
        ({"status": "zombie"}, "status"),
        ({"sex": "x"}, "sex"),
        ({"province": "999"}, "province"),
        ({"province": "1"}, "province"),
        ({"min_age": 60, "max_age": 18}, "min_age"),
        ({"as_of": "2026-13-01"}, "as_of"),
    ],
)
def test_listing_rejects_bad_parameters(
    client: httpx.Client, params: dict[str, Any], field: str
) -> None:
    problem = assert_problem(client.get("/sandbox/citizens", params=params), 422)
    assert any(e["field"].endswith(field) for e in problem["errors"]), problem


def test_get_citizen_errors(client: httpx.Client) -> None:
    problem = assert_problem(client.get("/sandbox/citizens/12345"), 422)
    assert problem["errors"][0]["field"].endswith("person_id")
    assert_problem(client.get("/sandbox/citizens/003085123456"), 422)
    listed = client.get("/sandbox/citizens", params={"limit": 1}).json()["citizens"][0]
    born = listed["date_of_birth"]
    before = date.fromisoformat(born).replace(day=1, month=1).isoformat()
    if before < born:
        response = client.get(f"/sandbox/citizens/{listed['person_id']}", params={"as_of": before})
        assert_problem(response, 404)


# --- documentation and mounting ---------------------------------------------------------------


def test_openapi_documents_services_and_errors(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    verify_op = spec["paths"]["/api/v1/xac-thuc"]["post"]
    for status in ("403", "413", "422"):
        assert PROBLEM_MEDIA_TYPE in verify_op["responses"][status]["content"]
    assert verify_op["summary"] and "XacThucCongDan" in verify_op["description"]
    assert "/api/v1/tra-cuu" in spec["paths"] and "/sandbox/personas" in spec["paths"]
    assert "min_age" in spec["paths"]["/sandbox/citizens"]["get"]["description"]
    assert "NdxpProviderToken" in spec["components"]["securitySchemes"]
    assert "/api/v1/xac-thuc/" not in spec["paths"]
    assert client.get("/docs").status_code == 200


def test_works_when_mounted_under_dancu() -> None:
    parent = FastAPI()
    parent.mount("/dancu", create_app(Settings(ndxp_provider_secret=SECRET, dancu_population=1000)))
    with serve(parent, ready_path="/dancu/healthz") as base_url:
        personas = httpx.get(f"{base_url}/dancu/sandbox/personas", timeout=30)
        assert personas.status_code == 200
        body = personas.json()
        assert body["population_size"] == 1000
        item = body["personas"][0]["verification_item"]
        response = httpx.post(
            f"{base_url}/dancu/api/v1/xac-thuc",
            json={"MaYeuCau": "m", "DanhSach": [item]},
            headers=TOKEN,
            timeout=30,
        )
        assert response.status_code == 200
        assert (
            response.json()["KetQua"][0]["KetQua"]
            == body["personas"][0]["expected"]["verification"]
        )
