"""Token-bucket rate limits, one bucket per key (a bus member, a gateway client), in memory.

A key may make `rate_per_second` calls per second on average with bursts of `burst`; over that
the caller answers `429` with `Retry-After` (whole seconds, at least 1). The buckets live in the
process: with several replicas each enforces its own limit. A rate of 0 or less disables it.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float


class TokenBucketLimiter:
    def __init__(
        self,
        rate_per_second: float,
        burst: int,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate_per_second
        self.burst = max(1, burst)
        self._monotonic = monotonic
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def acquire(self, key: str) -> float | None:
        """Take one token for `key`: None when allowed, else seconds until one is available."""
        if self.rate <= 0:
            return None
        now = self._monotonic()
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = _Bucket(tokens=float(self.burst), updated=now)
            bucket.tokens = min(
                float(self.burst), bucket.tokens + (now - bucket.updated) * self.rate
            )
            bucket.updated = now
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return None
            return (1.0 - bucket.tokens) / self.rate


def retry_after_seconds(wait: float) -> int:
    """`Retry-After` value: whole seconds, rounded up, at least 1."""
    return max(1, math.ceil(wait))
