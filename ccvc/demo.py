"""`ccvc demo`: a reference vendor client walking the whole journey against the sandbox —
token → batch → retry with the same key → poll → results → fix → resubmit → one record with
ETag / If-Match — with readable progress and a final summary. Speaks only HTTP to the gateway."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

Say = Callable[[str], None]


@dataclass
class Journey:
    steps: list[tuple[str, bool, str]] = field(default_factory=list)

    def record(self, say: Say, name: str, ok: bool, detail: str) -> None:
        self.steps.append((name, ok, detail))
        say(f"  {'✓' if ok else '✗'} {name}: {detail}")

    @property
    def ok(self) -> bool:
        return all(ok for _, ok, _ in self.steps)


def staff_record(citizen: dict[str, Any], *, agency: str, now: datetime) -> dict[str, Any]:
    """A complete staff record (mẫu 2C-BNV core) on a sandbox citizen, as an agency's HR system
    holds it: identity copied from `/dancu/sandbox/citizens`, the rest plausible HR data."""
    born = int(citizen["date_of_birth"][:4])
    return {
        "person_id": citizen["person_id"],
        "full_name": citizen["full_name"],
        "date_of_birth": citizen["date_of_birth"],
        "sex": citizen["sex"],
        "ethnicity_code": citizen["ethnicity_code"],
        "religion": citizen.get("religion"),
        "hometown_province": citizen["hometown_province"],
        "permanent_address": citizen["permanent_address"],
        "agency_code": agency,
        "unit": "Văn phòng",
        "staff_type": "cong_chuc",
        "rank_code": "01.003",
        "salary_grade": "A1",
        "salary_step": "3",
        "salary_coefficient": "3.00",
        "recruitment_date": f"{min(born + 24, now.year - 1)}-09-01",
        "position": "Chuyên viên",
        "education_level": "Đại học",
        "social_insurance_no": citizen["person_id"][2:],
        "employment_status": "active",
        "source_updated_at": (now - timedelta(hours=1)).isoformat(timespec="seconds"),
    }


def _wait(http: httpx.Client, batch_id: str, say: Say, timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    last = ""
    while True:
        batch: dict[str, Any] = http.get(f"/v1/batches/{batch_id}").json()
        counts = batch["counts"]
        line = (
            f"{batch['status']}: {counts['accepted']} accepted, {counts['rejected']} "
            f"rejected, {counts['pending']} pending, {counts['queued']} queued"
        )
        if line != last:
            say(f"    … {line}")
            last = line
        if batch["status"] == "completed" or time.monotonic() > deadline:
            return batch
        time.sleep(0.3)


def run_journey(
    base_url: str, *, agency: str, client_id: str, client_secret: str, say: Say, size: int = 20
) -> Journey:
    journey = Journey()
    now = datetime.now(UTC)
    with httpx.Client(base_url=base_url, timeout=60) as http:
        response = http.post(
            "/v1/oauth/token",
            data={
                "grant_type": "client_credentials",
                "client_id": client_id,
                "client_secret": client_secret,
            },
        )
        journey.record(
            say,
            "token",
            response.status_code == 200,
            f"POST /v1/oauth/token → {response.status_code}",
        )
        http.headers["Authorization"] = f"Bearer {response.json().get('access_token', '')}"

        citizens = http.get(
            "/dancu/sandbox/citizens", params={"limit": size, "min_age": 30}
        ).json()["citizens"]
        records = [staff_record(c, agency=agency, now=now) for c in citizens]
        broken = {
            0: ("date_of_birth", _swap_day_month(records[0]["date_of_birth"])),
            1: ("salary_coefficient", "3.10"),
            2: ("ethnicity_code", "99"),
        }
        for index, (name, value) in broken.items():
            records[index] = {**records[index], name: value}
        say(f"  · built {len(records)} records from sandbox citizens, 3 with mistakes on purpose")

        key = str(uuid.uuid4())
        first = http.post(
            f"/v1/agencies/{agency}/batches",
            json={"records": records},
            headers={"Idempotency-Key": key},
        )
        journey.record(
            say,
            "batch",
            first.status_code == 202,
            f"202 Accepted, batch {first.json().get('batch_id')}",
        )
        retry = http.post(
            f"/v1/agencies/{agency}/batches",
            json={"records": records},
            headers={"Idempotency-Key": key},
        )
        journey.record(
            say,
            "retry with the same Idempotency-Key",
            retry.headers.get("Idempotent-Replayed") == "true"
            and retry.json().get("batch_id") == first.json().get("batch_id"),
            "the first answer is replayed; the batch is processed once",
        )
        batch_id = first.json()["batch_id"]
        done = _wait(http, batch_id, say)
        results = http.get(f"/v1/batches/{batch_id}/results", params={"limit": 1000}).json()
        rejected = [r for r in results["items"] if r["status"] == "rejected"]
        journey.record(
            say,
            "results",
            len(rejected) == 3,
            f"{done['counts']['accepted']} accepted, {len(rejected)} rejected",
        )
        for item in rejected:
            errors = [f for f in item["findings"] if f["severity"] == "error"]
            for finding in errors:
                say(
                    f"      record {item['index']}: {finding['rule']} ({finding['field']}) — "
                    f"{finding['message_vi']}"
                )

        fixed = [staff_record(citizens[r["index"]], agency=agency, now=now) for r in rejected]
        again = http.post(
            f"/v1/agencies/{agency}/batches",
            json={"records": fixed},
            headers={"Idempotency-Key": str(uuid.uuid4())},
        )
        done_again = _wait(http, again.json()["batch_id"], say)
        journey.record(
            say,
            "fix and resubmit",
            done_again["counts"]["accepted"] == len(fixed),
            f"{done_again['counts']['accepted']}/{len(fixed)} corrected records accepted",
        )

        person = citizens[3]["person_id"]
        record_url = f"/v1/agencies/{agency}/records/{person}"
        read = http.get(record_url)
        etag = read.headers.get("ETag", "")
        stale = http.put(
            record_url,
            json={**records[3], "position": "Trưởng phòng"},
            headers={"If-Match": '"v0"'},
        )
        fresh = http.put(
            record_url, json={**records[3], "position": "Trưởng phòng"}, headers={"If-Match": etag}
        )
        journey.record(
            say,
            "conditional update",
            stale.status_code == 412 and fresh.status_code == 200,
            f"stale ETag → {stale.status_code}, current ETag {etag} → {fresh.status_code}",
        )
        quality = http.get(f"/v1/agencies/{agency}/quality").json()
        share = quality["dimensions"]["dung"]["pass_share"]
        journey.record(
            say,
            "quality",
            quality["records"] >= size,
            f"{quality['records']} records, Đúng pass share {share}",
        )
    return journey


def _swap_day_month(iso: str) -> str:
    year, month, day = iso.split("-")
    if int(day) <= 12 and day != month:
        return f"{year}-{day}-{month}"
    return f"{int(year) - 1}-{month}-{day}"
