"""The national staff record: stored from evaluated submissions, with lineage and history."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccvc.db import insert_rows, lookups_by_index, update_rows
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


@dataclass(slots=True)
class Stored:
    """What a new submission is compared with: the record as stored."""

    data: dict[str, Any]
    lineage: dict[str, Any]
    version: int
    verdict: str
    dimensions: dict[str, str]
    findings: list[dict[str, Any]]

    def state(self) -> RecordState:
        return RecordState.of(self.verdict, self.dimensions, self.findings)


@dataclass(slots=True)
class Next:
    """The record after a submission: its values, and the history entry when one changed."""

    stored: Stored
    changes: dict[str, list[Any]]


def next_version(
    old: Stored | None,
    *,
    channel: Channel,
    batch_id: str | None,
    evaluation: Evaluation,
    now: datetime,
) -> Next:
    """The record keeps the latest submission with its verdict and findings (a rejected one
    too: that is what the agency must correct). Every field carries its lineage — where its
    value came from, when, and whether it is confirmed. The version moves on only when a
    value changed."""
    data = dict(evaluation.record)
    data.pop("agency_code", None)
    if old is None:
        changes = {name: [None, value] for name, value in data.items() if value is not None}
        lineage: dict[str, Any] = {}
    else:
        old_data = old.data
        changes = {
            name: [old_data.get(name), value]
            for name, value in data.items()
            if old_data.get(name) != value
        }
        lineage = dict(old.lineage)
    stamp = now.isoformat()
    # one entry for every value from the channel itself (read-only, shared within the record)
    from_channel = {
        "source": channel.value,
        "at": stamp,
        "confirmed": channel in CONFIRMED_CHANNELS,
        "batch_id": batch_id,
    }
    supplemented = evaluation.supplemented
    for name in changes:
        if data.get(name) is None:
            lineage.pop(name, None)
        elif name in supplemented:
            lineage[name] = {
                "source": POPULATION_DB,
                "at": stamp,
                "confirmed": True,
                "batch_id": batch_id,
            }
        else:
            lineage[name] = from_channel
    version = 1 if old is None else old.version + (1 if changes else 0)
    stored = Stored(
        data=data,
        lineage=lineage,
        version=version,
        verdict=evaluation.status,
        dimensions={d.value: v.value for d, v in evaluation.dimensions.items()},
        findings=[f.as_dict() for f in evaluation.findings],
    )
    return Next(stored, changes)


def _columns(stored: Stored, now: datetime) -> dict[str, Any]:
    return {
        "data": stored.data,
        "lineage": stored.lineage,
        "employment_status": stored.data.get("employment_status"),
        "verdict": stored.verdict,
        "dimensions": stored.dimensions,
        "findings": stored.findings,
        "version": stored.version,
        "source_updated_at": _parse_datetime(stored.data.get("source_updated_at")),
        "updated_at": now,
    }


def _change_row(
    agency_code: str,
    person_id: str,
    nxt: Next,
    *,
    channel: Channel,
    actor: str,
    batch_id: str | None,
    now: datetime,
) -> dict[str, Any]:
    return {
        "agency_code": agency_code,
        "person_id": person_id,
        "version": nxt.stored.version,
        "at": now,
        "channel": channel.value,
        "actor": actor,
        "batch_id": batch_id,
        "changes": nxt.changes,
    }


def _valid_person(evaluation: Evaluation) -> str | None:
    person_id = evaluation.record.get("person_id")
    if not isinstance(person_id, str) or len(person_id) != 12 or not person_id.isdigit():
        return None
    return person_id


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
) -> StaffRecord | None:
    """Upsert the agency's record of this person from one evaluated submission (the
    one-record API; the workers stage a whole round with `RoundWriter`)."""
    person_id = _valid_person(evaluation)
    if person_id is None:
        return None
    record = session.get(StaffRecord, (agency_code, person_id))
    old = (
        Stored(
            record.data,
            record.lineage,
            record.version,
            record.verdict,
            record.dimensions,
            record.findings,
        )
        if record is not None
        else None
    )
    nxt = next_version(old, channel=channel, batch_id=batch_id, evaluation=evaluation, now=now)
    columns = _columns(nxt.stored, now)
    if record is None:
        record = StaffRecord(
            agency_code=agency_code, person_id=person_id, identity=None, created_at=now, **columns
        )
        session.add(record)
    else:
        for name, value in columns.items():
            setattr(record, name, value)
    if nxt.changes:
        session.add(
            StaffRecordChange(
                **_change_row(
                    agency_code,
                    person_id,
                    nxt,
                    channel=channel,
                    actor=actor,
                    batch_id=batch_id,
                    now=now,
                )
            )
        )
    if deltas is not None:
        deltas.setdefault(agency_code, QualityDelta()).change(
            old.state() if old else None, nxt.stored.state()
        )
    session.flush()
    return record


def records_of_people(
    session: Session, person_ids: Iterable[str], *columns: Any
) -> list[Sequence[Any]]:
    """(agency_code, person_id, *columns) of every stored record of these people, at any
    agency. Looked up by person in lists of 500 — one index scan each, where a list of
    (agency, person) pairs makes PostgreSQL plan one probe per pair."""
    ordered = sorted(set(person_ids))
    rows: list[Sequence[Any]] = []
    with lookups_by_index(session):
        for start in range(0, len(ordered), 500):
            rows.extend(
                session.execute(
                    select(StaffRecord.agency_code, StaffRecord.person_id, *columns).where(
                        StaffRecord.person_id.in_(ordered[start : start + 500])
                    )
                )
            )
    return rows


def stored_records(
    session: Session, keys: Iterable[tuple[str, str]], *columns: Any
) -> Iterator[Sequence[Any]]:
    """(agency_code, person_id, *columns) of the stored records of these (agency_code,
    person_id) pairs only."""
    wanted = set(keys)
    for row in records_of_people(session, (person_id for _, person_id in wanted), *columns):
        if (row[0], row[1]) in wanted:
            yield row


class RoundWriter:
    """A worker round's record writes: the stored records read in one query, each
    submission staged, then all written in three statements (new records, changed records,
    history) — no ORM objects, no per-record round trip. A person met twice in the round
    (from two batches) is staged twice, the second over the first."""

    def __init__(self, session: Session, keys: set[tuple[str, str]]) -> None:
        self.session = session
        self.known: dict[tuple[str, str], Stored] = {
            (agency_code, person_id): Stored(*values)
            for agency_code, person_id, *values in stored_records(
                session,
                keys,
                StaffRecord.data,
                StaffRecord.lineage,
                StaffRecord.version,
                StaffRecord.verdict,
                StaffRecord.dimensions,
                StaffRecord.findings,
            )
        }
        self.inserts: dict[tuple[str, str], dict[str, Any]] = {}
        self.updates: dict[tuple[str, str], dict[str, Any]] = {}
        self.changes: list[dict[str, Any]] = []

    def stage(
        self,
        *,
        agency_code: str,
        channel: Channel,
        actor: str,
        batch_id: str | None,
        evaluation: Evaluation,
        now: datetime,
        deltas: dict[str, QualityDelta],
    ) -> None:
        person_id = _valid_person(evaluation)
        if person_id is None:
            return
        key = (agency_code, person_id)
        old = self.known.get(key)
        nxt = next_version(old, channel=channel, batch_id=batch_id, evaluation=evaluation, now=now)
        self.known[key] = nxt.stored
        row = {"agency_code": agency_code, "person_id": person_id, **_columns(nxt.stored, now)}
        if key in self.inserts:
            self.inserts[key].update(row)
        elif old is None:
            self.inserts[key] = {**row, "identity": None, "created_at": now}
        else:
            self.updates[key] = row
        if nxt.changes:
            self.changes.append(
                _change_row(
                    agency_code,
                    person_id,
                    nxt,
                    channel=channel,
                    actor=actor,
                    batch_id=batch_id,
                    now=now,
                )
            )
        deltas.setdefault(agency_code, QualityDelta()).change(
            old.state() if old else None, nxt.stored.state()
        )

    def flush(self) -> None:
        insert_rows(self.session, StaffRecord, list(self.inserts.values()))
        update_rows(self.session, StaffRecord, list(self.updates.values()))
        insert_rows(self.session, StaffRecordChange, self.changes)
