"""The national picture for operators, built from the onboarding assessment of the 96 agencies.

The assessment reads only per-agency figures (never staff records), and one assessment per day
asked for is reused for `dashboard_cache_seconds`, so the page's auto-refresh and a Prometheus
scrape cost one computation between them.
"""

from __future__ import annotations

import threading
import time
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from sqlalchemy.orm import Session

from ccvc.clock import Clock
from ccvc.settings import Settings
from gateway.agencies.service import CONFLICT_MESSAGE, CONFLICT_MESSAGE_VI
from gateway.dashboard.models import (
    AgencyRow,
    BreakdownRow,
    BurnupPoint,
    ConflictItem,
    Dashboard,
    DashboardFilters,
    MilestoneMark,
    OverdueItem,
    TrackSummary,
)
from gateway.onboarding.facts import AgencyFacts
from gateway.onboarding.models import AgencyOnboardingRead
from gateway.onboarding.plan import CHECKLISTS, DECISION_DATE, DONE, Status, Track
from gateway.onboarding.service import Assessment, Thresholds, assess
from gateway.quality.service import DIMENSIONS

TRACK_TITLES: dict[Track, tuple[str, str, str]] = {  # vi, en, quality principle
    Track.COHORT_26: (
        "Nhóm 26 (đã có phần mềm)",
        "Cohort 26 (with HR software)",
        "Đúng – Đủ – Sạch – Sống",
    ),
    Track.COHORT_70_I: (
        "Nhóm 70 – Giai đoạn I (biểu mẫu, VNeID)",
        "Cohort 70 – phase I (templates, VNeID)",
        "Đúng – Đủ",
    ),
    Track.COHORT_70_II: (
        "Nhóm 70 – Giai đoạn II (phần mềm)",
        "Cohort 70 – phase II (HR software)",
        "Đúng – Đủ – Sạch – Sống",
    ),
}

_cache: dict[tuple[str, date], tuple[float, Assessment]] = {}
_cache_lock = threading.Lock()


def cached_assessment(
    session: Session, *, settings: Settings, clock: Clock, as_of: date
) -> Assessment:
    key = (settings.database_url, as_of)
    now = time.monotonic()
    with _cache_lock:
        hit = _cache.get(key)
        if hit is not None and now - hit[0] < settings.dashboard_cache_seconds:
            return hit[1]
    result = assess(session, settings=settings, as_of=as_of, tz=clock.tz)
    with _cache_lock:
        if len(_cache) > 64:  # many days asked for: keep memory bounded
            _cache.clear()
        _cache[key] = (now, result)
    return result


def clear_cache() -> None:
    with _cache_lock:
        _cache.clear()


def _matches(agency: AgencyOnboardingRead, filters: DashboardFilters) -> bool:
    checks: list[tuple[str | None, str | None]] = [
        (filters.cohort, agency.cohort),
        (filters.phase, agency.phase),
        (filters.status.value if filters.status else None, agency.status.value),
        (filters.group, agency.group),
        (filters.vendor, agency.vendor),
        (filters.priority, agency.priority),
    ]
    return all(wanted is None or wanted == actual for wanted, actual in checks)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _by_status(statuses: Iterable[Status]) -> dict[Status, int]:
    counts = Counter(statuses)
    return {s: counts.get(s, 0) for s in Status}


def _track_summary(
    track: Track, agencies: list[AgencyOnboardingRead], assessment: Assessment
) -> TrackSummary:
    members = [a for a in agencies if any(t.track is track for t in a.tracks)]
    statuses = [next(t.status for t in a.tracks if t.track is track) for a in members]
    records = sum(a.figures.records for a in members)
    verified = sum(a.figures.verified for a in members)
    headcount = sum(a.figures.headcount or 0 for a in members)
    passed: dict[str, float | None] = {}
    for dimension in DIMENSIONS:
        n = sum(round((a.figures.pass_share[dimension] or 0) * a.figures.records) for a in members)
        passed[dimension] = _share(n, records)
    codes = sorted({p.milestone for p in CHECKLISTS[track] if p.milestone})
    marks = [
        MilestoneMark(code=m.code, deadline=m.deadline, title_vi=m.title_vi, title_en=m.title_en)
        for m in (assessment.milestones.get(c) for c in codes)
        if m is not None
    ]
    title_vi, title_en, principle = TRACK_TITLES[track]
    return TrackSummary(
        track=track,
        title_vi=title_vi,
        title_en=title_en,
        quality_principle=principle,
        agencies=len(members),
        by_status=_by_status(statuses),
        records=records,
        verified=verified,
        headcount=headcount,
        verified_share_of_records=_share(verified, records),
        verified_share_of_headcount=_share(verified, headcount),
        pass_share=passed,
        deadline=max((m.deadline for m in marks), default=None),
        milestones=sorted(marks, key=lambda m: m.deadline),
    )


def _breakdown(
    agencies: list[AgencyOnboardingRead], key: Callable[[AgencyOnboardingRead], str | None]
) -> list[BreakdownRow]:
    groups: dict[str, list[Status]] = defaultdict(list)
    for agency in agencies:
        groups[key(agency) or "—"].append(agency.status)
    return [
        BreakdownRow(key=k, agencies=len(v), by_status=_by_status(v))
        for k, v in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    ]


