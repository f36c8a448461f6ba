"""Sandbox VNeID tokens: the population DB issues them to a citizen, the gateway verifies them.

A stand-in for the national electronic identity (VNeID, định danh điện tử): an HMAC-SHA256
signed token carrying the personal number and an expiry. Real VNeID is an identity provider
with its own keys; here issuer and verifier share `CCVC_VNEID_SECRET`. Sandbox only.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

ISSUER = "vneid-sandbox"


class InvalidVneidToken(Exception):
    pass


@dataclass(frozen=True, slots=True)
class VneidIdentity:
    person_id: str
    expires_at: datetime


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(secret: str, payload: str) -> str:
    return _b64(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).digest())


def issue(*, secret: str, person_id: str, now: datetime, ttl: timedelta) -> str:
    claims = {"iss": ISSUER, "sub": person_id, "exp": int((now + ttl).timestamp())}
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    return f"vneid.{payload}.{_sign(secret, payload)}"


def verify(*, secret: str, token: str, now: datetime) -> VneidIdentity:
    prefix, _, rest = token.partition(".")
    payload, _, signature = rest.partition(".")
    if prefix != "vneid" or not payload or not signature:
        raise InvalidVneidToken("not a VNeID sandbox token")
    if not hmac.compare_digest(_sign(secret, payload), signature):
        raise InvalidVneidToken("bad signature")
    try:
        claims = json.loads(_unb64(payload))
        person_id = str(claims["sub"])
        expires_at = datetime.fromtimestamp(int(claims["exp"]), UTC)
    except (ValueError, KeyError, TypeError) as exc:
        raise InvalidVneidToken("malformed claims") from exc
    if claims.get("iss") != ISSUER:
        raise InvalidVneidToken("unknown issuer")
    if expires_at <= now:
        raise InvalidVneidToken("expired")
    return VneidIdentity(person_id=person_id, expires_at=expires_at)
