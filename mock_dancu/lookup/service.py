"""Lookup: the registry's own fields for citizens the caller already identifies."""

from __future__ import annotations

from datetime import date

from mock_dancu.identity import resolve
from mock_dancu.lookup.models import (
    FullName,
    LookupItem,
    LookupRequest,
    LookupResponse,
    LookupResult,
)
from mock_dancu.population import Population
from mock_dancu.verification.service import check_batch_size


def lookup_item(population: Population, index: int, item: LookupItem, as_of: date) -> LookupResult:
    resolution = resolve(population, item.person_id, item.old_id, as_of)
    citizen = resolution.citizen
    if resolution.error is not None or citizen is None:
        return LookupResult(
            index=index,
            person_id=resolution.person_id,
            old_id=item.old_id if item.old_id and not item.person_id else None,
            found=False,
            reason=resolution.error.reason if resolution.error is not None else None,
        )
    deceased = citizen.is_deceased(as_of)
    return LookupResult(
        index=index,
        person_id=citizen.person_id,
        old_id=citizen.old_id_number,
        found=True,
        name=FullName(
            family=citizen.family_name,
            middle=citizen.middle_name,
            given=citizen.given_name,
            full=citizen.full_name,
        ),
        date_of_birth=citizen.date_of_birth,
        sex="Nam" if citizen.sex == "male" else "Nữ",
        ethnicity_code=citizen.ethnicity_code,
        religion=citizen.religion,
        hometown_province=citizen.hometown_province,
        permanent_address=citizen.permanent_address,
        life_status="da_mat" if deceased else "con_song",
        date_of_death=citizen.date_of_death if deceased else None,
    )


def lookup(
    population: Population, request: LookupRequest, *, as_of: date, max_batch: int
) -> LookupResponse:
    check_batch_size(len(request.items), max_batch)
    results = [lookup_item(population, i, item, as_of) for i, item in enumerate(request.items)]
    return LookupResponse(
        request_id=request.request_id, as_of=as_of, count=len(results), results=results
    )
