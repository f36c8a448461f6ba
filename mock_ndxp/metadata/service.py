"""Building metadata answers: service listings and a service's slice of the provider's OpenAPI."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

import httpx

from ccvc.settings import Settings
from mock_ndxp import errors
from mock_ndxp.catalogue import Endpoint, Provider, Service
from mock_ndxp.metadata.schemas import EndpointOut, ServiceOut
from mock_ndxp.proxy.forward import PROVIDER_TOKEN_HEADER

_REF_PREFIX = "#/components/"


def service_out(service: Service, endpoints: Iterable[Endpoint]) -> ServiceOut:
    sub = service.id.subsystem
    return ServiceOut(
        xroad_instance=sub.instance,
        member_class=sub.member_class,
        member_code=sub.member_code,
        subsystem_code=sub.subsystem_code,
        service_code=service.id.service_code,
        endpoint_list=[EndpointOut(method=e.method, path=e.path) for e in endpoints],
    )


async def fetch_provider_openapi(
    client: httpx.AsyncClient, provider: Provider, service: Service, settings: Settings
) -> dict[str, Any]:
    """The provider's whole OpenAPI document (502 envelope if it cannot be had)."""
    url = provider.base_url(settings).rstrip("/") + "/openapi.json"
    try:
        response = await client.get(
            url,
            headers={PROVIDER_TOKEN_HEADER: settings.ndxp_provider_secret},
            timeout=settings.ndxp_service_timeout_seconds,
        )
        document = response.json() if response.status_code == 200 else None
    except (httpx.HTTPError, ValueError, OSError):
        document = None
    if not isinstance(document, dict):
        raise errors.provider_io_error(str(service.id))
    return document


def _refs(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith(_REF_PREFIX):
                found.add(value)
            else:
                found |= _refs(value)
    elif isinstance(node, list):
        for item in node:
            found |= _refs(item)
    return found


def _component(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref[2:].split("/"):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _prune_components(document: dict[str, Any], roots: Any) -> dict[str, Any]:
    """Only the components reachable from `roots` (transitively)."""
    seen: set[str] = set()
    todo = _refs(roots)
    while todo:
        ref = todo.pop()
        if ref in seen:
            continue
        seen.add(ref)
        todo |= _refs(_component(document, ref)) - seen
    pruned: dict[str, Any] = {}
    for ref in sorted(seen):
        section, _, name = ref[len(_REF_PREFIX) :].partition("/")
        value = _component(document, ref)
        if value is not None:
            pruned.setdefault(section, {})[name] = value
    return pruned


def service_openapi(document: dict[str, Any], service: Service, server_url: str) -> dict[str, Any]:
    """The provider's document cut to `service`: its paths made service-relative, the bus's
    r1 URL of the service as the server, and only the components those paths use."""
    base = service.provider_path.rstrip("/")
    paths: dict[str, Any] = {}
    for path, item in (document.get("paths") or {}).items():
        if path == base or path.startswith(base + "/"):
            paths[path[len(base) :] or "/"] = copy.deepcopy(item)
    out: dict[str, Any] = {
        "openapi": document.get("openapi", "3.1.0"),
        "info": dict(document.get("info") or {}),
        "servers": [{"url": server_url, "description": "NDXP r1 (X-Road REST) URL of the service"}],
        "paths": paths,
    }
    out["info"]["title"] = f"{service.id.service_code} — {out['info'].get('title', 'API')}"
    out["info"]["x-ndxp-service"] = str(service.id)
    components = _prune_components(document, paths)
    if components:
        out["components"] = components
    return out
