"""The agency registry: 96 listings of Decision 72, the source conflict kept and shown."""

from __future__ import annotations

import csv
from pathlib import Path

import httpx

from tests.conftest import Sandbox

SEED = Path(__file__).resolve().parent.parent / "seed"


def test_lists_all_96_listings_with_conflict(sandbox: Sandbox) -> None:
    response = httpx.get(f"{sandbox.base_url}/v1/agencies")
    assert response.status_code == 200
    agencies = response.json()
    assert len(agencies) == 96
    assert response.headers["X-Total-Count"] == "96"
    assert sum(1 for a in agencies if a["cohort"] == "26") == 26
    assert sum(1 for a in agencies if a["cohort"] == "70") == 70
    codes = [a["code"] for a in agencies]
    assert len(set(codes)) == 96, "every listing has its own stable code"

    conflicted = [a for a in agencies if a["conflict"]]
    assert {a["code"] for a in conflicted} == {"VKSNDTC-26", "VKSNDTC-70"}
    assert {a["name"] for a in conflicted} == {"Viện kiểm sát nhân dân tối cao"}
    by_code = {a["code"]: a for a in conflicted}
    assert by_code["VKSNDTC-26"]["conflict"]["other_code"] == "VKSNDTC-70"
    assert by_code["VKSNDTC-70"]["conflict"]["other_code"] == "VKSNDTC-26"
    assert by_code["VKSNDTC-26"]["cohort"] == "26" and by_code["VKSNDTC-70"]["cohort"] == "70"
    assert response.headers["X-Conflict-Count"] == "2"


def test_rows_match_the_decision(sandbox: Sandbox) -> None:
    agencies = {a["code"]: a for a in httpx.get(f"{sandbox.base_url}/v1/agencies").json()}
    hai_phong = agencies["UBND-031"]
    assert hai_phong["name"] == "UBND TP Hải Phòng"
    assert hai_phong["vendor"] == "Misa"
    assert hai_phong["priority"] == "high"
    assert hai_phong["deadline"] == "2023-03-15"
    assert hai_phong["code_kind"] == "official_province_code"
    assert hai_phong["phases"] == []
    bnv = agencies["BNV"]
    assert bnv["deadline"] is None and bnv["deadline_done"] is True
    assert bnv["code_kind"] == "sandbox"
    hanoi = agencies["UBND-001"]
    assert hanoi["cohort"] == "70" and hanoi["phases"] == ["I", "II"]
    # 63 provinces, each exactly once, with its official code
    provinces = [a for a in agencies.values() if a["kind"] == "province"]
    assert len(provinces) == 63
    assert len({a["province_code"] for a in provinces}) == 63

    with (SEED / "agencies_qd72.csv").open(encoding="utf-8") as handle:
        source = list(csv.DictReader(handle))
    assert sorted(a["source"] for a in agencies.values()) == sorted(r["source"] for r in source)


def test_filters_and_single_listing(sandbox: Sandbox) -> None:
    cohort26 = httpx.get(f"{sandbox.base_url}/v1/agencies", params={"cohort": "26"}).json()
    assert len(cohort26) == 26
    only = httpx.get(f"{sandbox.base_url}/v1/agencies", params={"conflicts_only": "true"}).json()
    assert len(only) == 2
    one = httpx.get(f"{sandbox.base_url}/v1/agencies/UBND-048")
    assert one.status_code == 200 and one.json()["name"] == "UBND TP Đà Nẵng"

    missing = httpx.get(f"{sandbox.base_url}/v1/agencies/NOPE")
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
    assert missing.json()["title_vi"]

    bad = httpx.get(f"{sandbox.base_url}/v1/agencies", params={"cohort": "99"})
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert bad.json()["errors"][0]["field"] == "query.cohort"


def test_milestones(sandbox: Sandbox) -> None:
    milestones = httpx.get(f"{sandbox.base_url}/v1/milestones").json()
    assert len(milestones) == 9
    phase_one = next(m for m in milestones if m["code"] == "1.2.2.1")
    assert phase_one["cohort"] == "70" and phase_one["phase"] == "I"
    assert phase_one["deadline"] == "2023-04-15"
    assert phase_one["quality_principle"] == "Đúng-Đủ"


def test_seed_is_idempotent(sandbox: Sandbox) -> None:
    from ccvc.clock import get_clock
    from ccvc.seeding import seed_all

    seed_all(settings=sandbox.settings, clock=get_clock())
    seed_all(settings=sandbox.settings, clock=get_clock())
    assert len(httpx.get(f"{sandbox.base_url}/v1/agencies").json()) == 96
