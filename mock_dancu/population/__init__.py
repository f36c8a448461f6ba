"""The synthetic population: cells, the identifier codecs, citizen derivation and walks.

Public entry points:

- `get_population(seed, size)` → `Population` (cached; built in milliseconds);
- `Population.citizen(ordinal)`, `.by_person_id(id)`, `.by_old_id(cmnd)` → `Citizen`;
- `iter_citizens(population, as_of=…, …)` → every matching citizen once, scrambled order.
"""

from mock_dancu.population.cells import Sex
from mock_dancu.population.citizen import Citizen, LifeStatus, age_on
from mock_dancu.population.codec import InvalidIdentifier
from mock_dancu.population.generator import Population, get_population
from mock_dancu.population.query import CitizenFilter, StatusFilter, iter_citizens, scan

__all__ = [
    "Citizen",
    "CitizenFilter",
    "InvalidIdentifier",
    "LifeStatus",
    "Population",
    "Sex",
    "StatusFilter",
    "age_on",
    "get_population",
    "iter_citizens",
    "scan",
]
