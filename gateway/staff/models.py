"""The national staff record of each person in each agency, with field lineage and history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import JSON, BigInteger, Dialect, ForeignKey, Index, Integer, String, TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column

from ccvc.db import Base

PACKED_ENTRIES, PACKED_FIELDS = "$entries", "$fields"  # never a field name


def pack_lineage(lineage: dict[str, Any]) -> dict[str, Any]:
    """`{field: entry}` as `{"$entries": [distinct entries], "$fields": {field: position}}`.

    A record's ~20 fields share one or two entries (the channel's, the population DB's):
    spelt out per field the column was 2.8 KB of JSON a record, to encode, send, parse and
    have PostgreSQL compress (to 0.4 KB); packed it is ~0.6 KB."""
    entries: list[Any] = []
    fields: dict[str, int] = {}
    by_identity: dict[int, int] = {}  # a round's records share their entry objects
    for name, entry in lineage.items():
        position = by_identity.get(id(entry))
        if position is None:  # a new object: maybe equal to one seen (read back from storage)
            position = next((i for i, known in enumerate(entries) if known == entry), None)
            if position is None:
                position = len(entries)
                entries.append(entry)
            by_identity[id(entry)] = position
        fields[name] = position
    return {PACKED_ENTRIES: entries, PACKED_FIELDS: fields}


def unpack_lineage(stored: dict[str, Any]) -> dict[str, Any]:
    """The lineage spelt out per field (fields share their entry objects: read, never
    mutate them). A value stored spelt out, as before packing, is returned as it is."""
    if PACKED_FIELDS not in stored:
        return stored
    entries = stored[PACKED_ENTRIES]
    return {name: entries[position] for name, position in stored[PACKED_FIELDS].items()}


class PackedLineage(TypeDecorator[dict[str, Any]]):
    """The lineage column: JSON, packed on the way in, spelt out on the way out."""

    impl = JSON
    cache_ok = True

    def process_bind_param(
        self, value: dict[str, Any] | None, dialect: Dialect
    ) -> dict[str, Any] | None:
        return None if value is None else pack_lineage(value)

    def process_result_value(
        self, value: dict[str, Any] | None, dialect: Dialect
    ) -> dict[str, Any] | None:
        return None if value is None else unpack_lineage(value)


class StaffRecord(Base):
    __tablename__ = "staff_records"
    __table_args__ = (Index("ix_staff_records_person_status", "person_id", "employment_status"),)

    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(12), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    lineage: Mapped[dict[str, Any]] = mapped_column(PackedLineage)
    employment_status: Mapped[str | None] = mapped_column(String(20))
    verdict: Mapped[str] = mapped_column(String(20))
    dimensions: Mapped[dict[str, str]] = mapped_column(JSON)
    findings: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    identity: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer)
    source_updated_at: Mapped[datetime | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class StaffRecordChange(Base):
    """Append-only history: who changed which fields of a record, when, through which channel."""

    __tablename__ = "staff_record_changes"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    agency_code: Mapped[str] = mapped_column(String(32))
    person_id: Mapped[str] = mapped_column(String(12))
    version: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]
    channel: Mapped[str] = mapped_column(String(20))
    actor: Mapped[str] = mapped_column(String(64))
    batch_id: Mapped[str | None] = mapped_column(String(36))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)


Index("ix_staff_record_changes_record", StaffRecordChange.agency_code, StaffRecordChange.person_id)


class FieldLineage(BaseModel):
    source: str = Field(examples=["api"], description="api, template, self_update, population_db")
    at: datetime
    confirmed: bool
    batch_id: str | None = None


class StaffRecordRead(BaseModel):
    agency_code: str
    person_id: str
    version: int
    verdict: str
    data: dict[str, Any]
    lineage: dict[str, FieldLineage]
    dimensions: dict[str, str]
    findings: list[dict[str, Any]]
    updated_at: datetime
