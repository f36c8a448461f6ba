"""NDXP bus: the message log (metadata and hashes only) and its operator endpoint."""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from sqlalchemy import select

from ccvc.db import session_scope
from mock_ndxp.messagelog.service import ExchangeRecord, loggable_path, record_exchange
from mock_ndxp.models import MessageLogEntry
from tests.support.ndxp import (
    GATEWAY_MEMBER,
    OPERATOR_MEMBER,
    SANDBOX_MEMBER,
    TRA_CUU,
    XAC_THUC,
    Bus,
    prepare_database,
    running_bus,
    running_provider,
)

PERSON_ID = "001099012345"
NAME = "Nguyễn Thị Bình"


@pytest.fixture(scope="module")
def bus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bus]:
    db_url = prepare_database(tmp_path_factory.mktemp("ndxp_log"))
    with running_provider() as provider_url, running_bus(db_url, provider_url) as bus:
        yield bus


def _entries(bus: Bus, **params: str | int) -> dict[str, Any]:
    response = httpx.get(
        f"{bus.url}/admin/message-log", params=params, headers=bus.operator_headers()
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def _by_request_id(bus: Bus, request_id: str) -> dict[str, Any]:
    entries = _entries(bus, limit=1000)["entries"]
    assert isinstance(entries, list)
    matches = [e for e in entries if e["request_id"] == request_id]
    assert len(matches) == 1
    entry: dict[str, Any] = matches[0]
    return entry


def test_a_successful_exchange_is_logged(bus: Bus) -> None:
    body = b'{"MaYeuCau": "R-1"}'
    response = httpx.post(
        f"{bus.url}{XAC_THUC}",
        content=body,
        headers=bus.gateway_headers(**{"X-Road-Id": "msg-1", "Content-Type": "application/json"}),
    )
    assert response.status_code == 200
    entry = _by_request_id(bus, response.headers["x-road-request-id"])
    assert entry["message_id"] == "msg-1"
    assert entry["client"] == GATEWAY_MEMBER
    assert entry["service"] == "VN/GOV/BCA/CSDLQGDC/XacThucCongDan"
    assert entry["method"] == "POST" and entry["path"] == "/"
    assert entry["status"] == 200 and entry["error_type"] is None and entry["fault"] is None
    assert entry["request_hash"] == base64.b64encode(hashlib.sha512(body).digest()).decode()
    assert entry["request_hash"] == response.headers["x-road-request-hash"]
    assert (
        entry["response_hash"]
        == base64.b64encode(hashlib.sha512(response.content).digest()).decode()
    )
    assert entry["request_bytes"] == len(body)
    assert entry["response_bytes"] == len(response.content)
    assert isinstance(entry["duration_ms"], float) and entry["duration_ms"] > 0
    at = datetime.fromisoformat(str(entry["at"]))
    assert abs(at - datetime.now(UTC)) < timedelta(minutes=1)


def test_errors_and_faults_are_logged(bus: Bus) -> None:
    denied = httpx.post(f"{bus.url}{TRA_CUU}", json={}, headers=bus.sandbox_headers())
    entry = _by_request_id(bus, denied.headers["x-road-request-id"])
    assert entry["status"] == 403
    assert entry["error_type"] == "Server.ServerProxy.AccessDenied"
    assert entry["client"] == SANDBOX_MEMBER

    faulted = httpx.post(
        f"{bus.url}{XAC_THUC}",
        json={},
        headers=bus.gateway_headers(**{"X-NDXP-Fault": "latency=10,unavailable"}),
    )
    entry = _by_request_id(bus, faulted.headers["x-road-request-id"])
    assert entry["status"] == 503
    assert entry["fault"] == "latency=10,unavailable"
    assert entry["error_type"] == "Server.ServerProxy.ServiceUnavailable"


def test_personal_data_never_reaches_the_log(bus: Bus) -> None:
    body = f'{{"SoDinhDanh": "{PERSON_ID}", "HoVaTen": "{NAME}"}}'.encode()
    url = (
        f"{bus.url}{XAC_THUC}/{PERSON_ID}/{quote(NAME)}"
        f"?SoDinhDanh={PERSON_ID}&HoVaTen={quote(NAME)}"
    )
    headers = bus.gateway_headers(
        **{
            "X-Road-UserId": PERSON_ID,
            "X-Road-Issue": quote(NAME),
            "Content-Type": "application/json",
        }
    )
    response = httpx.post(url, content=body, headers=headers)
    assert response.status_code == 200
    assert PERSON_ID in response.text  # the provider did get it
    entry = _by_request_id(bus, response.headers["x-road-request-id"])
    assert entry["path"] == "/*/*?SoDinhDanh&HoVaTen"

    forbidden = [PERSON_ID, NAME, quote(NAME), "Nguy", "Bình", "012345"]
    with session_scope(bus.settings.database_url) as session:
        rows = list(session.scalars(select(MessageLogEntry)))
        assert rows
        for row in rows:
            for column in MessageLogEntry.__table__.columns:
                value = str(getattr(row, column.key))
                for needle in forbidden:
                    assert needle not in value, (column.key, value)


def test_message_log_is_for_operators_only(bus: Bus) -> None:
    assert httpx.get(f"{bus.url}/admin/message-log").status_code == 401
    for headers in (bus.gateway_headers(), bus.sandbox_headers()):
        response = httpx.get(f"{bus.url}/admin/message-log", headers=headers)
        assert response.status_code == 403
        assert response.json()["type"] == "Server.ServerProxy.AccessDenied"


def test_message_log_filters_and_pages_newest_first(bus: Bus) -> None:
    since = datetime.now(UTC).isoformat()
    ids = []
    for _ in range(3):
        response = httpx.post(f"{bus.url}{XAC_THUC}", json={}, headers=bus.sandbox_headers())
        ids.append(response.headers["x-road-request-id"])
    page = _entries(bus, client=SANDBOX_MEMBER, since=since, limit=2)
    entries = page["entries"]
    assert isinstance(entries, list)
    assert [e["request_id"] for e in entries] == [ids[2], ids[1]]
    assert page["next_before"] is not None
    rest = _entries(
        bus, client=SANDBOX_MEMBER, since=since, limit=2, before=int(str(page["next_before"]))
    )
    assert [e["request_id"] for e in rest["entries"]] == [ids[0]]
    assert rest["next_before"] is None

    by_code = _entries(bus, service="TraCuuCongDan", status=403)["entries"]
    assert isinstance(by_code, list) and by_code
    assert all(e["status"] == 403 and e["service"].endswith("/TraCuuCongDan") for e in by_code)
    assert _entries(bus, client=OPERATOR_MEMBER)["entries"] == []
    bad = httpx.get(
        f"{bus.url}/admin/message-log", params={"limit": 0}, headers=bus.operator_headers()
    )
    assert bad.status_code == 400 and bad.json()["type"] == "Client.BadRequest"


def test_log_write_failure_does_not_raise() -> None:
    record = ExchangeRecord(
        at=datetime.now(UTC), request_id=str(uuid.uuid4()), message_id="m", method="GET"
    )
    # A database without the table: the write fails, is reported, and never raises.
    assert record_exchange("sqlite://", record) is False


def test_loggable_path_masks_risky_segments() -> None:
    assert loggable_path("/") == "/"
    assert loggable_path("/citizens/001099012345/status") == "/citizens/*/status"
    assert loggable_path("/Nguy%E1%BB%85n", b"a=1&a=2&b%20c=3") == "/*?a&*"
    assert loggable_path("/v2/items", b"q=Nguyen") == "/v2/items?q"
