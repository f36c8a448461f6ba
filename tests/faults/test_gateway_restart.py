"""The gateway process killed (SIGKILL) while a template upload is in flight, then started
again on the same database. The vendor retries the upload with the same Idempotency-Key until
it is acknowledged: the rows end up in exactly one batch, each processed once."""

from __future__ import annotations

import csv
import io
import signal
import threading
import time
from pathlib import Path

import httpx

from ccvc.clock import get_clock
from ccvc.db import session_scope
from ccvc.serving import free_port
from gateway.auth.models import Role
from gateway.auth.service import issue_credentials
from tests.conftest import Database
from tests.faults.reconcile import reconcile
from tests.faults.support import records, report, start_gateway
from tests.support.agency import wait_for_status

AGENCY = "UBND-001"
ROWS = 3000
KEY = "upload-2023-03-so-noi-vu"


def _csv(rows: list[dict[str, object]]) -> bytes:
    fields = [k for k in rows[0] if k != "agency_code"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, extrasaction="ignore")
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in r.items()} for r in rows)
    return buffer.getvalue().encode()


def _upload(base: str, token: str, body: bytes) -> httpx.Response:
    return httpx.post(
        f"{base}/v1/agencies/{AGENCY}/uploads",
        files={"file": ("mau-ho-so.csv", body, "text/csv")},
        data={"unit": "Sở Nội vụ"},
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": KEY},
        timeout=120,
    )


def test_gateway_killed_during_an_upload(database: Database, tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "gateway.log"
    server = start_gateway(database.url, port, log, CCVC_IDEMPOTENCY_IN_FLIGHT_SECONDS="3")
    try:
        with session_scope(database.url) as session:
            issued = issue_credentials(
                session=session, clock=get_clock(), role=Role.AGENCY, agency_code=AGENCY
            )
        token = httpx.post(
            f"{base}/v1/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": issued.client_id,
                "client_secret": issued.client_secret,
            },
        ).json()["access_token"]
        body = _csv(records(base, AGENCY, ROWS))
        first: list[httpx.Response | Exception] = []

        def send() -> None:
            try:
                first.append(_upload(base, token, body))
            except httpx.TransportError as exc:
                first.append(exc)

        sender = threading.Thread(target=send)
        sender.start()
        time.sleep(0.15)  # the upload is being read and parsed
        server.send_signal(signal.SIGKILL)
        server.wait()
        sender.join(timeout=120)
        killed_in_flight = isinstance(first[0], Exception)

        server = start_gateway(database.url, port, log, CCVC_IDEMPOTENCY_IN_FLIGHT_SECONDS="3")
        answers = []
        for _ in range(20):  # the vendor retries with the same key until acknowledged
            response = _upload(base, token, body)
            answers.append(response.status_code)
            if response.status_code == 202:
                break
            time.sleep(int(response.headers.get("Retry-After", "1")))
        assert answers[-1] == 202, answers
        batch_id = response.json()["batch"]["batch_id"]
        again = _upload(base, token, body)  # and once more: the same batch, not a new one
        assert again.status_code == 202 and again.json()["batch"]["batch_id"] == batch_id
        wait_for_status(base, token, batch_id, {"completed"}, timeout=180)
        result = reconcile(database.url, [batch_id])
        report(
            "gateway SIGKILL during a template upload",
            database.backend,
            1,
            ROWS,
            result,
        )
        assert result.acknowledged == ROWS
        assert killed_in_flight, "the first upload was cut off, not answered"
    finally:
        server.terminate()
        server.wait(timeout=30)
