"""Nothing acknowledged is lost: bus outages leave records pending until recovery, and a worker
killed with SIGKILL mid-batch loses nothing and duplicates nothing. Real processes, real HTTP."""

from __future__ import annotations

import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select, tuple_, update

from ccvc.db import session_scope
from gateway.batches.models import BatchItem
from gateway.staff.models import StaffRecord, StaffRecordChange
from tests.conftest import Database, Sandbox, start_sandbox
from tests.faults.support import bus_operator, start_worker
from tests.support.agency import (
    all_results,
    staff_record_from_citizen,
    submit,
    token_for,
    wait_for_status,
)

AGENCY = "UBND-001"


def _citizens(base_url: str, n: int) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    offset = 0
    while len(out) < n:
        page = httpx.get(
            f"{base_url}/dancu/sandbox/citizens",
            params={"limit": min(1000, n - len(out)), "offset": offset},
            timeout=30,
        ).json()
        out.extend(page["citizens"])
        offset = page["next_offset"]
    return out


@pytest.fixture
def fast_sandbox(database: Database) -> Iterator[Sandbox]:
    with start_sandbox(
        database,
        worker_backoff_max_seconds=1.0,
        worker_circuit_open_seconds=0.5,
        worker_poll_seconds=0.1,
    ) as running:
        yield running


def test_bus_outage_leaves_records_pending_then_completes(fast_sandbox: Sandbox) -> None:
    sandbox = fast_sandbox
    token = token_for(sandbox.base_url, sandbox.settings, agency=AGENCY)
    records = [staff_record_from_citizen(c, agency=AGENCY) for c in _citizens(sandbox.base_url, 30)]
    operator = bus_operator(sandbox.base_url)
    fault = httpx.put(
        f"{sandbox.base_url}/ndxp/admin/faults",
        json={"faults": "unavailable=1", "for_seconds": 30},
        headers=operator,
    )
    assert fault.status_code in (200, 201), fault.text
    batch_id = submit(sandbox.base_url, token, AGENCY, records).json()["batch_id"]
    waiting = wait_for_status(sandbox.base_url, token, batch_id, {"waiting"})
    assert waiting["counts"]["pending"] == 30 and waiting["counts"]["accepted"] == 0
    pending = all_results(sandbox.base_url, token, batch_id)
    assert {r["status"] for r in pending} == {"pending"}
    assert {r["dimensions"]["dung"] for r in pending} == {"pending"}, "never passed unchecked"

    assert httpx.delete(f"{sandbox.base_url}/ndxp/admin/faults", headers=operator).status_code in (
        200,
        204,
    )
    done = wait_for_status(sandbox.base_url, token, batch_id, {"completed"}, timeout=90)
    assert done["counts"]["accepted"] == 30
    assert done["counts"]["pending"] == 0
    with session_scope(sandbox.settings.database_url) as session:
        assert session.scalar(select(func.count()).select_from(StaffRecord)) == 30
        assert session.scalar(select(func.count()).select_from(StaffRecordChange)) == 30


@pytest.mark.slow
def test_worker_killed_mid_batch_processes_every_record_exactly_once(
    database: Database, tmp_path: Path
) -> None:
    with start_sandbox(database, workers=0) as sandbox:
        token = token_for(sandbox.base_url, sandbox.settings, agency=AGENCY)
        citizens = _citizens(sandbox.base_url, 600)
        records = [staff_record_from_citizen(c, agency=AGENCY) for c in citizens]
        batch_id = submit(sandbox.base_url, token, AGENCY, records).json()["batch_id"]
        ndxp = f"{sandbox.base_url}/ndxp"
        log = tmp_path / "worker.log"
        for kills in range(3):  # kill three workers at different points of the batch
            worker = start_worker(database.url, ndxp, log, batch_size=40, lease_seconds=3)
            deadline = time.monotonic() + 60
            while _done(database.url) < 40 * (kills + 1) and time.monotonic() < deadline:
                time.sleep(0.05)
            worker.send_signal(signal.SIGKILL)
            worker.wait()
        assert _done(database.url) < 600, "the kills happened mid-batch"
        survivor = start_worker(database.url, ndxp, log, batch_size=40, lease_seconds=3)
        try:
            done = wait_for_status(sandbox.base_url, token, batch_id, {"completed"}, timeout=120)
        finally:
            survivor.terminate()
            survivor.wait(timeout=20)
        assert done["counts"]["accepted"] + done["counts"]["rejected"] == 600
        results = all_results(sandbox.base_url, token, batch_id)
        assert [r["index"] for r in results] == list(range(600))
        with session_scope(database.url) as session:
            assert session.scalar(select(func.count()).select_from(StaffRecord)) == 600
            per_person = session.execute(
                select(StaffRecordChange.person_id, func.count()).group_by(
                    StaffRecordChange.person_id
                )
            ).all()
            assert len(per_person) == 600
            assert {count for _, count in per_person} == {1}, "no record processed twice"
            attempts = session.scalars(select(BatchItem.attempts)).all()
            assert all(a >= 1 for a in attempts)


