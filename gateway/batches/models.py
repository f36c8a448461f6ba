"""Batches: what an agency submitted (durable before the 202), and each record's result."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from ccvc.db import Base
from gateway.records.schema import StaffRecordIn


class BatchStatus(StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    WAITING = "waiting"  # records pending on an outage of the bus or the population DB
    COMPLETED = "completed"


class ItemStatus(StrEnum):
    QUEUED = "queued"
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Channel(StrEnum):
    API = "api"  # the agency's HR software
    TEMPLATE = "template"  # the record-update portal (Cổng cập nhật hồ sơ)
    SELF_UPDATE = "self_update"  # the staff member on VNeID, confirmed by the agency


UNFINISHED = text("status IN ('queued', 'pending')")
"""Items still to process, as a literal: the claim index is partial on exactly this
condition, and the planner matches a partial index only to a literal (not to parameters)."""


class Batch(Base):
    __tablename__ = "batches"
    __table_args__ = (UniqueConstraint("agency_code", "idempotency_key"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"), index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(20))
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(20), index=True)
    total: Mapped[int] = mapped_column(Integer)
    accepted: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    pending: Mapped[int] = mapped_column(Integer, default=0)
    cohort: Mapped[str] = mapped_column(String(2))
    phase: Mapped[str | None] = mapped_column(String(3))
    unit: Mapped[str | None] = mapped_column(String(200))
    filename: Mapped[str | None] = mapped_column(String(255))
    scenario: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]


class BatchItem(Base):
    """One submitted record; also the unit of work of the durable queue (leased by workers)."""

    __tablename__ = "batch_items"
    __table_args__ = (
        # The workers' claim: the unfinished items in claim order. Partial, so it holds only
        # the queue (not the millions of finished items) and a claim reads 1,000 entries
        # instead of sorting every unfinished row (found at 2.5 million records: 1.4 s a claim).
        Index(
            "ix_batch_items_due",
            "next_attempt_at",
            "batch_id",
            "index",
            postgresql_where=UNFINISHED,
            sqlite_where=UNFINISHED,
        ),
        # Room in each page, so a claim (the lease, no indexed column) is a heap-only update:
        # no new index entries (migration 0007)
        {"postgresql_with": {"fillfactor": 50}},
    )

    batch_id: Mapped[str] = mapped_column(ForeignKey("batches.id"), primary_key=True)
    index: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(32))
    person_key: Mapped[str | None] = mapped_column(String(40), index=True)
    row_number: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    duplicate_of: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None]
    processed_at: Mapped[datetime | None]


class IdempotencyRecord(Base):
    """The first answer to an `Idempotency-Key`, replayed for the same key and body."""

    __tablename__ = "idempotency_keys"

    agency_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    request_hash: Mapped[str] = mapped_column(String(64))
    batch_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime]


# --- API schemas ----------------------------------------------------------------------------

MAX_BATCH_RECORDS = 1000


class BatchCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    records: list[StaffRecordIn] = Field(
        description=f"1 to {MAX_BATCH_RECORDS} staff records.",
        examples=[
            [
                {
                    "person_id": "001075638153",
                    "full_name": "Vũ Văn Lợi",
                    "date_of_birth": "1975-09-26",
                    "sex": "male",
                    "unit": "Sở Nội vụ",
                    "staff_type": "cong_chuc",
                    "rank_code": "01.003",
                    "employment_status": "active",
                }
            ]
        ],
    )


class BatchCounts(BaseModel):
    total: int
    accepted: int
    rejected: int
    pending: int
    queued: int


class BatchRead(BaseModel):
    batch_id: str
    agency_code: str
    channel: Channel
    status: BatchStatus
    counts: BatchCounts
    cohort: str
    phase: str | None
    scenario: str | None = None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    links: dict[str, str]


class FindingOut(BaseModel):
    rule: str
    dimension: str
    severity: str
    field: str | None
    outcome: str | None = None
    message: str
    message_vi: str | None = None
    expected: str | None = None


class ResultItem(BaseModel):
    index: int
    row_number: int | None = None
    person_id: str | None
    status: ItemStatus
    dimensions: dict[str, str]
    findings: list[FindingOut]
    identity: dict[str, Any] | None = None
    supplemented: dict[str, str] = Field(default_factory=dict)
    attempts: int = 0


class ResultPage(BaseModel):
    batch_id: str
    status: BatchStatus
    total: int
    offset: int
    limit: int
    next_offset: int | None
    items: list[ResultItem]
