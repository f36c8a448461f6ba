"""Sandbox routes: `/sandbox/citizens`, `/sandbox/citizens/{person_id}`, `/sandbox/population`."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path, Query

from mock_dancu.deps import PopulationDep, today
from mock_dancu.openapi import problem_responses
from mock_dancu.population import CitizenFilter, Sex, StatusFilter
from mock_dancu.population.query import DEFAULT_MAX_AGE, DEFAULT_MIN_AGE
from mock_dancu.sandbox import service
from mock_dancu.sandbox.models import CitizenOut, CitizenPage, PopulationInfo

router = APIRouter(prefix="/sandbox", tags=["sandbox"])

AsOfQuery = Annotated[
    date | None,
    Query(
        description="Evaluate ages and life status at this date (yyyy-mm-dd); default today "
        "(the sandbox clock). / Ngày đối chiếu.",
        examples=["2026-11-23"],
    ),
]

LIST_DESCRIPTION = f"""
Walks the synthetic population in a scrambled but fixed order and returns the citizens matching
the filters. **Defaults are for building staff records**: `status=alive`,
`min_age={DEFAULT_MIN_AGE}`, `max_age={DEFAULT_MAX_AGE}` (working age at `as_of`), so `limit=100`
gives 100 living adults of working age. For `status=deceased` the age filters apply to the age
at death.

Page with `offset=next_offset`. At most {service.MAX_SCAN:,} walk positions are examined per page:
rare filters return what was found, with `next_offset` null and `scan_budget_exhausted` true.

Duyệt danh sách công dân tổng hợp (không cần xác thực; dữ liệu tổng hợp). Mặc định: còn sống,
{DEFAULT_MIN_AGE}–{DEFAULT_MAX_AGE} tuổi tại ngày đối chiếu.
"""


@router.get(
    "/citizens",
    summary="List synthetic citizens / Danh sách công dân tổng hợp",
    description=LIST_DESCRIPTION,
    response_model=CitizenPage,
    responses=problem_responses(422),
)
def list_citizens(
    population: PopulationDep,
    as_of: AsOfQuery = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="Page size, 1–1000.")] = 20,
    offset: Annotated[
        int, Query(ge=0, description="Position in the walk to start from (0 = start).")
    ] = 0,
    status: Annotated[
        StatusFilter, Query(description="`alive` (default), `deceased` or `any`, at `as_of`.")
    ] = "alive",
    min_age: Annotated[
        int, Query(ge=0, le=150, description="Youngest age (default 18).")
    ] = DEFAULT_MIN_AGE,
    max_age: Annotated[
        int, Query(ge=0, le=150, description="Oldest age (default 59).")
    ] = DEFAULT_MAX_AGE,
    province: Annotated[
        str | None,
        Query(
            pattern=r"^\d{3}$",
            description="Province code of birth registration (first 3 digits of person_id).",
            examples=["001"],
        ),
    ] = None,
    sex: Annotated[Sex | None, Query(description="`male` or `female`.")] = None,
) -> CitizenPage:
    flt = CitizenFilter(
        as_of=as_of or today(),
        status=status,
        min_age=min_age,
        max_age=max_age,
        province=province,
        sex=sex,
    )
    return service.list_citizens(population, flt, offset=offset, limit=limit)


@router.get(
    "/citizens/{person_id}",
    summary="One synthetic citizen / Một công dân tổng hợp",
    description="The citizen holding this 12-digit personal number. 404 when the number is "
    "well formed but belongs to nobody (or to someone not yet born at `as_of`); 422 when it "
    "is malformed.",
    response_model=CitizenOut,
    responses=problem_responses(404, 422),
)
def get_citizen(
    population: PopulationDep,
    person_id: Annotated[
        str, Path(description="12-digit personal number.", examples=["001085012345"])
    ],
    as_of: AsOfQuery = None,
) -> CitizenOut:
    return service.get_citizen(population, person_id, as_of or today())


@router.get(
    "/population",
    summary="How the population is made / Cách tạo dân số tổng hợp",
    response_model=PopulationInfo,
)
def population_info(population: PopulationDep) -> PopulationInfo:
    return service.population_info(population)
