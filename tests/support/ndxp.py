"""Shared helpers of the NDXP bus tests (no tests here): a stand-in provider, running buses.

The stand-in provider plays the population database behind the bus: it refuses calls without
the bus's ``X-NDXP-Provider-Token`` and echoes what it received, so tests can see exactly what
the bus forwarded.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from fastapi import FastAPI, Request
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response

from ccvc.db import session_scope
from ccvc.migrate import upgrade
from ccvc.settings import Settings
from mock_ndxp.main import create_app
from mock_ndxp.seeding import (
    OPERATOR_CLIENT_ID,
    OPERATOR_SECRET,
    SANDBOX_MEMBER_CLIENT_ID,
    SANDBOX_MEMBER_SECRET,
    seed_bus,
)
from tests.support.servers import serve

PROVIDER_SECRET = "test-provider-secret"
GATEWAY_ID = "ccvc-gateway-test"
GATEWAY_SECRET = "test-gateway-secret"
GATEWAY_MEMBER = "VN/GOV/BNV/CSDLCBCCVC"
SANDBOX_MEMBER = "VN/GOV/SANDBOX/KIEMTHU"
OPERATOR_MEMBER = "VN/GOV/BNV/NDXP-OPERATOR"
XAC_THUC = "/r1/VN/GOV/BCA/CSDLQGDC/XacThucCongDan"
TRA_CUU = "/r1/VN/GOV/BCA/CSDLQGDC/TraCuuCongDan"
PROVIDER = "/r1/VN/GOV/BCA/CSDLQGDC"

ECHOED_HEADERS = (
    "content-type",
    "x-road-client",
    "x-road-service",
    "x-road-id",
    "x-road-userid",
    "x-road-issue",
    "x-road-request-id",
    "x-ndxp-fault",
    "authorization",
)


def make_provider(secret: str = PROVIDER_SECRET) -> FastAPI:
    """A stand-in population DB: checks the provider token, echoes; `?status=` and `?sleep=`."""
    app = FastAPI(title="Stand-in population DB")

    async def handle(request: Request, service: str) -> Response:
        if request.headers.get("X-NDXP-Provider-Token") != secret:
            return JSONResponse({"error": "provider token missing or wrong"}, status_code=403)
        sleep = request.query_params.get("sleep")
        if sleep:
            await asyncio.sleep(float(sleep))
        status = int(request.query_params.get("status", "200"))
        if status >= 400:
            return JSONResponse(
                {"type": "about:blank", "title": "provider says no", "status": status},
                status_code=status,
                media_type="application/problem+json",
                headers={"X-Provider-Trace": "abc"},
            )
        body = await request.body()
        return JSONResponse(
            {
                "service": service,
                "method": request.method,
                "path": request.url.path,
                "query": request.url.query,
                "headers": {h: request.headers.get(h) for h in ECHOED_HEADERS},
                "body": body.decode("utf-8"),
            },
            headers={"X-Provider-Trace": "abc"},
        )

    async def xac_thuc(request: Request) -> Response:
        return await handle(request, "xac-thuc")

    async def tra_cuu(request: Request) -> Response:
        return await handle(request, "tra-cuu")

    others = ["GET", "PUT", "PATCH", "DELETE"]
    for path, endpoint in (
        ("/api/v1/xac-thuc", xac_thuc),
        ("/api/v1/xac-thuc/{rest:path}", xac_thuc),
        ("/api/v1/tra-cuu", tra_cuu),
    ):
        app.add_api_route(path, endpoint, methods=["POST"])
        app.add_api_route(path, endpoint, methods=others, include_in_schema=False)

    def openapi() -> dict[str, Any]:
        document = get_openapi(title="Stand-in population DB", version="1", routes=app.routes)
        ref = {"$ref": "#/components/schemas/YeuCauXacThuc"}
        document["paths"]["/api/v1/xac-thuc"]["post"]["requestBody"] = {
            "content": {"application/json": {"schema": ref}}
        }
        document.setdefault("components", {}).setdefault("schemas", {}).update(
            {
                "YeuCauXacThuc": {
                    "type": "object",
                    "properties": {"DanhSach": {"$ref": "#/components/schemas/CongDan"}},
                },
                "CongDan": {"type": "object", "properties": {"SoDinhDanh": {"type": "string"}}},
                "YeuCauTraCuu": {"type": "object"},
            }
        )
        return document

    app.openapi = openapi  # type: ignore[method-assign]
    return app


@dataclass
class Bus:
    url: str
    settings: Settings
    app: FastAPI
    tokens: dict[str, str] = field(default_factory=dict)

    def token(self, client_id: str, secret: str) -> str:
        if client_id not in self.tokens:
            self.tokens[client_id] = issue_token(self.url, client_id, secret)
        return self.tokens[client_id]

    def gateway_headers(self, **extra: str) -> dict[str, str]:
        return {
            "Authorization": f"Bearer {self.token(GATEWAY_ID, GATEWAY_SECRET)}",
            "X-Road-Client": GATEWAY_MEMBER,
            **extra,
        }

    def sandbox_headers(self, **extra: str) -> dict[str, str]:
        token = self.token(SANDBOX_MEMBER_CLIENT_ID, SANDBOX_MEMBER_SECRET)
        return {"Authorization": f"Bearer {token}", "X-Road-Client": SANDBOX_MEMBER, **extra}

    def operator_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token(OPERATOR_CLIENT_ID, OPERATOR_SECRET)}"}


def issue_token(base_url: str, client_id: str, secret: str) -> str:
    response = httpx.post(
        f"{base_url}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=(client_id, secret),
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def bus_settings(database_url: str, provider_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": database_url,
        "dancu_url": provider_url,
        "ndxp_url": "http://bus.test/ndxp",
        "ndxp_provider_secret": PROVIDER_SECRET,
        "ndxp_gateway_client_id": GATEWAY_ID,
        "ndxp_gateway_client_secret": GATEWAY_SECRET,
        "ndxp_service_timeout_seconds": 5.0,
        "ndxp_rate_limit_per_second": 1000.0,
        "ndxp_rate_limit_burst": 1000,
        "ndxp_max_body_bytes": 4096,
    }
    values.update(overrides)
    return Settings(**values)


def prepare_database(directory: Path, settings_overrides: dict[str, Any] | None = None) -> str:
    """A migrated, seeded SQLite database in `directory`; its URL."""
    url = f"sqlite:///{directory / 'bus.db'}"
    upgrade(url)
    with session_scope(url) as session:
        seed_bus(session, bus_settings(url, "http://unused", **(settings_overrides or {})))
    return url


@contextmanager
def running_provider() -> Iterator[str]:
    with serve(make_provider()) as url:
        yield url


@contextmanager
def running_bus(
    database_url: str, provider_url: str, *, seed: int = 7, **overrides: Any
) -> Iterator[Bus]:
    settings = bus_settings(database_url, provider_url, **overrides)
    app = create_app(settings, rng=random.Random(seed))
    with serve(app, ready_path="/healthz") as url:
        yield Bus(url=url, settings=settings, app=app)
