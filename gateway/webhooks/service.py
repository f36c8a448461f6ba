"""Registering endpoints, announcing events (in the caller's transaction), signing messages."""

from __future__ import annotations

import base64
import ipaddress
import json
import secrets
import socket
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session
from standardwebhooks import Webhook

from ccvc.clock import Clock
from ccvc.problems import Problem, not_found
from gateway.webhooks.models import (
    EndpointCreate,
    EndpointRead,
    EventType,
    MessageRead,
    MessageStatus,
    WebhookEndpoint,
    WebhookMessage,
)


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def signed_headers(*, secret: str, event_id: str, body: str, at: datetime) -> dict[str, str]:
    """Standard Webhooks headers. `at` is wall-clock time, not the sandbox clock: receivers
    check it against their own clock (five minutes' tolerance), so a sandbox replaying 2023
    must still sign with today's time."""
    return {
        "webhook-id": event_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(event_id, at, body),
        "content-type": "application/json",
    }


def wall_clock() -> datetime:
    return datetime.now(UTC)


def headers_for(message: WebhookMessage, secret: str, at: datetime) -> dict[str, str]:
    """A forged test message is signed with a key that is not the endpoint's."""
    key = new_secret() if message.forged else secret
    return signed_headers(secret=key, event_id=message.event_id, body=message.body, at=at)


def _check_url(url: str, *, block_private: bool) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Problem(
            422,
            "webhook-url-invalid",
            "The webhook URL must be an absolute http or https URL",
            title_vi="Địa chỉ webhook phải là URL http hoặc https đầy đủ",
            field="url",
        )
    if block_private:
        try:
            addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, None)}
        except OSError:
            addresses = set()
        if not addresses or any(not ipaddress.ip_address(a).is_global for a in addresses):
            raise Problem(
                422,
                "webhook-url-not-public",
                "The webhook URL must resolve to a public address on this sandbox",
                title_vi="Địa chỉ webhook phải là địa chỉ công khai trên môi trường thử này",
                detail="This sandbox refuses loopback and private addresses "
                "(CCVC_WEBHOOK_BLOCK_PRIVATE_NETWORKS). Use a built-in inbox instead: "
                "register without a URL.",
                field="url",
            )
    return url


MAX_ENDPOINTS = 10


def create_endpoint(
    *,
    session: Session,
    clock: Clock,
    agency_code: str,
    endpoint_in: EndpointCreate,
    block_private: bool,
) -> WebhookEndpoint:
    url = (
        _check_url(endpoint_in.url.strip(), block_private=block_private)
        if endpoint_in.url
        else None
    )
    if len(active_endpoints(session=session, agency_codes=[agency_code])) >= MAX_ENDPOINTS:
        raise Problem(
            409,
            "too-many-webhooks",
            f"At most {MAX_ENDPOINTS} webhook endpoints per agency",
            title_vi=f"Tối đa {MAX_ENDPOINTS} địa chỉ webhook cho mỗi cơ quan",
            detail="Delete one you no longer use (DELETE …/webhooks/{endpoint_id}).",
        )
    endpoint = WebhookEndpoint(
        id=f"ep_{uuid.uuid4().hex}",
        agency_code=agency_code,
        url=url,
        secret=new_secret(),
        event_types=" ".join(sorted({t.value for t in endpoint_in.event_types})),
        description=endpoint_in.description,
        created_at=clock.now(),
    )
    session.add(endpoint)
    session.flush()
    return endpoint


def active_endpoints(*, session: Session, agency_codes: Iterable[str]) -> list[WebhookEndpoint]:
    codes = sorted(set(agency_codes))
    if not codes:
        return []
    return list(
        session.scalars(
            select(WebhookEndpoint)
            .where(WebhookEndpoint.agency_code.in_(codes), WebhookEndpoint.disabled_at.is_(None))
            .order_by(WebhookEndpoint.created_at, WebhookEndpoint.id)
        )
    )


def owned_endpoint(*, session: Session, agency_code: str, endpoint_id: str) -> WebhookEndpoint:
    endpoint = session.get(WebhookEndpoint, endpoint_id) if len(endpoint_id) <= 40 else None
    if endpoint is None or endpoint.agency_code != agency_code or endpoint.disabled_at:
        raise not_found()
    return endpoint


def to_read(endpoint: WebhookEndpoint) -> EndpointRead:
    return EndpointRead(
        id=endpoint.id,
        agency_code=endpoint.agency_code,
        url=endpoint.url,
        inbox=endpoint.url is None,
        secret=endpoint.secret,
        event_types=endpoint.event_types.split(),
        description=endpoint.description,
        created_at=endpoint.created_at,
    )


