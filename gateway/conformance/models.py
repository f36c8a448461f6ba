"""What the sandbox saw an agency's system do, and the conformance report built from it.

`Observation` is one request of an agency's client, kept as metadata only: the route template
(never the path), the answer's status, and short keyed digests of the token, the
`Idempotency-Key`, the `If-Match` and the path's identifiers — enough to tell "the same key"
or "the same record" apart, never enough to recover a personal number.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ccvc.db import Base


class Observation(Base):
    __tablename__ = "sandbox_observations"
    __table_args__ = (Index("ix_sandbox_observations_agency", "agency_code", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    agency_code: Mapped[str] = mapped_column(String(32))
    client_id: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime]
    method: Mapped[str] = mapped_column(String(8))
    route: Mapped[str] = mapped_column(String(120))
    status: Mapped[int] = mapped_column(Integer)
    token: Mapped[str | None] = mapped_column(String(16))
    idempotency_key: Mapped[str | None] = mapped_column(String(16))
    if_match: Mapped[str | None] = mapped_column(String(16))
    resource: Mapped[str | None] = mapped_column(String(16))
    scenario: Mapped[str | None] = mapped_column(String(40))
    retry_after: Mapped[int | None] = mapped_column(Integer)
    detail: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    request_id: Mapped[str | None] = mapped_column(String(64))


class ScenarioFiring(Base):
    """A gateway-side scenario fires once per request key: the vendor's retry then succeeds."""

    __tablename__ = "sandbox_scenario_firings"

    agency_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    scenario: Mapped[str] = mapped_column(String(40), primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    at: Mapped[datetime]


class ConformancePass(Base):
    """When an agency's report first turned all green: the onboarding step's evidence."""

    __tablename__ = "sandbox_conformance_passes"

    agency_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    passed_at: Mapped[datetime]
    recorded_at: Mapped[datetime]


Verdict = Literal["passed", "failed", "not_tried"]


class EvidenceRequest(BaseModel):
    at: datetime
    method: str
    route: str = Field(description="The route's template, never the path itself.")
    status: int
    scenario: str | None = None
    note: str | None = Field(default=None, description="What this request shows.")


class BehaviourResult(BaseModel):
    id: str
    title_en: str
    title_vi: str
    how_to_en: str = Field(description="How to trigger it in the sandbox.")
    how_to_vi: str
    required: bool = Field(description="Needed for this agency's report to pass.")
    status: Verdict
    reason_en: str
    reason_vi: str
    concluded_at: datetime | None = Field(
        description="When the episode that decided the status ended."
    )
    evidence: list[EvidenceRequest]


class ConformanceReport(BaseModel):
    agency_code: str
    generated_at: datetime
    passed: bool = Field(description="Every required behaviour passed.")
    passed_at: datetime | None = Field(
        description="When the report first turned green (onboarding evidence `sandbox_passed`)."
    )
    counts: dict[Verdict, int]
    observed_requests: int
    behaviours: list[BehaviourResult]
