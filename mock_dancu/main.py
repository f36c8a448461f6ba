"""The population DB app (CSDLQG về dân cư, mocked): `create_app(settings)`."""

from __future__ import annotations

from typing import Literal

from fastapi import FastAPI
from pydantic import BaseModel

import mock_dancu
from ccvc.problems import install_problem_handlers
from ccvc.settings import Settings, get_settings
from mock_dancu.auth import PROVIDER_TOKEN_HEADER
from mock_dancu.lookup import views as lookup_views
from mock_dancu.personas import views as persona_views
from mock_dancu.population import get_population
from mock_dancu.sandbox import views as sandbox_views
from mock_dancu.sandbox import vneid as vneid_views
from mock_dancu.verification import views as verification_views

DESCRIPTION = f"""
Mock of the **national population database** (Cơ sở dữ liệu quốc gia về dân cư) for the CCVC
sync sandbox. **Synthetic data only** — dữ liệu tổng hợp, không phải dữ liệu thật.

- `/api/v1/xac-thuc` (service `XacThucCongDan`) and `/api/v1/tra-cuu` (service `TraCuuCongDan`)
  answer only the NDXP bus (header `{PROVIDER_TOKEN_HEADER}`). They speak the Vietnamese field
  names of the public integration-spec excerpt; no official response format is public, so the
  per-field verdicts are this mock's design.
- `/sandbox/*` needs no credentials: browse citizens and the documented test personas to build
  records that must pass or must fail.

{(mock_dancu.__doc__ or "").strip()}
"""

TAGS = [
    {"name": "services", "description": "Provider endpoints behind the NDXP bus."},
    {"name": "sandbox", "description": "Synthetic citizens and test personas (no credentials)."},
    {"name": "health", "description": "Liveness."},
]


class Health(BaseModel):
    status: Literal["ok"] = "ok"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="CSDLQG về dân cư (mock) — national population database",
        version=mock_dancu.__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
    )
    app.state.settings = settings
    app.state.population = get_population(settings.dancu_seed, settings.dancu_population)
    install_problem_handlers(app)
    app.include_router(verification_views.router)
    app.include_router(lookup_views.router)
    app.include_router(sandbox_views.router)
    app.include_router(persona_views.router)
    app.include_router(vneid_views.router)

    @app.get("/healthz", tags=["health"], summary="Liveness / Tình trạng hoạt động")
    def healthz() -> Health:
        return Health()

    return app
