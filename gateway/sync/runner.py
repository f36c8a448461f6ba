"""Running workers: threads inside a gateway process (`ccvc up`, each replica) or a process of
their own (`ccvc worker`)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from ccvc.clock import get_clock
from ccvc.settings import Settings
from gateway.population.client import PopulationClient
from gateway.sync.worker import SyncWorker


@contextmanager
def running_workers(settings: Settings, count: int) -> Iterator[list[SyncWorker]]:
    """Start `count` worker threads sharing one bus client; stop them on exit."""
    if count <= 0:
        yield []
        return
    client = PopulationClient(settings)
    stop = threading.Event()
    workers = [
        SyncWorker(settings=settings, clock=get_clock(), client=client) for _ in range(count)
    ]
    threads = [
        threading.Thread(target=w.run, args=(stop,), name=f"ccvc-worker-{i}", daemon=True)
        for i, w in enumerate(workers)
    ]
    for thread in threads:
        thread.start()
    try:
        yield workers
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=settings.ndxp_service_timeout_seconds + 5)
        client.close()
