"""Cells of the population: (province of birth registration, birth year, sex).

Each cell holds a contiguous range of ordinals. Cell sizes are apportioned once from integer
weights (province population x age weight, sexes equal) with the largest-remainder method, so
they sum to exactly the population size and involve no floating point (identical everywhere).
An ordinal is mapped to its cell by bisecting the array of range starts.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from ccvc.codelists import Province

Sex = Literal["male", "female"]
SEXES: tuple[Sex, Sex] = ("male", "female")

FIRST_BIRTH_YEAR = 1930
LAST_BIRTH_YEAR = 2025
YEARS = LAST_BIRTH_YEAR - FIRST_BIRTH_YEAR + 1
REFERENCE_YEAR = 2026
"""Ages of the pyramid are counted at this year."""

# Largest cell must fit the 6-digit serial space of the personal number.
MAX_CELL_SIZE = 1_000_000


def age_weight(age: int) -> int:
    """Relative size of an age cohort: flat to 55, then a quadratic taper to few at 95."""
    if age <= 55:
        return 42 * 42
    taper = max(97 - age, 1)
    return taper * taper


@dataclass(frozen=True, slots=True)
class Cell:
    index: int
    province_code: str
    province_index: int
    birth_year: int
    sex: Sex
    start: int
    """First ordinal of the cell."""
    size: int
    year_start: int
    """Proleptic Gregorian ordinal of 1 January of the birth year."""
    days_in_year: int


def cell_index(province_index: int, birth_year: int, sex_index: int) -> int:
    return (province_index * YEARS + (birth_year - FIRST_BIRTH_YEAR)) * 2 + sex_index


def apportion(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` in proportion to integer `weights` (largest remainder, ties by index)."""
    weight_sum = sum(weights)
    shares = [total * w // weight_sum for w in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % weight_sum), i))
    for i in remainders[: total - sum(shares)]:
        shares[i] += 1
    return shares


class CellTable:
    """All cells, with O(log cells) ordinal → cell and O(1) (province, year, sex) → cell."""

    def __init__(self, size: int, provinces: Sequence[Province]) -> None:
        self.size = size
        self.province_codes: tuple[str, ...] = tuple(p.code for p in provinces)
        self.province_index: dict[str, int] = {c: i for i, c in enumerate(self.province_codes)}
        weights: list[int] = []
        for province in provinces:
            for year in range(FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR + 1):
                w = province.population_thousands * age_weight(REFERENCE_YEAR - year)
                weights.extend((w, w))
        sizes = apportion(size, weights)
        cells: list[Cell] = []
        start = 0
        for p_index, code in enumerate(self.province_codes):
            for year in range(FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR + 1):
                jan1 = date(year, 1, 1).toordinal()
                days = date(year + 1, 1, 1).toordinal() - jan1
                for s_index, sex in enumerate(SEXES):
                    index = cell_index(p_index, year, s_index)
                    cells.append(
                        Cell(index, code, p_index, year, sex, start, sizes[index], jan1, days)
                    )
                    start += sizes[index]
        self.cells: tuple[Cell, ...] = tuple(cells)
        self.starts: list[int] = [c.start for c in cells]
        if max(sizes) > MAX_CELL_SIZE:
            raise ValueError("population too large for the 6-digit serial of the personal number")

    def cell_of(self, ordinal: int) -> Cell:
        """The cell holding `ordinal` (0 <= ordinal < size)."""
        return self.cells[bisect_right(self.starts, ordinal) - 1]

    def lookup(self, province_code: str, birth_year: int, sex: Sex) -> Cell | None:
        p_index = self.province_index.get(province_code)
        if p_index is None or not FIRST_BIRTH_YEAR <= birth_year <= LAST_BIRTH_YEAR:
            return None
        return self.cells[cell_index(p_index, birth_year, 0 if sex == "male" else 1)]
