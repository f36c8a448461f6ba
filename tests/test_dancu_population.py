"""The synthetic population: identifier codecs, determinism, distributions, walks, speed."""

from __future__ import annotations

import hashlib
import time
import unicodedata
from collections import Counter
from datetime import date

import pytest

from ccvc.codelists import ethnic_group_by_code, province_by_code
from ccvc.text import name_key
from mock_dancu.personas.catalogue import build_catalogue
from mock_dancu.population import (
    Citizen,
    InvalidIdentifier,
    Population,
    get_population,
    iter_citizens,
)
from mock_dancu.population.cells import MAX_CELL_SIZE, SEXES, Sex
from mock_dancu.population.citizen import add_years
from mock_dancu.population.codec import century_sex_digit
from mock_dancu.population.generator import DEATH_WINDOW_FIRST, DEATH_WINDOW_LAST
from mock_dancu.population.spelling import registry_spelling, second_vowel_spelling

SEED = 72
SIZE = 5_000_000
AS_OF = date(2026, 11, 23)


@pytest.fixture(scope="module")
def population() -> Population:
    return get_population(SEED, SIZE)


@pytest.fixture(scope="module")
def sample(population: Population) -> list[Citizen]:
    """20,000 citizens spread over the whole population (every 250th walk position)."""
    return [population.citizen(population.ordinal_at(p)) for p in range(0, SIZE, 250)]


# --- cells ------------------------------------------------------------------------------


def test_cells_sum_to_population_and_fit_serial_space(population: Population) -> None:
    sizes = [c.size for c in population.cells.cells]
    assert sum(sizes) == SIZE
    assert max(sizes) <= MAX_CELL_SIZE
    assert len(sizes) == 63 * 96 * 2


def test_start_up_is_fast() -> None:
    started = time.perf_counter()
    Population(SEED + 1, SIZE)
    assert time.perf_counter() - started < 1.0


def test_population_size_is_bounded() -> None:
    with pytest.raises(ValueError):
        Population(SEED, 0)
    with pytest.raises(ValueError):
        Population(SEED, 10**9 + 1)


# --- personal number codec ----------------------------------------------------------------


def test_person_id_round_trip_and_structure(population: Population, sample: list[Citizen]) -> None:
    provinces = province_by_code()
    for citizen in sample:
        pid = citizen.person_id
        assert len(pid) == 12 and pid.isdigit()
        assert pid[:3] in provinces
        assert pid[:3] == citizen.birth_province
        assert int(pid[3]) == century_sex_digit(citizen.date_of_birth.year, citizen.sex)
        assert pid[4:6] == f"{citizen.date_of_birth.year % 100:02d}"
        assert population.ordinal_of_person_id(pid) == citizen.ordinal
        assert population.by_person_id(pid) == citizen


@pytest.mark.parametrize(
    ("year", "sex", "digit"),
    [(1930, "male", 0), (1999, "female", 1), (2000, "male", 2), (2025, "female", 3)],
)
def test_century_sex_digit(year: int, sex: Sex, digit: int) -> None:
    assert century_sex_digit(year, sex) == digit


def test_century_digit_in_generated_ids(sample: list[Citizen]) -> None:
    digits = Counter((c.person_id[3], c.sex, c.date_of_birth.year >= 2000) for c in sample)
    assert set(digits) == {
        ("0", "male", False),
        ("1", "female", False),
        ("2", "male", True),
        ("3", "female", True),
    }


def test_person_ids_are_unique_in_a_cell(population: Population) -> None:
    cell = population.cells.lookup("001", 1985, "female")
    assert cell is not None
    ids = {population.person_id_of(cell.start + k) for k in range(cell.size)}
    assert len(ids) == cell.size


def test_well_formed_ids_outside_the_population_are_not_found(population: Population) -> None:
    for province in ("001", "079", "096"):
        for year in (1931, 1985, 2024):
            for sex in SEXES:
                ghost = population.unused_person_id(province, year, sex)
                assert population.ordinal_of_person_id(ghost) is None
    # birth years outside 1930–2025 are well formed but nobody was generated there
    assert population.ordinal_of_person_id("001020123456") is None  # born 1920
    assert population.ordinal_of_person_id("001399123456") is None  # born 2099


