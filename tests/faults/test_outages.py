"""The national systems misbehave for a while — the bus answering 503, 429, timing out and
sending corrupted bodies in turn, or the population DB down — while agencies keep sending; then
they recover. Records wait (never dropped, never passed unchecked) and complete afterwards."""

from __future__ import annotations

import time

from sqlalchemy import func, select

from ccvc.db import session_scope
from ccvc.serving import free_port, serve
from gateway.batches.models import BatchItem
from mock_dancu.main import create_app as create_dancu
from tests.conftest import Database, start_sandbox
from tests.faults.reconcile import reconcile
from tests.faults.support import FAULT_SECONDS, acknowledge, records, report, set_bus_faults
from tests.support.agency import token_for, wait_for_status

AGENCIES = ("UBND-001", "UBND-079", "BNV")
BUS_FAULTS = ("unavailable=1", "rate_limited=1", "timeout", "malformed")


def _accepted_while_faulty(db_url: str) -> int:
    with session_scope(db_url) as session:
        return int(
            session.scalar(
                select(func.count()).select_from(BatchItem).where(BatchItem.status == "accepted")
            )
            or 0
        )


def test_bus_faults_for_a_while_then_recovery(database: Database) -> None:
    with start_sandbox(
        database,
        worker_backoff_max_seconds=1.0,
        worker_circuit_open_seconds=0.5,
        worker_poll_seconds=0.1,
        ndxp_service_timeout_seconds=0.5,
    ) as sandbox:
        base = sandbox.base_url
        tokens = {a: token_for(base, sandbox.settings, agency=a) for a in AGENCIES}
        pools = {a: records(base, a, 120, offset=i * 1000) for i, a in enumerate(AGENCIES)}
        batch_ids: list[str] = []
        at_risk = 0
        for phase, fault in enumerate(BUS_FAULTS):
            set_bus_faults(base, fault)
            # every agency sends during each kind of fault
            for agency in AGENCIES:
                chunk = pools[agency][phase * 30 : (phase + 1) * 30]
                batch_ids.append(acknowledge(base, tokens[agency], agency, chunk))
                at_risk += len(chunk)
            time.sleep(FAULT_SECONDS / len(BUS_FAULTS))
            assert _accepted_while_faulty(database.url) == 0, f"accepted during {fault}"
        set_bus_faults(base, None)
        senders = [a for _ in BUS_FAULTS for a in AGENCIES]
        for batch_id, agency in zip(batch_ids, senders, strict=True):
            wait_for_status(base, tokens[agency], batch_id, {"completed"}, timeout=120)
        result = reconcile(database.url, batch_ids)
        report(
            f"bus 503/429/timeout/malformed for {FAULT_SECONDS:.0f}s",
            database.backend,
            len(BUS_FAULTS),
            at_risk,
            result,
        )
        assert result.acknowledged == at_risk == 360


def test_population_db_down_then_back(database: Database) -> None:
    port = free_port()
    dancu_url = f"http://127.0.0.1:{port}"
    with start_sandbox(
        database,
        dancu_url=dancu_url,
        worker_backoff_max_seconds=1.0,
        worker_circuit_open_seconds=0.5,
        worker_poll_seconds=0.1,
    ) as sandbox:
        base = sandbox.base_url
        agency = AGENCIES[0]
        token = token_for(base, sandbox.settings, agency=agency)
        load = records(base, agency, 200)  # citizens from the combined app's own /dancu
        # the bus's provider (the population DB at dancu_url) is down: nothing listens there
        batch_ids = [acknowledge(base, token, agency, load[i : i + 50]) for i in range(0, 200, 50)]
        waiting = wait_for_status(base, token, batch_ids[-1], {"waiting"}, timeout=60)
        assert waiting["counts"]["accepted"] == 0
        time.sleep(FAULT_SECONDS / 2)
        assert _accepted_while_faulty(database.url) == 0
        with serve(create_dancu(sandbox.settings), port=port, ready_path="/healthz"):
            for batch_id in batch_ids:
                wait_for_status(base, token, batch_id, {"completed"}, timeout=120)
        result = reconcile(database.url, batch_ids)
        report("population DB down", database.backend, 1, 200, result)
