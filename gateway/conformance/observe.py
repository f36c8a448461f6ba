"""Observing what agencies' systems do: an ASGI middleware that notes every request an agency
client makes (after the answer), and a buffer that writes the notes in bulk.

Who made a request is told by the route itself (`observe_client`): authentication knows the
client, even on a 401 for an expired token; the token endpoint knows it after a grant.
Writing is buffered (one INSERT every `FLUSH_SECONDS`) so observing costs the requests nothing;
the report flushes the buffer before it reads.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
from typing import Any

import structlog
from sqlalchemy import insert
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ccvc.clock import get_clock
from ccvc.db import session_scope
from ccvc.middleware import route_template
from gateway.conformance.models import Observation

log = structlog.get_logger("ccvc.conformance")

FLUSH_SECONDS = 0.5
STATE_KEY = "ccvc_observed"  # in the ASGI scope's state: who made the request, and extras


def digest(secret: str, value: str | None) -> str | None:
    """A short keyed digest: equal values compare equal; the value cannot be recovered."""
    if not value:
        return None
    return hmac.new(secret.encode(), value.encode(), hashlib.sha256).hexdigest()[:16]


def observe_client(
    state: Any, *, client_id: str, agency_code: str | None, token: str | None = None
) -> None:
    """Called by authentication and the token endpoint: this request is the agency's."""
    if agency_code is None:  # operators are not vendors: nothing to judge
        return
    noted = getattr(state, STATE_KEY, None) or {}
    noted.update(client_id=client_id, agency_code=agency_code, token=token)
    setattr(state, STATE_KEY, noted)


def observe_detail(state: Any, **detail: Any) -> None:
    """Extra facts a route knows about its own answer (counts, batch ids — no personal data)."""
    noted = getattr(state, STATE_KEY, None) or {}
    noted.setdefault("detail", {}).update(detail)
    setattr(state, STATE_KEY, noted)


class ObservationBuffer:
    """Observations waiting to be written; flushed by a timer thread and before each report."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self._rows: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._flushing = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, row: dict[str, Any]) -> None:
        with self._lock:
            self._rows.append(row)

    def flush(self) -> int:
        with self._flushing:  # one writer at a time keeps the notes in arrival order
            with self._lock:
                rows, self._rows = self._rows, []
            if not rows:
                return 0
            try:
                with session_scope(self.database_url) as session:
                    session.execute(insert(Observation), rows)
            except Exception as exc:  # the database is away: keep them for the next flush
                log.warning("observations_not_written", error=type(exc).__name__, rows=len(rows))
                with self._lock:
                    self._rows[:0] = rows
                return 0
            return len(rows)

    def start(self) -> None:
        def run() -> None:
            while not self._stop.wait(FLUSH_SECONDS):
                self.flush()

        self._thread = threading.Thread(target=run, name="ccvc-observations", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self.flush()


class ObservationMiddleware:
    def __init__(self, app: ASGIApp, *, buffer: ObservationBuffer, secret: str) -> None:
        self.app = app
        self.buffer = buffer
        self.secret = secret

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        at = get_clock().now()
        answer: dict[str, Any] = {}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
                answer["headers"] = dict(message.get("headers") or [])
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            noted = (scope.get("state") or {}).get(STATE_KEY)
            if noted and "status" in answer:
                self.buffer.add(self._row(scope, noted, answer, at))

    def _row(
        self,
        scope: Scope,
        noted: dict[str, Any],
        answer: dict[str, Any],
        at: Any,
    ) -> dict[str, Any]:
        request = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        response: dict[bytes, bytes] = answer["headers"]
        retry_after = response.get(b"retry-after", b"")
        params = scope.get("path_params") or {}
        resource = "/".join(str(v) for k, v in sorted(params.items()) if k != "code")
        return {
            "agency_code": noted["agency_code"],
            "client_id": noted["client_id"],
            "at": at,
            "method": scope["method"][:8],
            "route": route_template(scope)[:120],
            "status": answer["status"],
            "token": digest(self.secret, noted.get("token")),
            "idempotency_key": digest(self.secret, request.get("idempotency-key")),
            "if_match": digest(self.secret, request.get("if-match")),
            "resource": digest(self.secret, resource),
            "scenario": (request.get("sandbox-scenario") or "").strip()[:40] or None,
            "retry_after": int(retry_after) if retry_after.isdigit() else None,
            "detail": noted.get("detail") or None,
            "request_id": response.get(b"x-request-id", b"").decode("latin-1")[:64] or None,
        }
