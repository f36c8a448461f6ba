"""Stale-while-revalidate for the dashboard's answers: a reader gets the last answer at once and,
when it is older than the freshness window, one background thread computes the next. Under a
heavy sync load the page and the JSON stay fast (no reader waits for a recomputation), and an
answer is never older than a few windows: past that, the reader computes it."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass


@dataclass
class _Entry:
    at: float
    value: bytes
    refreshing: bool = False


class StaleWhileRevalidate:
    def __init__(self, *, max_entries: int = 256, stale_factor: float = 5.0) -> None:
        self._entries: dict[Hashable, _Entry] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="ccvc-dashboard-refresh")
        self.max_entries, self.stale_factor = max_entries, stale_factor

    def get(self, key: Hashable, *, fresh_for: float, compute: Callable[[], bytes]) -> bytes:
        if fresh_for <= 0:
            return compute()
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            usable = entry is not None and now - entry.at < fresh_for * self.stale_factor
            if entry is not None and usable:
                if now - entry.at >= fresh_for and not entry.refreshing:
                    entry.refreshing = True
                    self._pool.submit(self._refresh, key, compute)
                return entry.value
        return self._store(key, compute())

    def _refresh(self, key: Hashable, compute: Callable[[], bytes]) -> None:
        try:
            self._store(key, compute())
        except Exception:  # the next reader computes it (and sees the error, if any)
            with self._lock:
                self._entries.pop(key, None)

    def _store(self, key: Hashable, value: bytes) -> bytes:
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[key] = _Entry(time.monotonic(), value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