def test_not_found_share_of_random_serials(population: Population) -> None:
    """Most serials of a cell belong to nobody (cells are far smaller than 10^6)."""
    cell = population.cells.lookup("001", 1990, "male")
    assert cell is not None
    prefix = population.person_id_of(cell.start)[:6]
    found = sum(
        population.ordinal_of_person_id(f"{prefix}{serial:06d}") is not None
        for serial in range(0, 10**6, 97)
    )
    expected = cell.size * (10**6 // 97) / 10**6
    assert abs(found - expected) <= max(10, expected * 0.5)


@pytest.mark.parametrize(
    "bad",
    ["", "12345", "0010851234567", "00108512345a", "003085123456", "999085123456",
     "001485123456", "001985123456", "００１０８５１２３４５６"],
)  # fmt: skip
def test_malformed_person_ids(population: Population, bad: str) -> None:
    with pytest.raises(InvalidIdentifier) as info:
        population.ordinal_of_person_id(bad)
    assert " / " in info.value.reason  # Vietnamese / English


# --- CMND -----------------------------------------------------------------------------------


def test_old_id_round_trip(population: Population, sample: list[Citizen]) -> None:
    with_old = [c for c in sample if c.old_id_number is not None]
    assert len(with_old) > len(sample) // 2
    for citizen in sample:
        if citizen.date_of_birth.year <= 2006:
            assert citizen.old_id_number is not None
            assert len(citizen.old_id_number) == 9 and citizen.old_id_number.isdigit()
            assert population.by_old_id(citizen.old_id_number) == citizen
        else:
            assert citizen.old_id_number is None
    assert len({c.old_id_number for c in with_old}) == len(with_old)


def test_old_ids_of_nobody(population: Population) -> None:
    hits = sum(
        population.ordinal_of_old_id(f"{n:09d}") is not None for n in range(0, 10**9, 99_991)
    )
    # 5M of 10^9 numbers are ordinals, ~80% of them born by 2006: ~0.4% of numbers are used
    assert hits < 200
    with pytest.raises(InvalidIdentifier):
        population.ordinal_of_old_id("12345678")
    with pytest.raises(InvalidIdentifier):
        population.ordinal_of_old_id("12345678x")


# --- determinism --------------------------------------------------------------------------


def test_same_citizen_twice_and_across_instances() -> None:
    first, second = Population(SEED, SIZE), Population(SEED, SIZE)
    for ordinal in (0, 1, 12_345, 2_500_000, SIZE - 1):
        assert first.citizen(ordinal) == first.citizen(ordinal) == second.citizen(ordinal)
    other = Population(SEED + 1, SIZE)
    assert [other.citizen(o) for o in range(50)] != [first.citizen(o) for o in range(50)]


def test_golden_population_fingerprint() -> None:
    """Pins the derivation: any change to it (or to Faker's vi_VN lists) shows up here."""
    population = Population(SEED, SIZE)
    text = "\n".join(repr(population.citizen(population.ordinal_at(p))) for p in range(300))
    digest = hashlib.sha256(text.encode()).hexdigest()
    assert population.citizen(0).person_id == GOLDEN_FIRST_ID
    assert digest == GOLDEN_DIGEST


GOLDEN_FIRST_ID = "001030718021"
GOLDEN_DIGEST = "8e246cde29327f59a74c0848d1c7203ef87c690fd49e528177fc54bbdc4327dd"


def test_persona_catalogue_is_identical_across_instances() -> None:
    first = build_catalogue(Population(SEED, SIZE))
    second = build_catalogue(Population(SEED, SIZE))
    assert first == second
    assert len({p.id for p in first}) == len(first) == 14


def test_walk_is_a_permutation() -> None:
    population = Population(SEED, 7919)
    assert sorted(population.walk()) == list(range(7919))
    assert [population.ordinal_at(p) for p in range(100)] == list(population.walk(0, 100))


# --- distributions -------------------------------------------------------------------------


def test_family_name_shares(sample: list[Citizen]) -> None:
    shares = Counter(c.family_name for c in sample)
    n = len(sample)
    assert abs(shares["Nguyễn"] / n - 0.38) < 0.015
    assert abs(shares["Trần"] / n - 0.11) < 0.01
    assert abs(shares["Lê"] / n - 0.095) < 0.01
    assert len(shares) > 40


def test_names_are_clean(sample: list[Citizen]) -> None:
    middles = Counter(c.middle_name for c in sample)
    givens = {c.given_name for c in sample}
    for citizen in sample:
        name = citizen.full_name
        assert unicodedata.is_normalized("NFC", name)
        assert name == f"{citizen.family_name} {citizen.middle_name} {citizen.given_name}"
        assert registry_spelling(name) == name
        assert citizen.given_name != citizen.family_name
    assert {"Hòa", "Khoa", "Thủy", "Thụy", "Loan", "Xoan", "Toàn", "Quý"} <= givens
    assert 0.15 < middles["Văn"] / len(sample) < 0.35
    assert 0.15 < middles["Thị"] / len(sample) < 0.35
    assert len(middles) > 40


def test_sex_ethnicity_religion_hometown(sample: list[Citizen]) -> None:
    n = len(sample)
    assert abs(sum(c.sex == "male" for c in sample) / n - 0.5) < 0.02
    ethnic = Counter(c.ethnicity_code for c in sample)
    assert abs(ethnic["01"] / n - 0.8532) < 0.015
    assert set(ethnic) <= set(ethnic_group_by_code())
    religions = Counter(c.religion for c in sample)
    assert 0.8 < religions["Không"] / n < 0.92
    assert {"Phật giáo", "Công giáo", "Tin lành", "Cao Đài", "Hòa Hảo"} <= set(religions)
    same = sum(c.hometown_province == c.birth_province for c in sample) / n
    assert 0.85 < same < 0.95
    assert all(c.hometown_province in province_by_code() for c in sample)
    for citizen in sample[:500]:
        assert citizen.permanent_address.count(", ") >= 3


def test_age_pyramid(sample: list[Citizen]) -> None:
    ages = Counter(citizen.date_of_birth.year for citizen in sample)
    n = len(sample)
    working = sum(v for y, v in ages.items() if 1967 <= y <= 2008) / n
    assert 0.55 < working < 0.68
    very_old = sum(v for y, v in ages.items() if y <= 1936) / n
    assert very_old < 0.005
    young = sum(v for y, v in ages.items() if y >= 2016) / n
    assert 0.1 < young < 0.2


def test_deaths(sample: list[Citizen]) -> None:
    dead = [c for c in sample if c.date_of_death is not None]
    share = len(dead) / len(sample)
    assert 0.02 < share < 0.04
    for citizen in dead:
        died = citizen.date_of_death
        assert died is not None
        assert DEATH_WINDOW_FIRST <= died <= DEATH_WINDOW_LAST
        assert died > citizen.date_of_birth
        eighteenth = add_years(citizen.date_of_birth, 18)
        if eighteenth <= DEATH_WINDOW_LAST:
            assert died >= eighteenth
    old = [c for c in sample if c.date_of_birth.year < 1950]
    old_share = sum(c.date_of_death is not None for c in old) / len(old)
    assert old_share > 3 * share
    assert all(c.life_status(date(2014, 12, 31)) == "alive" for c in dead)
    assert all(c.life_status(date(2026, 11, 1)) == "deceased" for c in dead)


# --- iteration ----------------------------------------------------------------------------


def test_iter_citizens_defaults_are_working_age_alive(population: Population) -> None:
    seen: set[str] = set()
    for count, citizen in enumerate(iter_citizens(population, as_of=AS_OF)):
        assert 18 <= citizen.age(AS_OF) <= 59
        assert citizen.life_status(AS_OF) == "alive"
        seen.add(citizen.person_id)
        if count == 2000:
            break
    assert len(seen) == 2001


def test_iter_citizens_shards_are_disjoint(population: Population) -> None:
    first = {c.ordinal for c in iter_citizens(population, as_of=AS_OF, start=0, stop=3000)}
    second = {c.ordinal for c in iter_citizens(population, as_of=AS_OF, start=3000, stop=6000)}
    assert first and second and not first & second


def test_iter_citizens_filters(population: Population) -> None:
    it = iter_citizens(
        population, as_of=AS_OF, status="deceased", min_age=30, max_age=70, sex="female"
    )
    for _, citizen in zip(range(200), it, strict=False):
        assert citizen.is_deceased(AS_OF) and citizen.sex == "female"
        assert 30 <= citizen.age(AS_OF) <= 70


def test_derivation_speed(population: Population) -> None:
    ordinals = list(population.walk(1_000_000, 1_030_000))
    started = time.perf_counter()
    for ordinal in ordinals:
        population.citizen(ordinal)
    rate = len(ordinals) / (time.perf_counter() - started)
    print(f"derivation: {rate:,.0f} citizens/s")
    assert rate > 30_000  # ~150,000/s on a laptop core; loose bound for slow CI machines


# --- spelling -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("registry", "second"),
    [("Hòa", "Hoà"), ("Thủy", "Thuỷ"), ("Thụy", "Thuỵ"), ("Khỏe", "Khoẻ"), ("Quý", "Quý"),
     ("Toàn", "Toàn"), ("Nguyễn Thị Thùy", "Nguyễn Thị Thuỳ")],
)  # fmt: skip
def test_tone_placement(registry: str, second: str) -> None:
    assert second_vowel_spelling(registry) == second
    assert registry_spelling(second) == registry
    assert name_key(registry) == name_key(second)
