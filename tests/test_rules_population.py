"""The rules against the sandbox population (the records vendors build): every synthetic
citizen's identifiers pass the structural rules, and 1,000 plausible staff records built from
real sandbox citizens are all accepted without an error."""

from __future__ import annotations

import itertools
import random
from collections import Counter
from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest

from gateway.rules import IdentityCheck, RecordContext, Severity, evaluate, summarise
from gateway.rules.calendar import VN_TZ
from gateway.rules.codelists import RANKS, SALARY_GRADES
from gateway.rules.prepare import is_placeholder
from gateway.rules.retirement import add_years, retirement_date
from mock_dancu.population import Citizen, Population, get_population, iter_citizens
from mock_dancu.population.codec import CMND_SPACE, LAST_CMND_BIRTH_YEAR, ordinal_of_old_id

AS_OF = date(2026, 11, 23)
RECEIVED_AT = datetime(2026, 11, 23, 15, 30, tzinfo=VN_TZ)
STRUCTURE_RULES = {
    "DUNG-ID-FORMAT",
    "DUNG-ID-PROVINCE",
    "DUNG-ID-CENTURY",
    "DUNG-ID-BIRTH-YEAR",
    "DUNG-ID-SEX-DIGIT",
    "DUNG-OLD-ID-FORMAT",
    "SACH-PLACEHOLDER",
    "SACH-PLACEHOLDER-OPTIONAL",
}
POSTS: tuple[tuple[str, str, str], ...] = (
    ("cong_chuc", "01.003", "Phòng Tổ chức cán bộ"),
    ("cong_chuc", "01.002", "Văn phòng"),
    ("cong_chuc", "06.031", "Phòng Kế hoạch - Tài chính"),
    ("cong_chuc", "04.025", "Thanh tra tỉnh"),
    ("vien_chuc", "V.07.05.15", "Trường THPT Lê Quý Đôn"),
    ("vien_chuc", "V.07.03.29", "Trường Tiểu học Kim Đồng"),
    ("vien_chuc", "V.08.01.03", "Bệnh viện Đa khoa tỉnh"),
    ("vien_chuc", "V.08.05.12", "Trung tâm Y tế huyện"),
    ("vien_chuc", "06.031", "Trường THCS Chu Văn An"),
    ("can_bo", "01.003", "Ủy ban nhân dân xã"),
)


@pytest.fixture(scope="module")
def population() -> Population:
    return get_population(72, 5_000_000)


