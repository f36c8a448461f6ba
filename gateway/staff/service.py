"""The national staff record: stored from evaluated submissions, with lineage and history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from gateway.batches.models import Channel
from gateway.quality.service import QualityDelta, RecordState
from gateway.records.schema import StaffRecordIn
from gateway.rules.models import Evaluation
from gateway.staff.models import StaffRecord, StaffRecordChange

POPULATION_DB = "population_db"
# Values from the agency's own channels are confirmed by it; a self-update reaches the record
# only once the agency confirmed it. Unconfirmed self-updates live in `self_updates`.
CONFIRMED_CHANNELS = frozenset({Channel.API, Channel.TEMPLATE, Channel.SELF_UPDATE})


def _parse_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def changed_payload(record: StaffRecord, **changes: Any) -> dict[str, Any]:
    """The stored record with some fields changed, as a submission of the record schema."""
    values = {**record.data, **changes, "person_id": record.person_id}
    return StaffRecordIn.model_validate(
        {k: v for k, v in values.items() if k in StaffRecordIn.model_fields}
    ).model_dump()


def store_evaluation(
    *,
    session: Session,
    agency_code: str,
    channel: Channel,
    actor: str,
    batch_id: str | None,
    evaluation: Evaluation,
    now: datetime,
    deltas: dict[str, QualityDelta] | None = None,
    known: dict[tuple[str, str], StaffRecord] | None = None,
) -> StaffRecord | None:
    """Upsert the agency's record of this person from an evaluated submission.

    The record keeps the latest submission with its verdict and findings (a rejected one too:
    that is what the agency must correct). Every field carries its lineage — where its value
    came from, when, and whether it is confirmed. A new version and a history entry are written
    only when a value changed.

    `known`: the round's records loaded in one query (see `preload`) — it is also kept up to
    date with the records this call creates, so the caller flushes once per round.
    """
    person_id = evaluation.record.get("person_id")
    if not isinstance(person_id, str) or len(person_id) != 12 or not person_id.isdigit():
        return None
    data = {k: v for k, v in evaluation.record.items() if k != "agency_code"}
    key = (agency_code, person_id)
    record = known.get(key) if known is not None else session.get(StaffRecord, key)
    old_state = (
        RecordState.of(record.verdict, record.dimensions, record.findings) if record else None
    )
    old_data: dict[str, Any] = record.data if record is not None else {}
    changes = {
        name: [old_data.get(name), value]
        for name, value in data.items()
        if old_data.get(name) != value
    }
    lineage: dict[str, Any] = dict(record.lineage) if record is not None else {}
    for name in changes:
        if data.get(name) is None:
            lineage.pop(name, None)
            continue
        supplemented = name in evaluation.supplemented
        lineage[name] = {
            "source": POPULATION_DB if supplemented else channel.value,
            "at": now.isoformat(),
            "confirmed": supplemented or channel in CONFIRMED_CHANNELS,
            "batch_id": batch_id,
        }
    findings = [f.as_dict() for f in evaluation.findings]
    dimensions = {d.value: v.value for d, v in evaluation.dimensions.items()}
    if record is None:
        record = StaffRecord(
            agency_code=agency_code,
            person_id=person_id,
            data=data,
            lineage=lineage,
            employment_status=data.get("employment_status"),
            verdict=evaluation.status,
            dimensions=dimensions,
            findings=findings,
            identity=None,
            version=1,
            source_updated_at=_parse_datetime(data.get("source_updated_at")),
            created_at=now,
            updated_at=now,
        )
        session.add(record)
        if known is not None:
            known[key] = record
    else:
        if changes:
            record.version += 1
        record.data = data
        record.lineage = lineage
        record.employment_status = data.get("employment_status")
        record.verdict = evaluation.status
        record.dimensions = dimensions
        record.findings = findings
        record.source_updated_at = _parse_datetime(data.get("source_updated_at"))
        record.updated_at = now
    if changes:
        session.add(
            StaffRecordChange(
                agency_code=agency_code,
                person_id=person_id,
                version=record.version,
                at=now,
                channel=channel.value,
                actor=actor,
                batch_id=batch_id,
                changes=changes,
            )
        )
    if deltas is not None:
        delta = deltas.setdefault(agency_code, QualityDelta())
        delta.change(old_state, RecordState.of(evaluation.status, dimensions, findings))
    if known is None:
        session.flush()
    return record


def preload(session: Session, keys: set[tuple[str, str]]) -> dict[tuple[str, str], StaffRecord]:
    """The existing records of these (agency, person) pairs, in as few queries as possible."""
    ordered = sorted(keys)
    found: dict[tuple[str, str], StaffRecord] = {}
    for start in range(0, len(ordered), 500):
        rows = session.scalars(
            select(StaffRecord).where(
                tuple_(StaffRecord.agency_code, StaffRecord.person_id).in_(
                    ordered[start : start + 500]
                )
            )
        )
        found.update({(r.agency_code, r.person_id): r for r in rows})
    return found
