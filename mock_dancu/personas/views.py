"""`GET /sandbox/personas` and `GET /sandbox/personas/{id}`."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from ccvc.problems import Problem
from mock_dancu.deps import PopulationDep, today
from mock_dancu.openapi import problem_responses
from mock_dancu.personas.catalogue import Persona, catalogue_for
from mock_dancu.personas.models import Expected, PersonaCatalogue, PersonaOut, PersonaRecord
from mock_dancu.sandbox.models import citizen_out

router = APIRouter(prefix="/sandbox/personas", tags=["sandbox"])

AsOfQuery = Annotated[
    date | None,
    Query(description="Show the citizens' age and status at this date; default today."),
]


def persona_out(persona: Persona, as_of: date) -> PersonaOut:
    expected = persona.expected
    return PersonaOut(
        id=persona.id,
        title_vi=persona.title_vi,
        title_en=persona.title_en,
        description=persona.description,
        description_vi=persona.description_vi,
        citizen=citizen_out(persona.citizen, as_of) if persona.citizen is not None else None,
        record=PersonaRecord.model_validate(persona.record),
        verification_item=persona.verification_item(),
        expected=Expected(
            verification=expected.verification,
            fields=dict(expected.fields),
            normalisations=list(expected.normalisations),
            hints=dict(expected.hints),
            person_id=expected.person_id,
            date_of_death=expected.date_of_death,
        ),
    )


@router.get(
    "",
    summary="Test personas / Các tình huống kiểm thử",
    description="Documented personas: for each, the citizen it is built on, the identity "
    "fields to put in a staff record (`record`, or `verification_item` in the wire format) and "
    "the answer the verification service gives (`expected`). The catalogue depends only on the "
    "population's seed and size: identical across restarts and machines.",
    response_model=PersonaCatalogue,
    responses=problem_responses(422),
)
def list_personas(population: PopulationDep, as_of: AsOfQuery = None) -> PersonaCatalogue:
    day = as_of or today()
    personas = [persona_out(p, day) for p in catalogue_for(population.seed, population.size)]
    return PersonaCatalogue(
        as_of=day,
        population_seed=population.seed,
        population_size=population.size,
        count=len(personas),
        personas=personas,
    )


@router.get(
    "/{persona_id}",
    summary="One test persona / Một tình huống kiểm thử",
    response_model=PersonaOut,
    responses=problem_responses(404, 422),
)
def get_persona(
    population: PopulationDep,
    persona_id: Annotated[str, Path(description="Persona id.", examples=["exact-match"])],
    as_of: AsOfQuery = None,
) -> PersonaOut:
    for persona in catalogue_for(population.seed, population.size):
        if persona.id == persona_id:
            return persona_out(persona, as_of or today())
    raise Problem(
        404,
        "persona-not-found",
        "No such persona",
        title_vi="Không có tình huống này",
        detail=f"unknown persona {persona_id!r}; see GET /sandbox/personas",
    )
