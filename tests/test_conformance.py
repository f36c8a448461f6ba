"""The conformance report, judged from what the sandbox observed: a well-behaved client (the
reference `ccvc.vendor` client and a real webhook receiver on loopback) turns it green and
earns the onboarding step; a client that gets each behaviour wrong is told which and why; the
latest episode decides; the evidence carries no personal data; agencies see only their own."""

from __future__ import annotations

import json
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx

from ccvc.demo import earn_conformance, staff_record, swap_day_month, template_csv
from ccvc.vendor import VendorClient, WebhookReceiver
from tests.conftest import Sandbox
from tests.support.agency import (
    auth,
    credentials_for,
    eventually,
    token_for,
    wait_for_status,
)

COHORT_70 = "UBND-004"
COHORT_26 = "UBND-031"
OTHER = "UBND-048"


def citizens(sandbox: Sandbox, n: int, offset: int = 0) -> list[dict[str, Any]]:
    page = httpx.get(
        f"{sandbox.base_url}/dancu/sandbox/citizens",
        params={"limit": n, "offset": offset, "min_age": 30},
    )
    return list(page.json()["citizens"])


def report_of(sandbox: Sandbox, token: str, agency: str | None = None) -> dict[str, Any]:
    params = {"agency": agency} if agency else {}
    response = httpx.get(
        f"{sandbox.base_url}/v1/sandbox/conformance", params=params, headers=auth(token)
    )
    assert response.status_code == 200, response.text
    return dict(response.json())


def statuses(report: dict[str, Any]) -> dict[str, str]:
    return {b["id"]: b["status"] for b in report["behaviours"]}


def test_a_well_behaved_client_turns_the_report_green(quick: Sandbox) -> None:
    issued = credentials_for(quick.settings, agency=COHORT_70)
    operator = token_for(quick.base_url, quick.settings)
    with VendorClient(
        quick.base_url, client_id=issued.client_id, client_secret=issued.client_secret
    ) as client:
        before = client.request("GET", "/v1/sandbox/conformance").json()
        assert set(statuses(before).values()) == {"not_tried"} and not before["passed"]
        assert all(b["how_to_en"] and b["how_to_vi"] for b in before["behaviours"])
        with WebhookReceiver() as receiver:
            journey = earn_conformance(
                client,
                agency=COHORT_70,
                citizens=citizens(quick, 8),
                now=datetime.now(UTC),
                say=lambda _: None,
                receiver=receiver,
            )
        assert journey.ok, journey.steps
    report = report_of(quick, operator, COHORT_70)
    assert report["passed"] and report["passed_at"], statuses(report)
    assert report["counts"] == {"passed": 7, "failed": 0, "not_tried": 0}
    for behaviour in report["behaviours"]:
        assert behaviour["required"] and behaviour["evidence"], behaviour["id"]
        assert behaviour["concluded_at"] <= report["passed_at"] or behaviour["id"]
    routes = {e["route"] for b in report["behaviours"] for e in b["evidence"]}
    assert "/v1/agencies/{code}/records/{person_id}" in routes  # templates, never paths
    text = json.dumps(report, ensure_ascii=False)
    assert not re.search(r"\b\d{12}\b", text), "a personal number in the evidence"

    onboarding = httpx.get(
        f"{quick.base_url}/v1/onboarding/agencies/{COHORT_70}", headers=auth(operator)
    ).json()
    sandbox_step = next(s for s in onboarding["steps"] if s["step"] == "sandbox_passed")
    assert sandbox_step["evidence"]["source"] == "conformance_report", sandbox_step


