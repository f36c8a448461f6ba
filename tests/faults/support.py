"""Helpers of the fault suite: citizens → records, submitting and remembering what was
acknowledged, the bus operator's fault switch, and one line of figures per fault test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from mock_ndxp.seeding import OPERATOR_CLIENT_ID, OPERATOR_SECRET
from tests.faults.reconcile import Reconciliation
from tests.support.agency import staff_record_from_citizen

FIGURES = Path(__file__).resolve().parents[2] / "test-artifacts" / "faults.jsonl"
# How long the bus misbehaves in the outage tests; CI keeps it short, `CCVC_FAULT_SECONDS=180`
# gives the "for minutes" run.
FAULT_SECONDS = float(os.environ.get("CCVC_FAULT_SECONDS", "12"))


def records(base_url: str, agency: str, n: int, offset: int = 0) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    while len(out) < n:
        page = httpx.get(
            f"{base_url}/dancu/sandbox/citizens",
            params={"limit": min(1000, n - len(out)), "offset": offset},
            timeout=60,
        ).json()
        out.extend(staff_record_from_citizen(c, agency=agency) for c in page["citizens"])
        offset = page["next_offset"]
    return out


def acknowledge(base_url: str, token: str, agency: str, batch: list[dict[str, Any]]) -> str:
    """Submit until acknowledged (a vendor retries with the same key); the batch id."""
    key = str(uuid.uuid4())
    for _ in range(20):
        try:
            response = httpx.post(
                f"{base_url}/v1/agencies/{agency}/batches",
                json={"records": batch},
                headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
                timeout=60,
            )
        except httpx.TransportError:
            continue
        if response.status_code == 202:
            return str(response.json()["batch_id"])
    raise AssertionError("never acknowledged")


def start_worker(
    db_url: str, ndxp_url: str, log: Path, *, batch_size: int, lease_seconds: float
) -> subprocess.Popen[bytes]:
    """A `ccvc worker` process (the one a test may SIGKILL), its output appended to `log`."""
    env = {
        **os.environ,
        "CCVC_WORKER_BATCH_SIZE": str(batch_size),
        "CCVC_WORKER_LEASE_SECONDS": str(lease_seconds),
        "CCVC_WORKER_POLL_SECONDS": "0.05",
    }
    with log.open("ab") as sink:
        return subprocess.Popen(
            [sys.executable, "-m", "ccvc", "worker", "--db", db_url, "--ndxp-url", ndxp_url],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=env,
        )


def start_gateway(db_url: str, port: int, log: Path, **env: str) -> subprocess.Popen[bytes]:
    """A `ccvc up` process on `port` (environment overrides in `env`), ready when returned."""
    environment = {**os.environ, "CCVC_WORKER_POLL_SECONDS": "0.1", **env}
    with log.open("ab") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "ccvc", "up", "--db", db_url, "--port", str(port)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            env=environment,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise AssertionError(log.read_text()[-2000:])


def bus_operator(base_url: str) -> dict[str, str]:
    token = httpx.post(
        f"{base_url}/ndxp/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(OPERATOR_CLIENT_ID, OPERATOR_SECRET),
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}", "X-Road-Client": "VN/GOV/BNV/NDXP-OPERATOR"}


def set_bus_faults(base_url: str, faults: str | None) -> None:
    headers = bus_operator(base_url)
    if faults is None:
        response = httpx.delete(f"{base_url}/ndxp/admin/faults", headers=headers)
    else:
        response = httpx.put(
            f"{base_url}/ndxp/admin/faults",
            json={"faults": faults, "for_seconds": 3600},
            headers=headers,
        )
    assert response.status_code in (200, 201, 204), response.text


def report(test: str, backend: str, faults: int, at_risk: int, result: Reconciliation) -> None:
    """One line of figures per run (test-artifacts/faults.jsonl, for the README's table)."""
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    line = {
        "test": test,
        "backend": backend,
        "faults_injected": faults,
        "records_at_risk": at_risk,
        "acknowledged": result.acknowledged,
        "accounted_once": result.accounted,
        "lost": result.lost,
        "duplicated": result.duplicated,
        "unchecked": result.unchecked,
    }
    with FIGURES.open("a") as sink:
        sink.write(json.dumps(line) + "\n")
    assert result.clean, (line, result.problems[:5])
