"""The access-control matrix: every operation of the gateway's OpenAPI × every role — no token,
an expired token, a revoked token, another agency, the agency itself, an operator — answers the
expected status. The operations come from the OpenAPI; each must be classified below, so a new
endpoint cannot ship without a decision on who may call it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import StrEnum

import httpx

from ccvc.clock import get_clock
from ccvc.db import session_scope
from ccvc.settings import Settings
from gateway.auth.models import Role
from gateway.auth.service import issue_credentials, issue_token, revoke_token
from gateway.main import create_app
from tests.conftest import Sandbox
from tests.support.agency import staff_record_from_citizen, submit, token_for, wait_for_status

OWNER, OTHER = "UBND-031", "UBND-048"


class Access(StrEnum):
    PUBLIC = "public"  # anyone, no token needed
    ANY_CLIENT = "any_client"  # any valid gateway token
    AGENCY_READ = "agency_read"  # the agency itself, or an operator
    AGENCY_WRITE = "agency_write"  # the agency itself only
    OPERATOR = "operator"  # operators only
    STAFF = "staff"  # a staff member's VNeID token, never a gateway token


ACCESS: dict[tuple[str, str], Access] = {
    ("GET", "/healthz"): Access.PUBLIC,
    ("GET", "/readyz"): Access.PUBLIC,
    ("GET", "/metrics"): Access.PUBLIC,
    ("GET", "/v1/agencies"): Access.PUBLIC,
    ("GET", "/v1/agencies/{code}"): Access.PUBLIC,
    ("GET", "/v1/milestones"): Access.PUBLIC,
    ("GET", "/v1/rules"): Access.PUBLIC,
    ("GET", "/v1/sandbox/persona-outcomes"): Access.PUBLIC,
    ("GET", "/v1/sandbox/scenarios"): Access.PUBLIC,
    ("GET", "/v1/templates/staff.csv"): Access.PUBLIC,
    ("GET", "/v1/templates/staff.xlsx"): Access.PUBLIC,
    ("POST", "/v1/oauth/token"): Access.PUBLIC,  # client credentials in the body
    ("POST", "/v1/oauth/revoke"): Access.PUBLIC,  # RFC 7009: the token itself is the proof
    ("GET", "/v1/me"): Access.ANY_CLIENT,
    ("POST", "/v1/agencies/{code}/batches"): Access.AGENCY_WRITE,
    ("PUT", "/v1/agencies/{code}/headcount"): Access.AGENCY_WRITE,
    ("PUT", "/v1/agencies/{code}/records/{person_id}"): Access.AGENCY_WRITE,
    ("POST", "/v1/agencies/{code}/records/{person_id}/status"): Access.AGENCY_WRITE,
    ("POST", "/v1/agencies/{code}/self-updates/{update_id}/confirm"): Access.AGENCY_WRITE,
    ("POST", "/v1/agencies/{code}/self-updates/{update_id}/reject"): Access.AGENCY_WRITE,
    ("POST", "/v1/agencies/{code}/uploads"): Access.AGENCY_WRITE,
    ("GET", "/v1/agencies/{code}/corrections.{fmt}"): Access.AGENCY_READ,
    ("GET", "/v1/agencies/{code}/headcount"): Access.AGENCY_READ,
    ("GET", "/v1/agencies/{code}/quality"): Access.AGENCY_READ,
    ("GET", "/v1/agencies/{code}/records"): Access.AGENCY_READ,
    ("GET", "/v1/agencies/{code}/records/{person_id}"): Access.AGENCY_READ,
    ("GET", "/v1/agencies/{code}/records/{person_id}/history"): Access.AGENCY_READ,
    ("GET", "/v1/agencies/{code}/self-updates"): Access.AGENCY_READ,
    ("GET", "/v1/batches/{batch_id}"): Access.AGENCY_READ,
    ("GET", "/v1/batches/{batch_id}/results"): Access.AGENCY_READ,
    ("GET", "/v1/onboarding/agencies/{code}"): Access.AGENCY_READ,
    ("GET", "/v1/sandbox/conformance"): Access.AGENCY_READ,  # called with ?agency={code}
    ("GET", "/v1/agencies/{code}/webhooks"): Access.AGENCY_READ,
    ("GET", "/v1/agencies/{code}/webhooks/{endpoint_id}/messages"): Access.AGENCY_READ,
    ("GET", "/v1/agencies/{code}/webhooks/{endpoint_id}/attempts"): Access.AGENCY_READ,
    ("POST", "/v1/agencies/{code}/webhooks"): Access.AGENCY_WRITE,
    ("DELETE", "/v1/agencies/{code}/webhooks/{endpoint_id}"): Access.AGENCY_WRITE,
    ("POST", "/v1/agencies/{code}/webhooks/{endpoint_id}/test"): Access.AGENCY_WRITE,
    (
        "POST",
        "/v1/agencies/{code}/webhooks/{endpoint_id}/messages/{event_id}/verification",
    ): Access.AGENCY_WRITE,
    ("GET", "/v1/audit"): Access.OPERATOR,
    ("GET", "/v1/dashboard"): Access.OPERATOR,
    ("GET", "/v1/dashboard/agencies.csv"): Access.OPERATOR,
    ("GET", "/v1/quality"): Access.OPERATOR,
    ("GET", "/v1/onboarding/agencies/{code}/confirmations"): Access.OPERATOR,
    ("POST", "/v1/onboarding/agencies/{code}/confirmations"): Access.OPERATOR,
    ("GET", "/v1/self/records"): Access.STAFF,
    ("GET", "/v1/self/updates"): Access.STAFF,
    ("POST", "/v1/self/updates"): Access.STAFF,
}

ROLES = ("none", "expired", "revoked", "other_agency", "own_agency", "operator")
UNAUTHENTICATED = {"none", "expired", "revoked"}


def expected(access: Access, role: str) -> set[int] | str:
    """A set of statuses, or "ok" (any 2xx–4xx that is not 401/403/404)."""
    if access is Access.PUBLIC:
        return "ok"
    if access is Access.STAFF:
        return {401}  # gateway tokens are not VNeID tokens
    if role in UNAUTHENTICATED:
        return {401}
    if access is Access.ANY_CLIENT:
        return "ok"
    if access is Access.OPERATOR:
        return "ok" if role == "operator" else {403}
    if role == "other_agency":
        return {404}
    if role == "operator":
        return {403} if access is Access.AGENCY_WRITE else "ok"
    return "ok"


def operations() -> list[tuple[str, str]]:
    paths = create_app(Settings(workers=0)).openapi()["paths"]
    return [(m.upper(), p) for p, ops in sorted(paths.items()) for m in sorted(ops)]


def test_every_operation_is_classified() -> None:
    assert set(operations()) == set(ACCESS), set(operations()) ^ set(ACCESS)


@dataclass
class Tokens:
    by_role: dict[str, str | None]


def _tokens(sandbox: Sandbox) -> Tokens:
    base, settings = sandbox.base_url, sandbox.settings
    clock = get_clock()
    with session_scope(settings.database_url) as session:
        issued = issue_credentials(
            session=session, clock=clock, role=Role.AGENCY, agency_code=OWNER
        )
        expired = issue_token(
            session=session,
            clock=clock,
            client_id=issued.client_id,
            client_secret=issued.client_secret,
            scope=None,
            ttl_seconds=-1,
        ).access_token
        revoked = issue_token(
            session=session,
            clock=clock,
            client_id=issued.client_id,
            client_secret=issued.client_secret,
            scope=None,
            ttl_seconds=3600,
        ).access_token
        session.flush()
        revoke_token(session=session, clock=clock, token=revoked)
    return Tokens(
        {
            "none": None,
            "expired": expired,
            "revoked": revoked,
            "other_agency": token_for(base, settings, agency=OTHER),
            "own_agency": token_for(base, settings, agency=OWNER),
            "operator": token_for(base, settings),
        }
    )


def test_the_matrix(sandbox: Sandbox) -> None:
    base = sandbox.base_url
    tokens = _tokens(sandbox)
    own = tokens.by_role["own_agency"]
    assert own is not None
    citizens = httpx.get(f"{base}/dancu/sandbox/citizens", params={"limit": 2}).json()["citizens"]
    record = staff_record_from_citizen(citizens[0], agency=OWNER)
    batch_id = submit(base, own, OWNER, [record]).json()["batch_id"]
    wait_for_status(base, own, batch_id, {"completed"})
    vneid = httpx.post(
        f"{base}/dancu/sandbox/vneid/token", json={"person_id": citizens[0]["person_id"]}
    ).json()["access_token"]

    def new_update() -> str:
        return str(
            httpx.post(
                f"{base}/v1/self/updates",
                json={"agency_code": OWNER, "changes": {"religion": "Không"}},
                headers={"Authorization": f"Bearer {vneid}"},
            ).json()["id"]
        )

    def new_endpoint() -> str:
        return str(
            httpx.post(
                f"{base}/v1/agencies/{OWNER}/webhooks",
                json={},
                headers={"Authorization": f"Bearer {own}"},
            ).json()["id"]
        )

    endpoint = new_endpoint()
    event_id = httpx.post(
        f"{base}/v1/agencies/{OWNER}/webhooks/{endpoint}/test",
        headers={"Authorization": f"Bearer {own}"},
    ).json()["event_ids"][0]
    values = {
        "{code}": OWNER,
        "{event_id}": event_id,
        "{batch_id}": batch_id,
        "{person_id}": citizens[0]["person_id"],
        "{fmt}": "csv",
    }
    bodies = {
        "/batches": {"records": [record]},
        "/headcount": {"headcount": 10},
        "/status": {"employment_status": "active"},
        "/confirm": {"note": "ok"},
        "/reject": {"note": "ok"},
        "/confirmations": {"step": "sandbox_passed", "note": "biên bản"},
        "/v1/oauth/token": {},
        "/v1/oauth/revoke": {},
        "/verification": {"valid": True},
        "/webhooks": {},
    }
    combinations = Counter[str]()
    for method, template in operations():
        access = ACCESS[(method, template)]
        for role in ROLES:
            path = template.replace("{update_id}", new_update())
            path = path.replace("{endpoint_id}", new_endpoint() if method == "DELETE" else endpoint)
            if template == "/v1/sandbox/conformance":
                path += "?agency={code}"
            for key, value in values.items():
                path = path.replace(key, value)
            token = tokens.by_role[role]
            headers = {"Idempotency-Key": f"matrix-{role}-{method}-{template}"}
            if token:
                headers["Authorization"] = f"Bearer {token}"
            if "{person_id}" in template and method == "PUT":
                headers["If-Match"] = "*"
            body = next((b for suffix, b in bodies.items() if template.endswith(suffix)), None)
            if template.endswith("/uploads"):
                response = httpx.post(
                    f"{base}{path}",
                    files={"file": ("a.csv", b"person_id\n")},
                    data={"unit": "x"},
                    headers=headers,
                )
            elif template.endswith("/records/{person_id}") and method == "PUT":
                response = httpx.put(f"{base}{path}", json=record, headers=headers, timeout=30)
            elif method in ("POST", "PUT") and template.startswith("/v1/oauth"):
                response = httpx.post(f"{base}{path}", data=body or {}, headers=headers)
            else:
                response = httpx.request(
                    method, f"{base}{path}", json=body, headers=headers, timeout=30
                )
            want = expected(access, role)
            where = (method, template, role, response.status_code, response.text[:200])
            assert response.status_code < 500, where
            if want == "ok" and method == "GET":
                assert response.status_code == 200, where
            elif want == "ok":  # a write may still be refused on its merits (422, 412, …)
                assert response.status_code not in (401, 403, 404), where
            else:
                assert response.status_code in want, where
            if response.status_code >= 400 and response.content:
                assert response.headers["content-type"].startswith(
                    ("application/problem+json", "application/json")
                ), where
            combinations[role] += 1
    assert sum(combinations.values()) == len(ACCESS) * len(ROLES)
