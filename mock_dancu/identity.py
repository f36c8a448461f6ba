"""Resolving a request item's identifiers (SoDinhDanh or SoCMND) to a citizen at a date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from mock_dancu.population import Citizen, InvalidIdentifier, Population

MISSING_IDENTIFIER = InvalidIdentifier(
    "Cần SoDinhDanh hoặc SoCMND", "SoDinhDanh or SoCMND is required"
)


@dataclass(frozen=True, slots=True)
class Resolution:
    citizen: Citizen | None
    """The citizen, None when nobody holds the identifier (or was not yet born at the date)."""
    person_id: str | None
    """The 12-digit number to report back: the citizen's, or the well-formed one submitted."""
    error: InvalidIdentifier | None = None
    old_id_checked: bool | None = None
    """When both numbers were sent: whether the CMND belongs to the same citizen."""


def resolve(
    population: Population, person_id: str | None, old_id: str | None, as_of: date
) -> Resolution:
    """Find the citizen named by a personal number (preferred) or an old CMND number."""
    person_id = person_id.strip() if person_id else None
    old_id = old_id.strip() if old_id else None
    try:
        if person_id:
            citizen = population.by_person_id(person_id)
            if old_id:
                population.ordinal_of_old_id(old_id)  # format check only
        elif old_id:
            citizen = population.by_old_id(old_id)
        else:
            return Resolution(None, None, MISSING_IDENTIFIER)
    except InvalidIdentifier as exc:
        well_formed = person_id if person_id and _looks_valid(population, person_id) else None
        return Resolution(None, well_formed, exc)
    if citizen is not None and not citizen.exists_on(as_of):
        citizen = None
    if citizen is None:
        return Resolution(None, person_id or None)
    checked = citizen.old_id_number == old_id if person_id and old_id else None
    return Resolution(citizen, citizen.person_id, None, checked)


def _looks_valid(population: Population, person_id: str) -> bool:
    try:
        population.parse_person_id(person_id)
    except InvalidIdentifier:
        return False
    return True
