"""Provider authentication: the service endpoints answer only the NDXP bus.

The bus presents the shared secret `settings.ndxp_provider_secret` in the header
`X-NDXP-Provider-Token` (compared in constant time). The sandbox endpoints need nothing.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Request, Response, Security
from fastapi.routing import APIRoute
from fastapi.security import APIKeyHeader

from ccvc.deps import SettingsDep
from ccvc.problems import Problem
from ccvc.settings import Settings

PROVIDER_TOKEN_HEADER = "X-NDXP-Provider-Token"

provider_token = APIKeyHeader(
    name=PROVIDER_TOKEN_HEADER,
    scheme_name="NdxpProviderToken",
    description="Shared secret presented by the NDXP bus; callers never reach the provider "
    "directly. / Khóa bí mật do nền tảng NDXP xuất trình.",
    auto_error=False,
)


def require_bus(
    settings: SettingsDep, token: Annotated[str | None, Security(provider_token)]
) -> None:
    expected = settings.ndxp_provider_secret.encode()
    if token is None or not hmac.compare_digest(token.encode(), expected):
        raise Problem(
            403,
            "bus-only",
            "Only reachable through the NDXP bus",
            title_vi="Chỉ truy cập qua nền tảng NDXP",
            detail="Call this service through the NDXP bus (X-Road REST r1) "
            "/ Hãy gọi dịch vụ này qua nền tảng NDXP",
        )


class BusOnlyRoute(APIRoute):
    """A route that refuses callers without the provider token *before* reading the body,
    so an outsider gets 403 even for a malformed body (FastAPI parses JSON before running
    dependencies). `require_bus` stays on the routes to document the scheme in OpenAPI."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def bus_only(request: Request) -> Response:
            settings: Settings = request.app.state.settings
            require_bus(settings, request.headers.get(PROVIDER_TOKEN_HEADER))
            return await handler(request)

        return bus_only
