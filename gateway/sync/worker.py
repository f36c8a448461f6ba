"""Workers of the durable queue: claim records, verify identities through the bus, apply the
rules, store results — exactly once, whatever crashes or outages happen in between.

How "exactly once" holds:
- A claim is a lease (`lease_owner`, `lease_until`) taken in one statement
  (`UPDATE … WHERE (batch_id, index) IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING`), so two
  workers never hold the same record; a killed worker's lease simply runs out.
- Results are written in one transaction whose first statement updates each record only
  while this worker holds its lease (`… WHERE lease_owner = me`), so a worker that lost a
  lease writes nothing for that record (when the count falls short, the round is written
  again with the records it still holds); the record, the staff record, its history and the
  batch counts commit together or not at all.
- When the bus or the population DB fails, records become `pending` with a backoff (honouring
  `Retry-After`) and a circuit opens after repeated failures: never dropped, never passed
  unchecked.
"""

from __future__ import annotations

import random
import socket
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from typing import Any, NamedTuple

import structlog
from sqlalchemy import or_, select, tuple_, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from ccvc.clock import Clock
from ccvc.db import get_sessionmaker, table_of, update_rows
from ccvc.settings import Settings
from gateway.batches.models import UNFINISHED, Batch, BatchItem, Channel, ItemStatus
from gateway.batches.service import refresh_batch
from gateway.population.client import BusUnavailable, PopulationClient
from gateway.quality.service import QualityDelta, apply_deltas
from gateway.rules.engine import evaluate
from gateway.rules.models import Evaluation, IdentityCheck, RecordContext
from gateway.sandbox.scenarios import fault_for
from gateway.staff.service import RoundWriter
from gateway.sync.context import Neighbourhood, neighbourhood
from gateway.sync.identity import UNAVAILABLE, check_identities
from gateway.webhooks.models import EventType
from gateway.webhooks.service import Announcer

log = structlog.get_logger("ccvc.worker")


@dataclass
class Circuit:
    """Opens after `threshold` failed rounds in a row; stays open, doubling, up to a minute."""

    threshold: int
    base_seconds: float
    failures: int = 0
    open_until: float = 0.0

    def allows(self) -> bool:
        return time.monotonic() >= self.open_until

    def success(self) -> None:
        self.failures = 0
        self.open_until = 0.0

    def failure(self) -> None:
        self.failures += 1
        if self.failures >= self.threshold:
            exponent = self.failures - self.threshold
            self.open_until = time.monotonic() + min(60.0, self.base_seconds * 2**exponent)


@dataclass
class RoundReport:
    claimed: int = 0
    accepted: int = 0
    rejected: int = 0
    pending: int = 0
    lost_lease: int = 0
    bus_error: str | None = None
    batches: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class RoundIdentity:
    """Per record of a round: what the population DB said, and the outage if it could not."""

    checks: list[IdentityCheck]
    errors: list[BusUnavailable | None]


@dataclass(frozen=True, slots=True)
class Claimed:
    """A record leased from the queue, with what its round needs."""

    batch_id: str
    index: int
    agency_code: str
    row_number: int | None
    payload: dict[str, Any]
    duplicate_of: int | None
    attempts: int

    @property
    def key(self) -> tuple[str, int]:
        """The record's place in the queue: (batch, position in it)."""
        return self.batch_id, self.index


CLAIMED_COLUMNS = tuple(f.name for f in fields(Claimed))


class Round(NamedTuple):
    """A round's records with what was found for them, ready to write."""

    items: Sequence[Claimed]
    batches: dict[str, Batch]
    evaluations: Sequence[Evaluation]
    identity: RoundIdentity


class LeaseLost(Exception):
    """A record of the round is no longer this worker's (its lease ran out, another took it)."""


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


