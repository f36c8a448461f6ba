"""What the gateway observed about each agency, read in a handful of grouped queries.

Nothing here scans staff records: the figures come from the per-agency daily closing rows the
workers keep (`agency_quality_daily`), and the steps from credentials, tokens and batches. The
cost of reading the national picture grows with agencies × days, not with records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import Session

from gateway.auth.models import AccessToken, ApiClient, Role
from gateway.batches.models import Batch, Channel
from gateway.conformance.models import ConformancePass
from gateway.onboarding.models import HeadcountDeclaration, ManualConfirmation
from gateway.quality.models import AgencyQualityDaily


@dataclass(frozen=True, slots=True)
class DailyFigures:
    day: date
    records: int
    dimensions: dict[str, Any]

    @property
    def verified(self) -> int:
        """Records whose Đúng dimension passes: identity agrees with the population DB."""
        return int(self.dimensions.get("dung", {}).get("pass", 0))

    def pass_share(self, dimension: str) -> float | None:
        if self.records <= 0:
            return None
        return int(self.dimensions.get(dimension, {}).get("pass", 0)) / self.records


@dataclass
class AgencyFacts:
    credentials_at: datetime | None = None
    first_token_at: datetime | None = None
    first_batch_at: datetime | None = None
    first_batch_channel: str | None = None
    first_api_batch_at: datetime | None = None
    conformance_passed_at: datetime | None = None
    daily: list[DailyFigures] = field(default_factory=list)
    headcounts: list[tuple[datetime, int]] = field(default_factory=list)
    confirmations: list[ManualConfirmation] = field(default_factory=list)


def end_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The first instant after `day` in Vietnam: evidence before it existed on `day`."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)


def _scope(column: Any, codes: list[str] | None) -> ColumnElement[bool]:
    return true() if codes is None else column.in_(codes)


def gather(
    session: Session, *, as_of: date, tz: ZoneInfo, codes: Iterable[str] | None = None
) -> dict[str, AgencyFacts]:
    """Facts observed up to the end of `as_of` (Vietnam time), per agency code."""
    cutoff = end_of_day(as_of, tz)
    code_list = list(codes) if codes is not None else None
    facts: dict[str, AgencyFacts] = defaultdict(AgencyFacts)

    for code, at in session.execute(
        select(ApiClient.agency_code, func.min(ApiClient.created_at))
        .where(ApiClient.role == Role.AGENCY.value, ApiClient.created_at < cutoff)
        .group_by(ApiClient.agency_code)
        .where(_scope(ApiClient.agency_code, code_list))
    ):
        if code is not None:
            facts[code].credentials_at = at

    for code, at in session.execute(
        select(ApiClient.agency_code, func.min(AccessToken.issued_at))
        .join(ApiClient, ApiClient.client_id == AccessToken.client_id)
        .where(ApiClient.role == Role.AGENCY.value, AccessToken.issued_at < cutoff)
        .group_by(ApiClient.agency_code)
        .where(_scope(ApiClient.agency_code, code_list))
    ):
        if code is not None:
            facts[code].first_token_at = at

    for code, channel, at in session.execute(
        select(Batch.agency_code, Batch.channel, func.min(Batch.created_at))
        .where(Batch.created_at < cutoff)
        .group_by(Batch.agency_code, Batch.channel)
        .where(_scope(Batch.agency_code, code_list))
    ):
        fact = facts[code]
        if fact.first_batch_at is None or at < fact.first_batch_at:
            fact.first_batch_at, fact.first_batch_channel = at, channel
        if channel == Channel.API.value:
            fact.first_api_batch_at = at

    for code, passed_at in session.execute(
        select(ConformancePass.agency_code, ConformancePass.passed_at).where(
            ConformancePass.passed_at < cutoff, _scope(ConformancePass.agency_code, code_list)
        )
    ):
        facts[code].conformance_passed_at = passed_at

    for code, day, records, dimensions in session.execute(
        select(
            AgencyQualityDaily.agency_code,
            AgencyQualityDaily.day,
            AgencyQualityDaily.records,
            AgencyQualityDaily.dimensions,
        )
        .where(AgencyQualityDaily.day <= as_of)
        .order_by(AgencyQualityDaily.agency_code, AgencyQualityDaily.day)
        .where(_scope(AgencyQualityDaily.agency_code, code_list))
    ):
        facts[code].daily.append(DailyFigures(day, records, dimensions or {}))

    for code, at, headcount in session.execute(
        select(
            HeadcountDeclaration.agency_code,
            HeadcountDeclaration.declared_at,
            HeadcountDeclaration.headcount,
        )
        .where(HeadcountDeclaration.declared_at < cutoff)
        .order_by(HeadcountDeclaration.declared_at, HeadcountDeclaration.id)
        .where(_scope(HeadcountDeclaration.agency_code, code_list))
    ):
        facts[code].headcounts.append((at, headcount))

    confirmations = session.scalars(
        select(ManualConfirmation)
        .where(ManualConfirmation.confirmed_at < cutoff)
        .order_by(ManualConfirmation.confirmed_at, ManualConfirmation.id)
        .where(_scope(ManualConfirmation.agency_code, code_list))
    )
    for confirmation in confirmations:
        facts[confirmation.agency_code].confirmations.append(confirmation)
    return dict(facts)