def test_each_misbehaviour_is_named_then_the_fix_turns_it_green(quick: Sandbox) -> None:
    issued = credentials_for(quick.settings, agency=COHORT_26)
    base = quick.base_url
    token = httpx.post(
        f"{base}/v1/oauth/token",
        data={
            "grant_type": "client_credentials",
            **issued.model_dump(include={"client_id", "client_secret"}),
        },
    ).json()["access_token"]
    batches = f"{base}/v1/agencies/{COHORT_26}/batches"
    people = citizens(quick, 6, offset=40)
    records = [staff_record(c, agency=COHORT_26, now=datetime.now(UTC)) for c in people]

    def post(
        records_: list[dict[str, Any]], key: str | None, scenario: str | None = None
    ) -> httpx.Response:
        headers = auth(token, key or str(uuid.uuid4()))
        if scenario:
            headers["Sandbox-Scenario"] = scenario
        return httpx.post(batches, json={"records": records_}, headers=headers, timeout=30)

    # 401, then the same expired token again
    assert post(records[:1], None, "token-expired").status_code == 401
    assert post(records[:1], None).status_code == 202  # (the sandbox's token is not expired)
    # 503, then a new key
    assert post(records[1:2], "k-503", "gateway-unavailable").status_code == 503
    assert post(records[1:2], "k-503-other").status_code == 202
    # 429, then at once
    assert post(records[2:3], "k-429", "gateway-rate-limited").status_code == 429
    assert post(records[2:3], "k-429").status_code == 202
    # rejected, results read, sent again unchanged
    broken = {**records[3], "date_of_birth": swap_day_month(records[3]["date_of_birth"])}
    first = post([broken], None).json()["batch_id"]
    wait_for_status(base, token, first, {"completed"})
    httpx.get(f"{base}/v1/batches/{first}/results", headers=auth(token)).raise_for_status()
    second = post([broken], None).json()["batch_id"]
    wait_for_status(base, token, second, {"completed"})
    # 412, then a blind retry
    record_url = f"{base}/v1/agencies/{COHORT_26}/records/{records[4]['person_id']}"
    assert (
        httpx.put(record_url, json=records[4], headers=auth(token), timeout=30).status_code == 201
    )
    etag = httpx.get(record_url, headers=auth(token)).headers["ETag"]
    changed = {**records[4], "position": "Phó trưởng phòng"}
    conditional = {**auth(token), "If-Match": etag}
    stale = httpx.put(
        record_url, json=changed, headers={**conditional, "Sandbox-Scenario": "record-changed"}
    )
    assert stale.status_code == 412
    assert httpx.put(record_url, json=changed, headers=conditional).status_code == 200
    # the same template file twice
    unit = {"unit": "Văn phòng Sở"}
    bad_rows = template_csv([{**records[5], "position": "=1+1"}])
    for _ in range(2):
        httpx.post(
            f"{base}/v1/agencies/{COHORT_26}/uploads",
            files={"file": ("mau.csv", bad_rows, "text/csv")},
            data=unit,
            headers=auth(token),
        ).raise_for_status()
    # a receiver that accepts everything, forged signatures included
    with WebhookReceiver() as careless:
        careless.receive = lambda body, headers: 204  # type: ignore[method-assign]
        hooks = f"{base}/v1/agencies/{COHORT_26}/webhooks"
        endpoint = httpx.post(hooks, json={"url": careless.url}, headers=auth(token)).json()
        httpx.post(f"{hooks}/{endpoint['id']}/test", headers=auth(token)).raise_for_status()

        def webhook_concluded() -> bool:
            return statuses(report_of(quick, token))["webhook-verified"] != "not_tried"

        assert eventually(webhook_concluded)

    report = report_of(quick, token)
    assert statuses(report) == {
        "token-renewal": "failed",
        "retry-503-same-key": "failed",
        "honour-retry-after": "failed",
        "resubmit-corrected": "failed",
        "stale-write-412": "failed",
        "template-row-errors": "failed",
        "webhook-verified": "failed",
    }, statuses(report)
    by_id = {b["id"]: b for b in report["behaviours"]}
    assert "same expired token" in by_id["token-renewal"]["reason_en"]
    assert "another (or no) Idempotency-Key" in by_id["retry-503-same-key"]["reason_en"]
    assert "Retry-After asked for 2 s" in by_id["honour-retry-after"]["reason_en"]
    assert "unchanged" in by_id["resubmit-corrected"]["reason_en"]
    assert "without reading the record again" in by_id["stale-write-412"]["reason_en"]
    assert "same file" in by_id["template-row-errors"]["reason_en"]
    assert "forged" in by_id["webhook-verified"]["reason_en"]
    assert not by_id["template-row-errors"]["required"]  # cohort 26 has HR software
    assert not report["passed"] and report["passed_at"] is None
    assert all(b["reason_vi"] for b in report["behaviours"])

    # the latest episode decides: now honour Retry-After
    assert post(records[2:3], "k-429-b", "gateway-rate-limited").status_code == 429
    time.sleep(2.1)
    assert post(records[2:3], "k-429-b").status_code == 202
    assert statuses(report_of(quick, token))["honour-retry-after"] == "passed"


def test_reports_are_the_agencys_own(quick: Sandbox) -> None:
    mine = token_for(quick.base_url, quick.settings, agency=COHORT_26)
    theirs = token_for(quick.base_url, quick.settings, agency=OTHER)
    operator = token_for(quick.base_url, quick.settings)
    url = f"{quick.base_url}/v1/sandbox/conformance"
    post = httpx.post(
        f"{quick.base_url}/v1/agencies/{COHORT_26}/batches",
        json={"records": []},
        headers={**auth(mine, "k"), "Sandbox-Scenario": "gateway-unavailable"},
    )
    assert post.status_code == 503
    assert report_of(quick, mine)["observed_requests"] >= 1
    assert report_of(quick, theirs)["observed_requests"] == 1  # its token grant only
    stranger = httpx.get(url, params={"agency": COHORT_26}, headers=auth(theirs))
    assert stranger.status_code == 404
    assert httpx.get(url, headers=auth(operator)).status_code == 422
    assert httpx.get(url, params={"agency": "NOPE"}, headers=auth(operator)).status_code == 404
    assert report_of(quick, operator, COHORT_26)["observed_requests"] >= 1
    assert httpx.get(url).status_code == 401
