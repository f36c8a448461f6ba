"""Citizens as the sandbox shows them: the staff record's field names, snake_case."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from mock_dancu.population import Citizen, LifeStatus, Sex, StatusFilter

CITIZEN_EXAMPLE: JsonDict = {
    "person_id": "001085012345",
    "full_name": "Nguyễn Văn Hòa",
    "family_name": "Nguyễn",
    "middle_name": "Văn",
    "given_name": "Hòa",
    "date_of_birth": "1985-03-07",
    "sex": "male",
    "ethnicity_code": "01",
    "religion": "Không",
    "hometown_province": "001",
    "permanent_address": "Số 12, đường Trần Phú, phường An Bình, quận Đông Hải, Hà Nội",
    "life_status": "alive",
    "date_of_death": None,
    "old_id_number": "012345678",
    "age": 41,
}


class CitizenOut(BaseModel):
    """One synthetic citizen (công dân), with the staff record's field names."""

    model_config = ConfigDict(json_schema_extra={"examples": [CITIZEN_EXAMPLE]})

    person_id: str = Field(description="12-digit personal number (số định danh cá nhân).")
    full_name: str = Field(description="Full name (họ và tên), NFC.")
    family_name: str = Field(description="Family name (họ).")
    middle_name: str = Field(description="Middle name (tên đệm).")
    given_name: str = Field(description="Given name (tên).")
    date_of_birth: date = Field(description="Date of birth (ngày sinh).")
    sex: Sex = Field(description="Sex (giới tính): `male` / `female`.")
    ethnicity_code: str = Field(description="Ethnic group code (dân tộc), 01–54.")
    religion: str = Field(description="Religion (tôn giáo); `Không` = none.")
    hometown_province: str = Field(description="Province code of the home town (quê quán).")
    permanent_address: str = Field(description="Permanent residence (nơi thường trú).")
    life_status: LifeStatus = Field(description="`alive` / `deceased` at `as_of`.")
    date_of_death: date | None = Field(description="Date of death (ngày mất), null if none.")
    old_id_number: str | None = Field(
        description="Old 9-digit identity card number (CMND), null for those born after 2006."
    )
    age: int = Field(description="Age at `as_of` (for the deceased: age reached at death).")


def citizen_out(citizen: Citizen, as_of: date) -> CitizenOut:
    deceased = citizen.is_deceased(as_of)
    return CitizenOut(
        person_id=citizen.person_id,
        full_name=citizen.full_name,
        family_name=citizen.family_name,
        middle_name=citizen.middle_name,
        given_name=citizen.given_name,
        date_of_birth=citizen.date_of_birth,
        sex=citizen.sex,
        ethnicity_code=citizen.ethnicity_code,
        religion=citizen.religion,
        hometown_province=citizen.hometown_province,
        permanent_address=citizen.permanent_address,
        life_status="deceased" if deceased else "alive",
        date_of_death=citizen.date_of_death if deceased else None,
        old_id_number=citizen.old_id_number,
        age=citizen.age(as_of),
    )


class CitizenFilters(BaseModel):
    status: StatusFilter
    min_age: int
    max_age: int
    province: str | None
    sex: Sex | None


class CitizenPage(BaseModel):
    """A page of the scrambled walk through the population."""

    as_of: date = Field(description="Date at which ages and life status are evaluated.")
    count: int = Field(description="Number of citizens in this page.")
    next_offset: int | None = Field(
        description="Pass as `offset` for the next page; null when the walk ended or the "
        "scan budget ran out (see `scan_budget_exhausted`)."
    )
    scanned: int = Field(description="Walk positions examined for this page.")
    scan_budget_exhausted: bool = Field(
        description="True when the filters matched too rarely to fill the page within the "
        "scan budget; narrow or change the filters."
    )
    filters: CitizenFilters
    citizens: list[CitizenOut]


class PopulationInfo(BaseModel):
    """How the synthetic population is made (all derived; nothing stored)."""

    seed: int
    size: int
    first_birth_year: int
    last_birth_year: int
    provinces: int
    personal_number_format: str
    notes: list[str]
