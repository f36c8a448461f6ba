"""The national staff record of each person in each agency, with field lineage and history."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import JSON, BigInteger, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ccvc.db import Base


class StaffRecord(Base):
    __tablename__ = "staff_records"
    __table_args__ = (Index("ix_staff_records_person_status", "person_id", "employment_status"),)

    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(12), primary_key=True)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    lineage: Mapped[dict[str, Any]] = mapped_column(JSON)
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