def _event_id() -> str:
    return f"msg_{uuid.uuid4().hex}"


def _body(event_type: str, data: dict[str, Any], at: datetime) -> str:
    envelope = {"type": event_type, "timestamp": at.isoformat(), "data": data}
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":"))


def _message(
    endpoint: WebhookEndpoint,
    *,
    event_id: str,
    event_type: str,
    body: str,
    now: datetime,
    forged: bool = False,
    test_id: str | None = None,
) -> WebhookMessage:
    return WebhookMessage(
        event_id=event_id,
        endpoint_id=endpoint.id,
        agency_code=endpoint.agency_code,
        type=event_type,
        body=body,
        forged=forged,
        test_id=test_id,
        status=(MessageStatus.INBOX if endpoint.url is None else MessageStatus.PENDING).value,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )


class Announcer:
    """Announces events of one transaction. It reads the endpoints once, so a worker round
    that rejects hundreds of records asks the database once (and not at all when the
    agencies have no endpoint)."""

    def __init__(self, session: Session, agency_codes: Iterable[str]) -> None:
        self.session = session
        self.endpoints: dict[str, list[WebhookEndpoint]] = {}
        for endpoint in active_endpoints(session=session, agency_codes=agency_codes):
            self.endpoints.setdefault(endpoint.agency_code, []).append(endpoint)

    def wants(self, agency_code: str, event_type: EventType) -> bool:
        return any(
            event_type.value in e.event_types.split() for e in self.endpoints.get(agency_code, ())
        )

    def announce(
        self, agency_code: str, event_type: EventType, data: dict[str, Any], now: datetime
    ) -> str | None:
        targets = [
            e
            for e in self.endpoints.get(agency_code, ())
            if event_type.value in e.event_types.split()
        ]
        if not targets:
            return None
        event_id = _event_id()
        body = _body(event_type.value, data, now)
        self.session.add_all(
            _message(e, event_id=event_id, event_type=event_type.value, body=body, now=now)
            for e in targets
        )
        return event_id


def announce(
    *,
    session: Session,
    agency_code: str,
    event_type: EventType,
    data: dict[str, Any],
    now: datetime,
) -> str | None:
    """One event, in the caller's transaction; None when no endpoint wants it."""
    return Announcer(session, [agency_code]).announce(agency_code, event_type, data, now)


def send_test(
    *, session: Session, clock: Clock, endpoint: WebhookEndpoint
) -> tuple[str, list[str]]:
    """A pair of `sandbox.test` messages: one signed with the endpoint's secret, one forged."""
    now = clock.now()
    test_id = f"test_{uuid.uuid4().hex[:20]}"
    ids = [_event_id(), _event_id()]
    data = {
        "test_id": test_id,
        "agency_code": endpoint.agency_code,
        "message_vi": "Tin thử từ môi trường thử CSDLQG về CBCCVC",
        "message_en": "A test message from the CCVC sandbox",
    }
    body = _body(EventType.SANDBOX_TEST.value, data, now)  # the same words, two signatures
    for event_id, forged in zip(ids, (False, True), strict=True):
        session.add(
            _message(
                endpoint,
                event_id=event_id,
                event_type=EventType.SANDBOX_TEST.value,
                body=body,
                now=now,
                forged=forged,
                test_id=test_id,
            )
        )
    return test_id, ids


def messages(
    *, session: Session, endpoint: WebhookEndpoint, limit: int, event_type: str | None = None
) -> Sequence[WebhookMessage]:
    query = select(WebhookMessage).where(WebhookMessage.endpoint_id == endpoint.id)
    if event_type:
        query = query.where(WebhookMessage.type == event_type)
    query = query.order_by(WebhookMessage.created_at.desc(), WebhookMessage.event_id).limit(limit)
    return list(session.scalars(query))


def message_read(message: WebhookMessage, endpoint: WebhookEndpoint) -> MessageRead:
    return MessageRead(
        event_id=message.event_id,
        endpoint_id=message.endpoint_id,
        type=message.type,
        status=MessageStatus(message.status),
        attempts=message.attempts,
        created_at=message.created_at,
        delivered_at=message.delivered_at,
        last_status_code=message.last_status_code,
        headers=headers_for(message, endpoint.secret, wall_clock()),
        body=message.body,
        payload=json.loads(message.body),
        verdict_valid=message.verdict_valid,
    )


def record_verdict(
    *, session: Session, clock: Clock, endpoint: WebhookEndpoint, event_id: str, valid: bool
) -> WebhookMessage:
    message = session.get(WebhookMessage, (event_id, endpoint.id)) if len(event_id) <= 40 else None
    if message is None:
        raise not_found()
    message.verdict_valid = valid
    message.verdict_at = clock.now()
    return message
