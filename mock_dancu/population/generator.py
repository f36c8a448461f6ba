"""The population: ordinal → citizen in O(1), personal number / CMND → citizen in O(1)."""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from math import gcd
from struct import Struct

from ccvc.codelists import ethnic_groups, provinces
from mock_dancu.population import names
from mock_dancu.population.cells import (
    FIRST_BIRTH_YEAR,
    REFERENCE_YEAR,
    YEARS,
    Cell,
    CellTable,
    Sex,
)
from mock_dancu.population.citizen import Citizen, add_years
from mock_dancu.population.codec import (
    CMND_SPACE,
    LAST_CMND_BIRTH_YEAR,
    PersonIdParts,
    check_old_id,
    encode_person_id,
    old_id_of,
    ordinal_of_old_id,
    parse_person_id,
    rank_of,
    serial_of,
)
from mock_dancu.population.places import (
    RELIGION_TABLE_ELSEWHERE,
    RELIGION_TABLE_SOUTH,
    ethnic_cumulative,
    format_address,
    province_table,
)

MAX_POPULATION = CMND_SPACE
DEATH_WINDOW_FIRST = date(2015, 1, 1)
DEATH_WINDOW_LAST = date(2026, 10, 31)
KHMER = "05"

_WORDS = Struct("<5Q")
_MASK12 = 0xFFF
_MASK8 = 0xFF
_MASK16 = 0xFFFF


def death_chance(age: int) -> int:
    """Chance, per 2^20, of having died in the window, by age at the reference year."""
    if age < 18:
        share = 5
    elif age < 40:
        share = 60
    elif age < 60:
        share = 200
    elif age < 70:
        share = 700
    elif age < 80:
        share = 2200
    elif age < 90:
        share = 4500
    else:
        share = 7000
    return share * (1 << 20) // 10_000


def _seed_key(seed: int) -> bytes:
    return b"ccvc-dancu:" + seed.to_bytes(8, "little", signed=True)


def _derived_int(seed: int, label: str, modulus: int) -> int:
    digest = hashlib.blake2b(label.encode(), key=_seed_key(seed), digest_size=16).digest()
    return int.from_bytes(digest, "little") % modulus


RECENT_CITIZENS = 4096  # by_person_id's memory: a verification and a lookup of 1,000 people