class SyncWorker:
    def __init__(
        self,
        *,
        settings: Settings,
        clock: Clock,
        client: PopulationClient | None = None,
        worker_id: str | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.client = client or PopulationClient(settings)
        self.worker_id = worker_id or f"{socket.gethostname()}-{uuid.uuid4().hex[:8]}"
        self.sessions = get_sessionmaker(settings.database_url)
        self.circuit = Circuit(
            settings.worker_circuit_threshold, settings.worker_circuit_open_seconds
        )
        self.random = random.Random()

    # --- the queue -------------------------------------------------------------------------

    def claim(self, session: Session, limit: int) -> list[Claimed]:
        """Lease up to `limit` due records; the leased rows come back from the same statement
        (RETURNING), in claim order, so the round reads nothing more of the queue — as plain
        values, not ORM objects (cheaper by the thousand, and readable after a rollback)."""
        now = self.clock.now()
        queue = table_of(BatchItem)
        due = (
            select(queue.c.batch_id, queue.c.index)
            .where(
                UNFINISHED,  # the literal of the partial index ix_batch_items_due
                queue.c.next_attempt_at <= now,
                or_(queue.c.lease_until.is_(None), queue.c.lease_until < now),
            )
            .order_by(queue.c.next_attempt_at, queue.c.batch_id, queue.c.index)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        rows = session.execute(
            update(queue)
            .where(tuple_(queue.c.batch_id, queue.c.index).in_(due.scalar_subquery()))
            .values(
                lease_owner=self.worker_id,
                lease_until=now + timedelta(seconds=self.settings.worker_lease_seconds),
            )
            .returning(*(queue.c[name] for name in CLAIMED_COLUMNS))
        ).all()
        session.commit()
        return sorted((Claimed(*row) for row in rows), key=lambda item: item.key)

    def run_once(self) -> RoundReport:
        """Claim one round of due records and process it."""
        if not self.circuit.allows():
            return RoundReport()
        with self.sessions() as session:
            try:
                items = self.claim(session, self.settings.worker_batch_size)
            except OperationalError as exc:  # database briefly unavailable: try next round
                log.warning("claim_failed", error=type(exc).__name__)
                session.rollback()
                return RoundReport()
            if not items:
                return RoundReport()
            try:
                return self.process(session, items)
            except OperationalError as exc:
                # the connection dropped between claim and write: give the records back at
                # once rather than leave them leased until the lease runs out
                log.warning("round_interrupted", worker=self.worker_id, error=type(exc).__name__)
                session.rollback()
                with self.sessions() as fresh:
                    self._release(fresh, [item.key for item in items])
                return RoundReport()  # claimed nothing: wait a poll before the next try

    def run(self, stop: threading.Event) -> None:
        log.info("worker_started", worker=self.worker_id)
        while not stop.is_set():
            try:
                report = self.run_once()
            except Exception as exc:  # a worker never dies of one bad round
                log.error("round_failed", worker=self.worker_id, error=type(exc).__name__)
                report = RoundReport()
                stop.wait(self.settings.worker_poll_seconds)
            if report.claimed == 0:
                stop.wait(self.settings.worker_poll_seconds)
        log.info("worker_stopped", worker=self.worker_id)

    # --- one round -------------------------------------------------------------------------

    def process(self, session: Session, items: Sequence[Claimed]) -> RoundReport:
        batches = {
            b.id: b
            for b in session.scalars(select(Batch).where(Batch.id.in_({i.batch_id for i in items})))
        }
        around = neighbourhood(
            session, [(i.agency_code, _text(i.payload.get("person_id")) or "") for i in items]
        )
        session.commit()  # end the read transaction while the bus is called (no expiry)
        as_of = self.clock.today()
        identity = self._identities(items, batches, as_of)
        evaluations = [
            evaluate(
                item.payload, self._context(item, batches[item.batch_id], check, around, as_of)
            )
            for item, check in zip(items, identity.checks, strict=True)
        ]
        return self._write(session, items, batches, evaluations, identity)

    def _identities(
        self, items: Sequence[Claimed], batches: dict[str, Batch], as_of: date
    ) -> RoundIdentity:
        """One bus round per fault: records of batches running a sandbox scenario travel in
        calls of their own, so the scenario never touches other agencies' records, and only
        the unfaulted call counts for the circuit."""
        groups: dict[str | None, list[int]] = {}
        for position, item in enumerate(items):
            fault = fault_for(
                batches[item.batch_id].scenario, index=item.index, attempts=item.attempts
            )
            groups.setdefault(fault, []).append(position)
        checks: list[IdentityCheck] = [UNAVAILABLE] * len(items)
        errors: list[BusUnavailable | None] = [None] * len(items)
        for fault, positions in groups.items():
            result = check_identities(
                self.client, [items[p].payload for p in positions], as_of=as_of, fault=fault
            )
            for position, check in zip(positions, result.checks, strict=True):
                checks[position] = check
                errors[position] = result.error
            if fault is None:
                if result.error is None:
                    self.circuit.success()
                else:
                    self.circuit.failure()
        return RoundIdentity(checks, errors)

    def _context(
        self,
        item: Claimed,
        batch: Batch,
        identity: IdentityCheck,
        around: Neighbourhood,
        as_of: date,
    ) -> RecordContext:
        person_id = identity.person_id or _text(item.payload.get("person_id"))
        return RecordContext(
            as_of=as_of,
            agency_code=batch.agency_code,
            cohort=batch.cohort,  # type: ignore[arg-type]
            phase=batch.phase,  # type: ignore[arg-type]
            channel=batch.channel,  # type: ignore[arg-type]
            received_at=batch.created_at,
            identity=identity,
            duplicate_of_index=item.duplicate_of,
            active_in_other_agencies=around.elsewhere(batch.agency_code, person_id),
            other_channel_values=around.other_channels(batch.agency_code, person_id, batch.channel),
            agency_last_sync_at=around.last_sync.get(batch.agency_code),
            agency_first_sync_at=around.first_sync.get(batch.agency_code),
        )

    def _write(
        self,
        session: Session,
        items: Sequence[Claimed],
        batches: dict[str, Batch],
        evaluations: Sequence[Evaluation],
        identity: RoundIdentity,
    ) -> RoundReport:
        round_ = Round(items, batches, evaluations, identity)
        try:
            try:
                report = self._commit(session, round_, owned=None)
            except LeaseLost:
                # Some lease ran out and another worker took the record: find out which
                # records are still ours, holding them, and write only those.
                session.rollback()
                owned = self._reassert_leases(session, items, self.clock.now())
                report = self._commit(session, round_, owned=owned)
        except (IntegrityError, OperationalError, LeaseLost) as exc:
            # A concurrent write (the same person from two batches at once) or a database
            # hiccup: nothing of this round is kept; the leases run out and it is retried.
            session.rollback()
            log.warning("round_rolled_back", worker=self.worker_id, error=type(exc).__name__)
            self._release(session, [item.key for item in items])
            return RoundReport(claimed=len(items), bus_error="rolled back")
        error = next((e for e in identity.errors if e is not None), None)
        if error is not None:
            report.bus_error = error.reason
            log.warning(
                "bus_unavailable",
                worker=self.worker_id,
                reason=error.reason,
                pending=report.pending,
            )
        return report

    def _commit(
        self, session: Session, round_: Round, owned: set[tuple[str, int]] | None
    ) -> RoundReport:
        """Write a round's results in one transaction. Each record's result is written only
        while this worker still holds its lease (`lease_owner` in the UPDATE's condition, so
        no extra statement re-asserts the leases); the count of rows updated tells whether
        every lease held (`owned` None) — if not, LeaseLost, and the caller retries with the
        records it still holds (`owned`)."""
        items, batches, evaluations, identity = round_
        report = RoundReport(claimed=len(items))
        now = self.clock.now()
        kept: list[int] = []
        rows: list[dict[str, Any]] = []
        for position, item in enumerate(items):
            if owned is not None and item.key not in owned:
                report.lost_lease += 1
                continue
            check, error = identity.checks[position], identity.errors[position]
            rows.append(self._item_row(item, evaluations[position], check, error, now, report))
            kept.append(position)
            report.batches.add(item.batch_id)
        if update_rows(session, BatchItem, rows, only_if={"lease_owner": self.worker_id}) != len(
            rows
        ):
            raise LeaseLost
        deltas: dict[str, QualityDelta] = {}
        staged = [
            p for p in kept if evaluations[p].status != "pending" and items[p].duplicate_of is None
        ]
        writer = RoundWriter(
            session,
            {
                (items[p].agency_code, str(evaluations[p].record.get("person_id")))
                for p in staged
                if evaluations[p].record.get("person_id")
            },
        )
        for position in staged:
            item = items[position]
            writer.stage(
                agency_code=item.agency_code,
                channel=Channel(batches[item.batch_id].channel),
                actor=batches[item.batch_id].client_id,
                batch_id=item.batch_id,
                evaluation=evaluations[position],
                now=now,
                deltas=deltas,
            )
        writer.flush()
        self._announce_rejections(session, items, evaluations, rows, now)
        for batch_id in sorted(report.batches):  # one lock order for every worker
            # Lock the batch before counting: two workers finishing parts of one batch at
            # once must count one after the other, or each misses the other's records.
            batch = session.execute(
                select(Batch)
                .where(Batch.id == batch_id)
                .with_for_update()
                .execution_options(populate_existing=True)
            ).scalar_one_or_none()
            if batch is not None:
                refresh_batch(session, batch, now)
        if deltas:
            apply_deltas(session, deltas, now=now, today=self.clock.today())
        session.commit()
        return report

    def _announce_rejections(
        self,
        session: Session,
        items: Sequence[Claimed],
        evaluations: Sequence[Evaluation],
        rows: Sequence[dict[str, Any]],
        now: datetime,
    ) -> None:
        """`record.rejected` webhooks, in the round's transaction (no personal data: the
        batch, the position and the rules; the vendor reads the result for the rest)."""
        rejected = {(r["batch_id"], r["index"]) for r in rows if r["status"] == "rejected"}
        if not rejected:
            return
        announcer = Announcer(session, {item.agency_code for item in items})
        for item, evaluation in zip(items, evaluations, strict=True):
            if item.key not in rejected:
                continue
            if not announcer.wants(item.agency_code, EventType.RECORD_REJECTED):
                continue
            data = {
                "batch_id": item.batch_id,
                "index": item.index,
                "row_number": item.row_number,
                "rules": sorted({f.rule for f in evaluation.findings if f.severity == "error"}),
                "links": {
                    "results": f"/v1/batches/{item.batch_id}/results?offset={item.index}&limit=1"
                },
            }
            announcer.announce(item.agency_code, EventType.RECORD_REJECTED, data, now)

    def _release(self, session: Session, keys: Sequence[tuple[str, int]]) -> None:
        """Give the round's records back at once (a conflicting write rolled the round back,
        or the connection dropped): they are retried in the next round instead of waiting for
        the lease to run out."""
        try:
            session.execute(
                update(BatchItem)
                .where(
                    tuple_(BatchItem.batch_id, BatchItem.index).in_(list(keys)),
                    BatchItem.lease_owner == self.worker_id,
                )
                .values(lease_owner=None, lease_until=None)
                .execution_options(synchronize_session=False)
            )
            session.commit()
        except (IntegrityError, OperationalError):
            session.rollback()  # the leases will run out instead

    def _reassert_leases(
        self, session: Session, items: Sequence[Claimed], now: datetime
    ) -> set[tuple[str, int]]:
        """The round's records this worker still holds, held until the round commits (after
        a round found that some lease had been lost).

        On PostgreSQL a row lock does it (`SELECT … FOR UPDATE`: no new row version, where an
        UPDATE would rewrite every record of the round once more); SQLite has no row locks,
        so there the lease is extended by an UPDATE, which takes the database's write lock."""
        mine = (
            tuple_(BatchItem.batch_id, BatchItem.index).in_([item.key for item in items]),
            BatchItem.lease_owner == self.worker_id,
            BatchItem.status.in_([ItemStatus.QUEUED.value, ItemStatus.PENDING.value]),
        )
        if session.get_bind().dialect.name == "postgresql":
            rows = session.execute(
                select(BatchItem.batch_id, BatchItem.index).where(*mine).with_for_update()
            ).all()
        else:
            rows = session.execute(
                update(BatchItem)
                .where(*mine)
                .values(lease_until=now + timedelta(seconds=self.settings.worker_lease_seconds))
                .returning(BatchItem.batch_id, BatchItem.index)
                .execution_options(synchronize_session=False)
            ).all()
        return {(row[0], row[1]) for row in rows}

    def _item_row(
        self,
        item: Claimed,
        evaluation: Evaluation,
        check: IdentityCheck | None,
        error: BusUnavailable | None,
        now: datetime,
        report: RoundReport,
    ) -> dict[str, Any]:
        attempts = item.attempts + 1
        status = evaluation.status
        next_attempt = now
        if status == "pending":
            report.pending += 1
            next_attempt = now + timedelta(seconds=self._backoff(attempts, error))
        elif status == "accepted":
            report.accepted += 1
        else:
            report.rejected += 1
        return {
            "batch_id": item.batch_id,
            "index": item.index,
            "status": status,
            "result": result_json(evaluation, check, error),
            "attempts": attempts,
            "next_attempt_at": next_attempt,
            "processed_at": now if status != "pending" else None,
            "lease_owner": None,
            "lease_until": None,
        }

    def _backoff(self, attempts: int, error: BusUnavailable | None) -> float:
        ceiling = self.settings.worker_backoff_max_seconds
        delay = min(ceiling, 2.0 ** min(attempts, 10)) * self.random.uniform(0.5, 1.0)
        if error is not None and error.retry_after is not None:
            delay = max(delay, min(ceiling, error.retry_after))
        return delay


def identity_json(check: IdentityCheck | None, error: BusUnavailable | None) -> dict[str, Any]:
    """What the population DB said, for the agency: verdicts only, never registry values."""
    if error is not None or check is None:
        return {"status": "unavailable", "reason": error.reason if error else "not checked"}
    return {
        "status": check.status,
        "fields": dict(check.fields),
        "normalisations": list(check.normalisations),
        "hints": dict(check.hints),
    }


def result_json(
    evaluation: Evaluation, check: IdentityCheck | None, error: BusUnavailable | None
) -> dict[str, Any]:
    return {
        "person_id": evaluation.record.get("person_id"),
        "dimensions": {d.value: v.value for d, v in evaluation.dimensions.items()},
        "findings": [f.as_dict() for f in evaluation.findings],
        "supplemented": dict(evaluation.supplemented),
        "identity": identity_json(check, error),
    }
