"""Per-client rate limits at the gateway: 429 problem+json with Retry-After, per client, and
over when the wait is honoured."""

from __future__ import annotations

import time

import httpx

from ccvc.ratelimit import TokenBucketLimiter
from tests.conftest import Database, start_sandbox
from tests.support.agency import auth, token_for


def test_token_bucket_refills_at_its_rate() -> None:
    now = [0.0]
    limiter = TokenBucketLimiter(2.0, 3, monotonic=lambda: now[0])
    assert [limiter.acquire("a") for _ in range(3)] == [None, None, None]
    wait = limiter.acquire("a")
    assert wait is not None and 0.4 < wait <= 0.5
    assert limiter.acquire("b") is None  # another key has its own bucket
    now[0] += 0.5
    assert limiter.acquire("a") is None
    assert TokenBucketLimiter(0, 1).acquire("a") is None  # 0 disables


def test_a_client_over_its_rate_gets_429_and_others_do_not(database: Database) -> None:
    with start_sandbox(database, rate_limit_per_second=1.0, rate_limit_burst=3) as sandbox:
        base = sandbox.base_url
        one = token_for(base, sandbox.settings, agency="UBND-031")
        other = token_for(base, sandbox.settings, agency="UBND-048")
        statuses = [httpx.get(f"{base}/v1/me", headers=auth(one)).status_code for _ in range(3)]
        assert statuses == [200, 200, 200]
        limited = httpx.get(f"{base}/v1/me", headers=auth(one))
        assert limited.status_code == 429
        assert limited.headers["content-type"].startswith("application/problem+json")
        retry_after = int(limited.headers["Retry-After"])
        assert retry_after >= 1
        body = limited.json()
        assert body["code"] == "rate-limited" and body["title_vi"]
        assert body["retry_after_seconds"] == retry_after
        assert httpx.get(f"{base}/v1/me", headers=auth(other)).status_code == 200
        assert httpx.get(f"{base}/v1/agencies").status_code == 200  # public: not limited
        time.sleep(retry_after)
        assert httpx.get(f"{base}/v1/me", headers=auth(one)).status_code == 200
