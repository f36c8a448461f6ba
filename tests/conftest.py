"""Shared fixtures: fresh databases on SQLite and on a real PostgreSQL server, and the whole
sandbox served over real HTTP by uvicorn on loopback."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from ccvc.clock import FixedClock, get_clock, set_clock
from ccvc.db import get_engine, normalise_url
from ccvc.logging import configure_logging
from ccvc.migrate import upgrade
from ccvc.seeding import seed_all
from ccvc.settings import Settings
from tests.support.pii_scan import scan
from tests.support.postgres import create_database, drop_database, postgres_server
from tests.support.servers import free_port, serve

BACKENDS = ["sqlite", "postgres"]
SUITE_LOG = Path(__file__).resolve().parents[1] / "test-artifacts" / "suite-log.jsonl"


def pytest_configure(config: pytest.Config) -> None:
    """Every log line of the run — in-process servers, and the servers and workers the tests
    start as processes (they inherit `CCVC_LOG_COPY`) — is also kept in one file, scanned for
    personal data when the session ends."""
    SUITE_LOG.parent.mkdir(parents=True, exist_ok=True)
    SUITE_LOG.write_text("")
    os.environ["CCVC_LOG_COPY"] = str(SUITE_LOG)
    os.environ.setdefault("CCVC_LOG_LEVEL", "INFO")
    configure_logging("INFO", stream=sys.stdout)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    lines, hits = scan(SUITE_LOG)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    summary = f"personal-data scan: {lines} log lines of the run, {len(hits)} with personal data"
    if reporter is not None:
        reporter.write_line(summary)
        for hit in hits[:20]:
            reporter.write_line(f"  {hit}")
    if hits:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    with postgres_server() as url:
        yield url


@dataclass
class Database:
    backend: str
    url: str


def _fresh_database(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[Database]:
    if backend == "sqlite":
        url = f"sqlite:///{tmp_path / 'ccvc.db'}"
        yield Database(backend, url)
        get_engine(url).dispose()
        return
    admin = request.getfixturevalue("postgres_admin_url")
    name = f"ccvc_test_{uuid.uuid4().hex[:10]}"
    url = create_database(admin, name)
    try:
        yield Database(backend, normalise_url(url))
    finally:
        get_engine(normalise_url(url)).dispose()
        drop_database(admin, name)


@pytest.fixture(params=BACKENDS)
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A fresh, empty database on each backend (SQLite file, PostgreSQL database)."""
    if request.param == "postgres":
        request.applymarker(pytest.mark.postgres)
    yield from _fresh_database(request.param, tmp_path, request)


@pytest.fixture
def database(empty_database: Database) -> Database:
    """A fresh database on each backend, migrated and seeded."""
    settings = Settings(database_url=empty_database.url)
    upgrade(settings.database_url)
    seed_all(settings=settings, clock=get_clock())
    return empty_database


@pytest.fixture
def fixed_clock() -> Iterator[FixedClock]:
    clock = FixedClock(date(2026, 11, 23))
    set_clock(clock)
    yield clock
    set_clock(None)


@dataclass
class Sandbox:
    base_url: str
    settings: Settings
    database: Database


@contextmanager
def start_sandbox(database: Database, **overrides: object) -> Iterator[Sandbox]:
    from ccvc.app import create_app

    port = free_port()
    settings = Settings(database_url=database.url, port=port, **overrides)  # type: ignore[arg-type]
    with serve(create_app(settings), port=port, ready_path="/healthz") as base_url:
        yield Sandbox(base_url, settings, database)


@pytest.fixture
def quick(database: Database) -> Iterator[Sandbox]:
    """The whole sandbox with short waits: workers poll every 0.1 s, back off at most 1 s,
    webhook retries every 0.3 s (three of them)."""
    with start_sandbox(
        database,
        worker_backoff_max_seconds=1.0,
        worker_poll_seconds=0.1,
        webhook_retry_schedule="0.3,0.3,0.3",
    ) as running:
        yield running


@pytest.fixture
def sandbox(database: Database) -> Iterator[Sandbox]:
    """The whole sandbox (gateway, bus, population DB) over HTTP, on each backend."""
    with start_sandbox(database) as running:
        yield running
