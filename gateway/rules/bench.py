"""Throughput of `evaluate` on a varied synthetic workload (single core).

`rules_per_second(n)` builds n records — about two thirds valid in every respect, the rest with
one or two typical defects (NFD names, stray spaces, placeholders, wrong coefficients, swapped
dates, stale updates, missing fields) — and contexts across cohorts, phases, channels and
population-DB answers, then times only the evaluation loop. Records are built from fixed
synthetic values; no population DB, no I/O.
"""

from __future__ import annotations

import random
import time
import unicodedata
from datetime import date, datetime, timedelta

from gateway.rules.calendar import VN_TZ
from gateway.rules.codelists import RANKS, SALARY_GRADES
from gateway.rules.engine import evaluate
from gateway.rules.models import IdentityCheck, RecordContext

AS_OF = date(2026, 11, 23)
RECEIVED_AT = datetime(2026, 11, 23, 10, 0, tzinfo=VN_TZ)

_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng")
_MIDDLE = ("Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Thu")
_GIVEN = ("An", "Bình", "Hòa", "Thủy", "Dũng", "Hạnh", "Khoa", "Linh", "Tuấn", "Yến")
_PROVINCES = ("001", "031", "038", "040", "048", "079", "092", "096")
_RANKS = ("01.003", "01.002", "06.031", "V.07.05.15", "V.08.01.03", "V.07.03.29")
_DEFECTS = (
    "nfd",
    "spaces",
    "placeholder",
    "coefficient",
    "stale",
    "missing",
    "bad_id",
    "case",
    "rank_type",
    "future",
)


def _record(rng: random.Random, index: int) -> dict[str, str | None]:
    female = rng.random() < 0.5
    born = date(1966, 1, 1) + timedelta(days=rng.randrange(0, 365 * 38))
    province = rng.choice(_PROVINCES)
    digit = (born.year // 100 - 19) * 2 + (1 if female else 0)
    person_id = f"{province}{digit}{born.year % 100:02d}{index % 1_000_000:06d}"
    rank = RANKS[rng.choice(_RANKS)]
    grade = SALARY_GRADES[rank.grades[0]]
    step = rng.randint(1, grade.steps)
    vien_chuc = rank.code.startswith("V.")
    coefficient = grade.table_for("vien_chuc" if vien_chuc else None)[step - 1]
    recruited = born + timedelta(days=365 * 23 + rng.randrange(0, 3000))
    return {
        "person_id": person_id,
        "old_id_number": None,
        "full_name": f"{rng.choice(_FAMILY)} {'Thị' if female else rng.choice(_MIDDLE)} "
        f"{rng.choice(_GIVEN)}",
        "date_of_birth": born.isoformat(),
        "sex": "female" if female else "male",
        "ethnicity_code": "01",
        "religion": "Không",
        "hometown_province": province,
        "permanent_address": f"Số {rng.randint(1, 300)}, đường Trần Phú, phường 3, "
        "quận 5, Hồ Chí Minh",
        "agency_code": "000.00.00.G09",
        "unit": "Phòng Tổ chức cán bộ",
        "staff_type": "vien_chuc" if vien_chuc else "cong_chuc",
        "rank_code": rank.code,
        "salary_grade": grade.code,
        "salary_step": str(step),
        "salary_coefficient": f"{coefficient:.2f}",
        "recruitment_date": recruited.isoformat(),
        "position": None,
        "education_level": "Đại học",
        "party_join_date": None,
        "social_insurance_no": f"{rng.randrange(10**9, 10**10)}",
        "employment_status": "active",
        "source_updated_at": (RECEIVED_AT - timedelta(hours=rng.randint(1, 20))).isoformat(),
    }


def _defect(rng: random.Random, record: dict[str, str | None]) -> None:
    kind = rng.choice(_DEFECTS)
    if kind == "nfd":
        record["full_name"] = unicodedata.normalize("NFD", record["full_name"] or "")
    elif kind == "spaces":
        record["unit"] = "  Phòng   Tổ chức  "
    elif kind == "placeholder":
        record[rng.choice(("education_level", "ethnicity_code", "position"))] = "N/A"
    elif kind == "coefficient":
        record["salary_coefficient"] = "9.99"
    elif kind == "stale":
        record["source_updated_at"] = "2026-11-01T08:00:00"
    elif kind == "missing":
        record[rng.choice(("unit", "rank_code", "recruitment_date"))] = None
    elif kind == "bad_id":
        record["person_id"] = "12345"
    elif kind == "case":
        record["full_name"] = (record["full_name"] or "").upper()
    elif kind == "rank_type":
        record["staff_type"] = "can_bo"
    else:
        record["recruitment_date"] = "2027-01-01"


def _context(rng: random.Random) -> RecordContext:
    roll = rng.random()
    if roll < 0.6:
        cohort, phase, channel = "26", None, "api"
    elif roll < 0.85:
        cohort, phase, channel = "70", "I", rng.choice(("template", "self_update"))
    else:
        cohort, phase, channel = "70", "II", "api"
    answer = rng.random()
    identity: IdentityCheck | None
    if answer < 0.8:
        identity = IdentityCheck(
            "match", {"full_name": "match", "date_of_birth": "match", "sex": "match"}
        )
    elif answer < 0.9:
        identity = None
    elif answer < 0.95:
        identity = IdentityCheck(
            "mismatch",
            {"full_name": "match", "date_of_birth": "mismatch", "sex": "match"},
            hints={"date_of_birth": "day_month_swapped"},
        )
    else:
        identity = IdentityCheck("unavailable")
    return RecordContext(
        as_of=AS_OF,
        agency_code="000.00.00.G09",
        cohort=cohort,  # type: ignore[arg-type]
        phase=phase,  # type: ignore[arg-type]
        channel=channel,  # type: ignore[arg-type]
        received_at=RECEIVED_AT,
        identity=identity,
    )


def workload(n: int, seed: int = 2026) -> list[tuple[dict[str, str | None], RecordContext]]:
    rng = random.Random(seed)
    items: list[tuple[dict[str, str | None], RecordContext]] = []
    for index in range(n):
        record = _record(rng, index)
        if rng.random() < 0.35:
            _defect(rng, record)
            if rng.random() < 0.3:
                _defect(rng, record)
        items.append((record, _context(rng)))
    return items


def rules_per_second(n: int = 20000, repeat: int = 3) -> float:
    """Records evaluated per second on one core (every applicable rule of the catalogue).

    The memos (cleaned values, dates, retirement dates, working-day deadlines) are warmed on a
    different workload first, as they are in a long-running worker; the best of `repeat`
    timed passes is reported (the usual micro-benchmark practice on a shared machine).
    """
    items = workload(n)
    for record, ctx in workload(min(n, 20000), seed=1):
        evaluate(record, ctx)
    best = float("inf")
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        for record, ctx in items:
            evaluate(record, ctx)
        best = min(best, time.perf_counter() - start)
    return n / best


if __name__ == "__main__":  # pragma: no cover
    print(f"{rules_per_second():,.0f} records/s")
