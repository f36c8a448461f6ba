"""Record the gateway's OpenAPI examples from real traffic: a vendor's whole journey (the
reference client earning its conformance report), an operator's reads, a staff member's
self-update, and each documented error provoked on purpose. One response per operation and
status is kept (lists cut to two items), with the request body that produced it.

    python -m tests.support.record_examples      # rewrites gateway/openapi/examples.json

`tests/test_openapi_contract.py` runs the recording again and checks it covers every
operation and every documented error, so the shipped examples cannot fall behind the API.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from ccvc.clock import get_clock
from ccvc.db import session_scope
from ccvc.demo import earn_conformance, staff_record, template_csv
from ccvc.migrate import upgrade
from ccvc.seeding import seed_all
from ccvc.serving import free_port, serve
from ccvc.settings import Settings
from ccvc.vendor import VendorClient, WebhookReceiver
from gateway.auth.models import Role
from gateway.auth.service import issue_credentials
from gateway.openapi import EXAMPLES_PATH, Example

AGENCY = "UBND-001"  # cohort 70: every behaviour of the report applies
OTHER = "UBND-048"
MAX_ITEMS = 2


# credentials are never published, even dead ones from a throw-away database
PLACEHOLDERS = {
    "access_token": "k3Xq9vW2mR7tY1pL8sD4fG6hJ0zC5bN-aE2uI7oP9wQ",
    "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
}


def _trim(value: Any) -> Any:
    if isinstance(value, list):
        return [_trim(v) for v in value[:MAX_ITEMS]]
    if isinstance(value, dict):
        return {k: PLACEHOLDERS.get(k) or _trim(v) for k, v in value.items()}
    return value


class Recorder:
    def __init__(self, templates: list[str]) -> None:
        # the most specific template first: fewer placeholders win
        ordered = sorted(templates, key=lambda t: (t.count("{"), -len(t)))
        self.patterns = [
            (t, re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(t)) + "$"))
            for t in ordered
        ]
        self.examples: dict[str, Example] = {}

    def template(self, path: str) -> str | None:
        return next((t for t, p in self.patterns if p.match(path)), None)

    def hook(self, response: httpx.Response) -> None:
        template = self.template(response.request.url.path)
        if template is None:
            return
        key = f"{response.request.method} {template}"
        example = self.examples.setdefault(key, {"request": None, "responses": {}})
        status = str(response.status_code)
        if status in example["responses"]:
            return
        response.read()
        media = response.headers.get("content-type", "").split(";")[0]
        if media.endswith("json"):
            body: Any = _trim(response.json())
        elif media.startswith("text/"):
            body = "\n".join(response.text.splitlines()[:4])
        else:
            return  # binary (XLSX): described, not exemplified
        example["responses"][status] = {"media_type": media, "body": body}
        request_type = response.request.headers.get("content-type", "")
        if example["request"] is None and request_type.startswith("application/json"):
            example["request"] = _trim(json.loads(response.request.content or b"null"))


def _operator(http: httpx.Client, settings: Settings) -> dict[str, str]:
    client_id, secret = _credentials(settings, None)
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    token = http.post("/v1/oauth/token", data=form).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def _credentials(settings: Settings, agency: str | None) -> tuple[str, str]:
    with session_scope(settings.database_url) as session:
        issued = issue_credentials(
            session=session,
            clock=get_clock(),
            role=Role.AGENCY if agency else Role.OPERATOR,
            agency_code=agency,
        )
    return issued.client_id, issued.client_secret


def record(base: str, settings: Settings, templates: list[str]) -> dict[str, Example]:
    recorder = Recorder(templates)
    hooks = {"response": [recorder.hook]}
    client_id, secret = _credentials(settings, AGENCY)
    with (
        VendorClient(base, client_id=client_id, client_secret=secret) as vendor,
        WebhookReceiver() as receiver,
        httpx.Client(base_url=base, event_hooks=hooks, timeout=60) as http,
    ):
        vendor.http.event_hooks = hooks
        citizens = http.get("/dancu/sandbox/citizens", params={"limit": 12, "min_age": 30})
        people = citizens.json()["citizens"]
        journey = earn_conformance(
            vendor,
            agency=AGENCY,
            citizens=people,
            now=datetime.now(UTC),
            say=lambda _: None,
            receiver=receiver,
        )
        assert journey.ok, journey.steps
        agency = {"Authorization": f"Bearer {vendor.token}"}
        _agency_reads(http, agency, people)
        _operator_reads(http, settings, people)
        _self_update(http, agency, people)
        _errors(http, agency, settings, people)
    return recorder.examples


def _agency_reads(http: httpx.Client, agency: dict[str, str], people: list[dict[str, Any]]) -> None:
    person = people[0]["person_id"]
    records = f"/v1/agencies/{AGENCY}/records"
    for path in (
        "/healthz",
        "/readyz",
        "/metrics",
        "/v1/agencies",
        f"/v1/agencies/{AGENCY}",
        "/v1/milestones",
        "/v1/rules",
        "/v1/templates/staff.csv",
        "/v1/sandbox/scenarios",
        "/v1/sandbox/persona-outcomes",
        records,
        f"{records}/{person}/history",
        f"/v1/agencies/{AGENCY}/quality",
        f"/v1/agencies/{AGENCY}/corrections.csv",
        f"/v1/onboarding/agencies/{AGENCY}",
        f"/v1/agencies/{AGENCY}/webhooks",
    ):
        http.get(path, headers=agency)
    http.get("/v1/me", headers=agency)
    http.put(
        f"/v1/agencies/{AGENCY}/headcount",
        json={"headcount": 1250, "note": "Biên chế được giao năm 2023 (Quyết định số 12/QĐ-UBND)"},
        headers=agency,
    )
    http.get(f"/v1/agencies/{AGENCY}/headcount", headers=agency)
    etag = http.get(f"{records}/{person}", headers=agency).headers["ETag"]
    http.post(
        f"{records}/{person}/status",
        json={"employment_status": "retired"},
        headers={**agency, "If-Match": etag},
    )
    hooks = http.get(f"/v1/agencies/{AGENCY}/webhooks", headers=agency).json()
    endpoint = hooks[0]["id"]
    http.get(f"/v1/agencies/{AGENCY}/webhooks/{endpoint}/attempts", headers=agency)
    spare = http.post(
        f"/v1/agencies/{AGENCY}/webhooks",
        json={"description": "Hộp thư thử nghiệm"},
        headers=agency,
    ).json()["id"]
    test = http.post(f"/v1/agencies/{AGENCY}/webhooks/{spare}/test", headers=agency).json()
    http.post(
        f"/v1/agencies/{AGENCY}/webhooks/{spare}/messages/{test['event_ids'][0]}/verification",
        json={"valid": True},
        headers=agency,
    )
    http.delete(f"/v1/agencies/{AGENCY}/webhooks/{spare}", headers=agency)


def _operator_reads(http: httpx.Client, settings: Settings, people: list[dict[str, Any]]) -> None:
    operator = _operator(http, settings)
    for path in ("/v1/dashboard", "/v1/dashboard/agencies.csv", "/v1/quality", "/v1/audit"):
        http.get(path, headers=operator)
    http.post(
        f"/v1/onboarding/agencies/{OTHER}/confirmations",
        json={"step": "sandbox_passed", "note": "Biên bản kiểm thử ngày 20/3/2023 của Sở TT&TT"},
        headers=operator,
    )
    http.get(f"/v1/onboarding/agencies/{OTHER}/confirmations", headers=operator)
    http.get("/v1/sandbox/conformance", params={"agency": AGENCY}, headers=operator)
    http.post("/v1/oauth/revoke", data={"token": operator["Authorization"].split()[1]})


def _self_update(http: httpx.Client, agency: dict[str, str], people: list[dict[str, Any]]) -> None:
    person = people[1]["person_id"]
    vneid = http.post("/dancu/sandbox/vneid/token", json={"person_id": person}).json()
    me = {"Authorization": f"Bearer {vneid['access_token']}"}
    http.get("/v1/self/records", headers=me)
    updates = []
    for address in (
        "Số 12, phố Lý Thường Kiệt, Hoàn Kiếm, Hà Nội",
        "Số 3, ngõ 45, Cầu Giấy, Hà Nội",
    ):
        proposed = http.post(
            "/v1/self/updates",
            json={"agency_code": AGENCY, "changes": {"permanent_address": address}},
            headers=me,
        )
        updates.append(proposed.json()["id"])
    http.get("/v1/self/updates", headers=me)
    http.get(f"/v1/agencies/{AGENCY}/self-updates", headers=agency)
    base = f"/v1/agencies/{AGENCY}/self-updates"
    http.post(
        f"{base}/{updates[0]}/confirm", json={"note": "Đã đối chiếu hồ sơ gốc"}, headers=agency
    )
    http.post(f"{base}/{updates[1]}/reject", json={"note": "Không khớp hồ sơ gốc"}, headers=agency)


def _errors(
    http: httpx.Client, agency: dict[str, str], settings: Settings, people: list[dict[str, Any]]
) -> None:
    """Each documented error, provoked as a vendor would by mistake."""
    batches = f"/v1/agencies/{AGENCY}/batches"
    record = staff_record(people[2], agency=AGENCY, now=datetime.now(UTC))
    key = {"Idempotency-Key": str(uuid.uuid4())}
    http.post(
        batches, content=b"{not json", headers={**agency, **key, "content-type": "application/json"}
    )
    http.post(batches, json={"records": [record] * 1001}, headers={**agency, **key})
    http.post(batches, json={"records": [{"person_id": "12"}]}, headers={**agency, **key})
    other = http.post(
        "/v1/agencies/UBND-079/batches", json={"records": [record]}, headers={**agency, **key}
    )
    assert other.status_code == 404
    http.get("/v1/me")
    http.post(
        "/v1/oauth/token",
        data={"grant_type": "client_credentials", "client_id": "nobody", "client_secret": "x"},
    )
    record_url = f"/v1/agencies/{AGENCY}/records/{people[3]['person_id']}"
    http.put(record_url, json=record | {"person_id": people[3]["person_id"]}, headers=agency)
    http.put(record_url, json=record | {"person_id": people[3]["person_id"]}, headers=agency)
    http.post(f"{record_url}/status", json={"employment_status": "retired"}, headers=agency)
    http.post(
        f"/v1/agencies/{AGENCY}/uploads",
        files={"file": ("anh.png", b"\x89PNG\r\n", "image/png")},
        data={"unit": "Văn phòng"},
        headers=agency,
    )
    http.post(
        f"/v1/agencies/{AGENCY}/uploads",
        files={"file": ("mau.csv", template_csv([record]), "text/csv")},
        data={"unit": "Văn phòng"},
        headers={**agency, "Idempotency-Key": "x" * 300},
    )
    client_id, secret = _credentials(settings, None)
    operator = {
        "Authorization": "Bearer "
        + http.post(
            "/v1/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret,
            },
        ).json()["access_token"]
    }
    http.put(f"/v1/agencies/{AGENCY}/headcount", json={"headcount": 10}, headers=operator)
    http.get("/v1/dashboard", headers=agency)
    http.get("/v1/sandbox/conformance", headers=operator)
    http.post(f"/v1/agencies/{AGENCY}/webhooks", json={"url": "ftp://x"}, headers=agency)


def main() -> None:
    from ccvc.app import create_app
    from gateway.main import create_app as create_gateway

    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'examples.db'}"
        port = free_port()
        settings = Settings(database_url=url, port=port, worker_poll_seconds=0.1)
        upgrade(url)
        seed_all(settings=settings, clock=get_clock())
        templates = list(create_gateway(settings).openapi()["paths"])
        with serve(create_app(settings), port=port, ready_path="/healthz") as base:
            examples = record(base, settings, templates)
    EXAMPLES_PATH.write_text(
        json.dumps(examples, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    )
    print(f"{len(examples)} operations recorded → {EXAMPLES_PATH}", file=sys.stderr)


if __name__ == "__main__":
    main()
