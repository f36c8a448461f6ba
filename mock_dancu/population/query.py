"""Filtered walks over the population: the sandbox listing and in-process iteration.

Filters are checked first on the cell (province, birth year, sex: no derivation needed), then
on the derived citizen (exact age, life status), so a walk skips most non-matching ordinals
for the price of one bisection.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from mock_dancu.population.cells import Cell, Sex
from mock_dancu.population.citizen import Citizen
from mock_dancu.population.generator import DEATH_WINDOW_FIRST, Population

StatusFilter = Literal["alive", "deceased", "any"]

DEFAULT_MIN_AGE = 18
DEFAULT_MAX_AGE = 59


@dataclass(frozen=True, slots=True)
class CitizenFilter:
    """Which citizens a walk yields. Ages are at `as_of`, or at death for the deceased."""

    as_of: date
    status: StatusFilter = "alive"
    min_age: int = DEFAULT_MIN_AGE
    max_age: int = DEFAULT_MAX_AGE
    province: str | None = None
    sex: Sex | None = None

    def cell_may_match(self, cell: Cell) -> bool:
        if cell.size == 0 or cell.birth_year > self.as_of.year:
            return False
        if self.province is not None and cell.province_code != self.province:
            return False
        if self.sex is not None and cell.sex != self.sex:
            return False
        oldest = self.as_of.year - cell.birth_year  # the most anyone of the cell can be
        if oldest < self.min_age:
            return False
        youngest_alive = oldest - 1
        youngest_dead = DEATH_WINDOW_FIRST.year - cell.birth_year - 1
        alive_fits = youngest_alive <= self.max_age
        dead_fits = youngest_dead <= self.max_age and self.as_of >= DEATH_WINDOW_FIRST
        if self.status == "alive":
            return alive_fits
        if self.status == "deceased":
            return dead_fits
        return alive_fits or dead_fits

    def matches(self, citizen: Citizen) -> bool:
        as_of = self.as_of
        if citizen.date_of_birth > as_of:
            return False
        deceased = citizen.date_of_death is not None and citizen.date_of_death <= as_of
        if (self.status == "alive" and deceased) or (self.status == "deceased" and not deceased):
            return False
        if self.province is not None and citizen.birth_province != self.province:
            return False
        if self.sex is not None and citizen.sex != self.sex:
            return False
        return self.min_age <= citizen.age(as_of) <= self.max_age


@dataclass(slots=True)
class ScanResult:
    citizens: list[Citizen] = field(default_factory=list)
    next_position: int | None = None
    """Where to continue the walk; None when the walk ended or the scan budget ran out."""
    scanned: int = 0
    budget_exhausted: bool = False


def _cell_mask(population: Population, flt: CitizenFilter) -> bytes:
    return bytes(1 if flt.cell_may_match(c) else 0 for c in population.cells.cells)


def scan(
    population: Population, flt: CitizenFilter, *, start: int, limit: int, max_scan: int
) -> ScanResult:
    """Up to `limit` matching citizens from walk position `start`, examining at most
    `max_scan` positions (so an impossible filter answers quickly instead of hanging)."""
    result = ScanResult()
    if start >= population.size:
        return result
    mask = _cell_mask(population, flt)
    if not any(mask):
        return result
    cells, starts = population.cells.cells, population.cells.starts
    position = start
    stop = min(population.size, start + max_scan)
    for ordinal in population.walk(start, stop):
        position += 1
        index = bisect_right(starts, ordinal) - 1
        if not mask[index]:
            continue
        citizen = population.citizen(ordinal, cells[index])
        if flt.matches(citizen):
            result.citizens.append(citizen)
            if len(result.citizens) >= limit:
                break
    result.scanned = position - start
    if len(result.citizens) >= limit and position < population.size:
        result.next_position = position
    elif position < population.size:
        result.budget_exhausted = True
    return result


def iter_citizens(
    population: Population,
    *,
    as_of: date,
    status: StatusFilter = "alive",
    min_age: int = DEFAULT_MIN_AGE,
    max_age: int = DEFAULT_MAX_AGE,
    province: str | None = None,
    sex: Sex | None = None,
    start: int = 0,
    stop: int | None = None,
) -> Iterator[Citizen]:
    """Every matching citizen, each once, in the scrambled walk order from position `start`
    to `stop` (exclusive; default the end). Disjoint [start, stop) ranges yield disjoint
    citizens, so work can be split across processes. Defaults: alive, aged 18–59 at `as_of`.
    """
    flt = CitizenFilter(as_of, status, min_age, max_age, province, sex)
    mask = _cell_mask(population, flt)
    if not any(mask):
        return
    cells, starts = population.cells.cells, population.cells.starts
    derive, matches = population.citizen, flt.matches
    for ordinal in population.walk(start, stop):
        index = bisect_right(starts, ordinal) - 1
        if mask[index]:
            citizen = derive(ordinal, cells[index])
            if matches(citizen):
                yield citizen
