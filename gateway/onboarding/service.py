"""Each agency's onboarding at a chosen day: its checklist, the evidence behind every step and
the status against the plan. Derived on read from what the gateway observed (see `facts`), so
any day of the 2023 plan can be replayed and today shows what is still overdue."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from ccvc.problems import Problem
from ccvc.settings import Settings
from gateway.agencies.models import Agency, Milestone
from gateway.onboarding.facts import AgencyFacts, DailyFigures, gather
from gateway.onboarding.models import (
    AgencyOnboardingRead,
    ConfirmationRead,
    Evidence,
    ManualConfirmation,
    QualityFigures,
    StepRead,
    TrackRead,
)
from gateway.onboarding.plan import (
    CHECKLISTS,
    DECISION_DATE,
    DONE,
    STATUS_TITLES,
    STEP_TITLES,
    Status,
    Step,
    Track,
    effective_deadline,
    overall_status,
    step_status,
    tracks_of,
)
from gateway.quality.service import DIMENSIONS

DUNG_DU = ("dung", "du")
CONFIRMABLE = frozenset(Step) - {Step.REGISTERED, Step.SYNC_LIVE}


@dataclass(frozen=True, slots=True)
class Thresholds:
    headcount_share: float
    quality_share: float
    live_window_days: int
    risk_window_days: int

    @classmethod
    def of(cls, settings: Settings) -> Thresholds:
        return cls(
            headcount_share=settings.onboarding_headcount_share,
            quality_share=settings.onboarding_quality_share,
            live_window_days=settings.onboarding_live_window_days,
            risk_window_days=settings.onboarding_risk_window_days,
        )


def _local(at: datetime, tz: ZoneInfo) -> date:
    return at.astimezone(tz).date()


def _at(at: datetime, source: str, tz: ZoneInfo, **detail: object) -> Evidence:
    return Evidence(observed_on=_local(at, tz), observed_at=at, source=source, detail=detail)


def _on(day: date, source: str, **detail: object) -> Evidence:
    return Evidence(observed_on=day, observed_at=None, source=source, detail=detail)


def _headcount_on(facts: AgencyFacts, day: date, tz: ZoneInfo) -> int | None:
    current = None
    for at, headcount in facts.headcounts:
        if _local(at, tz) <= day:
            current = headcount
    return current


Predicate = Callable[[DailyFigures, int | None], bool]


def headcount_met(share: float) -> Predicate:
    def met(figures: DailyFigures, headcount: int | None) -> bool:
        return bool(headcount) and figures.verified >= share * (headcount or 0)

    return met


def quality_met(share: float, dimensions: tuple[str, ...]) -> Predicate:
    def met(figures: DailyFigures, headcount: int | None) -> bool:
        shares = [figures.pass_share(d) for d in dimensions]
        return all(s is not None and s >= share for s in shares)

    return met


def _met_since(
    facts: AgencyFacts, tz: ZoneInfo, met: Predicate
) -> tuple[date, DailyFigures, int | None] | None:
    """Whether `met` holds for the latest figures and declared headcount (facts are cut at
    `as_of`), and since which day without a break. A threshold is a state, not an event: an
    agency whose data degrades, or that declares a larger headcount, no longer meets it.
    Days are those with figures or with a declaration (declaring after the sync counts too).
    One walk over both (each already in time order), so years of daily rows stay linear."""
    declared = [(_local(at, tz), headcount) for at, headcount in facts.headcounts]
    days = sorted({d.day for d in facts.daily} | {day for day, _ in declared})
    since: date | None = None
    figures: DailyFigures | None = None
    headcount: int | None = None
    next_figures = next_declared = 0
    for day in days:
        while next_figures < len(facts.daily) and facts.daily[next_figures].day <= day:
            figures = facts.daily[next_figures]
            next_figures += 1
        while next_declared < len(declared) and declared[next_declared][0] <= day:
            headcount = declared[next_declared][1]
            next_declared += 1
        if figures is None:
            continue
        if not met(figures, headcount):
            since = None
        elif since is None:
            since = day
    if since is None or figures is None:
        return None
    return since, figures, headcount


def observe(
    step: Step, facts: AgencyFacts, *, as_of: date, tz: ZoneInfo, thresholds: Thresholds
) -> Evidence | None:
    """The evidence that `step` was reached (on or before `as_of`; facts are already cut)."""
    match step:
        case Step.REGISTERED:
            return _on(DECISION_DATE, "registry", document="72/QĐ-BNV")
        case Step.CREDENTIALS_ISSUED:
            at = facts.credentials_at
            return _at(at, "credentials", tz) if at else None
        case Step.FIRST_AUTHENTICATED_CALL:
            at = facts.first_token_at
            return _at(at, "oauth_token", tz) if at else None
        case Step.SANDBOX_PASSED:
            if facts.conformance_passed_at is None:
                return None
            return _at(facts.conformance_passed_at, "conformance_report", tz)
        case Step.FIRST_DATA_RECEIVED:
            at = facts.first_batch_at
            return _at(at, "batches", tz, channel=facts.first_batch_channel) if at else None
        case Step.FIRST_API_BATCH:
            at = facts.first_api_batch_at
            return _at(at, "batches", tz, channel="api") if at else None
        case Step.HEADCOUNT_VERIFIED:
            found = _met_since(facts, tz, headcount_met(thresholds.headcount_share))
            return found and _on(
                found[0],
                "daily_figures",
                verified=found[1].verified,
                headcount=found[2],
                required_share=thresholds.headcount_share,
            )
        case Step.QUALITY_DUNG_DU | Step.QUALITY_ALL_FOUR:
            dims = DUNG_DU if step is Step.QUALITY_DUNG_DU else DIMENSIONS
            found = _met_since(facts, tz, quality_met(thresholds.quality_share, dims))
            return found and _on(
                found[0],
                "daily_figures",
                records=found[1].records,
                pass_share={d: found[1].pass_share(d) for d in dims},
                required_share=thresholds.quality_share,
            )
        case Step.SYNC_LIVE:
            if not facts.daily:
                return None
            last_day = facts.daily[-1].day
            if (as_of - last_day).days >= thresholds.live_window_days:
                return None
            return _on(last_day, "daily_figures", last_sync_on=last_day.isoformat())
    return None


def _progress(step: Step, figures: QualityFigures, thresholds: Thresholds) -> dict[str, object]:
    if step is Step.HEADCOUNT_VERIFIED:
        return {
            "verified": figures.verified,
            "headcount": figures.headcount,
            "share": figures.verified_share_of_headcount,
            "required_share": thresholds.headcount_share,
        }
    if step in (Step.QUALITY_DUNG_DU, Step.QUALITY_ALL_FOUR):
        dims = DUNG_DU if step is Step.QUALITY_DUNG_DU else DIMENSIONS
        return {
            "pass_share": {d: figures.pass_share[d] for d in dims},
            "required_share": thresholds.quality_share,
        }
    if step is Step.SYNC_LIVE:
        return {
            "last_sync_on": figures.last_sync_on,
            "window_days": thresholds.live_window_days,
        }
    return {}


def _figures(facts: AgencyFacts, as_of: date, tz: ZoneInfo) -> QualityFigures:
    latest = facts.daily[-1] if facts.daily else None
    headcount = _headcount_on(facts, as_of, tz)
    verified = latest.verified if latest else 0
    return QualityFigures(
        records=latest.records if latest else 0,
        verified=verified,
        headcount=headcount,
        verified_share_of_headcount=(verified / headcount) if headcount else None,
        pass_share={d: (latest.pass_share(d) if latest else None) for d in DIMENSIONS},
        last_sync_on=latest.day if latest else None,
    )


def confirmation_read(c: ManualConfirmation) -> ConfirmationRead:
    return ConfirmationRead(
        id=c.id,
        agency_code=c.agency_code,
        step=Step(c.step),
        note=c.note,
        client_id=c.client_id,
        confirmed_at=c.confirmed_at,
    )


def onboarding_of(
    agency: Agency,
    facts: AgencyFacts,
    *,
    milestones: dict[str, Milestone],
    as_of: date,
    tz: ZoneInfo,
    thresholds: Thresholds,
) -> AgencyOnboardingRead:
    figures = _figures(facts, as_of, tz)
    steps: list[StepRead] = []
    tracks: list[TrackRead] = []
    all_statuses: list[Status] = []
    started = False
    agency_deadline = agency.deadline if agency.cohort == "26" else None
    for track in tracks_of(agency.cohort):
        statuses: list[Status] = []
        done_dates: list[date] = []
        previous_done = True
        for planned in CHECKLISTS[track]:
            milestone = milestones.get(planned.milestone) if planned.milestone else None
            deadline = effective_deadline(
                milestone.deadline if milestone else None, agency_deadline
            )
            evidence = observe(planned.step, facts, as_of=as_of, tz=tz, thresholds=thresholds)
            confirmations = [c for c in facts.confirmations if c.step == planned.step.value]
            done_on, basis = None, None
            if evidence is not None:
                done_on, basis = evidence.observed_on, "evidence"
                if planned.step is Step.SYNC_LIVE:  # live now; on time if live since the deadline
                    done_on = facts.daily[0].day
            elif confirmations:
                done_on, basis = _local(confirmations[0].confirmed_at, tz), "manual"
            status = step_status(
                done_on=done_on,
                deadline=deadline,
                as_of=as_of,
                previous_done=previous_done,
                risk_window_days=thresholds.risk_window_days,
            )
            previous_done = status in DONE
            if previous_done and planned.step is not Step.REGISTERED:
                started = True
            if previous_done and done_on is not None:
                done_dates.append(done_on)
            statuses.append(status)
            steps.append(
                StepRead(
                    step=planned.step,
                    title_vi=STEP_TITLES[planned.step][0],
                    title_en=STEP_TITLES[planned.step][1],
                    track=track,
                    milestone=planned.milestone,
                    milestone_deadline=milestone.deadline if milestone else None,
                    agency_deadline=agency_deadline if milestone else None,
                    deadline=deadline,
                    status=status,
                    status_vi=STATUS_TITLES[status][0],
                    done_on=done_on if status in DONE else None,
                    basis=basis if status in DONE else None,
                    evidence=evidence,
                    confirmations=[confirmation_read(c) for c in confirmations],
                    progress=_progress(planned.step, figures, thresholds) or None,
                )
            )
        track_status = overall_status(statuses, started=started)
        tracks.append(
            TrackRead(
                track=track,
                status=track_status,
                status_vi=STATUS_TITLES[track_status][0],
                done_steps=sum(s in DONE for s in statuses),
                total_steps=len(statuses),
                completed_on=max(done_dates) if track_status in DONE and done_dates else None,
            )
        )
        all_statuses.extend(statuses)
    status = overall_status(all_statuses, started=started)
    phase = None
    if agency.cohort == "70":
        phase = "II" if tracks[0].status in DONE else "I"
    return AgencyOnboardingRead(
        code=agency.code,
        name=agency.name,
        cohort=agency.cohort,
        group=agency.group,
        vendor=agency.vendor,
        priority=agency.priority,
        conflict_with=agency.conflict_with,
        as_of=as_of,
        status=status,
        status_vi=STATUS_TITLES[status][0],
        phase=phase,
        tracks=tracks,
        figures=figures,
        steps=steps,
    )


@dataclass(frozen=True, slots=True)
class Assessment:
    """Every agency's onboarding at one day, with the facts it was derived from."""

    as_of: date
    agencies: list[AgencyOnboardingRead]
    facts: dict[str, AgencyFacts]
    milestones: dict[str, Milestone]


