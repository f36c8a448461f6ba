"""Self-updates (the VNeID channel): a staff member's own changes, held until their agency
confirms them ("đơn vị có thẩm quyền xác nhận")."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ccvc.db import Base

# Fields a person may change about themselves; identity (name, date of birth, sex, ids) comes
# from the population DB, and employment facts from the agency.
SELF_UPDATABLE = (
    "ethnicity_code",
    "religion",
    "hometown_province",
    "permanent_address",
    "education_level",
    "party_join_date",
    "social_insurance_no",
)


class SelfUpdateStatus(StrEnum):
    UNCONFIRMED = "unconfirmed"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class SelfUpdate(Base):
    __tablename__ = "self_updates"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"), index=True)
    person_id: Mapped[str] = mapped_column(String(12), index=True)
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20))
    submitted_at: Mapped[datetime]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(String(64))
    note: Mapped[str | None] = mapped_column(String(500))


class SelfUpdateCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agency_code: str = Field(max_length=32, examples=["UBND-002"])
    changes: dict[str, str | None] = Field(
        description=f"Fields to change, among: {', '.join(SELF_UPDATABLE)}.",
        examples=[{"permanent_address": "Số 5, đường Trần Phú, phường Minh Khai, Hà Giang"}],
    )


class SelfUpdateRead(BaseModel):
    id: str
    agency_code: str
    person_id: str
    changes: dict[str, Any]
    status: SelfUpdateStatus
    submitted_at: datetime
    decided_at: datetime | None
    note: str | None


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid")

    note: str | None = Field(default=None, max_length=500)
