"""Scenario switches (`Sandbox-Scenario`): on demand, for the vendor's own batch only."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.conftest import Database, Sandbox, start_sandbox
from tests.support.agency import (
    all_results,
    auth,
    staff_record_from_citizen,
    token_for,
    wait_for_status,
)

AGENCY = "UBND-031"
OTHER = "UBND-048"


@pytest.fixture
def quick(database: Database) -> Iterator[Sandbox]:
    with start_sandbox(
        database, worker_backoff_max_seconds=1.0, worker_poll_seconds=0.1
    ) as running:
        yield running


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
    assert set(bad.json()["valid"]) == ids and bad.json()["field"] == "Sandbox-Scenario"
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