class Population:
    """A deterministic synthetic population of `size` citizens drawn from `seed`.

    Nothing is generated up front except the cell table (~12,000 cells): every citizen is
    derived on demand from (seed, ordinal).
    """

    def __init__(self, seed: int, size: int) -> None:
        if not 1 <= size <= MAX_POPULATION:
            raise ValueError(f"population size must be between 1 and {MAX_POPULATION}")
        self.seed = seed
        self.size = size
        self._provinces = provinces()
        self._province_by_code = {p.code: p for p in self._provinces}
        self.province_codes = frozenset(self._province_by_code)
        self.cells = CellTable(size, self._provinces)
        self._cell_offsets = [
            _derived_int(seed, f"cell:{c.index}", 10**6) for c in self.cells.cells
        ]
        self._id_prefixes = [
            encode_person_id(c.province_code, c.birth_year, c.sex, 0)[:6] for c in self.cells.cells
        ]
        self._cmnd_offset = _derived_int(seed, "cmnd", CMND_SPACE)
        self._hasher = hashlib.blake2b(key=_seed_key(seed), digest_size=_WORDS.size)
        self._ethnic_codes, self._ethnic_cumulative = ethnic_cumulative(ethnic_groups())
        self._ethnic_total = self._ethnic_cumulative[-1]
        self._province_table = province_table(self._provinces)
        self._death_chance = [
            death_chance(REFERENCE_YEAR - FIRST_BIRTH_YEAR - i) for i in range(YEARS)
        ]
        self._death_first = DEATH_WINDOW_FIRST.toordinal()
        self._recent: dict[str, Citizen | None] = {}
        self._death_last = DEATH_WINDOW_LAST.toordinal()
        # The scrambled walk: position p → ordinal (M·p + C) mod size, M coprime to size.
        multiplier = max(size * 618_033_989 // 1_000_000_000, 1)
        while gcd(multiplier, size) != 1:
            multiplier += 1
        self._walk_multiplier = multiplier
        self._walk_offset = _derived_int(seed, "walk", size)

    # --- identifiers ------------------------------------------------------------------

    def person_id_of(self, ordinal: int) -> str:
        cell = self.cells.cell_of(ordinal)
        return self._person_id(cell, ordinal - cell.start)

    def _person_id(self, cell: Cell, rank: int) -> str:
        serial = serial_of(rank, self._cell_offsets[cell.index])
        return f"{self._id_prefixes[cell.index]}{serial:06d}"

    def parse_person_id(self, person_id: str) -> PersonIdParts:
        """Structural check; raises `InvalidIdentifier` with a bilingual reason."""
        return parse_person_id(person_id, self.province_codes)

    def ordinal_of_person_id(self, person_id: str) -> int | None:
        """The ordinal of a personal number, None if nobody holds it; raises if malformed."""
        parts = self.parse_person_id(person_id)
        cell = self.cells.lookup(parts.province_code, parts.birth_year, parts.sex)
        if cell is None:
            return None
        rank = rank_of(parts.serial, self._cell_offsets[cell.index])
        return cell.start + rank if rank < cell.size else None

    def unused_person_id(self, province_code: str, birth_year: int, sex: Sex) -> str:
        """A well-formed personal number that belongs to nobody (for not-found tests)."""
        cell = self.cells.lookup(province_code, birth_year, sex)
        if cell is None:
            raise ValueError("no such cell")
        return self._person_id(cell, cell.size)

    def ordinal_of_old_id(self, old_id: str) -> int | None:
        """The ordinal of an old CMND number, None if nobody holds it; raises if malformed."""
        ordinal = ordinal_of_old_id(check_old_id(old_id), self._cmnd_offset)
        if ordinal >= self.size:
            return None
        if self.cells.cell_of(ordinal).birth_year > LAST_CMND_BIRTH_YEAR:
            return None
        return ordinal

    # --- citizens ---------------------------------------------------------------------

    def by_person_id(self, person_id: str) -> Citizen | None:
        """The citizen holding a personal number. The last few thousand answers are kept: an
        agency's round asks twice of the same people (verification, then lookup)."""
        try:
            return self._recent[person_id]
        except KeyError:
            pass
        ordinal = self.ordinal_of_person_id(person_id)
        citizen = None if ordinal is None else self.citizen(ordinal)
        if len(self._recent) >= RECENT_CITIZENS:
            self._recent.clear()
        self._recent[person_id] = citizen
        return citizen

    def by_old_id(self, old_id: str) -> Citizen | None:
        ordinal = self.ordinal_of_old_id(old_id)
        return None if ordinal is None else self.citizen(ordinal)

    def citizen(self, ordinal: int, cell: Cell | None = None) -> Citizen:
        """Citizen number `ordinal` (0 <= ordinal < size). Pure function of (seed, ordinal)."""
        if not 0 <= ordinal < self.size:
            raise IndexError("ordinal out of range")
        if cell is None:
            cell = self.cells.cells[bisect_right(self.cells.starts, ordinal) - 1]
        hasher = self._hasher.copy()
        hasher.update(ordinal.to_bytes(8, "little"))
        w0, w1, w2, w3, w4 = _WORDS.unpack(hasher.digest())
        year = cell.birth_year
        male = cell.sex == "male"

        born = date.fromordinal(cell.year_start + (w0 & 0xFFFFFFFF) % cell.days_in_year)
        family = names.FAMILY_TABLE[(w0 >> 32) & _MASK12]
        if ((w0 >> 44) & 0x3FF) < names.plain_middle_share(year):
            middle = "Văn" if male else "Thị"
        else:
            middles = names.MALE_MIDDLES if male else names.FEMALE_MIDDLES
            middle = middles[(w0 >> 54) % len(middles)]
        given_table = names.MALE_GIVEN_TABLE if male else names.FEMALE_GIVEN_TABLE
        given = given_table[w1 & _MASK12]
        if given == family:  # "Vũ Văn Vũ" is rare: take a name from the other half
            given = given_table[(w1 + names.TABLE_SIZE // 2) & _MASK12]

        ethnic = self._ethnic_codes[
            bisect_right(self._ethnic_cumulative, ((w1 >> 12) & 0xFFFFFFF) % self._ethnic_total)
        ]
        birth_province = self._province_by_code[cell.province_code]
        if ethnic == KHMER and ((w1 >> 40) & _MASK12) < 3700:
            religion = "Phật giáo"
        elif birth_province.region == "south":
            religion = RELIGION_TABLE_SOUTH[(w1 >> 40) & _MASK12]
        else:
            religion = RELIGION_TABLE_ELSEWHERE[(w1 >> 40) & _MASK12]
        if ((w1 >> 52) & _MASK8) < 230:
            hometown = cell.province_code
        else:
            hometown = self._province_table[w2 & _MASK16]
        if ((w2 >> 16) & _MASK8) < 205:
            residence = birth_province
        else:
            residence = self._province_by_code[self._province_table[(w2 >> 24) & _MASK16]]
        house_draw = (w2 >> 48) & _MASK16
        address = format_address(
            residence,
            w3,
            urban_roll=(w2 >> 40) & _MASK8,
            house=house_draw % 300 + 1,
            hamlet=house_draw // 300 % 20 + 1,
        )

        died: date | None = None
        if (w4 & 0xFFFFF) < self._death_chance[year - FIRST_BIRTH_YEAR]:
            adult_from = add_years(born, 18).toordinal()
            first = adult_from if adult_from <= self._death_last else born.toordinal() + 1
            first = max(first, self._death_first)
            died = date.fromordinal(first + (w4 >> 20) % (self._death_last - first + 1))

        return Citizen(
            ordinal,
            self._person_id(cell, ordinal - cell.start),
            family,
            middle,
            given,
            f"{family} {middle} {given}",
            born,
            cell.sex,
            ethnic,
            religion,
            cell.province_code,
            hometown,
            address,
            old_id_of(ordinal, self._cmnd_offset) if year <= LAST_CMND_BIRTH_YEAR else None,
            died,
        )

    # --- the scrambled walk -----------------------------------------------------------

    def ordinal_at(self, position: int) -> int:
        """The ordinal at `position` of the scrambled walk (a permutation of all ordinals)."""
        return (self._walk_multiplier * position + self._walk_offset) % self.size

    def walk(self, start: int = 0, stop: int | None = None) -> Iterator[int]:
        """Ordinals in walk order, positions [start, stop)."""
        end = self.size if stop is None else min(stop, self.size)
        multiplier, offset, size = self._walk_multiplier, self._walk_offset, self.size
        ordinal = (multiplier * start + offset) % size
        step = multiplier % size
        for _ in range(max(end - start, 0)):
            yield ordinal
            ordinal += step
            if ordinal >= size:
                ordinal -= size


@lru_cache(maxsize=4)
def get_population(seed: int, size: int) -> Population:
    """The shared population instance for (seed, size); built in milliseconds."""
    return Population(seed, size)
