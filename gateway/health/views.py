"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import func, select, text

from ccvc.deps import DbSession, SettingsDep
from ccvc.migrate import head_revision
from gateway.agencies.models import Agency

router = APIRouter(tags=["health"])

EXPECTED_AGENCIES = 96


@router.get("/healthz", summary="Liveness: the process answers")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Readiness: database reachable, migrated to head and seeded",
    responses={503: {"description": "Not ready; `checks` says why"}},
)
def readyz(session: DbSession, settings: SettingsDep) -> JSONResponse:
    checks: dict[str, Any] = {}
    try:
        session.execute(text("SELECT 1"))
        checks["database"] = "ok"
        revision = session.execute(text("SELECT version_num FROM alembic_version")).scalar()
        head = head_revision(settings.database_url)
        checks["migrations"] = "ok" if revision == head else f"at {revision}, head is {head}"
        agencies = session.scalar(select(func.count()).select_from(Agency)) or 0
        checks["seed"] = "ok" if agencies == EXPECTED_AGENCIES else f"{agencies} agencies"
    except Exception as exc:  # any database failure means "not ready", never a 500
        checks.setdefault("database", f"unavailable: {type(exc).__name__}")
    ready = all(value == "ok" for value in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not_ready", "checks": checks},
        status_code=200 if ready else 503,
    )
