"""Scenario switches (`Sandbox-Scenario`): on demand, for the vendor's own batch only."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.conftest import Sandbox
from tests.support.agency import (
    all_results,
    auth,
    staff_record_from_citizen,
    token_for,
    wait_for_status,
)

AGENCY = "UBND-031"
OTHER = "UBND-048"


def _records(sandbox: Sandbox, agency: str, n: int, offset: int) -> list[dict[str, object]]:
    page = httpx.get(
        f"{sandbox.base_url}/dancu/sandbox/citizens", params={"limit": n, "offset": offset}
    ).json()
    return [staff_record_from_citizen(c, agency=agency) for c in page["citizens"]]


def _submit(
    sandbox: Sandbox,
    token: str,
    agency: str,
    records: list[dict[str, object]],
    scenario: str | None = None,
) -> httpx.Response:
    headers = {**auth(token, str(uuid.uuid4()))}
    if scenario:
        headers["Sandbox-Scenario"] = scenario
    return httpx.post(
        f"{sandbox.base_url}/v1/agencies/{agency}/batches",
        json={"records": records},
        headers=headers,
        timeout=30,
    )


def test_catalogue_and_unknown_scenario(quick: Sandbox) -> None:
    catalogue = httpx.get(f"{quick.base_url}/v1/sandbox/scenarios").json()
    ids = {s["id"] for s in catalogue}
    assert {
        "population-db-unavailable",
        "bus-rate-limited",
        "partial-failure",
        "token-expired",
    } <= ids
    token = token_for(quick.base_url, quick.settings, agency=AGENCY)
    bad = _submit(quick, token, AGENCY, _records(quick, AGENCY, 1, 0), "meteor-strike")
    assert bad.status_code == 400
    for_batches = {s["id"] for s in catalogue if "batch" in s["applies_to"]}
    assert set(bad.json()["valid"]) == for_batches and bad.json()["field"] == "Sandbox-Scenario"
    elsewhere = _submit(quick, token, AGENCY, _records(quick, AGENCY, 1, 0), "record-changed")
    assert elsewhere.status_code == 400 and "record-changed" not in elsewhere.json()["valid"]
    assert "Not for this operation" in elsewhere.json()["title"]
    expired = _submit(quick, token, AGENCY, _records(quick, AGENCY, 1, 0), "token-expired")
    assert expired.status_code == 401 and expired.json()["error"] == "invalid_token"


def test_outage_scenario_waits_then_completes_without_touching_others(quick: Sandbox) -> None:
    mine = token_for(quick.base_url, quick.settings, agency=AGENCY)
    theirs = token_for(quick.base_url, quick.settings, agency=OTHER)
    faulted = _submit(
        quick, mine, AGENCY, _records(quick, AGENCY, 6, 0), "population-db-unavailable"
    )
    clean = _submit(quick, theirs, OTHER, _records(quick, OTHER, 6, 50))
    assert faulted.status_code == clean.status_code == 202
    assert faulted.json()["scenario"] == "population-db-unavailable"
    other_done = wait_for_status(quick.base_url, theirs, clean.json()["batch_id"], {"completed"})
    assert other_done["counts"]["accepted"] == 6
    assert all(
        r["attempts"] == 1 for r in all_results(quick.base_url, theirs, clean.json()["batch_id"])
    )
    batch = faulted.json()["batch_id"]
    wait_for_status(quick.base_url, mine, batch, {"waiting", "completed"})
    done = wait_for_status(quick.base_url, mine, batch, {"completed"}, timeout=60)
    assert done["counts"]["accepted"] == 6
    assert all(r["attempts"] == 3 for r in all_results(quick.base_url, mine, batch))


def test_partial_failure_scenario(quick: Sandbox) -> None:
    token = token_for(quick.base_url, quick.settings, agency=AGENCY)
    batch = _submit(quick, token, AGENCY, _records(quick, AGENCY, 6, 100), "partial-failure").json()
    done = wait_for_status(quick.base_url, token, batch["batch_id"], {"completed"}, timeout=60)
    assert done["counts"]["accepted"] == 6
    attempts = [r["attempts"] for r in all_results(quick.base_url, token, batch["batch_id"])]
    assert attempts == [1, 2, 1, 2, 1, 2]


@pytest.mark.parametrize(
    ("scenario", "status", "retry_after"),
    [("gateway-unavailable", 503, "1"), ("gateway-rate-limited", 429, "2")],
)
def test_gateway_scenarios_fire_once_per_key_and_agency(
    quick: Sandbox, scenario: str, status: int, retry_after: str
) -> None:
    """The first try with a key gets the failure and stores nothing; the retry with the same
    key passes; a new key fails once again; another agency's identical key is its own."""
    mine = token_for(quick.base_url, quick.settings, agency=AGENCY)
    theirs = token_for(quick.base_url, quick.settings, agency=OTHER)
    url = f"{quick.base_url}/v1/agencies/{{}}/batches"
    records = _records(quick, AGENCY, 1, 0)
    key = str(uuid.uuid4())

    def send(token: str, agency: str, idem: str) -> httpx.Response:
        headers = {**auth(token, idem), "Sandbox-Scenario": scenario}
        body = {"records": [{**records[0], "agency_code": agency}]}
        return httpx.post(url.format(agency), json=body, headers=headers, timeout=30)

    first = send(mine, AGENCY, key)
    assert first.status_code == status
    assert first.headers["Retry-After"] == retry_after
    assert first.headers["content-type"].startswith("application/problem+json")
    assert first.json()["scenario"] == scenario and first.json()["title_vi"]
    retry = send(mine, AGENCY, key)
    assert retry.status_code == 202
    assert send(mine, AGENCY, key).headers.get("Idempotent-Replayed") == "true"
    assert send(mine, AGENCY, str(uuid.uuid4())).status_code == status
    assert send(theirs, OTHER, key).status_code == status  # never another agency's memory
    listed = httpx.get(
        f"{quick.base_url}/v1/agencies/{AGENCY}/records", headers=auth(mine), timeout=30
    )
    assert listed.status_code == 200


def test_record_changed_scenario_412_once_per_etag(quick: Sandbox) -> None:
    token = token_for(quick.base_url, quick.settings, agency=AGENCY)
    record = _records(quick, AGENCY, 1, 3)[0]
    url = f"{quick.base_url}/v1/agencies/{AGENCY}/records/{record['person_id']}"
    created = httpx.put(url, json=record, headers=auth(token), timeout=30)
    assert created.status_code in (200, 201), created.text
    etag = httpx.get(url, headers=auth(token)).headers["ETag"]
    changed = {**record, "position": "Phó trưởng phòng"}
    headers = {**auth(token), "If-Match": etag, "Sandbox-Scenario": "record-changed"}
    stale = httpx.put(url, json=changed, headers=headers, timeout=30)
    assert stale.status_code == 412 and stale.json()["scenario"] == "record-changed"
    assert httpx.get(url, headers=auth(token)).headers["ETag"] == etag  # nothing written
    again = httpx.put(url, json=changed, headers=headers, timeout=30)
    assert again.status_code == 200
    on_batch = {**auth(token, str(uuid.uuid4())), "Sandbox-Scenario": "record-changed"}
    refused = httpx.post(
        f"{quick.base_url}/v1/agencies/{AGENCY}/batches",
        json={"records": [record]},
        headers=on_batch,
        timeout=30,
    )
    assert refused.status_code == 400
