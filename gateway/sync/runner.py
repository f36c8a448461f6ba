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
from gateway.webhooks.dispatch import WebhookDispatcher


@contextmanager
def running_workers(settings: Settings, count: int) -> Iterator[list[SyncWorker]]:
    """Start `count` worker threads sharing one bus client, and a webhook dispatcher; stop
    them on exit."""
    if count <= 0:
        yield []
        return
    client = PopulationClient(settings)
    stop = threading.Event()
    workers = [
        SyncWorker(settings=settings, clock=get_clock(), client=client) for _ in range(count)
    ]
    dispatcher = WebhookDispatcher(settings=settings, clock=get_clock())
    threads = [
        threading.Thread(target=w.run, args=(stop,), name=f"ccvc-worker-{i}", daemon=True)
        for i, w in enumerate(workers)
    ]
    threads.append(
        threading.Thread(target=dispatcher.run, args=(stop,), name="ccvc-webhooks", daemon=True)
    )
    for thread in threads:
        thread.start()
    try:
        yield workers
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=settings.ndxp_service_timeout_seconds + 5)
        client.close()
        dispatcher.close()
