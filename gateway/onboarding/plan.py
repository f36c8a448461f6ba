"""The onboarding plan of Decision 72/QĐ-BNV as checklists, and how a step's status follows
from its evidence at a given day.

Each cohort (and each phase of cohort 70) has an ordered checklist. A step maps to the
milestone of appendix 1 it serves; for cohort 26 the agency's own date of appendix 2 tightens
that deadline, never loosens it. Everything here is a pure function of dates, so the 2023 plan
can be replayed day by day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

DECISION_DATE = date(2023, 2, 13)  # 72/QĐ-BNV, ngày 13/02/2023: the registry exists from then


class Step(StrEnum):
    REGISTERED = "registered"
    CREDENTIALS_ISSUED = "credentials_issued"
    FIRST_AUTHENTICATED_CALL = "first_authenticated_call"
    SANDBOX_PASSED = "sandbox_passed"
    FIRST_DATA_RECEIVED = "first_data_received"
    FIRST_API_BATCH = "first_api_batch"
    HEADCOUNT_VERIFIED = "headcount_verified"
    QUALITY_DUNG_DU = "quality_dung_du"
    QUALITY_ALL_FOUR = "quality_all_four"
    SYNC_LIVE = "sync_live"


STEP_TITLES: dict[Step, tuple[str, str]] = {  # (vi, en)
    Step.REGISTERED: ("Có tên trong QĐ 72/QĐ-BNV", "Listed in Decision 72/QĐ-BNV"),
    Step.CREDENTIALS_ISSUED: ("Đã cấp thông tin xác thực", "Credentials issued"),
    Step.FIRST_AUTHENTICATED_CALL: ("Lần gọi xác thực đầu tiên", "First authenticated call"),
    Step.SANDBOX_PASSED: ("Vượt qua kịch bản thử nghiệm", "Sandbox scenarios passed"),
    Step.FIRST_DATA_RECEIVED: ("Đã gửi dữ liệu lần đầu", "First data received"),
    Step.FIRST_API_BATCH: (
        "Lô đầu tiên từ phần mềm được tiếp nhận",
        "First batch from HR software accepted",
    ),
    Step.HEADCOUNT_VERIFIED: (
        "Đủ số biên chế đã khai, đã đối khớp dân cư",
        "Declared headcount synced and verified",
    ),
    Step.QUALITY_DUNG_DU: ("Đạt chất lượng Đúng – Đủ", "Quality threshold: Đúng – Đủ"),
    Step.QUALITY_ALL_FOUR: (
        "Đạt chất lượng Đúng – Đủ – Sạch – Sống",
        "Quality threshold: Đúng – Đủ – Sạch – Sống",
    ),
    Step.SYNC_LIVE: ("Đồng bộ duy trì thường xuyên", "Sync kept live"),
}


class Status(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"
    NOT_STARTED = "not_started"


STATUS_TITLES: dict[Status, tuple[str, str]] = {
    Status.DONE_ON_TIME: ("Hoàn thành đúng hạn", "Done on time"),
    Status.DONE_LATE: ("Hoàn thành muộn", "Done late"),
    Status.ON_TRACK: ("Đúng tiến độ", "On track"),
    Status.AT_RISK: ("Có nguy cơ chậm", "At risk"),
    Status.OVERDUE: ("Quá hạn", "Overdue"),
    Status.NOT_STARTED: ("Chưa bắt đầu", "Not started"),
}

DONE = frozenset({Status.DONE_ON_TIME, Status.DONE_LATE})


class Track(StrEnum):
    """A checklist: cohort 26, or one phase of cohort 70."""

    COHORT_26 = "26"
    COHORT_70_I = "70-I"
    COHORT_70_II = "70-II"


@dataclass(frozen=True, slots=True)
class PlannedStep:
    step: Step
    milestone: str | None  # code in seed/milestones_qd72.csv


CHECKLISTS: dict[Track, tuple[PlannedStep, ...]] = {
    Track.COHORT_26: (
        PlannedStep(Step.REGISTERED, None),
        PlannedStep(Step.CREDENTIALS_ISSUED, "1.2.1.2"),
        PlannedStep(Step.FIRST_AUTHENTICATED_CALL, "1.2.1.2"),
        PlannedStep(Step.SANDBOX_PASSED, "1.2.1.1"),
        PlannedStep(Step.FIRST_API_BATCH, "1.2.1.3"),
        PlannedStep(Step.HEADCOUNT_VERIFIED, "1.2.1.3"),
        PlannedStep(Step.QUALITY_ALL_FOUR, "1.2.1.3"),
        PlannedStep(Step.SYNC_LIVE, "1.2.1.3"),
    ),
    Track.COHORT_70_I: (
        PlannedStep(Step.REGISTERED, None),
        PlannedStep(Step.CREDENTIALS_ISSUED, "1.2.2.1"),
        PlannedStep(Step.FIRST_AUTHENTICATED_CALL, "1.2.2.1"),
        PlannedStep(Step.FIRST_DATA_RECEIVED, "1.2.2.1"),
        PlannedStep(Step.HEADCOUNT_VERIFIED, "1.2.2.3"),
        PlannedStep(Step.QUALITY_DUNG_DU, "1.2.2.3"),
    ),
    Track.COHORT_70_II: (
        PlannedStep(Step.SANDBOX_PASSED, "1.2.3"),
        PlannedStep(Step.FIRST_API_BATCH, "1.2.3"),
        PlannedStep(Step.QUALITY_ALL_FOUR, "1.2.3"),
        PlannedStep(Step.SYNC_LIVE, "1.2.3"),
    ),
}


def tracks_of(cohort: str) -> tuple[Track, ...]:
    return (Track.COHORT_26,) if cohort == "26" else (Track.COHORT_70_I, Track.COHORT_70_II)


def effective_deadline(
    milestone_deadline: date | None, agency_deadline: date | None
) -> date | None:
    """Appendix 2's per-agency date tightens appendix 1's milestone, never loosens it."""
    if milestone_deadline is None:
        return None
    if agency_deadline is None:
        return milestone_deadline
    return min(milestone_deadline, agency_deadline)


def step_status(
    *,
    done_on: date | None,
    deadline: date | None,
    as_of: date,
    previous_done: bool,
    risk_window_days: int,
) -> Status:
    """One step at `as_of`. Done on the deadline day itself is on time; the day after is late.
    Not done: overdue from the day after the deadline, at risk within the window before it,
    on track when the step before it is done, otherwise not started."""
    if done_on is not None and done_on <= as_of:
        if deadline is None or done_on <= deadline:
            return Status.DONE_ON_TIME
        return Status.DONE_LATE
    if deadline is not None:
        if as_of > deadline:
            return Status.OVERDUE
        if (deadline - as_of).days <= risk_window_days:
            return Status.AT_RISK
    return Status.ON_TRACK if previous_done else Status.NOT_STARTED


def overall_status(statuses: list[Status], *, started: bool) -> Status:
    """A checklist's status: done when every step is (late if any was); otherwise the worst
    open step decides — overdue, then at risk — and an agency with evidence is on track."""
    if not statuses:
        return Status.NOT_STARTED
    if all(s in DONE for s in statuses):
        return Status.DONE_LATE if Status.DONE_LATE in statuses else Status.DONE_ON_TIME
    if Status.OVERDUE in statuses:
        return Status.OVERDUE
    if Status.AT_RISK in statuses:
        return Status.AT_RISK
    return Status.ON_TRACK if started else Status.NOT_STARTED
