"""The gateway app: agency sync, quality rules, onboarding (the product)."""

from __future__ import annotations

from fastapi import FastAPI

from ccvc import __version__
from ccvc.middleware import install_common_middleware
from ccvc.problems import install_problem_handlers
from ccvc.settings import Settings, get_settings
from gateway.agencies.views import router as agencies_router
from gateway.auth.views import router as auth_router
from gateway.health.views import router as health_router

DESCRIPTION = """
Gateway of the **CCVC sync sandbox** — a simulator of Vietnam's national civil-servant
database sync (CSDLQG về CBCCVC, Decision 72/QĐ-BNV of 2023).

Agencies authenticate with OAuth2 client credentials (`POST /v1/oauth/token`), send staff
records, and read back per-record verdicts on the four principles
"Đúng – Đủ – Sạch – Sống". The gateway cross-checks identity with the national population
database (mocked at `/dancu`) only through the NDXP bus (mocked at `/ndxp`).

Every error is `application/problem+json` (RFC 9457) with a Vietnamese `title_vi`.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="CCVC sync sandbox — gateway",
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=[
            {"name": "registry", "description": "The 96 agencies of Decision 72 (public)."},
            {"name": "auth", "description": "OAuth2 client credentials."},
            {"name": "health", "description": "Liveness and readiness."},
        ],
    )
    app.state.settings = settings
    install_problem_handlers(app)
    install_common_middleware(app, max_body_bytes=settings.max_body_bytes)
    app.include_router(health_router)
    app.include_router(auth_router)
    app.include_router(agencies_router)
    return app
