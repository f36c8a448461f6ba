"""No personal data in logs: a real `ccvc up` process handles identity-heavy traffic (personas,
records, uploads, failures); its whole log and the bus message log hold no personal number,
name or date of birth of the people involved."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

from ccvc.clock import get_clock
from gateway.sandbox.personas import persona_record
from tests.support.servers import free_port

AGENCY = "UBND-031"


def test_logs_and_message_log_hold_no_personal_data(tmp_path: Path) -> None:
    port = free_port()
    db = f"sqlite:///{tmp_path / 'pii.db'}"
    log_path = tmp_path / "server.log"
    with log_path.open("w") as sink:
        server = subprocess.Popen(
            [sys.executable, "-m", "ccvc", "up", "--port", str(port), "--db", db],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env={**os.environ, "CCVC_LOG_LEVEL": "INFO"},
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        creds = json.loads(
            subprocess.check_output(
                [
                    sys.executable,
                    "-m",
                    "ccvc",
                    "credentials",
                    "issue",
                    "--agency",
                    AGENCY,
                    "--db",
                    db,
                ]
            )
        )
        token = httpx.post(
            f"{base}/v1/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": creds["client_id"],
                "client_secret": creds["client_secret"],
            },
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        personas = httpx.get(f"{base}/dancu/sandbox/personas").json()["personas"]
        records = [persona_record(p, agency_code=AGENCY, now=get_clock().now()) for p in personas]
        batch = httpx.post(
            f"{base}/v1/agencies/{AGENCY}/batches",
            json={"records": records},
            headers={**headers, "Idempotency-Key": str(uuid.uuid4())},
        ).json()
        for _ in range(200):
            status = httpx.get(f"{base}/v1/batches/{batch['batch_id']}", headers=headers).json()
            if status["status"] == "completed":
                break
            time.sleep(0.1)
        exact = records[0]
        url = f"{base}/v1/agencies/{AGENCY}/records/{exact['person_id']}"
        httpx.put(url, json=exact, headers=headers, timeout=30)
        httpx.get(url, headers=headers)
        httpx.put(url, json={**exact, "full_name": {"x": 1}}, headers=headers)  # a 422
        httpx.put(url, json=exact, headers={**headers, "If-Match": '"v0"'})  # a 412
        bus = httpx.post(
            f"{base}/ndxp/oauth/token",
            data={"grant_type": "client_credentials"},
            auth=("ndxp-operator", "sandbox-operator-secret"),
        ).json()["access_token"]
        message_log = httpx.get(
            f"{base}/ndxp/admin/message-log",
            params={"limit": 500},
            headers={"Authorization": f"Bearer {bus}", "X-Road-Client": "VN/GOV/BNV/NDXP-OPERATOR"},
        ).text
    finally:
        server.terminate()
        server.wait(timeout=20)
    logs = log_path.read_text()
    assert logs.count('"event": "request"') >= 8, logs[-2000:]
    secrets = set()
    for persona in personas:
        citizen = persona["citizen"] or {}
        for value in (
            *persona["record"].values(),
            citizen.get("full_name"),
            citizen.get("date_of_birth"),
            citizen.get("person_id"),
            citizen.get("permanent_address"),
        ):
            if isinstance(value, str) and len(value) >= 6:
                secrets.add(value)
    assert len(secrets) > 30
    for secret in secrets:
        assert secret not in logs, f"personal data in the server log: {secret[:3]}…"
        assert secret not in message_log, f"personal data in the bus message log: {secret[:3]}…"


def test_the_suite_wide_scan_finds_what_it_must() -> None:
    """The scan every test run ends with (tests/conftest.py) flags a personal number, a name and
    a date outside the timestamp, and passes the lines the services really write."""
    from tests.support.pii_scan import findings

    clean = (
        '{"event": "request", "method": "GET", "route": "/v1/agencies/{code}/records/'
        '{person_id}", "status": 200, "duration_ms": 3.1, "request_id": '
        '"0b8f6f4e-2c1d-4a57-9a51-123456789012", "timestamp": "2026-11-23T10:00:00Z"}'
    )
    assert findings(clean) == []
    assert findings('{"event": "x", "person": "001090123456"}') == ["person: a 12-digit number"]
    assert findings('{"event": "x", "who": "Nguyễn Văn An"}') == [
        "who: non-ASCII letters (a name?)"
    ]
    assert findings('{"event": "x", "born": "1985-04-30"}') == ["born: a date"]
    assert findings("plain text 001090123456") == ["line: a 12-digit number"]
