"""The audit trail: every read and change of a staff record, queryable by operators, with who
and when — and nothing of it in the logs."""

from __future__ import annotations

import httpx

from tests.conftest import Sandbox
from tests.support.agency import (
    all_results,
    auth,
    staff_record_from_citizen,
    submit,
    token_for,
    wait_for_status,
)

AGENCY = "UBND-031"


def test_reads_and_changes_are_audited(sandbox: Sandbox) -> None:
    base = sandbox.base_url
    agency = token_for(base, sandbox.settings, agency=AGENCY)
    operator = token_for(base, sandbox.settings)
    me = httpx.get(f"{base}/v1/me", headers=auth(agency)).json()
    citizens = httpx.get(f"{base}/dancu/sandbox/citizens", params={"limit": 2}).json()["citizens"]
    records = [staff_record_from_citizen(c, agency=AGENCY) for c in citizens]
    batch_id = submit(base, agency, AGENCY, records).json()["batch_id"]
    wait_for_status(base, agency, batch_id, {"completed"})
    all_results(base, agency, batch_id)
    first, second = (c["person_id"] for c in citizens)
    read = httpx.get(f"{base}/v1/agencies/{AGENCY}/records/{first}", headers=auth(agency))
    assert read.status_code == 200
    httpx.get(f"{base}/v1/agencies/{AGENCY}/records", headers=auth(agency)).raise_for_status()
    changed = httpx.post(
        f"{base}/v1/agencies/{AGENCY}/records/{second}/status",
        json={"employment_status": "retired"},
        headers={**auth(agency), "If-Match": read.headers["ETag"].replace(first, second)},
    )
    assert changed.status_code in (200, 412), changed.text

    trail = httpx.get(f"{base}/v1/audit", params={"person_id": first}, headers=auth(operator))
    assert trail.status_code == 200, trail.text
    items = trail.json()["items"]
    actions = [i["action"] for i in items]
    assert actions[0] == "records.list"  # newest first
    assert {"record.read", "results.read", "record.change"} <= set(actions)
    reading = next(i for i in items if i["action"] == "record.read")
    assert reading["client_id"] == me["client_id"] and reading["agency_code"] == AGENCY
    assert reading["person_ids"] == [first] and reading["request_id"]
    change = next(i for i in items if i["action"] == "record.change")
    assert change["batch_id"] == batch_id and change["channel"] == "api"
    assert all(first in i["person_ids"] for i in items)

    # paging: one at a time walks the whole trail, newest first, nothing twice
    seen: list[tuple[str, str]] = []
    until = None
    while True:
        params = {"person_id": first, "limit": "1", **({"until": until} if until else {})}
        page = httpx.get(f"{base}/v1/audit", params=params, headers=auth(operator)).json()
        seen += [(i["at"], i["action"]) for i in page["items"]]
        until = page["next_until"]
        if until is None:
            break
    assert sorted(seen, reverse=True) == seen and len(seen) == len(items)

    by_client = httpx.get(
        f"{base}/v1/audit", params={"client_id": me["client_id"]}, headers=auth(operator)
    ).json()["items"]
    assert by_client and all(i["client_id"] == me["client_id"] for i in by_client)
    assert httpx.get(f"{base}/v1/audit", headers=auth(agency)).status_code == 403
    assert httpx.get(f"{base}/v1/audit").status_code == 401
    bad = httpx.get(f"{base}/v1/audit", params={"person_id": "12"}, headers=auth(operator))
    assert bad.status_code == 422
    naive = httpx.get(
        f"{base}/v1/audit", params={"since": "2020-01-01T00:00:00"}, headers=auth(operator)
    )
    assert naive.status_code == 200
