"""The citizen record (immutable, as-of independent) and its as-of dependent views."""

from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple

from mock_dancu.population.cells import Sex

LifeStatus = Literal["alive", "deceased"]


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (29 February → 1 March)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def age_on(born: date, on: date) -> int:
    """Completed years of age on `on`."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class Citizen(NamedTuple):
    """One synthetic citizen. A NamedTuple: cheap to build millions of them."""

    ordinal: int
    person_id: str
    family_name: str
    middle_name: str
    given_name: str
    full_name: str
    date_of_birth: date
    sex: Sex
    ethnicity_code: str
    religion: str
    birth_province: str
    hometown_province: str
    permanent_address: str
    old_id_number: str | None
    date_of_death: date | None

    def exists_on(self, as_of: date) -> bool:
        """Born by `as_of` (a replay of an earlier date does not know later births)."""
        return self.date_of_birth <= as_of

    def is_deceased(self, as_of: date) -> bool:
        return self.date_of_death is not None and self.date_of_death <= as_of

    def life_status(self, as_of: date) -> LifeStatus:
        return "deceased" if self.is_deceased(as_of) else "alive"

    def age(self, as_of: date) -> int:
        """Age at `as_of`; for the deceased, the age reached at death."""
        if self.date_of_death is not None and self.date_of_death <= as_of:
            return age_on(self.date_of_birth, self.date_of_death)
        return age_on(self.date_of_birth, as_of)
