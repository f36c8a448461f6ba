"""Rule catalogue, per-agency quality kept incrementally, and the correction file."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from openpyxl import load_workbook

from tests.conftest import Sandbox
from tests.support.agency import (
    all_results,
    auth,
    staff_record_from_citizen,
    submit,
    token_for,
    wait_for_status,
)

AGENCY = "BNV"


def test_rule_catalogue_is_public_and_complete(sandbox: Sandbox) -> None:
    rules = httpx.get(f"{sandbox.base_url}/v1/rules").json()
    assert len(rules) >= 40
    assert {r["dimension"] for r in rules} == {"dung", "du", "sach", "song"}
    for rule in rules:
        assert rule["id"].split("-")[0] in {"DUNG", "DU", "SACH", "SONG"}
        assert rule["severity"] in {"error", "warning"}
        assert rule["message_vi"] and rule["message_en"] and rule["source"]
        assert isinstance(rule["fields"], list)  # empty only for agency-level rules (heartbeat)


@pytest.fixture
def token(sandbox: Sandbox) -> str:
    return token_for(sandbox.base_url, sandbox.settings, agency=AGENCY)


def test_quality_and_corrections(sandbox: Sandbox, token: str) -> None:
    citizens = httpx.get(f"{sandbox.base_url}/dancu/sandbox/citizens", params={"limit": 10}).json()[
        "citizens"
    ]
    records = [staff_record_from_citizen(c, agency=AGENCY) for c in citizens]
    records[0] = {**records[0], "sex": "female" if records[0]["sex"] == "male" else "male"}
    records[1] = {**records[1], "ethnicity_code": "99"}
    batch_id = submit(sandbox.base_url, token, AGENCY, records).json()["batch_id"]
    wait_for_status(sandbox.base_url, token, batch_id, {"completed"})
    results = all_results(sandbox.base_url, token, batch_id)
    assert [r["status"] for r in results].count("rejected") == 2

    quality = httpx.get(
        f"{sandbox.base_url}/v1/agencies/{AGENCY}/quality", headers=auth(token)
    ).json()
    assert quality["records"] == 10 and quality["accepted"] == 8 and quality["rejected"] == 2
    assert quality["dimensions"]["dung"]["pass"] == 8 and quality["dimensions"]["dung"]["fail"] == 2
    assert quality["dimensions"]["dung"]["pass_share"] == 0.8
    assert quality["dimensions"]["du"]["pass_share"] == 1.0
    rules = {r["rule"]: r["records"] for r in quality["rules"]}
    assert rules.get("DUNG-ID-SEX") == 1
    assert len(quality["trend"]) == 1 and quality["trend"][0]["records"] == 10

    # fixing the record moves the counters (incrementally, no rescan)
    fixed = {**records[0], "sex": citizens[0]["sex"]}
    again = submit(sandbox.base_url, token, AGENCY, [fixed]).json()["batch_id"]
    wait_for_status(sandbox.base_url, token, again, {"completed"})
    quality = httpx.get(
        f"{sandbox.base_url}/v1/agencies/{AGENCY}/quality", headers=auth(token)
    ).json()
    assert quality["records"] == 10 and quality["accepted"] == 9
    assert "DUNG-ID-SEX" not in {r["rule"] for r in quality["rules"]}

    corrections = httpx.get(
        f"{sandbox.base_url}/v1/agencies/{AGENCY}/corrections.csv", headers=auth(token)
    )
    assert corrections.status_code == 200
    rows = list(csv.reader(io.StringIO(corrections.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Số định danh cá nhân"
    ethnicity = [r for r in rows[1:] if r[6] == "ethnicity_code" and r[5] == "error"]
    assert ethnicity and ethnicity[0][0] == citizens[1]["person_id"] and ethnicity[0][7] == "99"
    xlsx = httpx.get(
        f"{sandbox.base_url}/v1/agencies/{AGENCY}/corrections.xlsx", headers=auth(token)
    )
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.max_row == len(rows)

    other = token_for(sandbox.base_url, sandbox.settings, agency="VTV")
    assert (
        httpx.get(
            f"{sandbox.base_url}/v1/agencies/{AGENCY}/quality", headers=auth(other)
        ).status_code
        == 404
    )
    assert (
        httpx.get(
            f"{sandbox.base_url}/v1/agencies/{AGENCY}/corrections.csv", headers=auth(other)
        ).status_code
        == 404
    )
    operator = token_for(sandbox.base_url, sandbox.settings)
    everyone = httpx.get(f"{sandbox.base_url}/v1/quality", headers=auth(operator))
    assert everyone.status_code == 200 and [q["agency_code"] for q in everyone.json()] == [AGENCY]
    assert httpx.get(f"{sandbox.base_url}/v1/quality", headers=auth(token)).status_code == 403
