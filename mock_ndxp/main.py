"""The bus app: `create_app(settings)`; mounted under ``/ndxp`` by ``ccvc up``.

Route order matters: the metadata services (``.../listMethods``, ``/allowedMethods``,
``/getOpenAPI``) are registered before the r1 proxy routes that would otherwise match them.
"""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from ccvc.clock import Clock
from ccvc.settings import Settings, get_settings
from mock_ndxp import health
from mock_ndxp.catalogue import build_catalogue
from mock_ndxp.errors import install_error_handlers
from mock_ndxp.faults import views as faults_views
from mock_ndxp.faults.spec import parse_faults
from mock_ndxp.faults.store import RuntimeFaults
from mock_ndxp.members import views as members_views
from mock_ndxp.messagelog import views as messagelog_views
from mock_ndxp.metadata import views as metadata_views
from mock_ndxp.openapi import complete_openapi
from mock_ndxp.proxy import views as proxy_views
from mock_ndxp.proxy.http import close_http_client, http_client
from mock_ndxp.ratelimit import TokenBucketLimiter
from mock_ndxp.state import BusState

DESCRIPTION = """\
Mocked national data-exchange platform (NDXP, nền tảng tích hợp, chia sẻ dữ liệu quốc gia),
modelled on X-Road's REST protocol r1. Sandbox only: synthetic data.

1. `POST /oauth/token` (client credentials) → member bearer token.
2. `POST /r1/VN/GOV/BCA/CSDLQGDC/XacThucCongDan` with `Authorization: Bearer …` and
   `X-Road-Client: VN/GOV/BNV/CSDLCBCCVC` → forwarded to the population database.
3. Metadata: `listMethods`, `allowedMethods`, `getOpenAPI?serviceCode=…`, `/listClients`.
4. Operators: `/admin/message-log`, `/admin/faults`.

Fault injection: header `X-NDXP-Fault` (e.g. `latency=200,unavailable@0.5`), runtime rules at
`/admin/faults`, or `CCVC_NDXP_FAULTS`. Sandbox test member: `sandbox-member` /
`sandbox-member-secret` (XacThucCongDan only).
"""


def create_app(
    settings: Settings | None = None,
    *,
    clock: Clock | None = None,
    rng: random.Random | None = None,
) -> FastAPI:
    """The bus. `clock` (default: wall clock, not the replay clock) and `rng` (the random source
    of probabilistic faults) can be given by tests. Raises ValueError on a bad
    ``settings.ndxp_faults``."""
    settings = settings or get_settings()
    bus = BusState(
        settings=settings,
        clock=clock or Clock(timezone=settings.timezone),
        catalogue=build_catalogue(settings),
        limiter=TokenBucketLimiter(
            settings.ndxp_rate_limit_per_second, settings.ndxp_rate_limit_burst
        ),
        config_faults=parse_faults(settings.ndxp_faults),
        runtime_faults=RuntimeFaults(),
        rng=rng or random.Random(),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        http_client(bus)
        yield
        await close_http_client(bus)

    app = FastAPI(
        title="NDXP sandbox bus (mock X-Road r1)",
        description=DESCRIPTION,
        version="1.0.0",
        lifespan=lifespan,
        openapi_tags=[
            {"name": "members", "description": "OAuth2 tokens for members."},
            {"name": "r1", "description": "Service calls (X-Road REST protocol r1)."},
            {"name": "metadata", "description": "X-Road metadata services."},
            {"name": "admin", "description": "Bus operators: message log and faults."},
            {"name": "health", "description": "Liveness."},
        ],
    )
    app.state.settings = settings
    app.state.bus = bus
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(members_views.router)
    app.include_router(messagelog_views.router)
    app.include_router(faults_views.router)
    app.include_router(metadata_views.router)
    app.include_router(proxy_views.router)  # last: its routes would shadow the metadata ones
    complete_openapi(app)
    return app


async def shutdown(app: FastAPI) -> None:
    """Close the bus's outgoing HTTP client; call from the parent app's lifespan when mounted."""
    bus: BusState = app.state.bus
    await close_http_client(bus)
