"""Gateway credentials: OAuth2 client-credentials clients (agency or operator) and tokens."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ccvc.db import Base
from gateway.agencies import models as _agencies  # noqa: F401  (agencies.code is a FK target)


class Role(StrEnum):
    AGENCY = "agency"
    OPERATOR = "operator"


class ApiClient(Base):
    __tablename__ = "api_clients"

    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    agency_code: Mapped[str | None] = mapped_column(ForeignKey("agencies.code"), index=True)
    label: Mapped[str | None] = mapped_column(String(100))
    created_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class AccessToken(Base):
    __tablename__ = "access_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("api_clients.client_id"), index=True)
    scope: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class IssuedCredentials(BaseModel):
    client_id: str
    client_secret: str
    role: Role
    agency_code: str | None = None


class TokenResponse(BaseModel):
    access_token: str
    token_type: str = Field(default="Bearer")
    expires_in: int = Field(examples=[3600])
    scope: str = Field(examples=["batches:write records:read"])
