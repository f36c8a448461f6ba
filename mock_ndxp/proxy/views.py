"""``/r1/{instance}/{memberClass}/{memberCode}/{subsystemCode}/{serviceCode}[/{path}]``.

How a member calls a service (example: the gateway verifying identities)::

    POST {ndxp_url}/r1/VN/GOV/BCA/CSDLQGDC/XacThucCongDan
    Authorization: Bearer <token from POST {ndxp_url}/oauth/token>
    X-Road-Client: VN/GOV/BNV/CSDLCBCCVC
    X-Road-Id: <optional message id; a UUID is made when absent>
    X-Road-UserId: <optional>      X-Road-Issue: <optional>
    X-NDXP-Fault: <optional, sandbox fault injection, e.g. latency=200,unavailable@0.5>
    Content-Type: application/json

Checks, in order: service path well-formed (400), bearer token (401), ``X-Road-Client``
present (400) and the token's member (403), body size (413), member rate (429), service
known (404), access right (403), fault spec (400). Then faults fire, and the call is
forwarded to the provider with the body, content type, query string, the X-Road-* headers
and ``X-NDXP-Provider-Token``; the provider's answer (any status) passes through unchanged.
Every response carries ``X-Road-Client``, ``X-Road-Service``, ``X-Road-Id``,
``X-Road-Request-Id`` and ``X-Road-Request-Hash`` (base64 SHA-512 of the request body; not on
a 413); the bus's own errors add ``X-Road-Error``. Each exchange is one message-log row.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import structlog
from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from mock_ndxp import errors
from mock_ndxp.catalogue import Provider, Service, is_allowed
from mock_ndxp.faults import apply as faults
from mock_ndxp.faults.spec import corrupt
from mock_ndxp.members.auth import claimed_client, lookup_caller, require_caller, require_client
from mock_ndxp.messagelog.service import (
    ExchangeRecord,
    loggable_path,
    record_exchange,
    sha512_b64,
)
from mock_ndxp.proxy.forward import (
    FORWARDED_REQUEST_HEADERS,
    PROVIDER_TOKEN_HEADER,
    ProviderAnswer,
    call_provider,
)
from mock_ndxp.proxy.http import http_client
from mock_ndxp.proxy.target import Target, parse_target
from mock_ndxp.ratelimit import enforce
from mock_ndxp.state import BusDep, BusState

log = structlog.get_logger("mock_ndxp.proxy")

router = APIRouter(tags=["r1"])

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(slots=True)
class Exchange:
    record: ExchangeRecord
    started: float
    request_hash: str | None = None

    def xroad_headers(self) -> dict[str, str]:
        headers = {
            "X-Road-Id": header_safe(self.record.message_id),
            "X-Road-Request-Id": self.record.request_id,
        }
        if self.record.client:
            headers["X-Road-Client"] = header_safe(self.record.client)
        if self.record.service:
            headers["X-Road-Service"] = header_safe(self.record.service)
        if self.request_hash:
            headers["X-Road-Request-Hash"] = self.request_hash
        return headers


def header_safe(value: str) -> str:
    """Echo a caller's identifier in a response header: printable ASCII as is, anything else
    percent-encoded (UTF-8), the way identifier parts travel in r1 URLs."""
    if value.isascii() and value.isprintable():
        return value
    return quote(value, safe="/:@!$&'()*+,;=-._~")


async def _read_body(request: Request, limit: int) -> tuple[bytes, int, bool]:
    """The body, its size, and whether it is over `limit` (then not read to the end)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return b"", int(declared), True
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return b"", size, True
        chunks.append(chunk)
    return b"".join(chunks), size, False


def _provider_url(
    bus: BusState, provider: Provider, service: Service, target: Target, qs: bytes
) -> str:
    url = provider.base_url(bus.settings).rstrip("/") + service.provider_path + target.rest
    return url + "?" + qs.decode("latin-1") if qs else url


def _provider_headers(request: Request, bus: BusState, exchange: Exchange) -> dict[str, str]:
    headers = {
        name: value
        for name in FORWARDED_REQUEST_HEADERS
        if (value := request.headers.get(name)) is not None
    }
    headers.update(exchange.xroad_headers())
    headers.pop("X-Road-Request-Hash", None)
    headers[PROVIDER_TOKEN_HEADER] = bus.settings.ndxp_provider_secret
    return headers


def _answer_response(answer: ProviderAnswer, status: int, body: bytes) -> Response:
    response = Response(content=body, status_code=status)
    for name, value in answer.headers:
        response.headers.append(name, value)
    return response


async def _exchange(request: Request, bus: BusState, exchange: Exchange) -> Response:
    settings = bus.settings
    record = exchange.record
    target = parse_target(request.scope, request.path_params)
    record.service = str(target.service_id)
    record.path = loggable_path(target.relative_path, request.scope.get("query_string", b""))

    body, size, too_large = await _read_body(request, settings.ndxp_max_body_bytes)
    record.request_bytes = size
    if not too_large:
        exchange.request_hash = record.request_hash = sha512_b64(body)

    claimed = claimed_client(request)
    record.client = str(claimed) if claimed else None
    caller = require_caller(await lookup_caller(request, bus))
    client = require_client(request, caller)
    if too_large:
        raise errors.body_too_large(settings.ndxp_max_body_bytes)
    enforce(bus.limiter, caller.member_id)

    found = bus.catalogue.service(target.service_id)
    if found is None:
        raise errors.unknown_service(str(target.service_id))
    provider, service = found
    if not is_allowed(caller.rights, service, request.method, target.relative_path):
        raise errors.access_denied(str(service.id))

    plan = faults.plan_for(request, bus, str(service.id), str(client))
    record.fault = plan.label()
    if plan.latency_ms > 0:
        await asyncio.sleep(plan.latency_ms / 1000)
    if plan.answer is not None:
        return await faults.answer(plan.answer, bus, str(service.id))

    qs: bytes = request.scope.get("query_string", b"")
    answer = await call_provider(
        http_client(bus),
        method=request.method,
        url=_provider_url(bus, provider, service, target, qs),
        body=body,
        headers=_provider_headers(request, bus, exchange),
        timeout=settings.ndxp_service_timeout_seconds,
        service=str(service.id),
    )
    if plan.malformed:
        return _answer_response(answer, 200, corrupt(answer.body))
    return _answer_response(answer, answer.status, answer.body)


