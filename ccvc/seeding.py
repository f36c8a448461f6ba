"""Idempotent seeding of everything the sandbox needs to be used at once."""

from __future__ import annotations

from dataclasses import dataclass

from ccvc.clock import Clock
from ccvc.db import session_scope
from ccvc.settings import Settings


@dataclass(frozen=True, slots=True)
class SeedReport:
    agencies: int
    bus_members: int  # the gateway, the sandbox test member and the bus operator


def seed_all(*, settings: Settings, clock: Clock) -> SeedReport:
    from gateway.agencies.service import seed_registry
    from mock_ndxp.seeding import seed_bus

    with session_scope(settings.database_url) as session:
        agencies = seed_registry(session=session, clock=clock)
        seed_bus(session, settings, now=clock.now())
    return SeedReport(agencies=agencies, bus_members=3)
