"""Property-based bad input on the record schema, over real HTTP: whatever a client sends,
the answer is a 202 or a problem+json naming the field — never a 5xx or a stack trace."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ccvc.clock import get_clock
from ccvc.migrate import upgrade
from ccvc.seeding import seed_all
from ccvc.settings import Settings
from gateway.records.schema import RECORD_FIELDS
from tests.conftest import Database, Sandbox, start_sandbox
from tests.support.agency import token_for

AGENCY = "UBND-031"

texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40
) | st.sampled_from(["", " ", "\x00", "N/A", "Nguye\u0302\u0303n", "x" * 400, "1985-02-30", "-"])
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(texts, children, max_size=3),
    max_leaves=6,
)
field_names = st.sampled_from(RECORD_FIELDS) | texts
records = st.dictionaries(field_names, json_values, max_size=8)
bodies = st.one_of(
    st.fixed_dictionaries({"records": st.lists(records, min_size=0, max_size=4)}),
    json_values,
)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Sandbox, str]]:
    path: Path = tmp_path_factory.mktemp("props") / "ccvc.db"
    database = Database("sqlite", f"sqlite:///{path}")
    settings = Settings(database_url=database.url)
    upgrade(settings.database_url)
    seed_all(settings=settings, clock=get_clock())
    with start_sandbox(database, workers=0) as sandbox:
        yield sandbox, token_for(sandbox.base_url, sandbox.settings, agency=AGENCY)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=bodies)
def test_any_body_gets_202_or_a_problem(live: tuple[Sandbox, str], body: Any) -> None:
    sandbox, token = live
    response = httpx.post(
        f"{sandbox.base_url}/v1/agencies/{AGENCY}/batches",
        content=json.dumps(body),
        headers={
            "Authorization": f"Bearer {token}",
            "Idempotency-Key": str(uuid.uuid4()),
            "Content-Type": "application/json",
        },
        timeout=30,
    )
    assert response.status_code < 500, response.text
    if response.status_code != 202:
        assert response.status_code in (400, 413, 422)
        assert response.headers["content-type"].startswith("application/problem+json")
        problem = response.json()
        assert problem["title"] and problem["title_vi"]
        assert "Traceback" not in response.text
        if problem["code"] == "validation-error":
            assert all(e["field"] for e in problem["errors"])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(raw=st.binary(max_size=200))
def test_any_bytes_get_a_problem(live: tuple[Sandbox, str], raw: bytes) -> None:
    sandbox, token = live
    response = httpx.post(
        f"{sandbox.base_url}/v1/agencies/{AGENCY}/batches",
        content=raw,
        headers={
            "Authorization": f"Bearer {token}",
            "Idempotency-Key": str(uuid.uuid4()),
            "Content-Type": "application/json",
        },
        timeout=30,
    )
    assert response.status_code < 500
