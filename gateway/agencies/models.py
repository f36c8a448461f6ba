"""Agency registry (Decision 72/QĐ-BNV appendices 2 and 3) and the milestones of appendix 1."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ccvc.db import Base


class Cohort(StrEnum):
    HAS_SOFTWARE = "26"
    NO_SOFTWARE = "70"


class Agency(Base):
    __tablename__ = "agencies"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    cohort: Mapped[str] = mapped_column(String(2), index=True)
    appendix: Mapped[int] = mapped_column(Integer)
    appendix_no: Mapped[int] = mapped_column(Integer)
    group: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))
    province_code: Mapped[str | None] = mapped_column(String(3))
    data_status: Mapped[str] = mapped_column(String(30))
    vendor: Mapped[str | None] = mapped_column(String(200))
    priority: Mapped[str | None] = mapped_column(String(10))
    deadline: Mapped[date | None] = mapped_column(Date)
    deadline_done: Mapped[bool] = mapped_column(default=False)
    source: Mapped[str] = mapped_column(String(100))
    conflict_with: Mapped[str | None] = mapped_column(String(32))
    created_at: Mapped[datetime]


class Milestone(Base):
    __tablename__ = "milestones"

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    cohort: Mapped[str] = mapped_column(String(3))
    phase: Mapped[str | None] = mapped_column(String(3))
    title_vi: Mapped[str] = mapped_column(String(300))
    title_en: Mapped[str] = mapped_column(String(300))
    owner: Mapped[str] = mapped_column(String(60))
    deadline: Mapped[date] = mapped_column(Date)
    quality_principle: Mapped[str | None] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(100))


# --- API schemas ----------------------------------------------------------------------------


class SourceConflict(BaseModel):
    kind: str = Field(examples=["listed_in_both_cohorts"])
    other_code: str = Field(examples=["VKSNDTC-70"])
    message: str
    message_vi: str


class AgencyRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str = Field(examples=["UBND-031"], description="Stable code used in URLs.")
    code_kind: str = Field(
        examples=["official_province_code"],
        description="`official_province_code` (built on the official province code) or `sandbox`.",
    )
    name: str = Field(examples=["UBND TP Hải Phòng"])
    cohort: Cohort
    phases: list[str] = Field(
        description="Phases of the plan: `I`, `II` for cohort 70; empty for 26."
    )
    group: str
    kind: str = Field(
        examples=["province"], description="`ministry`, `province`, `court_procuracy`, …"
    )
    province_code: str | None
    data_status: str = Field(examples=["updated_regularly"])
    vendor: str | None = Field(examples=["Misa"])
    priority: str | None = Field(examples=["high"])
    deadline: date | None
    deadline_done: bool = Field(description="The decision says the step was already completed.")
    source: str = Field(examples=["72/QĐ-BNV Phụ lục 2 #4"])
    conflict: SourceConflict | None = None


class MilestoneRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    code: str = Field(examples=["1.2.2.1"])
    cohort: str
    phase: str | None
    title_vi: str
    title_en: str
    owner: str
    deadline: date
    quality_principle: str | None
    source: str
