"""The bus's per-member rate limit: `ccvc.ratelimit`'s token buckets keyed by member subsystem,
answering X-Road's 429 envelope with `Retry-After`."""

from __future__ import annotations

from ccvc.ratelimit import TokenBucketLimiter, retry_after_seconds
from mock_ndxp import errors

__all__ = ["TokenBucketLimiter", "enforce", "retry_after_seconds"]


def enforce(limiter: TokenBucketLimiter, key: str) -> None:
    """Take a token for `key` or raise the 429 envelope with ``Retry-After``."""
    wait = limiter.acquire(key)
    if wait is not None:
        raise errors.rate_limited(retry_after_seconds(wait))
