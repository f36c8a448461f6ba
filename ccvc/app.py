"""The embedded deployment: gateway at `/`, NDXP bus at `/ndxp`, population DB at `/dancu`,
in one process on one port. The gateway still reaches the bus over real HTTP (by URL)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import AsyncExitStack, asynccontextmanager

from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.routing import Mount

from ccvc.settings import Settings, get_settings


def create_app(
    settings: Settings | None = None,
    *,
    on_ready: Callable[[float], None] | None = None,
) -> Starlette:
    from gateway.main import create_app as create_gateway
    from mock_dancu.main import create_app as create_dancu
    from mock_ndxp.main import create_app as create_ndxp
    from mock_ndxp.main import shutdown as shutdown_ndxp

    settings = settings or get_settings()
    started = time.perf_counter()
    apps: dict[str, FastAPI] = {
        "/ndxp": create_ndxp(settings),
        "/dancu": create_dancu(settings),
        "": create_gateway(settings),
    }

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        # Starlette does not run the lifespans of mounted apps: run them here.
        async with AsyncExitStack() as stack:
            for sub in apps.values():
                await stack.enter_async_context(sub.router.lifespan_context(sub))
            if on_ready is not None:
                on_ready(time.perf_counter() - started)
            yield
            await shutdown_ndxp(apps["/ndxp"])

    root = Starlette(routes=[Mount(path, app=sub) for path, sub in apps.items()], lifespan=lifespan)
    root.state.settings = settings
    return root
