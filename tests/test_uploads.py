"""The template channel end to end: download the template, fill it, upload it per unit;
valid rows are checked like any batch, invalid rows reported by row number and column."""

from __future__ import annotations

import csv
import io

import httpx
import pytest
from openpyxl import load_workbook

from gateway.templates.columns import template_columns
from tests.conftest import Sandbox
from tests.support.agency import (
    all_results,
    auth,
    staff_record_from_citizen,
    token_for,
    wait_for_status,
)

AGENCY = "UBND-002"  # Hà Giang, cohort 70: phase I through the template channel


@pytest.fixture
def token(sandbox: Sandbox) -> str:
    return token_for(sandbox.base_url, sandbox.settings, agency=AGENCY)


def _rows(sandbox: Sandbox, n: int) -> list[dict[str, object]]:
    citizens = httpx.get(f"{sandbox.base_url}/dancu/sandbox/citizens", params={"limit": n}).json()
    return [staff_record_from_citizen(c, agency=AGENCY) for c in citizens["citizens"]]


def _csv(records: list[dict[str, object]]) -> bytes:
    columns = template_columns()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c.header for c in columns])
    for record in records:
        writer.writerow(["" if record.get(c.field) is None else record[c.field] for c in columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def test_templates_download(sandbox: Sandbox) -> None:
    csv_file = httpx.get(f"{sandbox.base_url}/v1/templates/staff.csv")
    assert csv_file.status_code == 200
    assert csv_file.content.startswith(b"\xef\xbb\xbf")
    assert "Họ và tên" in csv_file.content.decode("utf-8-sig").splitlines()[0]
    xlsx = httpx.get(f"{sandbox.base_url}/v1/templates/staff.xlsx")
    assert xlsx.status_code == 200
    workbook = load_workbook(io.BytesIO(xlsx.content))
    assert "Họ và tên" in [c.value for c in next(workbook.worksheets[0].iter_rows(max_row=1))]


def test_upload_partial_acceptance_with_row_numbers(sandbox: Sandbox, token: str) -> None:
    records = _rows(sandbox, 4)
    records[1] = {**records[1], "full_name": '=HYPERLINK("x")'}  # formula injection: refused
    records[2] = {**records[2], "date_of_birth": "1985-13-45"}  # read, then rejected by a rule
    response = httpx.post(
        f"{sandbox.base_url}/v1/agencies/{AGENCY}/uploads",
        files={"file": ("hoso.csv", _csv(records), "text/csv")},
        data={"unit": "Sở Nội vụ"},
        headers=auth(token),
        timeout=30,
    )
    assert response.status_code == 202, response.text
    body = response.json()
    assert body["rows"] == 4 and body["rows_queued"] == 3 and body["rows_rejected"] == 1
    assert body["row_errors"][0]["row_number"] == 3
    assert body["row_errors"][0]["code"] == "formula-injection"
    batch = body["batch"]
    assert batch["channel"] == "template" and batch["phase"] == "I"
    wait_for_status(sandbox.base_url, token, batch["batch_id"], {"completed"})
    results = {r["row_number"]: r for r in all_results(sandbox.base_url, token, batch["batch_id"])}
    assert set(results) == {2, 4, 5}
    assert results[2]["status"] == "accepted"
    assert results[4]["status"] == "rejected"
    assert any(f["field"] == "date_of_birth" for f in results[4]["findings"])


def test_wrong_headers_and_encoding_are_explained(sandbox: Sandbox, token: str) -> None:
    wrong = httpx.post(
        f"{sandbox.base_url}/v1/agencies/{AGENCY}/uploads",
        files={"file": ("x.csv", "Tên,Tuổi\nA,3\n".encode(), "text/csv")},
        data={"unit": "Sở Nội vụ"},
        headers=auth(token),
    )
    assert wrong.status_code == 422
    assert wrong.json()["code"] == "template-headers"
    legacy = _csv(_rows(sandbox, 1)).decode("utf-8-sig").encode("cp1258", errors="replace")
    encoded = httpx.post(
        f"{sandbox.base_url}/v1/agencies/{AGENCY}/uploads",
        files={"file": ("x.csv", legacy, "text/csv")},
        data={"unit": "Sở Nội vụ"},
        headers=auth(token),
    )
    assert encoded.status_code == 415
    assert "UTF-8" in encoded.json()["detail"]


def test_upload_needs_the_agency(sandbox: Sandbox, token: str) -> None:
    other = token_for(sandbox.base_url, sandbox.settings, agency="UBND-004")
    response = httpx.post(
        f"{sandbox.base_url}/v1/agencies/{AGENCY}/uploads",
        files={"file": ("x.csv", b"a", "text/csv")},
        data={"unit": "x"},
        headers=auth(other),
    )
    assert response.status_code == 404
