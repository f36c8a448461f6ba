"""The operators' dashboard: the national picture of onboarding at a chosen day."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from gateway.onboarding.plan import Status, Track


class MilestoneMark(BaseModel):
    code: str = Field(examples=["1.2.1.3"])
    deadline: date
    title_vi: str
    title_en: str


class TrackSummary(BaseModel):
    """One card: cohort 26, cohort 70 phase I or cohort 70 phase II."""

    track: Track
    title_vi: str = Field(examples=["Nhóm 26 (đã có phần mềm)"])
    title_en: str
    quality_principle: str = Field(examples=["Đúng – Đủ – Sạch – Sống"])
    agencies: int
    by_status: dict[Status, int]
    records: int
    verified: int
    headcount: int = Field(description="Sum of declared headcounts.")
    verified_share_of_records: float | None
    verified_share_of_headcount: float | None
    pass_share: dict[str, float | None] = Field(description="By dimension, over all records.")
    deadline: date | None = Field(description="The track's last milestone.")
    milestones: list[MilestoneMark]


class BreakdownRow(BaseModel):
    key: str = Field(examples=["Misa"])
    agencies: int
    by_status: dict[Status, int]


class BurnupPoint(BaseModel):
    day: date
    completed: dict[Track, int] = Field(description="Agencies whose checklist was complete.")
    verified: int = Field(description="Records verified against the population DB, nationally.")


class OverdueItem(BaseModel):
    """An agency with open steps past their deadline, led by its oldest one."""

    code: str
    name: str
    cohort: str
    track: Track
    step: str = Field(description="The step overdue the longest.")
    title_vi: str
    title_en: str
    deadline: date
    days_overdue: int
    overdue_steps: list[str] = Field(description="Every overdue step, oldest first.")


class ConflictItem(BaseModel):
    codes: list[str] = Field(examples=[["VKSNDTC-26", "VKSNDTC-70"]])
    name: str
    message: str
    message_vi: str


class AgencyRow(BaseModel):
    code: str
    name: str
    cohort: str
    phase: str | None
    group: str
    vendor: str | None
    priority: str | None
    status: Status
    status_vi: str
    tracks: dict[Track, Status]
    done_steps: int
    total_steps: int
    records: int
    verified: int
    headcount: int | None
    verified_share_of_headcount: float | None
    pass_share: dict[str, float | None]
    last_sync_on: date | None
    next_deadline: date | None = Field(description="Deadline of the first open step.")
    conflict_with: str | None


class DashboardFilters(BaseModel):
    cohort: str | None = None
    phase: str | None = None
    status: Status | None = None
    group: str | None = None
    vendor: str | None = None
    priority: str | None = None


class Dashboard(BaseModel):
    as_of: date = Field(description="The day the plan is evaluated on (Vietnam time).")
    generated_at: datetime
    filters: DashboardFilters
    thresholds: dict[str, float | int | list[str]]
    totals: dict[str, int] = Field(description="Agencies shown, and by status.")
    tracks: list[TrackSummary]
    breakdowns: dict[str, list[BreakdownRow]] = Field(
        description="Cohort 26 by `group`, `vendor` and `priority` (appendix 2's columns)."
    )
    burnup: list[BurnupPoint] = Field(description="Weekly from the decision date to `as_of`.")
    overdue: list[OverdueItem] = Field(
        description="Agencies with steps past their deadline, longest overdue first."
    )
    conflicts: list[ConflictItem]
    options: dict[str, list[str]] = Field(
        description="Every value the filters `group`, `vendor`, `priority` take in the "
        "registry (not narrowed by the filters), for building pickers."
    )
    agencies: list[AgencyRow]
