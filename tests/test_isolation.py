"""An agency never sees another agency's data: every agency-scoped operation of the gateway,
generated from its routes, answers another agency exactly as it answers for nothing (404)."""

from __future__ import annotations

import httpx

from ccvc.settings import Settings
from gateway.main import create_app
from tests.conftest import Sandbox
from tests.support.agency import (
    auth,
    staff_record_from_citizen,
    submit,
    token_for,
    wait_for_status,
)

OWNER = "UBND-031"
SCOPED = ("{code}", "{batch_id}", "{person_id}", "{update_id}")
PUBLIC = {"/v1/agencies/{code}"}  # the registry is public
# operator-only: every agency gets the same 403, its own code or another's (nothing to infer)
OPERATOR_ONLY = {"/v1/onboarding/agencies/{code}/confirmations"}


def scoped_routes() -> list[tuple[str, str]]:
    """Every (method, path) of the gateway's OpenAPI that names an agency-owned resource."""
    paths = create_app(Settings(workers=0)).openapi()["paths"]
    return [
        (method.upper(), path)
        for path, operations in sorted(paths.items())
        if any(p in path for p in SCOPED) and path not in PUBLIC
        for method in sorted(operations)
    ]


def valid_body(method: str, template: str, record: dict[str, object]) -> object:
    """A well-formed body, so that only the ownership check can refuse the call."""
    if method not in ("POST", "PUT"):
        return None
    if template.endswith("/batches"):
        return {"records": [record]}
    if template.endswith("/status"):
        return {"employment_status": "retired"}
    if template.endswith(("/confirm", "/reject")):
        return {"note": "ok"}
    if template.endswith("/headcount"):
        return {"headcount": 10}
    if template.endswith("/confirmations"):
        return {"step": "sandbox_passed", "note": "biên bản"}
    if template.endswith("/webhooks"):
        return {"description": "Hộp thư"}
    if template.endswith("/verification"):
        return {"valid": True}
    if template.endswith("/test"):
        return None
    return record


def test_every_scoped_route_is_covered() -> None:
    paths = {path for _, path in scoped_routes()}
    assert len(paths) >= 12, paths
    assert "/v1/batches/{batch_id}/results" in paths
    assert "/v1/agencies/{code}/records/{person_id}" in paths


def test_other_agency_gets_404_everywhere(sandbox: Sandbox) -> None:
    base = sandbox.base_url
    owner = token_for(base, sandbox.settings, agency=OWNER)
    intruder = token_for(base, sandbox.settings, agency="UBND-048")
    citizen = httpx.get(f"{base}/dancu/sandbox/citizens", params={"limit": 1}).json()["citizens"][0]
    record = staff_record_from_citizen(citizen, agency=OWNER)
    batch_id = submit(base, owner, OWNER, [record]).json()["batch_id"]
    wait_for_status(base, owner, batch_id, {"completed"})
    vneid = httpx.post(
        f"{base}/dancu/sandbox/vneid/token", json={"person_id": citizen["person_id"]}
    ).json()
    update = httpx.post(
        f"{base}/v1/self/updates",
        json={"agency_code": OWNER, "changes": {"religion": "Không"}},
        headers={"Authorization": f"Bearer {vneid['access_token']}"},
    ).json()
    hooks = f"{base}/v1/agencies/{OWNER}/webhooks"
    endpoint = httpx.post(hooks, json={}, headers=auth(owner)).json()["id"]
    event_id = httpx.post(f"{hooks}/{endpoint}/test", headers=auth(owner)).json()["event_ids"][0]
    values = {
        "{code}": OWNER,
        "{endpoint_id}": endpoint,
        "{event_id}": event_id,
        "{batch_id}": batch_id,
        "{person_id}": citizen["person_id"],
        "{update_id}": update["id"],
        "{fmt}": "csv",
    }
    checked = 0
    for method, template in scoped_routes():
        path = template
        for key, value in values.items():
            path = path.replace(key, value)
        body = valid_body(method, template, record)
        headers = {**auth(intruder), "Idempotency-Key": "iso", "If-Match": '"v1"'}
        if template.endswith("/uploads"):
            response = httpx.post(
                f"{base}{path}",
                files={"file": ("a.csv", b"x")},
                data={"unit": "x"},
                headers=headers,
            )
        else:
            response = httpx.request(method, f"{base}{path}", json=body, headers=headers)
        if template in OPERATOR_ONLY:
            own = httpx.request(method, f"{base}{path}", json=body, headers=auth(owner))
            assert response.status_code == own.status_code == 403, (method, template)
            assert response.json() == own.json() | {"instance": response.json()["instance"]}
            checked += 1
            continue
        assert response.status_code == 404, (method, template, response.status_code, response.text)
        assert response.json()["code"] in {"not-found"}, (method, template)
        anonymous = httpx.request(method, f"{base}{path}", json=body)
        assert anonymous.status_code in (401, 422), (method, template)
        checked += 1
    assert checked >= 12
    # and the owner still sees its own data
    assert httpx.get(f"{base}/v1/batches/{batch_id}", headers=auth(owner)).status_code == 200
