"""Webhooks: endpoints an agency registers, the messages (one event for one endpoint) and
every delivery attempt — signed following the Standard Webhooks specification.

A message is written in the same transaction as the change it announces (a batch completing,
a record rejected, a self-update awaiting confirmation): nothing announced is lost, and nothing
is announced that did not happen. Its `event_id` is the `webhook-id` header, the same on every
retry, so a receiver deduplicates by it.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ccvc.db import Base


class EventType(StrEnum):
    BATCH_COMPLETED = "batch.completed"
    RECORD_REJECTED = "record.rejected"
    CONFIRMATION_NEEDED = "self_update.confirmation_needed"
    SANDBOX_TEST = "sandbox.test"


class MessageStatus(StrEnum):
    PENDING = "pending"  # waiting for its (next) attempt
    DELIVERED = "delivered"  # the endpoint answered 2xx
    FAILED = "failed"  # every retry failed (or a forged test message was refused)
    INBOX = "inbox"  # an inbox endpoint: kept to be read, never sent


class WebhookEndpoint(Base):
    __tablename__ = "webhook_endpoints"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(32), index=True)
    url: Mapped[str | None] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(80))
    event_types: Mapped[str] = mapped_column(String(400))  # space-separated
    description: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    disabled_at: Mapped[datetime | None]


class WebhookMessage(Base):
    __tablename__ = "webhook_messages"
    __table_args__ = (
        Index("ix_webhook_messages_due", "status", "next_attempt_at"),
        Index("ix_webhook_messages_agency", "agency_code", "created_at"),
    )

    event_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    endpoint_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    agency_code: Mapped[str] = mapped_column(String(32))
    type: Mapped[str] = mapped_column(String(60))
    body: Mapped[str] = mapped_column(Text)  # the exact bytes sent (UTF-8 JSON)
    forged: Mapped[bool] = mapped_column(Boolean, default=False)
    test_id: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    lease_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    delivered_at: Mapped[datetime | None]
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    verdict_valid: Mapped[bool | None] = mapped_column(Boolean)  # an inbox reader's judgement
    verdict_at: Mapped[datetime | None]


class WebhookAttempt(Base):
    __tablename__ = "webhook_attempts"
    __table_args__ = (Index("ix_webhook_attempts_endpoint", "endpoint_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(40))
    endpoint_id: Mapped[str] = mapped_column(String(40))
    number: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]
    status_code: Mapped[int | None] = mapped_column(Integer)
    error: Mapped[str | None] = mapped_column(String(200))
    duration_ms: Mapped[float]


ALL_TYPES = [t.value for t in EventType if t is not EventType.SANDBOX_TEST]


class EndpointCreate(BaseModel):
    model_config = {"extra": "forbid"}

    url: str | None = Field(
        default=None,
        max_length=2000,
        description="Where to POST events (http or https). Leave out for a built-in inbox: "
        "messages are kept, signed, for you to read instead of being sent.",
        examples=["https://hr.example.vn/ccvc/webhooks"],
    )
    event_types: list[EventType] = Field(
        default_factory=lambda: [EventType(t) for t in ALL_TYPES],
        max_length=10,
        description="Events to receive (default: all). `sandbox.test` is always delivered.",
    )
    description: str | None = Field(
        default=None, max_length=200, examples=["Phần mềm quản lý nhân sự — môi trường thử"]
    )


class EndpointRead(BaseModel):
    id: str
    agency_code: str
    url: str | None
    inbox: bool = Field(description="True: a built-in inbox (no URL); read its messages.")
    secret: str = Field(
        description="Standard Webhooks signing secret (`whsec_…`): verify each message with it."
    )
    event_types: list[str]
    description: str | None
    created_at: datetime


class MessageRead(BaseModel):
    event_id: str = Field(description="The `webhook-id` header: the same on every retry.")
    endpoint_id: str
    type: str
    status: MessageStatus
    attempts: int
    created_at: datetime
    delivered_at: datetime | None
    last_status_code: int | None
    headers: dict[str, str] = Field(
        description="The headers as they would be sent now (`webhook-timestamp` is the time "
        "of this read, so they verify for five minutes)."
    )
    body: str = Field(description="The exact body: verify the signature over these bytes.")
    payload: dict[str, Any]
    verdict_valid: bool | None = Field(
        description="For inbox test messages: what you reported after verifying."
    )


class TestSent(BaseModel):
    test_id: str
    event_ids: list[str] = Field(
        description="Two `sandbox.test` messages: one correctly signed, one forged. A "
        "receiver must accept the first (2xx) and refuse the second (4xx)."
    )


class VerdictIn(BaseModel):
    model_config = {"extra": "forbid"}

    valid: bool = Field(description="Whether the signature verified with your secret.")


class AttemptRead(BaseModel):
    event_id: str
    number: int
    at: datetime
    status_code: int | None
    error: str | None
    duration_ms: float
