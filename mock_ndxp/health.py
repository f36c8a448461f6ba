"""``GET /healthz``: the bus answers and its database is reachable."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.concurrency import run_in_threadpool

from ccvc.db import session_scope
from mock_ndxp.state import BusDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok", "unavailable"]
    database: Literal["ok", "unavailable"]


def _database_ok(url: str) -> bool:
    try:
        with session_scope(url) as session:
            session.execute(text("SELECT 1"))
        return True
    except (SQLAlchemyError, OSError):
        return False


@router.get(
    "/healthz",
    response_model=Health,
    summary="Liveness and database check",
    responses={
        503: {
            "model": Health,
            "description": "Database unreachable / Không kết nối được cơ sở dữ liệu",
            "content": {
                "application/json": {
                    "example": {"status": "unavailable", "database": "unavailable"}
                }
            },
        }
    },
)
async def healthz(bus: BusDep) -> JSONResponse:
    ok = await run_in_threadpool(_database_ok, bus.settings.database_url)
    state: Literal["ok", "unavailable"] = "ok" if ok else "unavailable"
    return JSONResponse(
        Health(status=state, database=state).model_dump(), status_code=200 if ok else 503
    )
