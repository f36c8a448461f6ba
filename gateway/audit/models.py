"""The audit trail: who read or changed which staff records, when, through which operation.

Kept in the database for operators (`GET /v1/audit`), never in the logs: it has to name the
records (by person id), which the logs must not. Changes made through batches are also in each
record's history (`StaffRecordChange`, with the batch and the client); the trail adds the reads
and the direct API writes, and the audit endpoint shows both.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ccvc.db import Base


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    client_id: Mapped[str] = mapped_column(String(64), index=True)
    role: Mapped[str] = mapped_column(String(16))
    agency_code: Mapped[str] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(40))
    person_ids: Mapped[str] = mapped_column(Text)  # " id1 id2 " so one LIKE finds a person
    records: Mapped[int] = mapped_column(Integer)
    batch_id: Mapped[str | None] = mapped_column(String(36))
    request_id: Mapped[str | None] = mapped_column(String(64))


Action = Literal[
    "record.read",
    "record.write",
    "record.status",
    "record.history",
    "records.list",
    "results.read",
    "corrections.export",
    "record.change",
]


class AuditEventRead(BaseModel):
    at: datetime
    action: Action = Field(
        description="`record.change` rows come from the records' history (every channel, "
        "batches included); the others are operations on the API."
    )
    client_id: str
    role: str
    agency_code: str
    person_ids: list[str] = Field(description="The staff records concerned (at most 1,000).")
    records: int
    batch_id: str | None
    channel: str | None = Field(default=None, description="For `record.change`: how it came.")
    request_id: str | None = None


class AuditPage(BaseModel):
    items: list[AuditEventRead]
    next_until: datetime | None = Field(
        description="Pass as `until` for the next (older) page; null when there is none."
    )
