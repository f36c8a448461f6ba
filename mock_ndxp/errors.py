"""The bus's own errors, as X-Road REST (r1) error envelopes; OAuth2 errors for `/oauth/token`.

Every error the bus itself produces has the body ``{"type", "message", "message_vi", "detail"}``
(``detail`` is a UUID: on service calls the exchange's ``X-Road-Request-Id``, so the message-log
entry can be found) and the header ``X-Road-Error: <type>``. Provider responses are never wrapped.

X-Road answers every ``Client.*`` error with 400 and every ``Server.*`` error with 500; this bus is
modelled on the NDXP front door, which uses precise HTTP statuses instead:

======  ==============================================  ===========================================
status  type                                            when
======  ==============================================  ===========================================
400     ``Client.BadRequest``                           malformed service path, bad fault spec,
                                                        bad query/body on the bus's own endpoints
400     ``Client.InvalidClientIdentifier``              ``X-Road-Client`` missing or malformed
401     ``Client.Unauthorized``                         bearer token missing, unknown or expired
403     ``Client.InvalidClientIdentifier``              ``X-Road-Client`` is not the token's member
403     ``Server.ServerProxy.AccessDenied``             no access right to the service (or not an
                                                        operator, on ``/admin/*``)
404     ``Server.ServerProxy.UnknownService``           unknown provider or service
404     ``Client.BadRequest``                           no such bus endpoint
405     ``Client.BadRequest``                           method not allowed on a bus endpoint
413     ``Client.BadRequest``                           body over ``ndxp_max_body_bytes``
429     ``Server.ServerProxy.RateLimited``              member over its rate (``Retry-After`` set);
                                                        named after the enforcement point, the
                                                        provider-side proxy, like ``AccessDenied``
500     ``Server.ServerProxy.InternalError``            anything unexpected (never a stack trace)
502     ``Server.ServerProxy.ServiceFailed.IOError``    provider unreachable or its answer unusable
503     ``Server.ServerProxy.ServiceUnavailable``       provider unavailable (``Retry-After`` set)
504     ``Server.ServerProxy.ServiceFailed.ReadTimeout``  provider silent past the service timeout
======  ==============================================  ===========================================
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from http import HTTPStatus

import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = structlog.get_logger("mock_ndxp.errors")

ERROR_HEADER = "X-Road-Error"


class ErrorType(StrEnum):
    BAD_REQUEST = "Client.BadRequest"
    INVALID_CLIENT_IDENTIFIER = "Client.InvalidClientIdentifier"
    UNAUTHORIZED = "Client.Unauthorized"
    ACCESS_DENIED = "Server.ServerProxy.AccessDenied"
    UNKNOWN_SERVICE = "Server.ServerProxy.UnknownService"
    RATE_LIMITED = "Server.ServerProxy.RateLimited"
    SERVICE_UNAVAILABLE = "Server.ServerProxy.ServiceUnavailable"
    IO_ERROR = "Server.ServerProxy.ServiceFailed.IOError"
    READ_TIMEOUT = "Server.ServerProxy.ServiceFailed.ReadTimeout"
    INTERNAL_ERROR = "Server.ServerProxy.InternalError"


class XRoadError(Exception):
    """An error of the bus itself, answered with the X-Road envelope."""

    def __init__(
        self,
        status: int,
        type_: ErrorType,
        message: str,
        message_vi: str,
        *,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.type = type_
        self.message = message
        self.message_vi = message_vi
        self.headers = headers or {}

    def body(self, detail: str) -> dict[str, str]:
        return {
            "type": str(self.type),
            "message": self.message,
            "message_vi": self.message_vi,
            "detail": detail,
        }


def error_response(
    error: XRoadError, detail: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The envelope response; `headers` (e.g. the X-Road-* echo) go before the error's own."""
    all_headers = dict(headers or {})
    all_headers.update(error.headers)
    all_headers[ERROR_HEADER] = str(error.type)
    return JSONResponse(
        error.body(detail or str(uuid.uuid4())), status_code=error.status, headers=all_headers
    )


# --- the errors, one constructor each ------------------------------------------------------


def bad_request(message: str, message_vi: str) -> XRoadError:
    return XRoadError(400, ErrorType.BAD_REQUEST, message, message_vi)


def unauthorized(reason: str, reason_vi: str, *, token_given: bool) -> XRoadError:
    challenge = 'Bearer realm="ndxp"'
    if token_given:
        challenge += ', error="invalid_token"'
    return XRoadError(
        401, ErrorType.UNAUTHORIZED, reason, reason_vi, headers={"WWW-Authenticate": challenge}
    )


def missing_client_header() -> XRoadError:
    return XRoadError(
        400,
        ErrorType.INVALID_CLIENT_IDENTIFIER,
        "The X-Road-Client header is missing or malformed "
        "(expected INSTANCE/CLASS/MEMBER/SUBSYSTEM)",
        "Thiếu hoặc sai định dạng header X-Road-Client (INSTANCE/CLASS/MEMBER/SUBSYSTEM)",
    )


def client_mismatch(claimed: str) -> XRoadError:
    return XRoadError(
        403,
        ErrorType.INVALID_CLIENT_IDENTIFIER,
        f"Client {claimed} is not the member the access token was issued to",
        f"Thành viên {claimed} không phải là thành viên được cấp mã truy cập",
    )


