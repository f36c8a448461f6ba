"""A pytest plugin for vendors' CI: the whole sandbox on a free port, fresh database, ready
credentials.

Installed with the package (entry point `pytest11`), so in a vendor's test suite::

    def test_my_client_sends_a_batch(ccvc_sandbox):
        token = ccvc_sandbox.token()                       # agency token (UBND-031 by default)
        r = httpx.post(f"{ccvc_sandbox.base_url}/v1/agencies/{ccvc_sandbox.agency}/batches", …)

`ccvc_sandbox.conformance()` / `.behaviour("retry-503-same-key")` read the agency's
conformance report, so a suite can assert that the client behaves as the report asks.

Options: `--ccvc-agency CODE` (or ini `ccvc_agency`) chooses the agency the credentials belong to.
The sandbox runs once per test session, on SQLite in a temporary directory, with workers.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

DEFAULT_AGENCY = "UBND-031"


@dataclass
class SandboxHandle:
    """A running sandbox: where it is, and credentials for one agency and an operator."""

    base_url: str
    agency: str
    client_id: str
    client_secret: str
    operator_client_id: str
    operator_client_secret: str
    database_url: str
    _tokens: dict[str, str] = field(default_factory=dict)

    def token(self, *, operator: bool = False) -> str:
        """A fresh access token (agency by default)."""
        client_id, secret = (
            (self.operator_client_id, self.operator_client_secret)
            if operator
            else (self.client_id, self.client_secret)
        )
        response = httpx.post(
            f"{self.base_url}/v1/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": secret,
            },
            timeout=30,
        )
        response.raise_for_status()
        return str(response.json()["access_token"])

    def conformance(self) -> dict[str, Any]:
        """The agency's conformance report (`GET /v1/sandbox/conformance`)."""
        response = httpx.get(
            f"{self.base_url}/v1/sandbox/conformance",
            headers={"Authorization": f"Bearer {self.token()}"},
            timeout=30,
        )
        response.raise_for_status()
        report: dict[str, Any] = response.json()
        return report

    def behaviour(self, behaviour_id: str) -> str:
        """One behaviour's status in the report: passed, failed or not_tried."""
        return str(
            next(b["status"] for b in self.conformance()["behaviours"] if b["id"] == behaviour_id)
        )

    def issue_credentials(self, agency: str) -> tuple[str, str]:
        """Credentials for another agency (client_id, client_secret)."""
        from ccvc.clock import get_clock
        from ccvc.db import session_scope
        from gateway.auth.models import Role
        from gateway.auth.service import issue_credentials

        with session_scope(self.database_url) as session:
            issued = issue_credentials(
                session=session, clock=get_clock(), role=Role.AGENCY, agency_code=agency
            )
        return issued.client_id, issued.client_secret


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ccvc", "CCVC sync sandbox")
    group.addoption("--ccvc-agency", default=None, help="Agency code of the sandbox credentials.")
    parser.addini("ccvc_agency", "Agency code of the sandbox credentials.", default=DEFAULT_AGENCY)


@pytest.fixture(scope="session")
def ccvc_sandbox(pytestconfig: pytest.Config) -> Iterator[SandboxHandle]:
    """The whole CCVC sandbox (gateway, NDXP bus, population DB) over real HTTP."""
    from ccvc.app import create_app
    from ccvc.clock import get_clock
    from ccvc.db import session_scope
    from ccvc.migrate import upgrade
    from ccvc.seeding import seed_all
    from ccvc.serving import free_port, serve
    from ccvc.settings import Settings
    from gateway.auth.models import Role
    from gateway.auth.service import issue_credentials

    agency = pytestconfig.getoption("--ccvc-agency") or pytestconfig.getini("ccvc_agency")
    with tempfile.TemporaryDirectory(prefix="ccvc-sandbox-") as directory:
        port = free_port()
        settings = Settings(database_url=f"sqlite:///{Path(directory) / 'ccvc.db'}", port=port)
        upgrade(settings.database_url)
        seed_all(settings=settings, clock=get_clock())
        with session_scope(settings.database_url) as session:
            vendor = issue_credentials(
                session=session, clock=get_clock(), role=Role.AGENCY, agency_code=agency
            )
            operator = issue_credentials(session=session, clock=get_clock(), role=Role.OPERATOR)
        with serve(create_app(settings), port=port, ready_path="/readyz") as base_url:
            yield SandboxHandle(
                base_url=base_url,
                agency=agency,
                client_id=vendor.client_id,
                client_secret=vendor.client_secret,
                operator_client_id=operator.client_id,
                operator_client_secret=operator.client_secret,
                database_url=settings.database_url,
            )


@pytest.fixture
def ccvc_client(ccvc_sandbox: SandboxHandle) -> Iterator[httpx.Client]:
    """An httpx client on the sandbox, authenticated as the agency."""
    with httpx.Client(
        base_url=ccvc_sandbox.base_url,
        headers={"Authorization": f"Bearer {ccvc_sandbox.token()}"},
        timeout=30,
    ) as client:
        yield client
