"""The database drops every connection of the sandbox, again and again, while a load is being
processed (PostgreSQL: `pg_terminate_backend`, what a failover or a restart does). Transactions
cut in the middle roll back; the workers retry; every acknowledged record is accounted for once,
and callers meanwhile get a 503 problem to retry, never a 500."""

from __future__ import annotations

import threading
import time

import httpx
import psycopg
import pytest

from tests.conftest import Database, start_sandbox
from tests.faults.reconcile import reconcile
from tests.faults.support import acknowledge, records, report
from tests.support.agency import auth, token_for

AGENCY = "UBND-048"
DROPS = 8
LOAD = 3000  # enough that the workers are still busy while the drops come (0.15 s apart)


def _unfinished(admin_url: str, name: str) -> int:
    plain = admin_url.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0]
    with psycopg.connect(f"{plain}/{name}", autocommit=True) as conn:
        row = conn.execute(
            "SELECT count(*) FROM batch_items WHERE status NOT IN ('accepted', 'rejected')"
        ).fetchone()
    return int(row[0]) if row else 0


def _drop_connections(admin_url: str, name: str) -> int:
    plain = admin_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        ).fetchall()
    return len(rows)


@pytest.mark.postgres
def test_connections_dropped_mid_transaction(
    postgres_database: tuple[Database, str], postgres_admin_url: str
) -> None:
    database, name = postgres_database
    with start_sandbox(
        database, worker_poll_seconds=0.05, worker_backoff_max_seconds=0.5, worker_batch_size=100
    ) as sandbox:
        base = sandbox.base_url
        token = token_for(base, sandbox.settings, agency=AGENCY)
        load = records(base, AGENCY, LOAD)
        batch_ids = [
            acknowledge(base, token, AGENCY, load[i : i + 500]) for i in range(0, LOAD, 500)
        ]
        statuses: list[int] = []
        stop = threading.Event()

        def poll() -> None:  # a vendor polling throughout: 503s are fine, 500s are not
            while not stop.is_set():
                try:
                    r = httpx.get(f"{base}/v1/batches/{batch_ids[0]}", headers=auth(token))
                    statuses.append(r.status_code)
                except httpx.TransportError:
                    pass
                time.sleep(0.02)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        terminated = mid_load = 0
        for _ in range(DROPS):
            time.sleep(0.15)
            mid_load += _unfinished(postgres_admin_url, name) > 0
            terminated += _drop_connections(postgres_admin_url, name)
        stop.set()
        poller.join(timeout=10)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            states = []
            for batch_id in batch_ids:
                r = httpx.get(f"{base}/v1/batches/{batch_id}", headers=auth(token))
                states.append(r.json().get("status") if r.status_code == 200 else None)
            if states == ["completed"] * len(batch_ids):
                break
            time.sleep(0.3)
        assert terminated >= DROPS, "connections were really cut"
        assert mid_load >= DROPS // 2, "most drops hit records still being processed"
        assert 500 not in statuses, sorted(set(statuses))
        result = reconcile(database.url, batch_ids)
        report("database connections dropped ×8", database.backend, DROPS, LOAD, result)
