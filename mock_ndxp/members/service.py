"""Member credentials and tokens (blocking database work: call from a thread in async code).

Client secrets are argon2 hashes (`ccvc.security.hash_secret`); bearer tokens are random and
stored only as their SHA-256 digest (`ccvc.security.token_digest`) with an expiry of
``settings.ndxp_token_ttl_seconds``.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ccvc.security import hash_secret, new_client_id, new_secret, token_digest, verify_secret
from mock_ndxp.catalogue import AccessRight
from mock_ndxp.models import AccessRight as AccessRightRow
from mock_ndxp.models import Member, MemberToken


class Role(StrEnum):
    MEMBER = "member"
    OPERATOR = "operator"


@dataclass(frozen=True, slots=True)
class Caller:
    """The member behind a valid bearer token, with its access rights."""

    member_id: str
    name: str
    role: str
    rights: tuple[AccessRight, ...]

    @property
    def is_operator(self) -> bool:
        return self.role == Role.OPERATOR


class TokenProblem(StrEnum):
    MISSING = "missing"
    UNKNOWN = "unknown"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class TokenCheck:
    caller: Caller | None
    problem: TokenProblem | None = None


@dataclass(frozen=True, slots=True)
class IssuedToken:
    access_token: str
    expires_in: int


@dataclass(frozen=True, slots=True)
class MemberCredentials:
    member_id: str
    client_id: str
    client_secret: str


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hash_secret(secrets.token_urlsafe(16))


def authenticate_client(session: Session, client_id: str, client_secret: str) -> Member | None:
    """The enabled member with these credentials, or None (same work either way)."""
    member = session.scalar(select(Member).where(Member.client_id == client_id))
    if member is None:
        verify_secret(_dummy_hash(), client_secret)  # keep the timing of unknown ids alike
        return None
    if not verify_secret(member.secret_hash, client_secret) or member.disabled_at is not None:
        return None
    return member


def issue_token(
    session: Session, member: Member, *, now: datetime, ttl_seconds: int
) -> IssuedToken:
    """A new bearer token for `member`; expired tokens of that member are purged."""
    session.execute(
        delete(MemberToken).where(MemberToken.member_id == member.id, MemberToken.expires_at <= now)
    )
    token = secrets.token_urlsafe(32)
    session.add(
        MemberToken(
            token_hash=token_digest(token),
            member_id=member.id,
            issued_at=now,
            expires_at=now + timedelta(seconds=ttl_seconds),
        )
    )
    session.flush()
    return IssuedToken(access_token=token, expires_in=ttl_seconds)


def rights_of(session: Session, member_id: str) -> tuple[AccessRight, ...]:
    rows = session.scalars(select(AccessRightRow).where(AccessRightRow.client_id == member_id))
    return tuple(AccessRight(r.service_id, r.method, r.path) for r in rows)


def check_token(session: Session, token: str | None, *, now: datetime) -> TokenCheck:
    """Who holds `token`: a caller, or why not."""
    if not token:
        return TokenCheck(None, TokenProblem.MISSING)
    row = session.get(MemberToken, token_digest(token))
    if row is None:
        return TokenCheck(None, TokenProblem.UNKNOWN)
    if row.expires_at <= now:
        return TokenCheck(None, TokenProblem.EXPIRED)
    member = session.get(Member, row.member_id)
    if member is None or member.disabled_at is not None:
        return TokenCheck(None, TokenProblem.UNKNOWN)
    caller = Caller(member.id, member.name, member.role, rights_of(session, member.id))
    return TokenCheck(caller)


def set_access_rights(
    session: Session, member_id: str, rights: Iterable[AccessRight], *, now: datetime
) -> None:
    """Make `rights` exactly the member's access rights (idempotent)."""
    wanted = set(rights)
    rows = list(
        session.scalars(select(AccessRightRow).where(AccessRightRow.client_id == member_id))
    )
    for row in rows:
        key = AccessRight(row.service_id, row.method, row.path)
        if key in wanted:
            wanted.discard(key)
        else:
            session.delete(row)
    for right in sorted(wanted, key=lambda r: (r.service_id, r.method or "", r.path or "")):
        session.add(
            AccessRightRow(
                client_id=member_id,
                service_id=right.service_id,
                method=right.method,
                path=right.path,
                granted_at=now,
            )
        )
    session.flush()


def issue_member_credentials(
    session: Session,
    *,
    member_id: str,
    name: str,
    now: datetime,
    role: Role = Role.MEMBER,
    rights: Iterable[AccessRight] | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
) -> MemberCredentials:
    """Create or update a member and return its credentials.

    A new secret is generated unless `client_secret` is given; an existing member keeps its
    hash when the given secret already verifies (so re-seeding is cheap and idempotent).
    `rights`, when given, become exactly the member's access rights. Does not commit.
    """
    secret = client_secret or new_secret()
    member = session.get(Member, member_id)
    wanted_client_id = client_id or (member.client_id if member else new_client_id("ndxp"))
    holder = session.scalar(select(Member).where(Member.client_id == wanted_client_id))
    if holder is not None and holder.id != member_id:
        raise ValueError(f"client id {wanted_client_id!r} already belongs to member {holder.id}")
    if member is None:
        member = Member(
            id=member_id,
            name=name,
            client_id=wanted_client_id,
            secret_hash=hash_secret(secret),
            role=str(role),
            created_at=now,
            disabled_at=None,
        )
        session.add(member)
    else:
        member.name = name
        member.client_id = wanted_client_id
        member.role = str(role)
        member.disabled_at = None
        if not verify_secret(member.secret_hash, secret):
            member.secret_hash = hash_secret(secret)
    session.flush()
    if rights is not None:
        set_access_rights(session, member_id, rights, now=now)
    return MemberCredentials(member_id=member_id, client_id=wanted_client_id, client_secret=secret)


def list_members(session: Session) -> list[Member]:
    """Enabled members, by identifier."""
    return list(
        session.scalars(select(Member).where(Member.disabled_at.is_(None)).order_by(Member.id))
    )
