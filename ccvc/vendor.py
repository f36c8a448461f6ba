"""A well-behaved vendor client: what the conformance report asks of an agency's system,
in one small httpx wrapper. `ccvc demo`, the `--demo` replay and the tests use it; vendors may
read it as a reference.

- a 401 for an expired token → a new token (client credentials), then the same request again;
- a 503 → wait `Retry-After`, retry with the *same* headers (so the same `Idempotency-Key`);
- a 429 → wait at least `Retry-After`, then retry;
- a 412 on a conditional write → read the record again, re-apply the change, retry.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
from standardwebhooks import Webhook, WebhookVerificationError

Sleep = Callable[[float], None]
RETRIES = 5


class VendorClient:
    def __init__(
        self,
        base_url: str,
        *,
        client_id: str,
        client_secret: str,
        sleep: Sleep = time.sleep,
        timeout: float = 60,
    ) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=timeout)
        self.credentials = {"client_id": client_id, "client_secret": client_secret}
        self.sleep = sleep
        self.token: str | None = None
        self.tokens_obtained = 0

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> VendorClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def renew_token(self) -> str:
        response = self.http.post(
            "/v1/oauth/token", data={"grant_type": "client_credentials", **self.credentials}
        )
        response.raise_for_status()
        self.token = str(response.json()["access_token"])
        self.tokens_obtained += 1
        return self.token

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """One API call with the behaviours above. The same `headers` (Idempotency-Key
        included) go with every retry; a scenario header goes with the first try only, as a
        real outage would not come back on demand."""
        headers = dict(kwargs.pop("headers", None) or {})
        response: httpx.Response | None = None
        for _ in range(RETRIES):
            if self.token is None:
                self.renew_token()
            sent = {**headers, "Authorization": f"Bearer {self.token}"}
            response = self.http.request(method, url, headers=sent, **kwargs)
            headers.pop("Sandbox-Scenario", None)
            if response.status_code == 401 and "invalid_token" in response.headers.get(
                "www-authenticate", ""
            ):
                self.token = None
                continue
            if response.status_code in (429, 503):
                self.sleep(retry_after(response))
                continue
            return response
        assert response is not None
        return response

    def update_record(
        self,
        url: str,
        change: Callable[[dict[str, Any]], dict[str, Any]],
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """Read, change, write with If-Match; on 412 read again and re-apply the change."""
        extra = dict(headers or {})
        response: httpx.Response | None = None
        for _ in range(RETRIES):
            current = self.request("GET", url)
            current.raise_for_status()
            record = dict(current.json()["data"])
            response = self.request(
                "PUT",
                url,
                json=change(record),
                headers={**extra, "If-Match": current.headers["ETag"]},
            )
            extra.pop("Sandbox-Scenario", None)
            if response.status_code != 412:
                return response
        assert response is not None
        return response


def retry_after(response: httpx.Response, default: float = 1.0) -> float:
    value = response.headers.get("retry-after", "")
    return float(value) if value.isdigit() else default


class WebhookReceiver:
    """A webhook endpoint on loopback: verifies each message with the endpoint's secret
    (Standard Webhooks), answers 204 to genuine ones and 400 to the rest, and keeps each event
    once (deduplicated by `webhook-id`)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.secret: str | None = None
        self.events: dict[str, dict[str, Any]] = {}
        self.refused = 0
        self.fail_next = 0  # answer 500 to the next N genuine messages (to see retries)
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                self.send_response(receiver.receive(body, dict(self.headers.items())))
                self.end_headers()

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer((host, port), Handler)
        self.url = f"http://{host}:{self.server.server_address[1]}/webhooks"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def receive(self, body: bytes, headers: dict[str, str]) -> int:
        try:
            event = Webhook(self.secret or "").verify(body, headers)
        except (WebhookVerificationError, ValueError):
            with self._lock:
                self.refused += 1
            return 400
        with self._lock:
            if self.fail_next > 0:
                self.fail_next -= 1
                return 500
            event_id = {k.lower(): v for k, v in headers.items()}["webhook-id"]
            self.events.setdefault(event_id, event)
        return 204

    def __enter__(self) -> WebhookReceiver:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.shutdown()
        self.server.server_close()
