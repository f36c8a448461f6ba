"""Delivering webhook messages: claim what is due, POST it signed, note the attempt, and
schedule the next one on the retry schedule (`CCVC_WEBHOOK_RETRY_SCHEDULE`).

Runs beside the sync workers (in `ccvc up` and in `ccvc worker`); any number of dispatchers
share the table: a message is leased with a conditional UPDATE before it is sent.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import httpx
import structlog
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from ccvc.clock import Clock
from ccvc.db import session_scope
from ccvc.settings import Settings
from gateway.webhooks.models import MessageStatus, WebhookAttempt, WebhookEndpoint, WebhookMessage
from gateway.webhooks.service import headers_for, wall_clock

log = structlog.get_logger("ccvc.webhooks")

LEASE = timedelta(seconds=60)
ROUND_LIMIT = 20
IDLE_SECONDS = 0.25


def retry_schedule(settings: Settings) -> list[float]:
    return [float(s) for s in settings.webhook_retry_schedule.split(",") if s.strip()]


class WebhookDispatcher:
    def __init__(self, *, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self.schedule = retry_schedule(settings)
        self.client = httpx.Client(
            timeout=settings.webhook_timeout_seconds,
            follow_redirects=False,
            headers={"user-agent": "ccvc-sandbox-webhooks/1"},
        )

    def close(self) -> None:
        self.client.close()

    def run(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                sent = self.run_once()
            except Exception as exc:  # the database is away: try again shortly
                log.warning("webhook_round_failed", error=type(exc).__name__)
                sent = 0
            if not sent:
                stop.wait(IDLE_SECONDS)

    def run_once(self) -> int:
        with session_scope(self.settings.database_url) as session:
            claimed = self._claim(session)
        for event_id, endpoint_id in claimed:
            self._deliver(event_id, endpoint_id)
        return len(claimed)

    def _claim(self, session: Session) -> list[tuple[str, str]]:
        now = self.clock.now()
        due = session.execute(
            select(WebhookMessage.event_id, WebhookMessage.endpoint_id)
            .where(
                WebhookMessage.status == MessageStatus.PENDING.value,
                WebhookMessage.next_attempt_at <= now,
                or_(WebhookMessage.lease_until.is_(None), WebhookMessage.lease_until < now),
            )
            .order_by(WebhookMessage.next_attempt_at)
            .limit(ROUND_LIMIT)
        ).all()
        claimed: list[tuple[str, str]] = []
        for event_id, endpoint_id in due:
            taken = session.execute(
                update(WebhookMessage)
                .where(
                    WebhookMessage.event_id == event_id,
                    WebhookMessage.endpoint_id == endpoint_id,
                    WebhookMessage.status == MessageStatus.PENDING.value,
                    or_(WebhookMessage.lease_until.is_(None), WebhookMessage.lease_until < now),
                )
                .values(lease_until=now + LEASE)
            )
            if taken.rowcount:  # type: ignore[attr-defined]
                claimed.append((event_id, endpoint_id))
        session.commit()  # the leases, visible to other dispatchers before anything is sent
        return claimed

    def _deliver(self, event_id: str, endpoint_id: str) -> None:
        with session_scope(self.settings.database_url) as session:
            message = session.get(WebhookMessage, (event_id, endpoint_id))
            endpoint = session.get(WebhookEndpoint, endpoint_id)
            if message is None or endpoint is None:
                return
            if endpoint.url is None or endpoint.disabled_at is not None:
                message.status = MessageStatus.FAILED.value
                message.lease_until = None
                return
            url, body = endpoint.url, message.body
            headers = headers_for(message, endpoint.secret, wall_clock())
        started = time.monotonic()
        status_code: int | None = None
        error: str | None = None
        try:
            response = self.client.post(url, content=body.encode(), headers=headers)
            status_code = response.status_code
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        duration = round((time.monotonic() - started) * 1000, 1)
        with session_scope(self.settings.database_url) as session:
            message = session.get(WebhookMessage, (event_id, endpoint_id))
            if message is None:
                return
            self._conclude(session, message, status_code, error, duration)
        log.info(
            "webhook_attempt",
            endpoint=endpoint_id,
            event_id=event_id,
            status=status_code,
            error=error,
            duration_ms=duration,
        )

    def _conclude(
        self,
        session: Session,
        message: WebhookMessage,
        status_code: int | None,
        error: str | None,
        duration_ms: float,
    ) -> None:
        now = self.clock.now()
        message.attempts += 1
        message.last_status_code = status_code
        message.lease_until = None
        session.add(
            WebhookAttempt(
                event_id=message.event_id,
                endpoint_id=message.endpoint_id,
                number=message.attempts,
                at=now,
                status_code=status_code,
                error=error,
                duration_ms=duration_ms,
            )
        )
        ok = status_code is not None and 200 <= status_code < 300
        if ok:
            message.status = MessageStatus.DELIVERED.value
            message.delivered_at = now
        elif message.forged or message.attempts > len(self.schedule):
            # A forged test message is never retried: refusing it is the right answer.
            message.status = MessageStatus.FAILED.value
        else:
            message.next_attempt_at = now + timedelta(seconds=self.schedule[message.attempts - 1])
