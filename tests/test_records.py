"""Single-record API: read, upsert with ETag / If-Match, status change, history, isolation."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import Sandbox
from tests.support.agency import auth, staff_record_from_citizen, token_for

AGENCY = "UBND-048"


@pytest.fixture
def token(sandbox: Sandbox) -> str:
    return token_for(sandbox.base_url, sandbox.settings, agency=AGENCY)


def _citizen(sandbox: Sandbox, offset: int = 0) -> dict[str, object]:
    page = httpx.get(
        f"{sandbox.base_url}/dancu/sandbox/citizens", params={"limit": 1, "offset": offset}
    ).json()
    return dict(page["citizens"][0])


def _url(sandbox: Sandbox, person_id: object, suffix: str = "") -> str:
    return f"{sandbox.base_url}/v1/agencies/{AGENCY}/records/{person_id}{suffix}"


def test_create_read_update_with_etags(sandbox: Sandbox, token: str) -> None:
    citizen = _citizen(sandbox)
    record = staff_record_from_citizen(citizen, agency=AGENCY)
    url = _url(sandbox, citizen["person_id"])
    created = httpx.put(url, json=record, headers=auth(token), timeout=30)
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "accepted"
    assert created.headers["ETag"] == '"v1"'

    read = httpx.get(url, headers=auth(token))
    assert read.status_code == 200 and read.headers["ETag"] == '"v1"'
    body = read.json()
    assert body["data"]["full_name"] == citizen["full_name"]
    assert body["lineage"]["full_name"]["source"] == "api"
    assert body["lineage"]["full_name"]["confirmed"] is True

    changed = {**record, "position": "Phó Trưởng phòng"}
    no_precondition = httpx.put(url, json=changed, headers=auth(token), timeout=30)
    assert no_precondition.status_code == 428
    stale = httpx.put(url, json=changed, headers={**auth(token), "If-Match": '"v0"'}, timeout=30)
    assert stale.status_code == 412 and stale.json()["title_vi"]
    updated = httpx.put(url, json=changed, headers={**auth(token), "If-Match": '"v1"'}, timeout=30)
    assert updated.status_code == 200, updated.text
    assert updated.headers["ETag"] == '"v2"'
    again = httpx.put(url, json=changed, headers={**auth(token), "If-Match": '"v1"'}, timeout=30)
    assert again.status_code == 412, "a second write with the old ETag is stale"

    history = httpx.get(_url(sandbox, citizen["person_id"], "/history"), headers=auth(token)).json()
    assert [h["version"] for h in history] == [1, 2]
    assert history[1]["changes"] == {"position": ["Chuyên viên", "Phó Trưởng phòng"]}


def test_status_change(sandbox: Sandbox, token: str) -> None:
    citizen = _citizen(sandbox, 1)
    url = _url(sandbox, citizen["person_id"])
    httpx.put(
        url, json=staff_record_from_citizen(citizen, agency=AGENCY), headers=auth(token), timeout=30
    )
    retired = httpx.post(
        _url(sandbox, citizen["person_id"], "/status"),
        json={"employment_status": "retired"},
        headers={**auth(token), "If-Match": '"v1"'},
        timeout=30,
    )
    assert retired.status_code == 200, retired.text
    assert httpx.get(url, headers=auth(token)).json()["data"]["employment_status"] == "retired"
    bad = httpx.post(
        _url(sandbox, citizen["person_id"], "/status"),
        json={"employment_status": "fired"},
        headers={**auth(token), "If-Match": '"v2"'},
    )
    assert bad.status_code == 422


def test_records_are_isolated_and_validated(sandbox: Sandbox, token: str) -> None:
    citizen = _citizen(sandbox, 2)
    url = _url(sandbox, citizen["person_id"])
    httpx.put(
        url, json=staff_record_from_citizen(citizen, agency=AGENCY), headers=auth(token), timeout=30
    )
    other = token_for(sandbox.base_url, sandbox.settings, agency="UBND-031")
    assert httpx.get(url, headers=auth(other)).status_code == 404
    assert httpx.get(_url(sandbox, "000000000000"), headers=auth(token)).status_code == 404
    assert httpx.put(url, json={"full_name": "X"}, headers=auth(other)).status_code == 404
    mismatch = httpx.put(url, json={"person_id": "001075638153"}, headers=auth(token))
    assert mismatch.status_code == 422 and mismatch.json()["field"] == "person_id"
    malformed = httpx.put(_url(sandbox, "12345"), json={}, headers=auth(token))
    assert malformed.status_code == 422
    unknown = httpx.put(url, json={"salary": 1}, headers=auth(token))
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["field"] == "salary"


def test_empty_fields_are_supplemented_from_the_population_db(sandbox: Sandbox, token: str) -> None:
    citizen = _citizen(sandbox, 3)
    record = staff_record_from_citizen(citizen, agency=AGENCY)
    for name in ("ethnicity_code", "hometown_province", "permanent_address"):
        record[name] = None
    url = _url(sandbox, citizen["person_id"])
    created = httpx.put(url, json=record, headers=auth(token), timeout=30)
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "accepted"
    stored = httpx.get(url, headers=auth(token)).json()
    for name in ("ethnicity_code", "hometown_province", "permanent_address"):
        assert stored["data"][name] == citizen[name]
        assert stored["lineage"][name]["source"] == "population_db"
    assert stored["lineage"]["full_name"]["source"] == "api"


def test_registry_disagreement_is_kept_and_flagged(sandbox: Sandbox, token: str) -> None:
    citizen = _citizen(sandbox, 4)
    record = {
        **staff_record_from_citizen(citizen, agency=AGENCY),
        "permanent_address": "Số 9, phố Huế, Hà Nội",
    }
    url = _url(sandbox, citizen["person_id"])
    created = httpx.put(url, json=record, headers=auth(token), timeout=30).json()
    flagged = [f for f in created["findings"] if f["field"] == "permanent_address"]
    assert flagged and flagged[0]["severity"] == "warning"
    assert flagged[0]["expected"] == citizen["permanent_address"]
    stored = httpx.get(url, headers=auth(token)).json()
    assert stored["data"]["permanent_address"] == "Số 9, phố Huế, Hà Nội", (
        "never overwritten silently"
    )
