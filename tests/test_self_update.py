"""The VNeID channel: a staff member proposes changes; they count only once confirmed."""

from __future__ import annotations

import httpx

from tests.conftest import Sandbox
from tests.support.agency import auth, staff_record_from_citizen, token_for

AGENCY = "UBND-002"


def test_self_update_held_until_confirmed(sandbox: Sandbox) -> None:
    base = sandbox.base_url
    citizen = httpx.get(f"{base}/dancu/sandbox/citizens", params={"limit": 1}).json()["citizens"][0]
    agency = token_for(base, sandbox.settings, agency=AGENCY)
    record_url = f"{base}/v1/agencies/{AGENCY}/records/{citizen['person_id']}"
    created = httpx.put(
        record_url,
        json=staff_record_from_citizen(citizen, agency=AGENCY),
        headers=auth(agency),
        timeout=30,
    )
    assert created.status_code == 201, created.text

    issued = httpx.post(
        f"{base}/dancu/sandbox/vneid/token", json={"person_id": citizen["person_id"]}
    )
    assert issued.status_code == 200, issued.text
    me = {"Authorization": f"Bearer {issued.json()['access_token']}"}
    mine = httpx.get(f"{base}/v1/self/records", headers=me).json()
    assert [r["agency_code"] for r in mine] == [AGENCY]

    new_address = "Số 5, đường Trần Phú, phường Minh Khai, Hà Giang"
    proposed = httpx.post(
        f"{base}/v1/self/updates",
        json={"agency_code": AGENCY, "changes": {"permanent_address": new_address}},
        headers=me,
    )
    assert proposed.status_code == 201, proposed.text
    assert proposed.json()["status"] == "unconfirmed"
    # not yet part of the record
    assert (
        httpx.get(record_url, headers=auth(agency)).json()["data"]["permanent_address"]
        != new_address
    )

    forbidden = httpx.post(
        f"{base}/v1/self/updates",
        json={"agency_code": AGENCY, "changes": {"full_name": "Ai Đó"}},
        headers=me,
    )
    assert forbidden.status_code == 422 and forbidden.json()["field"] == "full_name"

    queue = httpx.get(f"{base}/v1/agencies/{AGENCY}/self-updates", headers=auth(agency)).json()
    assert [u["id"] for u in queue] == [proposed.json()["id"]]
    confirmed = httpx.post(
        f"{base}/v1/agencies/{AGENCY}/self-updates/{proposed.json()['id']}/confirm",
        headers=auth(agency),
        timeout=30,
    )
    assert confirmed.status_code == 200, confirmed.text
    record = httpx.get(record_url, headers=auth(agency)).json()
    assert record["data"]["permanent_address"] == new_address
    assert record["lineage"]["permanent_address"]["source"] == "self_update"
    assert record["lineage"]["permanent_address"]["confirmed"] is True
    again = httpx.post(
        f"{base}/v1/agencies/{AGENCY}/self-updates/{proposed.json()['id']}/reject",
        headers=auth(agency),
    )
    assert again.status_code == 409
    statuses = [u["status"] for u in httpx.get(f"{base}/v1/self/updates", headers=me).json()]
    assert statuses == ["confirmed"]


def test_rejected_self_update_leaves_record_untouched(sandbox: Sandbox) -> None:
    base = sandbox.base_url
    citizen = httpx.get(f"{base}/dancu/sandbox/citizens", params={"limit": 1, "offset": 5}).json()[
        "citizens"
    ][0]
    agency = token_for(base, sandbox.settings, agency=AGENCY)
    record_url = f"{base}/v1/agencies/{AGENCY}/records/{citizen['person_id']}"
    httpx.put(
        record_url,
        json=staff_record_from_citizen(citizen, agency=AGENCY),
        headers=auth(agency),
        timeout=30,
    )
    token = httpx.post(
        f"{base}/dancu/sandbox/vneid/token", json={"person_id": citizen["person_id"]}
    ).json()
    me = {"Authorization": f"Bearer {token['access_token']}"}
    proposed = httpx.post(
        f"{base}/v1/self/updates",
        json={"agency_code": AGENCY, "changes": {"religion": "Phật giáo"}},
        headers=me,
    ).json()
    before = httpx.get(record_url, headers=auth(agency)).json()
    rejected = httpx.post(
        f"{base}/v1/agencies/{AGENCY}/self-updates/{proposed['id']}/reject",
        json={"note": "Không có giấy tờ"},
        headers=auth(agency),
    )
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert httpx.get(record_url, headers=auth(agency)).json() == before
    other = token_for(base, sandbox.settings, agency="UBND-004")
    assert (
        httpx.get(f"{base}/v1/agencies/{AGENCY}/self-updates", headers=auth(other)).status_code
        == 404
    )


def test_vneid_tokens_are_checked(sandbox: Sandbox) -> None:
    base = sandbox.base_url
    assert httpx.get(f"{base}/v1/self/records").status_code == 401
    forged = httpx.get(f"{base}/v1/self/records", headers={"Authorization": "Bearer vneid.eyJ9.x"})
    assert forged.status_code == 401 and forged.json()["code"] == "vneid-invalid"
    missing = httpx.post(f"{base}/dancu/sandbox/vneid/token", json={"person_id": "001085046154"})
    assert missing.status_code == 404
