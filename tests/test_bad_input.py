"""Bodies built to break parsers — deeply nested JSON — get a problem, never a 500."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import Sandbox
from tests.support.agency import token_for

AGENCY = "UBND-031"


@pytest.mark.parametrize("depth", [40, 1_000, 100_000])
def test_deeply_nested_json_is_refused_everywhere(sandbox: Sandbox, depth: int) -> None:
    token = token_for(sandbox.base_url, sandbox.settings, agency=AGENCY)
    nested = "[" * depth + "]" * depth
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    calls = [
        ("POST", f"/v1/agencies/{AGENCY}/batches", '{"records": ' + nested + "}"),
        ("PUT", f"/v1/agencies/{AGENCY}/records/001090000001", '{"full_name": ' + nested + "}"),
        ("PUT", f"/v1/agencies/{AGENCY}/headcount", '{"headcount": ' + nested + "}"),
    ]
    for method, path, body in calls:
        response = httpx.request(
            method,
            f"{sandbox.base_url}{path}",
            content=body,
            headers={**headers, "Idempotency-Key": f"deep-{depth}", "If-Match": "*"},
        )
        assert response.status_code in (400, 422), (path, response.status_code)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "Traceback" not in response.text
    batch = httpx.post(
        f"{sandbox.base_url}/v1/agencies/{AGENCY}/batches",
        content='{"records": ' + nested + "}",
        headers={**headers, "Idempotency-Key": f"deep-again-{depth}"},
    )
    assert batch.json()["code"] == "json-too-deep"
