"""A batch built from every population-DB persona gets the outcome the gateway documents
(`/v1/sandbox/persona-outcomes`): status, and exactly the documented rules."""

from __future__ import annotations

import httpx

from ccvc.clock import get_clock
from gateway.sandbox.personas import persona_record
from tests.conftest import Sandbox
from tests.support.agency import all_results, submit, token_for, wait_for_status

AGENCY = "UBND-031"  # cohort 26: all four principles


def test_every_persona_gets_its_documented_outcome(sandbox: Sandbox) -> None:
    personas = httpx.get(f"{sandbox.base_url}/dancu/sandbox/personas").json()["personas"]
    outcomes = {
        o["persona"]: o for o in httpx.get(f"{sandbox.base_url}/v1/sandbox/persona-outcomes").json()
    }
    assert set(outcomes) == {p["id"] for p in personas}
    now = get_clock().now()
    records = [persona_record(p, agency_code=AGENCY, now=now) for p in personas]
    token = token_for(sandbox.base_url, sandbox.settings, agency=AGENCY)
    batch_id = submit(sandbox.base_url, token, AGENCY, records).json()["batch_id"]
    wait_for_status(sandbox.base_url, token, batch_id, {"completed"})
    for persona, result in zip(
        personas, all_results(sandbox.base_url, token, batch_id), strict=True
    ):
        expected = outcomes[persona["id"]]
        errors = sorted({f["rule"] for f in result["findings"] if f["severity"] == "error"})
        warnings = sorted({f["rule"] for f in result["findings"] if f["severity"] == "warning"})
        assert result["status"] == expected["status"], (persona["id"], result["findings"])
        assert errors == sorted(expected["errors"]), persona["id"]
        assert warnings == sorted(expected["warnings"]), persona["id"]
        if persona["id"] == "cmnd-only":
            assert result["person_id"] == persona["citizen"]["person_id"]
            assert result["supplemented"].get("person_id") == "population_db"