def unknown_service(service: str) -> XRoadError:
    return XRoadError(
        404,
        ErrorType.UNKNOWN_SERVICE,
        f"Unknown service: SERVICE:{service}",
        f"Dịch vụ không tồn tại: SERVICE:{service}",
    )


def access_denied(service: str) -> XRoadError:
    return XRoadError(
        403,
        ErrorType.ACCESS_DENIED,
        f"Request is not allowed: SERVICE:{service}",
        f"Không được phép gọi dịch vụ: SERVICE:{service}",
    )


def operator_required() -> XRoadError:
    return XRoadError(
        403,
        ErrorType.ACCESS_DENIED,
        "Only a bus operator may use this endpoint",
        "Chỉ đơn vị vận hành nền tảng được dùng chức năng này",
    )


def body_too_large(limit: int) -> XRoadError:
    return XRoadError(
        413,
        ErrorType.BAD_REQUEST,
        f"Request body exceeds the limit of {limit} bytes",
        f"Nội dung yêu cầu vượt quá giới hạn {limit} byte",
    )


def rate_limited(retry_after: int) -> XRoadError:
    return XRoadError(
        429,
        ErrorType.RATE_LIMITED,
        f"Too many requests; retry after {retry_after} s",
        f"Quá nhiều yêu cầu; thử lại sau {retry_after} giây",
        headers={"Retry-After": str(retry_after)},
    )


def service_unavailable(service: str, retry_after: int) -> XRoadError:
    return XRoadError(
        503,
        ErrorType.SERVICE_UNAVAILABLE,
        f"Service SERVICE:{service} is temporarily unavailable; retry after {retry_after} s",
        f"Dịch vụ SERVICE:{service} tạm thời không khả dụng; thử lại sau {retry_after} giây",
        headers={"Retry-After": str(retry_after)},
    )


def provider_io_error(service: str) -> XRoadError:
    return XRoadError(
        502,
        ErrorType.IO_ERROR,
        f"Could not reach the provider of SERVICE:{service}",
        f"Không kết nối được tới đơn vị cung cấp dịch vụ SERVICE:{service}",
    )


def provider_timeout(service: str, seconds: float) -> XRoadError:
    return XRoadError(
        504,
        ErrorType.READ_TIMEOUT,
        f"Read timed out: the provider of SERVICE:{service} did not answer within {seconds:g} s",
        f"Hết thời gian chờ: đơn vị cung cấp SERVICE:{service} "
        f"không trả lời trong {seconds:g} giây",
    )


def internal_error() -> XRoadError:
    return XRoadError(
        500,
        ErrorType.INTERNAL_ERROR,
        "Internal error of the bus; the request was not completed",
        "Lỗi nội bộ của nền tảng; yêu cầu chưa được thực hiện",
    )


# --- OAuth2 (RFC 6749 section 5.2) ------------------------------------------------------------


class OAuthError(Exception):
    """An RFC 6749 token-endpoint error (`error_description` is ASCII English, as required)."""

    def __init__(self, status: int, error: str, description: str, description_vi: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description
        self.description_vi = description_vi

    def body(self) -> dict[str, str]:
        return {
            "error": self.error,
            "error_description": self.description,
            "error_description_vi": self.description_vi,
        }

    def response(self) -> JSONResponse:
        headers = {"Cache-Control": "no-store", "Pragma": "no-cache"}
        if self.status == 401:
            headers["WWW-Authenticate"] = 'Basic realm="ndxp"'
        return JSONResponse(self.body(), status_code=self.status, headers=headers)


# --- handlers -------------------------------------------------------------------------------


def install_error_handlers(app: FastAPI) -> None:
    """Every error leaving the bus is an envelope (or an RFC 6749 error): never a stack trace."""

    @app.exception_handler(XRoadError)
    async def _xroad(_request: Request, exc: XRoadError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(OAuthError)
    async def _oauth(_request: Request, exc: OAuthError) -> JSONResponse:
        return exc.response()

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = []
        for err in exc.errors():
            loc = [str(p) for p in err.get("loc", ()) if p != "body"]
            fields.append(f"{'.'.join(loc) or 'body'}: {err.get('msg', 'invalid')}")
        summary = "; ".join(fields) or "invalid request"
        return error_response(
            bad_request(f"Invalid request: {summary}", f"Yêu cầu không hợp lệ: {summary}")
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        phrase = (
            HTTPStatus(exc.status_code).phrase
            if exc.status_code in HTTPStatus._value2member_map_
            else "Error"
        )
        error = XRoadError(
            exc.status_code,
            ErrorType.BAD_REQUEST if exc.status_code < 500 else ErrorType.INTERNAL_ERROR,
            f"{phrase} (no such endpoint of the bus)" if exc.status_code == 404 else phrase,
            "Không có chức năng này trên nền tảng" if exc.status_code == 404 else phrase,
            headers=dict(exc.headers or {}),
        )
        return error_response(error)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.error("bus_unhandled_error", path=request.url.path, error_type=type(exc).__name__)
        return error_response(internal_error())
