"""Fixtures of the fault suite."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from ccvc.clock import get_clock
from ccvc.db import get_engine, normalise_url
from ccvc.migrate import upgrade
from ccvc.seeding import seed_all
from ccvc.settings import Settings
from tests.conftest import Database
from tests.support.postgres import create_database, drop_database


@pytest.fixture
def postgres_database(postgres_admin_url: str) -> Iterator[tuple[Database, str]]:
    """A fresh PostgreSQL database, migrated and seeded, with its name (for admin queries)."""
    name = f"ccvc_drop_{uuid.uuid4().hex[:10]}"
    url = normalise_url(create_database(postgres_admin_url, name))
    upgrade(url)
    seed_all(settings=Settings(database_url=url), clock=get_clock())
    try:
        yield Database("postgres", url), name
    finally:
        get_engine(url).dispose()
        drop_database(postgres_admin_url, name)