def staff_record(
    citizen: Citizen, rng: random.Random, *, naive: bool = False
) -> dict[str, str | None]:
    """A plausible staff record for a sandbox citizen, as a vendor would build it: recruited
    after the 18th birthday (mostly after 22) and before the retirement date. `naive`: any
    recruitment date from the 18th birthday to today."""
    staff_type, rank_code, unit = rng.choice(POSTS)
    rank = RANKS[rank_code]
    grade = SALARY_GRADES[rank.grades[0]]
    adult = add_years(citizen.date_of_birth, 18)
    latest = (
        AS_OF
        if naive
        else min(AS_OF, retirement_date(citizen.date_of_birth, citizen.sex == "female"))
    )
    earliest = max(adult, add_years(citizen.date_of_birth, 22) if rng.random() < 0.8 else adult)
    earliest = min(earliest, latest)
    recruited = earliest + timedelta(days=rng.randrange(0, (latest - earliest).days + 1))
    years = (AS_OF - recruited).days // 365
    step = min(1 + years // 3, grade.steps)
    coefficient = grade.table_for(staff_type)[step - 1]
    party = None
    if rng.random() < 0.3 and (AS_OF - add_years(citizen.date_of_birth, 20)).days > 0:
        joined = add_years(citizen.date_of_birth, 20)
        party = (joined + timedelta(days=rng.randrange(0, (AS_OF - joined).days + 1))).isoformat()
    return {
        "person_id": citizen.person_id,
        "old_id_number": citizen.old_id_number if rng.random() < 0.3 else None,
        "full_name": citizen.full_name,
        "date_of_birth": citizen.date_of_birth.isoformat(),
        "sex": citizen.sex,
        "ethnicity_code": citizen.ethnicity_code,
        "religion": citizen.religion,
        "hometown_province": citizen.hometown_province,
        "permanent_address": citizen.permanent_address,
        "agency_code": "UBND-031",
        "unit": unit,
        "staff_type": staff_type,
        "rank_code": rank_code,
        "salary_grade": grade.code,
        "salary_step": str(step),
        "salary_coefficient": f"{coefficient:.2f}",
        "recruitment_date": recruited.isoformat(),
        "position": rng.choice((None, "Trưởng phòng", "Phó Trưởng phòng", "Tổ trưởng")),
        "education_level": rng.choice(("Đại học", "Thạc sĩ", "Cao đẳng", "Tiến sĩ")),
        "party_join_date": party,
        "social_insurance_no": f"{rng.randrange(10**9, 10**10)}",
        "employment_status": "active",
        "source_updated_at": (RECEIVED_AT - timedelta(hours=1)).isoformat(),
    }


def identity_of(citizen: Citizen) -> IdentityCheck:
    """What the gateway maps from the population DB for a record copied from the citizen."""
    return IdentityCheck(
        "match",
        {"full_name": "match", "date_of_birth": "match", "sex": "match"},
        person_id=citizen.person_id,
        registry={
            "full_name": citizen.full_name,
            "date_of_birth": citizen.date_of_birth.isoformat(),
            "sex": citizen.sex,
            "ethnicity_code": citizen.ethnicity_code,
            "religion": citizen.religion,
            "hometown_province": citizen.hometown_province,
            "permanent_address": citizen.permanent_address,
        },
    )


def context_for(citizen: Citizen, cohort: str, phase: str | None, channel: str) -> RecordContext:
    return RecordContext(
        as_of=AS_OF,
        agency_code="UBND-031",
        cohort=cohort,  # type: ignore[arg-type]
        phase=phase,  # type: ignore[arg-type]
        channel=channel,  # type: ignore[arg-type]
        received_at=RECEIVED_AT,
        identity=identity_of(citizen),
    )


def test_thousand_staff_records_from_sandbox_citizens_are_accepted(
    population: Population,
) -> None:
    rng = random.Random(2026)
    citizens = list(itertools.islice(iter_citizens(population, as_of=AS_OF), 1000))
    assert len(citizens) == 1000
    scopes = (("26", None, "api"), ("70", "II", "api"), ("70", "I", "template"))
    evaluations = []
    warnings: Counter[str] = Counter()
    for index, citizen in enumerate(citizens):
        record = staff_record(citizen, rng)
        ev = evaluate(record, context_for(citizen, *scopes[index % 3]))
        evaluations.append(ev)
        bad = [f for f in ev.findings if f.severity is Severity.ERROR]
        assert not bad, (record, [(f.rule, f.field, f.message) for f in bad])
        assert ev.status == "accepted"
        warnings.update(f.rule for f in ev.findings)
    # The only warning a correct record of a living adult of working age can earn: women
    # aged 57–59 are past the 2026 retirement age (57) while still recorded active.
    assert set(warnings) <= {"SONG-RETIREMENT-AGE"}
    summary = summarise(evaluations)
    assert summary.accepted == 1000
    assert all(d.pass_share == 1.0 for d in summary.dimensions.values())


def test_naively_built_records_are_accepted_too(population: Population) -> None:
    """Recruitment dates drawn anywhere from the 18th birthday to today: a few fall after the
    retirement date of the oldest women, which is flagged (a warning), never rejected."""
    rng = random.Random(72)
    for citizen in itertools.islice(iter_citizens(population, as_of=AS_OF, start=9000), 1000):
        record = staff_record(citizen, rng, naive=True)
        ev = evaluate(record, context_for(citizen, "26", None, "api"))
        assert ev.status == "accepted", [(f.rule, f.message) for f in ev.findings]
        assert {f.rule for f in ev.findings} <= {
            "SONG-RETIREMENT-AGE",
            "DUNG-RECRUITMENT-BEFORE-RETIREMENT",
        }


def test_records_with_only_the_identifier_are_completed_from_the_population_db(
    population: Population,
) -> None:
    """Phase I: an agency without software sends the personal number and the post."""
    for citizen in itertools.islice(iter_citizens(population, as_of=AS_OF, start=5000), 200):
        record = {
            "person_id": citizen.person_id,
            "unit": "Phòng Nội vụ",
            "staff_type": "cong_chuc",
            "rank_code": "01.003",
            "employment_status": "active",
        }
        ev = evaluate(record, context_for(citizen, "70", "I", "self_update"))
        assert [f for f in ev.findings if f.severity is Severity.ERROR] == []
        assert ev.record["full_name"] == citizen.full_name
        assert ev.record["date_of_birth"] == citizen.date_of_birth.isoformat()


def test_every_cell_of_the_population_passes_the_structural_rules(
    population: Population,
) -> None:
    """The first citizen of every (province, birth year, sex) cell: its personal number, date
    of birth, sex and old CMND number agree with the structural rules."""
    ctx = RecordContext(
        as_of=AS_OF,
        agency_code="UBND-031",
        cohort="70",
        phase="I",
        channel="template",
        received_at=RECEIVED_AT,
        identity=IdentityCheck("match", {}),
    )
    checked = 0
    for cell in population.cells.cells:
        if cell.size == 0:
            continue
        for ordinal in (cell.start, cell.start + cell.size - 1):
            citizen = population.citizen(ordinal, cell)
            record = {
                "person_id": citizen.person_id,
                "old_id_number": citizen.old_id_number,
                "full_name": citizen.full_name,
                "date_of_birth": citizen.date_of_birth.isoformat(),
                "sex": citizen.sex,
                "ethnicity_code": citizen.ethnicity_code,
                "religion": citizen.religion,
                "hometown_province": citizen.hometown_province,
                "permanent_address": citizen.permanent_address,
            }
            ev = evaluate(record, ctx)
            found = {f.rule for f in ev.findings} & (
                STRUCTURE_RULES | {"DUNG-NAME-CHARS", "SACH-NAME-CASE", "SACH-NFC"}
            )
            assert not found, (record, found)
            checked += 1
    assert checked > 10_000


def test_no_old_cmnd_number_of_the_population_looks_like_a_placeholder(
    population: Population,
) -> None:
    """All-same-digit numbers are junk; none is held by a sandbox citizen (checked exactly
    by inverting the CMND permutation)."""
    offset = population._cmnd_offset
    for digit in "0123456789":
        value = int(digit * 9)
        assert is_placeholder(f"{value:09d}")
        ordinal = ordinal_of_old_id(value, offset)
        holder = (
            ordinal < population.size
            and population.cells.cell_of(ordinal).birth_year <= LAST_CMND_BIRTH_YEAR
        )
        assert not holder, digit
    assert CMND_SPACE == 10**9


def test_deceased_sandbox_citizens_recorded_active_are_caught(population: Population) -> None:
    dead = list(itertools.islice(iter_citizens(population, as_of=AS_OF, status="deceased"), 50))
    assert dead
    rng = random.Random(7)
    for citizen in dead:
        record = staff_record(citizen, rng)
        identity = IdentityCheck(
            "deceased",
            {"full_name": "match", "date_of_birth": "match", "sex": "match"},
            date_of_death=citizen.date_of_death,
            person_id=citizen.person_id,
        )
        ctx = replace(context_for(citizen, "26", None, "api"), identity=identity)
        ev = evaluate(record, ctx)
        assert "SONG-DECEASED-ACTIVE" in {f.rule for f in ev.findings}
        assert ev.status == "rejected"