def _weeks(as_of: date) -> list[date]:
    if as_of < DECISION_DATE:
        return [as_of]
    days = [
        DECISION_DATE + timedelta(weeks=i) for i in range((as_of - DECISION_DATE).days // 7 + 1)
    ]
    if days[-1] != as_of:
        days.append(as_of)
    return days


def _burnup(
    agencies: list[AgencyOnboardingRead], facts: dict[str, AgencyFacts], as_of: date
) -> list[BurnupPoint]:
    completions: dict[Track, list[date]] = {t: [] for t in Track}
    for agency in agencies:
        for t in agency.tracks:
            if t.completed_on is not None:
                completions[t.track].append(t.completed_on)
    for days in completions.values():
        days.sort()
    shown = {a.code for a in agencies}
    series = [
        ([d.day for d in f.daily], [d.verified for d in f.daily])
        for code, f in facts.items()
        if code in shown and f.daily
    ]
    points: list[BurnupPoint] = []
    for day in _weeks(as_of):
        verified = 0
        for days, values in series:
            i = bisect_right(days, day)
            if i:
                verified += values[i - 1]
        points.append(
            BurnupPoint(
                day=day,
                completed={t: bisect_right(completions[t], day) for t in Track},
                verified=verified,
            )
        )
    return points


def _overdue(agencies: list[AgencyOnboardingRead], as_of: date) -> list[OverdueItem]:
    items: list[OverdueItem] = []
    for agency in agencies:
        late = sorted(
            (s for s in agency.steps if s.status is Status.OVERDUE and s.deadline is not None),
            key=lambda s: (s.deadline, s.step.value),
        )
        if not late:
            continue
        oldest = late[0]
        assert oldest.deadline is not None
        items.append(
            OverdueItem(
                code=agency.code,
                name=agency.name,
                cohort=agency.cohort,
                track=oldest.track,
                step=oldest.step.value,
                title_vi=oldest.title_vi,
                title_en=oldest.title_en,
                deadline=oldest.deadline,
                days_overdue=(as_of - oldest.deadline).days,
                overdue_steps=[s.step.value for s in late],
            )
        )
    return sorted(items, key=lambda i: (-i.days_overdue, i.code))


def _conflicts(agencies: list[AgencyOnboardingRead]) -> list[ConflictItem]:
    seen: set[frozenset[str]] = set()
    items: list[ConflictItem] = []
    for agency in agencies:
        if agency.conflict_with is None:
            continue
        pair = frozenset({agency.code, agency.conflict_with})
        if pair in seen:
            continue
        seen.add(pair)
        items.append(
            ConflictItem(
                codes=sorted(pair),
                name=agency.name,
                message=CONFLICT_MESSAGE,
                message_vi=CONFLICT_MESSAGE_VI,
            )
        )
    return items


def agency_row(agency: AgencyOnboardingRead) -> AgencyRow:
    open_deadlines = [s.deadline for s in agency.steps if s.status not in DONE and s.deadline]
    return AgencyRow(
        code=agency.code,
        name=agency.name,
        cohort=agency.cohort,
        phase=agency.phase,
        group=agency.group,
        vendor=agency.vendor,
        priority=agency.priority,
        status=agency.status,
        status_vi=agency.status_vi,
        tracks={t.track: t.status for t in agency.tracks},
        done_steps=sum(t.done_steps for t in agency.tracks),
        total_steps=sum(t.total_steps for t in agency.tracks),
        records=agency.figures.records,
        verified=agency.figures.verified,
        headcount=agency.figures.headcount,
        verified_share_of_headcount=agency.figures.verified_share_of_headcount,
        pass_share=agency.figures.pass_share,
        last_sync_on=agency.figures.last_sync_on,
        next_deadline=min(open_deadlines, default=None),
        conflict_with=agency.conflict_with,
    )


def filtered_rows(assessment: Assessment, filters: DashboardFilters) -> list[AgencyRow]:
    return [agency_row(a) for a in assessment.agencies if _matches(a, filters)]


def dashboard(
    assessment: Assessment, *, settings: Settings, filters: DashboardFilters, now: datetime
) -> Dashboard:
    agencies = [a for a in assessment.agencies if _matches(a, filters)]
    thresholds = Thresholds.of(settings)
    cohort26 = [a for a in agencies if a.cohort == "26"]
    statuses = Counter(a.status.value for a in agencies)
    return Dashboard(
        as_of=assessment.as_of,
        generated_at=now,
        filters=filters,
        thresholds={
            "headcount_share": thresholds.headcount_share,
            "quality_share": thresholds.quality_share,
            "live_window_days": thresholds.live_window_days,
            "risk_window_days": thresholds.risk_window_days,
        },
        totals={"agencies": len(agencies), **{s.value: statuses.get(s.value, 0) for s in Status}},
        tracks=[_track_summary(t, agencies, assessment) for t in Track],
        breakdowns={
            "group": _breakdown(cohort26, lambda a: a.group),
            "vendor": _breakdown(cohort26, lambda a: a.vendor),
            "priority": _breakdown(cohort26, lambda a: a.priority),
        },
        burnup=_burnup(agencies, assessment.facts, assessment.as_of),
        overdue=_overdue(agencies, assessment.as_of),
        conflicts=_conflicts(assessment.agencies),
        options={
            "group": sorted({a.group for a in assessment.agencies}),
            "vendor": sorted({a.vendor for a in assessment.agencies if a.vendor}),
            "priority": sorted({a.priority for a in assessment.agencies if a.priority}),
        },
        agencies=[agency_row(a) for a in agencies],
    )
