"""The gateway worker killed with SIGKILL at random points of a large load, ten times; a last
worker finishes. Every acknowledged record is accounted for exactly once."""

from __future__ import annotations

import random
import signal
import time
from pathlib import Path

from sqlalchemy import func, select

from ccvc.db import session_scope
from gateway.batches.models import BatchItem
from tests.conftest import Database, start_sandbox
from tests.faults.reconcile import FINAL, reconcile
from tests.faults.support import acknowledge, records, report, start_worker
from tests.support.agency import token_for, wait_for_status

AGENCY = "UBND-079"
TOTAL = 2000
KILLS = 10


def _progress(db_url: str) -> tuple[int, set[tuple[str, int]]]:
    """(records in a final state, records claimed and unfinished — at risk if a worker dies)."""
    with session_scope(db_url) as session:
        done = session.scalar(
            select(func.count()).select_from(BatchItem).where(BatchItem.status.in_(FINAL))
        )
        leased = session.execute(
            select(BatchItem.batch_id, BatchItem.index).where(
                BatchItem.lease_owner.is_not(None), BatchItem.status.not_in(FINAL)
            )
        ).all()
    return int(done or 0), {(b, i) for b, i in leased}


def test_ten_sigkills_lose_and_duplicate_nothing(database: Database, tmp_path: Path) -> None:
    rng = random.Random(72)
    with start_sandbox(database, workers=0) as sandbox:
        token = token_for(sandbox.base_url, sandbox.settings, agency=AGENCY)
        load = records(sandbox.base_url, AGENCY, TOTAL)
        batch_ids = [
            acknowledge(sandbox.base_url, token, AGENCY, load[i : i + 1000])
            for i in range(0, TOTAL, 1000)
        ]
        ndxp = f"{sandbox.base_url}/ndxp"
        log = tmp_path / "worker.log"
        at_risk: set[tuple[str, int]] = set()
        killed_mid_load = 0
        for kill in range(KILLS):
            worker = start_worker(database.url, ndxp, log, batch_size=50, lease_seconds=2)
            # a random point: some records after this worker started, well before the end
            start, _ = _progress(database.url)
            target = min(TOTAL - 50, start + rng.randint(20, 150))
            deadline = time.monotonic() + 60
            while _progress(database.url)[0] < target and time.monotonic() < deadline:
                time.sleep(rng.uniform(0.01, 0.08))
            done, claimed = _progress(database.url)
            worker.send_signal(signal.SIGKILL)
            worker.wait()
            at_risk |= claimed
            killed_mid_load += done < TOTAL
            assert worker.returncode == -signal.SIGKILL, kill
        assert killed_mid_load == KILLS, "every kill happened with records still to process"
        survivor = start_worker(database.url, ndxp, log, batch_size=50, lease_seconds=2)
        try:
            for batch_id in batch_ids:
                wait_for_status(sandbox.base_url, token, batch_id, {"completed"}, timeout=180)
        finally:
            survivor.terminate()
            survivor.wait(timeout=30)
        result = reconcile(database.url, batch_ids)
        report("worker SIGKILL ×10", database.backend, KILLS, len(at_risk), result)
        assert result.acknowledged == TOTAL