def assess(
    session: Session,
    *,
    settings: Settings,
    as_of: date,
    tz: ZoneInfo,
    codes: Iterable[str] | None = None,
) -> Assessment:
    """The onboarding of every agency (or of `codes`), in registry order."""
    query = select(Agency).order_by(Agency.cohort.desc(), Agency.appendix_no)
    code_list = list(codes) if codes is not None else None
    if code_list is not None:
        query = query.where(Agency.code.in_(code_list))
    agencies = list(session.scalars(query))
    milestones = {m.code: m for m in session.scalars(select(Milestone))}
    facts = gather(session, as_of=as_of, tz=tz, codes=code_list)
    thresholds = Thresholds.of(settings)
    reads = [
        onboarding_of(
            agency,
            facts.get(agency.code, AgencyFacts()),
            milestones=milestones,
            as_of=as_of,
            tz=tz,
            thresholds=thresholds,
        )
        for agency in agencies
    ]
    return Assessment(as_of=as_of, agencies=reads, facts=facts, milestones=milestones)


def onboarding(
    session: Session,
    *,
    settings: Settings,
    as_of: date,
    tz: ZoneInfo,
    codes: Iterable[str] | None = None,
) -> list[AgencyOnboardingRead]:
    return assess(session, settings=settings, as_of=as_of, tz=tz, codes=codes).agencies


def check_confirmable(step: Step) -> None:
    if step not in CONFIRMABLE:
        raise Problem(
            422,
            "step-not-confirmable",
            "This step is only ever derived from observed evidence",
            title_vi="Bước này chỉ được xác định từ dữ liệu hệ thống ghi nhận",
            detail=f"{step.value!r} cannot be confirmed by hand; "
            f"confirmable steps: {', '.join(sorted(s.value for s in CONFIRMABLE))}.",
        )


__all__ = [
    "CONFIRMABLE",
    "Assessment",
    "Thresholds",
    "Track",
    "assess",
    "check_confirmable",
    "onboarding",
]
