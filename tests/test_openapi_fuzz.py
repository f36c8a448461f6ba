"""Schemathesis over the published contract of all three services, against the running sandbox
over HTTP: every operation, generated and example cases (seeded), no 5xx, and every response
conforming to the documented schema."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ccvc.clock import get_clock
from ccvc.migrate import upgrade
from ccvc.seeding import seed_all
from ccvc.settings import Settings
from mock_ndxp.seeding import SANDBOX_MEMBER_CLIENT_ID, SANDBOX_MEMBER_SECRET
from tests.conftest import Database, Sandbox, start_sandbox
from tests.support.agency import token_for

SCHEMATHESIS = shutil.which("schemathesis") or str(Path(sys.executable).parent / "schemathesis")


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    path = tmp_path_factory.mktemp("fuzz") / "ccvc.db"
    database = Database("sqlite", f"sqlite:///{path}")
    settings = Settings(database_url=database.url)
    upgrade(settings.database_url)
    seed_all(settings=settings, clock=get_clock())
    with start_sandbox(database) as sandbox:
        yield sandbox


def _run(
    schema_url: str, base_url: str, headers: dict[str, str], max_examples: int = 25
) -> subprocess.CompletedProcess[str]:
    command = [
        SCHEMATHESIS,
        "run",
        schema_url,
        "--url",
        base_url,
        "--checks",
        "not_a_server_error,response_schema_conformance",
        "--max-examples",
        str(max_examples),
        "--seed",
        "72",
        "--workers",
        "1",
    ]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    return subprocess.run(command, capture_output=True, text=True, timeout=600)


FIGURES = Path(__file__).resolve().parents[1] / "test-artifacts" / "fuzz.jsonl"


@pytest.mark.parametrize("role", ["agency", "operator"])
def test_gateway_contract_at_volume(live: Sandbox, role: str) -> None:
    """Positive and negative generation (schemathesis `--mode all`), examples, coverage and
    stateful phases, up to 100 cases per operation, as an agency and as an operator: thousands
    of requests, no 5xx, every answer as documented."""
    agency = "UBND-031" if role == "agency" else None
    token = token_for(live.base_url, live.settings, agency=agency)
    result = _run(
        f"{live.base_url}/openapi.json",
        live.base_url,
        {"Authorization": f"Bearer {token}"},
        max_examples=100,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    generated = re.search(r"(\d+) generated", result.stdout)
    assert generated is not None, result.stdout[-2000:]
    cases = int(generated.group(1))
    assert cases >= 2000, cases
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    with FIGURES.open("a") as sink:
        sink.write(json.dumps({"service": "gateway", "role": role, "cases": cases}) + "\n")


def test_bus_contract(live: Sandbox) -> None:
    token = httpx.post(
        f"{live.base_url}/ndxp/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(SANDBOX_MEMBER_CLIENT_ID, SANDBOX_MEMBER_SECRET),
    ).json()["access_token"]
    result = _run(
        f"{live.base_url}/ndxp/openapi.json",
        f"{live.base_url}/ndxp",
        {"Authorization": f"Bearer {token}", "X-Road-Client": "VN/GOV/SANDBOX/KIEMTHU"},
    )
    assert result.returncode == 0, result.stdout[-4000:]


def test_population_db_contract(live: Sandbox) -> None:
    result = _run(
        f"{live.base_url}/dancu/openapi.json",
        f"{live.base_url}/dancu",
        {"X-NDXP-Provider-Token": live.settings.ndxp_provider_secret},
    )
    assert result.returncode == 0, result.stdout[-4000:]
