"""`ccvc demo`: a reference vendor client walking the whole journey against the sandbox —
token → batches under each scenario (503, 401, 429) → poll → results → fix → resubmit → a
conditional update through a 412 → a template with a row error, fixed → a signed webhook,
verified → the conformance report, green — with readable progress and a final summary. Speaks
only HTTP to the gateway; the behaviours live in `ccvc.vendor`."""

from __future__ import annotations

import csv
import io
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from standardwebhooks import Webhook, WebhookVerificationError

from ccvc.vendor import VendorClient, WebhookReceiver

Say = Callable[[str], None]


@dataclass
class Journey:
    steps: list[tuple[str, bool, str]] = field(default_factory=list)

    def record(self, say: Say, name: str, ok: bool, detail: str) -> None:
        self.steps.append((name, ok, detail))
        say(f"  {'✓' if ok else '✗'} {name}: {detail}")

    @property
    def ok(self) -> bool:
        return all(ok for _, ok, _ in self.steps)


def staff_record(citizen: dict[str, Any], *, agency: str, now: datetime) -> dict[str, Any]:
    """A complete staff record (mẫu 2C-BNV core) on a sandbox citizen, as an agency's HR system
    holds it: identity copied from `/dancu/sandbox/citizens`, the rest plausible HR data."""
    born = int(citizen["date_of_birth"][:4])
    return {
        "person_id": citizen["person_id"],
        "full_name": citizen["full_name"],
        "date_of_birth": citizen["date_of_birth"],
        "sex": citizen["sex"],
        "ethnicity_code": citizen["ethnicity_code"],
        "religion": citizen.get("religion"),
        "hometown_province": citizen["hometown_province"],
        "permanent_address": citizen["permanent_address"],
        "agency_code": agency,
        "unit": "Văn phòng",
        "staff_type": "cong_chuc",
        "rank_code": "01.003",
        "salary_grade": "A1",
        "salary_step": "3",
        "salary_coefficient": "3.00",
        "recruitment_date": f"{min(born + 24, now.year - 1)}-09-01",
        "position": "Chuyên viên",
        "education_level": "Đại học",
        "social_insurance_no": citizen["person_id"][2:],
        "employment_status": "active",
        "source_updated_at": (now - timedelta(hours=1)).isoformat(timespec="seconds"),
    }


