"""An example vendor test suite, run against the CCVC sandbox by the `ccvc_sandbox` fixture.

Copy this file into your own CI after `pip install ccvc-sandbox`: the fixture starts the whole
sandbox (gateway, NDXP bus, population DB) on a free port with a fresh database and hands you its
base URL and credentials. Replace `MyHrClient` with your own integration code.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import httpx


class MyHrClient:
    """Stands in for the vendor's own code: token, batch with retries, polling, results."""

    def __init__(self, base_url: str, client_id: str, client_secret: str, agency: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=30)
        self.client_id, self.client_secret, self.agency = client_id, client_secret, agency
        self.token: str | None = None

    def authenticate(self) -> None:
        response = self.http.post(
            "/v1/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": self.client_id,
                "client_secret": self.client_secret,
            },
        )
        response.raise_for_status()
        self.token = response.json()["access_token"]

    def send(self, records: list[dict[str, Any]], scenario: str | None = None) -> str:
        key = str(uuid.uuid4())  # one key per batch, reused on every retry of it
        headers = {"Authorization": f"Bearer {self.token}", "Idempotency-Key": key}
        if scenario:
            headers["Sandbox-Scenario"] = scenario
        for _attempt in range(5):
            response = self.http.post(
                f"/v1/agencies/{self.agency}/batches", json={"records": records}, headers=headers
            )
            if response.status_code in (409, 429, 503):
                time.sleep(float(response.headers.get("Retry-After", "1")))
                continue
            response.raise_for_status()
            return str(response.json()["batch_id"])
        raise RuntimeError("batch not accepted")

    def wait(self, batch_id: str, timeout: float = 60) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            batch: dict[str, Any] = self.http.get(
                f"/v1/batches/{batch_id}", headers={"Authorization": f"Bearer {self.token}"}
            ).json()
            if batch["status"] == "completed":
                return batch
            time.sleep(0.3)
        raise TimeoutError(batch_id)

    def results(self, batch_id: str) -> list[dict[str, Any]]:
        page = self.http.get(
            f"/v1/batches/{batch_id}/results",
            params={"limit": 1000},
            headers={"Authorization": f"Bearer {self.token}"},
        ).json()
        return list(page["items"])


def my_client(sandbox: Any) -> MyHrClient:
    """Your client, configured with the sandbox's address and credentials, signed in."""
    client = MyHrClient(sandbox.base_url, sandbox.client_id, sandbox.client_secret, sandbox.agency)
    client.authenticate()
    return client


def hr_record(citizen: dict[str, Any], agency: str) -> dict[str, Any]:
    """What the vendor's HR system would export for this person."""
    return {
        "person_id": citizen["person_id"],
        "full_name": citizen["full_name"],
        "date_of_birth": citizen["date_of_birth"],
        "sex": citizen["sex"],
        "agency_code": agency,
        "unit": "Văn phòng UBND",
        "staff_type": "cong_chuc",
        "rank_code": "01.003",
        "salary_grade": "A1",
        "salary_step": "2",
        "salary_coefficient": "2.67",
        "recruitment_date": f"{int(citizen['date_of_birth'][:4]) + 25}-03-01",
        "education_level": "Đại học",
        "employment_status": "active",
        "source_updated_at": "2026-01-05T08:00:00+07:00",
    }


def test_a_batch_of_real_sandbox_citizens_is_accepted(ccvc_sandbox: Any) -> None:
    citizens = httpx.get(
        f"{ccvc_sandbox.base_url}/dancu/sandbox/citizens", params={"limit": 25, "min_age": 30}
    ).json()["citizens"]
    client = my_client(ccvc_sandbox)
    batch_id = client.send([hr_record(c, ccvc_sandbox.agency) for c in citizens])
    assert client.wait(batch_id)["counts"]["accepted"] == 25
    for result in client.results(batch_id):
        assert result["dimensions"]["dung"] == "pass"


def test_my_client_survives_a_population_db_outage(ccvc_sandbox: Any) -> None:
    citizens = httpx.get(
        f"{ccvc_sandbox.base_url}/dancu/sandbox/citizens",
        params={"limit": 3, "min_age": 30, "offset": 500},
    ).json()["citizens"]
    client = my_client(ccvc_sandbox)
    batch_id = client.send(
        [hr_record(c, ccvc_sandbox.agency) for c in citizens], scenario="population-db-unavailable"
    )
    assert client.wait(batch_id, timeout=120)["counts"]["accepted"] == 3


def test_a_wrong_identity_is_reported_per_field(
    ccvc_client: httpx.Client, ccvc_sandbox: Any
) -> None:
    persona = ccvc_client.get("/dancu/sandbox/personas/dob-day-month-swapped").json()
    record = {**hr_record(persona["citizen"], ccvc_sandbox.agency), **persona["record"]}
    response = ccvc_client.post(
        f"/v1/agencies/{ccvc_sandbox.agency}/batches",
        json={"records": [record]},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    batch_id = response.json()["batch_id"]
    for _ in range(100):
        if ccvc_client.get(f"/v1/batches/{batch_id}").json()["status"] == "completed":
            break
        time.sleep(0.2)
    result = ccvc_client.get(f"/v1/batches/{batch_id}/results").json()["items"][0]
    assert result["status"] == "rejected"
    assert "DUNG-ID-DOB" in {f["rule"] for f in result["findings"]}


def test_my_client_retries_safely_and_the_conformance_report_agrees(ccvc_sandbox: Any) -> None:
    """A 503 retried with the same Idempotency-Key, a 429 retried after Retry-After: the
    sandbox triggers each once per key, and its conformance report judges what it saw."""
    citizens = httpx.get(
        f"{ccvc_sandbox.base_url}/dancu/sandbox/citizens",
        params={"limit": 2, "min_age": 30, "offset": 700},
    ).json()["citizens"]
    client = my_client(ccvc_sandbox)
    scenarios = ("gateway-unavailable", "gateway-rate-limited")
    for citizen, scenario in zip(citizens, scenarios, strict=True):
        batch_id = client.send([hr_record(citizen, ccvc_sandbox.agency)], scenario=scenario)
        assert client.wait(batch_id)["counts"]["total"] == 1
    assert ccvc_sandbox.behaviour("retry-503-same-key") == "passed"
    assert ccvc_sandbox.behaviour("honour-retry-after") == "passed"


def test_my_webhook_verification(ccvc_client: httpx.Client, ccvc_sandbox: Any) -> None:
    """No public URL in CI: a built-in inbox holds the messages exactly as they would be sent.
    Verify each with your own code (here: the `standardwebhooks` package) and report."""
    from standardwebhooks import Webhook, WebhookVerificationError

    hooks = f"/v1/agencies/{ccvc_sandbox.agency}/webhooks"
    inbox = ccvc_client.post(hooks, json={"description": "CI"}).json()
    test = ccvc_client.post(f"{hooks}/{inbox['id']}/test").json()
    for message in ccvc_client.get(f"{hooks}/{inbox['id']}/messages").json():
        if message["event_id"] not in test["event_ids"]:
            continue
        try:
            Webhook(inbox["secret"]).verify(message["body"], message["headers"])
            valid = True
        except WebhookVerificationError:
            valid = False
        ccvc_client.post(
            f"{hooks}/{inbox['id']}/messages/{message['event_id']}/verification",
            json={"valid": valid},
        )
    assert ccvc_sandbox.behaviour("webhook-verified") == "passed"
