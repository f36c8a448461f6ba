"""What agencies and operators tell the onboarding model: declared headcounts (sĩ số / biên
chế) and operators' manual confirmations. Both are append-only: a new declaration supersedes
the previous one from its date on, and a confirmation never overwrites observed evidence."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ccvc.db import Base
from gateway.onboarding.plan import Status, Step, Track


class HeadcountDeclaration(Base):
    __tablename__ = "headcount_declarations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"), index=True)
    headcount: Mapped[int] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    client_id: Mapped[str] = mapped_column(String(64))
    declared_at: Mapped[datetime]


class ManualConfirmation(Base):
    __tablename__ = "onboarding_confirmations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency_code: Mapped[str] = mapped_column(ForeignKey("agencies.code"), index=True)
    step: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text)
    client_id: Mapped[str] = mapped_column(String(64))
    confirmed_at: Mapped[datetime]


# --- API schemas ----------------------------------------------------------------------------


class HeadcountIn(BaseModel):
    headcount: int = Field(
        ge=1,
        le=2_000_000,
        description="Staff the agency employs (biên chế) that must reach the national database.",
        examples=[1250],
    )
    note: str | None = Field(
        default=None, max_length=500, examples=["Số liệu biên chế năm 2023 theo Quyết định giao"]
    )


class HeadcountRead(BaseModel):
    agency_code: str
    headcount: int
    note: str | None
    declared_at: datetime
    client_id: str


class ConfirmationIn(BaseModel):
    step: Step = Field(description="The checklist step being confirmed.")
    note: str = Field(
        min_length=3,
        max_length=1000,
        description="Why the operator confirms it (kept in the audit trail).",
        examples=["Công văn số 123/TTTT ngày 20/3/2023 xác nhận đã kết nối"],
    )


class ConfirmationRead(BaseModel):
    id: int
    agency_code: str
    step: Step
    note: str
    client_id: str
    confirmed_at: datetime


class Evidence(BaseModel):
    """What the system itself observed for a step (never written by hand)."""

    observed_on: date = Field(description="Day of the evidence, in Vietnam (deadlines' calendar).")
    observed_at: datetime | None = Field(
        description="Exact time, when the evidence has one (daily figures have only a day)."
    )
    source: str = Field(examples=["batches"], description="Where the evidence comes from.")
    detail: dict[str, Any] = Field(default_factory=dict)


class StepRead(BaseModel):
    step: Step
    title_vi: str
    title_en: str
    track: Track
    milestone: str | None = Field(examples=["1.2.1.3"])
    milestone_deadline: date | None
    agency_deadline: date | None = Field(description="The agency's own date (appendix 2).")
    deadline: date | None = Field(description="The deadline the status is judged against.")
    status: Status
    status_vi: str
    done_on: date | None
    basis: str | None = Field(
        description="`evidence` (observed), `manual` (operator confirmation only) or null."
    )
    evidence: Evidence | None
    confirmations: list[ConfirmationRead]
    progress: dict[str, Any] | None = Field(
        default=None, description="Current figures behind the step (shares, counts)."
    )


class TrackRead(BaseModel):
    track: Track
    status: Status
    status_vi: str
    done_steps: int
    total_steps: int
    completed_on: date | None


class QualityFigures(BaseModel):
    records: int
    verified: int = Field(description="Records whose identity agrees with the population DB.")
    headcount: int | None
    verified_share_of_headcount: float | None
    pass_share: dict[str, float | None] = Field(
        description="Share of records passing, by dimension."
    )
    last_sync_on: date | None


class AgencyOnboardingRead(BaseModel):
    code: str
    name: str
    cohort: str
    group: str
    vendor: str | None
    priority: str | None
    conflict_with: str | None
    as_of: date
    status: Status
    status_vi: str
    phase: str | None = Field(description="Cohort 70: the phase it is working on (I or II).")
    tracks: list[TrackRead]
    figures: QualityFigures
    steps: list[StepRead]
