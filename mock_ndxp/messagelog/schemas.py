"""Wire format of ``GET /admin/message-log``."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class LogEntryOut(BaseModel):
    model_config = ConfigDict(
        from_attributes=True,
        json_schema_extra={
            "examples": [
                {
                    "id": 42,
                    "at": "2026-03-01T02:03:04.123456Z",
                    "message_id": "8f0c3f0e-2a55-4f57-9d2b-5b3f3c9a8b11",
                    "request_id": "4b1b6f3c-6a0e-4a7e-8d7c-2f7e9d0c1a22",
                    "client": "VN/GOV/BNV/CSDLCBCCVC",
                    "service": "VN/GOV/BCA/CSDLQGDC/XacThucCongDan",
                    "method": "POST",
                    "path": "/",
                    "status": 200,
                    "error_type": None,
                    "fault": "latency=200",
                    "duration_ms": 231.5,
                    "request_hash": "z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H…",
                    "response_hash": "J2Kq2cT9VbXeyLWnJgcSJ0Qy1S9B/Ec8VvZ1yF+K4…",
                    "request_bytes": 812,
                    "response_bytes": 1204,
                }
            ]
        },
    )

    id: int
    at: datetime
    message_id: str = Field(description="`X-Road-Id` of the exchange.")
    request_id: str = Field(description="`X-Road-Request-Id` the bus made.")
    client: str | None
    service: str | None
    method: str
    path: str = Field(description="Service-relative path; risky segments masked, query names only.")
    status: int
    error_type: str | None = Field(description="The bus's own error type, if it answered itself.")
    fault: str | None = Field(description="Injected faults that fired.")
    duration_ms: float
    request_hash: str = Field(description="base64 SHA-512 of the request body.")
    response_hash: str | None = Field(description="base64 SHA-512 of the response body.")
    request_bytes: int
    response_bytes: int


class LogPage(BaseModel):
    entries: list[LogEntryOut] = Field(description="Newest first.")
    next_before: int | None = Field(
        description="Pass as `before` to get the next (older) page; null on the last page."
    )
