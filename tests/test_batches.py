"""The HR-software channel over real HTTP: idempotent batches, limits, isolation, results."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.conftest import Sandbox
from tests.support.agency import (
    all_results,
    auth,
    staff_record_from_citizen,
    submit,
    token_for,
    wait_for_status,
)

AGENCY = "UBND-031"


@pytest.fixture
def token(sandbox: Sandbox) -> str:
    return token_for(sandbox.base_url, sandbox.settings, agency=AGENCY)


def citizens(sandbox: Sandbox, n: int, offset: int = 0) -> list[dict[str, object]]:
    response = httpx.get(
        f"{sandbox.base_url}/dancu/sandbox/citizens", params={"limit": n, "offset": offset}
    )
    return list(response.json()["citizens"])


def test_batch_from_sandbox_citizens_is_accepted(sandbox: Sandbox, token: str) -> None:
    records = [staff_record_from_citizen(c, agency=AGENCY) for c in citizens(sandbox, 20)]
    response = submit(sandbox.base_url, token, AGENCY, records)
    assert response.status_code == 202, response.text
    body = response.json()
    assert response.headers["Location"] == f"/v1/batches/{body['batch_id']}"
    assert body["status"] in {"queued", "processing", "completed"}
    done = wait_for_status(sandbox.base_url, token, body["batch_id"], {"completed"})
    assert done["counts"]["accepted"] == 20, all_results(sandbox.base_url, token, body["batch_id"])
    results = all_results(sandbox.base_url, token, body["batch_id"])
    assert [r["index"] for r in results] == list(range(20))
    for result, record in zip(results, records, strict=True):
        assert result["status"] == "accepted"
        assert result["person_id"] == record["person_id"]
        assert result["dimensions"] == {
            "dung": "pass",
            "du": "pass",
            "sach": "pass",
            "song": "pass",
        }
        assert not [f for f in result["findings"] if f["severity"] == "error"]
        assert result["identity"]["status"] == "match"


def test_idempotency_key_replays_and_processes_once(sandbox: Sandbox, token: str) -> None:
    records = [staff_record_from_citizen(c, agency=AGENCY) for c in citizens(sandbox, 3)]
    key = str(uuid.uuid4())
    first = submit(sandbox.base_url, token, AGENCY, records, key)
    second = submit(sandbox.base_url, token, AGENCY, records, key)
    assert first.status_code == second.status_code == 202
    assert first.json()["batch_id"] == second.json()["batch_id"]
    assert second.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers

    other = submit(sandbox.base_url, token, AGENCY, records[:2], key)
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency-key-reused"

    wait_for_status(sandbox.base_url, token, first.json()["batch_id"], {"completed"})
    from sqlalchemy import func, select

    from ccvc.db import session_scope
    from gateway.batches.models import Batch, BatchItem

    with session_scope(sandbox.settings.database_url) as session:
        assert session.scalar(select(func.count()).select_from(Batch)) == 1
        assert session.scalar(select(func.count()).select_from(BatchItem)) == 3


def test_same_key_in_flight_is_409(sandbox: Sandbox) -> None:
    from ccvc.clock import get_clock
    from ccvc.db import session_scope
    from ccvc.problems import Problem
    from gateway.agencies.models import Agency
    from gateway.batches.models import Channel, IdempotencyRecord
    from gateway.batches.service import submit_batch

    with session_scope(sandbox.settings.database_url) as session:
        session.add(
            IdempotencyRecord(
                agency_code=AGENCY,
                key="k1",
                request_hash="h",
                batch_id=str(uuid.uuid4()),
                created_at=get_clock().now(),
            )
        )
    with session_scope(sandbox.settings.database_url) as session:
        agency = session.get(Agency, AGENCY)
        assert agency is not None
        with pytest.raises(Problem) as excinfo:
            submit_batch(
                session=session,
                clock=get_clock(),
                agency=agency,
                client_id="c",
                channel=Channel.API,
                records=[{}],
                idempotency_key="k1",
                body_hash="h",
            )
    assert excinfo.value.status == 409


@pytest.mark.parametrize(
    ("headers", "body", "status", "code"),
    [
        ({}, {"records": [{}]}, 400, "idempotency-key-required"),
        ({"Idempotency-Key": "k"}, {"records": []}, 422, "batch-empty"),
        ({"Idempotency-Key": "k"}, {"records": [{"nope": 1}]}, 422, "validation-error"),
        ({"Idempotency-Key": "k"}, {"records": [{"full_name": {"a": 1}}]}, 422, "validation-error"),
        (
            {"Idempotency-Key": "k"},
            {"records": [{"full_name": "x" * 151}]},
            422,
            "validation-error",
        ),
        ({"Idempotency-Key": "k"}, {"rows": []}, 422, "validation-error"),
        ({"Idempotency-Key": "k"}, {"records": [{}] * 1001}, 413, "batch-too-large"),
    ],
)
def test_bad_batches_are_problems(
    sandbox: Sandbox, token: str, headers: dict[str, str], body: object, status: int, code: str
) -> None:
    response = httpx.post(
        f"{sandbox.base_url}/v1/agencies/{AGENCY}/batches",
        json=body,
        headers={**auth(token), **headers},
    )
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["code"] == code and problem["title_vi"]
    if code == "validation-error":
        assert problem["errors"][0]["field"].startswith("records")


def test_unknown_field_is_named(sandbox: Sandbox, token: str) -> None:
    response = httpx.post(
        f"{sandbox.base_url}/v1/agencies/{AGENCY}/batches",
        json={"records": [{"person_id": "001075638153"}, {"salary": "3"}]},
        headers=auth(token, "k-unknown"),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "records.1.salary"
    assert "001075638153" not in response.text  # submitted values are never echoed


def test_malformed_json_is_400(sandbox: Sandbox, token: str) -> None:
    response = httpx.post(
        f"{sandbox.base_url}/v1/agencies/{AGENCY}/batches",
        content=b'{"records": [',
        headers={**auth(token, "k-bad"), "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed-json"


def test_agencies_are_isolated(sandbox: Sandbox, token: str) -> None:
    records = [staff_record_from_citizen(c, agency=AGENCY) for c in citizens(sandbox, 1)]
    batch_id = submit(sandbox.base_url, token, AGENCY, records).json()["batch_id"]
    other = token_for(sandbox.base_url, sandbox.settings, agency="UBND-048")
    for path in (f"/v1/batches/{batch_id}", f"/v1/batches/{batch_id}/results"):
        foreign = httpx.get(f"{sandbox.base_url}{path}", headers=auth(other))
        missing = httpx.get(
            f"{sandbox.base_url}{path.replace(batch_id, str(uuid.uuid4()))}", headers=auth(other)
        )
        assert foreign.status_code == missing.status_code == 404
        assert foreign.json() == {**missing.json(), "instance": foreign.json()["instance"]}
        assert httpx.get(f"{sandbox.base_url}{path}").status_code == 401
    cross = submit(sandbox.base_url, other, AGENCY, records)
    assert cross.status_code == 404
    operator = token_for(sandbox.base_url, sandbox.settings)
    assert (
        httpx.get(f"{sandbox.base_url}/v1/batches/{batch_id}", headers=auth(operator)).status_code
        == 200
    )
    assert submit(sandbox.base_url, operator, AGENCY, records).status_code == 403


def test_results_are_paged(sandbox: Sandbox, token: str) -> None:
    records = [staff_record_from_citizen(c, agency=AGENCY) for c in citizens(sandbox, 5)]
    batch_id = submit(sandbox.base_url, token, AGENCY, records).json()["batch_id"]
    wait_for_status(sandbox.base_url, token, batch_id, {"completed"})
    page = httpx.get(
        f"{sandbox.base_url}/v1/batches/{batch_id}/results",
        params={"offset": 1, "limit": 2},
        headers=auth(token),
    ).json()
    assert [i["index"] for i in page["items"]] == [1, 2]
    assert page["next_offset"] == 3 and page["total"] == 5
    bad = httpx.get(
        f"{sandbox.base_url}/v1/batches/{batch_id}/results",
        params={"limit": 0},
        headers=auth(token),
    )
    assert bad.status_code == 422
