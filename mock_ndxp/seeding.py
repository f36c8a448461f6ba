"""Seed the bus: the gateway's member, a sandbox test member and a bus operator.

`seed_bus` is idempotent (``ccvc seed`` and ``ccvc up`` call it on every start): members are
created or updated, secrets re-hashed only when the configured secret changed, and each seeded
member's access rights are set to exactly the list below. It flushes but does not commit: the
caller owns the transaction (e.g. ``with session_scope(url) as s: seed_bus(s, settings)``).

Sandbox-only credentials (published on purpose; never use them outside the sandbox):

- ``VN/GOV/SANDBOX/KIEMTHU`` — client id ``sandbox-member``, secret ``sandbox-member-secret``;
  may call ``XacThucCongDan`` only, so a call to ``TraCuuCongDan`` shows a 403 AccessDenied.
- ``VN/GOV/BNV/NDXP-OPERATOR`` — role ``operator``, client id ``ndxp-operator``, secret
  ``sandbox-operator-secret``; reads the message log and sets runtime faults (``/admin/*``).

The gateway's member (``settings.ndxp_gateway_member``, credentials
``settings.ndxp_gateway_client_id`` / ``ndxp_gateway_client_secret``) may call both services.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from ccvc.settings import Settings
from mock_ndxp.catalogue import TRA_CUU_CONG_DAN, XAC_THUC_CONG_DAN, AccessRight, build_catalogue
from mock_ndxp.members.service import MemberCredentials, Role, issue_member_credentials

SANDBOX_MEMBER_CLIENT_ID = "sandbox-member"
SANDBOX_MEMBER_SECRET = "sandbox-member-secret"  # sandbox only, published on purpose
OPERATOR_CLIENT_ID = "ndxp-operator"
OPERATOR_SECRET = "sandbox-operator-secret"  # sandbox only, published on purpose


def sandbox_member_id(settings: Settings) -> str:
    return f"{settings.ndxp_instance}/GOV/SANDBOX/KIEMTHU"


def operator_member_id(settings: Settings) -> str:
    return f"{settings.ndxp_instance}/GOV/BNV/NDXP-OPERATOR"


@dataclass(frozen=True, slots=True)
class SeededBus:
    gateway: MemberCredentials
    sandbox: MemberCredentials
    operator: MemberCredentials


def seed_bus(session: Session, settings: Settings, *, now: datetime | None = None) -> SeededBus:
    """Create or update the bus's members and access rights (idempotent; does not commit)."""
    now = now or datetime.now(UTC)
    services = {s.id.service_code: str(s.id) for s in build_catalogue(settings).services()}
    gateway = issue_member_credentials(
        session,
        member_id=settings.ndxp_gateway_member,
        name="Bộ Nội vụ — CSDLQG về cán bộ, công chức, viên chức (CCVC gateway)",
        now=now,
        rights=[
            AccessRight(services[XAC_THUC_CONG_DAN]),
            AccessRight(services[TRA_CUU_CONG_DAN]),
        ],
        client_id=settings.ndxp_gateway_client_id,
        client_secret=settings.ndxp_gateway_client_secret,
    )
    sandbox = issue_member_credentials(
        session,
        member_id=sandbox_member_id(settings),
        name="Thành viên kiểm thử sandbox (sandbox test member)",
        now=now,
        rights=[AccessRight(services[XAC_THUC_CONG_DAN])],
        client_id=SANDBOX_MEMBER_CLIENT_ID,
        client_secret=SANDBOX_MEMBER_SECRET,
    )
    operator = issue_member_credentials(
        session,
        member_id=operator_member_id(settings),
        name="Đơn vị vận hành NDXP (bus operator)",
        now=now,
        role=Role.OPERATOR,
        rights=[],
        client_id=OPERATOR_CLIENT_ID,
        client_secret=OPERATOR_SECRET,
    )
    return SeededBus(gateway=gateway, sandbox=sandbox, operator=operator)
