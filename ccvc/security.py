"""Secrets and tokens: client secrets hashed with argon2, bearer tokens stored as SHA-256."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# Lighter than argon2-cffi's default (64 MiB, 3 passes) so token issuance stays quick on a
# 2-core sandbox, still memory-hard (RFC 9106 low-memory profile is 64 MiB; this is 19 MiB,
# OWASP's minimum recommendation for argon2id).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)


def new_secret(nbytes: int = 32) -> str:
    return secrets.token_urlsafe(nbytes)


def new_client_id(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(6)}"


def hash_secret(secret: str) -> str:
    return _hasher.hash(secret)


def verify_secret(secret_hash: str, secret: str) -> bool:
    try:
        return _hasher.verify(secret_hash, secret)
    except (VerificationError, InvalidHashError):
        return False


def token_digest(token: str) -> str:
    """Tokens are random and long, so a fast hash is enough to keep them unusable if leaked."""
    return hashlib.sha256(token.encode()).hexdigest()


def fingerprint(value: str) -> str:
    """Short, non-reversible tag of a personal value, for logs that must correlate without PII."""
    return hashlib.sha256(value.encode()).hexdigest()[:12]
