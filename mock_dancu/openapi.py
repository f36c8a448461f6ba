"""OpenAPI documentation helpers: the problem+json error responses of every endpoint."""

from __future__ import annotations

from typing import Any

from ccvc.problems import PROBLEM_MEDIA_TYPE, ProblemDetails

_EXAMPLES: dict[int, tuple[str, dict[str, Any]]] = {
    403: (
        "Not called through the NDXP bus / Không gọi qua nền tảng NDXP",
        {
            "type": "https://ccvc-sandbox.example/problems/bus-only",
            "title": "Only reachable through the NDXP bus",
            "title_vi": "Chỉ truy cập qua nền tảng NDXP",
            "status": 403,
            "code": "bus-only",
        },
    ),
    404: (
        "Not found / Không tìm thấy",
        {
            "type": "https://ccvc-sandbox.example/problems/citizen-not-found",
            "title": "No such citizen in the population database",
            "title_vi": "Không có công dân này trong CSDLQG về dân cư",
            "status": 404,
            "code": "citizen-not-found",
        },
    ),
    413: (
        "Too many items in one request / Quá nhiều mục trong một yêu cầu",
        {
            "type": "https://ccvc-sandbox.example/problems/batch-too-large",
            "title": "Too many items in one request",
            "title_vi": "Quá nhiều mục trong một yêu cầu",
            "status": 413,
            "code": "batch-too-large",
            "detail": "DanhSach: at most 1000 items / tối đa 1000 mục",
            "field": "DanhSach",
            "limit": 1000,
        },
    ),
    422: (
        "Invalid request; the problem names the field / Yêu cầu không hợp lệ",
        {
            "type": "https://ccvc-sandbox.example/problems/validation-error",
            "title": "The request is not valid",
            "title_vi": "Yêu cầu không hợp lệ",
            "status": 422,
            "code": "validation-error",
            "detail": "limit: Input should be less than or equal to 1000",
            "errors": [
                {
                    "field": "limit",
                    "reason": "less_than_equal",
                    "message": "Input should be less than or equal to 1000",
                }
            ],
        },
    ),
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The `responses=` entry documenting these error statuses as problem+json."""
    schema = ProblemDetails.model_json_schema()
    return {
        status: {
            "description": _EXAMPLES[status][0],
            "content": {PROBLEM_MEDIA_TYPE: {"schema": schema, "example": _EXAMPLES[status][1]}},
        }
        for status in statuses
    }
