"""The bus's own records: members (with credentials), access rights, tokens, message log.

The message log keeps metadata and SHA-512 hashes only, never a body (no personal data).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ccvc.db import Base


class Member(Base):
    """A member subsystem (`INSTANCE/CLASS/MEMBER/SUBSYSTEM`) that may call the bus."""

    __tablename__ = "ndxp_members"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    secret_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16), default="member")
    created_at: Mapped[datetime]
    disabled_at: Mapped[datetime | None]


class AccessRight(Base):
    """Right of a client subsystem to a service, or to one endpoint (method + path) of it."""

    __tablename__ = "ndxp_access_rights"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client_id: Mapped[str] = mapped_column(ForeignKey("ndxp_members.id"), index=True)
    service_id: Mapped[str] = mapped_column(String(250))
    method: Mapped[str | None] = mapped_column(String(10))
    path: Mapped[str | None] = mapped_column(String(200))
    granted_at: Mapped[datetime]


class MemberToken(Base):
    __tablename__ = "ndxp_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("ndxp_members.id"), index=True)
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class MessageLogEntry(Base):
    __tablename__ = "ndxp_message_log"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    at: Mapped[datetime] = mapped_column(index=True)
    message_id: Mapped[str] = mapped_column(String(100))
    request_id: Mapped[str] = mapped_column(String(36), index=True)
    client: Mapped[str | None] = mapped_column(String(200), index=True)
    service: Mapped[str | None] = mapped_column(String(250), index=True)
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(300))
    status: Mapped[int] = mapped_column(Integer)
    error_type: Mapped[str | None] = mapped_column(String(100))
    fault: Mapped[str | None] = mapped_column(String(100))
    duration_ms: Mapped[float] = mapped_column(Float)
    request_hash: Mapped[str] = mapped_column(String(100))
    response_hash: Mapped[str | None] = mapped_column(String(100))
    request_bytes: Mapped[int] = mapped_column(Integer)
    response_bytes: Mapped[int] = mapped_column(Integer)
