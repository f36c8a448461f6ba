"""Listing and fetching citizens for the sandbox."""

from __future__ import annotations

from datetime import date

from ccvc.codelists import province_by_code
from ccvc.problems import Problem, validation_problem
from mock_dancu.population import CitizenFilter, InvalidIdentifier, Population, scan
from mock_dancu.population.cells import FIRST_BIRTH_YEAR, LAST_BIRTH_YEAR
from mock_dancu.sandbox.models import (
    CitizenFilters,
    CitizenOut,
    CitizenPage,
    PopulationInfo,
    citizen_out,
)

MAX_SCAN = 200_000
"""Walk positions examined per page at most, so rare filters answer quickly."""


def _invalid(field: str, reason: str, message: str, where: str = "query") -> Problem:
    return validation_problem([{"loc": (where, field), "type": reason, "msg": message}])


def list_citizens(
    population: Population, flt: CitizenFilter, *, offset: int, limit: int
) -> CitizenPage:
    if flt.min_age > flt.max_age:
        raise _invalid(
            "min_age",
            "range",
            "min_age must not exceed max_age / min_age không được lớn hơn max_age",
        )
    if flt.province is not None and flt.province not in province_by_code():
        raise _invalid(
            "province",
            "code_list",
            f"unknown province code {flt.province} / mã tỉnh không có trong danh mục",
        )
    result = scan(population, flt, start=offset, limit=limit, max_scan=MAX_SCAN)
    return CitizenPage(
        as_of=flt.as_of,
        count=len(result.citizens),
        next_offset=result.next_position,
        scanned=result.scanned,
        scan_budget_exhausted=result.budget_exhausted,
        filters=CitizenFilters(
            status=flt.status,
            min_age=flt.min_age,
            max_age=flt.max_age,
            province=flt.province,
            sex=flt.sex,
        ),
        citizens=[citizen_out(c, flt.as_of) for c in result.citizens],
    )


def get_citizen(population: Population, person_id: str, as_of: date) -> CitizenOut:
    try:
        citizen = population.by_person_id(person_id)
    except InvalidIdentifier as exc:
        raise _invalid("person_id", "format", exc.reason, "path") from exc
    if citizen is None or not citizen.exists_on(as_of):
        raise Problem(
            404,
            "citizen-not-found",
            "No such citizen in the population database",
            title_vi="Không có công dân này trong CSDLQG về dân cư",
            detail="The personal number is well formed but nobody holds it "
            "/ Số định danh đúng cấu trúc nhưng không thuộc về ai",
        )
    return citizen_out(citizen, as_of)


def population_info(population: Population) -> PopulationInfo:
    return PopulationInfo(
        seed=population.seed,
        size=population.size,
        first_birth_year=FIRST_BIRTH_YEAR,
        last_birth_year=LAST_BIRTH_YEAR,
        provinces=len(population.province_codes),
        personal_number_format="PPP C YY SSSSSS: province of birth registration, century/sex "
        "digit (0/1 = male/female born 1900–1999, 2/3 = 2000–2099), birth year, serial",
        notes=[
            "Synthetic data only: every citizen is derived on demand from (seed, ordinal).",
            "Dữ liệu tổng hợp, không phải dữ liệu thật.",
            "Deaths fall between 2015-01-01 and 2026-10-31; life status is evaluated at as_of.",
            "Old 9-digit CMND numbers exist for citizens born up to 2006.",
        ],
    )
