"""Quality deltas: what one stored evaluation changes in its agency's counters."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.quality.models import AgencyQuality, AgencyQualityDaily

DIMENSIONS = ("dung", "du", "sach", "song")


@dataclass(frozen=True, slots=True)
class RecordState:
    """What counts of one stored record: its verdict, dimension verdicts, failed rules."""

    verdict: str
    dimensions: tuple[tuple[str, str], ...]
    rules: frozenset[str]

    @classmethod
    def of(
        cls, verdict: str, dimensions: dict[str, str], findings: Iterable[dict[str, Any]]
    ) -> RecordState:
        return cls(
            verdict=verdict,
            dimensions=tuple(sorted(dimensions.items())),
            rules=frozenset(str(f["rule"]) for f in findings),
        )


@dataclass
class QualityDelta:
    records: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    dimensions: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    rules: Counter[str] = field(default_factory=Counter)

    def add(self, state: RecordState, sign: int) -> None:
        self.verdicts[state.verdict] += sign
        for dimension, verdict in state.dimensions:
            self.dimensions[dimension][verdict] += sign
        for rule in state.rules:
            self.rules[rule] += sign

    def change(self, old: RecordState | None, new: RecordState) -> None:
        if old is None:
            self.records += 1
        else:
            self.add(old, -1)
        self.add(new, +1)


def _merge(target: dict[str, Any], delta: dict[str, Counter[str]]) -> dict[str, Any]:
    merged = {k: dict(v) for k, v in target.items()}
    for dimension, counts in delta.items():
        row = merged.setdefault(dimension, {})
        for verdict, n in counts.items():
            row[verdict] = row.get(verdict, 0) + n
    return merged


def apply_deltas(
    session: Session, deltas: dict[str, QualityDelta], *, now: datetime, today: date
) -> None:
    """Apply a round's deltas (one row lock per agency) and refresh today's closing figures."""
    for agency_code in sorted(deltas):
        delta = deltas[agency_code]
        row = session.scalars(
            select(AgencyQuality).where(AgencyQuality.agency_code == agency_code).with_for_update()
        ).first()
        if row is None:
            row = AgencyQuality(
                agency_code=agency_code,
                records=0,
                accepted=0,
                rejected=0,
                dimensions={},
                rules={},
                first_sync_at=now,
                updated_at=now,
            )
            session.add(row)
        row.records += delta.records
        row.accepted += delta.verdicts.get("accepted", 0)
        row.rejected += delta.verdicts.get("rejected", 0)
        row.dimensions = _merge(row.dimensions or {}, delta.dimensions)
        rules = dict(row.rules or {})
        for rule, n in delta.rules.items():
            rules[rule] = rules.get(rule, 0) + n
            if rules[rule] <= 0:
                rules.pop(rule)
        row.rules = rules
        row.last_sync_at = now
        row.updated_at = now
        daily = session.get(AgencyQualityDaily, (agency_code, today))
        if daily is None:
            daily = AgencyQualityDaily(
                agency_code=agency_code, day=today, records=0, accepted=0, rejected=0, dimensions={}
            )
            session.add(daily)
        daily.records, daily.accepted, daily.rejected = row.records, row.accepted, row.rejected
        daily.dimensions = row.dimensions
    session.flush()
