"""FastAPI dependencies of the population DB app."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Request

from ccvc.clock import get_clock
from mock_dancu.population import Population


def get_app_population(request: Request) -> Population:
    population: Population = request.app.state.population
    return population


def today() -> date:
    """The clock's today (Vietnam time), the default as-of date."""
    return get_clock().today()


PopulationDep = Annotated[Population, Depends(get_app_population)]
