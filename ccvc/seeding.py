"""Idempotent seeding of everything the sandbox needs to be used at once."""

from __future__ import annotations

from dataclasses import dataclass

from ccvc.clock import Clock
from ccvc.db import session_scope
from ccvc.settings import Settings


@dataclass(frozen=True, slots=True)
class SeedReport:
    agencies: int
    bus_members: int


def seed_all(*, settings: Settings, clock: Clock) -> SeedReport:
    from mock_ndxp.seeding import seed_bus

    from gateway.agencies.service import seed_registry

    with session_scope(settings.database_url) as session:
        agencies = seed_registry(session=session, clock=clock)
        members = seed_bus(session=session, settings=settings)
    return SeedReport(agencies=agencies, bus_members=members)
