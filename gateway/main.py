"""The gateway app: agency sync, quality rules, onboarding (the product)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

from ccvc import __version__
from ccvc.middleware import install_common_middleware
from ccvc.problems import PROBLEM_CONTENT, install_problem_handlers
from ccvc.ratelimit import TokenBucketLimiter
from ccvc.settings import Settings, get_settings
from gateway.agencies.views import router as agencies_router
from gateway.audit.views import router as audit_router
from gateway.auth.views import router as auth_router
from gateway.batches.views import router as batches_router
from gateway.conformance.observe import ObservationBuffer, ObservationMiddleware
from gateway.conformance.views import STATIC as SANDBOX_STATIC
from gateway.conformance.views import router as conformance_router
from gateway.dashboard.metrics import registry_for
from gateway.dashboard.views import STATIC as DASHBOARD_STATIC
from gateway.dashboard.views import router as dashboard_router
from gateway.health.views import router as health_router
from gateway.onboarding.views import router as onboarding_router
from gateway.openapi import complete_openapi
from gateway.quality.views import router as quality_router
from gateway.sandbox.personas import router as sandbox_router
from gateway.sandbox.scenarios import router as scenarios_router
from gateway.self_update.views import router as self_update_router
from gateway.staff.views import router as records_router
from gateway.sync.runner import running_workers
from gateway.uploads.views import router as uploads_router
from gateway.webhooks.views import router as webhooks_router

DESCRIPTION = """
Gateway of the **CCVC sync sandbox** — a simulator of Vietnam's national civil-servant
database sync (CSDLQG về CBCCVC, Decision 72/QĐ-BNV of 2023).

Agencies authenticate with OAuth2 client credentials (`POST /v1/oauth/token`), send staff
records, and read back per-record verdicts on the four principles
"Đúng – Đủ – Sạch – Sống". The gateway cross-checks identity with the national population
database (mocked at `/dancu`) only through the NDXP bus (mocked at `/ndxp`).

Every error is `application/problem+json` (RFC 9457) with a Vietnamese `title_vi`.
"""


RATE_LIMITED: dict[int | str, dict[str, Any]] = {
    429: {
        "description": "Too many requests from this client: wait `Retry-After` seconds.",
        **PROBLEM_CONTENT,
    }
}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Workers claim records from the durable queue in the database; every replica may run
        # them (no in-memory state another replica would miss).
        context = running_workers(settings, settings.workers)
        await run_in_threadpool(context.__enter__)
        observations.start()
        try:
            yield
        finally:
            await run_in_threadpool(context.__exit__, None, None, None)
            await run_in_threadpool(observations.stop)
            client = getattr(app.state, "population_client", None)
            if client is not None:
                client.close()

    app = FastAPI(
        lifespan=lifespan,
        title="CCVC sync sandbox — gateway",
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=[
            {"name": "registry", "description": "The 96 agencies of Decision 72 (public)."},
            {"name": "auth", "description": "OAuth2 client credentials."},
            {"name": "batches", "description": "The HR-software channel: batches of records."},
            {"name": "records", "description": "One staff record: read, upsert, status, history."},
            {"name": "templates", "description": "The template channel: CSV / XLSX uploads."},
            {"name": "quality", "description": "Rules, per-agency quality, correction files."},
            {"name": "self-update", "description": "The VNeID channel, confirmed by the agency."},
            {
                "name": "sandbox",
                "description": "For vendors: scenario switches, test personas and what the "
                "gateway does with them, the conformance report. Page: `/sandbox`.",
            },
            {
                "name": "webhooks",
                "description": "Signed events (Standard Webhooks) to your endpoint or inbox.",
            },
            {
                "name": "onboarding",
                "description": "Each agency's checklist against Decision 72's plan, with evidence.",
            },
            {"name": "dashboard", "description": "The operators' national picture."},
            {"name": "audit", "description": "Who read or changed which staff records."},
            {"name": "health", "description": "Liveness and readiness."},
        ],
    )
    app.state.settings = settings
    observations = ObservationBuffer(settings.database_url)
    app.state.observations = observations
    app.state.metrics = registry_for(settings)
    app.state.limiter = TokenBucketLimiter(
        settings.rate_limit_per_second, settings.rate_limit_burst
    )
    install_problem_handlers(app)
    install_common_middleware(app, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(ObservationMiddleware, buffer=observations, secret=settings.evidence_secret)
    app.include_router(health_router)
    app.include_router(auth_router)
    app.include_router(agencies_router)
    app.include_router(batches_router, responses=RATE_LIMITED)
    app.include_router(records_router, responses=RATE_LIMITED)
    app.include_router(uploads_router, responses=RATE_LIMITED)
    app.include_router(quality_router, responses=RATE_LIMITED)
    app.include_router(self_update_router)
    app.include_router(sandbox_router)
    app.include_router(scenarios_router)
    app.include_router(conformance_router, responses=RATE_LIMITED)
    app.include_router(webhooks_router, responses=RATE_LIMITED)
    app.include_router(onboarding_router, responses=RATE_LIMITED)
    app.include_router(dashboard_router, responses=RATE_LIMITED)
    app.include_router(audit_router, responses=RATE_LIMITED)
    complete_openapi(app)
    app.mount("/dashboard/static", StaticFiles(directory=DASHBOARD_STATIC), name="dashboard-static")
    app.mount("/sandbox/static", StaticFiles(directory=SANDBOX_STATIC), name="sandbox-static")
    return app
