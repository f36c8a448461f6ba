"""The gateway's published contract: FastAPI's OpenAPI, completed so that a vendor can build
against it alone.

- every error answer is `application/problem+json` with the `Problem` schema and an example
  carrying its Vietnamese `title_vi`; authenticated operations document 401 and 429, operations
  with identifiers in the path 404, FastAPI's own 422 is replaced by ours;
- OAuth2 client credentials as the security scheme of the authenticated operations;
- real examples, recorded from a vendor's journey through the sandbox
  (`python -m tests.support.record_examples` → `examples.json`), on request bodies and on each
  documented status. `tests/test_openapi_contract.py` keeps them complete and valid.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any, TypedDict

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from ccvc.problems import PROBLEM_BASE, PROBLEM_MEDIA_TYPE, ProblemDetails
from gateway.auth.dependencies import current_principal

EXAMPLES_PATH = Path(__file__).with_name("examples.json")
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


class RecordedResponse(TypedDict):
    media_type: str
    body: Any


class Example(TypedDict):
    request: Any
    responses: dict[str, RecordedResponse]


# status → (code, English, Vietnamese): the generic answer when none was recorded
ERRORS: dict[str, tuple[str, str, str]] = {
    "400": ("bad-request", "The request is malformed", "Yêu cầu không đúng định dạng"),
    "401": (
        "unauthorized",
        "A valid bearer access token is required (POST /v1/oauth/token)",
        "Cần mã truy cập hợp lệ (POST /v1/oauth/token)",
    ),
    "403": ("forbidden", "This role may not do this", "Vai trò này không được phép thực hiện"),
    "404": ("not-found", "Not found", "Không tìm thấy"),
    "409": (
        "idempotency-key-in-flight",
        "A request with this Idempotency-Key is still being processed",
        "Yêu cầu với Idempotency-Key này vẫn đang được xử lý",
    ),
    "412": (
        "precondition-failed",
        "The record changed since you read it",
        "Hồ sơ đã thay đổi kể từ lần đọc trước",
    ),
    "413": ("payload-too-large", "Request body too large", "Nội dung yêu cầu quá lớn"),
    "415": (
        "unsupported-media-type",
        "This file type is not accepted",
        "Không chấp nhận loại tệp này",
    ),
    "422": ("validation-error", "The request has invalid fields", "Yêu cầu có trường không hợp lệ"),
    "428": (
        "if-match-required",
        "Send If-Match with the record's ETag to change it",
        "Cần gửi If-Match với ETag của hồ sơ để sửa",
    ),
    "429": ("rate-limited", "Too many requests from this client", "Ứng dụng gửi quá nhiều yêu cầu"),
    "503": (
        "service-unavailable",
        "Temporarily unavailable: retry after Retry-After seconds",
        "Tạm thời không phục vụ: thử lại sau số giây của Retry-After",
    ),
}


@cache
def recorded_examples() -> dict[str, Example]:
    if not EXAMPLES_PATH.exists():
        return {}
    examples: dict[str, Example] = json.loads(EXAMPLES_PATH.read_text(encoding="utf-8"))
    return examples


def generic_problem(status: str) -> dict[str, Any]:
    code, title, title_vi = ERRORS.get(status, ("error", "Error", "Lỗi"))
    return {
        "type": PROBLEM_BASE + code,
        "title": title,
        "title_vi": title_vi,
        "status": int(status),
        "code": code,
    }


def _depends_on(dependant: Dependant, target: object) -> bool:
    return any(d.call is target or _depends_on(d, target) for d in dependant.dependencies)


def _ensure(responses: dict[str, Any], status: str) -> None:
    responses.setdefault(status, {"description": ERRORS[status][1]})


def _complete_operation(
    operation: dict[str, Any], *, authenticated: bool, has_path_ids: bool, example: Example | None
) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    if authenticated:
        operation["security"] = [{"oauth2": []}]
        _ensure(responses, "401")
        _ensure(responses, "429")
    if has_path_ids:
        _ensure(responses, "404")
    recorded = example["responses"] if example else {}
    success = next((r for s, r in sorted(responses.items()) if s.startswith("2")), None)
    for status in recorded:
        if status.startswith("2") and status not in responses and success is not None:
            responses[status] = {**success, "description": "Created" if status == "201" else ""}
    for status, response in responses.items():
        if not response.get("description"):
            response["description"] = ERRORS.get(status, ("", "OK", ""))[1]
        if status[0] in "45":
            body = recorded[status]["body"] if status in recorded else generic_problem(status)
            response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": PROBLEM_REF, "example": body}}
        elif status in recorded:
            media = recorded[status]["media_type"]
            content = response.setdefault("content", {})
            target = content.get(media) or next(iter(content.values()), None)
            if target is None:
                target = content.setdefault(media, {})
            target.setdefault("example", recorded[status]["body"])
    body = operation.get("requestBody", {}).get("content", {}).get("application/json")
    if body is not None and example and example["request"] is not None:
        body.setdefault("example", example["request"])


def complete_openapi(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = generate()
        components = schema.setdefault("components", {})
        components.setdefault("schemas", {})["Problem"] = ProblemDetails.model_json_schema()
        components["securitySchemes"] = {
            "oauth2": {
                "type": "oauth2",
                "description": "Client credentials from `ccvc credentials issue --agency CODE`.",
                "flows": {"clientCredentials": {"tokenUrl": "/v1/oauth/token", "scopes": {}}},
            }
        }
        examples = recorded_examples()
        # FastAPI ≥ 0.16x keeps included routers as wrappers: walk their effective routes
        for route in iter_route_contexts(app.routes):
            if not isinstance(route.original_route, APIRoute) or not route.include_in_schema:
                continue
            path = route.path_format or ""
            for method in sorted(route.methods or ()):
                operation = schema["paths"].get(path, {}).get(method.lower())
                if operation is None:
                    continue
                _complete_operation(
                    operation,
                    authenticated=_depends_on(route.dependant, current_principal),
                    has_path_ids="{" in path,
                    example=examples.get(f"{method} {path}"),
                )
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
