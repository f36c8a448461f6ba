"""The conformance report of one agency, and its passing time (onboarding evidence)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.agencies.models import Agency
from gateway.conformance.judge import BEHAVIOURS, Facts
from gateway.conformance.models import (
    BehaviourResult,
    ConformancePass,
    ConformanceReport,
    Observation,
    Verdict,
)

MAX_OBSERVATIONS = 20_000  # the latest requests judged; older episodes are history


def report(*, session: Session, agency: Agency, now: datetime) -> ConformanceReport:
    latest = session.scalars(
        select(Observation)
        .where(Observation.agency_code == agency.code)
        .order_by(Observation.id.desc())
        .limit(MAX_OBSERVATIONS)
    ).all()
    facts = Facts(session=session, agency_code=agency.code, observations=latest[::-1])
    results: list[BehaviourResult] = []
    for behaviour in BEHAVIOURS:
        judged = behaviour.judge(facts)
        results.append(
            BehaviourResult(
                id=behaviour.id,
                title_en=behaviour.title_en,
                title_vi=behaviour.title_vi,
                how_to_en=behaviour.how_to_en,
                how_to_vi=behaviour.how_to_vi,
                required=agency.cohort in behaviour.cohorts,
                status=judged.status,
                reason_en=judged.reason_en,
                reason_vi=judged.reason_vi,
                concluded_at=judged.concluded_at,
                evidence=judged.evidence,
            )
        )
    required = [r for r in results if r.required]
    passed = all(r.status == "passed" for r in required)
    recorded = session.get(ConformancePass, agency.code)
    if passed and recorded is None:
        recorded = _record_pass(session, agency.code, required, now)
    counts: dict[Verdict, int] = {"passed": 0, "failed": 0, "not_tried": 0}
    for r in results:
        counts[r.status] += 1
    total = session.scalar(
        select(func.count()).select_from(Observation).where(Observation.agency_code == agency.code)
    )
    return ConformanceReport(
        agency_code=agency.code,
        generated_at=now,
        passed=passed,
        passed_at=recorded.passed_at if recorded is not None else None,
        counts=counts,
        observed_requests=int(total or 0),
        behaviours=results,
    )


def _record_pass(
    session: Session, agency_code: str, required: list[BehaviourResult], now: datetime
) -> ConformancePass:
    """The first time the report is green is kept (a later regression shows in the report,
    but the onboarding step, once met, stays met — as any other evidence does): the time the
    last required behaviour passed."""
    passed_at = max((r.concluded_at for r in required if r.concluded_at), default=now)
    recorded = ConformancePass(agency_code=agency_code, passed_at=passed_at, recorded_at=now)
    session.add(recorded)
    session.flush()
    return recorded