def _done(db_url: str) -> int:
    with session_scope(db_url) as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(BatchItem)
                .where(BatchItem.status.in_(["accepted", "rejected"]))
            )
            or 0
        )


def test_two_concurrent_workers_share_a_batch_and_count_it_right(
    database: Database, tmp_path: Path
) -> None:
    """Workers finishing parts of one batch at once must not lose each other's counts."""
    with start_sandbox(database, workers=0) as sandbox:
        token = token_for(sandbox.base_url, sandbox.settings, agency=AGENCY)
        records = [
            staff_record_from_citizen(c, agency=AGENCY) for c in _citizens(sandbox.base_url, 400)
        ]
        batch_id = submit(sandbox.base_url, token, AGENCY, records).json()["batch_id"]
        log = tmp_path / "workers.log"
        ndxp = f"{sandbox.base_url}/ndxp"
        workers = [
            start_worker(database.url, ndxp, log, batch_size=40, lease_seconds=3) for _ in range(2)
        ]
        try:
            done = wait_for_status(sandbox.base_url, token, batch_id, {"completed"}, timeout=120)
        finally:
            for worker in workers:
                worker.terminate()
                worker.wait(timeout=20)
        assert done["counts"]["accepted"] + done["counts"]["rejected"] == 400
        with session_scope(database.url) as session:
            owners = session.scalars(select(func.count()).select_from(StaffRecordChange)).one()
            assert owners == 400


def test_a_round_writes_only_the_records_whose_lease_it_still_holds(database: Database) -> None:
    """A worker slower than its lease: three of its records were taken by another worker
    meanwhile. Its round writes the other seven (results, staff records, history) and leaves
    the three to their new holder, who finishes them; nothing is written twice."""
    from ccvc.clock import get_clock
    from gateway.sync.worker import SyncWorker

    with start_sandbox(database, workers=0) as sandbox:
        token = token_for(sandbox.base_url, sandbox.settings, agency=AGENCY)
        records = [
            staff_record_from_citizen(c, agency=AGENCY) for c in _citizens(sandbox.base_url, 10)
        ]
        batch_id = submit(sandbox.base_url, token, AGENCY, records).json()["batch_id"]
        slow = SyncWorker(settings=sandbox.settings, clock=get_clock(), worker_id="slow")
        with slow.sessions() as session:
            items = slow.claim(session, 10)
            assert len(items) == 10
            taken = [(i.batch_id, i.index) for i in items[2:5]]
            session.execute(
                update(BatchItem)
                .where(tuple_(BatchItem.batch_id, BatchItem.index).in_(taken))
                .values(lease_owner="other")
            )
            session.commit()
            report = slow.process(session, items)
        assert (report.lost_lease, report.accepted + report.rejected) == (3, 7)
        with session_scope(database.url) as session:
            waiting = session.execute(
                select(BatchItem.index, BatchItem.status, BatchItem.lease_owner).where(
                    BatchItem.status == "queued"
                )
            ).all()
            assert sorted(waiting) == [
                (2, "queued", "other"),
                (3, "queued", "other"),
                (4, "queued", "other"),
            ]
            assert session.scalar(select(func.count()).select_from(StaffRecord)) == 7
            session.execute(update(BatchItem).values(lease_owner=None, lease_until=None))
        other = SyncWorker(settings=sandbox.settings, clock=get_clock(), worker_id="other")
        assert other.run_once().claimed == 3
        done = wait_for_status(sandbox.base_url, token, batch_id, {"completed"}, timeout=30)
        assert done["counts"]["accepted"] + done["counts"]["rejected"] == 10
        with session_scope(database.url) as session:
            assert session.scalar(select(func.count()).select_from(StaffRecord)) == 10
            assert session.scalar(select(func.count()).select_from(StaffRecordChange)) == 10
        slow.client.close()
        other.client.close()
