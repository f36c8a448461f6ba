"""Webhooks over real HTTP: a receiver on loopback verifies every message with the
`standardwebhooks` package (as a vendor would), retries follow the schedule with the same
`webhook-id`, the inbox serves verifiable messages, and agencies never see each other's."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from standardwebhooks import Webhook

from ccvc.serving import free_port
from ccvc.vendor import WebhookReceiver
from tests.conftest import Database, Sandbox, start_sandbox
from tests.support.agency import (
    auth,
    eventually,
    staff_record_from_citizen,
    token_for,
    wait_for_status,
)

AGENCY = "UBND-031"
OTHER = "UBND-048"


def register(sandbox: Sandbox, token: str, body: dict[str, Any]) -> httpx.Response:
    return httpx.post(
        f"{sandbox.base_url}/v1/agencies/{AGENCY}/webhooks", json=body, headers=auth(token)
    )


def test_batch_events_are_signed_delivered_and_carry_no_personal_data(quick: Sandbox) -> None:
    token = token_for(quick.base_url, quick.settings, agency=AGENCY)
    with WebhookReceiver() as receiver:
        endpoint = register(quick, token, {"url": receiver.url})
        assert endpoint.status_code == 201, endpoint.text
        receiver.secret = endpoint.json()["secret"]
        assert receiver.secret.startswith("whsec_")
        citizens = httpx.get(
            f"{quick.base_url}/dancu/sandbox/citizens", params={"limit": 3, "min_age": 30}
        ).json()["citizens"]
        records = [staff_record_from_citizen(c, agency=AGENCY) for c in citizens]
        records[0]["date_of_birth"] = "1900-01-01"  # rejected: another person's birth date
        sent = httpx.post(
            f"{quick.base_url}/v1/agencies/{AGENCY}/batches",
            json={"records": records},
            headers=auth(token, str(uuid.uuid4())),
            timeout=30,
        )
        batch_id = sent.json()["batch_id"]
        wait_for_status(quick.base_url, token, batch_id, {"completed"})
        assert eventually(lambda: len(receiver.events) >= 2)
        by_type = {e["type"]: e for e in receiver.events.values()}
    completed = by_type["batch.completed"]["data"]
    assert completed["batch_id"] == batch_id
    assert completed["counts"] == {"total": 3, "accepted": 2, "rejected": 1}
    rejected = by_type["record.rejected"]["data"]
    assert rejected["batch_id"] == batch_id and rejected["index"] == 0
    assert "DUNG-ID-DOB" in rejected["rules"]
    body = str(receiver.events)
    for citizen in citizens:
        assert citizen["person_id"] not in body and citizen["full_name"] not in body
    assert receiver.refused == 0


def test_failed_deliveries_are_retried_with_the_same_id_then_given_up(quick: Sandbox) -> None:
    token = token_for(quick.base_url, quick.settings, agency=AGENCY)
    base = f"{quick.base_url}/v1/agencies/{AGENCY}/webhooks"
    with WebhookReceiver() as receiver:
        endpoint = register(quick, token, {"url": receiver.url}).json()
        receiver.secret = endpoint["secret"]
        receiver.fail_next = 2  # 500, 500, then 204
        sent = httpx.post(f"{base}/{endpoint['id']}/test", headers=auth(token))
        assert sent.status_code == 202
        genuine = sent.json()["event_ids"][0]

        def delivered() -> list[dict[str, Any]]:
            messages = httpx.get(f"{base}/{endpoint['id']}/messages", headers=auth(token)).json()
            done = [m for m in messages if m["event_id"] == genuine and m["status"] == "delivered"]
            return done

        assert eventually(delivered)
        assert list(receiver.events) == [genuine]  # three receipts, one event kept
    attempts = httpx.get(f"{base}/{endpoint['id']}/attempts", headers=auth(token)).json()
    mine = sorted((a for a in attempts if a["event_id"] == genuine), key=lambda a: a["number"])
    assert [a["status_code"] for a in mine] == [500, 500, 204]
    assert delivered()[0]["attempts"] == 3

    closed = f"http://127.0.0.1:{free_port()}/nobody"
    dead = register(quick, token, {"url": closed}).json()
    test = httpx.post(f"{base}/{dead['id']}/test", headers=auth(token)).json()

    def given_up() -> bool:
        messages = httpx.get(f"{base}/{dead['id']}/messages", headers=auth(token)).json()
        return all(m["status"] == "failed" for m in messages) and len(messages) == 2

    assert eventually(given_up)
    log = httpx.get(f"{base}/{dead['id']}/attempts", headers=auth(token)).json()
    genuine_attempts = [a for a in log if a["event_id"] == test["event_ids"][0]]
    assert len(genuine_attempts) == 4  # the first try and the schedule's three retries
    assert all(a["status_code"] is None and a["error"] for a in genuine_attempts)
    forged_attempts = [a for a in log if a["event_id"] == test["event_ids"][1]]
    assert len(forged_attempts) == 1  # a forged test message is never retried


def test_inbox_messages_verify_with_the_secret_and_forgeries_do_not(quick: Sandbox) -> None:
    token = token_for(quick.base_url, quick.settings, agency=AGENCY)
    base = f"{quick.base_url}/v1/agencies/{AGENCY}/webhooks"
    inbox = register(quick, token, {"description": "Hộp thư thử nghiệm"}).json()
    assert inbox["inbox"] is True and inbox["url"] is None
    test = httpx.post(f"{base}/{inbox['id']}/test", headers=auth(token)).json()
    messages = httpx.get(f"{base}/{inbox['id']}/messages", headers=auth(token)).json()
    assert {m["event_id"] for m in messages} == set(test["event_ids"])
    verdicts = {}
    for message in messages:
        assert message["status"] == "inbox" and message["payload"]["type"] == "sandbox.test"
        try:
            Webhook(inbox["secret"]).verify(message["body"], message["headers"])
            verdicts[message["event_id"]] = True
        except Exception:
            verdicts[message["event_id"]] = False
    genuine, forged = test["event_ids"]
    assert verdicts == {genuine: True, forged: False}
    for event_id, valid in verdicts.items():
        reported = httpx.post(
            f"{base}/{inbox['id']}/messages/{event_id}/verification",
            json={"valid": valid},
            headers=auth(token),
        )
        assert reported.status_code == 200 and reported.json()["verdict_valid"] is valid
    report = httpx.get(f"{quick.base_url}/v1/sandbox/conformance", headers=auth(token)).json()
    webhook = next(b for b in report["behaviours"] if b["id"] == "webhook-verified")
    assert webhook["status"] == "passed", webhook


def test_endpoints_are_the_agencys_own(quick: Sandbox) -> None:
    mine = token_for(quick.base_url, quick.settings, agency=AGENCY)
    theirs = token_for(quick.base_url, quick.settings, agency=OTHER)
    operator = token_for(quick.base_url, quick.settings)
    base = f"{quick.base_url}/v1/agencies/{AGENCY}/webhooks"
    endpoint = register(quick, mine, {"url": "https://nhansu.example.vn/hook"}).json()
    for path in ("", f"/{endpoint['id']}/messages", f"/{endpoint['id']}/attempts"):
        stranger = httpx.get(base + path, headers=auth(theirs))
        assert stranger.status_code == 404, path
        assert httpx.get(base + path, headers=auth(operator)).status_code == 200, path
    foreign = httpx.get(
        f"{quick.base_url}/v1/agencies/{OTHER}/webhooks/{endpoint['id']}/messages",
        headers=auth(theirs),
    )
    assert foreign.status_code == 404  # the id exists, but not in this agency
    assert httpx.post(f"{base}/{endpoint['id']}/test", headers=auth(theirs)).status_code == 404
    assert httpx.post(f"{base}/{endpoint['id']}/test", headers=auth(operator)).status_code == 403
    assert httpx.delete(f"{base}/{endpoint['id']}", headers=auth(theirs)).status_code == 404
    assert httpx.delete(f"{base}/{endpoint['id']}", headers=auth(mine)).status_code == 204
    assert httpx.get(base, headers=auth(mine)).json() == []


@pytest.mark.parametrize(
    "url", ["ftp://example.vn/hook", "nhansu.example.vn/hook", "http:///nohost", "x" * 2001]
)
def test_bad_urls_are_refused(quick: Sandbox, url: str) -> None:
    token = token_for(quick.base_url, quick.settings, agency=AGENCY)
    refused = register(quick, token, {"url": url})
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    unknown = register(quick, token, {"event_types": ["batch.exploded"]})
    assert unknown.status_code == 422


def test_a_shared_sandbox_refuses_private_addresses(database: Database) -> None:
    with start_sandbox(database, webhook_block_private_networks=True) as sandbox:
        token = token_for(sandbox.base_url, sandbox.settings, agency=AGENCY)
        refused = register(sandbox, token, {"url": "http://127.0.0.1:9/hook"})
        assert refused.status_code == 422 and refused.json()["code"] == "webhook-url-not-public"
        assert refused.json()["title_vi"]
        assert register(sandbox, token, {}).status_code == 201  # an inbox is always possible


def test_a_self_update_asks_the_agency_for_confirmation(quick: Sandbox) -> None:
    token = token_for(quick.base_url, quick.settings, agency=AGENCY)
    inbox = register(quick, token, {"event_types": ["self_update.confirmation_needed"]}).json()
    citizen = httpx.get(
        f"{quick.base_url}/dancu/sandbox/citizens", params={"limit": 1, "offset": 7}
    ).json()["citizens"][0]
    created = httpx.put(
        f"{quick.base_url}/v1/agencies/{AGENCY}/records/{citizen['person_id']}",
        json=staff_record_from_citizen(citizen, agency=AGENCY),
        headers=auth(token),
        timeout=30,
    )
    assert created.status_code == 201, created.text
    vneid = httpx.post(
        f"{quick.base_url}/dancu/sandbox/vneid/token", json={"person_id": citizen["person_id"]}
    ).json()["access_token"]
    proposed = httpx.post(
        f"{quick.base_url}/v1/self/updates",
        json={"agency_code": AGENCY, "changes": {"permanent_address": "Số 9, phố Huế, Hà Nội"}},
        headers={"Authorization": f"Bearer {vneid}"},
    )
    assert proposed.status_code == 201
    messages = httpx.get(
        f"{quick.base_url}/v1/agencies/{AGENCY}/webhooks/{inbox['id']}/messages",
        headers=auth(token),
    ).json()
    assert [m["type"] for m in messages] == ["self_update.confirmation_needed"]
    data = messages[0]["payload"]["data"]
    assert data["update_id"] == proposed.json()["id"] and data["fields"] == ["permanent_address"]
    assert citizen["person_id"] not in messages[0]["body"]
