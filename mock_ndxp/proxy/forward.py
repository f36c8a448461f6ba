"""Forwarding a call to the provider over HTTP, and shaping the provider's answer."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import httpx

from mock_ndxp import errors

PROVIDER_TOKEN_HEADER = "X-NDXP-Provider-Token"

# Request headers passed on to the provider (besides the X-Road-* ones the bus sets).
FORWARDED_REQUEST_HEADERS = (
    "content-type",
    "accept",
    "accept-language",
    "x-road-userid",
    "x-road-issue",
)

# Provider response headers not passed back: hop-by-hop, re-computed, or the bus's own.
_DROPPED_RESPONSE_HEADERS = frozenset(
    {
        "connection",
        "keep-alive",
        "proxy-authenticate",
        "proxy-connection",
        "te",
        "trailer",
        "transfer-encoding",
        "upgrade",
        "content-length",
        "content-encoding",
        "date",
        "server",
    }
)


@dataclass(frozen=True, slots=True)
class ProviderAnswer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    @property
    def content_type(self) -> str | None:
        for name, value in self.headers:
            if name.lower() == "content-type":
                return value
        return None


def passthrough_headers(response: httpx.Response) -> list[tuple[str, str]]:
    return [
        (name, value)
        for name, value in response.headers.multi_items()
        if name.lower() not in _DROPPED_RESPONSE_HEADERS and not name.lower().startswith("x-road-")
    ]


async def call_provider(
    client: httpx.AsyncClient,
    *,
    method: str,
    url: str,
    body: bytes,
    headers: dict[str, str],
    timeout: float,
    service: str,
) -> ProviderAnswer:
    """The provider's answer, whatever its status; 504 envelope on timeout, 502 if unreachable."""
    try:
        async with asyncio.timeout(timeout):
            response = await client.request(
                method, url, content=body, headers=headers, timeout=timeout
            )
    except (TimeoutError, httpx.TimeoutException):
        raise errors.provider_timeout(service, timeout) from None
    except (httpx.HTTPError, httpx.InvalidURL, OSError):
        raise errors.provider_io_error(service) from None
    return ProviderAnswer(response.status_code, passthrough_headers(response), response.content)
