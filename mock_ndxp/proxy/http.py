"""The bus's one outgoing HTTP client (connection pool), shared by all calls of an app.

Created in the app's lifespan; because Starlette does not run a mounted sub-app's lifespan,
it is also created lazily on first use (and re-created if the event loop changed, e.g. a
second test client). Close it with `mock_ndxp.main.shutdown` when mounted.
"""

from __future__ import annotations

import asyncio

import httpx

from mock_ndxp.state import BusState

_LIMITS = httpx.Limits(max_connections=200, max_keepalive_connections=50)


def _current_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def http_client(bus: BusState) -> httpx.AsyncClient:
    loop = _current_loop()
    client = bus.http_client
    if client is None or client.is_closed or bus.http_loop is not loop:
        # trust_env=False: the bus reaches providers directly, never via a proxy from the env.
        client = httpx.AsyncClient(trust_env=False, follow_redirects=False, limits=_LIMITS)
        bus.http_client = client
        bus.http_loop = loop
    return client


async def close_http_client(bus: BusState) -> None:
    client, bus.http_client, bus.http_loop = bus.http_client, None, None
    if client is not None and not client.is_closed:
        await client.aclose()
