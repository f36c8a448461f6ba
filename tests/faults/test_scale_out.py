"""Scale-out: two gateway processes and two worker processes on one PostgreSQL share the
queue. Vendors send to either gateway at once — one batch even to both with the same
Idempotency-Key — and both workers claim records. Every record is processed exactly once
(one attempt each, no person stored twice) and none is lost."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from sqlalchemy import func, select

from ccvc.db import session_scope
from ccvc.serving import free_port
from gateway.batches.models import BatchItem
from tests.conftest import Database
from tests.faults.reconcile import reconcile
from tests.faults.support import acknowledge, records, report, start_gateway, start_worker
from tests.support.agency import auth, credentials_for, wait_for_status

AGENCIES = ("UBND-079", "UBND-001", "BNV", "UBND-048")
PER_AGENCY = 1000
BATCH = 250


def _token(base: str, client_id: str, secret: str) -> str:
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    return str(httpx.post(f"{base}/v1/oauth/token", data=form).json()["access_token"])


def test_two_gateways_and_two_workers_process_each_record_once(
    postgres_database: tuple[Database, str], tmp_path: Path
) -> None:
    from ccvc.settings import Settings

    database, _ = postgres_database
    log = tmp_path / "processes.log"
    ports = [free_port(), free_port()]
    gateways = [start_gateway(database.url, p, log, CCVC_WORKERS="0") for p in ports]
    bases = [f"http://127.0.0.1:{p}" for p in ports]
    workers = [
        start_worker(database.url, f"{bases[i]}/ndxp", log, batch_size=50, lease_seconds=30)
        for i in range(2)
    ]
    owners: set[str] = set()
    sampling = threading.Event()

    def sample_lease_owners() -> None:
        while not sampling.is_set():
            with session_scope(database.url) as session:
                owners.update(
                    session.scalars(
                        select(BatchItem.lease_owner).where(BatchItem.lease_owner.is_not(None))
                    )
                )
            time.sleep(0.05)

    sampler = threading.Thread(target=sample_lease_owners)
    sampler.start()
    try:
        settings = Settings(database_url=database.url)
        tokens = {}
        for code in AGENCIES:
            issued = credentials_for(settings, agency=code)
            tokens[code] = _token(bases[0], issued.client_id, issued.client_secret)
        jobs = []
        for offset, code in enumerate(AGENCIES):
            load = records(bases[0], code, PER_AGENCY, offset=offset * PER_AGENCY)
            jobs.extend((code, load[i : i + BATCH]) for i in range(0, PER_AGENCY, BATCH))

        def send(numbered: tuple[int, tuple[str, list[dict[str, object]]]]) -> str:
            n, (code, chunk) = numbered
            return acknowledge(bases[n % 2], tokens[code], code, chunk)

        with ThreadPoolExecutor(4) as pool:
            batch_ids = list(pool.map(send, enumerate(jobs)))

        # one more batch, sent to both gateways at the same moment with the same key
        twin = records(bases[0], AGENCIES[0], 10, offset=len(AGENCIES) * PER_AGENCY)
        headers = {**auth(tokens[AGENCIES[0]]), "Idempotency-Key": "twin-2023-03"}

        def twin_send(base: str) -> httpx.Response:
            url = f"{base}/v1/agencies/{AGENCIES[0]}/batches"
            for _ in range(50):
                answer = httpx.post(url, json={"records": twin}, headers=headers, timeout=60)
                if answer.status_code != 409:  # the other replica is still storing it
                    return answer
                time.sleep(0.1)
            return answer

        with ThreadPoolExecutor(2) as pool:
            answers = list(pool.map(twin_send, bases))
        assert [a.status_code for a in answers] == [202, 202], [a.text for a in answers]
        assert answers[0].json()["batch_id"] == answers[1].json()["batch_id"]
        batch_ids.append(answers[0].json()["batch_id"])

        for n, batch_id in enumerate(batch_ids):
            code = AGENCIES[0] if n == len(batch_ids) - 1 else jobs[n][0]
            wait_for_status(bases[n % 2], tokens[code], batch_id, {"completed"}, timeout=300)
    finally:
        sampling.set()
        sampler.join()
        for process in [*workers, *gateways]:
            process.terminate()
            process.wait(timeout=30)

    result = reconcile(database.url, batch_ids)
    report("two gateways + two workers on one PostgreSQL", "postgres", 0, 0, result)
    assert result.clean, result
    assert result.acknowledged == len(AGENCIES) * PER_AGENCY + len(twin)
    with session_scope(database.url) as session:
        attempts = dict(
            session.execute(
                select(BatchItem.attempts, func.count())
                .where(BatchItem.batch_id.in_(batch_ids))
                .group_by(BatchItem.attempts)
            ).all()
        )
    assert attempts == {1: result.acknowledged}, attempts  # no record processed twice
    assert len(owners) == 2, owners  # both workers claimed records
