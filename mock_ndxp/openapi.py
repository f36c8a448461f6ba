"""The bus's OpenAPI, completed: every error it answers is the X-Road envelope, with its schema
and an example (Vietnamese `message_vi` included); FastAPI's default 422 is replaced by the
400 `Client.BadRequest` the bus really answers for invalid input; operator endpoints document
their 401/403. `/oauth/token` keeps its RFC 6749 errors as documented by its route."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, Field

from mock_ndxp import errors

EXAMPLE_ID = "3f9c8d2e-5b7a-4c1e-9f0a-2d6b8e4c7a91"
SERVICE = "VN/GOV/BCA/CSDLQGDC/XacThucCongDan"


class ErrorEnvelope(BaseModel):
    """An error of the bus itself (X-Road REST r1), with header `X-Road-Error: <type>`."""

    type: str = Field(examples=["Server.ServerProxy.UnknownService"])
    message: str
    message_vi: str
    detail: str = Field(description="The exchange's X-Road-Request-Id (or a fresh UUID).")


EXAMPLES: dict[str, errors.XRoadError] = {
    "400": errors.bad_request(
        "Invalid request: limit: Input should be less than or equal to 1000",
        "Yêu cầu không hợp lệ: limit: Input should be less than or equal to 1000",
    ),
    "401": errors.unauthorized(
        "The access token has expired", "Mã truy cập đã hết hạn", token_given=True
    ),
    "403": errors.access_denied(SERVICE),
    "404": errors.unknown_service(SERVICE),
    "413": errors.body_too_large(10 * 1024 * 1024),
    "429": errors.rate_limited(2),
    "500": errors.internal_error(),
    "502": errors.provider_io_error(SERVICE),
    "503": errors.service_unavailable(SERVICE, 1),
    "504": errors.provider_timeout(SERVICE, 10.0),
}


def complete_openapi(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        schema.setdefault("components", {}).setdefault("schemas", {})["ErrorEnvelope"] = (
            ErrorEnvelope.model_json_schema()
        )
        for path, operations in schema["paths"].items():
            if path == "/oauth/token":
                continue
            for operation in operations.values():
                _complete(operation, admin=path.startswith("/admin/"))
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _complete(operation: dict[str, Any], *, admin: bool) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    if responses.pop("422", None) is not None:
        responses.setdefault("400", {"description": "Client.BadRequest: invalid parameters"})
    if admin:
        responses.setdefault("401", {"description": "Client.Unauthorized"})
        responses.setdefault("403", {"description": "Server.ServerProxy.AccessDenied: operators"})
    for status, response in responses.items():
        if status[0] not in "45" or status not in EXAMPLES or "content" in response:
            continue  # (a route that documents its own body, e.g. /healthz's 503, keeps it)
        example = EXAMPLES[status]
        if admin and status == "403":
            example = errors.operator_required()
        response["content"] = {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/ErrorEnvelope"},
                "example": example.body(EXAMPLE_ID),
            }
        }