def template_csv(records: list[dict[str, Any]]) -> bytes:
    """The records as a filled CSV template (the columns named by field)."""
    fields = [k for k in records[0] if k != "agency_code"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    for record in records:
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return buffer.getvalue().encode("utf-8")


def wait_for_batch(
    client: VendorClient, batch_id: str, say: Say | None = None, timeout: float = 120
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    last = ""
    while True:
        batch: dict[str, Any] = client.request("GET", f"/v1/batches/{batch_id}").json()
        counts = batch["counts"]
        line = (
            f"{batch['status']}: {counts['accepted']} accepted, {counts['rejected']} "
            f"rejected, {counts['pending']} pending, {counts['queued']} queued"
        )
        if say is not None and line != last:
            say(f"    … {line}")
            last = line
        if batch["status"] == "completed" or time.monotonic() > deadline:
            return batch
        time.sleep(0.2)


def _send(
    client: VendorClient, agency: str, records: list[dict[str, Any]], scenario: str | None = None
) -> httpx.Response:
    headers = {"Idempotency-Key": str(uuid.uuid4())}
    if scenario:
        headers["Sandbox-Scenario"] = scenario
    return client.request(
        "POST", f"/v1/agencies/{agency}/batches", json={"records": records}, headers=headers
    )


def earn_conformance(
    client: VendorClient,
    *,
    agency: str,
    citizens: list[dict[str, Any]],
    now: datetime,
    say: Say,
    receiver: WebhookReceiver | None = None,
) -> Journey:
    """Every behaviour of the conformance report, shown by a well-behaved client: each
    scenario triggered once and handled as the report asks. `citizens`: at least 8."""
    journey = Journey()
    records = [staff_record(c, agency=agency, now=now) for c in citizens[:8]]

    first = _send(client, agency, records[:3], "gateway-unavailable")
    journey.record(
        say,
        "503 → retry with the same Idempotency-Key",
        first.status_code == 202,
        f"batch {first.json().get('batch_id')} stored once",
    )
    renewed_before = client.tokens_obtained
    second = _send(client, agency, records[3:4], "token-expired")
    journey.record(
        say,
        "401 → new token, retry",
        second.status_code == 202 and client.tokens_obtained > renewed_before,
        f"{client.tokens_obtained - renewed_before} new token, then 202",
    )
    third = _send(client, agency, records[4:5], "gateway-rate-limited")
    journey.record(
        say,
        "429 → wait Retry-After, retry",
        third.status_code == 202,
        f"waited and retried: {third.status_code}",
    )

    broken = {**records[5], "date_of_birth": swap_day_month(records[5]["date_of_birth"])}
    faulty = _send(client, agency, [broken, records[6]])
    for response in (first, second, third, faulty):
        wait_for_batch(client, response.json()["batch_id"])
    results = client.request("GET", f"/v1/batches/{faulty.json()['batch_id']}/results").json()
    rejected = [r for r in results["items"] if r["status"] == "rejected"]
    for item in rejected:
        for finding in (f for f in item["findings"] if f["severity"] == "error"):
            say(f"      record {item['index']}: {finding['rule']} — {finding['message_vi']}")
    fixed = _send(client, agency, [records[5]])
    done = wait_for_batch(client, fixed.json()["batch_id"])
    journey.record(
        say,
        "results read, corrected record resubmitted",
        len(rejected) == 1 and done["counts"]["accepted"] == 1,
        f"{len(rejected)} rejected → corrected → {done['counts']['accepted']} accepted",
    )

    updated = client.update_record(
        f"/v1/agencies/{agency}/records/{records[0]['person_id']}",
        lambda record: {**record, "position": "Trưởng phòng"},
        headers={"Sandbox-Scenario": "record-changed"},
    )
    journey.record(
        say,
        "412 → read again, retry with the new ETag",
        updated.status_code == 200,
        f"{updated.status_code}, ETag {updated.headers.get('ETag')}",
    )

    unit = "Phòng Tổ chức cán bộ"
    rows = [records[7], {**records[6], "position": "=1+1"}]
    answers = []
    for attempt in (rows, [records[7], records[6]]):
        answer = client.request(
            "POST",
            f"/v1/agencies/{agency}/uploads",
            files={"file": ("mau-ho-so.csv", template_csv(attempt), "text/csv")},
            data={"unit": unit},
        )
        batch = answer.json().get("batch") or {}
        if batch:
            wait_for_batch(client, batch["batch_id"])
        answers.append(answer.json())
    journey.record(
        say,
        "template row errors fixed",
        answers[0]["rows_rejected"] == 1 and answers[1]["rows_rejected"] == 0,
        f"{answers[0]['rows_rejected']} row error → corrected file → "
        f"{answers[1]['rows_rejected']} errors",
    )

    journey.record(say, "webhook verified", *_webhook(client, agency, receiver))
    report = client.request("GET", "/v1/sandbox/conformance").json()
    for behaviour in report["behaviours"]:
        mark = {"passed": "✓", "failed": "✗", "not_tried": "·"}[behaviour["status"]]
        say(f"    {mark} {behaviour['title_vi']} / {behaviour['title_en']}: {behaviour['status']}")
    journey.record(
        say,
        "conformance report",
        bool(report["passed"]),
        f"{report['counts']['passed']} passed, {report['counts']['failed']} failed, "
        f"{report['counts']['not_tried']} not tried",
    )
    return journey


def _webhook(
    client: VendorClient, agency: str, receiver: WebhookReceiver | None
) -> tuple[bool, str]:
    """A test pair through a real endpoint (`receiver`) or, without one, the built-in inbox."""
    base = f"/v1/agencies/{agency}/webhooks"
    body = {"url": receiver.url} if receiver else {"description": "Hộp thư thử nghiệm"}
    endpoint = client.request("POST", base, json=body).json()
    if receiver is not None:
        receiver.secret = endpoint["secret"]
    test = client.request("POST", f"{base}/{endpoint['id']}/test").json()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        messages = client.request(
            "GET", f"{base}/{endpoint['id']}/messages", params={"type": "sandbox.test"}
        ).json()
        mine = [m for m in messages if m["event_id"] in test["event_ids"]]
        if receiver is None:
            for message in mine:
                try:
                    Webhook(endpoint["secret"]).verify(message["body"], message["headers"])
                    valid = True
                except WebhookVerificationError:
                    valid = False
                client.request(
                    "POST",
                    f"{base}/{endpoint['id']}/messages/{message['event_id']}/verification",
                    json={"valid": valid},
                )
            return len(mine) == 2, "inbox: both messages verified and reported"
        if len(mine) == 2 and all(m["status"] != "pending" for m in mine):
            codes = sorted(str(m["last_status_code"]) for m in mine)
            return True, f"{receiver.url} answered {', '.join(codes)} (genuine, forged)"
        time.sleep(0.2)
    return False, "no delivery within 30 s"


def run_journey(
    base_url: str,
    *,
    agency: str,
    client_id: str,
    client_secret: str,
    say: Say,
    webhook_inbox: bool = False,
) -> Journey:
    """token → batches under each scenario → results → fix → resubmit → conditional update →
    template → webhook → the conformance report, green."""
    now = datetime.now(UTC)
    with (
        VendorClient(base_url, client_id=client_id, client_secret=client_secret) as client,
        WebhookReceiver() as receiver,
    ):
        client.renew_token()
        say("  ✓ token: POST /v1/oauth/token → 200")
        citizens = client.http.get(
            "/dancu/sandbox/citizens", params={"limit": 8, "min_age": 30}
        ).json()["citizens"]
        say(f"  · {len(citizens)} staff records built from sandbox citizens")
        journey = earn_conformance(
            client,
            agency=agency,
            citizens=citizens,
            now=now,
            say=say,
            receiver=None if webhook_inbox else receiver,
        )
        if not webhook_inbox:
            say(f"  · the receiver kept {len(receiver.events)} events, refused {receiver.refused}")
    return journey


def swap_day_month(iso: str) -> str:
    year, month, day = iso.split("-")
    if int(day) <= 12 and day != month:
        return f"{year}-{day}-{month}"
    return f"{int(year) - 1}-{month}-{day}"
