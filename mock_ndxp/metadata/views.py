"""The metadata endpoints. Registered before the r1 proxy routes: a service code is never
``listMethods``, ``allowedMethods`` or ``getOpenAPI``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from starlette.concurrency import run_in_threadpool

from ccvc.db import session_scope
from mock_ndxp import errors
from mock_ndxp.catalogue import Provider, allowed_endpoints
from mock_ndxp.identifiers import SubsystemId
from mock_ndxp.members.auth import lookup_caller, require_caller, require_client
from mock_ndxp.members.schemas import ClientEntry, ClientIdentifier, ClientList
from mock_ndxp.members.service import Caller, list_members
from mock_ndxp.metadata.schemas import MethodList
from mock_ndxp.metadata.service import fetch_provider_openapi, service_openapi, service_out
from mock_ndxp.proxy.http import http_client
from mock_ndxp.ratelimit import enforce
from mock_ndxp.state import BusDep, BusState

router = APIRouter(tags=["metadata"])

_PROVIDER = "/r1/{instance}/{member_class}/{member_code}/{subsystem_code}"
_AUTH_NOTE = (
    " Needs `Authorization: Bearer <member token>` and `X-Road-Client` (the token's member)."
)


async def _authorise(
    request: Request, bus: BusState, parts: tuple[str, str, str, str]
) -> tuple[Caller, Provider]:
    caller = require_caller(await lookup_caller(request, bus))
    require_client(request, caller)
    enforce(bus.limiter, caller.member_id)
    subsystem = SubsystemId.from_parts(parts)
    provider = bus.catalogue.provider(subsystem) if subsystem else None
    if provider is None:
        raise errors.unknown_service("/".join(parts))
    return caller, provider


@router.get(
    _PROVIDER + "/listMethods",
    response_model=MethodList,
    summary="List the provider's services",
    description="All REST services of the provider subsystem." + _AUTH_NOTE,
)
async def list_methods(
    request: Request,
    bus: BusDep,
    instance: str,
    member_class: str,
    member_code: str,
    subsystem_code: str,
) -> MethodList:
    parts = (instance, member_class, member_code, subsystem_code)
    _caller, provider = await _authorise(request, bus, parts)
    return MethodList(service=[service_out(s, s.endpoints) for s in provider.services])


@router.get(
    _PROVIDER + "/allowedMethods",
    response_model=MethodList,
    summary="List the provider's services the caller may call",
    description="Only services (and endpoints) the caller has access rights to." + _AUTH_NOTE,
)
async def allowed_methods(
    request: Request,
    bus: BusDep,
    instance: str,
    member_class: str,
    member_code: str,
    subsystem_code: str,
) -> MethodList:
    parts = (instance, member_class, member_code, subsystem_code)
    caller, provider = await _authorise(request, bus, parts)
    listed = []
    for service in provider.services:
        endpoints = allowed_endpoints(caller.rights, service)
        if endpoints:
            listed.append(service_out(service, endpoints))
    return MethodList(service=listed)


@router.get(
    _PROVIDER + "/getOpenAPI",
    summary="The OpenAPI document of one service",
    description=(
        "The provider's OpenAPI description cut to the service: paths relative to the service, "
        "server = the service's r1 URL on this bus. 502 if the provider cannot be reached."
        + _AUTH_NOTE
    ),
    responses={200: {"content": {"application/json": {"schema": {"type": "object"}}}}},
)
async def get_openapi(
    request: Request,
    bus: BusDep,
    instance: str,
    member_class: str,
    member_code: str,
    subsystem_code: str,
    service_code: Annotated[str, Query(alias="serviceCode", examples=["XacThucCongDan"])],
) -> dict[str, Any]:
    parts = (instance, member_class, member_code, subsystem_code)
    _caller, provider = await _authorise(request, bus, parts)
    service = next((s for s in provider.services if s.id.service_code == service_code), None)
    if service is None:
        raise errors.unknown_service(f"{'/'.join(parts)}/{service_code}")
    document = await fetch_provider_openapi(http_client(bus), provider, service, bus.settings)
    server_url = f"{bus.settings.resolved_ndxp_url()}/r1/{service.id.url_path()}"
    return service_openapi(document, service, server_url)


def _client_entry(subsystem: SubsystemId, name: str) -> ClientEntry:
    return ClientEntry(
        id=ClientIdentifier(
            xroad_instance=subsystem.instance,
            member_class=subsystem.member_class,
            member_code=subsystem.member_code,
            subsystem_code=subsystem.subsystem_code,
        ),
        name=name,
    )


def _clients(bus: BusState) -> ClientList:
    entries: dict[str, ClientEntry] = {}
    for provider in bus.catalogue.providers:
        entries[str(provider.id)] = _client_entry(provider.id, provider.name)
    with session_scope(bus.settings.database_url) as session:
        for member in list_members(session):
            subsystem = SubsystemId.parse(member.id)
            if subsystem is not None:
                entries.setdefault(member.id, _client_entry(subsystem, member.name))
    return ClientList(member=[entries[key] for key in sorted(entries)])


@router.get(
    "/listClients",
    response_model=ClientList,
    summary="List the members and providers of the bus",
    description="Identifiers and names only (public, like X-Road's global configuration). "
    "/ Danh sách thành viên.",
)
async def list_clients(bus: BusDep) -> ClientList:
    return await run_in_threadpool(_clients, bus)
