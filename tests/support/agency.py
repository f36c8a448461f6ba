"""Acting as an agency's software in tests: credentials, tokens, batches, polling."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx

from ccvc.clock import get_clock
from ccvc.db import session_scope
from ccvc.demo import staff_record
from ccvc.settings import Settings
from gateway.auth.models import IssuedCredentials, Role
from gateway.auth.service import issue_credentials


def credentials_for(settings: Settings, *, agency: str | None = None) -> IssuedCredentials:
    """Fresh credentials of an agency (or, without one, of an operator)."""
    with session_scope(settings.database_url) as session:
        return issue_credentials(
            session=session,
            clock=get_clock(),
            role=Role.AGENCY if agency else Role.OPERATOR,
            agency_code=agency,
        )


def token_for(base_url: str, settings: Settings, *, agency: str | None = None) -> str:
    issued = credentials_for(settings, agency=agency)
    response = httpx.post(
        f"{base_url}/v1/oauth/token",
        data={
            "grant_type": "client_credentials",
            "client_id": issued.client_id,
            "client_secret": issued.client_secret,
        },
    )
    response.raise_for_status()
    return str(response.json()["access_token"])


def auth(token: str, key: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return headers


def submit(
    base_url: str, token: str, agency: str, records: list[dict[str, Any]], key: str | None = None
) -> httpx.Response:
    return httpx.post(
        f"{base_url}/v1/agencies/{agency}/batches",
        json={"records": records},
        headers=auth(token, key or str(uuid.uuid4())),
        timeout=30,
    )


def wait_for_status(
    base_url: str, token: str, batch_id: str, statuses: set[str], timeout: float = 60
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, Any] = httpx.get(
            f"{base_url}/v1/batches/{batch_id}", headers=auth(token), timeout=10
        ).json()
        if body["status"] in statuses:
            return body
        if time.monotonic() > deadline:
            raise AssertionError(f"batch {batch_id} still {body['status']}: {body['counts']}")
        time.sleep(0.2)


def all_results(base_url: str, token: str, batch_id: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    offset: int | None = 0
    while offset is not None:
        page = httpx.get(
            f"{base_url}/v1/batches/{batch_id}/results",
            params={"offset": offset, "limit": 1000},
            headers=auth(token),
            timeout=30,
        ).json()
        items.extend(page["items"])
        offset = page["next_offset"]
    return items


def staff_record_from_citizen(citizen: dict[str, Any], *, agency: str) -> dict[str, Any]:
    """A plausible, complete record of a civil servant built from a sandbox citizen, as a
    vendor would build it (`ccvc.demo.staff_record` at the clock's now)."""
    return staff_record(citizen, agency=agency, now=get_clock().now())


def eventually(check: Callable[[], Any], timeout: float = 30) -> Any:
    """`check()` once it is truthy, or its last answer after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.1)
