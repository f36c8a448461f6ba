"""The dashboard's stale-while-revalidate cache: readers never wait for a recomputation while
the answer is recent, and never get one older than a few freshness windows."""

from __future__ import annotations

import time

from gateway.dashboard.cache import StaleWhileRevalidate


class Counter:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> bytes:
        self.calls += 1
        return str(self.calls).encode()


def test_fresh_answers_are_reused_and_stale_ones_refreshed_in_the_background() -> None:
    cache = StaleWhileRevalidate(stale_factor=100)
    compute = Counter()
    assert cache.get("k", fresh_for=0.2, compute=compute) == b"1"
    assert cache.get("k", fresh_for=0.2, compute=compute) == b"1"
    assert compute.calls == 1
    time.sleep(0.25)
    assert cache.get("k", fresh_for=0.2, compute=compute) == b"1"  # stale, served at once
    deadline = time.monotonic() + 5
    while compute.calls < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)
    assert cache.get("k", fresh_for=0.2, compute=compute) == b"2"  # refreshed meanwhile


def test_too_old_is_recomputed_by_the_reader_and_zero_disables() -> None:
    cache = StaleWhileRevalidate(stale_factor=2)
    compute = Counter()
    assert cache.get("k", fresh_for=0.05, compute=compute) == b"1"
    time.sleep(0.12)  # older than 2 windows
    assert cache.get("k", fresh_for=0.05, compute=compute) == b"2"
    assert cache.get("other", fresh_for=0, compute=compute) == b"3"
    assert cache.get("other", fresh_for=0, compute=compute) == b"4"


def test_a_failed_refresh_leaves_the_next_reader_to_compute() -> None:
    cache = StaleWhileRevalidate(stale_factor=100)
    assert cache.get("k", fresh_for=0.05, compute=lambda: b"ok") == b"ok"
    time.sleep(0.06)

    def broken() -> bytes:
        raise RuntimeError("database down")

    assert cache.get("k", fresh_for=0.05, compute=broken) == b"ok"
    time.sleep(0.1)
    assert cache.get("k", fresh_for=0.05, compute=lambda: b"again") == b"again"
