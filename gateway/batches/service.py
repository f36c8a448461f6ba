"""Submitting batches (durable before the 202, idempotent by key) and reading their results."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ccvc import json_codec
from ccvc.clock import Clock
from ccvc.db import insert_rows
from ccvc.problems import Problem
from gateway.agencies.models import Agency
from gateway.batches.models import (
    Batch,
    BatchCounts,
    BatchItem,
    BatchRead,
    BatchStatus,
    Channel,
    IdempotencyRecord,
    ItemStatus,
    ResultItem,
    ResultPage,
)
from gateway.rules.engine import duplicate_indexes
from gateway.webhooks.models import EventType
from gateway.webhooks.service import announce

IN_FLIGHT_GRACE = timedelta(seconds=60)
IDEMPOTENCY_KEY_MAX = 255


def request_hash(body: Any) -> str:
    return hashlib.sha256(json_codec.dumps_bytes(body, sort_keys=True)).hexdigest()


def phase_for(cohort: str, channel: Channel) -> Literal["I", "II"] | None:
    """Cohort 70 works in phase I (templates, self-update, "Đúng – Đủ") until it runs HR
    software; data arriving from HR software is held to phase II ("Đúng – Đủ – Sạch – Sống")."""
    if cohort != "70":
        return None
    return "II" if channel is Channel.API else "I"


def person_key(record: dict[str, Any]) -> str | None:
    person_id = (record.get("person_id") or "").strip()
    if person_id:
        return person_id[:40]
    old_id = (record.get("old_id_number") or "").strip()
    return f"cmnd:{old_id}"[:40] if old_id else None


def validate_idempotency_key(key: str | None) -> str:
    if key is None or not key.strip():
        raise Problem(
            400,
            "idempotency-key-required",
            "The Idempotency-Key header is required",
            title_vi="Thiếu tiêu đề Idempotency-Key",
            detail="Send a unique key (e.g. a UUID) per batch; "
            "resend the same key to retry safely.",
            field="Idempotency-Key",
        )
    if len(key) > IDEMPOTENCY_KEY_MAX or not key.isprintable() or not key.isascii():
        raise Problem(
            400,
            "idempotency-key-invalid",
            "The Idempotency-Key header is not valid",
            title_vi="Idempotency-Key không hợp lệ",
            detail=f"Use 1 to {IDEMPOTENCY_KEY_MAX} printable ASCII characters.",
            field="Idempotency-Key",
        )
    return key


def _claim_key(
    *,
    session: Session,
    clock: Clock,
    agency_code: str,
    key: str,
    body_hash: str,
    in_flight: timedelta = IN_FLIGHT_GRACE,
) -> tuple[str, bool]:
    """Reserve the key in its own transaction. Returns (batch_id, replay)."""
    batch_id = str(uuid.uuid4())
    session.add(
        IdempotencyRecord(
            agency_code=agency_code,
            key=key,
            request_hash=body_hash,
            batch_id=batch_id,
            created_at=clock.now(),
        )
    )
    try:
        session.commit()
        return batch_id, False
    except IntegrityError:
        session.rollback()
    existing = session.get(IdempotencyRecord, (agency_code, key))
    if existing is None:  # removed meanwhile (a stale claim taken over): try once more
        return _claim_key(
            session=session,
            clock=clock,
            agency_code=agency_code,
            key=key,
            body_hash=body_hash,
            in_flight=in_flight,
        )
    if existing.request_hash != body_hash:
        raise Problem(
            422,
            "idempotency-key-reused",
            "This Idempotency-Key was already used with a different body",
            title_vi="Idempotency-Key đã được dùng cho một nội dung khác",
            detail="Use a new key for a new batch; reuse a key only to retry the same batch.",
            field="Idempotency-Key",
        )
    if session.get(Batch, existing.batch_id) is not None:
        return existing.batch_id, True
    if clock.now() - existing.created_at < in_flight:
        raise Problem(
            409,
            "idempotency-key-in-flight",
            "A request with this Idempotency-Key is still being processed",
            title_vi="Yêu cầu với Idempotency-Key này đang được xử lý",
            detail="Retry after a moment; the first request's answer will then be replayed.",
            headers={"Retry-After": "1"},
        )
    # The first attempt died before its batch was stored: take the key over.
    session.delete(existing)
    session.commit()
    return _claim_key(
        session=session,
        clock=clock,
        agency_code=agency_code,
        key=key,
        body_hash=body_hash,
        in_flight=in_flight,
    )


def submit_batch(
    *,
    session: Session,
    clock: Clock,
    agency: Agency,
    client_id: str,
    channel: Channel,
    records: Sequence[dict[str, Any]],
    idempotency_key: str | None,
    body_hash: str,
    row_numbers: Sequence[int | None] | None = None,
    unit: str | None = None,
    filename: str | None = None,
    scenario: str | None = None,
    in_flight: timedelta = IN_FLIGHT_GRACE,
) -> tuple[Batch, bool]:
    """Store the batch and its records durably (committed on return). Returns (batch, replay).

    `in_flight`: how long a claimed key without its batch answers 409 before another attempt
    may take it over (the first attempt died between claiming the key and storing the batch)."""
    if idempotency_key is not None:
        batch_id, replay = _claim_key(
            session=session,
            clock=clock,
            agency_code=agency.code,
            key=idempotency_key,
            body_hash=body_hash,
            in_flight=in_flight,
        )
        if replay:
            batch = session.get(Batch, batch_id)
            assert batch is not None
            return batch, True
    else:
        batch_id = str(uuid.uuid4())
    now = clock.now()
    batch = Batch(
        id=batch_id,
        agency_code=agency.code,
        client_id=client_id,
        channel=channel.value,
        idempotency_key=idempotency_key,
        request_hash=body_hash,
        status=BatchStatus.QUEUED.value,
        total=len(records),
        accepted=0,
        rejected=0,
        pending=0,
        cohort=agency.cohort,
        phase=phase_for(agency.cohort, channel),
        unit=unit,
        filename=filename,
        scenario=scenario,
        created_at=now,
        updated_at=now,
    )
    session.add(batch)
    session.flush()
    keys = [person_key(r) for r in records]
    duplicates = duplicate_indexes(records)
    rows = [
        {
            "batch_id": batch_id,
            "index": index,
            "agency_code": agency.code,
            "person_key": keys[index],
            "row_number": row_numbers[index] if row_numbers else None,
            "payload": record,
            "duplicate_of": duplicates.get(index),
            "status": ItemStatus.QUEUED.value,
            "attempts": 0,
            "next_attempt_at": now,
        }
        for index, record in enumerate(records)
    ]
    insert_rows(session, BatchItem, rows)
    session.commit()
    return batch, False


def batch_counts(session: Session, batch_id: str) -> dict[str, int]:
    rows = session.execute(
        select(BatchItem.status, func.count())
        .where(BatchItem.batch_id == batch_id)
        .group_by(BatchItem.status)
    ).all()
    return {status: count for status, count in rows}


def derive_status(counts: dict[str, int]) -> BatchStatus:
    queued = counts.get(ItemStatus.QUEUED.value, 0)
    pending = counts.get(ItemStatus.PENDING.value, 0)
    done = counts.get(ItemStatus.ACCEPTED.value, 0) + counts.get(ItemStatus.REJECTED.value, 0)
    if queued == 0 and pending == 0:
        return BatchStatus.COMPLETED
    if queued == 0:
        return BatchStatus.WAITING
    return BatchStatus.PROCESSING if done or pending else BatchStatus.QUEUED


def refresh_batch(session: Session, batch: Batch, now: datetime) -> None:
    """Recount a batch from its items (called by workers in the transaction that wrote them)."""
    counts = batch_counts(session, batch.id)
    status = derive_status(counts)
    batch.accepted = counts.get(ItemStatus.ACCEPTED.value, 0)
    batch.rejected = counts.get(ItemStatus.REJECTED.value, 0)
    batch.pending = counts.get(ItemStatus.PENDING.value, 0)
    batch.status = status.value
    batch.updated_at = now
    if status is BatchStatus.COMPLETED and batch.completed_at is None:
        batch.completed_at = now
        announce(
            session=session,
            agency_code=batch.agency_code,
            event_type=EventType.BATCH_COMPLETED,
            data={
                "batch_id": batch.id,
                "agency_code": batch.agency_code,
                "channel": batch.channel,
                "counts": {
                    "total": batch.total,
                    "accepted": batch.accepted,
                    "rejected": batch.rejected,
                },
                "links": {
                    "self": f"/v1/batches/{batch.id}",
                    "results": f"/v1/batches/{batch.id}/results",
                },
            },
            now=now,
        )


def to_read(batch: Batch, base_path: str = "") -> BatchRead:
    done = batch.accepted + batch.rejected + batch.pending
    return BatchRead(
        batch_id=batch.id,
        agency_code=batch.agency_code,
        channel=Channel(batch.channel),
        status=BatchStatus(batch.status),
        counts=BatchCounts(
            total=batch.total,
            accepted=batch.accepted,
            rejected=batch.rejected,
            pending=batch.pending,
            queued=max(0, batch.total - done),
        ),
        cohort=batch.cohort,
        phase=batch.phase,
        scenario=batch.scenario,
        created_at=batch.created_at,
        updated_at=batch.updated_at,
        completed_at=batch.completed_at,
        links={
            "self": f"{base_path}/v1/batches/{batch.id}",
            "results": f"{base_path}/v1/batches/{batch.id}/results",
        },
    )


PENDING_DIMENSIONS = {"dung": "pending", "du": "pending", "sach": "pending", "song": "pending"}


def result_item(item: BatchItem) -> ResultItem:
    result = item.result or {}
    person_id = result.get("person_id") or item.payload.get("person_id")
    return ResultItem(
        index=item.index,
        row_number=item.row_number,
        person_id=person_id,
        status=ItemStatus(item.status)
        if item.status != ItemStatus.QUEUED.value
        else ItemStatus.PENDING,
        dimensions=result.get("dimensions") or PENDING_DIMENSIONS,
        findings=result.get("findings") or [],
        identity=result.get("identity"),
        supplemented=result.get("supplemented") or {},
        attempts=item.attempts,
    )


def results_page(
    *, session: Session, batch: Batch, offset: int, limit: int, status: ItemStatus | None
) -> ResultPage:
    query = select(BatchItem).where(BatchItem.batch_id == batch.id)
    if status is not None:
        query = query.where(BatchItem.status == status.value)
    items = session.scalars(query.order_by(BatchItem.index).offset(offset).limit(limit + 1)).all()
    more = len(items) > limit
    return ResultPage(
        batch_id=batch.id,
        status=BatchStatus(batch.status),
        total=batch.total,
        offset=offset,
        limit=limit,
        next_offset=offset + limit if more else None,
        items=[result_item(i) for i in items[:limit]],
    )
