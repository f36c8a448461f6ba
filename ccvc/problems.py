"""The one error type of the gateway and the population DB: RFC 9457 problem details.

Raise `Problem(...)` anywhere; `install_problem_handlers` turns it, FastAPI's validation
errors and any unexpected exception into `application/problem+json` (never a stack trace).
Messages carry Vietnamese and English (`title` in English, `title_vi` in Vietnamese).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import DisconnectionError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_BASE = "https://ccvc-sandbox.example/problems/"

log = structlog.get_logger("ccvc.problems")

PROBLEM_CONTENT: dict[str, Any] = {"content": {PROBLEM_MEDIA_TYPE: {}}}
"""For `responses=`: an error answered as problem details (the schema is added by the
gateway's OpenAPI completion, `gateway.openapi`)."""


class ProblemDetails(BaseModel):
    """RFC 9457 problem details, as every error of the sandbox is answered."""

    model_config = ConfigDict(extra="allow", title="Problem")

    type: str = Field(examples=["https://ccvc-sandbox.example/problems/not-found"])
    title: str = Field(description="In English.", examples=["Not found"])
    title_vi: str | None = Field(default=None, description="In Vietnamese.")
    status: int
    code: str = Field(description="Stable machine-readable code (the end of `type`).")
    detail: str | None = None
    instance: str | None = None
    errors: list[dict[str, str]] | None = Field(
        default=None, description="Validation errors: `field`, `reason`, `message` each."
    )


class Problem(Exception):
    """An error the client should see, as RFC 9457 problem details."""

    def __init__(
        self,
        status: int,
        code: str,
        title: str,
        *,
        title_vi: str | None = None,
        detail: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.code = code
        self.title = title
        self.title_vi = title_vi
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra

    def body(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": PROBLEM_BASE + self.code,
            "title": self.title,
            "status": self.status,
            "code": self.code,
        }
        if self.title_vi:
            body["title_vi"] = self.title_vi
        if self.detail:
            body["detail"] = self.detail
        if instance:
            body["instance"] = instance
        body.update(self.extra)
        return body


def not_found() -> Problem:
    """The one 404 for anything a caller may not see: another agency's resource answers exactly
    as a missing one does, so existence never leaks."""
    return Problem(404, "not-found", "Not found", title_vi="Không tìm thấy")


def problem_response(problem: Problem, request: Request | None = None) -> JSONResponse:
    instance = request.url.path if request is not None else None
    return JSONResponse(
        problem.body(instance),
        status_code=problem.status,
        media_type=PROBLEM_MEDIA_TYPE,
        headers=problem.headers,
    )


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    """`("body", "records", 3, "full_name")` → `records.3.full_name`; an empty key shows as `""`."""
    parts = (
        [str(p) if str(p) else '""' for p in loc[1:]]
        if loc[:1] == ("body",)
        else [str(p) if str(p) else '""' for p in loc]
    )
    return ".".join(parts) if parts else "body"


def validation_problem(errors: list[dict[str, Any]]) -> Problem:
    """422 naming every field and the reason, from pydantic's error list."""
    items = [
        {
            "field": _location(err.get("loc", ())),
            "reason": err.get("type", "invalid"),
            "message": err.get("msg", "invalid value"),
        }
        for err in errors
    ]
    first = items[0] if items else {"field": "body", "message": "invalid"}
    return Problem(
        422,
        "validation-error",
        "The request is not valid",
        title_vi="Yêu cầu không hợp lệ",
        detail=f"{first['field']}: {first['message']}",
        errors=items,
    )


def install_problem_handlers(app: FastAPI) -> None:
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> JSONResponse:
        return problem_response(exc, request)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [dict(e) for e in exc.errors()]
        for err in errors:
            err.pop("input", None)  # never echo submitted (possibly personal) data
            err.pop("ctx", None)
        return problem_response(validation_problem(errors), request)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        phrase = (
            HTTPStatus(exc.status_code).phrase
            if exc.status_code in HTTPStatus._value2member_map_
            else "Error"
        )
        code = phrase.lower().replace(" ", "-")
        detail = exc.detail if isinstance(exc.detail, str) and exc.detail != phrase else None
        problem = Problem(
            exc.status_code, code, phrase, detail=detail, headers=dict(exc.headers or {})
        )
        return problem_response(problem, request)

    @app.exception_handler(OperationalError)
    @app.exception_handler(DisconnectionError)
    async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
        # a dropped connection, a restarting server, a lock wait that ran out: nothing of the
        # request was applied (its transaction rolled back) and a retry will do
        route = getattr(request.scope.get("route"), "path", "<unmatched>")
        log.warning("database_unavailable", route=route, error_type=type(exc).__name__)
        problem = Problem(
            503,
            "database-unavailable",
            "The database is briefly unavailable; the request was not applied, retry it",
            title_vi="Cơ sở dữ liệu tạm thời không sẵn sàng; yêu cầu chưa được thực hiện, "
            "hãy gửi lại",
            headers={"Retry-After": "1"},
        )
        return problem_response(problem, request)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        # the route template, never the path: paths can carry personal numbers
        route = getattr(request.scope.get("route"), "path", "<unmatched>")
        log.error("unhandled_error", route=route, error_type=type(exc).__name__)
        problem = Problem(
            500,
            "internal-error",
            "Internal error; the request was not applied",
            title_vi="Lỗi nội bộ; yêu cầu chưa được thực hiện",
        )
        return problem_response(problem, request)
