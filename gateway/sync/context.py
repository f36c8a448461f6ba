"""What the rules need to know beyond the record itself, read from the database in bulk."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.quality.models import AgencyQuality
from gateway.staff.models import StaffRecord
from gateway.staff.service import records_of_people


@dataclass
class Neighbourhood:
    """For a set of people: where else they are active, and what other channels said."""

    active_elsewhere: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    channel_values: dict[tuple[str, str], dict[str, tuple[str, str | None]]] = field(
        default_factory=dict
    )
    last_sync: dict[str, datetime] = field(default_factory=dict)
    first_sync: dict[str, datetime] = field(default_factory=dict)

    def elsewhere(self, agency_code: str, person_id: str | None) -> list[str]:
        if person_id is None:
            return []
        return self.active_elsewhere.get((agency_code, person_id), [])

    def other_channels(
        self, agency_code: str, person_id: str | None, channel: str
    ) -> dict[str, tuple[str, str | None]]:
        if person_id is None:
            return {}
        values = self.channel_values.get((agency_code, person_id), {})
        return {name: v for name, v in values.items() if v[0] != channel}


def neighbourhood(session: Session, people: Iterable[tuple[str, str]]) -> Neighbourhood:
    """`people`: (agency_code, person_id) pairs of the records about to be evaluated."""
    people = list(people)
    result = Neighbourhood()
    agencies = sorted({agency for agency, _ in people})
    if agencies:
        synced = session.execute(
            select(
                AgencyQuality.agency_code, AgencyQuality.first_sync_at, AgencyQuality.last_sync_at
            ).where(AgencyQuality.agency_code.in_(agencies))
        ).all()
        result.first_sync = {code: first for code, first, _ in synced if first is not None}
        result.last_sync = {code: last for code, _, last in synced if last is not None}
    pairs = {p for p in people if p[1]}
    if not pairs:
        return result
    # one read of these people's records at every agency: where else they are active, and
    # what the agency's own record of them holds
    active: dict[str, list[str]] = defaultdict(list)
    for agency_code, person_id, status, data, lineage in records_of_people(
        session,
        (pid for _, pid in pairs),
        StaffRecord.employment_status,
        StaffRecord.data,
        StaffRecord.lineage,
    ):
        if status == "active":
            active[person_id].append(agency_code)
        if (agency_code, person_id) in pairs:
            result.channel_values[(agency_code, person_id)] = {
                name: (str(meta.get("source")), data.get(name))
                for name, meta in lineage.items()
                if isinstance(meta, dict) and meta.get("source") != "population_db"
            }
    for agency_code, person_id in pairs:
        others = sorted(a for a in active.get(person_id, []) if a != agency_code)
        if others:
            result.active_elsewhere[(agency_code, person_id)] = others
    return result