async def handle_exchange(request: Request, bus: BusState) -> Response:
    """One r1 exchange, start to end; never raises (unexpected errors become the envelope)."""
    exchange = Exchange(
        record=ExchangeRecord(
            at=bus.clock.now(),
            request_id=str(uuid.uuid4()),
            message_id=request.headers.get("X-Road-Id") or str(uuid.uuid4()),
            method=request.method,
        ),
        started=time.perf_counter(),
    )
    record = exchange.record
    try:
        response = await _exchange(request, bus, exchange)
        response.headers.update(exchange.xroad_headers())
    except errors.XRoadError as err:
        record.error_type = str(err.type)
        response = errors.error_response(err, record.request_id, exchange.xroad_headers())
    except Exception as exc:
        log.error("exchange_failed", request_id=record.request_id, error_type=type(exc).__name__)
        internal = errors.internal_error()
        record.error_type = str(internal.type)
        response = errors.error_response(internal, record.request_id, exchange.xroad_headers())
    body = bytes(response.body)
    record.status = response.status_code
    record.response_hash = sha512_b64(body)
    record.response_bytes = len(body)
    record.duration_ms = (time.perf_counter() - exchange.started) * 1000
    await run_in_threadpool(record_exchange, bus.settings.database_url, record)
    return response


_DESCRIPTION = (
    "Call a service through the bus (X-Road REST protocol r1). Headers: "
    "`Authorization: Bearer <member token>`, `X-Road-Client: INSTANCE/CLASS/MEMBER/SUBSYSTEM` "
    "(required); `X-Road-Id`, `X-Road-UserId`, `X-Road-Issue` (optional); `X-NDXP-Fault` "
    "(sandbox fault injection, e.g. `latency=200,unavailable@0.5`). The provider's answer "
    "passes through unchanged; the bus's own errors are `{type, message, detail}` with "
    "`X-Road-Error`. / Gọi dịch vụ qua nền tảng NDXP."
)
_OPENAPI_EXTRA: dict[str, Any] = {
    "requestBody": {
        "required": False,
        "description": "The provider's request body, forwarded unchanged; its schema is in "
        "`getOpenAPI?serviceCode=<serviceCode>`.",
        "content": {"application/json": {"schema": {"type": "object"}}},
    },
    "parameters": [
        {
            "name": "X-Road-Client",
            "in": "header",
            "required": True,
            "schema": {"type": "string"},
            "example": "VN/GOV/BNV/CSDLCBCCVC",
        },
        {
            "name": "X-NDXP-Fault",
            "in": "header",
            "required": False,
            "schema": {"type": "string"},
            "example": "latency=200",
        },
    ],
}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "Client.BadRequest / Client.InvalidClientIdentifier"},
    401: {"description": "Client.Unauthorized"},
    403: {"description": "Server.ServerProxy.AccessDenied / Client.InvalidClientIdentifier"},
    404: {"description": "Server.ServerProxy.UnknownService"},
    413: {"description": "Client.BadRequest (body too large)"},
    429: {"description": "Server.ServerProxy.RateLimited (Retry-After)"},
    502: {"description": "Server.ServerProxy.ServiceFailed.IOError"},
    503: {"description": "Server.ServerProxy.ServiceUnavailable (Retry-After)"},
    504: {"description": "Server.ServerProxy.ServiceFailed.ReadTimeout"},
}


async def call_service(
    request: Request,
    bus: BusDep,
    instance: str,
    member_class: str,
    member_code: str,
    subsystem_code: str,
    service_code: str,
) -> Response:
    return await handle_exchange(request, bus)


async def call_service_path(
    request: Request,
    bus: BusDep,
    instance: str,
    member_class: str,
    member_code: str,
    subsystem_code: str,
    service_code: str,
    path: str,
) -> Response:
    return await handle_exchange(request, bus)


_BASE = "/r1/{instance}/{member_class}/{member_code}/{subsystem_code}/{service_code}"
for _method in METHODS:
    router.add_api_route(
        _BASE,
        call_service,
        methods=[_method],
        operation_id=f"r1_{_method.lower()}",
        summary=f"{_method} a service",
        description=_DESCRIPTION,
        responses=_RESPONSES,
        openapi_extra=_OPENAPI_EXTRA,
        response_class=Response,
    )
    router.add_api_route(
        _BASE + "/{path:path}",
        call_service_path,
        methods=[_method],
        operation_id=f"r1_{_method.lower()}_path",
        summary=f"{_method} a path under a service",
        description=_DESCRIPTION,
        responses=_RESPONSES,
        openapi_extra=_OPENAPI_EXTRA,
        response_class=Response,
    )


@router.api_route(
    "/r1/{rest:path}", methods=list(METHODS), include_in_schema=False, response_class=Response
)
async def malformed_service(request: Request, bus: BusDep, rest: str) -> Response:
    """Anything else under /r1: an exchange that fails as a malformed service identifier."""
    return await handle_exchange(request, bus)
